// First contact in a real browser: a Swedish-speaking resident in Raseborg
// answers the mental health self-assessment in Swedish on a phone-sized
// screen, gets "contact within days", sees the Swedish-language points and
// the chat or phone, and asks to be called back; a nurse in Raseborg claims
// the request and records the call. The same start in Finnish at desktop
// width. axe-core on every page. Expected texts come from po/*.po and the
// questionnaire's own translations, never retyped here.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, login, t, url, runAxe, formatViolations, REPO_ROOT } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const questionnaire = JSON.parse(readFileSync(path.join(REPO_ROOT, 'demo/questionnaires/mental-health.json'), 'utf8'));

// The text of a Questionnaire element in lang: the base (fi) or its translation extension.
function fhirText(el, name, lang) {
  if (lang === 'fi') return el[name];
  const ext = (el[`_${name}`]?.extension || []).find((e) => e.extension?.some((x) => x.url === 'lang' && x.valueCode === lang));
  return ext.extension.find((x) => x.url === 'content').valueString;
}

// The answer sheet that gives "contact within days" (tests/fhir/test_demo_questionnaires.c, BROWSER_DAYS_SHEET).
const DAYS_SHEET = [
  ['phq1', 'more-than-half'], ['phq2', 'more-than-half'],
  ['phq3', 'more-than-half'], ['phq4', 'more-than-half'], ['phq5', 'several-days'], ['phq6', 'several-days'],
  ['phq7', 'several-days'], ['phq8', 'several-days'], ['phq9', 'not-at-all'],
  ['gad1', 'several-days'], ['gad2', 'several-days'],
  ['audit1', 'monthly-or-less'], ['audit2', '1-2'], ['audit3', 'never'],
  ['harm-now', 'no'], ['someone', 'yes'],
];

async function assertAxeClean(page, what) {
  const v = await runAxe(page);
  assert.equal(v.length, 0, `axe violations on ${what} (${page.url()}):\n${formatViolations(v)}`);
}

async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

// Checks every answer of the sheet whose input is on the page, then presses the given button.
async function answerPage(page, button) {
  for (const [linkId, code] of DAYS_SHEET) {
    const input = page.locator(`input:not([type=hidden])[name="a:${linkId}"][value="${code}"]`);
    if (await input.count()) await input.check();
  }
  await clickAndWait(page, page.getByRole('button', { name: button, exact: true }));
}

describe('first contact in Swedish in Raseborg', () => {
  let reference;

  test('a resident answers, gets "contact within days" and asks for a call back', async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'sv-FI', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(url('/sv/self-assessment'));
    await assertAxeClean(page, 'the list of self-assessments (sv)');
    await clickAndWait(page, page.getByRole('link', { name: fhirText(questionnaire, 'title', 'sv') }));
    await assertAxeClean(page, 'the start page (sv)');
    await page.getByLabel(t('sv', 'Your municipality')).selectOption('710');
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Start') }));

    // page 1: two questions; answering them brings the rest of PHQ-9 onto the same page
    const first = questionnaire.item[0];
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: fhirText(first, 'text', 'sv') }).waitFor());
    await assertAxeClean(page, 'the first page of questions (sv)');
    await answerPage(page, t('sv', 'Next page'));
    assert.match(await page.locator('[role=status]').innerText(), new RegExp(t('sv', 'Based on your answers there are more questions on this page.').replace(/[.?]/g, '.')));
    // nothing answered on the new questions: errors beside them and in the summary
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Next page'), exact: true }));
    await assert.doesNotReject(page.locator('.error-summary').waitFor());
    assert.ok(await page.getByText(t('sv', 'Choose an answer.')).first().isVisible());
    await assertAxeClean(page, 'a page with errors (sv)');
    await answerPage(page, t('sv', 'Next page'));
    await assertAxeClean(page, 'the anxiety page (sv)');
    // back and forth keeps the answers
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Previous page'), exact: true }));
    assert.ok(await page.locator('input[name="a:phq9"][value="not-at-all"]').isChecked());
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Next page'), exact: true }));
    await answerPage(page, t('sv', 'Next page'));
    await answerPage(page, t('sv', 'Next page'));
    await answerPage(page, t('sv', 'See the result'));

    // the outcome, in Swedish: within days, the chat or phone, points in Raseborg that serve in Swedish
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: t('sv', 'Contact the service within a few days') }).waitFor());
    await assertAxeClean(page, 'the outcome page (sv)');
    const contact = page.locator('section', { has: page.getByRole('heading', { name: new RegExp(t('sv', 'How to get in touch')) }) });
    const ways = await contact.innerText();
    assert.match(ways, /Chatt|chatt|Rådgivning/);
    assert.ok(await contact.locator('a[href^="tel:+358"]').count() > 0, 'a phone number to tap');
    const points = page.locator('.sa-points li');
    assert.ok(await points.count() > 0);
    assert.match(await points.first().innerText(), /Raseborg/);
    assert.match(await points.first().innerText(), /svenska/i);

    await clickAndWait(page, page.getByRole('link', { name: t('sv', 'Ask for a call back') }).last());
    await assertAxeClean(page, 'the call back form (sv)');
    await page.locator('#f-phone').fill('040 765 4321');
    await page.getByLabel(t('sv', 'Swedish'), { exact: true }).check();
    await page.getByLabel(t('sv', 'Morning (8–12)')).check();
    await page.getByLabel(new RegExp(t('sv', 'Anything you want the professional to know before calling'))).fill('Jag sover dåligt sedan i höstas.');
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Ask for a call back') }));
    // no consent: the error, and what was written is kept
    await assert.doesNotReject(page.locator('.error-summary').waitFor());
    assert.equal(await page.locator('#f-phone').inputValue(), '040 765 4321');
    await assertAxeClean(page, 'the call back form with an error (sv)');
    await page.locator('#consent').check();
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Ask for a call back') }));
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: t('sv', 'We will call you') }).waitFor());
    reference = (await page.locator('.ref-code').innerText()).trim();
    assert.match(reference, /^CB-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await assertAxeClean(page, 'the call back receipt (sv)');
    await context.close();
  });

  test('a nurse in Raseborg claims the request and records the call', async () => {
    assert.ok(reference, 'the resident test made a request');
    const context = await browser.newContext({ bypassCSP: true, locale: 'sv-FI', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, 'sv', 'sjukskotare.raseborg@kohtaamo.example');
    await page.goto(url('/sv/staff/callbacks'));
    await assertAxeClean(page, 'the callback queue (sv)');
    await clickAndWait(page, page.getByRole('link', { name: reference }));
    await assertAxeClean(page, 'a callback request (sv)');
    const page_text = await page.locator('main').innerText();
    assert.match(page_text, /\+358407654321/);
    assert.match(page_text, /Jag sover dåligt sedan i höstas\./);
    assert.match(page_text, new RegExp(t('sv', 'Contact the service within a few days')));
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Claim this request') }));
    await page.getByLabel(t('sv', 'Reached'), { exact: true }).check();
    await page.getByLabel(new RegExp(t('sv', 'Internal note'))).fill('Tid bokad till psykiatrisk sjukskötare.');
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Save the call') }));
    const after = await page.locator('main').innerText();
    assert.match(after, new RegExp(t('sv', 'Handled')));
    assert.match(after, /Tid bokad till psykiatrisk sjukskötare\./);
    await assertAxeClean(page, 'a closed callback request (sv)');
    // closed requests leave the open queue
    await page.goto(url('/sv/staff/callbacks'));
    assert.equal(await page.getByRole('link', { name: reference }).count(), 0);
    await context.close();
  });
});

describe('first contact in Finnish', () => {
  test('the list, the start and an emergency outcome at desktop width', async () => {
    const context = await browser.newContext({ bypassCSP: true, locale: 'fi-FI', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url('/fi/self-assessment'));
    await assertAxeClean(page, 'the list of self-assessments (fi)');
    await clickAndWait(page, page.getByRole('link', { name: questionnaire.title }));
    await clickAndWait(page, page.getByRole('button', { name: t('fi', 'Start') }));
    await assertAxeClean(page, 'the first page of questions (fi)');
    // straight through with mild answers to the last page, then the red flag
    for (let i = 0; i < 3; i++) {
      for (const input of await page.locator('fieldset').all()) {
        const first = input.locator('input[type=radio]').first();
        if (await first.count()) await first.check();
      }
      await clickAndWait(page, page.getByRole('button', { name: t('fi', 'Next page'), exact: true }));
    }
    await page.locator('input[name="a:harm-now"][value="yes"]').check();
    await page.locator('input[name="a:someone"][value="no"]').check();
    await clickAndWait(page, page.getByRole('button', { name: t('fi', 'See the result') }));
    const alert = page.getByRole('alert');
    assert.match(await alert.innerText(), new RegExp(t('fi', 'Call the emergency number 112 now')));
    // the alert comes before anything else in the page's content
    const firstInMain = await page.locator('main .wrap > *').first().getAttribute('role');
    assert.equal(firstInMain, 'alert');
    assert.equal(await page.getByRole('link', { name: t('fi', 'Ask for a call back') }).count(), 0);
    await assertAxeClean(page, 'the emergency outcome (fi)');
    await context.close();
  });
});
