// Browser journeys run against the real thing: the built web app served by the real server
// process on a fresh migrated database with the demo city, driven by Debian's Chromium.
// A missing Chromium is a failure, not a skip: these journeys are what users depend on.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../apps/server/src/seed/demo';
import { createTestDatabase, type TestDatabase } from '../setup/db';

export { DEMO_PASSWORD };

/** How long `expect.poll` waits for a screen to show what the server did (the machine is shared). */
export const POLL = { timeout: 30_000, interval: 200 } as const;

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'apps/web');
const DIST_INDEX = path.join(WEB, 'dist/index.html');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Newest modification time under a path (files only). */
function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), 0);
}

/**
 * Builds apps/web when dist/index.html is missing or older than the sources it is built from, so
 * a journey never runs against a stale bundle.
 */
export function ensureWebBuild(): void {
  const sources = Math.max(
    newestMtime(path.join(WEB, 'src')),
    newestMtime(path.join(WEB, 'index.html')),
    newestMtime(path.join(WEB, 'vite.config.ts')),
    newestMtime(path.join(ROOT, 'packages/contracts/src')),
    newestMtime(path.join(ROOT, 'packages/core/src')),
  );
  if (existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= sources) return;
  const res = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: WEB,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (res.status !== 0 || !existsSync(DIST_INDEX)) {
    throw new Error(`web build failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ChildProcess, log: () => string) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(
        `server exited with code ${server.exitCode} before it was healthy:\n${log()}`,
      );
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy after 90 s:\n${log()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export interface Harness {
  baseUrl: string;
  /** The server's own database, for the rare step a journey cannot take through the screens. */
  dbUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies and localStorage) with one page. */
  newPage(): Promise<Page>;
  serverLog(): string;
  /** The pages newPage() opened that are still open. */
  openPages(): Page[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH. ` +
        'The browser journeys must run; they are not skipped.',
    );
  }
  ensureWebBuild();

  const cleanups: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const fn of cleanups.reverse()) await fn();
  };
  try {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.drop());
    // The server connects on its own; the harness only needs the database to exist.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cwp-browser-data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    let output = '';
    const server = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        SEED_DEMO: 'true',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        WEB_DIST: path.join(WEB, 'dist'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    server.stdout?.on('data', collect);
    server.stderr?.on('data', collect);
    cleanups.push(() => stopProcess(server));
    await waitForHealth(baseUrl, server, () => output);

    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    cleanups.push(() => browser.close());

    const pages: Page[] = [];
    return {
      baseUrl,
      dbUrl: db.url,
      browser,
      async newPage() {
        const context = await browser.newContext({
          baseURL: baseUrl,
          locale: 'zh-CN',
          viewport: { width: 1366, height: 800 },
        });
        const page = await context.newPage();
        pages.push(page);
        recordActivity(page);
        return page;
      },
      serverLog: () => output,
      openPages: () => pages.filter((p) => !p.isClosed()),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The last API calls, console errors and page errors of each page, for saveFailure. */
const activity = new WeakMap<Page, string[]>();
const ACTIVITY_LINES = 15;

function recordActivity(page: Page): void {
  const log: string[] = [];
  activity.set(page, log);
  const add = (line: string) => {
    log.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    if (log.length > ACTIVITY_LINES) log.shift();
  };
  const sent = new WeakMap<object, number>();
  page.on('request', (req) => {
    if (new URL(req.url()).pathname.startsWith('/api/')) sent.set(req, Date.now());
  });
  page.on('response', (res) => {
    const req = res.request();
    const t0 = sent.get(req);
    if (t0 === undefined) return;
    const url = new URL(res.url());
    add(`${req.method()} ${url.pathname}${url.search} → ${res.status()} in ${Date.now() - t0} ms`);
  });
  page.on('requestfailed', (req) => {
    if (sent.has(req)) add(`${req.method()} ${req.url()} failed: ${req.failure()?.errorText}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') add(`console error: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (err) => add(`page error: ${err.message.slice(0, 300)}`));
}

/**
 * Runs `fn` on the server's own database, for the rare step a journey cannot take through the
 * screens (time that cannot pass in a test, data no screen writes).
 */
export async function withServerDb<T>(h: Harness, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: h.dbUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Where a failed journey leaves its screenshots and server log. */
export const FAILURE_DIR =
  process.env.BROWSER_FAILURE_DIR ?? path.join(os.tmpdir(), 'cwp-browser-failures');

/**
 * After a failed journey: prints each open page's address and the messages, alerts and field
 * errors it shows, and saves a screenshot of each page and the server's log under FAILURE_DIR.
 */
async function saveFailure(h: Harness, testName: string): Promise<void> {
  const slug = `${new Date().toISOString().replace(/[:.]/g, '-')}-${testName.replace(/[^\w\u4e00-\u9fff]+/g, '_').slice(0, 60)}`;
  const dir = path.join(FAILURE_DIR, slug);
  const lines = [`browser journey failed: ${testName}`];
  try {
    mkdirSync(dir, { recursive: true });
    let i = 0;
    for (const page of h.openPages()) {
      i++;
      const shown = await page
        .locator(
          '.ant-message-notice:visible, .ant-alert:visible, .ant-form-item-explain-error:visible, .ant-modal-title:visible',
        )
        .allInnerTexts()
        .catch(() => []);
      lines.push(`  page ${i}: ${page.url()}`);
      for (const text of shown) lines.push(`    shows: ${text.replace(/\s+/g, ' ').slice(0, 200)}`);
      for (const line of activity.get(page) ?? []) lines.push(`    ${line}`);
      await page
        .screenshot({ path: path.join(dir, `page-${i}.png`), fullPage: true, timeout: 10_000 })
        .catch(() => undefined);
    }
    writeFileSync(path.join(dir, 'server.log'), h.serverLog());
    lines.push(`  screenshots and server log: ${dir}`);
  } catch (err) {
    lines.push(`  (could not save everything: ${String(err)})`);
  }
  console.error(lines.join('\n'));
}

/**
 * Starts one harness for the calling test file. A start-up failure (no Chromium, server crash) is
 * rethrown by every test, so each one fails with the cause instead of being reported as skipped.
 */
export function useHarness(): () => Harness {
  let harness: Harness | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      harness = await startHarness();
    } catch (err) {
      failure = err;
    }
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && harness) await saveFailure(harness, ctx.task.name);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (failure !== undefined) throw failure;
    if (!harness) throw new Error('browser harness did not start');
    return harness;
  };
}

/** Fills the login form and waits until the app has left the login page. */
export async function login(
  page: Page,
  username: string,
  password: string,
  labels = { username: '用户名', password: '密码', submit: '登录' },
): Promise<void> {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/login')) await page.goto('/login');
  await page.getByLabel(labels.username).fill(username);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.submit, exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Texts of the main menu entries, in order. */
export async function menuTexts(page: Page): Promise<string[]> {
  const menu = page.getByTestId('main-menu');
  await menu.waitFor();
  return (await menu.locator('.ant-menu-item').allInnerTexts()).map((t) => t.trim());
}

/**
 * Types a date into an Ant Design DatePicker and checks that the picker took it: after Enter the
 * field is left, and a picker that did not accept the text (a keystroke that landed before it
 * opened, under load) shows its old value again. Then it types once more.
 */
export async function pickDate(input: Locator, value: string): Promise<void> {
  let seen = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    await input.click();
    await input.fill(value);
    await input.press('Enter');
    await input.blur();
    seen = await input.inputValue();
    if (seen === value) return;
  }
  throw new Error(`the date picker did not take ${value}; it shows "${seen}"`);
}

/**
 * Waits for a success message after a save (a text, or a locator when the text also shows
 * elsewhere on the page). If the form shows a field error or an error message instead, fails at
 * once with their texts, so that a failed save says why.
 */
export async function waitForSaved(
  page: Page,
  success: string | Locator,
  timeout = 30_000,
): Promise<void> {
  const errors = page.locator('.ant-form-item-explain-error:visible, .ant-message-error:visible');
  const done = typeof success === 'string' ? page.getByText(success) : success;
  const text = typeof success === 'string' ? success : success.toString();
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if ((await done.count()) > 0) return;
    if ((await errors.count()) > 0)
      throw new Error(`the save showed errors: ${(await errors.allInnerTexts()).join('; ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no "${text}" within ${timeout} ms`);
}

/**
 * Clicks `target` until `done` shows (an element that appears when the click took effect). Under
 * load a click on a control that is still settling (a panel opening, a dropdown toggling) has been
 * seen to change nothing, so the click is repeated, up to `tries` times; use it only for clicks
 * that are safe to repeat.
 */
export async function clickUntil(
  target: Locator,
  done: Locator,
  { tries = 3, wait = 5_000 }: { tries?: number; wait?: number } = {},
): Promise<void> {
  for (let attempt = 1; attempt <= tries; attempt++) {
    if (await done.first().isVisible()) return;
    // The target may go as the effect shows (a button replaced by its done state).
    await target.click({ timeout: wait }).catch(() => undefined);
    try {
      await done.first().waitFor({ timeout: attempt === tries ? 30_000 : wait });
      return;
    } catch {
      // not yet: try the click again, or fail below
    }
  }
  throw new Error(`clicking ${target.toString()} did not show ${done.toString()}`);
}

/**
 * Chooses an option of an Ant Design Select (`field` is its input, e.g. from getByLabel) and
 * checks that the select shows it. Under load a click on the field has left the dropdown closed,
 * and a click on an option has left the field empty; each is tried again.
 */
export async function pickOption(page: Page, field: Locator, option: string): Promise<void> {
  const select = field.locator(
    "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]",
  );
  const chosen = select.locator('.ant-select-selection-item');
  const item = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: option })
    .first();
  let seen = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    await clickUntil(field, item);
    await item.click();
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline) {
      seen = (await chosen.allInnerTexts()).join(' ');
      if (seen.includes(option)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`the select did not take "${option}"; it shows "${seen}"`);
}
