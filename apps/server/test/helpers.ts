// Shared helpers for the API tests: raw SQL against the test database, the demo tree's shape,
// request helpers with arbitrary headers, and assertions on the error body.
import { spawn } from 'node:child_process';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type pg from 'pg';
import { expect } from 'vitest';
import { buildApp } from '../src/app';
import { as, login, type Session, type TestApp } from '../../../tests/setup/app';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function rows<T extends Record<string, unknown>>(
  t: TestApp,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return (await t.db.pool.query<T>(text, values)).rows;
}

export async function one<T extends Record<string, unknown>>(
  t: TestApp,
  text: string,
  values: unknown[] = [],
): Promise<T> {
  const [row] = await rows<T>(t, text, values);
  if (!row) throw new Error(`no row for: ${text}`);
  return row;
}

export async function count(t: TestApp, text: string, values: unknown[] = []): Promise<number> {
  const r = await one<{ n: number }>(t, `select count(*)::int as n from (${text}) x`, values);
  return r.n;
}

async function publicTables(pool: pg.Pool): Promise<string[]> {
  const { rows: tables } = await pool.query<{ name: string }>(
    `select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  return tables.map((x) => x.name);
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Row count of every table in the public schema. */
export async function tableCountsOf(pool: pg.Pool): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of await publicTables(pool)) {
    const { rows: r } = await pool.query<{ n: number }>(
      `select count(*)::int as n from ${quoteIdent(name)}`,
    );
    out[name] = r[0]?.n ?? -1;
  }
  return out;
}

export function tableCounts(t: TestApp): Promise<Record<string, number>> {
  return tableCountsOf(t.db.pool);
}

/** A digest of every row of every public table: equal digests mean nothing was written. */
export async function databaseDigestOf(
  pool: pg.Pool,
  opts: { except?: string[] } = {},
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await publicTables(pool)) {
    if (opts.except?.includes(name)) continue;
    const { rows: r } = await pool.query<{ d: string | null }>(
      `select md5(string_agg(x::text, '|' order by x::text)) as d from ${quoteIdent(name)} x`,
    );
    out[name] = r[0]?.d ?? 'empty';
  }
  return out;
}

export function databaseDigest(
  t: TestApp,
  opts: { except?: string[] } = {},
): Promise<Record<string, string>> {
  return databaseDigestOf(t.db.pool, opts);
}

export async function maxAuditId(t: TestApp): Promise<number> {
  return (await one<{ id: number | null }>(t, 'select max(id)::int as id from audit_log')).id ?? 0;
}

export interface AuditRow extends Record<string, unknown> {
  id: number;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_path: string | null;
  changes: unknown;
  request_id: string | null;
  ip: string | null;
}

/** Audit rows written after `afterId`, oldest first. */
export async function auditSince(t: TestApp, afterId: number): Promise<AuditRow[]> {
  return rows<AuditRow>(t, 'select * from audit_log where id > $1 order by id', [afterId]);
}

export interface Unit extends Record<string, unknown> {
  id: number;
  parent_id: number | null;
  level: string;
  name: string;
  division_code: string;
  path: string;
  depth: number;
  version: number;
  active: boolean;
}

export async function unit(t: TestApp, id: number): Promise<Unit> {
  return one<Unit>(t, 'select * from org_unit where id = $1', [id]);
}

export async function unitByCode(t: TestApp, code: string): Promise<Unit> {
  return one<Unit>(t, 'select * from org_unit where division_code = $1', [code]);
}

/**
 * The demo city: `d1` is the first district (home of `district`, `auditor`), `s1` its first
 * subdistrict (`street`), `c1` the first community of s1 (`community`); `c2` is a sibling of c1,
 * `s2` a sibling of s1, `d2` the second district.
 */
export async function demoTree(t: TestApp) {
  const all = await rows<Unit>(t, 'select * from org_unit order by division_code');
  const pick = (code: string) => {
    const u = all.find((x) => x.division_code === code);
    if (!u) throw new Error(`demo unit ${code} missing`);
    return u;
  };
  const city = pick('330100');
  const d1 = pick('330102');
  const d2 = pick('330103');
  const s1 = pick('330102001');
  const s2 = pick('330102002');
  const c1 = pick('330102001001');
  const c2 = pick('330102001002');
  const d2s1 = pick('330103001');
  const d2c1 = pick('330103001001');
  const childrenOf = (u: Unit) => all.filter((x) => x.parent_id === u.id);
  return { all, city, d1, d2, s1, s2, c1, c2, d2s1, d2c1, childrenOf };
}

export interface ErrorExpectation {
  status: number;
  code: string;
  path?: string;
  message?: string;
}

/** Asserts the error body `{code, message, details}` and, for a 400, the offending field. */
export function expectError(res: LightMyRequestResponse, e: ErrorExpectation): void {
  expect(res.statusCode, res.body).toBe(e.status);
  const body = res.json<{ code: string; message: string; details?: { path: string }[] }>();
  expect(body.code).toBe(e.code);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  if (e.message !== undefined) expect(body.message).toBe(e.message);
  if (e.path !== undefined) {
    expect(
      body.details?.map((d) => d.path),
      res.body,
    ).toContain(e.path);
  }
}

export function expectOk(res: LightMyRequestResponse): void {
  expect(res.statusCode, res.body).toBe(200);
}

/**
 * Every page of a list whose total is counted up to the cap (`url` ends in a query string; the
 * page number is appended), until an empty page. Each page must answer 200 with `totalCapped`
 * false and the same total; the items come back in page order with that total.
 */
export async function everyPage<T>(
  app: FastifyInstance,
  session: Session,
  url: string,
  maxPages = 100,
): Promise<{ items: T[]; total: number }> {
  const items: T[] = [];
  let total = -1;
  for (let p = 1; p <= maxPages; p++) {
    const res = await as(app, session).get(`${url}&page=${p}`);
    expectOk(res);
    const body = res.json<{ items: T[]; total: number; totalCapped: boolean }>();
    expect(body.totalCapped).toBe(false);
    if (total >= 0) expect(body.total).toBe(total);
    total = body.total;
    if (body.items.length === 0) break;
    items.push(...body.items);
  }
  return { items, total };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT' | 'HEAD';

/** A request with full control over headers (the `as` helper always sends the CSRF token). */
export function send(
  app: FastifyInstance,
  opts: {
    method: Method;
    url: string;
    session?: Session | null;
    csrf?: string | null;
    payload?: unknown;
    headers?: Record<string, string>;
  },
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.session) headers.cookie = opts.session.cookie;
  const csrf = opts.csrf === undefined ? opts.session?.csrfToken : opts.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  return app.inject({
    method: opts.method,
    url: opts.url,
    headers,
    ...(opts.payload === undefined
      ? {}
      : typeof opts.payload === 'string' || Buffer.isBuffer(opts.payload)
        ? { payload: opts.payload }
        : { payload: opts.payload as object }),
  });
}

export const STRONG_PASSWORD = 'Init#2026pw';
export const NEW_PASSWORD = 'Changed#2026';

/**
 * Creates an account through the API as `admin` and signs it in with its password changed, so
 * the session is ready to use. With `workerId` the account is a worker's own (linked before it
 * signs in, so the session knows it from its first request).
 */
export async function createUserSession(
  t: TestApp,
  admin: Session,
  body: {
    username: string;
    orgUnitId: number;
    roles: string[];
    displayName?: string;
    workerId?: number;
  },
): Promise<Session & { id: number }> {
  const res = await as(t.app, admin).post('/api/users', {
    displayName: body.displayName ?? body.username,
    password: STRONG_PASSWORD,
    username: body.username,
    orgUnitId: body.orgUnitId,
    roles: body.roles,
  });
  expectOk(res);
  const id = res.json<{ id: number }>().id;
  if (body.workerId !== undefined)
    await t.db.pool.query('update app_user set worker_id = $1 where id = $2', [body.workerId, id]);
  const s = await login(t.app, body.username, STRONG_PASSWORD);
  const changed = await as(t.app, s).post('/api/auth/change-password', {
    currentPassword: STRONG_PASSWORD,
    newPassword: NEW_PASSWORD,
  });
  expectOk(changed);
  return { ...s, id };
}

/** A database with the same server but another name (for restore targets). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
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

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real operator CLI (`node --import tsx apps/server/src/cli.ts …`). */
export function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  // The CLI keeps generated secrets in DATA_DIR; give it a throwaway one, never the repo's ./data.
  const dataDir = tempDir('cwp-cli-data-');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/cli.ts', ...args], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        DATA_DIR: dataDir,
        SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
        LOG_LEVEL: 'silent',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A hung command must fail its test, not the whole run.
    const timer = setTimeout(() => {
      stderr += `\n[runCli] killed after ${timeoutMs} ms`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RouteEntry {
  method: string;
  url: string;
}

/** Every registered route (method + path pattern), read from Fastify's route tree. */
export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const out: RouteEntry[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(m[2] ?? '');
    const url = stack.join('');
    for (const method of (m[3] ?? '').split(',').map((x) => x.trim())) {
      if (method) out.push({ method, url });
    }
  }
  return out;
}

/** A concrete URL for a route pattern, with every parameter filled in. */
export function fillParams(url: string): string {
  return url.replace(/:(\w+)/g, (_, name: string) => (name === 'code' ? 'education' : '1'));
}

/**
 * Everything a second app on the test database writes to its log (level `trace`, the real
 * logger and serializers) while `run` sends it requests: for tests that a log never holds
 * personal data or secrets.
 */
export async function capturedLog(
  t: TestApp,
  run: (app: FastifyInstance) => Promise<void>,
): Promise<string> {
  const logged = await buildApp({
    cfg: { ...t.cfg, LOG_LEVEL: 'trace' },
    db: t.db.db,
    pool: t.db.pool,
    logger: true,
  });
  await logged.ready();
  const lines: string[] = [];
  const original = fs.writeSync;
  const capture = (fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 1 || fd === 2) {
      lines.push(
        typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString() : String(data),
      );
      return typeof data === 'string' ? Buffer.byteLength(data) : (data as Buffer).length;
    }
    return (original as (...a: unknown[]) => number)(fd, data, ...rest);
  };
  (fs as { writeSync: unknown }).writeSync = capture;
  const originalAsync = fs.write;
  (fs as { write: unknown }).write = (fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 1 && fd !== 2)
      return (originalAsync as (...a: unknown[]) => void)(fd, data, ...rest);
    const n = capture(fd, data);
    const cb = rest.find((r) => typeof r === 'function') as
      ((e: null, n: number) => void) | undefined;
    setImmediate(() => cb?.(null, n));
  };
  const originalWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await run(logged);
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    (fs as { writeSync: unknown }).writeSync = original;
    (fs as { write: unknown }).write = originalAsync;
    process.stdout.write = originalWrite;
    await logged.close();
  }
  return lines.join('');
}
