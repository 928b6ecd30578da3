// CSRF: every state-changing request with a valid session cookie must also carry that session's
// x-csrf-token; otherwise 403 CSRF_INVALID and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { DEMO_PASSWORD } from '../src/seed/demo';
import {
  databaseDigest,
  demoTree,
  expectError,
  expectOk,
  fillParams,
  listRoutes,
  one,
  send,
  STRONG_PASSWORD,
} from './helpers';

let t: TestApp;
let admin: Session;
let other: Session;
let requests: { name: string; method: 'POST' | 'PATCH'; url: string; payload?: unknown }[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
  other = await login(t.app, 'district');
  const { d1, d2, s2, c2 } = await demoTree(t);
  const street = await one<{ id: number; version: number }>(
    t,
    `select id, version from app_user where username = 'street'`,
  );
  const role = await one<{ id: number; version: number }>(
    t,
    `select id, version from role where code = 'auditor'`,
  );
  const item = await one<{ id: number; version: number; dictionary_code: string }>(
    t,
    `select id, version, dictionary_code from dictionary_item order by id limit 1`,
  );
  // Each payload is valid: without the CSRF check every one of these would change the database.
  requests = [
    { name: 'logout', method: 'POST', url: '/api/auth/logout' },
    {
      name: 'change password',
      method: 'POST',
      url: '/api/auth/change-password',
      payload: { currentPassword: DEMO_PASSWORD, newPassword: 'Csrf#2026xy' },
    },
    {
      name: 'create unit',
      method: 'POST',
      url: '/api/org-units',
      payload: { parentId: d1.id, level: 'subdistrict', name: '新街道', divisionCode: '330102099' },
    },
    {
      name: 'rename unit',
      method: 'PATCH',
      url: `/api/org-units/${c2.id}`,
      payload: { version: c2.version, name: '改名社区' },
    },
    {
      name: 'move unit',
      method: 'POST',
      url: `/api/org-units/${s2.id}/move`,
      payload: { version: s2.version, parentId: d2.id, divisionCode: '330103099' },
    },
    {
      name: 'deactivate unit',
      method: 'POST',
      url: `/api/org-units/${c2.id}/deactivate`,
      payload: { version: c2.version },
    },
    {
      name: 'create user',
      method: 'POST',
      url: '/api/users',
      payload: {
        username: 'csrfvictim',
        displayName: '受害者',
        orgUnitId: d1.id,
        roles: ['system_admin'],
        password: STRONG_PASSWORD,
      },
    },
    {
      name: 'update user',
      method: 'PATCH',
      url: `/api/users/${street.id}`,
      payload: { version: street.version, roles: ['system_admin'] },
    },
    {
      name: 'reset password',
      method: 'POST',
      url: `/api/users/${street.id}/reset-password`,
      payload: { password: STRONG_PASSWORD },
    },
    { name: 'unlock user', method: 'POST', url: `/api/users/${street.id}/unlock` },
    {
      name: 'create role',
      method: 'POST',
      url: '/api/roles',
      payload: { code: 'csrf_role', nameZh: '角色', nameEn: 'Role', permissions: ['org:read'] },
    },
    {
      name: 'update role',
      method: 'PATCH',
      url: `/api/roles/${role.id}`,
      payload: { version: role.version, permissions: ['role:manage'] },
    },
    {
      name: 'create dictionary item',
      method: 'POST',
      url: `/api/dictionaries/${item.dictionary_code}/items`,
      payload: { code: 'csrf', labelZh: '跨站', labelEn: 'CSRF' },
    },
    {
      name: 'update dictionary item',
      method: 'PATCH',
      url: `/api/dictionaries/${item.dictionary_code}/items/${item.id}`,
      payload: { version: item.version, active: false },
    },
  ];
});
afterAll(async () => {
  await t?.close();
});

describe('CSRF', () => {
  it('refuses every mutation without the token, with a wrong one, or with another session’s; writes nothing', async () => {
    const digest = await databaseDigest(t);
    for (const r of requests) {
      for (const csrf of [null, 'wrong-token', other.csrfToken, '']) {
        const res = await send(t.app, {
          method: r.method,
          url: r.url,
          session: admin,
          csrf,
          ...(r.payload === undefined ? {} : { payload: r.payload }),
        });
        expectError(res, {
          status: 403,
          code: 'CSRF_INVALID',
          message: '安全校验失败，请刷新页面后重试',
        });
      }
    }
    expect(await databaseDigest(t)).toEqual(digest);
    // The session survived the refused logout.
    expectOk(await as(t.app, admin).get('/api/auth/me'));
  });

  it('accepts the same requests with the right token (so the refusals above were about the token)', async () => {
    for (const r of requests.filter((x) => x.name !== 'logout' && x.name !== 'change password')) {
      const res = await send(t.app, {
        method: r.method,
        url: r.url,
        session: admin,
        ...(r.payload === undefined ? {} : { payload: r.payload }),
      });
      // Some fail on business rules once an earlier one changed the data; none fails on CSRF.
      expect(res.statusCode, `${r.name}: ${res.body}`).not.toBe(403);
      expect(res.statusCode, `${r.name}: ${res.body}`).toBeLessThan(500);
    }
  });

  it('guards every non-GET route of the app, including ones added later', async () => {
    const unsafe = listRoutes(t.app).filter(
      (r) => r.url.startsWith('/api/') && !['GET', 'HEAD', 'OPTIONS'].includes(r.method),
    );
    expect(unsafe.length).toBeGreaterThan(10);
    for (const r of unsafe) {
      // Public routes act on no session, so there is nothing to forge: login and the residents'
      // and applicants' pages under /api/public/.
      if (r.url === '/api/auth/login' || r.url.startsWith('/api/public/')) continue;
      const res = await send(t.app, {
        method: r.method as 'POST',
        url: fillParams(r.url),
        session: admin,
        csrf: null,
        payload: {},
      });
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(403);
      expect(res.json<{ code: string }>().code, `${r.method} ${r.url}`).toBe('CSRF_INVALID');
    }
  });

  it('does not need the token for reads', async () => {
    expectOk(
      await send(t.app, { method: 'GET', url: '/api/org-units', session: admin, csrf: null }),
    );
  });
});
