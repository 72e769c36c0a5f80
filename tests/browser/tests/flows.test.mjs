// What people do on Kohtaamo, checked by what they see: register, log out and
// in, switch language, publish news, a forged form, no JavaScript, 200% zoom.
// Expected texts come from po/*.po, never retyped here.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, login, t, url, ACCOUNTS } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// A fresh context that records script errors and CSP refusals: the site's own
// CSS and JS must load under its Content-Security-Policy.
async function newContext(options = {}) {
  const context = await browser.newContext(options);
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

// Clicks something that submits a form or follows a link; resolves to the response of the page that loads.
async function clickAndWait(page, locator) {
  const nav = page.waitForNavigation({ waitUntil: 'load' });
  await locator.click();
  return nav;
}

const mainNav = (page, lang) => page.getByRole('navigation', { name: t(lang, 'Main') });
const pathOf = (page) => new URL(page.url()).pathname;

describe('a new resident', () => {
  const stamp = `${Date.now()}-${process.pid}`;
  const name = 'Testi Testinen';
  const email = `testi.${stamp}@example.fi`;
  const password = 'kolme sanaa peräkkäin';
  let context, page;

  before(async () => {
    context = await newContext();
    page = await context.newPage();
  });
  after(async () => closeContext(context));

  test('registers through the Finnish form, fixing a too-short password', async () => {
    await page.goto(url('/fi/'));
    await clickAndWait(page, mainNav(page, 'fi').getByRole('link', { name: t('fi', 'Create an account') }));
    assert.equal(pathOf(page), '/fi/register');
    await page.getByLabel(t('fi', 'Name shown to others')).fill(name);
    await page.getByLabel(t('fi', 'E-mail address')).fill(email);
    await page.getByLabel(t('fi', 'Password')).fill('lyhyt');
    let resp = await clickAndWait(page, page.locator('main').getByRole('button', { name: t('fi', 'Create an account') }));
    assert.equal(resp.status(), 400);

    // The error stands next to the password field and is tied to it for screen readers.
    const tooShort = t('fi', 'The password must be at least 10 characters long.');
    const pwField = page.locator('.field', { has: page.locator('input[name="password"]') });
    await pwField.locator('.field-error').getByText(tooShort).waitFor();
    const pwInput = page.locator('input[name="password"]');
    assert.equal(await pwInput.getAttribute('aria-invalid'), 'true');
    const describedBy = (await pwInput.getAttribute('aria-describedby')) || '';
    const errorId = await pwField.locator('.field-error').getAttribute('id');
    assert.ok(describedBy.split(' ').includes(errorId), `aria-describedby="${describedBy}" lacks ${errorId}`);
    // The summary at the top names the same problem and links to the field.
    const summaryLink = page.locator('.error-summary').getByRole('link', { name: tooShort });
    assert.equal(await summaryLink.getAttribute('href'), `#${await pwInput.getAttribute('id')}`);
    // What was typed is kept, except the password.
    assert.equal(await page.getByLabel(t('fi', 'Name shown to others')).inputValue(), name);
    assert.equal(await page.getByLabel(t('fi', 'E-mail address')).inputValue(), email);
    assert.equal(await pwInput.inputValue(), '');

    await pwInput.fill(password);
    resp = await clickAndWait(page, page.locator('main').getByRole('button', { name: t('fi', 'Create an account') }));
    assert.equal(resp.status(), 200);
    assert.equal(pathOf(page), '/fi/account');
    await page.getByRole('status').getByText(t('fi', 'Welcome! Your account has been created.')).waitFor();
    assert.equal(await page.locator('h1').innerText(), t('fi', 'Your account'));
    await page.locator('main dd', { hasText: name }).waitFor();
  });

  test('logs out', async () => {
    await clickAndWait(page, mainNav(page, 'fi').getByRole('button', { name: t('fi', 'Log out') }));
    assert.equal(pathOf(page), '/fi/');
    await mainNav(page, 'fi').getByRole('link', { name: t('fi', 'Log in') }).waitFor();
    assert.equal(await mainNav(page, 'fi').getByRole('button', { name: t('fi', 'Log out') }).count(), 0);
    // The session is really gone: the account page asks to log in.
    await page.goto(url('/fi/account'));
    assert.equal(pathOf(page), '/fi/login');
  });

  test('logs in again', async () => {
    await page.goto(url('/fi/'));
    await clickAndWait(page, mainNav(page, 'fi').getByRole('link', { name: t('fi', 'Log in') }));
    await page.getByLabel(t('fi', 'E-mail address')).fill(email);
    await page.getByLabel(t('fi', 'Password')).fill(password);
    await clickAndWait(page, page.locator('main').getByRole('button', { name: t('fi', 'Log in') }));
    assert.equal(pathOf(page), '/fi/');
    await mainNav(page, 'fi').getByRole('button', { name: t('fi', 'Log out') }).waitFor();
    await clickAndWait(page, mainNav(page, 'fi').getByRole('link', { name: t('fi', 'Your account') }));
    assert.equal(pathOf(page), '/fi/account');
    await page.locator('main dd', { hasText: name }).waitFor();
  });

  test('switches to Swedish and sees the Swedish navigation', async () => {
    const switcher = page.getByRole('navigation', { name: t('fi', 'Language') });
    await clickAndWait(page, switcher.getByRole('link', { name: 'Svenska' }));
    assert.equal(pathOf(page), '/sv/account');
    assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
    const nav = mainNav(page, 'sv');
    for (const msgid of ['Front page', 'News', 'Your account']) {
      await nav.getByRole('link', { name: t('sv', msgid), exact: true }).waitFor();
    }
    await nav.getByRole('button', { name: t('sv', 'Log out') }).waitFor();
    assert.equal(await nav.getByRole('link', { name: t('fi', 'News') }).count(), 0);
    assert.equal(await page.locator('h1').innerText(), t('sv', 'Your account'));
    await page.locator('main dd', { hasText: name }).waitFor();
    // The switcher now marks Swedish as the current language and offers Finnish.
    const svSwitcher = page.getByRole('navigation', { name: t('sv', 'Language') });
    assert.equal(await svSwitcher.locator('[aria-current="true"]').innerText(), 'Svenska');
    await svSwitcher.getByRole('link', { name: 'Suomi' }).waitFor();
  });
});

describe('a staff member', () => {
  const stamp = `${Date.now()}-${process.pid}`;
  const titleFi = `Testiuutinen ${stamp}`;
  const titleSv = `Testnyhet ${stamp}`;
  let context, page;

  before(async () => {
    context = await newContext();
    page = await context.newPage();
    await login(page, 'fi', ACCOUNTS.staff);
  });
  after(async () => closeContext(context));

  test('publishes a news item through the form, and it is listed', async () => {
    // A resident who has the list open is told of the new item as it is published.
    const reader = await (await newContext()).newPage();
    await reader.goto(url('/fi/news'));

    await page.goto(url('/fi/news'));
    await clickAndWait(page, page.locator('main').getByRole('link', { name: t('fi', 'Publish news') }));
    assert.equal(pathOf(page), '/fi/news/new');
    const csrf = await page.locator('main form input[type="hidden"][name="csrf"]').inputValue();
    assert.ok(csrf.length >= 16, `the form's CSRF token looks wrong: "${csrf}"`);
    await page.getByLabel(t('fi', 'Title in Finnish')).fill(titleFi);
    await page.getByLabel(t('fi', 'Text in Finnish')).fill('Tämä uutinen julkaistiin **selaintestissä**.');
    await page.getByLabel(t('fi', 'Title in Swedish')).fill(titleSv);
    await page.getByLabel(t('fi', 'Text in Swedish')).fill('Den här nyheten publicerades i ett webbläsartest.');
    const resp = await clickAndWait(page, page.locator('main').getByRole('button', { name: t('fi', 'Publish') }));
    assert.equal(resp.status(), 200);
    assert.match(pathOf(page), /^\/fi\/news\/\d+$/);
    assert.equal(await page.locator('h1').innerText(), titleFi);
    await page.locator('main strong', { hasText: 'selaintestissä' }).waitFor();

    await clickAndWait(page, mainNav(page, 'fi').getByRole('link', { name: t('fi', 'News') }));
    assert.equal(pathOf(page), '/fi/news');
    await page.locator('main').getByRole('link', { name: titleFi }).waitFor();
    await page.goto(url('/sv/news'));
    await page.locator('main').getByRole('link', { name: titleSv }).waitFor();

    await reader.getByRole('status').getByText(t('fi', 'New news has been published. Reload the page to see it.'))
      .waitFor({ timeout: 10000 });
    await closeContext(reader.context());
  });

  test('a form whose CSRF token was tampered with gets the 403 page', async () => {
    const forged = `Väärennetty ${stamp}`;
    await page.goto(url('/fi/news/new'));
    await page.getByLabel(t('fi', 'Title in Finnish')).fill(forged);
    await page.getByLabel(t('fi', 'Text in Finnish')).fill('Tätä ei pitäisi julkaista.');
    await page.evaluate(() => {
      const input = document.querySelector('main form input[name="csrf"]');
      input.value = input.value.split('').reverse().join('') + 'x';
    });
    const resp = await clickAndWait(page, page.locator('main').getByRole('button', { name: t('fi', 'Publish') }));
    assert.equal(resp.status(), 403);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fi');
    assert.equal(await page.locator('h1').innerText(), t('fi', 'You do not have access to this page'));
    await page.locator('main').getByText(t('fi', 'The form had expired or did not come from this site. ' +
      'Please go back, reload the page and try again.')).waitFor();
    // Nothing was published.
    await page.goto(url('/fi/news'));
    assert.equal(await page.locator('main').getByRole('link', { name: forged }).count(), 0);
  });
});

test('without JavaScript, forms are checked and logging in works', async () => {
  const context = await newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    // The server checks the form by itself. (With JavaScript, site.js would have
    // moved focus to the error summary; that it did not shows scripts are off.)
    await page.goto(url('/fi/register'));
    const resp = await clickAndWait(page, page.locator('main').getByRole('button', { name: t('fi', 'Create an account') }));
    assert.equal(resp.status(), 400);
    await page.locator('.error-summary').getByRole('link', { name: t('fi', 'Enter a password.') }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'scripts seem to run');

    await clickAndWait(page, mainNav(page, 'fi').getByRole('link', { name: t('fi', 'Log in') }));
    await page.getByLabel(t('fi', 'E-mail address')).fill(ACCOUNTS.resident);
    await page.getByLabel(t('fi', 'Password')).fill('kohtaamo-demo-2026');
    await clickAndWait(page, page.locator('main').getByRole('button', { name: t('fi', 'Log in') }));
    assert.equal(pathOf(page), '/fi/');
    await clickAndWait(page, mainNav(page, 'fi').getByRole('link', { name: t('fi', 'Your account') }));
    await page.locator('main dd', { hasText: ACCOUNTS.resident }).waitFor();
    await clickAndWait(page, mainNav(page, 'fi').getByRole('button', { name: t('fi', 'Log out') }));
    await mainNav(page, 'fi').getByRole('link', { name: t('fi', 'Log in') }).waitFor();
  } finally {
    await closeContext(context);
  }
});

test('at 200% zoom (640 CSS pixels wide) the front page does not scroll sideways', async () => {
  const context = await newContext({ viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 });
  try {
    const page = await context.newPage();
    for (const lang of ['fi', 'sv']) {
      await page.goto(url(`/${lang}/`));
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
      }));
      assert.equal(innerWidth, 640);
      assert.ok(scrollWidth <= innerWidth, `/${lang}/: scrollWidth ${scrollWidth} > innerWidth ${innerWidth}`);
    }
  } finally {
    await closeContext(context);
  }
});
