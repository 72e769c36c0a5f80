// Equal access, management side: staff import a service and a service location
// in Raasepori (bilingual) from a PTV file, set the offer to Finnish only in
// the offer form, and see the gap matrix flag the service as not available in
// Swedish. The matrix, the cell, the offer form, the history and the import
// page pass axe-core in Finnish and Swedish. Expected texts come from po/*.po.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS } from './lib.mjs';

const SERVICE_ID = 'b7e0c1a2-0000-4000-8000-0000000000e1';
const POINT_ID = 'b7e0c1a2-0000-4000-8000-0000000000e2';
const SERVICE_FI = 'Puheterapia (selaintesti)';
const PTV_FILE = JSON.stringify({
  services: [{
    id: SERVICE_ID,
    serviceNames: [{ language: 'fi', value: SERVICE_FI, type: 'Name' }, { language: 'sv', value: 'Talterapi (webbläsartest)', type: 'Name' }],
    serviceDescriptions: [{ language: 'fi', value: 'Puheen ja kielen kuntoutus.', type: 'Summary' }],
  }],
  serviceChannels: [{
    id: POINT_ID,
    serviceChannelType: 'ServiceLocation',
    serviceChannelNames: [{ language: 'fi', value: 'Tammisaaren puheterapia', type: 'Name' }, { language: 'sv', value: 'Ekenäs talterapi', type: 'Name' }],
    addresses: [{ type: 'Location', streetAddress: { street: [{ language: 'fi', value: 'Sairaalakatu 3' }], postalCode: '10600', municipality: { code: '710' } } }],
    serviceHours: [{ serviceHourType: 'DaysOfTheWeek', openingHour: [{ dayFrom: 'Monday', dayTo: 'Friday', from: '08:00', to: '16:00' }] }],
  }],
});

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

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

async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

describe('equal access: a missing Swedish service is flagged', () => {
  let context, page;
  before(async () => {
    context = await browser.newContext({ bypassCSP: true });
    page = await context.newPage();
    await login(page, 'fi', ACCOUNTS.staff);
  });
  after(async () => { await context?.close(); });

  test('fi: import the file, offer in Finnish only, see the flag', async () => {
    await page.goto(url('/fi/staff/equal-access/import'));
    await page.locator('input[name="file"]').setInputFiles({ name: 'ptv.json', mimeType: 'application/json', buffer: Buffer.from(PTV_FILE) });
    let resp = await clickAndWait(page, page.locator('main form').getByRole('button', { name: t('fi', 'Import') }));
    assert.equal(resp.status(), 200);
    await page.getByText(t('fi', 'The file was imported.')).waitFor();
    await checkPage(page, 'fi', '/fi/staff/equal-access/import, after an import');

    await page.goto(url(`/fi/staff/equal-access/offers/ptv-${SERVICE_ID}/ptv-${POINT_ID}`));
    await checkPage(page, 'fi', 'the offer form');
    await page.getByLabel(t('fi', 'Level of the offer')).selectOption('by_appointment');
    await page.getByLabel(t('fi', 'Finnish'), { exact: true }).check();
    await page.getByLabel(t('fi', 'Swedish'), { exact: true }).uncheck();
    await page.getByLabel(t('fi', 'Reason for the change (shown in the history)')).fill('Selaintesti');
    resp = await clickAndWait(page, page.locator('main form').getByRole('button', { name: t('fi', 'Save the offer') }));
    assert.equal(resp.status(), 200);
    await page.getByText(t('fi', 'The offer was saved and the change recorded in the history.')).waitFor();
    await checkPage(page, 'fi', 'the cell page after saving');

    resp = await page.goto(url('/fi/staff/equal-access'));
    assert.equal(resp.status(), 200);
    const row = page.locator('table.eq-matrix tbody tr', { has: page.getByRole('rowheader', { name: SERVICE_FI }) });
    await row.waitFor();
    const headers = await page.locator('table.eq-matrix thead th').allTextContents();
    const col = headers.findIndex((h) => h.startsWith('Raasepori'));
    assert.ok(col > 0, 'Raasepori has a column');
    const cell = row.locator('th, td').nth(col);
    const text = await cell.textContent();
    assert.ok(text.includes(t('fi', 'Not in Swedish')), `the Raasepori cell says ${text}`);
    assert.ok(text.includes(t('fi', 'On site by appointment')), `the Raasepori cell says ${text}`);
    await checkPage(page, 'fi', '/fi/staff/equal-access');
  });

  for (const lang of ['fi', 'sv']) {
    test(`${lang}: matrix, history and import pages pass axe`, async () => {
      for (const path of ['/staff/equal-access', '/staff/equal-access/history', '/staff/equal-access/import',
        '/staff/equal-access/cells/ptv-' + SERVICE_ID + '/710']) {
        const resp = await page.goto(url(`/${lang}${path}`));
        assert.equal(resp.status(), 200, path);
        await checkPage(page, lang, `/${lang}${path}`);
      }
      await page.goto(url(`/${lang}/staff/equal-access/history`));
      await page.getByRole('cell', { name: 'Selaintesti', exact: true }).waitFor();
      await page.goto(url(`/${lang}/staff/equal-access`));
      if (lang === 'sv') {
        const row = page.locator('table.eq-matrix tbody tr', { has: page.getByRole('rowheader', { name: 'Talterapi (webbläsartest)' }) });
        await row.getByText(t('sv', 'Not in Swedish')).first().waitFor();
      }
    });

    test(`${lang}: an import without a file is refused beside the field`, async () => {
      await page.goto(url(`/${lang}/staff/equal-access/import`));
      const resp = await clickAndWait(page, page.locator('main form').getByRole('button', { name: t(lang, 'Import') }));
      assert.equal(resp.status(), 400);
      const message = t(lang, 'Choose a JSON file to import.');
      await page.locator('.field-error').getByText(message).waitFor();
      await page.locator('.error-summary').getByRole('link', { name: message }).waitFor();
      await checkPage(page, lang, `/${lang}/staff/equal-access/import, without a file`);
    });

    test(`${lang}: a bad offer keeps the input and shows the error`, async () => {
      await page.goto(url(`/${lang}/staff/equal-access/offers/ptv-${SERVICE_ID}/ptv-${POINT_ID}`));
      await page.getByLabel(t(lang, 'Level of the offer')).selectOption('weekly_days');
      await page.locator('input[name="weekdays"]').fill('9');
      const resp = await clickAndWait(page, page.locator('main form').getByRole('button', { name: t(lang, 'Save the offer') }));
      assert.equal(resp.status(), 400);
      assert.equal(await page.locator('input[name="weekdays"]').inputValue(), '9');
      await page.locator('.field-error').getByText(t(lang, 'Enter the weekdays as numbers 1–7 separated by commas, for example 2,4.')).waitFor();
      await checkPage(page, lang, `/${lang} offer form with an error`);
    });
  }
});
