// Survey steps shared by the browser tests (surveys.test.mjs builds and
// answers; survey_results.test.mjs may reuse them): build a survey through
// the staff forms, add questions, publish, answer a page. Not a test file
// itself (run.sh runs *.test.mjs only). Expected texts come from po/*.po.
import assert from 'node:assert/strict';
import { t, url } from './lib.mjs';

export const main = (page) => page.locator('main');

export async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

// Fills the settings of a new survey (staff, UI language lang) and creates it;
// returns the path of its editor. fields: { title_fi, title_sv, intro_fi, intro_sv, audience }.
export async function createSurvey(page, lang, fields) {
  await page.goto(url(`/${lang}/staff/surveys`));
  await clickAndWait(page, main(page).getByRole('link', { name: t(lang, 'New survey') }));
  await page.getByLabel(t(lang, 'Title in Finnish')).fill(fields.title_fi || '');
  await page.getByLabel(t(lang, 'Title in Swedish')).fill(fields.title_sv || '');
  await page.getByLabel(t(lang, 'Introduction in Finnish')).fill(fields.intro_fi || '');
  await page.getByLabel(t(lang, 'Introduction in Swedish')).fill(fields.intro_sv || '');
  const audience = { everyone: 'Everyone, also without an account', registered: 'Signed-in people', staff: 'Staff only' }[fields.audience || 'everyone'];
  await page.getByRole('radio', { name: t(lang, audience) }).check();
  await page.getByRole('radio', { name: t(lang, 'Anonymous: answers are not linked to anyone') }).check();
  const resp = await clickAndWait(page, main(page).getByRole('button', { name: t(lang, 'Create the survey') }));
  assert.equal(resp.status(), 200, 'the new survey opens in the editor');
  return new URL(page.url()).pathname;
}

// Adds a question through the form. q: { kind, text_fi, text_sv, options_fi, options_sv, rows_fi, rows_sv,
// required, page (label), condition (label of the condition option), min_fi, min_sv, max_fi, max_sv }.
export async function addQuestion(page, lang, editPath, q) {
  await page.goto(url(editPath));
  await clickAndWait(page, main(page).getByRole('link', { name: t(lang, 'Add a question') }));
  return fillQuestion(page, lang, q, 200);
}

export async function fillQuestion(page, lang, q, expectStatus) {
  await page.getByLabel(t(lang, 'Kind of question')).selectOption(q.kind);
  if (q.page) await page.getByLabel(t(lang, 'Page'), { exact: true }).selectOption({ label: q.page });
  if (q.condition) await page.getByLabel(t(lang, 'Show this question')).selectOption({ label: q.condition });
  if (q.required) await page.getByLabel(t(lang, 'An answer is required')).check();
  await page.getByLabel(t(lang, 'Question in Finnish')).fill(q.text_fi || '');
  await page.getByLabel(t(lang, 'Question in Swedish')).fill(q.text_sv || '');
  if (q.options_fi) await page.getByLabel(t(lang, 'Options in Finnish, one per line')).fill(q.options_fi.join('\n'));
  if (q.options_sv) await page.getByLabel(t(lang, 'Options in Swedish, one per line')).fill(q.options_sv.join('\n'));
  if (q.rows_fi) await page.getByLabel(t(lang, 'Matrix rows in Finnish, one per line')).fill(q.rows_fi.join('\n'));
  if (q.rows_sv) await page.getByLabel(t(lang, 'Matrix rows in Swedish, one per line')).fill(q.rows_sv.join('\n'));
  if (q.min_fi) await page.getByLabel(t(lang, 'Label of the lowest value in Finnish')).fill(q.min_fi);
  if (q.min_sv) await page.getByLabel(t(lang, 'Label of the lowest value in Swedish')).fill(q.min_sv);
  if (q.max_fi) await page.getByLabel(t(lang, 'Label of the highest value in Finnish')).fill(q.max_fi);
  if (q.max_sv) await page.getByLabel(t(lang, 'Label of the highest value in Swedish')).fill(q.max_sv);
  const resp = await clickAndWait(page, main(page).getByRole('button', { name: t(lang, 'Save the question') }));
  assert.equal(resp.status(), expectStatus, `saving the question "${q.text_fi}" answered ${resp.status()}`);
  return resp;
}

// The label of a condition option in the question form.
export function conditionLabel(lang, number, question, option, multi = false) {
  return t(lang, multi ? 'Only when the answer to {q} includes {o}' : 'Only when the answer to {q} is {o}')
    .replace('{q}', `${number}. ${question}`).replace('{o}', option);
}

// Clicks the answer form's main button (next page / send) and returns the response.
export async function submitPage(page, lang, last) {
  return clickAndWait(page, main(page).getByRole('button', { name: t(lang, last ? 'Send answers' : 'Next page') }));
}
