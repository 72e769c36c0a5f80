// Development projects in the open, as people use them: a coordinator creates
// a project with a work package and milestones through the forms and
// publishes it; a resident finds it with the filters and by searching a part
// of a compound word in Finnish and in Swedish, then follows it. axe-core
// checks every projects page in Finnish and Swedish.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS } from './lib.mjs';

const TITLE_FI = 'Perhekeskusverkoston digitaaliset palvelut';
const TITLE_SV = 'Familjecentralnätverkets digitala tjänster';
const WP_FI = 'Chat-neuvonnan työpaketti';
const UPDATE_FI = 'Chat-neuvonta avautui kokeiluun';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

async function gotoOk(page, path) {
  const resp = await page.goto(url(path));
  assert.equal(resp.status(), 200, `${path} answered ${resp.status()}`);
  return resp;
}

async function assertAxe(page, what) {
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], `${what}: axe found violations on ${page.url()}\n${formatViolations(violations)}`);
}

const main = (page) => page.locator('main');

describe('projects in the open', () => {
  let staff, resident, sp, rp;
  let editPath = '';

  before(async () => {
    // axe-core goes in as an inline script, which the site's CSP rightly forbids.
    staff = await browser.newContext({ bypassCSP: true });
    resident = await browser.newContext({ bypassCSP: true });
    sp = await staff.newPage();
    rp = await resident.newPage();
  });
  after(async () => {
    await staff?.close();
    await resident?.close();
  });

  test('a coordinator creates a project, fixing a mistake the form points out', async () => {
    await login(sp, 'fi', ACCOUNTS.staff);
    await gotoOk(sp, '/fi/staff/projects');
    await clickAndWait(sp, main(sp).getByRole('link', { name: t('fi', 'New project') }));
    await sp.getByLabel(t('fi', 'Title in Swedish')).fill(TITLE_SV);
    await sp.getByLabel(t('fi', 'Summary in Finnish')).fill('Perheet saavat neuvontaa verkossa ja lähellä kotia.');
    await sp.getByLabel(t('fi', 'Summary in Swedish')).fill('Familjer får rådgivning på nätet och nära hemmet.');
    await sp.getByLabel(t('fi', 'Description in Finnish')).fill('Kokeilemme **chat-neuvontaa** ja iltavastaanottoa.');
    await sp.getByLabel(t('fi', 'Start date')).fill('2026-01-15');
    await sp.getByLabel(t('fi', 'End date')).fill('2027-06-30');
    await sp.getByLabel(t('fi', 'Status'), { exact: true }).selectOption('ongoing');
    await sp.getByRole('checkbox', { name: 'Lapset ja perheet' }).check();
    await sp.getByRole('checkbox', { name: 'Lohja' }).check();
    // The Finnish title is missing: 400, the error beside the field, the rest kept.
    let resp = await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Save as draft') }));
    assert.equal(resp.status(), 400);
    const titleField = sp.locator('.field', { has: sp.locator('input[name="title_fi"]') });
    await titleField.locator('.field-error').getByText(t('fi', 'Enter a title in Finnish.')).waitFor();
    assert.equal(await sp.getByLabel(t('fi', 'Title in Swedish')).inputValue(), TITLE_SV);
    assert.ok(await sp.getByRole('checkbox', { name: 'Lohja' }).isChecked());
    await assertAxe(sp, 'project form with an error (fi)');

    await sp.getByLabel(t('fi', 'Title in Finnish')).fill(TITLE_FI);
    // Preview first: the Markdown is shown, nothing is saved yet.
    resp = await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Preview') }));
    assert.equal(resp.status(), 200);
    await sp.locator('.preview strong', { hasText: 'chat-neuvontaa' }).waitFor();
    resp = await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Save as draft') }));
    assert.equal(resp.status(), 200);
    assert.match(new URL(sp.url()).pathname, /^\/fi\/staff\/projects\/\d+\/edit$/);
    editPath = new URL(sp.url()).pathname;
    await main(sp).getByText(t('fi', 'Draft, not public')).first().waitFor();
  });

  test('adds milestones and a work package, and publishes both', async () => {
    const addMilestone = async (title, date, status) => {
      await sp.locator('#f-ms_title_fi').fill(title);
      await sp.locator('#f-ms_due_date').fill(date);
      await sp.locator('#f-ms_status').selectOption(status);
      await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Add milestone') }));
    };
    await addMilestone('Kehittäjäperheet valittu', '2026-02-15', 'done');
    await addMilestone('Chat avataan', '2026-09-01', 'ongoing');
    await addMilestone('Loppuraportti', '2027-06-15', 'planned');
    assert.equal(await sp.locator('.staff-rows fieldset').count(), 3);

    await clickAndWait(sp, main(sp).getByRole('link', { name: t('fi', 'Add a work package or pilot') }));
    await sp.getByLabel(t('fi', 'Title in Finnish')).fill(WP_FI);
    await sp.getByLabel(t('fi', 'Type')).selectOption('work_package');
    await sp.getByLabel(t('fi', 'Status'), { exact: true }).selectOption('ongoing');
    await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Save as draft') }));
    await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Publish'), exact: true }));
    await main(sp).getByText(t('fi', 'Published: the page is now public.')).waitFor();

    await gotoOk(sp, editPath);
    await main(sp).getByRole('link', { name: WP_FI }).waitFor();
    await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Publish'), exact: true }));
    await main(sp).getByText(t('fi', 'Published: the page is now public.')).waitFor();
    // An update, published straight from the form.
    await clickAndWait(sp, main(sp).getByRole('link', { name: t('fi', 'Write an update') }));
    await sp.getByLabel(t('fi', 'Title in Finnish')).fill(UPDATE_FI);
    await sp.getByLabel(t('fi', 'Text in Finnish')).fill('Chat on auki arkisin **klo 9–15**.');
    await clickAndWait(sp, main(sp).getByRole('button', { name: t('fi', 'Publish'), exact: true }));
    await main(sp).getByText(t('fi', 'Published: the page is now public.')).waitFor();
  });

  test('the edit form and the revision history pass axe in Finnish and Swedish', async () => {
    for (const lang of ['fi', 'sv']) {
      const edit = editPath.replace(/^\/fi/, `/${lang}`);
      await gotoOk(sp, edit);
      await assertAxe(sp, `edit form (${lang})`);
      await gotoOk(sp, edit.replace(/\/edit$/, '/revisions'));
      await main(sp).getByRole('cell', { name: t(lang, 'Milestone added') }).first().waitFor();
      await main(sp).getByRole('cell', { name: t(lang, 'Published'), exact: true }).first().waitFor();
      await assertAxe(sp, `revision history (${lang})`);
    }
  });

  test('a resident finds the project with the filters, and the choices stay in the address', async () => {
    await gotoOk(rp, '/sv/projects');
    await rp.getByLabel(t('sv', 'Status'), { exact: true }).selectOption('ongoing');
    await rp.getByLabel(t('sv', 'Theme')).selectOption({ label: 'Barn och familjer' });
    await rp.getByLabel(t('sv', 'Municipality')).selectOption({ label: 'Lojo' });
    await clickAndWait(rp, main(rp).getByRole('button', { name: t('sv', 'Show projects') }));
    const u = new URL(rp.url());
    assert.equal(u.searchParams.get('status'), 'ongoing');
    assert.equal(u.searchParams.get('theme'), 'families');
    assert.equal(u.searchParams.get('municipality'), '444');
    await main(rp).getByRole('link', { name: TITLE_SV }).waitFor();
    assert.equal(await rp.getByLabel(t('sv', 'Municipality')).inputValue(), '444');
    // Another municipality: not there.
    await rp.getByLabel(t('sv', 'Municipality')).selectOption({ label: 'Hangö' });
    await clickAndWait(rp, main(rp).getByRole('button', { name: t('sv', 'Show projects') }));
    assert.equal(await main(rp).getByRole('link', { name: TITLE_SV }).count(), 0);
  });

  test('a resident finds it by part of a compound word, in Swedish and in Finnish', async () => {
    for (const [lang, word, title] of [['sv', 'familjecentral', TITLE_SV], ['fi', 'perhekeskus', TITLE_FI]]) {
      await gotoOk(rp, `/${lang}/projects`);
      await rp.getByLabel(t(lang, 'Search words')).fill(word);
      await clickAndWait(rp, main(rp).getByRole('button', { name: t(lang, 'Show projects') }));
      assert.equal(new URL(rp.url()).searchParams.get('q'), word);
      await main(rp).getByRole('link', { name: title }).waitFor();
      const marked = await rp.locator('.snippet mark').allTextContents();
      assert.ok(marked.some((m) => m.toLowerCase() === word), `no <mark>${word}</mark> in ${marked}`);
      await assertAxe(rp, `search results (${lang})`);
    }
  });

  test('a resident follows the project: page, timeline, what\'s new, feed', async () => {
    for (const lang of ['fi', 'sv']) {
      const title = lang === 'fi' ? TITLE_FI : TITLE_SV;
      await gotoOk(rp, `/${lang}/projects`);
      await assertAxe(rp, `project list (${lang})`);
      await clickAndWait(rp, main(rp).getByRole('link', { name: title }));
      await rp.getByRole('heading', { level: 1, name: title }).waitFor();
      await main(rp).getByRole('link', { name: WP_FI }).waitFor();
      assert.equal(await rp.locator('progress').getAttribute('value'), '33');   // 1 of 3 milestones done
      await assertAxe(rp, `project page (${lang})`);

      await clickAndWait(rp, main(rp).getByRole('link', { name: t(lang, 'Show the milestones on a timeline') }));
      const svg = rp.locator('svg[role="img"]');
      await svg.waitFor();
      assert.equal(await svg.locator('title').first().textContent(), t(lang, 'Timeline of the milestones'));
      assert.equal(await rp.locator('ol.milestones li').count(), 3);
      await assertAxe(rp, `timeline (${lang})`);

      await gotoOk(rp, `/${lang}/whats-new`);
      await main(rp).getByRole('heading', { name: UPDATE_FI }).waitFor();
      await assertAxe(rp, `what's new (${lang})`);
    }
    const feed = await rp.request.get(url('/feeds/updates.atom?lang=sv'));
    assert.equal(feed.status(), 200);
    assert.match(feed.headers()['content-type'], /application\/atom\+xml/);
    assert.ok((await feed.text()).includes(`<title>${UPDATE_FI}</title>`));
  });

  test('the project page and the list work without JavaScript', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(url('/fi/projects?q=perhekeskus&status=ongoing'));
    await page.locator('main').getByRole('link', { name: TITLE_FI }).waitFor();
    await clickAndWait(page, page.locator('main').getByRole('link', { name: TITLE_FI }));
    await page.getByRole('heading', { level: 1, name: TITLE_FI }).waitFor();
    await ctx.close();
  });
});
