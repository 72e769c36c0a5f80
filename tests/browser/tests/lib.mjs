// Shared helpers for the browser tests: one Chromium per test file, the
// translation catalogs, logging in through the real form, axe-core, and the
// password-reset mail. Run through ../run.sh, which sets BASE_URL and KOHTAAMO_DB.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BROWSER_DIR = path.resolve(here, '..');
export const REPO_ROOT = path.resolve(BROWSER_DIR, '../..');

export const BASE_URL = (process.env.BASE_URL || '').replace(/\/$/, '');
if (!BASE_URL) throw new Error('BASE_URL is not set: run the tests through tests/browser/run.sh');
export const DB_PATH = process.env.KOHTAAMO_DB || '';
export const MAIL_DIR = process.env.KOHTAAMO_MAIL_DIR || '';

export const DEMO_PASSWORD = 'kohtaamo-demo-2026';
export const ACCOUNTS = {
  admin: 'admin@kohtaamo.example',
  staff: 'koordinaattori@kohtaamo.example',
  resident: 'asukas@kohtaamo.example',
  residentSv: 'invanare@kohtaamo.example',
};

// Debian's Chromium; playwright-core never downloads a browser of its own.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const url = (p) => BASE_URL + p;

/* ---- translation catalogs, so expected texts are never retyped ----
 * Like the server (src/view/i18n.c): po/LANG.po plus any feature catalog
 * po/FEATURE.LANG.po; fuzzy and untranslated entries do not count. */

function unquote(s) {
  return JSON.parse(s.replace(/\\([^"\\nt])/g, '$1'));
}

const catalogs = new Map();
export function catalog(lang) {
  if (catalogs.has(lang)) return catalogs.get(lang);
  const map = new Map();
  let cur = null, key = null;
  const flush = () => {
    if (cur && cur.msgid && cur.msgstr && !cur.fuzzy && !map.has(cur.msgid)) map.set(cur.msgid, cur.msgstr);
  };
  let fuzzy = false;
  const poDir = path.join(REPO_ROOT, 'po');
  const files = readdirSync(poDir).filter((f) => f === `${lang}.po` || f.endsWith(`.${lang}.po`)).sort();
  const lines = files.flatMap((f) => [...readFileSync(path.join(poDir, f), 'utf8').split('\n'), '']);
  for (const line of lines) {
    const m = line.match(/^(msgid|msgstr|msgctxt|msgid_plural|msgstr\[\d+\])\s+(".*")\s*$/);
    if (m) {
      if (m[1] === 'msgid') { flush(); cur = { msgid: '', msgstr: '', fuzzy }; fuzzy = false; }
      key = m[1] === 'msgstr[0]' ? 'msgstr' : m[1];
      if (cur && (key === 'msgid' || key === 'msgstr')) cur[key] += unquote(m[2]);
    } else if (/^".*"\s*$/.test(line) && cur && (key === 'msgid' || key === 'msgstr')) {
      cur[key] += unquote(line.trim());
    } else if (line.startsWith('#,') && line.includes('fuzzy')) {
      fuzzy = true;
    } else if (line.trim() === '') {
      key = null;
    }
  }
  flush();
  catalogs.set(lang, map);
  return map;
}

// The text a person sees for msgid in lang; fails loudly when the catalog lacks it.
export function t(lang, msgid) {
  const s = catalog(lang).get(msgid);
  if (!s) throw new Error(`po/${lang}.po has no translation for ${JSON.stringify(msgid)}`);
  return s;
}

/* ---- logging in ---- */

// Logs in through the real form of the page's language and waits for the redirect.
export async function login(page, lang, email, password = DEMO_PASSWORD) {
  await page.goto(url(`/${lang}/login`));
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.endsWith('/login')),
    page.locator('main form button[type="submit"]').click(),
  ]);
}

/* ---- axe-core ---- */

const AXE_SOURCE = readFileSync(path.join(BROWSER_DIR, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Runs axe on the page as it is; returns the violations, each with its nodes.
export async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  return page.evaluate(async (tags) => {
    const res = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

export function formatViolations(violations) {
  return violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n` +
    v.nodes.map((n) => `      ${n.target}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`).join('\n')).join('\n');
}

/* ---- the password-reset mail ---- */

function tokenFromBody(body) {
  const m = body && body.match(/\/password-reset\/([A-Za-z0-9_-]+)/);
  return m ? m[1] : null;
}

function sqliteAvailable() {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// The token of the newest reset link sent to email: read from the outbox table
// with the sqlite3 tool when there is one, else from the mail that the server
// handed to run.sh's stand-in sendmail.
export async function latestResetToken(email) {
  const sql = `SELECT body FROM outbox WHERE to_addr = '${email.replace(/'/g, "''")}' ORDER BY id DESC LIMIT 1;`;
  const deadline = Date.now() + 15000;
  const useSqlite = DB_PATH && sqliteAvailable();
  while (Date.now() < deadline) {
    let token = null;
    if (useSqlite) {
      token = tokenFromBody(execFileSync('sqlite3', ['-readonly', DB_PATH, sql], { encoding: 'utf8' }));
    } else if (MAIL_DIR && existsSync(MAIL_DIR)) {
      const mails = readdirSync(MAIL_DIR).sort()
        .map((f) => readFileSync(path.join(MAIL_DIR, f), 'utf8'))
        .filter((m) => new RegExp(`^To: ${email.replace(/[.]/g, '\\.')}$`, 'mi').test(m));
      if (mails.length) token = tokenFromBody(mails[mails.length - 1]);
    } else {
      throw new Error('neither the sqlite3 tool nor KOHTAAMO_MAIL_DIR is available to read the reset mail');
    }
    if (token) return token;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no password-reset mail for ${email}`);
}
