// Roles and the permission catalogue. Roles are global (not scoped to the org tree); a change to a
// role's permissions applies to its holders from their next request.
import { BUILTIN_ROLES, PERMISSION_CODES } from '@cwp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  auditSince,
  createUserSession,
  databaseDigest,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  one,
  send,
} from './helpers';

interface RoleBody {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  builtin: boolean;
  permissions: string[];
  version: number;
}

let t: TestApp;
let admin: Session;
let district: Session;
let community: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
  district = await login(t.app, 'district');
  community = await login(t.app, 'community');
});
afterAll(async () => {
  await t?.close();
});

const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });
const forbidden = { status: 403, code: 'FORBIDDEN' };
const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' };

const roleRow = (code: string) =>
  one<{ id: number; permissions: string[]; version: number; name_zh: string }>(
    t,
    'select * from role where code = $1',
    [code],
  );

describe('GET /api/permissions', () => {
  it('needs a session and returns the catalogue', async () => {
    expectError(await as(t.app, null).get('/api/permissions'), unauthenticated);
    const res = await as(t.app, community).get('/api/permissions');
    expectOk(res);
    const codes = res.json<{ code: string; zh: string; en: string }[]>().map((p) => p.code);
    expect(codes).toEqual(PERMISSION_CODES);
  });
});

describe('GET /api/roles', () => {
  it('needs a session and user:read or role:manage', async () => {
    expectError(await as(t.app, null).get('/api/roles'), unauthenticated);
    expectError(await as(t.app, community).get('/api/roles'), forbidden);
  });

  it('lists the built-in roles with their permissions', async () => {
    const res = await as(t.app, district).get('/api/roles');
    expectOk(res);
    const roles = res.json<RoleBody[]>();
    expect(roles.map((r) => r.code)).toEqual([
      'system_admin',
      'dept_admin',
      'hr_officer',
      'community_leader',
      'worker',
      'auditor',
    ]);
    const leader = roles.find((r) => r.code === 'community_leader');
    expect(leader).toMatchObject({ builtin: true });
    expect([...(leader?.permissions ?? [])].sort()).toEqual(
      [...BUILTIN_ROLES.community_leader.permissions].sort(),
    );
  });
});

describe('POST /api/roles', () => {
  const body = (extra: Record<string, unknown> = {}) => ({
    code: 'statistician',
    nameZh: '统计员',
    nameEn: 'Statistician',
    permissions: ['org:read', 'worker:read', 'org:read'],
    ...extra,
  });

  it('needs a session and role:manage', async () => {
    expectError(await as(t.app, null).post('/api/roles', body()), unauthenticated);
    expectError(await as(t.app, district).post('/api/roles', body()), forbidden);
  });

  it('validates (400 naming the field) and writes nothing', async () => {
    const digest = await databaseDigest(t);
    const cases: [Record<string, unknown>, string][] = [
      [body({ code: 'Bad-Code' }), 'code'],
      [body({ code: 'ab' }), 'code'],
      [body({ code: 'dept_admin' }), 'code'], // taken
      [body({ permissions: ['org:read', 'root:everything'] }), 'permissions'],
      [body({ permissions: 'org:read' }), 'permissions'],
      [body({ nameZh: '' }), 'nameZh'],
      [body({ builtin: true }), 'builtin'],
    ];
    for (const [b, path] of cases)
      expectError(await as(t.app, admin).post('/api/roles', b), invalid(path));
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('creates a role with de-duplicated, sorted permissions and an audit row', async () => {
    const before = await maxAuditId(t);
    const res = await as(t.app, admin).post('/api/roles', body());
    expectOk(res);
    expect(res.json<RoleBody>()).toMatchObject({
      code: 'statistician',
      builtin: false,
      permissions: ['org:read', 'worker:read'],
      version: 1,
    });
    const row = await roleRow('statistician');
    expect(row.permissions).toEqual(['org:read', 'worker:read']);
    const [audit] = await auditSince(t, before);
    expect(audit).toMatchObject({
      action: 'role.create',
      entity_type: 'role',
      entity_id: String(row.id),
      actor_name: 'admin',
      changes: { code: 'statistician', permissions: ['org:read', 'worker:read'] },
    });
  });
});

describe('PATCH /api/roles/:id', () => {
  it('needs a session and role:manage; 404 for an unknown role; 409 when stale', async () => {
    const r = await roleRow('auditor');
    expectError(
      await as(t.app, null).patch(`/api/roles/${r.id}`, { version: r.version }),
      unauthenticated,
    );
    expectError(
      await as(t.app, district).patch(`/api/roles/${r.id}`, {
        version: r.version,
        permissions: [],
      }),
      forbidden,
    );
    expectError(await as(t.app, admin).patch('/api/roles/99999', { version: 1, nameZh: 'x' }), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(
      await as(t.app, admin).patch(`/api/roles/${r.id}`, { version: r.version + 1, nameZh: 'x' }),
      {
        status: 409,
        code: 'CONFLICT',
      },
    );
    expect((await roleRow('auditor')).name_zh).toBe('审计人员');
  });

  it('validates (400 naming the field) and keeps role:manage on system_admin', async () => {
    const digest = await databaseDigest(t);
    const sa = await roleRow('system_admin');
    const r = await roleRow('auditor');
    expectError(
      await as(t.app, admin).patch(`/api/roles/${sa.id}`, {
        version: sa.version,
        permissions: ['org:read'],
      }),
      invalid('permissions'),
    );
    expectError(
      await as(t.app, admin).patch(`/api/roles/${r.id}`, {
        version: r.version,
        permissions: ['nope'],
      }),
      invalid('permissions'),
    );
    expectError(
      await as(t.app, admin).patch(`/api/roles/${r.id}`, { nameZh: 'x' }),
      invalid('version'),
    );
    expectError(
      await as(t.app, admin).patch(`/api/roles/${r.id}`, { version: r.version, code: 'renamed' }),
      invalid('code'),
    );
    expectError(await as(t.app, admin).patch('/api/roles/abc', { version: 1 }), invalid('id'));
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('takes effect on the very next request of every holder, and is audited', async () => {
    const { c1, c2 } = await demoTree(t);
    const leader = await roleRow('community_leader');
    expectOk(await as(t.app, community).get(`/api/org-units/${c1.id}`));
    expectError(await as(t.app, community).get('/api/users'), forbidden);

    const before = await maxAuditId(t);
    const res = await send(t.app, {
      method: 'PATCH',
      url: `/api/roles/${leader.id}`,
      session: admin,
      headers: { 'x-request-id': 'role-edit-1' },
      payload: { version: leader.version, permissions: ['worker:read', 'user:read'] },
    });
    expectOk(res);
    expect(res.json<RoleBody>()).toMatchObject({
      permissions: ['user:read', 'worker:read'],
      version: leader.version + 1,
    });
    // The same session, no new login: org:read is gone, user:read arrived (within its scope).
    expectError(await as(t.app, community).get(`/api/org-units/${c1.id}`), forbidden);
    const users = await as(t.app, community).get('/api/users');
    expectOk(users);
    expect(users.json<{ items: { username: string }[] }>().items.map((u) => u.username)).toEqual([
      'community',
    ]);
    const me = await as(t.app, community).get('/api/auth/me');
    expect(me.json<{ user: { permissions: string[] } }>().user.permissions).toEqual([
      'user:read',
      'worker:read',
    ]);
    const [audit] = await auditSince(t, before);
    expect(audit).toMatchObject({
      action: 'role.update',
      entity_id: String(leader.id),
      actor_name: 'admin',
      request_id: 'role-edit-1',
      changes: {
        permissions: { from: leader.permissions, to: ['user:read', 'worker:read'] },
      },
    });

    expectOk(
      await as(t.app, admin).patch(`/api/roles/${leader.id}`, {
        version: leader.version + 1,
        permissions: leader.permissions,
      }),
    );
    expectOk(await as(t.app, community).get(`/api/org-units/${c1.id}`));
    expectError(await as(t.app, community).get(`/api/org-units/${c2.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, community).get('/api/users'), forbidden);
  });

  it('limits what a role holder may grant once the role is widened', async () => {
    // dept_admin lacks role:manage; giving the role to a district admin through a custom role with
    // more permissions than theirs is refused.
    const custom = await as(t.app, admin).post('/api/roles', {
      code: 'wide_role',
      nameZh: '宽权限',
      nameEn: 'Wide',
      permissions: ['role:manage'],
    });
    expectOk(custom);
    const { id: streetId, version } = await one<{ id: number; version: number }>(
      t,
      `select id, version from app_user where username = 'street'`,
    );
    expectError(
      await as(t.app, district).patch(`/api/users/${streetId}`, { version, roles: ['wide_role'] }),
      invalid('roles'),
    );
  });
});

describe('GET /api/roles for an administrator of roles only', () => {
  it('lists the roles to a holder of role:manage without user:read', async () => {
    // An administrator of roles only (no user:read) edits roles, so must be able to list them.
    expectOk(
      await as(t.app, admin).post('/api/roles', {
        code: 'role_keeper',
        nameZh: '权限管理员',
        nameEn: 'Role keeper',
        permissions: ['role:manage'],
      }),
    );
    const { city } = await demoTree(t);
    const keeper = await createUserSession(t, admin, {
      username: 'role-keeper',
      orgUnitId: city.id,
      roles: ['role_keeper'],
    });
    expectError(await as(t.app, keeper).get('/api/users'), forbidden);
    const res = await as(t.app, keeper).get('/api/roles');
    expectOk(res);
    expect(res.json<RoleBody[]>().map((r) => r.code)).toContain('role_keeper');
  });
});
