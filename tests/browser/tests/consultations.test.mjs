// Consultations and notifications, as people use them: a resident reads the
// open service strategy draft, jumps to a section from the contents and
// comments on it; a coordinator writes a consultation (an error pointed out,
// a section added without JavaScript) and, once closed, publishes its
// summary; a Swedish-speaking resident who follows it sees the notification
// in the header, opens it and lands on the summary; the daily digest's
// unsubscribe link works without signing in. axe-core checks every page in
// Finnish and Swedish.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS, REPO_ROOT, DB_PATH, MAIL_DIR } from './lib.mjs';

const OPEN_FI = 'Palvelustrategia 2027–2030 (luonnos)';
const OPEN_SV = 'Servicestrategi 2027–2030 (utkast)';
const CLOSED_FI = 'Perhekeskusten aukioloajat';
const NEW_FI = 'Kotihoidon palvelulupaus (luonnos)';
const NEW_SV = 'Hemvårdens servicelöfte (utkast)';
const COMMENT = 'Etävastaanotot sopivat minulle, kunhan puhelinaika säilyy.';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

async function gotoOk(page, p) {
  const resp = await page.goto(url(p));
  assert.equal(resp.status(), 200, `${p} answered ${resp.status()}`);
  return resp;
}

async function assertAxe(page, what) {
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], `${what}: axe found violations on ${page.url()}\n${formatViolations(violations)}`);
}

const main = (page) => page.locator('main');
const other = (p, lang) => p.replace(/^\/(fi|sv|en)\//, `/${lang}/`);

// Runs `kohtaamo digest` on the test database and returns the unsubscribe
// path of the newest digest sent to email (from the outbox through sqlite3,
// or from the mail the server handed to run.sh's stand-in sendmail).
async function digestUnsubscribePath(email) {
  const bin = process.env.KOHTAAMO_BIN || path.join(REPO_ROOT, 'build/kohtaamo');
  execFileSync(bin, ['digest', '--database', `sqlite:${DB_PATH}`], { cwd: REPO_ROOT, stdio: 'ignore' });
  const find = (text) => { const m = text && text.match(/https?:\/\/[^/\s]+(\/(?:fi|sv|en)\/unsubscribe\/[A-Za-z0-9_-]+)/); return m ? m[1] : null; };
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    let found = null;
    try {
      found = find(execFileSync('sqlite3', ['-readonly', DB_PATH,
        `SELECT body FROM outbox WHERE to_addr = '${email}' AND body LIKE '%/unsubscribe/%' ORDER BY id DESC LIMIT 1;`],
      { encoding: 'utf8' }));
    } catch {
      if (MAIL_DIR && existsSync(MAIL_DIR)) {
        const mails = readdirSync(MAIL_DIR).sort().map((f) => readFileSync(path.join(MAIL_DIR, f), 'utf8'))
          .filter((m) => m.includes(`To: ${email}`) && m.includes('/unsubscribe/'));
        if (mails.length) found = find(mails[mails.length - 1]);
      }
    }
    if (found) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no digest with an unsubscribe link for ${email}`);
}

describe('consultations and notifications', () => {
  let staff, resident, swede, anon, sp, rp, sw, ap;
  let openPath = '', newPath = '';

  before(async () => {
    // axe-core goes in as an inline script, which the site's CSP rightly forbids.
    staff = await browser.newContext({ bypassCSP: true });
    resident = await browser.newContext({ bypassCSP: true });
    swede = await browser.newContext({ bypassCSP: true });
    anon = await browser.newContext({ bypassCSP: true });
    sp = await staff.newPage();
    rp = await resident.newPage();
    sw = await swede.newPage();
    ap = await anon.newPage();
  });
  after(async () => {
    for (const c of [staff, resident, swede, anon]) await c?.close();
  });

  test('a resident reads the open draft section by section and comments on one', async () => {
    await login(rp, 'fi', ACCOUNTS.resident);
    await gotoOk(rp, '/fi/spaces/mental-health/consultations');
    await assertAxe(rp, 'consultation list (fi)');
    await clickAndWait(rp, main(rp).getByRole('link', { name: OPEN_FI }));
    openPath = new URL(rp.url()).pathname;
    assert.match(openPath, /^\/fi\/consultations\/\d+$/);
    await main(rp).getByRole('heading', { level: 1, name: OPEN_FI }).waitFor();
    await assertAxe(rp, 'open consultation with comment forms (fi)');

    // The contents link lands on the section.
    const toc = main(rp).getByRole('navigation', { name: t('fi', 'Sections of the draft') });
    await toc.getByRole('link', { name: '2. Palveluverkko' }).click();
    await rp.waitForURL(/#section-\d+$/);
    const anchor = new URL(rp.url()).hash;
    const section = rp.locator(`section${anchor}`);
    await section.getByRole('heading', { name: '2. Palveluverkko' }).waitFor();

    await section.getByLabel(t('fi', 'Write a comment')).fill(COMMENT);
    await clickAndWait(rp, section.getByRole('button', { name: t('fi', 'Send comment') }));
    const back = rp.locator(`section${anchor}`);
    await back.getByText(COMMENT).waitFor();
    await back.getByText(t('fi', '1 comment')).first().waitFor();
  });

  test('the draft, the closed one with its summary, and the lists pass axe in Finnish and Swedish', async () => {
    for (const lang of ['fi', 'sv']) {
      await gotoOk(ap, other(openPath, lang));
      await main(ap).getByRole('heading', { level: 1, name: lang === 'fi' ? OPEN_FI : OPEN_SV }).waitFor();
      await assertAxe(ap, `open consultation, not signed in (${lang})`);
      await gotoOk(ap, `/${lang}/spaces/family-centres/consultations`);
      await assertAxe(ap, `consultation list (${lang})`);
    }
    await gotoOk(ap, '/fi/spaces/family-centres/consultations');
    await clickAndWait(ap, main(ap).getByRole('link', { name: CLOSED_FI }));
    const closedPath = new URL(ap.url()).pathname;
    for (const lang of ['fi', 'sv']) {
      await gotoOk(ap, other(closedPath, lang));
      await main(ap).getByRole('heading', { name: t(lang, 'What changed because of the comments') }).waitFor();
      assert.equal(await main(ap).locator('textarea').count(), 0, 'a closed consultation has no comment form');
      await assertAxe(ap, `closed consultation with summary (${lang})`);
    }
  });

  test('a coordinator writes a consultation, adding a section without JavaScript', async () => {
    await login(sp, 'fi', ACCOUNTS.staff);
    await gotoOk(sp, '/fi/staff/consultations');
    await assertAxe(sp, 'staff consultation list (fi)');
    await gotoOk(sp, '/fi/spaces/mental-health/consultations');
    await clickAndWait(sp, main(sp).getByRole('link', { name: t('fi', 'New consultation') }));
    await sp.locator('#f-title_sv').fill(NEW_SV);
    await sp.locator('#f-opens').fill('2025-09-01');
    await sp.locator('#f-closes').fill('2025-09-30');
    await sp.locator('#f-s0_heading_fi').fill('Käynnit sovittuna aikana');
    await sp.locator('#f-s0_heading_sv').fill('Besök vid överenskommen tid');
    await sp.locator('#f-s0_body_fi').fill('Kotihoidon käynti alkaa **puolen tunnin** sisällä sovitusta.');
    let resp = await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Add section') }));
    assert.equal(resp.status(), 200);
    await main(sp).getByRole('group', { name: t('fi', 'Section {n}').replace('{n}', '2') }).waitFor();
    assert.equal(await sp.locator('#f-s0_heading_fi').inputValue(), 'Käynnit sovittuna aikana');
    await sp.locator('#f-s1_heading_fi').fill('Sama hoitaja');
    await sp.locator('#f-s1_body_fi').fill('Sama hoitaja käy useimmiten.');
    // The Finnish title is missing: 400, the error beside the field and in the summary, the rest kept.
    resp = await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Save the consultation') }));
    assert.equal(resp.status(), 400);
    await sp.locator('.field', { has: sp.locator('#f-title_fi') }).locator('.field-error').waitFor();
    await sp.locator('.error-summary').getByRole('link').first().waitFor();
    assert.equal(await sp.locator('#f-s1_heading_fi').inputValue(), 'Sama hoitaja');
    await assertAxe(sp, 'consultation form with an error (fi)');
    await sp.locator('#f-title_fi').fill(NEW_FI);
    resp = await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Save the consultation') }));
    assert.equal(resp.status(), 200);
    newPath = new URL(sp.url()).pathname;
    assert.match(newPath, /^\/fi\/consultations\/\d+$/);
    await main(sp).getByRole('heading', { level: 1, name: NEW_FI }).waitFor();
    await main(sp).getByText('Sama hoitaja käy useimmiten.').waitFor();
    for (const lang of ['fi', 'sv']) {
      await gotoOk(sp, other(newPath, lang).replace('/consultations/', '/staff/consultations/') + '/edit');
      await assertAxe(sp, `consultation edit form (${lang})`);
      await gotoOk(sp, `/${lang}/staff/consultations`);
      await assertAxe(sp, `staff consultation list (${lang})`);
    }
  });

  test('a Swedish-speaking resident follows it and is notified when the summary is published', async () => {
    // The Finnish resident follows it too (and leaves the notification unread for the digest below).
    await gotoOk(rp, newPath);
    await clickAndWait(rp, main(rp).getByRole('button', { name: t('fi', 'Follow this consultation') }));
    await main(rp).getByText(t('fi', 'You now follow this consultation.')).waitFor();
    await login(sw, 'sv', ACCOUNTS.residentSv);
    await gotoOk(sw, other(newPath, 'sv'));
    await clickAndWait(sw, main(sw).getByRole('button', { name: t('sv', 'Follow this consultation') }));
    await main(sw).getByText(t('sv', 'You now follow this consultation.')).waitFor();
    const countBefore = Number((await sw.locator('header a[href="/sv/notifications"]').innerText()).match(/\d+/)[0]);

    for (const lang of ['sv', 'fi']) {
      await gotoOk(sp, other(newPath, lang).replace('/consultations/', '/staff/consultations/') + '/summary');
      await assertAxe(sp, `summary form (${lang})`);
    }
    await sp.getByLabel(t('fi', 'Summary of changes in Finnish')).fill('Lisäsimme **iltakäynnit** kommenttien perusteella.');
    await sp.getByLabel(t('fi', 'Summary of changes in Swedish')).fill('Vi lade till **kvällsbesök** utifrån kommentarerna.');
    await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Publish the summary') }));
    await main(sp).getByText('iltakäynnit').waitFor();

    await gotoOk(sw, '/sv/');
    const link = sw.locator('header a[href="/sv/notifications"]');
    assert.equal(await link.innerText(), t('sv', 'Notifications ({n})').replace('{n}', String(countBefore + 1)));
    await clickAndWait(sw, link);
    await assertAxe(sw, 'notifications (sv)');
    const text = t('sv', 'Summary published: {title}').replace('{title}', `${NEW_FI} / ${NEW_SV}`);
    await clickAndWait(sw, main(sw).getByRole('button', { name: text }));
    assert.equal(new URL(sw.url()).pathname, other(newPath, 'sv'));
    assert.equal(new URL(sw.url()).hash, '#c-summary');
    await main(sw).getByText('kvällsbesök').waitFor();
    assert.equal(await sw.locator('header a[href="/sv/notifications"]').innerText(),
      t('sv', 'Notifications ({n})').replace('{n}', String(countBefore)));
  });

  test('notification pages and the one-click unsubscribe pass axe; the link works without signing in', async () => {
    await gotoOk(rp, '/fi/notifications');
    await assertAxe(rp, 'notifications (fi)');
    // a later page of the list: the pager back to the newest
    await gotoOk(rp, '/fi/notifications?before=999999999999.1');
    await main(rp).getByRole('link', { name: t('fi', 'Newest notifications') }).waitFor();
    await assertAxe(rp, 'notifications, a later page (fi)');
    for (const [page, lang] of [[rp, 'fi'], [sw, 'sv']]) {
      await gotoOk(page, `/${lang}/notifications/settings`);
      await page.getByLabel(t(lang, 'Send me a daily digest by e-mail'), { exact: false }).check();
      await clickAndWait(page, main(page).getByRole('button', { name: t(lang, 'Save settings') }));
      await main(page).getByText(t(lang, 'Your settings have been saved.')).waitFor();
      await assertAxe(page, `notification settings (${lang})`);
    }
    // The Finnish resident has the unread summary notification: the digest mails it.
    const unsub = await digestUnsubscribePath(ACCOUNTS.resident);
    assert.match(unsub, /^\/fi\/unsubscribe\//);
    for (const lang of ['fi', 'sv']) {
      await gotoOk(ap, other(unsub, lang));
      await assertAxe(ap, `unsubscribe confirmation (${lang})`);
    }
    await gotoOk(ap, unsub);
    await clickAndWait(ap, main(ap).getByRole('button', { name: t('fi', 'Stop the digest') }));
    await main(ap).getByText(t('fi', 'Done: you will no longer get the daily digest by e-mail.')).waitFor();
    await assertAxe(ap, 'unsubscribed (fi)');
    await gotoOk(rp, '/fi/notifications/settings');
    assert.equal(await rp.getByLabel(t('fi', 'Send me a daily digest by e-mail'), { exact: false }).isChecked(), false);
  });
});
