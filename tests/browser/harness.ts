// Browser journeys run against the real thing: the built web app served by the real server
// process on a fresh migrated database with the demo city, driven by Debian's Chromium.
// A missing Chromium is a failure, not a skip: these journeys are what users depend on.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_PASSWORD } from '../../apps/server/src/seed/demo';
import { createTestDatabase, type TestDatabase } from '../setup/db';

export { DEMO_PASSWORD };

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
  browser: Browser;
  /** A fresh browser context (own cookies and localStorage) with one page. */
  newPage(): Promise<Page>;
  serverLog(): string;
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

    return {
      baseUrl,
      browser,
      async newPage() {
        const context = await browser.newContext({
          baseURL: baseUrl,
          locale: 'zh-CN',
          viewport: { width: 1366, height: 800 },
        });
        return context.newPage();
      },
      serverLog: () => output,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
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
 * Waits for a success message after a save. If the form shows a field error or an error message
 * instead, fails at once with their texts, so that a failed save says why.
 */
export async function waitForSaved(page: Page, text: string, timeout = 30_000): Promise<void> {
  const errors = page.locator('.ant-form-item-explain-error:visible, .ant-message-error:visible');
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if ((await page.getByText(text).count()) > 0) return;
    if ((await errors.count()) > 0)
      throw new Error(`the save showed errors: ${(await errors.allInnerTexts()).join('; ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no "${text}" within ${timeout} ms`);
}
