// Every page, in Finnish and Swedish, checked with axe-core (WCAG 2.1 A and AA)
// plus the page structure a keyboard or screen-reader user relies on:
// <html lang> of the page's language, one <h1>, a <main> landmark, and a skip
// link as the first thing the Tab key reaches.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launchBrowser, login, runAxe, formatViolations, latestResetToken, url, ACCOUNTS,
} from './lib.mjs';

const LANGS = ['fi', 'sv'];

// who: null = not logged in, 'admin' = logged in as the demo admin (who may see every page).
// act: what the person does on the page before it is checked; status: the HTTP status expected.
const PAGES = [
  { name: 'front page', path: '/' },
  { name: 'news list', path: '/news' },
  { name: 'news item', path: '/news/1' },
  { name: 'publish news form', path: '/news/new', who: 'admin' },
  { name: 'login', path: '/login' },
  { name: 'login, wrong password', path: '/login', status: 400, act: async (page) => {
    await page.locator('input[name="email"]').fill(ACCOUNTS.resident);
    await page.locator('input[name="password"]').fill('not-the-password');
    return submit(page);
  } },
  { name: 'register', path: '/register' },
  { name: 'register, submitted empty', path: '/register', status: 400, act: submit },
  { name: 'password reset request', path: '/password-reset' },
  { name: 'password reset request, sent', path: '/password-reset', act: async (page) => {
    await page.locator('input[name="email"]').fill(ACCOUNTS.resident);
    return submit(page);
  } },
  { name: 'choose a new password', path: (ctx) => `/password-reset/${ctx.token}` },
  { name: 'own account', path: '/account', who: 'admin' },
  { name: 'staff accounts', path: '/admin/users', who: 'admin' },
  { name: 'staff account', path: '/admin/users/2', who: 'admin' },
  { name: 'audit log', path: '/admin/audit', who: 'admin' },
  { name: 'page not found', path: '/nothing-here', status: 404 },
];

// Submits the page's main form and waits for the page that answers it.
async function submit(page) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await page.locator('main form button[type="submit"]').click();
  return nav;
}

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

for (const lang of LANGS) {
  describe(`accessibility, ${lang}`, () => {
    const ctx = {};
    let anon, admin;

    before(async () => {
      // axe-core goes in as an inline script, which the site's CSP rightly forbids.
      anon = await browser.newContext({ bypassCSP: true });
      admin = await browser.newContext({ bypassCSP: true });
      const lp = await admin.newPage();
      await login(lp, lang, ACCOUNTS.admin);
      await lp.close();
      // A real reset link, asked for through the form like a person would.
      const page = await anon.newPage();
      await page.goto(url(`/${lang}/password-reset`));
      await page.locator('input[name="email"]').fill(ACCOUNTS.resident);
      await submit(page);
      await page.close();
      ctx.token = await latestResetToken(ACCOUNTS.resident);
    });
    after(async () => {
      await anon?.close();
      await admin?.close();
    });

    for (const p of PAGES) {
      test(`${lang}: ${p.name}`, async () => {
        const context = p.who === 'admin' ? admin : anon;
        const page = await context.newPage();
        try {
          const path = `/${lang}${typeof p.path === 'function' ? p.path(ctx) : p.path}`;
          let resp = await page.goto(url(path));
          if (p.act) resp = await p.act(page);
          const problems = [];
          const status = resp ? resp.status() : 0;
          if (status !== (p.status || 200)) problems.push(`HTTP status ${status}, expected ${p.status || 200}`);
          if (new URL(page.url()).pathname !== path) problems.push(`ended up on ${page.url()} instead of ${path}`);

          const shape = await page.evaluate(() => ({
            lang: document.documentElement.getAttribute('lang'),
            h1: document.querySelectorAll('h1').length,
            main: document.querySelectorAll('main, [role="main"]').length,
            mainId: document.querySelector('main')?.id || '',
            summaryFocused: !!document.activeElement?.matches('.error-summary'),
            hasSummary: !!document.querySelector('.error-summary[tabindex]'),
          }));
          if (shape.lang !== lang) problems.push(`<html lang="${shape.lang}">, expected "${lang}"`);
          if (shape.h1 !== 1) problems.push(`${shape.h1} <h1> elements, expected exactly 1`);
          if (shape.main !== 1) problems.push(`${shape.main} main landmarks, expected exactly 1`);
          // site.js moves focus to an error summary, so a screen reader announces it first.
          if (shape.hasSummary && !shape.summaryFocused) problems.push('the error summary did not get focus');

          // The skip link is the first stop of the Tab key from the top of the page.
          if (shape.summaryFocused) {
            await page.evaluate(() => {
              document.body.tabIndex = -1;
              document.body.focus();
              document.body.removeAttribute('tabindex');
            });
          }
          await page.keyboard.press('Tab');
          const first = await page.evaluate(() => {
            const el = document.activeElement;
            return { tag: el?.tagName, cls: el?.className || '', href: el?.getAttribute('href') || '', text: (el?.textContent || '').trim() };
          });
          if (first.tag !== 'A' || !first.cls.split(/\s+/).includes('skip-link')) {
            problems.push(`Tab first reached <${(first.tag || '').toLowerCase()} class="${first.cls}"> "${first.text}", not the skip link`);
          } else if (first.href !== `#${shape.mainId}` || !shape.mainId) {
            problems.push(`the skip link points to ${first.href}, but <main> has id "${shape.mainId}"`);
          }

          // With the skip link focused and visible, so its focus style is checked too.
          const violations = await runAxe(page);
          if (violations.length) problems.push(`axe-core found ${violations.length} violation(s):\n${formatViolations(violations)}`);

          assert.ok(problems.length === 0, `${path}:\n- ${problems.join('\n- ')}`);
        } finally {
          await page.close();
        }
      });
    }
  });
}
