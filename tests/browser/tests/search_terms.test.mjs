// Staff teach the resident search a new word: the search-terms page passes
// axe in Finnish and Swedish, an empty term is refused beside the field, and
// a synonym added through the form makes a resident's inflected search find
// the service. Expected texts come from the catalogs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

for (const lang of ['fi', 'sv']) {
  test(`${lang}: the search-terms page and its error state pass axe`, async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await login(page, lang, ACCOUNTS.staff);
    await page.goto(url(`/${lang}/staff/search-terms`));
    assert.equal(await page.locator('h1').textContent(), t(lang, 'Search terms for services'));
    let violations = await runAxe(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    await page.locator('#f-term').fill('');
    await page.locator('main form button[type="submit"]').first().click();
    await page.waitForLoadState();
    assert.match(await page.locator('#f-term-error').textContent(), new RegExp(t(lang, 'Enter a search term.')));
    violations = await runAxe(page);
    assert.deepEqual(violations, [], formatViolations(violations));
    await context.close();
  });
}

test('fi: a synonym added by staff is found by a resident in an inflected form', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url('/fi/services?q=arkiapuneuvontaa'));
  assert.equal(await page.locator('h3', { hasText: 'Perheneuvola' }).count(), 0);
  await login(page, 'fi', ACCOUNTS.staff);
  await page.goto(url('/fi/staff/search-terms'));
  await page.locator('#f-service').selectOption('family-counselling');
  await page.locator('#f-term').fill('arkiapuneuvonta');
  await page.locator('main form button[type="submit"]').first().click();
  await page.waitForURL(/saved=1/);
  const resident = await (await browser.newContext()).newPage();
  await resident.goto(url('/fi/services?q=arkiapuneuvontaa'));
  assert.equal(await resident.locator('h3', { hasText: 'Perheneuvola' }).count(), 1);
  await context.close();
});
