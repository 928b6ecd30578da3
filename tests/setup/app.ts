// Builds the real application on a fresh cloned database with the demo city, and logs in as
// demo accounts through the real login endpoint.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../apps/server/src/app';
import { loadConfig, type Config } from '../../apps/server/src/config';
import { DEMO_PASSWORD, seedDemo } from '../../apps/server/src/seed/demo';
import { Pii } from '../../apps/server/src/lib/pii';
import { createTestDatabase, type TestDatabase } from './db';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  cfg: Config;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'cwp-test-data-')),
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: 'silent',
    // Tests change users and roles with raw SQL and expect the next request to see it at once;
    // the session cache has its own tests (apps/server/test/session-cache.test.ts).
    SESSION_CACHE_SECONDS: '0',
    ...overrides,
  });
}

export async function createTestApp(
  opts: {
    seed?: boolean;
    /** Also seed the ~8,000 demo workers and the `worker` account (slower). */
    workers?: boolean;
    env?: Record<string, string>;
    extraRoutes?: (app: FastifyInstance) => void;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const cfg = testConfig(opts.env);
  if (opts.seed !== false) await seedDemo(db.db, opts.workers ? { pii: new Pii(cfg.pii) } : {});
  const app = await buildApp({
    cfg,
    db: db.db,
    pool: db.pool,
    logger: false,
    ...(opts.extraRoutes ? { extraRoutes: opts.extraRoutes } : {}),
  });
  await app.ready();
  return {
    app,
    db,
    cfg,
    async close() {
      await app.close();
      await db.drop();
      rmSync(cfg.dataDir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  userId: number;
  orgUnitId: number;
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'cwp_session');
  if (!c) throw new Error(`no session cookie in response ${res.statusCode} ${res.body}`);
  return `cwp_session=${c.value}`;
}

export async function login(
  app: FastifyInstance,
  username: string,
  password = DEMO_PASSWORD,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ csrfToken: string; user: { id: number; orgUnit: { id: number } } }>();
  return {
    cookie: sessionCookie(res),
    csrfToken: body.csrfToken,
    userId: body.user.id,
    orgUnitId: body.user.orgUnit.id,
  };
}

/** Request helper carrying the session cookie and CSRF header. */
export function as(app: FastifyInstance, s: Session | null) {
  const headers = (extra?: Record<string, string>) => ({
    ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrfToken } : {}),
    ...extra,
  });
  const withBody = (method: 'POST' | 'PATCH' | 'PUT') => (url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: headers(),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers: headers() }),
    post: withBody('POST'),
    patch: withBody('PATCH'),
    put: withBody('PUT'),
    delete: (url: string) => app.inject({ method: 'DELETE', url, headers: headers() }),
  };
}
