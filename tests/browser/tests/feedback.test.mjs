// Feedback: an anonymous resident writes in Swedish and asks for an answer by
// e-mail; the coordinator answers in the inbox; both mails leave through the
// outbox. axe-core on every feedback page in Finnish and Swedish.
// Expected texts come from po/*.po, never retyped here.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, login, t, url, runAxe, formatViolations, ACCOUNTS, MAIL_DIR } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function newContext(options = {}) {
  const context = await browser.newContext({ bypassCSP: true, ...options });
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

async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

async function assertAxeClean(page, what) {
  const v = await runAxe(page);
  assert.equal(v.length, 0, `axe violations on ${what} (${page.url()}):\n${formatViolations(v)}`);
}

// The mails the server handed to run.sh's stand-in sendmail, addressed to email.
async function mailsTo(email, subjectStart, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (MAIL_DIR && existsSync(MAIL_DIR)) {
      const mails = readdirSync(MAIL_DIR).sort()
        .map((f) => readFileSync(path.join(MAIL_DIR, f), 'utf8'))
        .filter((m) => m.includes(`To: ${email}`) && m.includes(`Subject: ${subjectStart}`));
      if (mails.length) return mails;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return [];
}

describe('feedback in Swedish, answered by staff', () => {
  const stamp = `${Date.now()}-${process.pid}`;
  const email = `respons.${stamp}@example.se`;
  const message = `Väntetiden i telefon var lång i dag (${stamp}).`;
  const answer = `Tack! Vi inför återuppringning i vår (${stamp}).`;
  let context, page, ref;

  before(async () => {
    context = await newContext();
    page = await context.newPage();
  });
  after(async () => closeContext(context));

  test('the form is accessible in Finnish and Swedish, contact fields open with the checkbox', async () => {
    for (const lang of ['fi', 'sv']) {
      await page.goto(url(`/${lang}/feedback`));
      assert.equal(await page.locator('h1').textContent(), t(lang, 'Give feedback'));
      const contactFields = page.locator('#contact-fields');
      assert.equal(await contactFields.isVisible(), false, 'contact fields wait for the checkbox');
      await assertAxeClean(page, `feedback form (${lang})`);
      await page.getByLabel(t(lang, 'I want to be contacted about my feedback'), { exact: true }).check();
      assert.equal(await contactFields.isVisible(), true);
      await assertAxeClean(page, `feedback form with contact fields (${lang})`);
    }
    // the honeypot is out of reach for keyboards and screen readers
    const hp = page.locator('input[name="website"]');
    assert.equal(await hp.getAttribute('tabindex'), '-1');
    assert.equal(await page.locator('div[aria-hidden="true"]:has(input[name="website"])').count(), 1);
  });

  test('an empty message is refused with the error beside the field, accessibly', async () => {
    await page.goto(url('/sv/feedback'));
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Send feedback') }));
    await page.locator('.error-summary').waitFor();
    assert.ok((await page.locator('#f-message-error').textContent()).includes(t('sv', 'Write your feedback.')));
    await assertAxeClean(page, 'feedback form with errors (sv)');
  });

  test('the resident sends feedback with contact by e-mail and gets a receipt', async () => {
    await page.goto(url('/sv/feedback'));
    await page.getByLabel(t('sv', 'Your feedback')).fill(message);
    await page.getByLabel(t('sv', 'I want to be contacted about my feedback'), { exact: true }).check();
    await page.getByLabel(t('sv', 'Name'), { exact: true }).fill('Ebba Testare');
    await page.getByLabel(t('sv', 'E-mail address'), { exact: true }).fill(email);
    await page.getByLabel(t('sv', 'Language for the answer')).selectOption('sv');
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Send feedback') }));
    assert.equal(new URL(page.url()).pathname, '/sv/feedback/thanks');
    assert.equal(await page.locator('h1').textContent(), t('sv', 'Thank you for your feedback'));
    ref = (await page.locator('.ref-code').textContent()).trim();
    assert.match(ref, /^PA-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.ok((await page.locator('main').textContent()).includes(t('sv', 'We also sent a confirmation to your e-mail address.')));
    await assertAxeClean(page, 'receipt (sv)');
    await page.goto(url(`/fi/feedback/thanks?ref=${ref}`));
    await assertAxeClean(page, 'receipt (fi)');
    const acks = await mailsTo(email, t('sv', 'Thank you for your feedback'));
    assert.equal(acks.length, 1, 'one acknowledgement in Swedish');
    assert.ok(acks[0].includes(ref));
  });

  test('the coordinator answers in the inbox; the reply leaves by e-mail', async () => {
    const staffContext = await newContext();
    const staff = await staffContext.newPage();
    try {
      await login(staff, 'fi', ACCOUNTS.staff);
      for (const lang of ['sv', 'fi']) {
        await staff.goto(url(`/${lang}/staff/feedback`));
        assert.equal(await staff.locator('h1').textContent(), t(lang, 'Feedback inbox'));
        await assertAxeClean(staff, `inbox (${lang})`);
        await staff.goto(url(`/${lang}/staff/feedback/reports`));
        await assertAxeClean(staff, `reports (${lang})`);
      }
      await staff.goto(url('/fi/staff/feedback?status=new'));
      await clickAndWait(staff, staff.getByRole('link', { name: ref }));
      assert.ok((await staff.locator('main').textContent()).includes(message));
      assert.ok((await staff.locator('main').textContent()).includes(email));
      await assertAxeClean(staff, 'feedback item (fi)');
      await staff.getByLabel(t('fi', 'Reply to the sender')).fill(answer);
      await clickAndWait(staff, staff.getByRole('button', { name: t('fi', 'Send reply') }));
      assert.ok((await staff.locator('.notice').textContent()).includes(t('fi', 'The reply was saved and sent by e-mail.')));
      assert.ok((await staff.locator('main').textContent()).includes(answer));
      await assertAxeClean(staff, 'feedback item after the reply (fi)');
      await staff.goto(url(staff.url().replace(/^https?:\/\/[^/]+\/fi\//, '/sv/').replace(/\?.*$/, '')));
      await assertAxeClean(staff, 'feedback item (sv)');
      const replies = await mailsTo(email, t('sv', 'Answer to your feedback'));
      assert.equal(replies.length, 1, 'the reply went out in Swedish');
      assert.ok(replies[0].includes(answer));
    } finally {
      await closeContext(staffContext);
    }
  });
});

describe('feedback without JavaScript', () => {
  test('the contact fields are simply shown', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(url('/fi/feedback'));
      assert.equal(await page.locator('#contact-fields').isVisible(), true);
      await page.getByLabel(t('fi', 'Your feedback')).fill('Ilman JavaScriptiä lähetetty palaute.');
      await clickAndWait(page, page.getByRole('button', { name: t('fi', 'Send feedback') }));
      assert.equal(new URL(page.url()).pathname, '/fi/feedback/thanks');
    } finally {
      await closeContext(context);
    }
  });
});
