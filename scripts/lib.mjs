// Shared helpers for scripts/start.mjs and scripts/test.mjs: where the repository is, whether the
// built web app (apps/web/dist) is older than its sources, and running a child process in the
// foreground with SIGINT/SIGTERM forwarded.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIR = path.join(ROOT, 'apps/web');
export const WEB_DIST = path.join(WEB_DIR, 'dist');

const SKIP_DIRS = new Set(['node_modules', 'dist', '.git']);

/** Newest modification time (ms) of a file, or of any file below a directory; 0 if absent. */
export function newestMtime(target) {
  return newestFile(target).mtime;
}

/** The newest file at or below `target`, and its modification time (ms). */
function newestFile(target) {
  let st;
  try {
    st = statSync(target);
  } catch {
    return { mtime: 0, file: null };
  }
  if (!st.isDirectory()) return { mtime: st.mtimeMs, file: target };
  let newest = { mtime: 0, file: null };
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIP_DIRS.has(entry.name)) continue;
    const found = newestFile(path.join(target, entry.name));
    if (found.mtime > newest.mtime) newest = found;
  }
  return newest;
}

/** Every input of the web build: the app's own sources and the shared packages it imports. */
export function webSources() {
  const sources = [
    path.join(WEB_DIR, 'src'),
    path.join(WEB_DIR, 'public'),
    path.join(WEB_DIR, 'index.html'),
    path.join(WEB_DIR, 'vite.config.ts'),
  ];
  const packagesDir = path.join(ROOT, 'packages');
  if (existsSync(packagesDir)) {
    for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
      if (entry.isDirectory()) sources.push(path.join(packagesDir, entry.name, 'src'));
    }
  }
  return sources;
}

/**
 * Why the web app needs building, or null when apps/web/dist is current. dist counts as built at
 * the time of its index.html (vite writes it last); it is stale when any source file is newer.
 */
export function webStaleReason() {
  const builtAt = newestMtime(path.join(WEB_DIST, 'index.html'));
  if (builtAt === 0) return 'apps/web/dist is missing';
  let newest = { mtime: 0, file: null };
  for (const source of webSources()) {
    const found = newestFile(source);
    if (found.mtime > newest.mtime) newest = found;
  }
  if (newest.mtime > builtAt) {
    return `${path.relative(ROOT, newest.file)} changed since the last build`;
  }
  return null;
}

/** Whether apps/web holds a buildable app yet (index.html and a build script). */
export function webAppPresent() {
  if (!existsSync(path.join(WEB_DIR, 'index.html'))) return false;
  try {
    const pkg = JSON.parse(readFileSync(path.join(WEB_DIR, 'package.json'), 'utf8'));
    return typeof pkg.scripts?.build === 'string';
  } catch {
    return false;
  }
}

/**
 * Builds the web app when it is stale. Returns true when dist is usable (or there is no web app to
 * build), false when the build failed.
 */
export function buildWebIfStale({ log = console.log } = {}) {
  if (!webAppPresent()) {
    log('[web] apps/web has no index.html yet; skipping the web build (API only).');
    return true;
  }
  const reason = webStaleReason();
  if (!reason) {
    log('[web] apps/web/dist is up to date.');
    return true;
  }
  log(`[web] building the web app (${reason}) …`);
  const started = Date.now();
  const npm = process.env.npm_execpath;
  // Under `npm start`/`npm test` npm_execpath is npm's own CLI script: run it with this node.
  const [cmd, args] =
    npm && npm.endsWith('.js')
      ? [process.execPath, [npm, 'run', 'build', '-w', '@cwp/web']]
      : ['npm', ['run', 'build', '-w', '@cwp/web']];
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (res.error) {
    console.error(`[web] could not run the build: ${res.error.message}`);
    return false;
  }
  if (res.status !== 0) {
    console.error(`[web] the web build failed (exit ${res.status ?? res.signal}).`);
    return false;
  }
  log(`[web] built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15, SIGKILL: 9 };

/**
 * Runs a command in the foreground: stdio inherited, SIGINT/SIGTERM passed on to it, and the
 * returned promise resolves to its exit code (128 + signal number when a signal ended it).
 */
export function runForeground(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
    const forward = (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const onInt = () => forward('SIGINT');
    const onTerm = () => forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', (err) => {
      console.error(`could not start ${cmd}: ${err.message}`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? 128 + (SIGNAL_NUMBERS[signal] ?? 1));
    });
  });
}
