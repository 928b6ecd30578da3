// Session lifetime: idle timeout, absolute expiry, forged cookies, and sessions ended by account
// changes. Expiry is simulated by moving timestamps in the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { expectError, expectOk, one, rows, send } from './helpers';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
});
afterAll(async () => {
  await t?.close();
});

const sessionRows = (userId: number) =>
  rows<{ id: string; last_seen_at: Date }>(t, 'select * from session where user_id = $1', [userId]);

describe('idle timeout', () => {
  it('expires a session idle for 31 minutes (401 SESSION_EXPIRED) and deletes it', async () => {
    const s = await login(t.app, 'district');
    expectOk(await as(t.app, s).get('/api/auth/me'));
    await t.db.pool.query(
      `update session set last_seen_at = now() - interval '31 minutes' where user_id = $1`,
      [s.userId],
    );
    expectError(await as(t.app, s).get('/api/org-units'), {
      status: 401,
      code: 'SESSION_EXPIRED',
      message: '登录已过期，请重新登录',
    });
    expect(await sessionRows(s.userId)).toHaveLength(0);
    expectError(await as(t.app, s).get('/api/auth/me'), { status: 401, code: 'UNAUTHENTICATED' });
  });

  it('keeps a session idle for 29 minutes alive and slides it forward', async () => {
    const s = await login(t.app, 'street');
    await t.db.pool.query(
      `update session set last_seen_at = now() - interval '29 minutes' where user_id = $1`,
      [s.userId],
    );
    expectOk(await as(t.app, s).get('/api/auth/me'));
    const [row] = await sessionRows(s.userId);
    expect(Date.now() - (row?.last_seen_at.getTime() ?? 0)).toBeLessThan(60_000);
  });
});

describe('absolute expiry', () => {
  it('refuses a session past expires_at even when recently used', async () => {
    const s = await login(t.app, 'auditor');
    await t.db.pool.query(
      `update session set expires_at = now() - interval '1 second' where user_id = $1`,
      [s.userId],
    );
    expectError(await as(t.app, s).get('/api/auth/me'), { status: 401, code: 'SESSION_EXPIRED' });
    expect(await sessionRows(s.userId)).toHaveLength(0);
  });

  it('gives a new session 12 hours', async () => {
    const s = await login(t.app, 'auditor');
    const row = await one<{ created_at: Date; expires_at: Date }>(
      t,
      'select created_at, expires_at from session where user_id = $1',
      [s.userId],
    );
    const hours = (row.expires_at.getTime() - row.created_at.getTime()) / 3_600_000;
    expect(hours).toBeCloseTo(12, 1);
  });
});

describe('forged and stale cookies', () => {
  it('refuses a made-up token, a token with the HMAC itself, and no cookie at all', async () => {
    const s = await login(t.app, 'community');
    const [row] = await sessionRows(s.userId);
    for (const cookie of ['cwp_session=abc', `cwp_session=${row?.id ?? ''}`, 'other=1']) {
      const res = await send(t.app, { method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expectError(res, { status: 401, code: 'UNAUTHENTICATED', message: '请先登录' });
    }
    expectOk(await as(t.app, s).get('/api/auth/me'));
  });

  it('ends every session of an account that is disabled', async () => {
    const s = await login(t.app, 'community');
    const user = await as(t.app, admin).get(`/api/users/${s.userId}`);
    const version = user.json<{ version: number }>().version;
    expectOk(await as(t.app, admin).patch(`/api/users/${s.userId}`, { version, active: false }));
    expect(await sessionRows(s.userId)).toHaveLength(0);
    expectError(await as(t.app, s).get('/api/auth/me'), { status: 401, code: 'UNAUTHENTICATED' });
    expectOk(
      await as(t.app, admin).patch(`/api/users/${s.userId}`, {
        version: version + 1,
        active: true,
      }),
    );
  });

  it('refuses a session whose account was disabled directly in the database', async () => {
    const s = await login(t.app, 'street');
    await t.db.pool.query('update app_user set active = false where id = $1', [s.userId]);
    expectError(await as(t.app, s).get('/api/auth/me'), { status: 401, code: 'UNAUTHENTICATED' });
    await t.db.pool.query('update app_user set active = true where id = $1', [s.userId]);
  });
});
