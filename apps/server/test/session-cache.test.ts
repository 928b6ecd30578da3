// The in-process session cache (plugins/session-cache.ts) with two instances on one database:
// a cached session is served without reading the database, and every change that narrows what a
// session may do (logout, account disabled, role permissions, roles of a user) reaches both
// instances — the changing instance at once, the other through LISTEN/NOTIFY.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { AUTH_CHANNEL, SessionCache } from '../src/plugins/session-cache';
import {
  as,
  createTestApp,
  login,
  testConfig,
  type Session,
  type TestApp,
} from '../../../tests/setup/app';
import { expectOk, one } from './helpers';

let t: TestApp;
let second: FastifyInstance;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_CACHE_SECONDS: '30' } });
  second = await buildApp({
    cfg: testConfig({ SESSION_CACHE_SECONDS: '30' }),
    db: t.db.db,
    pool: t.db.pool,
    logger: false,
  });
  await second.ready();
  admin = await login(t.app, 'admin');
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

/** Polls until the request answers `status`, for at most 3 s; returns the last status. */
async function eventually(request: () => Promise<{ statusCode: number }>, status: number) {
  let last = 0;
  for (let i = 0; i < 60; i++) {
    last = (await request()).statusCode;
    if (last === status) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  return last;
}

describe('session cache', () => {
  it('answers a cached session without reading its row again', async () => {
    const s = await login(t.app, 'district');
    expectOk(await as(second, s).get('/api/auth/me'));
    // Moved in the database only: the idle-time column carries no notification, so the cached
    // row (seen moments ago) still answers. Without the cache this is 401 SESSION_EXPIRED.
    await t.db.pool.query(
      `update session set last_seen_at = now() - interval '31 minutes' where user_id = $1`,
      [s.userId],
    );
    expect((await as(second, s).get('/api/auth/me')).statusCode).toBe(200);
  });

  it('ends a session on the other instance when it logs out', async () => {
    const s = await login(t.app, 'community');
    expectOk(await as(second, s).get('/api/auth/me'));
    expectOk(await as(t.app, s).post('/api/auth/logout'));
    // The instance that logged out knows at once.
    expect((await as(t.app, s).get('/api/auth/me')).statusCode).toBe(401);
    expect(await eventually(() => as(second, s).get('/api/auth/me'), 401)).toBe(401);
  });

  it('refuses a session at once on the instance that disabled the account, and soon on the other', async () => {
    const s = await login(t.app, 'auditor');
    expectOk(await as(t.app, s).get('/api/auth/me'));
    expectOk(await as(second, s).get('/api/auth/me'));
    const { version } = await one<{ version: number }>(
      t,
      'select version from app_user where id = $1',
      [s.userId],
    );
    expectOk(await as(t.app, admin).patch(`/api/users/${s.userId}`, { version, active: false }));
    expect((await as(t.app, s).get('/api/auth/me')).statusCode).toBe(401);
    expect(await eventually(() => as(second, s).get('/api/auth/me'), 401)).toBe(401);
  });

  it('applies a role permission change made directly in the database to cached sessions', async () => {
    const s = await login(t.app, 'street');
    expectOk(await as(second, s).get('/api/workers?pageSize=1'));
    await t.db.pool.query(
      `update role set permissions = array_remove(permissions, 'worker:read') where code = 'hr_officer'`,
    );
    try {
      expect(await eventually(() => as(second, s).get('/api/workers?pageSize=1'), 403)).toBe(403);
    } finally {
      await t.db.pool.query(
        `update role set permissions = array_append(permissions, 'worker:read') where code = 'hr_officer'`,
      );
    }
    expect(await eventually(() => as(second, s).get('/api/workers?pageSize=1'), 200)).toBe(200);
  });

  it("applies a change of a user's roles made directly in the database", async () => {
    const s = await login(t.app, 'street');
    expectOk(await as(second, s).get('/api/workers?pageSize=1'));
    const removed = await t.db.pool.query<{ role_id: number }>(
      'delete from user_role where user_id = $1 returning role_id',
      [s.userId],
    );
    try {
      expect(await eventually(() => as(second, s).get('/api/workers?pageSize=1'), 403)).toBe(403);
    } finally {
      for (const r of removed.rows)
        await t.db.pool.query('insert into user_role (user_id, role_id) values ($1, $2)', [
          s.userId,
          r.role_id,
        ]);
    }
  });

  it('does not notify for the once-a-minute last-seen touch', async () => {
    const client = await t.db.pool.connect();
    const heard: string[] = [];
    try {
      client.on('notification', (m) => heard.push(m.payload ?? ''));
      await client.query(`listen ${AUTH_CHANNEL}`);
      await t.db.pool.query(`update session set last_seen_at = now()`);
      await t.db.pool.query(
        `update app_user set failed_logins = failed_logins where username = 'admin'`,
      );
      await t.db.pool.query(`update org_unit set name = name || '' where parent_id is null`);
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toEqual([]);
      await t.db.pool.query(
        `update app_user set display_name = display_name || '.' where username = 'street'`,
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toHaveLength(1);
      expect(heard[0]).toMatch(/^u:\d+$/);
    } finally {
      await t.db.pool.query(
        `update app_user set display_name = left(display_name, -1) where username = 'street'`,
      );
      await client.query(`unlisten ${AUTH_CHANNEL}`);
      client.release();
    }
  });
});

describe('SessionCache', () => {
  it('serves nothing without a listening connection, and nothing past its time to live', async () => {
    const cache = new SessionCache<string>(1000);
    cache.set('a', 1, 'row', 0);
    expect(cache.get('a', 1)).toBeUndefined();
    await cache.listen(t.db.pool, (err) => {
      throw err;
    });
    try {
      cache.set('a', 1, 'row', 0);
      cache.set('b', 1, 'row', 0);
      cache.set('c', 2, 'row', 0);
      expect(cache.get('a', 999)).toBe('row');
      expect(cache.get('a', 1000)).toBeUndefined();
      cache.apply('u:1');
      expect(cache.get('b', 1)).toBeUndefined();
      expect(cache.get('c', 1)).toBe('row');
      cache.apply('s:c');
      expect(cache.get('c', 1)).toBeUndefined();
      cache.set('d', 3, 'row', 0);
      cache.apply('*');
      expect(cache.size).toBe(0);
    } finally {
      await cache.close();
    }
    cache.set('e', 1, 'row', 0);
    expect(cache.get('e', 1)).toBeUndefined();
  });
});
