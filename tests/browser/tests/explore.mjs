import { launchBrowser, login, runAxe, formatViolations, url, ACCOUNTS } from './lib.mjs';
const browser = await launchBrowser();
const paths = ['/', '/news', '/news/1', '/news/new', '/login', '/register', '/password-reset', '/account', '/admin/users', '/admin/users/2', '/admin/audit', '/nothing-here'];
for (const width of [640, 320]) {
  const ctx = await browser.newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 2, bypassCSP: true });
  const p = await ctx.newPage(); await login(p, 'sv', ACCOUNTS.admin);
  for (const path of paths) {
    await p.goto(url('/sv' + path));
    const r = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    if (r[0] > r[1]) console.log('overflow', width, path, r);
  }
  await ctx.close();
}
const ctx = await browser.newContext({ bypassCSP: true });
const p = await ctx.newPage(); await login(p, 'en', ACCOUNTS.admin);
for (const path of paths) {
  await p.goto(url('/en' + path));
  const v = await runAxe(p);
  if (v.length) console.log('en', path, formatViolations(v));
  const v2 = await p.evaluate(async () => (await axe.run(document, {runOnly:{type:'tag', values:['wcag22aa','best-practice']}})).violations.map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).join(', ')));
  if (v2.length) console.log('bp', path, v2);
}
await browser.close();
