// Ideas and positions as people use them: a resident posts an idea in
// Finnish (after the form points out what is missing), another resident
// takes a position against it with an argument in Swedish on /sv/, staff
// answer it as implemented with a link to a project, and the first resident
// finds the notification. axe-core checks every ideas page in Finnish and
// Swedish, with and without form errors.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS } from './lib.mjs';

const TITLE = 'Vertaistukiryhmä nuorille aikuisille Lohjalle';
const BODY = 'Lohjalla ei ole **vertaistukiryhmää** 18–29-vuotiaille. Ryhmä voisi kokoontua kirjastolla iltaisin.';
const ARGUMENT_SV = 'Gruppen behövs, men den borde finnas på svenska i Ekenäs först.';
const ANSWER = 'Ryhmä aloittaa Lohjan kirjastolla tammikuussa. Kiitos ideasta!';
const PROJECT_SLUG = 'nuorten-matalan-kynnyksen-mielenterveyspalvelut';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function gotoOk(page, path) {
  const resp = await page.goto(url(path));
  assert.equal(resp.status(), 200, `${path} answered ${resp.status()}`);
  return resp;
}

async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

async function assertAxe(page, what) {
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], `${what}: axe found violations on ${page.url()}\n${formatViolations(violations)}`);
}

const main = (page) => page.locator('main');

describe('ideas and positions', () => {
  let resCtx, svCtx, staffCtx, anonCtx, rp, sp, stp, ap;
  let ideaPath = '';

  before(async () => {
    // axe-core goes in as an inline script, which the site's CSP rightly forbids.
    resCtx = await browser.newContext({ bypassCSP: true });
    svCtx = await browser.newContext({ bypassCSP: true });
    staffCtx = await browser.newContext({ bypassCSP: true });
    anonCtx = await browser.newContext({ bypassCSP: true });
    rp = await resCtx.newPage();
    sp = await svCtx.newPage();
    stp = await staffCtx.newPage();
    ap = await anonCtx.newPage();
  });
  after(async () => {
    for (const c of [resCtx, svCtx, staffCtx, anonCtx]) await c?.close();
  });

  test('a resident posts an idea in Finnish, fixing what the form points out', async () => {
    await login(rp, 'fi', ACCOUNTS.resident);
    await gotoOk(rp, '/fi/spaces/mental-health/ideas');
    await clickAndWait(rp, main(rp).getByRole('link', { name: t('fi', 'Suggest an idea') }));
    assert.equal(await rp.locator('h1').textContent(), t('fi', 'New idea'));
    await assertAxe(rp, 'new idea form (fi)');
    // only a title: the missing text is pointed out, the title kept
    await rp.getByLabel(t('fi', 'Title'), { exact: false }).fill(TITLE);
    await clickAndWait(rp, main(rp).getByRole('button', { name: t('fi', 'Publish the idea') }));
    await main(rp).locator('.error-summary').waitFor();
    assert.match(await main(rp).locator('.error-summary').textContent(), new RegExp(t('fi', 'Describe your idea.').replace('.', '\\.')));
    assert.equal(await rp.locator('#f-title').inputValue(), TITLE);
    await assertAxe(rp, 'new idea form with errors (fi)');
    await rp.locator('#f-body').fill(BODY);
    await rp.locator('#f-municipality').selectOption('444');
    await clickAndWait(rp, main(rp).getByRole('button', { name: t('fi', 'Publish the idea') }));
    assert.match(rp.url(), /\/fi\/ideas\/\d+\?saved=idea/);
    ideaPath = new URL(rp.url()).pathname.replace(/^\/fi/, '');
    assert.equal(await rp.locator('h1').textContent(), TITLE);
    assert.equal(await main(rp).locator('.idea-body strong').textContent(), 'vertaistukiryhmää');
    await main(rp).getByText(t('fi', 'Your idea has been published. You follow it and get a notification when it is answered.')).waitFor();
    await main(rp).getByRole('button', { name: t('fi', 'Stop following') }).waitFor();
    await assertAxe(rp, 'idea page of its author (fi)');
  });

  test('another resident takes a position against it in Swedish on /sv/', async () => {
    await login(sp, 'sv', ACCOUNTS.residentSv);
    // the Swedish new-idea form, also with its errors
    await gotoOk(sp, '/sv/spaces/mental-health/ideas/new');
    await assertAxe(sp, 'new idea form (sv)');
    await clickAndWait(sp, main(sp).getByRole('button', { name: t('sv', 'Publish the idea') }));
    await main(sp).locator('#f-title-error').waitFor();
    assert.equal(await main(sp).locator('#f-title-error').textContent(), `${t('sv', 'Error:')} ${t('sv', 'Give your idea a title.')}`);
    await assertAxe(sp, 'new idea form with errors (sv)');
    await gotoOk(sp, `/sv${ideaPath}`);
    await assertAxe(sp, 'idea page (sv)');
    // the form needs a stance: saving without one is pointed out
    await sp.locator('#p-argument').fill(ARGUMENT_SV);
    await clickAndWait(sp, main(sp).getByRole('button', { name: t('sv', 'Save my position') }));
    await main(sp).locator('#p-stance-error').waitFor();
    assert.equal(await sp.locator('#p-argument').inputValue(), ARGUMENT_SV);
    await assertAxe(sp, 'position form with errors (sv)');
    await sp.getByRole('radio', { name: t('sv', 'Against') }).check();
    await clickAndWait(sp, main(sp).getByRole('button', { name: t('sv', 'Save my position') }));
    await main(sp).getByText(t('sv', 'Your position has been saved.')).waitFor();
    const counts = await main(sp).locator('.position-counts').textContent();
    assert.match(counts, new RegExp(`1\\s*${t('sv', 'against')}`));
    assert.match(counts, new RegExp(`0\\s*${t('sv', 'for')}`));
    const against = main(sp).locator('.argument-column').nth(1);
    assert.equal(await against.locator('h3').textContent(), t('sv', 'Arguments against'));
    await against.getByText(ARGUMENT_SV).waitFor();
    assert.ok(await sp.getByRole('radio', { name: t('sv', 'Against') }).isChecked());
    await assertAxe(sp, 'idea page after a position (sv)');

    // on the Finnish page the Swedish argument says its language
    await rp.reload();
    const p = main(rp).locator('.argument-column').nth(1).locator('p', { hasText: ARGUMENT_SV });
    assert.equal(await p.getAttribute('lang'), 'sv');
  });

  test('staff answer it as implemented with a link to a project', async () => {
    await login(stp, 'fi', ACCOUNTS.staff);
    await gotoOk(stp, `/fi${ideaPath}`);
    await assertAxe(stp, 'idea page with the answer form (fi)');
    // not taken forward needs a reason
    await stp.getByRole('radio', { name: t('fi', 'Not taken forward') }).check();
    await clickAndWait(stp, main(stp).getByRole('button', { name: t('fi', 'Publish the answer') }));
    await main(stp).locator('#a-text-error').waitFor();
    await assertAxe(stp, 'answer form with errors (fi)');
    await stp.getByRole('radio', { name: t('fi', 'Implemented') }).check();
    await stp.locator('#a-text').fill(ANSWER);
    const option = stp.locator('#a-project option', { hasText: 'Nuorten matalan kynnyksen mielenterveyspalvelut' });
    await stp.locator('#a-project').selectOption(await option.getAttribute('value'));
    await clickAndWait(stp, main(stp).getByRole('button', { name: t('fi', 'Publish the answer') }));
    const answer = main(stp).locator('#answer');
    await answer.getByText(ANSWER).waitFor();
    assert.equal(await answer.locator('strong').first().textContent(), t('fi', 'Implemented'));
    assert.equal(await answer.getByRole('link').getAttribute('href'), `/fi/projects/${PROJECT_SLUG}`);

    await gotoOk(stp, `/sv${ideaPath}`);
    await assertAxe(stp, 'answered idea with the answer form (sv)');
    // in Swedish too, for everyone
    await gotoOk(ap, `/sv${ideaPath}`);
    await main(ap).locator('#answer').getByText(t('sv', "The county's answer")).waitFor();
    assert.equal(await main(ap).locator('#answer').getByRole('link').getAttribute('href'), `/sv/projects/${PROJECT_SLUG}`);
    await assertAxe(ap, 'answered idea without an account (sv)');
  });

  test('the first resident sees the notification of the answer', async () => {
    await gotoOk(rp, '/fi/notifications');
    const text = t('fi', 'New official answer on “{title}”').replace('{title}', TITLE);
    // the notification is a button that marks it read and opens the idea
    const button = main(rp).getByRole('button', { name: text });
    await button.waitFor();
    await assertAxe(rp, 'notifications with the answer (fi)');
    await clickAndWait(rp, button);
    assert.equal(new URL(rp.url()).pathname, `/fi${ideaPath}`);
    await main(rp).locator('#answer').getByText(ANSWER).waitFor();
  });

  test('a position without an account is remembered by the browser', async () => {
    await gotoOk(ap, `/fi${ideaPath}`);
    await ap.getByRole('radio', { name: t('fi', 'For') }).check();
    await clickAndWait(ap, main(ap).getByRole('button', { name: t('fi', 'Save my position') }));
    await main(ap).getByText(t('fi', 'Your position has been saved.')).waitFor();
    const counts = await main(ap).locator('.position-counts').textContent();
    assert.match(counts, new RegExp(`1\\s*${t('fi', 'for')}`));
    assert.match(await main(ap).locator('#positions').textContent(), /joista 1 ilman tiliä/);
    await ap.reload();
    assert.ok(await ap.getByRole('radio', { name: t('fi', 'For') }).isChecked());
    await assertAxe(ap, 'idea page without an account (fi)');
  });

  test('lists in both languages, sorted, filtered and in a random order that holds', async () => {
    for (const lang of ['fi', 'sv']) {
      await gotoOk(ap, `/${lang}/spaces/mental-health/ideas`);
      await assertAxe(ap, `idea list (${lang})`);
      await ap.locator('#f-sort').selectOption('support');
      await clickAndWait(ap, main(ap).getByRole('button', { name: t(lang, 'Show ideas') }));
      assert.match(ap.url(), /sort=support/);
      await assertAxe(ap, `idea list by support (${lang})`);
      // a bad search is pointed out beside the field
      await ap.locator('#f-q').fill('x');
      const resp = await Promise.all([ap.waitForNavigation(), main(ap).getByRole('button', { name: t(lang, 'Show ideas') }).click()]);
      assert.equal(resp[0].status(), 400);
      await main(ap).locator('#f-q-error').waitFor();
      await assertAxe(ap, `idea list with a search error (${lang})`);
    }
    await gotoOk(ap, '/fi/spaces/mental-health/ideas?sort=random');
    assert.match(ap.url(), /sort=random&seed=\d+/);
    const first = await main(ap).locator('.idea-item h2').allTextContents();
    await ap.reload();
    assert.deepEqual(await main(ap).locator('.idea-item h2').allTextContents(), first);
    assert.ok(first.includes(TITLE));
    await gotoOk(ap, '/fi/spaces/mental-health/ideas?q=vertaistuki');
    assert.deepEqual(await main(ap).locator('.idea-item h2').allTextContents(), [TITLE]);
    // a space for its group only is closed to others
    const resp = await ap.goto(url('/fi/spaces/youth-group/ideas'));
    assert.equal(resp.status(), 403);
    await assertAxe(ap, 'closed space (fi)');
  });
});
