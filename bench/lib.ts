// Helpers shared by the benchmark scenarios: free ports, scratch directories, starting and stopping
// the real server as a child process, and small statistics. Every server and load generator here
// talks to 127.0.0.1 only.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Figure {
  metric: string;
  value: number | string;
  unit: string;
  /** Human-readable target, e.g. "≤ 60 s"; empty for figures reported for information. */
  target: string;
  pass: boolean | null;
}

export interface ScenarioResult {
  figures: Figure[];
  notes: string[];
  details?: Record<string, unknown>;
}

export async function freePort(): Promise<number> {
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

/**
 * A scratch directory readable by others: run as root, the embedded PostgreSQL drops to the
 * `postgres` user, which must be able to reach its data directory below this one.
 */
export function scratchDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The URL of an embedded PostgreSQL on `port` with the server's user and password (`postgres`). */
export const embeddedPgUrl = (port: number) =>
  `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

export interface RunningServer {
  child: ChildProcess;
  port: number;
  /** The embedded PostgreSQL's port (user and password `postgres`); not for bench scripts. */
  pgPort?: number;
  output(): string;
}

/**
 * The V8 flags `npm start` (scripts/start.mjs) runs the server with, so the benchmarks measure the
 * server as it runs in production. BENCH_SERVER_NODE_ARGS replaces them (e.g. '' for V8's
 * defaults) to measure their effect.
 */
export const SERVER_NODE_ARGS = (
  process.env.BENCH_SERVER_NODE_ARGS ?? '--max-old-space-size=1024 --max-semi-space-size=32'
)
  .split(' ')
  .filter(Boolean);

/** Starts `node --import tsx apps/server/src/main.ts` on its own ports with the given data dir. */
export function startServer(opts: {
  dataDir: string;
  port: number;
  pgPort: number;
  env?: Record<string, string>;
}): RunningServer {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(opts.port),
    DATA_DIR: opts.dataDir,
    EMBEDDED_PG_PORT: String(opts.pgPort),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...opts.env,
  };
  delete env.DATABASE_URL; // always the embedded PostgreSQL under dataDir
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_ARGS, '--import', 'tsx', 'apps/server/src/main.ts'],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, port: opts.port, pgPort: opts.pgPort, output: () => out };
}

/**
 * Waits until the server's job queue is empty. A server starting on a day whose daily tasks have
 * not run yet claims them at once (the dashboard snapshot, contract reminders, notifications …);
 * on the 1,000,000-worker data they took 45 s (2026-11-28), and a scenario measured meanwhile
 * would share the machine with them. Prints what it waited for.
 */
async function waitForIdleJobs(server: RunningServer, deadline: number): Promise<void> {
  if (server.pgPort === undefined) return;
  const client = new pg.Client({ connectionString: embeddedPgUrl(server.pgPort) });
  await client.connect();
  try {
    const t0 = performance.now();
    let kinds = new Set<string>();
    // The daily tasks are claimed in the server's onReady hook, just before it answers /health.
    await sleep(500);
    while (performance.now() < deadline) {
      const { rows } = await client.query<{ kind: string }>(
        `select kind from job where status in ('queued', 'running')`,
      );
      if (rows.length === 0) break;
      kinds = new Set([...kinds, ...rows.map((r) => r.kind)]);
      await sleep(500);
    }
    if (kinds.size > 0)
      console.log(
        `  waited ${((performance.now() - t0) / 1000).toFixed(1)} s for the server's background jobs to finish (${[...kinds].join(', ')}) before measuring`,
      );
  } finally {
    await client.end();
  }
}

/**
 * Polls GET /api/health until it answers 200; returns the milliseconds since `since`. Then waits
 * (not counted) until no background job is queued or running.
 */
export async function waitForHealth(
  server: RunningServer,
  since: number,
  timeoutMs: number,
): Promise<number> {
  const url = `http://127.0.0.1:${server.port}/api/health`;
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(
        `server exited (${server.child.exitCode ?? server.child.signalCode}) before it was healthy:\n${server.output()}`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        const ms = performance.now() - since;
        await waitForIdleJobs(server, deadline);
        return ms;
      }
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`server not healthy within ${timeoutMs / 1000} s:\n${server.output()}`);
}

/** SIGTERM, then SIGKILL after 30 s. Resolves to the exit code and how long the stop took. */
export async function stopServer(
  server: RunningServer,
): Promise<{ code: number | null; signal: string | null; ms: number }> {
  const { child } = server;
  const t0 = performance.now();
  if (child.exitCode !== null || child.signalCode !== null) {
    return { code: child.exitCode, signal: child.signalCode, ms: 0 };
  }
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const res = await exited;
  clearTimeout(timer);
  return { ...res, ms: performance.now() - t0 };
}

/**
 * Starts a small server script of bench/ (`node --import tsx bench/<script>`, the real server's V8
 * flags) on 127.0.0.1:`port` and waits for it to print "listening".
 */
export async function startScript(
  script: string,
  port: number,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_ARGS, '--import', 'tsx', path.join('bench', script)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 30_000;
  while (!out.includes('listening')) {
    if (child.exitCode !== null) throw new Error(`${script} exited:\n${out}`);
    if (Date.now() > deadline) throw new Error(`${script} did not start:\n${out}`);
    await sleep(50);
  }
  return { child, port, output: () => out };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run builds the same tree. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const round = (v: number, digits = 1) => Number(v.toFixed(digits));

/** Runs `fn` on one client of `pool` inside a transaction: committed, or rolled back on a throw. */
export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}
