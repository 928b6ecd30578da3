// The worker's own view and the public honour roll: GET /api/care/mine and /api/econ-audits/mine
// (self:read) answer only the caller's own records — health results included for the worker,
// masked for staff without worker:pii, not audited (a staff read is) — 401 without a session,
// 404 for an account without a dossier; the honour roll of a community needs no login, lists
// public commendations only, is 404 for a unit that is not a community, shows a new public
// commendation at once (cache dropped), and limits reads per address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../src/modules/workers/mapping';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  auditSince,
  createUserSession,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  one,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let self: Session;
let unlinked: Session;
let workerA: number;
let workerB: number;
const today = todayIso();
let seq = 0;

async function insertWorker(unitId: number): Promise<number> {
  seq++;
  const r = await one<{ id: number }>(
    t,
    `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date, sex,
       ethnicity, political_status, phone_enc, phone_hash, phone_masked, category, org_unit_id,
       org_path, post, status, work_start_date, hire_date)
     values ('自助测试' || $2::text, 'x', md5($2::text || 'sid'), '3301**', '1980-02-01', '1', '01',
             '01', 'x', md5($2::text || 'sph'), '138****', 'community_worker', $1::bigint,
             (select path from org_unit where id = $1::bigint), 'principal', 'active',
             '2012-01-01', '2012-01-01')
     returning id`,
    [unitId, seq],
  );
  return Number(r.id);
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  admin = await login(t.app, 'admin');
  district = await login(t.app, 'district');
  workerA = await insertWorker(tree.c1.id);
  workerB = await insertWorker(tree.c1.id);
  self = await createUserSession(t, admin, {
    username: 'self_care',
    orgUnitId: tree.c1.id,
    roles: ['worker'],
    workerId: workerA,
  });
  unlinked = await createUserSession(t, admin, {
    username: 'self_unlinked',
    orgUnitId: tree.c1.id,
    roles: ['worker'],
  });
  for (const workerId of [workerA, workerB]) {
    expectOk(
      await as(t.app, district).post('/api/care/health-checks', {
        workerId,
        checkDate: today,
        institution: '区人民医院',
        conclusion: 'follow_up',
        findings: `复查-${workerId}`,
      }),
    );
    expectOk(
      await as(t.app, district).post('/api/care/records', {
        workerId,
        kind: 'hardship_aid',
        occurredOn: today,
        reason: '家中困难',
        amount: 800 + workerId,
      }),
    );
  }
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('the worker’s own care and audits', () => {
  it('answers 401 without a session and 404 for an account without a dossier', async () => {
    expectError(await as(t.app, null).get('/api/care/mine'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expectError(await as(t.app, null).get('/api/econ-audits/mine'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expectError(await as(t.app, unlinked).get('/api/care/mine'), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const none = await as(t.app, unlinked).get('/api/econ-audits/mine');
    expectOk(none);
    expect(none.json()).toEqual({ items: [] });
  });

  it('shows the worker their own results, visits, aid and next due date only', async () => {
    const res = await as(t.app, self).get('/api/care/mine');
    expectOk(res);
    const care = res.json<{
      workerId: number;
      healthChecks: { findings: string | null; conclusion: string | null }[];
      records: { amount: number | null }[];
      nextHealthCheck: { dueDate: string; state: string };
      sensitiveVisible: boolean;
    }>();
    expect(care.workerId).toBe(workerA);
    expect(care.healthChecks).toHaveLength(1);
    expect(care.healthChecks[0]).toMatchObject({
      conclusion: 'follow_up',
      findings: `复查-${workerA}`,
    });
    expect(care.records.map((r) => r.amount)).toEqual([800 + workerA]);
    expect(care.nextHealthCheck.state).toBe('not_due');
    expect(res.body).not.toContain(`复查-${workerB}`);
    // The worker cannot read another worker's care through the staff endpoint.
    expectError(await as(t.app, self).get(`/api/workers/${workerB}/care`), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('does not audit the worker’s own read of results and amounts; a staff read of them once', async () => {
    const sensitiveSince = async (from: number) =>
      (await auditSince(t, from)).filter((a) => a.action === 'care.sensitive.view');
    const from = await maxAuditId(t);
    const mine = await as(t.app, self).get('/api/care/mine');
    expectOk(mine);
    expect(mine.body).toContain(`复查-${workerA}`);
    expect(await sensitiveSince(from)).toEqual([]);
    // The same record read by the district's staff is one audit row, without the finding.
    const staff = await as(t.app, district).get(`/api/workers/${workerA}/care`);
    expect(staff.body).toContain(`复查-${workerA}`);
    const rows = await sensitiveSince(from);
    expect(rows.map((a) => [a.entity_id, a.changes])).toEqual([
      [String(workerA), { view: 'worker_care', healthResults: 1, aidAmounts: 1 }],
    ]);
    expect(JSON.stringify(rows)).not.toContain('复查');
    // A worker who is also care staff reads their own record through the staff endpoint: no row.
    expectOk(
      await as(t.app, admin).post('/api/roles', {
        code: 'care_staff_self',
        nameZh: '关爱专员（本人）',
        nameEn: 'Care staff (self)',
        permissions: ['org:read', 'worker:read', 'care:read', 'worker:pii'],
      }),
    );
    const staffSelf = await createUserSession(t, admin, {
      username: 'care_staff_b',
      orgUnitId: tree.c1.id,
      roles: ['care_staff_self'],
      workerId: workerB,
    });
    const fromOwn = await maxAuditId(t);
    const own = await as(t.app, staffSelf).get(`/api/workers/${workerB}/care`);
    expectOk(own);
    expect(own.body).toContain(`复查-${workerB}`);
    expect(await sensitiveSince(fromOwn)).toEqual([]);
  });

  it('shows a secretary the findings of audits about them, not about others', async () => {
    const plan = (workerId: number) =>
      as(t.app, district).post('/api/econ-audits', {
        orgUnitId: tree.d1.id,
        workerId,
        auditedRole: 'party_secretary',
        trigger: 'end_of_term',
        title: `任期经济责任审计-${workerId}`,
        periodStart: '2021-01-01',
        periodEnd: '2025-12-31',
        scope: '集体资产',
      });
    const mine = await plan(workerA);
    expectOk(mine);
    const other = await plan(workerB);
    expectOk(other);
    const id = mine.json<{ id: number }>().id;
    expectOk(
      await as(t.app, district).post(`/api/econ-audits/${id}/findings`, {
        category: 'asset_management',
        description: '固定资产台账未更新',
        amount: 5000,
      }),
    );
    const res = await as(t.app, self).get('/api/econ-audits/mine');
    expectOk(res);
    const items = res.json<{
      items: { id: number; findingList: { description: string; amount: number | null }[] }[];
    }>().items;
    expect(items.map((a) => a.id)).toEqual([id]);
    expect(items[0]?.findingList).toEqual([
      expect.objectContaining({ description: '固定资产台账未更新', amount: 5000 }),
    ]);
    expect(res.body).not.toContain(`任期经济责任审计-${workerB}`);
  });
});

describe('the public honour roll', () => {
  const url = (id: number) => `/api/public/communities/${id}/honors`;

  it('needs no login, shows public items only, and is 404 for a unit that is not a community', async () => {
    const first = await as(t.app, null).get(url(tree.c1.id));
    expectOk(first);
    expect(first.headers['cache-control']).toBe('public, max-age=30');
    expect(first.json<{ items: unknown[] }>().items).toEqual([]);
    const base = {
      workerId: workerA,
      awardingBody: '区委',
      awardedOn: '2025-07-01',
      citation: '组织志愿服务队十年',
    };
    expectOk(
      await as(t.app, district).post('/api/commendations', {
        ...base,
        kind: 'commendation',
        title: '内部通报表扬',
      }),
    );
    // A non-public commendation does not drop the cache and never shows.
    expect((await as(t.app, null).get(url(tree.c1.id))).json()).toMatchObject({ items: [] });
    expectOk(
      await as(t.app, district).post('/api/commendations', {
        ...base,
        kind: 'role_model',
        title: '最美社区工作者',
        isPublic: true,
      }),
    );
    // Recorded on this instance: the cached roll is dropped at once.
    const after = await as(t.app, null).get(url(tree.c1.id));
    expectOk(after);
    const roll = after.json<{ community: string; items: { title: string; kind: string }[] }>();
    expect(roll.community).toBe(tree.c1.name);
    expect(roll.items.map((i) => [i.title, i.kind])).toEqual([['最美社区工作者', 'role_model']]);
    expect(after.body).not.toContain('内部通报表扬');
    expect(after.body).not.toContain('workerId');
    // Another community's roll does not show it.
    expect((await as(t.app, null).get(url(tree.c2.id))).json()).toMatchObject({ items: [] });
    for (const id of [tree.d1.id, tree.s1.id, 999_999_999])
      expectError(await as(t.app, null).get(url(id)), { status: 404, code: 'NOT_FOUND' });
    expectError(await as(t.app, null).get(url(0)), { status: 400, code: 'VALIDATION_FAILED' });
  });

  it('limits one address to 120 reads a minute, cached or not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 122; i++)
      statuses.push(
        (await t.app.inject({ method: 'GET', url: url(tree.c1.id), remoteAddress: '10.7.7.7' }))
          .statusCode,
      );
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    const other = await t.app.inject({
      method: 'GET',
      url: url(tree.c1.id),
      remoteAddress: '10.7.7.8',
    });
    expect(other.statusCode).toBe(200);
  });
});
