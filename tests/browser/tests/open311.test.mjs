// Open311 API keys: the admin page in Finnish and Swedish checked with axe-core
// (empty, after a mistake, with a new key shown), and an admin issuing and
// revoking a key through the page. Expected texts come from po/*.po.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

async function checkPage(page, lang, what) {
  const problems = [];
  const shape = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
  }));
  if (shape.lang !== lang) problems.push(`<html lang="${shape.lang}">, expected "${lang}"`);
  if (shape.h1 !== 1) problems.push(`${shape.h1} <h1> elements, expected exactly 1`);
  if (shape.main !== 1) problems.push(`${shape.main} main landmarks, expected exactly 1`);
  const violations = await runAxe(page);
  if (violations.length) problems.push(`axe-core found ${violations.length} violation(s):\n${formatViolations(violations)}`);
  assert.ok(problems.length === 0, `${what}:\n- ${problems.join('\n- ')}`);
}

for (const lang of ['fi', 'sv']) {
  describe(`Open311 API keys, ${lang}`, () => {
    let context, page;
    before(async () => {
      context = await browser.newContext({ bypassCSP: true });   // axe goes in as an inline script
      page = await context.newPage();
      await login(page, lang, ACCOUNTS.admin);
    });
    after(async () => { await context?.close(); });

    test(`${lang}: the page passes axe`, async () => {
      const resp = await page.goto(url(`/${lang}/admin/api-keys`));
      assert.equal(resp.status(), 200);
      await page.getByRole('heading', { level: 1, name: t(lang, 'Open311 API keys') }).waitFor();
      await checkPage(page, lang, `/${lang}/admin/api-keys`);
    });

    test(`${lang}: a key without a name is refused beside the field`, async () => {
      await page.goto(url(`/${lang}/admin/api-keys`));
      const resp = await clickAndWait(page, page.locator('main').getByRole('button', { name: t(lang, 'Create the key') }));
      assert.equal(resp.status(), 400);
      const message = t(lang, 'Enter a name or purpose for the key.');
      const field = page.locator('.field', { has: page.locator('input[name="name"]') });
      await field.locator('.field-error').getByText(message).waitFor();
      assert.equal(await page.locator('input[name="name"]').getAttribute('aria-invalid'), 'true');
      await page.locator('.error-summary').getByRole('link', { name: message }).waitFor();
      await checkPage(page, lang, `/${lang}/admin/api-keys, submitted empty`);
    });

    test(`${lang}: an admin issues a key, sees it once, and revokes it`, async () => {
      const name = `Testijärjestelmä ${lang} ${Date.now()}`;
      await page.goto(url(`/${lang}/admin/api-keys`));
      await page.getByLabel(t(lang, 'Name or purpose')).fill(name);
      const resp = await clickAndWait(page, page.locator('main').getByRole('button', { name: t(lang, 'Create the key') }));
      assert.equal(resp.status(), 201);
      await page.getByRole('heading', { name: t(lang, 'The new API key') }).waitFor();
      const key = await page.getByLabel(t(lang, 'API key'), { exact: true }).inputValue();
      assert.match(key, /^k311_[A-Za-z0-9_-]{40,}$/);
      await checkPage(page, lang, `/${lang}/admin/api-keys, new key shown`);

      // The key works with the Open311 interface, without a session or a CSRF token.
      const services = await (await fetch(url('/open311/v2/services.json'))).json();
      assert.ok(Array.isArray(services));
      if (services.length) {
        const post = await fetch(url('/open311/v2/requests.json'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ api_key: key, service_code: services[0].service_code, description: 'Selaintesti' }),
        });
        assert.equal(post.status, 201);
      }

      // Shown once: a fresh look at the list has the name but not the key.
      await page.goto(url(`/${lang}/admin/api-keys`));
      const row = page.locator('tr', { hasText: name });
      await row.waitFor();
      assert.equal((await page.content()).includes(key), false);

      await clickAndWait(page, row.getByRole('button', { name: t(lang, 'Revoke') }));
      await page.getByText(t(lang, 'The API key was revoked.')).waitFor();
      await page.locator('tr', { hasText: name }).getByText(t(lang, 'Revoked')).waitFor();
      await checkPage(page, lang, `/${lang}/admin/api-keys, after revoking`);

      const refused = await fetch(url('/open311/v2/requests.json'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ api_key: key, service_code: 'x', description: 'Selaintesti' }),
      });
      assert.equal(refused.status, 403);
      const errors = await refused.json();
      assert.equal(errors[0].code, 403);
    });
  });
}
