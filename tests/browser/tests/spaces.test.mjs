// Participation spaces, groups and councils, statements: a member of the
// youth mental health group sees the group-only space that others cannot
// (403 for them, also through direct URLs and the API), and axe-core checks
// every page of the feature in Finnish and Swedish, forms with errors too.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, login, runAxe, formatViolations, t, url, ACCOUNTS } from './lib.mjs';

const GROUP_SPACE = '/spaces/youth-group';
const GROUP_SPACE_FI = 'Nuorten mielenterveyspalvelut – kehittäjäryhmä';
const GROUP_SPACE_SV = 'Ungas mentalvårdstjänster – utvecklingsgruppen';
const ELDERLY_CHAIR = 'maija.lehto@kohtaamo.example';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function visit(page, path, status = 200) {
  const resp = await page.goto(url(path));
  assert.equal(resp.status(), status, `${path} answered ${resp.status()}`);
  return resp;
}

async function assertAxe(page, what) {
  const violations = await runAxe(page);
  assert.deepEqual(violations, [], `${what}: axe found violations on ${page.url()}\n${formatViolations(violations)}`);
}

const main = (page) => page.locator('main');

describe('participation spaces and groups', () => {
  let anon, member, other, staff, chair;
  const pages = {};

  before(async () => {
    // axe-core goes in as an inline script, which the site's CSP rightly forbids.
    for (const name of ['anon', 'member', 'other', 'staff', 'chair']) {
      const ctx = await browser.newContext({ bypassCSP: true });
      pages[name] = { ctx, page: await ctx.newPage() };
    }
    anon = pages.anon.page;
    member = pages.member.page;
    other = pages.other.page;
    staff = pages.staff.page;
    chair = pages.chair.page;
    await login(member, 'fi', ACCOUNTS.resident);
    await login(other, 'sv', ACCOUNTS.residentSv);
    await login(staff, 'fi', ACCOUNTS.staff);
    await login(chair, 'fi', ELDERLY_CHAIR);
  });
  after(async () => {
    for (const p of Object.values(pages)) await p.ctx.close();
  });

  test('a group member sees a group-only space that others cannot', async () => {
    // the member finds it in the list and opens it
    await visit(member, '/fi/spaces');
    await main(member).getByRole('link', { name: GROUP_SPACE_FI }).click();
    await member.waitForURL((u) => u.pathname === `/fi${GROUP_SPACE}`);
    await main(member).getByRole('heading', { level: 1, name: GROUP_SPACE_FI }).waitFor();
    let api = await member.request.get(url(`/api/v1${GROUP_SPACE}`));
    assert.equal(api.status(), 200);
    assert.equal((await api.json()).group, 'youth-mental-health');
    const memberList = await (await member.request.get(url('/api/v1/spaces'))).json();
    assert.ok(memberList.items.some((s) => s.slug === 'youth-group'));

    // another resident: not in the list, 403 by direct URL and through the API
    await visit(other, '/sv/spaces');
    assert.equal(await main(other).getByText(GROUP_SPACE_SV).count(), 0);
    await visit(other, `/sv${GROUP_SPACE}`, 403);
    assert.equal(await main(other).getByText(GROUP_SPACE_SV).count(), 0);
    await main(other).getByText(t('sv', "This space is open only to its group's members and staff.")).waitFor();
    api = await other.request.get(url(`/api/v1${GROUP_SPACE}`));
    assert.equal(api.status(), 403);
    const otherList = await (await other.request.get(url('/api/v1/spaces'))).json();
    assert.ok(!otherList.items.some((s) => s.slug === 'youth-group'));
    assert.ok(otherList.items.some((s) => s.slug === 'mental-health'));
    await assertAxe(other, '403 for a signed-in non-member (sv)');

    // signed out: 403 with a way to sign in that comes back here
    await visit(anon, `/fi${GROUP_SPACE}`, 403);
    await main(anon).getByRole('link', { name: t('fi', 'Log in') }).click();
    await anon.waitForURL((u) => u.pathname === '/fi/login');
    assert.equal(new URL(anon.url()).searchParams.get('next'), `/fi${GROUP_SPACE}`);
    api = await anon.request.get(url(`/api/v1${GROUP_SPACE}`));
    assert.equal(api.status(), 403);
    await visit(anon, `/fi${GROUP_SPACE}`, 403);
    await assertAxe(anon, '403 signed out (fi)');
    await visit(anon, `/sv${GROUP_SPACE}`, 403);
    await assertAxe(anon, '403 signed out (sv)');

    // staff see it too
    await visit(staff, `/fi${GROUP_SPACE}`);
  });

  test('every page passes axe in Finnish and Swedish', async () => {
    for (const lang of ['fi', 'sv']) {
      for (const path of ['/spaces', '/spaces/mental-health', '/spaces/family-centres', '/spaces/service-locations',
        '/groups', '/groups/elderly-council', '/groups/youth-mental-health']) {
        await visit(anon, `/${lang}${path}`);
        await assertAxe(anon, `${path} signed out (${lang})`);
      }
      // a statement, reached from the council's page
      await visit(anon, `/${lang}/groups/elderly-council`);
      await main(anon).locator('.statement-list a').first().click();
      await anon.waitForURL((u) => /\/groups\/elderly-council\/statements\/\d+$/.test(u.pathname));
      await assertAxe(anon, `statement (${lang})`);

      // a member: the group page with the group's own space, the space itself, the follow button
      await visit(member, `/${lang}/groups/youth-mental-health`);
      await main(member).getByRole('link', { name: lang === 'fi' ? GROUP_SPACE_FI : GROUP_SPACE_SV }).waitFor();
      await assertAxe(member, `group page as a member (${lang})`);
      await visit(member, `/${lang}${GROUP_SPACE}`);
      await assertAxe(member, `group space as a member (${lang})`);
      await visit(member, `/${lang}/groups`);
      await assertAxe(member, `groups as a member (${lang})`);

      // the chair: managing the council and the statement form with an error
      await visit(chair, `/${lang}/groups/elderly-council`);
      await main(chair).getByRole('heading', { name: t(lang, 'Managing the group') }).waitFor();
      await assertAxe(chair, `council page as its chair (${lang})`);
      await visit(chair, `/${lang}/groups/elderly-council/statements/new`);
      await assertAxe(chair, `statement form (${lang})`);
      await chair.getByLabel(t(lang, 'Text of the statement')).fill('Luonnos, joka säilyy.');
      const nav = chair.waitForNavigation();
      await main(chair).getByRole('button', { name: t(lang, 'Publish the statement') }).click();
      assert.equal((await nav).status(), 400);
      await main(chair).locator('.field-error').getByText(t(lang, 'Enter a title.')).waitFor();
      assert.equal(await chair.getByLabel(t(lang, 'Text of the statement')).inputValue(), 'Luonnos, joka säilyy.');
      await assertAxe(chair, `statement form with errors (${lang})`);

      // staff: the list of spaces, the editor, and the editor with errors
      await visit(staff, `/${lang}/staff/spaces`);
      await assertAxe(staff, `staff space list (${lang})`);
      await main(staff).getByRole('link', { name: new RegExp(`${t(lang, 'Edit')}.*`) }).first().click();
      await staff.waitForURL((u) => /\/staff\/spaces\/\d+\/edit$/.test(u.pathname));
      await assertAxe(staff, `space editor (${lang})`);
      await visit(staff, `/${lang}/staff/spaces/new`);
      await assertAxe(staff, `new space form (${lang})`);
      await staff.getByLabel(t(lang, 'Address name')).fill('Not A Slug');
      await staff.getByLabel(t(lang, 'Title in Swedish')).fill('Bara på svenska');
      const nav2 = staff.waitForNavigation();
      await main(staff).getByRole('button', { name: t(lang, 'Save the space') }).click();
      assert.equal((await nav2).status(), 400);
      assert.equal(await staff.getByLabel(t(lang, 'Title in Swedish')).inputValue(), 'Bara på svenska');
      await main(staff).locator('.error-summary').waitFor();
      await assertAxe(staff, `new space form with errors (${lang})`);
    }
  });
});
