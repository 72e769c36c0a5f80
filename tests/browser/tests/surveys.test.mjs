// Surveys, builder and answering, as people use them: a coordinator builds a
// bilingual two-page survey with a conditional question and a matrix through
// the forms (publishing waits until the Swedish title is written); a
// resident answers it in Swedish (the conditional question appears after
// "Ja", a missing matrix row is pointed out and the answers are kept); a
// person without an account answers in Finnish. axe-core checks the builder
// and answering pages in Finnish and Swedish.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS, DB_PATH } from './lib.mjs';
import { main, clickAndWait, createSurvey, addQuestion, conditionLabel, submitPage } from './surveys_lib.mjs';

const TITLE_FI = 'Kysely perhekeskuksen iltavastaanotoista';
const TITLE_SV = 'Enkät om familjecentralens kvällsmottagningar';
const Q1 = { fi: 'Oletko käynyt iltavastaanotolla?', sv: 'Har du besökt kvällsmottagningen?' };
const Q2 = { fi: 'Mikä iltavastaanotolla toimi hyvin?', sv: 'Vad fungerade bra på kvällsmottagningen?' };
const Q3 = { fi: 'Arvioi iltavastaanoton ajankohdat', sv: 'Bedöm kvällsmottagningens tider' };
const ROWS = { fi: ['Maanantai', 'Torstai'], sv: ['Måndag', 'Torsdag'] };
const COLS = { fi: ['Sopii hyvin', 'Sopii huonosti'], sv: ['Passar bra', 'Passar dåligt'] };

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function assertAxe(page, lang, what) {
  const shape = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'), h1: document.querySelectorAll('h1').length,
  }));
  assert.equal(shape.lang, lang, `${what}: html lang`);
  assert.equal(shape.h1, 1, `${what}: one h1`);
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], `${what}: axe found violations on ${page.url()}\n${formatViolations(violations)}`);
}

function responsesOf(slug) {
  if (!DB_PATH) return null;
  try {
    return Number(execFileSync('sqlite3', ['-readonly', DB_PATH,
      `SELECT COUNT(*) FROM responses r JOIN surveys s ON s.id = r.survey_id WHERE s.slug = '${slug}';`], { encoding: 'utf8' }).trim());
  } catch {
    return null;   // no sqlite3 tool: the thanks pages are the evidence
  }
}

describe('surveys: builder and answering', () => {
  let staff, swede, anon, sp, svp, ap;
  let editPath = '';
  let slug = '';

  before(async () => {
    // axe-core goes in as an inline script, which the site's CSP rightly forbids.
    staff = await browser.newContext({ bypassCSP: true });
    swede = await browser.newContext({ bypassCSP: true });
    anon = await browser.newContext({ bypassCSP: true });
    sp = await staff.newPage();
    svp = await swede.newPage();
    ap = await anon.newPage();
  });
  after(async () => {
    await staff?.close();
    await swede?.close();
    await anon?.close();
  });

  test('a coordinator builds a bilingual survey with a conditional question', async () => {
    await login(sp, 'fi', ACCOUNTS.staff);
    await sp.goto(url('/fi/staff/surveys'));
    await assertAxe(sp, 'fi', 'survey list (fi)');
    // Finnish title only for now: Swedish is still missing.
    editPath = await createSurvey(sp, 'fi', {
      title_fi: TITLE_FI, intro_fi: 'Kerro meille, sopivatko **iltavastaanotot** perheellesi.',
      intro_sv: 'Berätta om **kvällsmottagningarna** passar din familj.',
    });
    await assertAxe(sp, 'fi', 'survey editor (fi)');
    await addQuestion(sp, 'fi', editPath, {
      kind: 'single', required: true, text_fi: Q1.fi, text_sv: Q1.sv, options_fi: ['Kyllä', 'En'], options_sv: ['Ja', 'Nej'],
    });
    // The question form itself, in both languages.
    await sp.goto(url(`${editPath}/questions/new`));
    await assertAxe(sp, 'fi', 'question form (fi)');
    await sp.goto(url(`${editPath.replace('/fi/', '/sv/')}/questions/new`));
    await assertAxe(sp, 'sv', 'question form (sv)');
    await addQuestion(sp, 'fi', editPath, {
      kind: 'longtext', text_fi: Q2.fi, text_sv: Q2.sv, condition: conditionLabel('fi', 1, Q1.fi, 'Kyllä'),
    });
    await sp.goto(url(editPath));
    await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Add a page') }));
    await addQuestion(sp, 'fi', editPath, {
      kind: 'matrix', required: true, page: t('fi', 'Page {n}').replace('{n}', '2'), text_fi: Q3.fi, text_sv: Q3.sv,
      options_fi: COLS.fi, options_sv: COLS.sv, rows_fi: ROWS.fi, rows_sv: ROWS.sv,
    });
    await sp.goto(url(editPath));
    await main(sp).getByText(t('fi', 'Shown only when:')).waitFor();
    // Publishing waits for the Swedish title.
    const missing = `${t('fi', 'In Swedish')}: ${t('fi', '{n} text missing').replace('{n}', '1')}`;
    await main(sp).getByText(missing).waitFor();
    let resp = await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Publish the survey') }));
    assert.equal(resp.status(), 400);
    await main(sp).locator('#actions .field-error').getByText(
      t('fi', 'The survey cannot be published before every Finnish and Swedish text is written. See the list of missing texts.')).waitFor();
    await assertAxe(sp, 'fi', 'survey editor with an error (fi)');
    await sp.getByLabel(t('fi', 'Title in Swedish'), { exact: true }).fill(TITLE_SV);
    resp = await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Save the settings') }));
    assert.equal(resp.status(), 200);
    await main(sp).getByText(`${t('fi', 'In Swedish')}: ${t('fi', 'complete')}`).waitFor();
    // A look as a respondent first, in Swedish: nothing is saved.
    await sp.goto(url(`${editPath.replace('/fi/', '/sv/')}/preview`));
    await main(sp).getByText(Q1.sv).waitFor();
    await assertAxe(sp, 'sv', 'preview (sv)');
    await sp.goto(url(editPath.replace('/fi/', '/sv/')));
    await assertAxe(sp, 'sv', 'survey editor (sv)');
    await sp.goto(url(editPath));
    resp = await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Publish the survey') }));
    assert.equal(resp.status(), 200);
    await main(sp).getByText(t('fi', 'The survey is published.')).waitFor();
    const pub = await main(sp).getByRole('link', { name: t('fi', 'Public page') }).getAttribute('href');
    slug = pub.split('/').pop();
    assert.ok(slug.length > 3);
  });

  test('a resident answers in Swedish: the conditional question appears and a missing row is pointed out', async () => {
    assert.ok(slug, 'the survey was built');
    await login(svp, 'sv', ACCOUNTS.residentSv);
    await svp.goto(url('/sv/surveys'));
    await assertAxe(svp, 'sv', 'open surveys (sv)');
    await clickAndWait(svp, main(svp).getByRole('link', { name: TITLE_SV }));
    await main(svp).getByText(t('sv', 'Page {n} of {total}').replace('{n}', '1').replace('{total}', '2')).first().waitFor();
    assert.equal(await main(svp).getByText(Q2.sv).count(), 0, 'the conditional question waits for its answer');
    await assertAxe(svp, 'sv', 'answer page 1 (sv)');
    await svp.getByRole('group', { name: Q1.sv }).getByLabel('Ja').check();
    let resp = await submitPage(svp, 'sv', false);
    assert.equal(resp.status(), 200);
    await main(svp).getByText(t('sv', 'Your answers added questions to this page. Answer them too, then continue.')).waitFor();
    await svp.getByLabel(Q2.sv).fill('Att man kan komma efter jobbet.');
    resp = await submitPage(svp, 'sv', false);
    assert.equal(resp.status(), 200);
    await main(svp).getByText(t('sv', 'Page {n} of {total}').replace('{n}', '2').replace('{total}', '2')).first().waitFor();
    // The matrix: each radio is named by its row and column.
    await svp.getByRole('radio', { name: `${ROWS.sv[0]} ${COLS.sv[0]}` }).check();
    resp = await submitPage(svp, 'sv', true);
    assert.equal(resp.status(), 400);
    await main(svp).locator('.error-summary').getByText(t('sv', 'Answer every row.'), { exact: false }).waitFor();
    assert.ok(await svp.getByRole('radio', { name: `${ROWS.sv[0]} ${COLS.sv[0]}` }).isChecked(), 'the answer is kept');
    await assertAxe(svp, 'sv', 'answer page 2 with an error (sv)');
    await svp.getByRole('radio', { name: `${ROWS.sv[1]} ${COLS.sv[1]}` }).check();
    await svp.getByLabel(t('sv', 'Your municipality')).selectOption({ label: 'Raseborg' });
    resp = await submitPage(svp, 'sv', true);
    assert.equal(resp.status(), 200);
    await main(svp).getByRole('heading', { name: t('sv', 'Thank you for your answers') }).waitFor();
    await assertAxe(svp, 'sv', 'thanks (sv)');
    // Once only.
    await svp.goto(url(`/sv/surveys/${slug}`));
    await main(svp).getByText(t('sv', 'You have already answered this survey. Thank you!')).waitFor();
  });

  test('a person without an account answers in Finnish; "En" skips the conditional question', async () => {
    assert.ok(slug, 'the survey was built');
    await ap.goto(url(`/fi/surveys/${slug}`));
    await main(ap).getByRole('heading', { name: TITLE_FI }).waitFor();
    await main(ap).locator('.survey-intro strong', { hasText: 'iltavastaanotot' }).waitFor();
    await assertAxe(ap, 'fi', 'answer page 1 (fi)');
    // Nothing chosen: the required question says so beside itself and in the summary.
    let resp = await submitPage(ap, 'fi', false);
    assert.equal(resp.status(), 400);
    await ap.getByRole('group', { name: Q1.fi }).locator('.field-error').getByText(t('fi', 'This question needs an answer.')).waitFor();
    await assertAxe(ap, 'fi', 'answer page 1 with an error (fi)');
    await ap.getByRole('group', { name: Q1.fi }).getByLabel('En').check();
    resp = await submitPage(ap, 'fi', false);
    assert.equal(resp.status(), 200);
    assert.equal(await main(ap).getByText(Q2.fi).count(), 0);
    await ap.getByRole('radio', { name: `${ROWS.fi[0]} ${COLS.fi[1]}` }).check();
    await ap.getByRole('radio', { name: `${ROWS.fi[1]} ${COLS.fi[1]}` }).check();
    await assertAxe(ap, 'fi', 'answer page 2 (fi)');
    resp = await submitPage(ap, 'fi', true);
    assert.equal(resp.status(), 200);
    await main(ap).getByRole('heading', { name: t('fi', 'Thank you for your answers') }).waitFor();
    await assertAxe(ap, 'fi', 'thanks (fi)');
    const n = responsesOf(slug);
    if (n !== null) assert.equal(n, 2, 'two responses stored');
  });
});
