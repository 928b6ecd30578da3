// The real server on its embedded PostgreSQL: a second server on the same data directory exits
// at once (code 3) while the first keeps serving; after the first is killed with SIGKILL (its
// postgres child may survive it), a new start on the same directory recovers and serves.
// Slow by nature (initdb of a fresh cluster).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, REPO_ROOT, tempDir } from './helpers';

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const dataDir = tempDir('cwp-lock-'); // mode 0700, like any mktemp directory
const started: ChildProcess[] = [];

function startServer(env: { PORT: number; EMBEDDED_PG_PORT: number }): Server {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      DATA_DIR: dataDir,
      PORT: String(env.PORT),
      EMBEDDED_PG_PORT: String(env.EMBEDDED_PG_PORT),
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      LOG_LEVEL: 'warn',
      WEB_DIST: path.join(dataDir, 'no-web'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, output: () => out, exited };
}

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function health(port: number): Promise<number> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    return res.status;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const postmasterPid = (): number | null => {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isFinite(pid) ? pid : null;
};

afterAll(async () => {
  // Stop only what this file started: its servers, then a postgres one of them left behind.
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 3000));
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
  const pid = postmasterPid();
  if (pid && alive(pid)) {
    process.kill(pid, 'SIGINT');
    await waitUntil('postgres to stop', () => !alive(pid), 30_000).catch(() => undefined);
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('one server per data directory', () => {
  it('refuses a second server, survives kill -9 and recovers on the next start', async () => {
    const port = await freePort();
    const pgPort = await freePort();
    const first = startServer({ PORT: port, EMBEDDED_PG_PORT: pgPort });
    await waitUntil(
      'the first server',
      () => first.output().includes('ready in') || first.child.exitCode !== null,
      150_000,
    );
    expect(first.child.exitCode, first.output()).toBeNull();
    expect(await health(port)).toBe(200);

    // Second server, same directory, its own ports: refused at once.
    const t0 = Date.now();
    const second = startServer({ PORT: await freePort(), EMBEDDED_PG_PORT: await freePort() });
    const code = await Promise.race([
      second.exited,
      new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000)),
    ]);
    expect(code, second.output()).toBe(3);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(second.output()).toContain(dataDir);
    expect(second.output()).toContain('另一个服务进程');
    expect(second.output()).toContain(`pid ${first.child.pid ?? ''}`);
    // The first one is untouched.
    expect(await health(port)).toBe(200);
    expect(first.child.exitCode).toBeNull();

    // Crash the first server. Its postgres child is not told and may keep running.
    const orphan = postmasterPid();
    expect(orphan).not.toBeNull();
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(path.join(dataDir, 'server.lock'))).toBe(true); // stale, from a dead pid

    const third = startServer({ PORT: port, EMBEDDED_PG_PORT: pgPort });
    await waitUntil(
      'the restarted server',
      () => third.output().includes('ready in') || third.child.exitCode !== null,
      150_000,
    );
    expect(third.child.exitCode, third.output()).toBeNull();
    expect(await health(port)).toBe(200);
    const current = postmasterPid();
    expect(current).not.toBeNull();
    if (orphan && orphan !== current) expect(alive(orphan)).toBe(false);
    expect(readFileSync(path.join(dataDir, 'server.lock'), 'utf8').trim()).toBe(
      String(third.child.pid),
    );

    // A clean stop releases the directory and stops postgres.
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'server.lock'))).toBe(false);
    if (current) await waitUntil('postgres to stop', () => !alive(current), 30_000);
  }, 400_000);
});
