// Service directory: a Swedish-speaking resident looks for family counselling
// in Swedish in Raseborg, finds the family centre with its open-now status and
// a tap-to-call link, and opens the service point page. axe-core on every
// directory page in Finnish and Swedish; the point page's JSON-LD must not
// make the browser report a Content-Security-Policy problem.
// Expected texts come from po/*.po, never retyped here.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, t, url, runAxe, formatViolations } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function newContext(options = {}) {
  const context = await browser.newContext(options);
  context.problems = [];
  context.on('page', (page) => {
    page.on('pageerror', (err) => context.problems.push(`script error on ${page.url()}: ${err.message}`));
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) context.problems.push(`${page.url()}: ${msg.text()}`);
    });
  });
  return context;
}

async function closeContext(context) {
  if (!context) return;
  const problems = context.problems;
  await context.close();
  assert.deepEqual(problems, [], 'the browser reported problems');
}

async function assertAxeClean(page, what) {
  const v = await runAxe(page);
  assert.equal(v.length, 0, `axe violations on ${what} (${page.url()}):\n${formatViolations(v)}`);
}

async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

// The open-now line starts with one of these, whatever the time is.
function statusStarts(lang) {
  return [t(lang, 'Closed now'), t(lang, 'Open now, until {time}').split('{time}')[0],
    t(lang, 'Open now, around the clock'), t(lang, 'Opening hours are not available.')];
}

describe('finding family counselling in Swedish in Raseborg', () => {
  let context, page, pointUrl;

  before(async () => {
    const res = await fetch(url('/api/v1/services?limit=1'));
    const total = (await res.json()).total;
    assert.ok(total > 0, 'no directory demo data: src/demo/demo.c must call directory_demo_load()');
    // axe is injected as a script, so this context bypasses the CSP
    context = await newContext({ bypassCSP: true });
    page = await context.newPage();
  });
  after(async () => closeContext(context));

  test('the search page is accessible in Finnish and Swedish', async () => {
    for (const lang of ['fi', 'sv']) {
      await page.goto(url(`/${lang}/services`));
      assert.equal(await page.locator('h1').textContent(), t(lang, 'Find a service'));
      assert.ok(await page.getByRole('link', { name: lang === 'sv' ? 'Familjerådgivning' : 'Perheneuvola' }).count() > 0);
      await assertAxeClean(page, `find a service (${lang})`);
    }
  });

  test('the resident searches in Swedish, limited to Raseborg and service in Swedish', async () => {
    await page.goto(url('/sv/services'));
    await page.getByLabel(t('sv', 'What do you need?')).fill('familjerådgivningen');
    await page.getByLabel(t('sv', 'Municipality')).selectOption('710');
    await page.getByLabel(t('sv', 'Language of service')).selectOption('sv');
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Search'), exact: true }));
    const u = new URL(page.url());
    assert.equal(u.pathname, '/sv/services');
    assert.equal(u.searchParams.get('municipality'), '710');
    const service = page.locator('section.service-result', { has: page.getByRole('heading', { name: 'Familjerådgivning' }) });
    assert.equal(await service.count(), 1);
    // the nearest point first: the family centre in Ekenäs
    const first = service.locator('li.point-result').first();
    assert.equal((await first.locator('h4').textContent()).trim(), 'Familjecentret i Raseborg');
    const status = (await first.locator('.open-status').textContent()).trim();
    assert.ok(statusStarts('sv').some((s) => status.startsWith(s)), `open-now status: ${status}`);
    const tel = first.locator('a[href^="tel:+358"]');
    assert.ok(await tel.count() > 0, 'a tap-to-call link');
    assert.match(await tel.first().textContent(), /^0\d{2} \d{3} \d{4}$/);
    // a point that gives the service only in Finnish is not shown
    assert.equal(await page.getByText('Raseborgs social- och hälsocentral').count(), 0);
    await assertAxeClean(page, 'search results (sv)');
    pointUrl = new URL(await first.locator('h4 a').getAttribute('href'), url('/')).pathname;
    await page.goto(url(pointUrl.replace('/sv/', '/fi/')));
    await assertAxeClean(page, 'service point (fi)');
    await page.goto(url(pointUrl));
    await assertAxeClean(page, 'service point (sv)');
    assert.equal(await page.locator('h1').textContent(), 'Familjecentret i Raseborg');
    assert.equal(await page.locator('main table').count(), 1, 'the opening hours table');
    await page.goto(url('/fi/services?q=perheneuvolaan&municipality=710'));
    assert.ok(await page.locator('li.point-result').count() > 0);
    await assertAxeClean(page, 'search results (fi)');
  });

  test('a search with too few letters is refused beside the field, accessibly', async () => {
    for (const lang of ['fi', 'sv']) {
      await page.goto(url(`/${lang}/services?q=ab`));
      await page.locator('.error-summary').waitFor();
      assert.ok((await page.locator('#f-q-error').textContent())
        .includes(t(lang, 'Write at least 3 letters, for example the name of the service.')));
      assert.equal(await page.locator('#f-q').inputValue(), 'ab');
      await assertAxeClean(page, `search with an error (${lang})`);
    }
  });

  test('the point page works with the real CSP: JSON-LD present, nothing refused', async () => {
    const strict = await newContext();
    const p = await strict.newPage();
    await p.goto(url(pointUrl));
    const ld = JSON.parse(await p.locator('script[type="application/ld+json"]').textContent());
    assert.equal(ld['@context'], 'https://schema.org');
    assert.equal(ld.name, 'Familjecentret i Raseborg');
    assert.match(ld.telephone, /^\+358/);
    assert.ok(ld.openingHoursSpecification.length > 0);
    assert.ok(ld.geo.latitude > 59);
    await p.waitForTimeout(200);
    await closeContext(strict);
  });
});
