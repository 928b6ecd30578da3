// The audit trail: what a row records, that it is written in the same transaction as the change,
// the scoped and filtered list, and the hash chain that exposes edits and deletions (also through
// the real `verify-audit` CLI).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { LIST_COUNT_CAP } from '@cwp/contracts';
import { hashJsonRow, hashRow, verifyAuditChain, writeAudit } from '../src/lib/audit';
import { DEMO_PASSWORD } from '../src/seed/demo';
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
  runCli,
  send,
  STRONG_PASSWORD,
  type AuditRow,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;
interface Entry {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: unknown;
  requestId: string | null;
  ip: string | null;
}
interface Page {
  items: Entry[];
  total: number;
  totalCapped: boolean;
}

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  admin = await login(t.app, 'admin');
  district = await login(t.app, 'district');
});
afterAll(async () => {
  await t?.close();
});

const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });
const list = async (s: Session, query = '') => {
  const res = await as(t.app, s).get(`/api/audit-logs?pageSize=100${query}`);
  expectOk(res);
  return res.json<Page>();
};

describe('what an audit row records', () => {
  it('actor, action, entity, field-level changes, request id and client ip', async () => {
    const before = await maxAuditId(t);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/org-units/${tree.c2.id}`,
      remoteAddress: '10.20.30.40',
      headers: {
        cookie: district.cookie,
        'x-csrf-token': district.csrfToken,
        'x-request-id': 'audit-fields-1',
        // Not trusted: TRUST_PROXY is off, so the socket address is recorded.
        'x-forwarded-for': '1.2.3.4',
      },
      payload: { version: tree.c2.version, name: '审计社区', residentPopulation: 4321 },
    });
    expectOk(res);
    const audit = await auditSince(t, before);
    expect(audit).toHaveLength(1);
    const row = audit[0] as AuditRow & { at: Date; hash: string; prev_hash: string };
    expect(row).toMatchObject({
      actor_id: district.userId,
      actor_name: 'district',
      action: 'org_unit.update',
      entity_type: 'org_unit',
      entity_id: String(tree.c2.id),
      org_path: tree.c2.path,
      request_id: 'audit-fields-1',
      ip: '10.20.30.40',
      changes: {
        name: { from: tree.c2.name, to: '审计社区' },
        residentPopulation: { from: tree.c2.resident_population, to: 4321 },
      },
    });
    expect(Math.abs(row.at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    const prev = await one<{ hash: string }>(t, 'select hash from audit_log where id = $1', [
      row.id - 1,
    ]);
    expect(row.prev_hash).toBe(prev.hash);
  });
});

describe('same transaction', () => {
  it('rolls the change back when its audit row cannot be written', async () => {
    const fresh = await login(t.app, 'admin');
    const streetId = (
      await one<{ id: number }>(t, `select id from app_user where username = 'street'`)
    ).id;
    const leader = await one<{ id: number; version: number }>(
      t,
      `select id, version from role where code = 'community_leader'`,
    );
    const item = await one<{ id: number; version: number }>(
      t,
      `select id, version from dictionary_item where dictionary_code = 'post' order by id limit 1`,
    );
    const s2 = await one<{ version: number }>(t, 'select version from org_unit where id = $1', [
      tree.s2.id,
    ]);
    const c2 = await one<{ version: number }>(t, 'select version from org_unit where id = $1', [
      tree.c2.id,
    ]);
    const streetVersion = (
      await one<{ version: number }>(t, 'select version from app_user where id = $1', [streetId])
    ).version;
    const mutations: [string, () => ReturnType<typeof send>][] = [
      [
        'login',
        () =>
          send(t.app, {
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: 'street', password: DEMO_PASSWORD },
          }),
      ],
      [
        'failed login',
        () =>
          send(t.app, {
            method: 'POST',
            url: '/api/auth/login',
            payload: { username: 'street', password: 'wrong' },
          }),
      ],
      ['logout', () => as(t.app, fresh).post('/api/auth/logout')],
      [
        'change password',
        () =>
          as(t.app, fresh).post('/api/auth/change-password', {
            currentPassword: DEMO_PASSWORD,
            newPassword: 'Rolled#Back1',
          }),
      ],
      [
        'create unit',
        () =>
          as(t.app, fresh).post('/api/org-units', {
            parentId: tree.d1.id,
            level: 'subdistrict',
            name: '回滚街道',
            divisionCode: '330102090',
          }),
      ],
      [
        'update unit',
        () =>
          as(t.app, fresh).patch(`/api/org-units/${tree.c2.id}`, {
            version: c2.version,
            name: '回滚',
          }),
      ],
      [
        'move unit',
        () =>
          as(t.app, fresh).post(`/api/org-units/${tree.s2.id}/move`, {
            version: s2.version,
            parentId: tree.d2.id,
            divisionCode: '330103090',
          }),
      ],
      [
        'deactivate unit',
        () =>
          as(t.app, fresh).post(`/api/org-units/${tree.c2.id}/deactivate`, { version: c2.version }),
      ],
      [
        'create user',
        () =>
          as(t.app, fresh).post('/api/users', {
            username: 'rolledback',
            displayName: '回滚',
            orgUnitId: tree.d1.id,
            roles: ['auditor'],
            password: STRONG_PASSWORD,
          }),
      ],
      [
        'update user',
        () =>
          as(t.app, fresh).patch(`/api/users/${streetId}`, {
            version: streetVersion,
            displayName: '回滚',
            roles: ['auditor'],
          }),
      ],
      [
        'reset password',
        () =>
          as(t.app, fresh).post(`/api/users/${streetId}/reset-password`, {
            password: STRONG_PASSWORD,
          }),
      ],
      ['unlock', () => as(t.app, fresh).post(`/api/users/${streetId}/unlock`)],
      [
        'create role',
        () =>
          as(t.app, fresh).post('/api/roles', {
            code: 'rolled_back',
            nameZh: '回滚',
            nameEn: 'Rolled back',
            permissions: [],
          }),
      ],
      [
        'update role',
        () =>
          as(t.app, fresh).patch(`/api/roles/${leader.id}`, {
            version: leader.version,
            permissions: [],
          }),
      ],
      [
        'create item',
        () =>
          as(t.app, fresh).post('/api/dictionaries/post/items', {
            code: 'RB1',
            labelZh: '回滚',
            labelEn: 'RB',
          }),
      ],
      [
        'update item',
        () =>
          as(t.app, fresh).patch(`/api/dictionaries/post/items/${item.id}`, {
            version: item.version,
            active: false,
          }),
      ],
    ];
    const digest = await databaseDigest(t);
    await t.db.pool.query(`
      create function cwp_test_refuse_audit() returns trigger language plpgsql as
        $$ begin raise exception 'audit write refused by the test'; end $$;
      create trigger cwp_test_refuse_audit before insert on audit_log
        for each row execute function cwp_test_refuse_audit();`);
    try {
      for (const [name, run] of mutations) {
        const res = await run();
        expect(res.statusCode, `${name}: ${res.body}`).toBe(500);
        expect(res.json<{ code: string }>().code).toBe('INTERNAL');
      }
    } finally {
      await t.db.pool.query(`
        drop trigger cwp_test_refuse_audit on audit_log;
        drop function cwp_test_refuse_audit();`);
    }
    expect(await databaseDigest(t)).toEqual(digest);
    // The session that could not be logged out still works.
    expectOk(await as(t.app, fresh).get('/api/auth/me'));
  });
});

describe('GET /api/audit-logs', () => {
  it('needs a session and audit:read; validates the query', async () => {
    expectError(await as(t.app, null).get('/api/audit-logs'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    for (const who of ['street', 'community', 'auditor']) {
      const s = await login(t.app, who);
      expectError(await as(t.app, s).get('/api/audit-logs'), { status: 403, code: 'FORBIDDEN' });
    }
    expectError(await as(t.app, admin).get('/api/audit-logs?from=yesterday'), invalid('from'));
    expectError(await as(t.app, admin).get('/api/audit-logs?to=2026-01-01'), invalid('to'));
    expectError(await as(t.app, admin).get('/api/audit-logs?pageSize=101'), invalid('pageSize'));
    expectError(await as(t.app, admin).get('/api/audit-logs?page=0'), invalid('page'));
    expectError(await as(t.app, admin).get('/api/audit-logs?user=admin'), invalid('user'));
  });

  it('lists newest first with a total', async () => {
    const page = await list(admin);
    expect(page.total).toBe(await count(t, 'select 1 from audit_log'));
    const listed = page.items.map((e) => e.id);
    expect(listed).toEqual([...listed].sort((a, b) => b - a));
    const second = (await as(t.app, admin).get('/api/audit-logs?pageSize=2&page=2')).json<Page>();
    expect(second.items.map((e) => e.id)).toEqual(listed.slice(2, 4));
  });

  it('filters by actor, entity type, entity id, action and time range', async () => {
    // The window starts now (same clock as the server's audit time), so earlier actions of
    // `district` in this file — its login a moment ago — fall outside it.
    const t0 = new Date().toISOString();
    const created = await as(t.app, district).post('/api/org-units', {
      parentId: tree.d1.id,
      level: 'subdistrict',
      name: '过滤测试街道',
      divisionCode: '330102091',
    });
    expectOk(created);
    const id = created.json<{ id: number }>().id;
    const t1 = new Date(Date.now() + 1000).toISOString();

    const byActor = await list(admin, '&actor=district');
    expect(byActor.total).toBe(
      await count(t, `select 1 from audit_log where actor_name = 'district'`),
    );
    expect(byActor.items.every((e) => e.actorName === 'district')).toBe(true);

    const byType = await list(admin, '&entityType=org_unit');
    expect(byType.total).toBe(
      await count(t, `select 1 from audit_log where entity_type = 'org_unit'`),
    );
    expect(byType.items.every((e) => e.entityType === 'org_unit')).toBe(true);

    const byEntity = await list(admin, `&entityType=org_unit&entityId=${id}`);
    expect(byEntity.items.map((e) => e.action)).toEqual(['org_unit.create']);

    const byAction = await list(admin, '&action=auth.login');
    expect(byAction.total).toBe(
      await count(t, `select 1 from audit_log where action = 'auth.login'`),
    );

    const inRange = await list(
      admin,
      `&from=${encodeURIComponent(t0)}&to=${encodeURIComponent(t1)}&actor=district`,
    );
    expect(inRange.items.map((e) => e.entityId)).toEqual([String(id)]);
    const future = await list(
      admin,
      `&from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`,
    );
    expect(future.total).toBe(0);
    const past = await list(admin, `&to=${encodeURIComponent('2000-01-01T00:00:00+08:00')}`);
    expect(past.total).toBe(0);
  });

  it('scopes a district administrator to its own subtree', async () => {
    expectOk(
      await as(t.app, admin).post('/api/org-units', {
        parentId: tree.d2.id,
        level: 'subdistrict',
        name: '别区街道',
        divisionCode: '330103091',
      }),
    );
    const page = await list(district);
    const expected = await count(t, 'select 1 from audit_log where org_path like $1', [
      `${tree.d1.path}%`,
    ]);
    expect(page.total).toBe(expected);
    expect(page.total).toBeGreaterThan(0);
    const ids = page.items.map((e) => e.id);
    const paths = await rows<{ org_path: string | null }>(
      t,
      'select org_path from audit_log where id = any($1)',
      [ids],
    );
    expect(paths.every((p) => p.org_path?.startsWith(tree.d1.path))).toBe(true);
    // Sign-ins and role edits carry no unit: only whole-tree administrators see them.
    expect(page.items.some((e) => e.action.startsWith('auth.'))).toBe(false);
    expect((await list(district, '&action=auth.login')).total).toBe(0);
    expect((await list(admin, '&action=auth.login')).total).toBeGreaterThan(0);
    expect(
      (await list(district, '&entityType=org_unit')).items.some(
        (e) => e.changes && JSON.stringify(e.changes).includes('别区街道'),
      ),
    ).toBe(false);
  });

  it('counts up to the cap: past it the total says "more than", narrower filters count exactly', async () => {
    // Real chained entries (the chain is verified below), one more than the cap.
    await writeAudit(
      t.db.db,
      { actorId: null, actorName: 'cap_test', requestId: null, ip: null },
      Array.from({ length: LIST_COUNT_CAP + 1 }, (_, i) => ({
        action: 'cap.test',
        entityType: 'system',
        entityId: i,
        orgPath: String(tree.d1.path),
      })),
    );
    const capped = await list(admin, '&action=cap.test');
    expect(capped).toMatchObject({ total: LIST_COUNT_CAP, totalCapped: true });
    expect(capped.items).toHaveLength(100);
    // Pages past the count still come.
    const far = (
      await as(t.app, admin).get(`/api/audit-logs?action=cap.test&pageSize=100&page=101`)
    ).json<Page>();
    expect(far.items).toHaveLength(1);
    expect(far.items[0]?.entityId).toBe('0');
    // Everything of the district counts past the cap too; one entity counts exactly.
    expect(await list(district)).toMatchObject({ total: LIST_COUNT_CAP, totalCapped: true });
    const one = await list(admin, '&action=cap.test&entityType=system&entityId=17');
    expect(one).toMatchObject({ total: 1, totalCapped: false });
    const exact = await list(admin, '&action=auth.login');
    expect(exact.totalCapped).toBe(false);
    expect(exact.total).toBe(await count(t, `select 1 from audit_log where action = 'auth.login'`));
  });
});

describe('hash chain', () => {
  it('hashes a row exactly as the chains already written were hashed (known answers)', () => {
    // The values were computed by the first implementation (SM3 of canonicalJson of the fields
    // in order). A change of format would break the verification of every existing chain.
    const row = {
      id: 42,
      at: new Date('2026-03-01T08:30:00.123Z'),
      actorId: 7,
      actorName: '张三',
      action: 'worker.update',
      entityType: 'worker',
      entityId: '1001',
      orgPath: '1.5.23.',
      changes: {
        z: 1,
        a: { y: [3, { b: null, a: '甲' }], x: undefined },
        phone: '138****5678',
        d: new Date('2026-01-02T00:00:00Z'),
      },
      requestId: 'req-1',
      ip: undefined as unknown as null,
      prevHash: 'ab'.repeat(32),
    };
    const expected = '9f67fda9ebd72ffe02ad25e0bacc569098f28faa7dc7d214fa43089cf2b5cfaf';
    expect(hashRow(row)).toBe(expected);
    expect(hashRow({ ...row, changes: undefined })).toBe(
      'b6f5f2afb0f444af488e91a14e3967908a07aa3e6505347770f8a4c189e491f4',
    );
    // The bulk writer's path: changes already parsed from JSON, their sorted text returned.
    const stored = hashJsonRow({ ...row, changes: JSON.parse(JSON.stringify(row.changes)) });
    expect(stored.hash).toBe(expected);
    expect(stored.changes).toBe(
      '{"a":{"y":[3,{"a":"甲","b":null}]},"d":"2026-01-02T00:00:00.000Z","phone":"138****5678","z":1}',
    );
  });

  it('keeps the chain whole when many requests audit at once outside a transaction', async () => {
    const from = await maxAuditId(t);
    const ctx = { actorId: null, actorName: 'race_test', requestId: null, ip: null };
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        writeAudit(t.db.db, ctx, [{ action: 'race.test', entityType: 'system', entityId: i }]),
      ),
    );
    const written = await rows<{ entity_id: string }>(
      t,
      `select entity_id from audit_log where id > $1 and action = 'race.test'`,
      [from],
    );
    expect(written.map((r) => Number(r.entity_id)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 16 }, (_, i) => i),
    );
    const total = await count(t, 'select 1 from audit_log');
    expect(await verifyAuditChain(t.db.db)).toEqual({ verified: total, broken: null });
  });

  it('verifies an intact chain and counts every record', async () => {
    const total = await count(t, 'select 1 from audit_log');
    expect(total).toBeGreaterThan(5);
    expect(await verifyAuditChain(t.db.db)).toEqual({ verified: total, broken: null });
    // Small batches walk the same chain.
    expect(await verifyAuditChain(t.db.db, 3)).toEqual({ verified: total, broken: null });
  });

  it('detects an edited row at its id, and the real CLI reports it', async () => {
    const intact = await runCli(['verify-audit'], { DATABASE_URL: t.db.url });
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/verified/);
    expect(intact.stdout).toContain(String(await count(t, 'select 1 from audit_log')));

    const target = await one<{ id: number; changes: unknown }>(
      t,
      `select id, changes from audit_log where action = 'org_unit.update' order by id limit 1`,
    );
    await t.db.pool.query(
      `update audit_log set changes = '{"name":{"from":"x","to":"y"}}' where id = $1`,
      [target.id],
    );
    const res = await verifyAuditChain(t.db.db);
    expect(res.broken?.id).toBe(target.id);
    expect(res.verified).toBe(target.id - 1);

    const cli = await runCli(['verify-audit'], { DATABASE_URL: t.db.url });
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain(`record ${target.id}`);

    // Putting the original content back restores the chain: detection is about content.
    await t.db.pool.query('update audit_log set changes = $2 where id = $1', [
      target.id,
      JSON.stringify(target.changes),
    ]);
    expect((await verifyAuditChain(t.db.db)).broken).toBeNull();
  });

  it('detects a deleted row in the middle', async () => {
    const { max } = await one<{ max: number }>(t, 'select max(id)::int as max from audit_log');
    const middle = Math.floor(max / 2);
    await t.db.pool.query('delete from audit_log where id = $1', [middle]);
    const res = await verifyAuditChain(t.db.db);
    expect(res.broken?.id).toBe(middle + 1);
    expect(res.broken?.reason).toContain('missing');
    const cli = await runCli(['verify-audit'], { DATABASE_URL: t.db.url });
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain(`record ${middle + 1}`);
  });
});
