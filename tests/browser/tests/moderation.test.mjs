// Comments and moderation as people use them: a resident posts a comment on an
// idea, someone without an account reports it, a moderator hides it with a
// reason from the queue, and the idea page shows the reason in place of the
// comment. axe-core checks every comments and moderation page in Finnish and
// Swedish, error states included.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS } from './lib.mjs';

const MODERATOR = 'moderaattori@kohtaamo.example';
const IDEA = 'Chat-vastaanotto illalla myös viikonloppuisin';
const ABUSE = 'Typerä ehdotus, ja te jotka kannatatte tätä olette idiootteja.';
const REASON = 'Toisten osallistujien nimittely';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function gotoOk(page, path, status = 200) {
  const resp = await page.goto(url(path));
  assert.equal(resp.status(), status, `${path} answered ${resp.status()}`);
  return resp;
}

async function assertAxe(page, what) {
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], `${what}: axe found violations on ${page.url()}\n${formatViolations(violations)}`);
}

async function submitAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

describe('comments and moderation', () => {
  let resident, anon, mod, rp, ap, mp;
  let ideaPath = '';   // without the language prefix
  let commentId = '';

  before(async () => {
    // axe-core goes in as an inline script, which the site's CSP rightly forbids.
    resident = await browser.newContext({ bypassCSP: true });
    anon = await browser.newContext({ bypassCSP: true });
    mod = await browser.newContext({ bypassCSP: true });
    rp = await resident.newPage();
    ap = await anon.newPage();
    mp = await mod.newPage();
  });
  after(async () => {
    await resident?.close();
    await anon?.close();
    await mod?.close();
  });

  test('a resident comments on an idea', async () => {
    await login(rp, 'fi', ACCOUNTS.resident);
    await gotoOk(rp, '/fi/spaces/mental-health/ideas');
    await submitAndWait(rp, rp.locator('main').getByRole('link', { name: IDEA }).first());
    ideaPath = new URL(rp.url()).pathname.replace(/^\/fi/, '');
    assert.match(ideaPath, /^\/ideas\/\d+$/);
    // the demo discussion is there, the hidden demo comment shows only its reason
    const thread = rp.locator('section.comments');
    await assert.doesNotReject(thread.getByText('Viikonloppuisin chat voisi olla auki').waitFor());
    assert.equal(await thread.getByText('laiska pummi').count(), 0);
    assert.ok(await thread.getByText(t('fi', 'Hidden by a moderator:'), { exact: false }).count() >= 1);
    await assertAxe(rp, 'idea page with its comment thread (fi, signed in)');

    await rp.getByLabel(t('fi', 'Write a comment')).fill(ABUSE);
    await submitAndWait(rp, rp.getByRole('button', { name: t('fi', 'Send comment') }));
    const u = new URL(rp.url());
    assert.match(u.hash, /^#comment-\d+$/);
    commentId = u.hash.replace('#comment-', '');
    await assert.doesNotReject(rp.locator(`#comment-${commentId}`).getByText(ABUSE).waitFor());
  });

  test('the author may edit for a while; the form is accessible', async () => {
    await gotoOk(rp, `/fi/comments/${commentId}/edit`);
    assert.equal(await rp.getByLabel(t('fi', 'Your comment'), { exact: false }).inputValue(), ABUSE);
    await assertAxe(rp, 'edit form (fi)');
    // an over-long comment comes back with the error beside the field and the text kept
    await gotoOk(rp, `/fi/comments/new?target_type=idea&target_id=${ideaPath.split('/').pop()}`);
    const long = 'å'.repeat(2001);
    await rp.getByLabel(t('fi', 'Your comment'), { exact: false }).fill(long);
    const resp = await Promise.all([rp.waitForNavigation(), rp.getByRole('button', { name: t('fi', 'Send comment') }).click()]);
    assert.equal(resp[0].status(), 400);
    assert.equal(await rp.getByLabel(t('fi', 'Your comment'), { exact: false }).inputValue(), long);
    await assertAxe(rp, 'comment form with an error (fi)');
  });

  test('someone without an account reports the comment', async () => {
    await gotoOk(ap, `/fi${ideaPath}`);
    await assertAxe(ap, 'idea page with its comment thread (fi, anonymous)');
    await submitAndWait(ap, ap.locator(`#comment-${commentId}`).getByRole('link', { name: t('fi', 'Report') }));
    assert.match(ap.url(), /\/fi\/report\?type=comment&id=\d+/);
    await assertAxe(ap, 'report form (fi)');
    // no reason chosen: the error is beside the group and in the summary
    await ap.getByLabel(t('fi', 'Description'), { exact: false }).fill('Nimittelee muita.');
    await submitAndWait(ap, ap.getByRole('button', { name: t('fi', 'Send report') }));
    await assert.doesNotReject(ap.locator('.error-summary').getByText(t('fi', 'Choose why you are reporting this.')).waitFor());
    assert.equal(await ap.getByLabel(t('fi', 'Description'), { exact: false }).inputValue(), 'Nimittelee muita.');
    await assertAxe(ap, 'report form with an error (fi)');
    await ap.getByLabel(t('fi', 'Harassment or insults')).check();
    await submitAndWait(ap, ap.getByRole('button', { name: t('fi', 'Send report') }));
    await assert.doesNotReject(ap.getByRole('heading', { level: 1, name: t('fi', 'Thank you for your report') }).waitFor());
    await assertAxe(ap, 'report receipt (fi)');
  });

  test('a moderator hides the comment with a reason', async () => {
    await login(mp, 'sv', MODERATOR);
    await gotoOk(mp, '/sv/moderation');
    await assertAxe(mp, 'moderation queue (sv)');
    const item = mp.locator(`#item-comment-${commentId}`);
    await assert.doesNotReject(item.getByText(ABUSE).waitFor());
    await assert.doesNotReject(item.getByText('Nimittelee muita.').waitFor());
    // without a reason the queue says what is missing, beside the field
    await submitAndWait(mp, item.getByRole('button', { name: t('sv', 'Hide'), exact: true }));
    await assert.doesNotReject(mp.locator('.error-summary').waitFor());
    await assertAxe(mp, 'moderation queue with an error (sv)');
    await mp.locator(`#hide-reason-comment-${commentId}`).fill(REASON);
    await submitAndWait(mp, mp.locator(`#item-comment-${commentId}`).getByRole('button', { name: t('sv', 'Hide'), exact: true }));
    await assert.doesNotReject(mp.getByText(t('sv', 'The content is hidden and the reason is shown in its place.')).waitFor());
  });

  test('the idea page shows the reason in place of the comment', async () => {
    await gotoOk(ap, `/fi${ideaPath}`);
    const hidden = ap.locator(`#comment-${commentId}`);
    await assert.doesNotReject(hidden.getByText(`${t('fi', 'Hidden by a moderator:')} ${REASON}`).waitFor());
    assert.equal(await ap.getByText(ABUSE).count(), 0);
    await gotoOk(ap, `/sv${ideaPath}`);
    await assert.doesNotReject(ap.locator(`#comment-${commentId}`).getByText(`${t('sv', 'Hidden by a moderator:')} ${REASON}`).waitFor());
    await assertAxe(ap, 'idea page with a hidden comment (sv)');
  });

  test('moderation pages and the code of conduct pass axe in Finnish and Swedish', async () => {
    for (const lang of ['fi', 'sv']) {
      await gotoOk(mp, `/${lang}/moderation`);
      await assertAxe(mp, `moderation queue (${lang})`);
      await gotoOk(mp, `/${lang}/moderation/log`);
      await assert.doesNotReject(mp.locator('main table').getByText(REASON, { exact: true }).waitFor());
      await assertAxe(mp, `moderation log (${lang})`);
      await gotoOk(mp, `/${lang}/moderation/blocks`);
      await assertAxe(mp, `blocked accounts (${lang})`);
      await gotoOk(ap, `/${lang}/code-of-conduct`);
      await assert.doesNotReject(ap.getByRole('heading', { level: 1, name: t(lang, 'Code of conduct for taking part') }).waitFor());
      await assertAxe(ap, `code of conduct (${lang})`);
      await gotoOk(ap, `/${lang}/report?type=idea&id=${ideaPath.split('/').pop()}`);
      await assertAxe(ap, `report form (${lang})`);
    }
    // a resident has no business in the queue
    await gotoOk(rp, '/fi/moderation', 403);
  });
});
