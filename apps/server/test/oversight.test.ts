// Oversight and care: economic responsibility audits (auditor scope, the audited person sees only
// their own findings, rectification overdue and closure), nominations (eligibility from the
// round's criteria and assessment results, approval one level up, outcome), commendations on the
// public honour roll, health checks (results masked without worker:pii, a staff read of them
// audited once without them, due lists from the unit's interval), care records, and burden
// reduction (admission list, flagging, figures, export); scope (404), permissions (401/403) and
// bad input (400, nothing written).
import { addDays, addMonths, healthCheckDue } from '@cwp/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../src/modules/workers/mapping';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  auditSince,
  count,
  createUserSession,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  one,
  rows,
  send,
  tableCounts,
} from './helpers';
import { toArrayBuffer } from './excel-helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;
let auditor: Session;
let auditorD2: Session;
let careClerk: Session;
let communityC2: Session;
let self: Session;
let workerA: number;
let workerB: number;
let workerD2: number;
const today = todayIso();
const thisYear = Number(today.slice(0, 4));
let seq = 0;

/** A worker in `unitId` (direct insert: the PII columns only need to be present here). */
async function insertWorker(unitId: number, workStart: string): Promise<number> {
  seq++;
  const r = await one<{ id: number }>(
    t,
    `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date, sex,
       ethnicity, political_status, phone_enc, phone_hash, phone_masked, category, org_unit_id,
       org_path, post, status, work_start_date, hire_date)
     values ('关爱测试' || $2::text, 'x', md5($2::text || 'id'), '3301**', '1985-06-15', '1', '01',
             '01', 'x', md5($2::text || 'ph'), '138****', 'community_worker', $1::bigint,
             (select path from org_unit where id = $1::bigint), 'principal', 'active', $3, $3)
     returning id`,
    [unitId, seq, workStart],
  );
  return Number(r.id);
}

function putSetting(s: Session, payload: Record<string, unknown>) {
  return send(t.app, { method: 'PUT', url: '/api/care/settings', session: s, payload });
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  admin = await login(t.app, 'admin');
  district = await login(t.app, 'district');
  street = await login(t.app, 'street');
  community = await login(t.app, 'community');
  auditor = await login(t.app, 'auditor');
  auditorD2 = await createUserSession(t, admin, {
    username: 'auditor_d2',
    orgUnitId: tree.d2.id,
    roles: ['auditor'],
  });
  communityC2 = await createUserSession(t, admin, {
    username: 'leader_c2',
    orgUnitId: tree.c2.id,
    roles: ['community_leader'],
  });
  expectOk(
    await as(t.app, admin).post('/api/roles', {
      code: 'care_clerk',
      nameZh: '关爱专员',
      nameEn: 'Care clerk',
      permissions: ['org:read', 'worker:read', 'care:read'],
    }),
  );
  careClerk = await createUserSession(t, admin, {
    username: 'care_clerk',
    orgUnitId: tree.s1.id,
    roles: ['care_clerk'],
  });
  workerA = await insertWorker(tree.c1.id, '2015-03-01');
  workerB = await insertWorker(tree.c2.id, '2015-03-01');
  workerD2 = await insertWorker(tree.d2c1.id, '2015-03-01');
  self = await createUserSession(t, admin, {
    username: 'self_a',
    orgUnitId: tree.c1.id,
    roles: ['worker'],
    workerId: workerA,
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

interface Audit {
  id: number;
  status: string;
  version: number;
  totalAmount: number;
  openRectifications: number;
  overdueRectifications: number;
  findingList: { id: number; amount: number | null }[];
  rectifications: { id: number; overdue: boolean; status: string; version: number }[];
}

const auditBody = (workerId: number, orgUnitId: number) => ({
  orgUnitId,
  workerId,
  auditedRole: 'party_secretary',
  trigger: 'leaving_office',
  title: '离任经济责任审计',
  periodStart: '2021-01-01',
  periodEnd: '2025-12-31',
  scope: '社区集体资产、专项资金',
});

describe('economic responsibility audits', () => {
  let audit: Audit;

  it('an auditor plans an audit of a secretary in their district (audited)', async () => {
    const before = await maxAuditId(t);
    const res = await as(t.app, auditor).post('/api/econ-audits', auditBody(workerA, tree.d1.id));
    expectOk(res);
    audit = res.json<Audit>();
    expect(audit).toMatchObject({ status: 'planned', totalAmount: 0, openRectifications: 0 });
    const rows = await auditSince(t, before);
    expect(rows.map((r) => r.action)).toEqual(['econ_audit.create']);
  });

  it('an auditor of another district cannot see or use it', async () => {
    expectError(await as(t.app, auditorD2).get(`/api/econ-audits/${audit.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const list = await as(t.app, auditorD2).get('/api/econ-audits');
    expectOk(list);
    expect(list.json<{ total: number }>().total).toBe(0);
    expectError(
      await as(t.app, auditorD2).post('/api/econ-audits', auditBody(workerA, tree.d1.id)),
      { status: 404, code: 'NOT_FOUND' },
    );
    expectError(
      await as(t.app, auditorD2).post(`/api/econ-audits/${audit.id}/findings`, {
        category: 'other',
        description: '越权',
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
    const mine = await as(t.app, auditor).get('/api/econ-audits');
    expect(mine.json<{ items: { id: number }[] }>().items.map((x) => x.id)).toContain(audit.id);
  });

  it('refuses an audited person outside the auditing unit and bad periods', async () => {
    const before = await tableCounts(t);
    expectError(await as(t.app, auditor).post('/api/econ-audits', auditBody(workerA, tree.s2.id)), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'workerId',
    });
    expectError(
      await as(t.app, auditor).post('/api/econ-audits', {
        ...auditBody(workerA, tree.d1.id),
        periodEnd: '2020-01-01',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'periodEnd' },
    );
    expectError(
      await as(t.app, auditor).post('/api/econ-audits', {
        ...auditBody(workerA, tree.d1.id),
        trigger: 'whim',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'trigger' },
    );
    expect(await tableCounts(t)).toEqual(before);
  });

  it('records findings with amounts and rectifications, flags the overdue one', async () => {
    expectError(
      await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/findings`, {
        category: 'project_funds',
        description: '专项资金未专款专用',
        amount: -5,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'amount' },
    );
    let res = await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/findings`, {
      category: 'project_funds',
      description: '专项资金未专款专用',
      amount: 1234.56,
    });
    expectOk(res);
    audit = res.json<Audit>();
    expect(audit.totalAmount).toBe(1234.56);
    const findingId = audit.findingList[0]?.id;
    res = await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/rectifications`, {
      findingId,
      description: '追回资金并建立台账',
      ownerName: '张书记',
      deadline: addDays(today, -1),
    });
    expectOk(res);
    res = await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/rectifications`, {
      description: '完善财务制度',
      ownerName: '李主任',
      deadline: addDays(today, 30),
    });
    expectOk(res);
    audit = res.json<Audit>();
    expect(audit.openRectifications).toBe(2);
    expect(audit.overdueRectifications).toBe(1);
    expect(audit.rectifications.map((r) => r.overdue)).toEqual([true, false]);
  });

  it('moves through the report and closes only when every rectification is closed', async () => {
    expectError(
      await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/status`, {
        version: audit.version,
        status: 'reported',
        conclusion: '结论',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'status' },
    );
    let res = await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/status`, {
      version: audit.version,
      status: 'in_progress',
    });
    expectOk(res);
    audit = res.json<Audit>();
    expectError(
      await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/status`, {
        version: audit.version,
        status: 'reported',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'conclusion' },
    );
    expectError(
      await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/status`, {
        version: audit.version - 1,
        status: 'reported',
        conclusion: '基本履行经济责任',
      }),
      { status: 409, code: 'CONFLICT' },
    );
    res = await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/status`, {
      version: audit.version,
      status: 'reported',
      conclusion: '基本履行经济责任',
    });
    expectOk(res);
    audit = res.json<Audit>();
    expectError(
      await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/status`, {
        version: audit.version,
        status: 'closed',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'status' },
    );
    for (const r of audit.rectifications) {
      expectError(
        await as(t.app, auditor).post(`/api/econ-audit-rectifications/${r.id}/close`, {
          version: r.version,
        }),
        { status: 400, code: 'VALIDATION_FAILED', path: 'closureNote' },
      );
      res = await as(t.app, auditor).post(`/api/econ-audit-rectifications/${r.id}/close`, {
        version: r.version,
        closureNote: '已整改到位',
      });
      expectOk(res);
    }
    audit = res.json<Audit>();
    expect(audit.rectifications.every((r) => r.status === 'closed' && !r.overdue)).toBe(true);
    res = await as(t.app, auditor).post(`/api/econ-audits/${audit.id}/status`, {
      version: audit.version,
      status: 'closed',
    });
    expectOk(res);
    expect(res.json<Audit>().status).toBe('closed');
  });

  it('the audited person sees the findings about them only', async () => {
    const other = await as(t.app, district).post(
      '/api/econ-audits',
      auditBody(workerB, tree.s1.id),
    );
    expectOk(other);
    const res = await as(t.app, self).get('/api/econ-audits/mine');
    expectOk(res);
    const items = res.json<{ items: (Audit & { workerId: number })[] }>().items;
    expect(items.map((x) => x.id)).toEqual([audit.id]);
    expect(items[0]?.findingList[0]?.amount).toBe(1234.56);
    expectError(await as(t.app, self).get(`/api/econ-audits/${audit.id}`), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectError(await as(t.app, community).get('/api/econ-audits'), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectError(await as(t.app, null).get('/api/econ-audits'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('nominations and commendations', () => {
  interface Round {
    id: number;
    items: {
      id: number;
      workerId: number;
      status: string;
      outcome: string | null;
      version: number;
    }[];
  }
  let round: Round;

  beforeAll(async () => {
    for (const year of [thisYear - 1, thisYear - 2]) {
      await t.db.pool.query(
        `insert into assessment_result (worker_id, year, period, rating) values ($1, $2, 'annual', 'excellent')`,
        [workerA, year],
      );
    }
    await t.db.pool.query(
      `insert into assessment_result (worker_id, year, period, rating) values ($1, $2, 'annual', 'basically_competent')`,
      [workerB, thisYear - 1],
    );
  });

  const roundBody = {
    kind: 'peoples_congress',
    title: '区人大代表推选',
    referenceDate: today,
    criteria: {
      minServiceYears: 5,
      assessmentYears: 2,
      minRating: 'competent',
      politicalStatuses: [],
      maxAge: null,
    },
  };

  it('refuses bad criteria with the field named', async () => {
    expectError(
      await as(t.app, street).post('/api/nomination-rounds', {
        ...roundBody,
        orgUnitId: tree.s1.id,
        criteria: { ...roundBody.criteria, minRating: 'great' },
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'criteria.minRating' },
    );
  });

  it('checks eligibility from the criteria and assessment results', async () => {
    const res = await as(t.app, street).post('/api/nomination-rounds', {
      ...roundBody,
      orgUnitId: tree.s1.id,
    });
    expectOk(res);
    round = res.json<Round>();
    const ok = await as(t.app, street).get(
      `/api/nomination-rounds/${round.id}/eligibility?workerId=${workerA}`,
    );
    expectOk(ok);
    expect(ok.json()).toMatchObject({ eligible: true, yearsChecked: [thisYear - 1, thisYear - 2] });
    const no = await as(t.app, street).get(
      `/api/nomination-rounds/${round.id}/eligibility?workerId=${workerB}`,
    );
    expect(no.json<{ reasons: { code: string }[] }>().reasons.map((r) => r.code)).toEqual([
      'assessment_rating',
      'assessment_missing',
    ]);
    const before = await count(t, 'select * from nomination');
    const refused = await as(t.app, street).post(`/api/nomination-rounds/${round.id}/nominations`, {
      workerId: workerB,
      reason: '表现突出',
    });
    expectError(refused, { status: 400, code: 'VALIDATION_FAILED', path: 'workerId' });
    expect(await count(t, 'select * from nomination')).toBe(before);
    expectError(
      await as(t.app, street).post(`/api/nomination-rounds/${round.id}/nominations`, {
        workerId: workerD2,
        reason: '外区',
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
  });

  it('nominates, is approved one level up, then records the outcome', async () => {
    let res = await as(t.app, street).post(`/api/nomination-rounds/${round.id}/nominations`, {
      workerId: workerA,
      reason: '扎根社区十年，群众认可',
    });
    expectOk(res);
    round = res.json<Round>();
    const n = round.items[0];
    if (!n) throw new Error('no nomination');
    expect(n.status).toBe('draft');
    expectError(
      await as(t.app, street).post(`/api/nominations/${n.id}/outcome`, {
        version: n.version,
        outcome: 'elected',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'outcome' },
    );
    res = await as(t.app, street).post(`/api/nominations/${n.id}/submit`, { version: n.version });
    expectOk(res);
    const req = await one<{ id: number; org_unit_id: number; version: number }>(
      t,
      `select id, org_unit_id, version from approval_request
        where subject_type = 'nomination' and subject_id = $1`,
      [n.id],
    );
    expect(Number(req.org_unit_id)).toBe(tree.d1.id);
    // The submitting subdistrict cannot decide its own nomination.
    expect(
      (await as(t.app, street).post(`/api/approvals/${req.id}/approve`, { version: req.version }))
        .statusCode,
    ).toBeGreaterThanOrEqual(403);
    expectOk(
      await as(t.app, district).post(`/api/approvals/${req.id}/approve`, {
        version: req.version,
        comment: '同意',
      }),
    );
    const after = await as(t.app, street).get(`/api/nomination-rounds/${round.id}`);
    const approved = after.json<Round>().items[0];
    expect(approved?.status).toBe('approved');
    res = await as(t.app, street).post(`/api/nominations/${n.id}/outcome`, {
      version: approved?.version,
      outcome: 'elected',
    });
    expectOk(res);
    expect(res.json<Round>().items[0]?.outcome).toBe('elected');
  });

  it('hides a round from another subdistrict', async () => {
    const otherStreet = await createUserSession(t, admin, {
      username: 'street_s2_honor',
      orgUnitId: tree.s2.id,
      roles: ['hr_officer'],
    });
    expectError(await as(t.app, otherStreet).get(`/api/nomination-rounds/${round.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('shows only public commendations on the community honour roll, without login', async () => {
    const base = {
      workerId: workerA,
      awardingBody: '区委',
      awardedOn: '2025-07-01',
      citation: '带领社区完成老旧小区改造',
    };
    expectOk(
      await as(t.app, street).post('/api/commendations', {
        ...base,
        kind: 'role_model',
        title: '优秀社区工作者',
        isPublic: true,
      }),
    );
    expectOk(
      await as(t.app, street).post('/api/commendations', {
        ...base,
        kind: 'commendation',
        title: '内部嘉奖',
      }),
    );
    expectError(
      await as(t.app, street).post('/api/commendations', { ...base, kind: 'medal', title: 'x' }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'kind' },
    );
    const res = await send(t.app, {
      method: 'GET',
      url: `/api/public/communities/${tree.c1.id}/honors`,
    });
    expectOk(res);
    const roll = res.json<{ items: { title: string }[] }>();
    expect(roll.items.map((x) => x.title)).toEqual(['优秀社区工作者']);
    expect(JSON.stringify(roll)).not.toContain('workerId');
    expectError(await as(t.app, community).get('/api/commendations'), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });
});

describe('life care', () => {
  interface Care {
    healthChecks: { conclusion: string | null; findings: string | null; masked: boolean }[];
    nextHealthCheck: { dueDate: string; state: string };
    intervalMonths: number;
    records: { kind: string; amount: number | null }[];
    sensitiveVisible: boolean;
  }
  const lastCheck = addMonths(today, -13);

  it('sets the interval for a unit (audited) and refuses bad values', async () => {
    expectError(
      await putSetting(street, {
        orgUnitId: tree.s1.id,
        healthCheckIntervalMonths: 0,
        dueSoonDays: 30,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'healthCheckIntervalMonths' },
    );
    const res = await putSetting(street, {
      orgUnitId: tree.s1.id,
      healthCheckIntervalMonths: 12,
      dueSoonDays: 30,
    });
    expectOk(res);
    expect(res.json()).toMatchObject({ healthCheckIntervalMonths: 12, isDefault: false });
    const c1 = await as(t.app, careClerk).get(`/api/care/settings?orgUnitId=${tree.c1.id}`);
    expect(c1.json()).toMatchObject({ orgUnitId: tree.s1.id, healthCheckIntervalMonths: 12 });
  });

  it('records a health check and care records; results need worker:pii', async () => {
    expectError(
      await as(t.app, street).post('/api/care/health-checks', {
        workerId: workerA,
        checkDate: addDays(today, 3),
        institution: '区人民医院',
        conclusion: 'normal',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'checkDate' },
    );
    const before = await maxAuditId(t);
    expectOk(
      await as(t.app, street).post('/api/care/health-checks', {
        workerId: workerA,
        checkDate: lastCheck,
        institution: '区人民医院',
        conclusion: 'follow_up',
        findings: '血压偏高',
      }),
    );
    const audits = await auditSince(t, before);
    expect(JSON.stringify(audits)).not.toContain('血压');
    expectError(
      await as(t.app, street).post('/api/care/records', {
        workerId: workerA,
        kind: 'hardship_aid',
        occurredOn: today,
        reason: '家属重病',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'amount' },
    );
    expectOk(
      await as(t.app, street).post('/api/care/records', {
        workerId: workerA,
        kind: 'hardship_aid',
        occurredOn: today,
        reason: '家属重病',
        amount: 2000,
      }),
    );
    const full = (await as(t.app, street).get(`/api/workers/${workerA}/care`)).json<Care>();
    expect(full.healthChecks[0]).toMatchObject({ conclusion: 'follow_up', findings: '血压偏高' });
    expect(full.records[0]?.amount).toBe(2000);
    expect(full.nextHealthCheck).toEqual({ dueDate: addMonths(lastCheck, 12), state: 'overdue' });
    const masked = await as(t.app, careClerk).get(`/api/workers/${workerA}/care`);
    expectOk(masked);
    const m = masked.json<Care>();
    expect(m.sensitiveVisible).toBe(false);
    expect(m.healthChecks[0]).toMatchObject({ conclusion: null, findings: null, masked: true });
    expect(m.records[0]?.amount).toBeNull();
    expect(masked.body).not.toContain('血压');
    const mine = (await as(t.app, self).get('/api/care/mine')).json<Care>();
    expect(mine.healthChecks[0]?.findings).toBe('血压偏高');
    expectError(await as(t.app, street).get(`/api/workers/${workerD2}/care`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, community).get(`/api/workers/${workerA}/care`), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('audits each staff read of results and amounts once, without them; not the worker’s own', async () => {
    const SENSITIVE = 'care.sensitive.view';
    const viewsSince = async (from: number) =>
      (await auditSince(t, from)).filter((a) => a.action === SENSITIVE);
    // The row as text without its id and chain hashes (digits that could spell a number).
    const text = (a: object | undefined) =>
      JSON.stringify({ ...a, id: undefined, hash: undefined, prev_hash: undefined });

    let from = await maxAuditId(t);
    const full = await as(t.app, street).get(`/api/workers/${workerA}/care`);
    expectOk(full);
    expect(full.json<Care>().healthChecks[0]?.findings).toBe('血压偏高');
    let views = await viewsSince(from);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      actor_name: 'street',
      entity_type: 'worker',
      entity_id: String(workerA),
      org_path: tree.c1.path,
    });
    expect(views[0]?.request_id).toBeTruthy();
    expect(views[0]?.changes).toEqual({ view: 'worker_care', healthResults: 1, aidAmounts: 1 });
    for (const known of ['血压', 'follow_up', '2000', '200000']) {
      expect(text(views[0])).not.toContain(known);
    }

    // Without worker:pii: masked, and no row; the worker's own view: in full, and no row.
    from = await maxAuditId(t);
    const masked = await as(t.app, careClerk).get(`/api/workers/${workerA}/care`);
    expect(masked.json<Care>().healthChecks[0]?.conclusion).toBeNull();
    const mine = await as(t.app, self).get('/api/care/mine');
    expect(mine.json<Care>().healthChecks[0]?.conclusion).toBe('follow_up');
    // A worker with nothing recorded: nothing to show, nothing to audit.
    const empty = await as(t.app, street).get(`/api/workers/${workerB}/care`);
    expect(empty.json<Care>()).toMatchObject({ healthChecks: [], records: [] });
    expect(await viewsSince(from)).toEqual([]);

    // The answer to a new record shows every earlier result too: one row besides the change's.
    from = await maxAuditId(t);
    expectOk(
      await as(t.app, street).post('/api/care/records', {
        workerId: workerA,
        kind: 'visit',
        occurredOn: today,
        reason: '节日走访',
      }),
    );
    const written = await auditSince(t, from);
    expect(written.map((a) => a.action)).toEqual(['care_record.create', SENSITIVE]);
    expect(written[1]?.changes).toEqual({ view: 'worker_care', healthResults: 1, aidAmounts: 1 });
    expect(JSON.stringify(written)).not.toContain('血压');
    views = await viewsSince(from);
    expect(views).toHaveLength(1);
  });

  it('lists who is due per unit with the unit interval', async () => {
    const res = await as(t.app, street).get(`/api/care/health-due?state=overdue&pageSize=100`);
    expectOk(res);
    const page = res.json<{
      items: { workerId: number; dueDate: string }[];
      intervalMonths: number;
    }>();
    expect(page.intervalMonths).toBe(12);
    const a = page.items.find((x) => x.workerId === workerA);
    expect(a?.dueDate).toBe(addMonths(lastCheck, 12));
    // Never checked, hired 2015: due long ago.
    expect(page.items.some((x) => x.workerId === workerB)).toBe(true);
    expect(page.items.some((x) => x.workerId === workerD2)).toBe(false);
  });

  it('lists the due by the setting of each worker’s own unit, nested settings included', async () => {
    // c1 checks every 6 months (45 days' notice); the rest of s1 every 12 (30 days, set above);
    // the rest of d1 by the built-in fallback.
    expectOk(
      await putSetting(street, {
        orgUnitId: tree.s1.id,
        healthCheckIntervalMonths: 12,
        dueSoonDays: 30,
      }),
    );
    expectOk(
      await putSetting(street, {
        orgUnitId: tree.c1.id,
        healthCheckIntervalMonths: 6,
        dueSoonDays: 45,
      }),
    );
    const hired = [
      addMonths(today, -5),
      addMonths(today, -6),
      addDays(addMonths(today, -6), 20),
      addMonths(today, -11),
      addDays(addMonths(today, -12), 10),
      addMonths(today, -30),
      '2020-01-31',
      '2020-03-31',
    ];
    for (const unit of [tree.c1.id, tree.c2.id, tree.s1.id, tree.d1.id])
      for (const h of hired) await insertWorker(unit, h);
    const check = (workerId: number, checkDate: string) =>
      as(t.app, street).post('/api/care/health-checks', {
        workerId,
        checkDate,
        institution: '社区卫生服务中心',
        conclusion: 'normal',
      });
    const soonC1 = await insertWorker(tree.c1.id, '2016-01-01');
    const soonC2 = await insertWorker(tree.c2.id, '2016-01-01');
    const fresh = await insertWorker(tree.c1.id, '2016-01-01');
    const c1Check = addDays(addMonths(today, -6), 10);
    expectOk(await check(soonC1, addDays(c1Check, -200)));
    expectOk(await check(soonC1, c1Check));
    expectOk(await check(soonC2, addDays(addMonths(today, -12), 5)));
    expectOk(await check(fresh, addMonths(today, -1)));
    // An earlier check entered late does not move the date counted from.
    expectOk(await check(soonC1, addDays(c1Check, -100)));

    interface Due {
      workerId: number;
      dueDate: string;
      state: string;
    }
    /** Independently: every worker in post of the subtree, by core's healthCheckDue. */
    const expected = async (path: string, state: string): Promise<Due[]> => {
      const settings = await rows<{ org_path: string; i: number; s: number }>(
        t,
        'select org_path, health_check_interval_months as i, due_soon_days as s from care_setting',
      );
      const ws = await rows<{ id: string; org_path: string; hire: string; last: string | null }>(
        t,
        `select w.id, w.org_path, w.hire_date::text as hire,
                (select max(check_date)::text from health_check h where h.worker_id = w.id) as last
           from worker w where w.org_path like $1 and w.status in ('active', 'probation')`,
        [`${path}%`],
      );
      const out: Due[] = [];
      for (const w of ws) {
        const set = settings
          .filter((x) => w.org_path.startsWith(x.org_path))
          .sort((a, b) => b.org_path.length - a.org_path.length)[0];
        const d = healthCheckDue(
          { lastCheckDate: w.last, hireDate: w.hire },
          set?.i ?? 24,
          today,
          set?.s ?? 30,
        );
        if (d.state === 'not_due' || (state !== 'due' && d.state !== state)) continue;
        out.push({ workerId: Number(w.id), dueDate: d.dueDate, state: d.state });
      }
      return out.sort((a, b) =>
        a.dueDate === b.dueDate ? a.workerId - b.workerId : a.dueDate < b.dueDate ? -1 : 1,
      );
    };
    const listed = async (s: Session, unitId: number, state: string) => {
      const all: Due[] = [];
      let total = -1;
      for (let p = 1; p <= 50; p++) {
        const res = await as(t.app, s).get(
          `/api/care/health-due?orgUnitId=${unitId}&state=${state}&pageSize=7&page=${p}`,
        );
        expectOk(res);
        const page = res.json<{ items: Due[]; total: number }>();
        total = page.total;
        if (page.items.length === 0) break;
        all.push(
          ...page.items.map(({ workerId, dueDate, state }) => ({ workerId, dueDate, state })),
        );
      }
      expect(total).toBe(all.length);
      return all;
    };
    for (const [s, unit] of [
      [street, tree.s1],
      [district, tree.d1],
      [street, tree.c1],
    ] as const)
      for (const state of ['overdue', 'due_soon', 'due']) {
        const want = await expected(String(unit.path), state);
        expect(await listed(s, Number(unit.id), state), `${String(unit.name)} ${state}`).toEqual(
          want,
        );
        expect(want.length, `${String(unit.name)} ${state}`).toBeGreaterThan(0);
      }
    const soon = await listed(street, Number(tree.s1.id), 'due_soon');
    expect(soon.find((x) => x.workerId === soonC1)?.dueDate).toBe(addMonths(c1Check, 6));
    expect(soon.some((x) => x.workerId === soonC2)).toBe(true);
    expect(
      (await listed(street, Number(tree.s1.id), 'due')).some((x) => x.workerId === fresh),
    ).toBe(false);
    // Checked today: off the list.
    expectOk(await check(soonC1, today));
    expect(
      (await listed(street, Number(tree.s1.id), 'due')).some((x) => x.workerId === soonC1),
    ).toBe(false);
  });
});

describe('burden reduction', () => {
  let itemId: number;

  it('keeps the admission list at district level or above', async () => {
    expectError(
      await as(t.app, street).post('/api/burden/task-items', {
        orgUnitId: tree.s1.id,
        title: '街道自定事项',
        kind: 'report',
        legalBasis: '无',
        issuingDepartment: '街道办',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'orgUnitId' },
    );
    const res = await as(t.app, district).post('/api/burden/task-items', {
      orgUnitId: tree.d1.id,
      title: '居民最低生活保障申请初审',
      kind: 'certificate',
      legalBasis: '《社会救助暂行办法》第十一条',
      issuingDepartment: '区民政局',
    });
    expectOk(res);
    itemId = res.json<{ id: number }>().id;
    const forC1 = await as(t.app, community).get(
      `/api/burden/task-items?communityId=${tree.c1.id}`,
    );
    expect(forC1.json<{ items: { id: number }[] }>().items.map((x) => x.id)).toContain(itemId);
  });

  it('logs requests and flags those outside the list', async () => {
    const body = {
      communityId: tree.c1.id,
      requestingDepartment: '区民政局',
      kind: 'certificate',
      title: '低保初审',
      requestedOn: today,
      estimatedHours: 2.5,
    };
    let res = await as(t.app, community).post('/api/burden/requests', {
      ...body,
      taskItemId: itemId,
    });
    expectOk(res);
    expect(res.json()).toMatchObject({ outOfList: false, taskItemId: itemId });
    res = await as(t.app, community).post('/api/burden/requests', {
      ...body,
      requestingDepartment: '区文明办',
      kind: 'signboard',
      title: '悬挂创建文明城市标牌',
      estimatedHours: 4,
    });
    expectOk(res);
    expect(res.json()).toMatchObject({ outOfList: true, taskItemId: null });
    const before = await tableCounts(t);
    expectError(
      await as(t.app, community).post('/api/burden/requests', { ...body, estimatedHours: -1 }),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'estimatedHours',
      },
    );
    expectError(
      await as(t.app, community).post('/api/burden/requests', { ...body, kind: 'party' }),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'kind',
      },
    );
    expectError(
      await as(t.app, street).post('/api/burden/requests', { ...body, communityId: tree.s1.id }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'communityId' },
    );
    expectError(
      await as(t.app, communityC2).post('/api/burden/requests', { ...body, taskItemId: itemId }),
      { status: 404, code: 'NOT_FOUND' },
    );
    expect(await tableCounts(t)).toEqual(before);
  });

  it('shows the burden per community and per department, in scope', async () => {
    const res = await as(t.app, street).get('/api/burden/figures');
    expectOk(res);
    const f = res.json<{
      byCommunity: { key: string; requests: number; outOfList: number; estimatedHours: number }[];
      byDepartment: { label: string; requests: number; estimatedHours: number }[];
      total: { requests: number; outOfList: number; estimatedHours: number };
    }>();
    expect(f.byCommunity).toEqual([
      expect.objectContaining({
        key: String(tree.c1.id),
        requests: 2,
        outOfList: 1,
        estimatedHours: 6.5,
      }),
    ]);
    expect(f.byDepartment.map((x) => [x.label, x.requests, x.estimatedHours])).toEqual([
      ['区文明办', 1, 4],
      ['区民政局', 1, 2.5],
    ]);
    expect(f.total).toMatchObject({ requests: 2, outOfList: 1, estimatedHours: 6.5 });
    const flagged = await as(t.app, street).get('/api/burden/requests?outOfList=true');
    expect(flagged.json<{ total: number }>().total).toBe(1);
    const c2 = await as(t.app, communityC2).get('/api/burden/figures');
    expect(c2.json<{ total: { requests: number } }>().total.requests).toBe(0);
    expectError(await as(t.app, auditor).get('/api/burden/figures'), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('exports the burden view as .xlsx (audited)', async () => {
    const before = await maxAuditId(t);
    const res = await as(t.app, street).get('/api/burden/export');
    expectOk(res);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(toArrayBuffer(res.rawPayload));
    const sheet = wb.getWorksheet('按社区');
    expect(sheet?.getRow(2).values).toEqual([undefined, tree.c1.name, 2, 1, 6.5]);
    expect(wb.getWorksheet('事项明细')?.rowCount).toBe(3);
    expect((await auditSince(t, before)).map((r) => r.action)).toEqual(['burden.export']);
  });
});
