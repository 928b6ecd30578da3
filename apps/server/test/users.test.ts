// Accounts: scoped reads, creation and edits without privilege escalation, password resets and
// unlocking, each audited without secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  auditSince,
  count,
  databaseDigest,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  one,
  rows,
  send,
  STRONG_PASSWORD,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;
interface UserBody {
  id: number;
  username: string;
  displayName: string;
  orgUnitId: number;
  orgUnitName: string;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  version: number;
}

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;
type DemoName = 'admin' | 'district' | 'street' | 'community' | 'auditor';
let ids: Record<DemoName, number>;

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  admin = await login(t.app, 'admin');
  district = await login(t.app, 'district');
  street = await login(t.app, 'street');
  community = await login(t.app, 'community');
  const all = await rows<{ username: string; id: number }>(t, 'select username, id from app_user');
  const idOf = (name: DemoName) => {
    const u = all.find((x) => x.username === name);
    if (!u) throw new Error(`demo user ${name} missing`);
    return u.id;
  };
  ids = {
    admin: idOf('admin'),
    district: idOf('district'),
    street: idOf('street'),
    community: idOf('community'),
    auditor: idOf('auditor'),
  };
});
afterAll(async () => {
  await t?.close();
});

const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });
const notFound = { status: 404, code: 'NOT_FOUND' };
const forbidden = { status: 403, code: 'FORBIDDEN' };
const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' };

const userRow = (id: number) =>
  one<{
    id: number;
    username: string;
    display_name: string;
    org_unit_id: number;
    must_change_password: boolean;
    password_hash: string;
    failed_logins: number;
    locked_until: Date | null;
    active: boolean;
    version: number;
  }>(t, 'select * from app_user where id = $1', [id]);

const rolesOf = async (id: number) =>
  (
    await rows<{ code: string }>(
      t,
      'select r.code from user_role ur join role r on r.id = ur.role_id where ur.user_id = $1 order by 1',
      [id],
    )
  ).map((r) => r.code);

const versionOf = async (id: number) => (await userRow(id)).version;

describe('GET /api/users', () => {
  it('needs a session and user:read; validates the query', async () => {
    expectError(await as(t.app, null).get('/api/users'), unauthenticated);
    expectError(await as(t.app, community).get('/api/users'), forbidden);
    expectError(await as(t.app, admin).get('/api/users?pageSize=0'), invalid('pageSize'));
    expectError(await as(t.app, admin).get('/api/users?orgUnitId=x'), invalid('orgUnitId'));
    expectError(await as(t.app, admin).get('/api/users?role=admin'), invalid('role'));
  });

  it('lists only accounts inside the caller’s subtree', async () => {
    const names = async (s: Session, query = '') =>
      (await as(t.app, s).get(`/api/users?pageSize=100${query}`))
        .json<{ items: UserBody[] }>()
        .items.map((u) => u.username)
        .sort();
    expect(await names(admin)).toEqual(['admin', 'auditor', 'community', 'district', 'street']);
    expect(await names(district)).toEqual(['auditor', 'community', 'district', 'street']);
    expect(await names(street)).toEqual(['community', 'street']);
    expect(await names(district, `&orgUnitId=${tree.d2.id}`)).toEqual([]);
    expect(await names(admin, `&orgUnitId=${tree.s1.id}`)).toEqual(['community', 'street']);
    expect(await names(admin, '&q=STREE')).toEqual(['street']);
    expect(await names(admin, `&q=${encodeURIComponent('社区书记')}`)).toEqual(['community']);
    expect(await names(admin, '&q=%25')).toEqual([]); // a literal %, not a wildcard
  });

  it('pages with a total', async () => {
    const res = await as(t.app, admin).get('/api/users?pageSize=2&page=2');
    const body = res.json<{ items: UserBody[]; total: number }>();
    expect(body.total).toBe(await count(t, 'select 1 from app_user'));
    expect(body.items).toHaveLength(2);
  });
});

describe('GET /api/users/:id', () => {
  it('needs a session and user:read; validates the id; 404 outside the subtree', async () => {
    expectError(await as(t.app, null).get(`/api/users/${ids.street}`), unauthenticated);
    expectError(await as(t.app, community).get(`/api/users/${ids.community}`), forbidden);
    expectError(await as(t.app, admin).get('/api/users/abc'), invalid('id'));
    expectError(await as(t.app, district).get(`/api/users/${ids.admin}`), notFound);
    expectError(await as(t.app, street).get(`/api/users/${ids.district}`), notFound);
    expectError(await as(t.app, street).get(`/api/users/${ids.auditor}`), notFound);
    expectError(await as(t.app, admin).get('/api/users/99999999'), notFound);
  });

  it('returns the account without secrets', async () => {
    const res = await as(t.app, street).get(`/api/users/${ids.community}`);
    expectOk(res);
    const body = res.json<UserBody>();
    expect(body).toMatchObject({
      id: ids.community,
      username: 'community',
      orgUnitId: tree.c1.id,
      orgUnitName: tree.c1.name,
      roles: ['community_leader'],
      active: true,
      mustChangePassword: false,
      lockedUntil: null,
    });
    expect(Object.keys(body).sort()).toEqual(
      [
        'active',
        'displayName',
        'id',
        'lastLoginAt',
        'lockedUntil',
        'mustChangePassword',
        'orgUnitId',
        'orgUnitName',
        'roles',
        'username',
        'version',
      ].sort(),
    );
  });
});

describe('POST /api/users', () => {
  const body = (extra: Record<string, unknown> = {}) => ({
    username: 'clerk1',
    displayName: '街道干事',
    orgUnitId: tree.s2.id,
    roles: ['hr_officer'],
    password: STRONG_PASSWORD,
    ...extra,
  });

  it('needs a session and user:manage', async () => {
    expectError(await as(t.app, null).post('/api/users', body()), unauthenticated);
    expectError(await as(t.app, street).post('/api/users', body()), forbidden);
    expectError(await as(t.app, community).post('/api/users', body()), forbidden);
  });

  it('refuses escalation, foreign units and bad input (400 naming the field); writes nothing', async () => {
    const digest = await databaseDigest(t);
    const cases: [Session, Record<string, unknown>, string][] = [
      [district, body({ roles: ['system_admin'] }), 'roles'],
      [district, body({ roles: ['hr_officer', 'system_admin'] }), 'roles'],
      [district, body({ orgUnitId: tree.d2s1.id }), 'orgUnitId'],
      [district, body({ orgUnitId: tree.city.id }), 'orgUnitId'],
      [admin, body({ orgUnitId: 99999999 }), 'orgUnitId'],
      [admin, body({ roles: ['no_such_role'] }), 'roles'],
      [admin, body({ roles: [] }), 'roles'],
      [admin, body({ password: 'short1A' }), 'password'],
      [admin, body({ password: 'alllowercaseletters' }), 'password'],
      [admin, body({ password: 'Clerk1#2026' }), 'password'], // contains the username
      [admin, body({ username: 'STREET' }), 'username'], // taken, case-insensitively
      [admin, body({ username: '1abc' }), 'username'],
      [admin, body({ username: 'ab' }), 'username'],
      [admin, body({ username: 'has space' }), 'username'],
      [admin, body({ displayName: '' }), 'displayName'],
      [admin, body({ orgUnitId: '5' }), 'orgUnitId'],
      [admin, body({ mustChangePassword: false }), 'mustChangePassword'],
      [admin, body({ passwordHash: 'x' }), 'passwordHash'],
    ];
    for (const [s, b, path] of cases) {
      expectError(await as(t.app, s).post('/api/users', b), invalid(path));
    }
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('creates an account that must change its password, with roles and an audit row', async () => {
    const before = await maxAuditId(t);
    const res = await as(t.app, district).post('/api/users', body());
    expectOk(res);
    const created = res.json<UserBody>();
    expect(created).toMatchObject({
      username: 'clerk1',
      displayName: '街道干事',
      orgUnitId: tree.s2.id,
      roles: ['hr_officer'],
      mustChangePassword: true,
      active: true,
      version: 1,
    });
    const row = await userRow(created.id);
    expect(row).toMatchObject({
      username: 'clerk1',
      org_unit_id: tree.s2.id,
      must_change_password: true,
    });
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(await rolesOf(created.id)).toEqual(['hr_officer']);
    const audit = await auditSince(t, before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'user.create',
      entity_type: 'user',
      entity_id: String(created.id),
      actor_name: 'district',
      org_path: tree.s2.path,
      changes: { username: 'clerk1', orgUnitId: tree.s2.id, roles: ['hr_officer'] },
    });
    expect(JSON.stringify(audit[0])).not.toContain(STRONG_PASSWORD);
    expect(JSON.stringify(audit[0])).not.toContain('scrypt');
    // A district administrator may grant a role equal to its own.
    expectOk(
      await as(t.app, district).post(
        '/api/users',
        body({ username: 'deputy', orgUnitId: tree.d1.id, roles: ['dept_admin'] }),
      ),
    );
  });
});

describe('PATCH /api/users/:id', () => {
  it('needs a session and user:manage; 404 outside the subtree; 409 when stale', async () => {
    const v = await versionOf(ids.street);
    expectError(
      await as(t.app, null).patch(`/api/users/${ids.street}`, { version: v }),
      unauthenticated,
    );
    expectError(
      await as(t.app, street).patch(`/api/users/${ids.community}`, {
        version: v,
        displayName: 'x',
      }),
      forbidden,
    );
    expectError(
      await as(t.app, district).patch(`/api/users/${ids.admin}`, {
        version: 1,
        displayName: '篡改',
      }),
      notFound,
    );
    expectError(
      await as(t.app, admin).patch(`/api/users/${ids.street}`, {
        version: v + 3,
        displayName: 'x',
      }),
      { status: 409, code: 'CONFLICT' },
    );
    expect((await userRow(ids.admin)).display_name).toBe('系统管理员');
  });

  it('refuses escalation and bad input (400 naming the field); writes nothing', async () => {
    const admin2 = await as(t.app, admin).post('/api/users', {
      username: 'bigboss',
      displayName: '区里的超级管理员',
      orgUnitId: tree.d1.id,
      roles: ['system_admin'],
      password: STRONG_PASSWORD,
    });
    expectOk(admin2);
    const bigboss = admin2.json<UserBody>();
    const digest = await databaseDigest(t);
    const v = await versionOf(ids.street);
    const patch = (s: Session, id: number, b: Record<string, unknown>) =>
      as(t.app, s).patch(`/api/users/${id}`, b);
    expectError(
      await patch(district, ids.street, { version: v, roles: ['system_admin'] }),
      invalid('roles'),
    );
    expectError(
      await patch(district, ids.street, { version: v, orgUnitId: tree.d2c1.id }),
      invalid('orgUnitId'),
    );
    expectError(
      await patch(district, ids.street, { version: v, roles: ['ghost'] }),
      invalid('roles'),
    );
    expectError(await patch(district, ids.street, { version: v, active: 'no' }), invalid('active'));
    expectError(
      await patch(district, ids.street, { version: v, username: 'renamed' }),
      invalid('username'),
    );
    expectError(await patch(district, ids.street, { displayName: 'x' }), invalid('version'));
    // An account stronger than the caller cannot be edited (or reset) at all.
    expectError(
      await patch(district, bigboss.id, { version: bigboss.version, displayName: '降级' }),
      invalid('roles'),
    );
    expectError(
      await as(t.app, district).post(`/api/users/${bigboss.id}/reset-password`, {
        password: 'Taken#Over2026',
      }),
      invalid('roles'),
    );
    // Nobody disables or re-roles themselves.
    const own = await versionOf(ids.district);
    expectError(
      await patch(district, ids.district, { version: own, active: false }),
      invalid('active'),
    );
    expectError(
      await patch(district, ids.district, { version: own, roles: ['hr_officer'] }),
      invalid('roles'),
    );
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('changes name and roles with a field-level audit diff', async () => {
    const v = await versionOf(ids.auditor);
    const before = await maxAuditId(t);
    const res = await send(t.app, {
      method: 'PATCH',
      url: `/api/users/${ids.auditor}`,
      session: district,
      headers: { 'x-request-id': 'user-edit-1' },
      payload: { version: v, displayName: '区审计员', roles: ['auditor', 'hr_officer'] },
    });
    expectOk(res);
    expect(res.json<UserBody>()).toMatchObject({
      displayName: '区审计员',
      roles: ['auditor', 'hr_officer'],
      version: v + 1,
    });
    expect(await rolesOf(ids.auditor)).toEqual(['auditor', 'hr_officer']);
    const [audit] = await auditSince(t, before);
    expect(audit).toMatchObject({
      action: 'user.update',
      entity_id: String(ids.auditor),
      actor_name: 'district',
      request_id: 'user-edit-1',
      ip: '127.0.0.1',
      changes: {
        displayName: { from: '区审计人员', to: '区审计员' },
        roles: { from: ['auditor'], to: ['auditor', 'hr_officer'] },
      },
    });
  });

  it('moving an account to another unit ends its sessions and gives it the new scope', async () => {
    const s = await login(t.app, 'community');
    const v = await versionOf(ids.community);
    expectOk(
      await as(t.app, district).patch(`/api/users/${ids.community}`, {
        version: v,
        orgUnitId: tree.c2.id,
      }),
    );
    expect(await count(t, 'select 1 from session where user_id = $1', [ids.community])).toBe(0);
    expectError(await as(t.app, s).get('/api/auth/me'), unauthenticated);
    const again = await login(t.app, 'community');
    expectOk(await as(t.app, again).get(`/api/org-units/${tree.c2.id}`));
    expectError(await as(t.app, again).get(`/api/org-units/${tree.c1.id}`), notFound);
  });
});

describe('POST /api/users/:id/unlock', () => {
  it('needs a session and user:manage; 404 outside the subtree', async () => {
    expectError(await as(t.app, null).post(`/api/users/${ids.district}/unlock`), unauthenticated);
    expectError(await as(t.app, street).post(`/api/users/${ids.community}/unlock`), forbidden);
    expectError(await as(t.app, district).post(`/api/users/${ids.admin}/unlock`), notFound);
    expectError(await as(t.app, district).post('/api/users/0/unlock'), invalid('id'));
  });

  it('lifts a lock and audits it', async () => {
    await t.db.pool.query(
      `update app_user set failed_logins = 2, locked_until = now() + interval '10 minutes' where id = $1`,
      [ids.auditor],
    );
    const listed = await as(t.app, district).get(`/api/users/${ids.auditor}`);
    expect(listed.json<UserBody>().lockedUntil).not.toBeNull();
    const before = await maxAuditId(t);
    const res = await as(t.app, district).post(`/api/users/${ids.auditor}/unlock`);
    expectOk(res);
    expect(res.json<UserBody>().lockedUntil).toBeNull();
    expect(await userRow(ids.auditor)).toMatchObject({ failed_logins: 0, locked_until: null });
    const [audit] = await auditSince(t, before);
    expect(audit).toMatchObject({
      action: 'user.unlock',
      entity_id: String(ids.auditor),
      actor_name: 'district',
    });
    expectOk(
      await send(t.app, {
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'auditor', password: 'Demo@2026' },
      }),
    );
  });
});

describe('POST /api/users/:id/reset-password', () => {
  it('needs a session and user:manage; 404 outside the subtree; enforces the policy', async () => {
    const url = (id: number) => `/api/users/${id}/reset-password`;
    const digest = await databaseDigest(t);
    expectError(
      await as(t.app, null).post(url(ids.street), { password: STRONG_PASSWORD }),
      unauthenticated,
    );
    expectError(
      await as(t.app, street).post(url(ids.street), { password: STRONG_PASSWORD }),
      forbidden,
    );
    expectError(
      await as(t.app, district).post(url(ids.admin), { password: STRONG_PASSWORD }),
      notFound,
    );
    expectError(
      await as(t.app, district).post(url(ids.street), { password: 'weak' }),
      invalid('password'),
    );
    expectError(await as(t.app, district).post(url(ids.street), {}), invalid('password'));
    expectError(
      await as(t.app, district).post('/api/users/x/reset-password', { password: STRONG_PASSWORD }),
      invalid('id'),
    );
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('sets a new initial password, unlocks, ends sessions and audits without the password', async () => {
    const s = await login(t.app, 'street');
    await t.db.pool.query(
      `update app_user set failed_logins = 3, locked_until = now() + interval '10 minutes' where id = $1`,
      [ids.street],
    );
    const before = await maxAuditId(t);
    expectOk(
      await as(t.app, district).post(`/api/users/${ids.street}/reset-password`, {
        password: STRONG_PASSWORD,
      }),
    );
    expect(await userRow(ids.street)).toMatchObject({
      must_change_password: true,
      failed_logins: 0,
      locked_until: null,
    });
    expectError(await as(t.app, s).get('/api/auth/me'), unauthenticated);
    const fresh = await login(t.app, 'street', STRONG_PASSWORD);
    expectError(await as(t.app, fresh).get('/api/users'), {
      status: 403,
      code: 'PASSWORD_CHANGE_REQUIRED',
    });
    const audit = await auditSince(t, before);
    expect(audit.map((a) => a.action)).toEqual(['user.password_reset', 'auth.login']);
    expect(JSON.stringify(audit)).not.toContain(STRONG_PASSWORD);
  });
});
