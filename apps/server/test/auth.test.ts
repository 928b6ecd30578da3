// Login, lockout, logout, the current user and password changes (including the forced change
// of an account an administrator created).
import { BUILTIN_ROLES, ERROR_CATALOG } from '@cwp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { DEMO_PASSWORD } from '../src/seed/demo';
import {
  auditSince,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  NEW_PASSWORD,
  one,
  rows,
  send,
  STRONG_PASSWORD,
  tableCounts,
} from './helpers';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
});
afterAll(async () => {
  await t?.close();
});

const tryLogin = (username: string, password: string, headers: Record<string, string> = {}) =>
  send(t.app, { method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

const userRow = (username: string) =>
  one<{
    id: number;
    failed_logins: number;
    locked_until: Date | null;
    last_login_at: Date | null;
    must_change_password: boolean;
    password_hash: string;
  }>(t, 'select * from app_user where username = $1', [username]);

describe('POST /api/auth/login', () => {
  it('signs in, sets an httpOnly SameSite cookie, stores only a hash of the token, audits', async () => {
    const before = await maxAuditId(t);
    const res = await send(t.app, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'street', password: DEMO_PASSWORD },
      headers: { 'x-request-id': 'login-req-1', 'user-agent': 'vitest-agent' },
    });
    expectOk(res);
    const body = res.json<{ csrfToken: string; user: Record<string, unknown> }>();
    const { s1 } = await demoTree(t);
    expect(body.user).toMatchObject({
      username: 'street',
      mustChangePassword: false,
      orgUnit: { id: s1.id, level: 'subdistrict' },
      roles: [{ code: 'hr_officer', name: '街道人事专员' }],
    });
    expect(body.user.permissions).toContain('worker:read');
    expect(body.user.permissions).not.toContain('org:manage');
    const cookie = res.cookies.find((c) => c.name === 'cwp_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const token = cookie?.value ?? '';
    expect(token.length).toBeGreaterThan(30);

    const u = await userRow('street');
    const sessions = await rows<{ id: string; csrf_token: string; user_agent: string }>(
      t,
      'select * from session where user_id = $1',
      [u.id],
    );
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.id).not.toBe(token); // HMAC of the token, not the token itself
    expect(sessions[0]?.csrf_token).toBe(body.csrfToken);
    expect(sessions[0]?.user_agent).toBe('vitest-agent');
    expect(u.last_login_at).not.toBeNull();

    const audit = await auditSince(t, before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'auth.login',
      entity_type: 'user',
      entity_id: String(u.id),
      actor_id: u.id,
      actor_name: 'street',
      request_id: 'login-req-1',
      ip: '127.0.0.1',
    });
  });

  it('answers a wrong password with 401 in Chinese (English on request) and audits it', async () => {
    const before = await maxAuditId(t);
    const res = await tryLogin('admin', 'nope');
    expectError(res, { status: 401, code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect(res.cookies.find((c) => c.name === 'cwp_session')).toBeUndefined();
    const en = await tryLogin('admin', 'nope', { 'accept-language': 'en-US,en;q=0.9' });
    expectError(en, {
      status: 401,
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong username or password',
    });
    const audit = await auditSince(t, before);
    expect(audit.map((a) => a.action)).toEqual(['auth.login_failed', 'auth.login_failed']);
    expect(audit[0]?.changes).toMatchObject({ reason: 'wrong_password', failures: 1 });
    // A failure in between is counted; a successful login resets the counter.
    await login(t.app, 'admin');
    expect((await userRow('admin')).failed_logins).toBe(0);
  });

  it('answers an unknown user exactly like a wrong password and audits the attempt', async () => {
    const before = await maxAuditId(t);
    const res = await tryLogin('nobody-here', 'whatever');
    expectError(res, { status: 401, code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const [row] = await auditSince(t, before);
    expect(row).toMatchObject({
      action: 'auth.login_failed',
      actor_id: null,
      actor_name: 'nobody-here',
      changes: { reason: 'unknown_user' },
    });
  });

  it('is case-insensitive on the username', async () => {
    expectOk(await tryLogin('ADMIN', DEMO_PASSWORD));
  });

  it('rejects bad input with 400 naming the field and writes nothing', async () => {
    const before = await tableCounts(t);
    expectError(
      await send(t.app, { method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } }),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'password',
      },
    );
    expectError(await tryLogin('', 'x'), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'username',
    });
    expectError(await tryLogin('a'.repeat(65), 'x'), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'username',
    });
    expectError(
      await send(t.app, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: DEMO_PASSWORD, remember: true },
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'remember' },
    );
    expectError(
      await send(t.app, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: ['admin'], password: DEMO_PASSWORD },
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'username' },
    );
    // A NUL byte reaches PostgreSQL as text in the username lookup; it must be a 400, not a 500.
    expectError(await tryLogin('adm\u0000in', DEMO_PASSWORD), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'username',
    });
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('lockout', () => {
  it('locks after 5 wrong passwords (423), refuses even the right one, and lifts after locked_until', async () => {
    const before = await maxAuditId(t);
    const { id } = await userRow('auditor');
    for (let i = 1; i <= 4; i++) {
      expectError(await tryLogin('auditor', `wrong-${i}`), {
        status: 401,
        code: 'INVALID_CREDENTIALS',
      });
      expect((await userRow('auditor')).failed_logins).toBe(i);
    }
    const fifth = await tryLogin('auditor', 'wrong-5');
    expectError(fifth, {
      status: 423,
      code: 'ACCOUNT_LOCKED',
      message: ERROR_CATALOG.ACCOUNT_LOCKED.zh,
    });
    const locked = await userRow('auditor');
    expect(locked.locked_until?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    expect(locked.locked_until?.getTime()).toBeLessThanOrEqual(Date.now() + 15 * 60_000);

    const right = await tryLogin('auditor', DEMO_PASSWORD);
    expectError(right, {
      status: 423,
      code: 'ACCOUNT_LOCKED',
      message: ERROR_CATALOG.ACCOUNT_LOCKED.zh,
    });
    expect(right.cookies.find((c) => c.name === 'cwp_session')).toBeUndefined();
    expect(await rows(t, 'select 1 from session where user_id = $1', [id])).toHaveLength(0);

    const audit = await auditSince(t, before);
    expect(audit.map((a) => a.action)).toEqual([
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.login_failed',
      'auth.locked',
      'auth.login_failed',
    ]);
    expect(audit.every((a) => a.entity_id === String(id) && a.actor_id === id)).toBe(true);
    expect(audit[4]?.changes).toMatchObject({ reason: 'wrong_password', failures: 5 });
    expect(audit[5]?.changes).toMatchObject({ reason: 'locked' });

    // The administrator's view shows the lock.
    const listed = await as(t.app, admin).get(`/api/users/${id}`);
    expect(listed.json<{ lockedUntil: string | null }>().lockedUntil).not.toBeNull();

    await t.db.pool.query(
      `update app_user set locked_until = now() - interval '1 second' where id = $1`,
      [id],
    );
    const mark = await maxAuditId(t);
    expectOk(await tryLogin('auditor', DEMO_PASSWORD));
    const after = await userRow('auditor');
    expect(after.failed_logins).toBe(0);
    expect(after.locked_until).toBeNull();
    expect((await auditSince(t, mark)).map((a) => a.action)).toEqual(['auth.login']);
  });

  it('counts concurrent wrong guesses: a burst cannot slip past the lock', async () => {
    const { id } = await userRow('community');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => tryLogin('community', `burst-${i}`)),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(4);
    expect(codes.filter((c) => c === 423)).toHaveLength(6);
    expect((await userRow('community')).locked_until).not.toBeNull();
    await t.db.pool.query('update app_user set locked_until = null where id = $1', [id]);
  });
});

describe('POST /api/auth/logout', () => {
  it('needs a session', async () => {
    expectError(await as(t.app, null).post('/api/auth/logout'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  it('ends the session: cookie cleared, row deleted, old cookie refused, audited', async () => {
    const s = await login(t.app, 'district');
    const before = await maxAuditId(t);
    const res = await as(t.app, s).post('/api/auth/logout');
    expectOk(res);
    const cleared = res.cookies.find((c) => c.name === 'cwp_session');
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime() ?? 0).toBeLessThan(Date.now());
    expect(await rows(t, 'select 1 from session where user_id = $1', [s.userId])).toHaveLength(0);
    expectError(await as(t.app, s).get('/api/auth/me'), { status: 401, code: 'UNAUTHENTICATED' });
    expectError(await as(t.app, s).post('/api/auth/logout'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    const [row] = await auditSince(t, before);
    expect(row).toMatchObject({
      action: 'auth.logout',
      actor_id: s.userId,
      actor_name: 'district',
      entity_id: String(s.userId),
    });
  });

  it('ends only that session', async () => {
    const a = await login(t.app, 'district');
    const b = await login(t.app, 'district');
    expectOk(await as(t.app, a).post('/api/auth/logout'));
    expectOk(await as(t.app, b).get('/api/auth/me'));
  });
});

describe('GET /api/auth/me', () => {
  it('needs a session', async () => {
    expectError(await as(t.app, null).get('/api/auth/me'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  it('returns the user, its unit, roles, permissions and the CSRF token', async () => {
    const s = await login(t.app, 'community');
    const res = await as(t.app, s).get('/api/auth/me');
    expectOk(res);
    const { c1 } = await demoTree(t);
    expect(res.json()).toEqual({
      csrfToken: s.csrfToken,
      user: {
        id: s.userId,
        username: 'community',
        displayName: '社区书记',
        mustChangePassword: false,
        orgUnit: { id: c1.id, name: c1.name, level: 'community' },
        roles: [{ code: 'community_leader', name: '社区书记/主任' }],
        // The built-in role's permissions, sorted (the role is data: the catalogue decides).
        permissions: [...BUILTIN_ROLES.community_leader.permissions].sort(),
        workerId: null,
      },
    });
    const en = await send(t.app, {
      method: 'GET',
      url: '/api/auth/me',
      session: s,
      headers: { 'accept-language': 'en' },
    });
    expect(en.json<{ user: { roles: { name: string }[] } }>().user.roles[0]?.name).toBe(
      'Community leader',
    );
  });
});

describe('POST /api/auth/change-password', () => {
  it('needs a session', async () => {
    expectError(
      await as(t.app, null).post('/api/auth/change-password', {
        currentPassword: DEMO_PASSWORD,
        newPassword: NEW_PASSWORD,
      }),
      { status: 401, code: 'UNAUTHENTICATED' },
    );
  });

  it('enforces the current password and the policy (400 naming the field), changing nothing', async () => {
    const s = await login(t.app, 'street');
    const { password_hash } = await userRow('street');
    const before = await maxAuditId(t);
    const change = (currentPassword: string, newPassword: string) =>
      as(t.app, s).post('/api/auth/change-password', { currentPassword, newPassword });
    expectError(await change('not-it', NEW_PASSWORD), {
      status: 400,
      code: 'WRONG_PASSWORD',
      path: 'currentPassword',
    });
    for (const weak of [
      'Ab1#xyz', // 7 characters
      'abcdefghijk', // one class
      'abcdefgh1234', // two classes
      'ABCDEFGH!!!!', // two classes
      'Street#2026', // contains the username
      DEMO_PASSWORD, // unchanged
    ]) {
      expectError(await change(DEMO_PASSWORD, weak), {
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'newPassword',
      });
    }
    expectError(
      await as(t.app, s).post('/api/auth/change-password', { currentPassword: DEMO_PASSWORD }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'newPassword' },
    );
    expect((await userRow('street')).password_hash).toBe(password_hash);
    expect(await auditSince(t, before)).toHaveLength(0);
  });

  it('changes the password, ends the other sessions and keeps this one', async () => {
    const s = await login(t.app, 'street');
    const other = await login(t.app, 'street');
    const before = await maxAuditId(t);
    const res = await as(t.app, s).post('/api/auth/change-password', {
      currentPassword: DEMO_PASSWORD,
      newPassword: 'Aa1bcdefg', // 8 characters, three classes
    });
    expectOk(res);
    expectOk(await as(t.app, s).get('/api/auth/me'));
    expectError(await as(t.app, other).get('/api/auth/me'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expectError(await tryLogin('street', DEMO_PASSWORD), {
      status: 401,
      code: 'INVALID_CREDENTIALS',
    });
    expectOk(await tryLogin('street', 'Aa1bcdefg'));
    const [row] = await auditSince(t, before);
    expect(row).toMatchObject({ action: 'user.password_changed', actor_id: s.userId });
    expect(JSON.stringify(row)).not.toContain('Aa1bcdefg');
  });
});

describe('forced password change', () => {
  it('blocks everything but me/change-password/logout until the initial password is changed', async () => {
    const { c2 } = await demoTree(t);
    const created = await as(t.app, admin).post('/api/users', {
      username: 'newbie',
      displayName: '新同事',
      orgUnitId: c2.id,
      roles: ['community_leader'],
      password: STRONG_PASSWORD,
    });
    expectOk(created);
    expect((await userRow('newbie')).must_change_password).toBe(true);

    const s = await login(t.app, 'newbie', STRONG_PASSWORD);
    const me = await as(t.app, s).get('/api/auth/me');
    expectOk(me);
    expect(me.json<{ user: { mustChangePassword: boolean } }>().user.mustChangePassword).toBe(true);

    const counts = await tableCounts(t);
    const required = {
      status: 403,
      code: 'PASSWORD_CHANGE_REQUIRED',
      message: '首次登录请先修改密码',
    };
    expectError(await as(t.app, s).get('/api/org-units'), required);
    expectError(await as(t.app, s).get(`/api/org-units/${c2.id}`), required);
    expectError(await as(t.app, s).get('/api/dictionaries'), required);
    expectError(await as(t.app, s).get('/api/permissions'), required);
    expectError(
      await as(t.app, s).patch(`/api/org-units/${c2.id}`, { version: c2.version, name: 'x' }),
      required,
    );
    expect(await tableCounts(t)).toEqual(counts);

    expectError(
      await as(t.app, s).post('/api/auth/change-password', {
        currentPassword: STRONG_PASSWORD,
        newPassword: 'password',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'newPassword' },
    );
    expect((await userRow('newbie')).must_change_password).toBe(true);

    expectOk(
      await as(t.app, s).post('/api/auth/change-password', {
        currentPassword: STRONG_PASSWORD,
        newPassword: NEW_PASSWORD,
      }),
    );
    expect((await userRow('newbie')).must_change_password).toBe(false);
    const list = await as(t.app, s).get('/api/org-units');
    expectOk(list);
    expect(list.json<{ items: { id: number }[] }>().items.map((u) => u.id)).toEqual([c2.id]);

    // An administrator's password reset forces the change again.
    expectOk(
      await as(t.app, admin).post(`/api/users/${s.userId}/reset-password`, {
        password: STRONG_PASSWORD,
      }),
    );
    const again = await login(t.app, 'newbie', STRONG_PASSWORD);
    expectError(await as(t.app, again).get('/api/org-units'), required);
    expectOk(await as(t.app, again).post('/api/auth/logout'));
  });
});
