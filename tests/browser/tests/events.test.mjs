// Events: a Swedish-speaking resident registers for the family workshop,
// sees the confirmation, gets the e-mail and cancels by the link; axe-core
// on every events page in Finnish and Swedish, the staff pages included.
// Expected texts come from po/*.po, never retyped here.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, login, t, url, runAxe, formatViolations, ACCOUNTS, MAIL_DIR } from './lib.mjs';

const FAMILY_SV = 'Familjeverkstad: vardagens resurser i barnfamiljen';
const FAMILY_FI = 'Perhetyöpaja: arjen voimavarat lapsiperheessä';
const PAST_FI = 'Asukasilta: mielenterveyspalvelut Kirkkonummella';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function newContext() {
  const context = await browser.newContext({ bypassCSP: true });
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

// The href of the event titled title on the list page of lang.
async function eventPath(page, lang, title, query = '') {
  await page.goto(url(`/${lang}/events${query}`));
  const href = await page.getByRole('link', { name: title, exact: true }).getAttribute('href');
  assert.ok(href, `no link to ${title} on /${lang}/events${query}`);
  return href;
}

describe('events', () => {
  test('a resident registers in Swedish, sees the confirmation and cancels by the link', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await login(page, 'sv', ACCOUNTS.residentSv);
    await page.goto(url('/sv/events'));
    await assertAxeClean(page, 'the list of events (sv)');
    assert.equal(await page.locator('h1').textContent(), t('sv', 'Events and workshops'));
    await clickAndWait(page, page.getByRole('link', { name: FAMILY_SV, exact: true }));
    await assertAxeClean(page, 'the event page (sv, signed in)');
    // signed in: the e-mail is filled in
    assert.equal(await page.getByLabel(t('sv', 'E-mail address'), { exact: false }).inputValue(), ACCOUNTS.residentSv);
    await page.getByLabel(t('sv', 'Accessibility or dietary needs (optional)')).fill('Laktosfri kost');
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Register'), exact: true }));
    // the page is the same for a new and an already registered address: the outcome is in the e-mail
    assert.equal(await page.locator('h1').textContent(), t('sv', 'Registration received'));
    assert.ok((await page.locator('main').textContent()).includes(t('sv', 'We sent a message about your registration to')));
    assert.equal(await page.getByRole('link', { name: t('sv', 'Cancel your registration'), exact: true }).count(), 0);
    await assertAxeClean(page, 'the confirmation (sv)');

    const mails = await mailsTo(ACCOUNTS.residentSv, t('sv', 'Your registration is confirmed'));
    assert.equal(mails.length, 1, 'one confirmation e-mail');
    assert.match(mails[0], /\/sv\/events\/cancel\/[A-Za-z0-9_-]+/);
    // the event comes along as a calendar file, in Swedish
    assert.match(mails[0], new RegExp(t('sv', 'The event is attached as a calendar file (.ics).').replace(/[.()]/g, '\\$&')));
    const part = mails[0].match(/Content-Disposition: attachment; filename="event-\d+\.ics"\nContent-Transfer-Encoding: base64\n\n([A-Za-z0-9+\/=\n]+)/);
    assert.ok(part, 'an .ics attachment in base64');
    const ics = Buffer.from(part[1].replace(/\n/g, ''), 'base64').toString('utf8');
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /SUMMARY:Familjeverkstad/);

    // the link in the e-mail
    await page.goto(url(mails[0].match(/\/sv\/events\/cancel\/[A-Za-z0-9_-]+/)[0]));
    assert.equal(await page.locator('h1').textContent(), t('sv', 'Cancel your registration'));
    await assertAxeClean(page, 'the cancellation page (sv)');
    await clickAndWait(page, page.getByRole('button', { name: t('sv', 'Cancel the registration') }));
    assert.equal(await page.locator('h1').textContent(), t('sv', 'Registration cancelled'));
    assert.match(await page.locator('main').textContent(), /raderats/);
    await assertAxeClean(page, 'after cancelling (sv)');
    await closeContext(context);
  });

  test('registration errors are shown beside the fields and the input is kept', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const href = await eventPath(page, 'fi', FAMILY_FI);
    await page.goto(url(href));
    await page.getByLabel(t('fi', 'Your name'), { exact: false }).fill('Testi Henkilö');
    await page.getByLabel(t('fi', 'E-mail address'), { exact: false }).fill('ei-osoite');
    await clickAndWait(page, page.getByRole('button', { name: t('fi', 'Register'), exact: true }));
    await assertAxeClean(page, 'the registration form with errors (fi)');
    assert.ok(await page.locator('.error-summary').isVisible());
    assert.equal(await page.getByLabel(t('fi', 'Your name'), { exact: false }).inputValue(), 'Testi Henkilö');
    await closeContext(context);
  });

  test('axe: every events page in Finnish and Swedish', async () => {
    const context = await newContext();
    const page = await context.newPage();
    for (const lang of ['fi', 'sv']) {
      await page.goto(url(`/${lang}/events`));
      await assertAxeClean(page, `the list (${lang})`);
      await page.goto(url(`/${lang}/events?past=1`));
      await assertAxeClean(page, `past events (${lang})`);
      const past = await eventPath(page, 'fi', PAST_FI, '?past=1');
      await page.goto(url(past.replace('/fi/', `/${lang}/`)));
      assert.equal(await page.getByRole('heading', { level: 2, name: t(lang, 'Summary of the event') }).count(), 1);
      await assertAxeClean(page, `a past event with its summary (${lang})`);
      const family = await eventPath(page, 'fi', FAMILY_FI);
      await page.goto(url(family.replace('/fi/', `/${lang}/`)));
      await assertAxeClean(page, `an event page, signed out (${lang})`);
    }
    // the full event offers the waiting list
    await page.goto(url('/fi/events'));
    assert.ok((await page.locator('main').textContent()).includes(t('fi', 'Full — join the waiting list')));
    await closeContext(context);

    const staff = await newContext();
    const sp = await staff.newPage();
    await login(sp, 'fi', ACCOUNTS.staff);
    const family = await eventPath(sp, 'fi', FAMILY_FI);
    const id = family.split('/').pop();
    for (const lang of ['fi', 'sv']) {
      for (const p of ['/staff/events', '/staff/events/new', `/staff/events/${id}/edit`,
        `/staff/events/${id}/registrations`, `/staff/events/${id}/summary`]) {
        const res = await sp.goto(url(`/${lang}${p}`));
        assert.equal(res.status(), 200, `${lang}${p}`);
        await assertAxeClean(sp, `${p} (${lang})`);
      }
      // the editor with errors
      await sp.goto(url(`/${lang}/staff/events/new`));
      await clickAndWait(sp, sp.getByRole('button', { name: t(lang, 'Save event') }));
      assert.ok(await sp.locator('.error-summary').isVisible());
      await assertAxeClean(sp, `the event editor with errors (${lang})`);
    }
    // a new event is saved as a draft: staff see it with a note and no registration form
    await sp.goto(url('/fi/staff/events/new'));
    await sp.getByLabel(t('fi', 'Title in Finnish'), { exact: false }).fill('Luonnos selaintestistä');
    for (const [field, value] of [['start_date', '2031-05-12'], ['end_date', '2031-05-12'], ['deadline_date', '2031-05-10']])
      await sp.locator(`input[name="${field}"]`).fill(value);
    await sp.getByLabel(t('fi', 'Address (when not at a service point)')).fill('Kirkkokatu 1, Lohja');
    assert.ok(await sp.getByLabel(t('fi', 'Draft: not shown to residents yet')).isChecked());
    await clickAndWait(sp, sp.getByRole('button', { name: t('fi', 'Save event') }));
    assert.match(await sp.locator('main').textContent(), /Luonnos selaintestistä/);
    assert.ok(await sp.getByText(t('fi', 'This event is a draft: residents do not see it, and registration opens when it is published.')).isVisible());
    assert.equal(await sp.locator('input[name="email"]').count(), 0);
    await assertAxeClean(sp, 'a draft event seen by staff (fi)');
    await closeContext(staff);
  });
});
