// Survey results and service-point satisfaction in a real browser: staff
// create a satisfaction survey for a service point through the form and get
// its poster with a QR code and short link; ten people answer it (six in
// Finnish, two in Swedish through the short link, two in English); the
// results page shows the right counts and hides the language groups with
// fewer than 5 answers; the CSV and the XLSX hold the same numbers (the XLSX
// is unzipped here with node's zlib). Every page of the feature passes
// axe-core in Finnish and Swedish. Expected texts come from po/*.po.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS } from './lib.mjs';

const POINT = 'lohja-family';
const SLUG = `satisfaction-${POINT}-video`;
// answers to "how likely would you recommend": 10 x3, 9 x2, 8, 7, 6, 3, 0
const ANSWERS = [
  { lang: 'fi', v: 10 }, { lang: 'fi', v: 10 }, { lang: 'fi', v: 9 }, { lang: 'fi', v: 8 }, { lang: 'fi', v: 6 },
  { lang: 'fi', v: 3 }, { lang: 'sv', v: 9 }, { lang: 'sv', v: 10 }, { lang: 'en', v: 7 }, { lang: 'en', v: 0 },
];

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

// RFC 4180: fields, quotes doubled, records end with CRLF.
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'the CSV starts with a byte order mark');
  const rows = [];
  let i = 1, field = '', row = [];
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i += 2; } else if (text[i] === '"') { i++; break; } else field += text[i++];
      }
    } else if (c === ',') { row.push(field); field = ''; i++; } else if (c === '\r') {
      assert.equal(text[i + 1], '\n', 'records end with CRLF');
      row.push(field); rows.push(row); row = []; field = ''; i += 2;
    } else { field += c; i++; }
  }
  return rows;
}

// The files of a zip archive (an XLSX) from its central directory.
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'the XLSX is a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const files = new Map();
  for (let k = 0; k < count; k++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10), size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const unxml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

// Sheet 1 as rows of cell texts keyed by column letter.
function sheetRows(files) {
  const strings = [...files.get('xl/sharedStrings.xml').matchAll(/<si>(.*?)<\/si>/gs)]
    .map((m) => unxml([...m[1].matchAll(/<t[^>]*>(.*?)<\/t>/gs)].map((x) => x[1]).join('')));
  const rows = [];
  for (const r of files.get('xl/worksheets/sheet1.xml').matchAll(/<row [^>]*>(.*?)<\/row>/gs)) {
    const row = {};
    for (const c of r[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*)>(?:<v>(.*?)<\/v>)?<\/c>/gs)) {
      row[c[1]] = /t="s"/.test(c[2]) ? strings[Number(c[3])] : c[3];
    }
    rows.push(row);
  }
  return rows;
}

describe('service-point satisfaction: poster, answers, results and exports', () => {
  let context, page, resultsPath, shortUrl;
  before(async () => {
    context = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
    page = await context.newPage();
    await login(page, 'fi', ACCOUNTS.staff);
  });
  after(async () => { await context?.close(); });

  test('staff create the survey and get a poster with a QR code and short link', async () => {
    await page.goto(url('/fi/staff/satisfaction'));
    await checkPage(page, 'fi', 'satisfaction overview (fi)');
    await page.locator('#point').selectOption({ label: 'Lohjan perhekeskus' });
    await page.locator('#channel-video').check();
    await clickAndWait(page, page.getByRole('button', { name: t('fi', 'Create the survey and its poster') }));
    assert.match(new URL(page.url()).pathname, new RegExp(`/fi/staff/satisfaction/${POINT}/poster$`));
    assert.equal(await page.locator('h1').textContent(), t('fi', 'How did we do?'));
    assert.equal(await page.locator('.poster-qr svg path').count(), 1);
    shortUrl = (await page.locator('.short-url').textContent()).trim();
    assert.match(shortUrl, /\/p\/[2-9a-hjkmnp-z]{6}$/);
    await checkPage(page, 'fi', 'poster (fi)');
    await page.goto(url(`/sv/staff/satisfaction/${POINT}/poster?channel=video`));
    await checkPage(page, 'sv', 'poster (sv)');
  });

  test('ten people answer, two through the short link in Swedish', async () => {
    for (const lang of ['fi', 'sv', 'en']) {
      const ctx = await browser.newContext({ bypassCSP: true, locale: lang === 'sv' ? 'sv-FI' : lang === 'en' ? 'en-GB' : 'fi-FI' });
      const p = await ctx.newPage();
      for (const a of ANSWERS.filter((x) => x.lang === lang)) {
        if (lang === 'sv') {
          await p.goto(shortUrl.replace(/^https?:\/\/[^/]+/, url('')));
          assert.equal(new URL(p.url()).pathname, `/sv/surveys/${SLUG}`);
        } else {
          await p.goto(url(`/${lang}/surveys/${SLUG}`));
        }
        await p.locator(`.survey-scale input[type="radio"][value="${a.v}"]`).check();
        await clickAndWait(p, p.locator('button[name="action"][value="next"]'));
        assert.match(new URL(p.url()).pathname, /\/thanks$/);
      }
      await ctx.close();
    }
  });

  test('the results page counts right and hides language groups under 5 answers', async () => {
    await page.goto(url(`/fi/staff/satisfaction/${POINT}`));
    await checkPage(page, 'fi', 'service point trend (fi)');
    resultsPath = new URL(await page.locator('main a', { hasText: t('fi', 'Results') }).first().getAttribute('href'), url('/')).pathname;
    await page.goto(url(resultsPath));
    assert.equal(await page.locator('#respondents').textContent(), '10');
    const q1 = page.locator('section.results-question').first();
    const cells = async (label) => q1.locator('table.results-table tr', { has: page.locator(`th:text-is("${label}")`) }).locator('td').allTextContents();
    assert.deepEqual(await cells('10 – Erittäin todennäköisesti'), ['3', '30,0 %']);
    assert.deepEqual(await cells('9'), ['2', '20,0 %']);
    assert.deepEqual(await cells('0 – En lainkaan todennäköisesti'), ['1', '10,0 %']);
    assert.equal(await q1.locator('.nps-score').textContent(), '20');   /* 50 % promoters - 30 % detractors */
    await checkPage(page, 'fi', 'results (fi)');

    await page.locator('#by').selectOption('lang');
    await clickAndWait(page, page.getByRole('button', { name: t('fi', 'Show'), exact: true }));
    assert.match(page.url(), /[?&]by=lang/);
    const table = q1.locator('table.breakdown-table');
    const row = (label) => table.locator('tr', { has: page.locator(`th:text-is("${label}")`) });
    assert.equal(await row(t('fi', 'Finnish')).locator('td.count').textContent(), '6');
    assert.equal(await row(t('fi', 'Swedish')).locator('td').textContent(), t('fi', 'fewer than 5 answers'));
    assert.equal(await row(t('fi', 'English')).locator('td').textContent(), t('fi', 'fewer than 5 answers'));
    assert.equal(await row(t('fi', 'Swedish')).locator('td.count').count(), 0);
    await checkPage(page, 'fi', 'results by language (fi)');
    await page.goto(url(resultsPath.replace(/^\/fi\//, '/sv/') + '?by=lang'));
    await checkPage(page, 'sv', 'results by language (sv)');
  });

  test('the CSV and the XLSX hold the numbers of the page', async () => {
    const csvRes = await context.request.get(url(resultsPath + '.csv?by=lang'));
    assert.equal(csvRes.status(), 200);
    const rows = parseCsv(await csvRes.text());
    const all = t('fi', 'All');
    const find = (group, answer) => rows.find((r) => r[0] === '1' && r[2] === group && r[3] === answer);
    assert.deepEqual(find(all, '10 – Erittäin todennäköisesti').slice(4, 7), ['3', '30.0', '10']);
    assert.deepEqual(find(all, '9').slice(4, 7), ['2', '20.0', '10']);
    assert.deepEqual(find(t('fi', 'Finnish'), '10 – Erittäin todennäköisesti').slice(4, 7), ['2', '33.3', '6']);
    const hidden = rows.find((r) => r[0] === '1' && r[2] === t('fi', 'Swedish'));
    assert.deepEqual(hidden.slice(3), ['', '', '', '', '', t('fi', 'fewer than 5 answers')]);
    const nps = rows.find((r) => r[0] === '1' && r[2] === all && r[3] === t('fi', 'Net Promoter Score'));
    assert.equal(nps[7], '20');

    const xlsxRes = await context.request.get(url(resultsPath + '.xlsx?by=lang'));
    assert.equal(xlsxRes.status(), 200);
    const sheet = sheetRows(unzip(await xlsxRes.body()));
    assert.equal(sheet[0].A, t('fi', 'Question number'));
    const x = sheet.find((r) => r.A === '1' && r.C === all && r.D === '10 – Erittäin todennäköisesti');
    assert.ok(x, 'the XLSX has the row of answer 10');
    assert.deepEqual([x.E, x.F, x.G], ['3', '30', '10']);
    const xs = sheet.find((r) => r.A === '1' && r.C === t('fi', 'Swedish'));
    assert.equal(xs.E, undefined);
    assert.equal(xs.I, t('fi', 'fewer than 5 answers'));
    // the same numbers as the CSV, row by row
    for (const r of rows.slice(1)) {
      const m = sheet.find((s) => s.A === r[0] && s.C === r[2] && (s.D ?? '') === r[3]);
      assert.ok(m, `XLSX row for ${r.slice(0, 4).join(' / ')}`);
      assert.equal(m.E ?? '', r[4]);
      if (r[5] !== '') assert.equal(Number(m.F), Number(r[5]));
    }
  });

  test('published results and the satisfaction pages pass axe in Finnish and Swedish', async () => {
    await page.goto(url(resultsPath));
    await clickAndWait(page, page.getByRole('button', { name: t('fi', 'Publish the results') }));
    for (const lang of ['fi', 'sv']) {
      const anon = await browser.newContext({ bypassCSP: true });
      const p = await anon.newPage();
      const res = await p.goto(url(`/${lang}/surveys/${SLUG}/results`));
      assert.equal(res.status(), 200);
      await checkPage(p, lang, `public results (${lang})`);
      await anon.close();
      await page.goto(url(`/${lang}/staff/satisfaction?period=week`));
      await checkPage(page, lang, `satisfaction overview by week (${lang})`);
      await page.goto(url(`/${lang}/staff/satisfaction/${POINT}?period=month`));
      await checkPage(page, lang, `service point trend by month (${lang})`);
    }
    await page.goto(url('/sv/staff/satisfaction'));
    await page.locator('#channel-phone').check();
    const nav = page.waitForNavigation({ waitUntil: 'load' });
    await page.getByRole('button', { name: t('sv', 'Create the survey and its poster') }).click();
    const res = await nav;
    assert.equal(res.status(), 400);
    assert.equal(await page.locator('#point-error').isVisible(), true);
    await checkPage(page, 'sv', 'satisfaction form with an error (sv)');
  });
});
