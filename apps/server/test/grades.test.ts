// Post-grade ladder: initial grading with the ladder that produced it, the annual review (a
// January promotion, blocked workers with the failed condition, HR exclusions and adjustments,
// approval applying everything with history and audit, a second run refused), manual grade
// changes through approval, scope, permissions and bad input, and a second ladder of another
// shape (four posts, 24 grades, two years per step) configured through the API.
import { composeIdNumber, EXAMPLE_RULE_SETS } from '@cwp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { computeInitialGrade } from '../src/modules/grades/initial';
import { ProposalMemo, proposalOf } from '../src/modules/grades/review-compute';
import { enact, type RuleSetBody } from './career-helpers';
import { auditSince, demoTree, expectError, expectOk, maxAuditId, one, rows } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;
let cityLadder: RuleSetBody;
let seq = 100;

const forbidden = { status: 403, code: 'FORBIDDEN' };
const notFound = { status: 404, code: 'NOT_FOUND' };
const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  [admin, district, street, community] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
  ]);
  const res = await as(t.app, admin).get(
    `/api/rule-sets/in-force?kind=grade_scheme&orgUnitId=${tree.city.id}`,
  );
  cityLadder = res.json<{ ruleSet: RuleSetBody }>().ruleSet;
}, 60_000);
afterAll(async () => {
  await t?.close();
});

interface WorkerSpec {
  orgUnitId: number;
  post?: string;
  grade: number | null;
  hireDate: string;
  workStartDate?: string;
  education?: string;
  qualification?: string;
}

async function hire(s: Session, w: WorkerSpec): Promise<number> {
  const res = await as(t.app, s).post('/api/workers', {
    name: `测试${seq}`,
    idNumber: composeIdNumber({
      divisionCode: '330106',
      birthDate: '1988-04-12',
      sequence: seq,
      sex: seq++ % 2 === 0 ? 'female' : 'male',
    }),
    ethnicity: '01',
    politicalStatus: '13',
    phone: '13800138000',
    category: 'full_time',
    orgUnitId: w.orgUnitId,
    post: w.post ?? 'staff',
    grade: w.grade,
    status: 'active',
    workStartDate: w.workStartDate ?? w.hireDate,
    hireDate: w.hireDate,
    educationFullTime: w.education ?? '20',
    ...(w.qualification
      ? { qualification: w.qualification, certNumber: `Z${seq}`, certDate: '2018-06-01' }
      : {}),
  });
  expectOk(res);
  return res.json<{ id: number }>().id;
}

async function rate(s: Session, workerId: number, year: number, rating: string) {
  const res = await as(t.app, s).post('/api/assessments', { workerId, year, rating });
  expectOk(res);
}

interface Review {
  id: number;
  status: string;
  version: number;
  total: number;
  promoted: number;
  blocked: number;
  excluded: number;
  adjusted: number;
  appliedCount: number | null;
  approvalId: number | null;
  ruleSets: { ruleSetId: number; ruleVersionNo: number; workers: number }[];
  error: string | null;
}
interface Proposal {
  workerId: number;
  currentGrade: number | null;
  proposedGrade: number | null;
  outcome: string;
  reason: string;
  lastRating: string | null;
  effectiveFrom: string | null;
  ruleSetId: number | null;
  ruleVersionNo: number | null;
  excluded: boolean;
  adjustedGrade: number | null;
  finalGrade: number | null;
  version: number;
}

async function waitComputed(s: Session, id: number): Promise<Review> {
  for (let i = 0; i < 600; i++) {
    const res = await as(t.app, s).get(`/api/grades/reviews/${id}`);
    expectOk(res);
    const r = res.json<Review>();
    if (r.status !== 'computing') return r;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('review still computing');
}

async function startReview(s: Session, orgUnitId: number, year: number): Promise<Review> {
  const res = await as(t.app, s).post('/api/grades/reviews', { orgUnitId, year });
  expectOk(res);
  return waitComputed(s, res.json<Review>().id);
}

async function proposals(s: Session, id: number, query = ''): Promise<Proposal[]> {
  const res = await as(t.app, s).get(`/api/grades/reviews/${id}/proposals?pageSize=200${query}`);
  expectOk(res);
  return res.json<{ items: Proposal[] }>().items;
}

function byWorker(list: Proposal[], workerId: number): Proposal {
  const p = list.find((x) => x.workerId === workerId);
  if (!p) throw new Error(`no proposal for worker ${workerId}`);
  return p;
}

describe('initial grading', () => {
  it('grades a new hire by the ladder in force and names the rule set', async () => {
    // staff, 7 whole years (2019-01-01 → 2026-01-01) + 1 for a bachelor's degree = 8 years,
    // one grade per 3 years → 1 + 2 = 3, + 2 for 社会工作师 → 5.
    const res = await as(t.app, street).post('/api/grades/initial/preview', {
      orgUnitId: tree.c1.id,
      post: 'staff',
      workStartDate: '2019-01-01',
      education: '20',
      qualification: 'intermediate',
      onDate: '2026-01-01',
    });
    expectOk(res);
    expect(res.json()).toMatchObject({
      grade: 5,
      ruleSetId: cityLadder.id,
      ruleVersionNo: 1,
      onDate: '2026-01-01',
    });
    const explanation = res.json<{ explanation: string }>().explanation;
    expect(explanation).toContain('社区工作年限 7 年 + 学历（大学本科）折算 1 年 = 8 年');
    expect(explanation).toContain('职业资格（社会工作师）加 2 级');
    expect(explanation).toContain('定为 5 级');
    expect(explanation).toContain('第 1 版');

    // The function the recruitment module calls on hire.
    const direct = await t.db.db.transaction((tx) =>
      computeInitialGrade(tx, {
        orgUnitId: tree.c1.id,
        post: 'deputy',
        workStartDate: '2020-06-01',
        education: null,
        qualification: null,
        onDate: '2026-06-01',
      }),
    );
    expect(direct).toMatchObject({ grade: 6, ruleSetId: cityLadder.id, ruleVersionNo: 1 });
  });

  it('refuses when no ladder is in force and rejects bad input', async () => {
    await expect(
      t.db.db.transaction((tx) =>
        computeInitialGrade(tx, {
          orgUnitId: tree.c1.id,
          post: 'staff',
          workStartDate: '2010-01-01',
          education: null,
          qualification: null,
          onDate: '2023-06-01',
        }),
      ),
    ).rejects.toMatchObject({
      status: 400,
      details: [{ path: 'orgUnitId', message: expect.stringMatching(/没有生效的岗位等级规则/) }],
    });
    const base = {
      orgUnitId: tree.c1.id,
      post: 'staff',
      workStartDate: '2019-01-01',
      onDate: '2026-01-01',
    };
    expectError(
      await as(t.app, street).post('/api/grades/initial/preview', { ...base, post: 'chairman' }),
      invalid('post'),
    );
    expectError(
      await as(t.app, street).post('/api/grades/initial/preview', {
        ...base,
        workStartDate: '2019-02-30',
      }),
      invalid('workStartDate'),
    );
    expectError(
      await as(t.app, street).post('/api/grades/initial/preview', {
        ...base,
        workStartDate: '2027-01-01',
      }),
      invalid('workStartDate'),
    );
    // A unit outside the caller's subtree.
    expectError(
      await as(t.app, street).post('/api/grades/initial/preview', {
        ...base,
        orgUnitId: tree.d2c1.id,
      }),
      invalid('orgUnitId'),
    );
    expectError(await as(t.app, community).post('/api/grades/initial/preview', base), forbidden);
  });

  it('proposes and applies the initial grade of an existing worker through approval', async () => {
    const id = await hire(street, {
      orgUnitId: tree.c2.id,
      grade: null,
      hireDate: '2025-03-01',
      workStartDate: '2019-01-01',
      qualification: 'intermediate',
    });
    const proposed = await as(t.app, street).get(
      `/api/grades/workers/${id}/initial?onDate=2026-01-01`,
    );
    expectOk(proposed);
    expect(proposed.json()).toMatchObject({
      grade: 5,
      currentGrade: null,
      ruleSetId: cityLadder.id,
    });
    const change = await as(t.app, street).post('/api/grades/changes', {
      workerId: id,
      kind: 'initial',
      effectiveDate: '2026-01-01',
      reason: '补充定级',
    });
    expectOk(change);
    const c = change.json<{ id: number; toGrade: number; ruleSetId: number; approvalId: number }>();
    expect(c).toMatchObject({ toGrade: 5, ruleSetId: cityLadder.id });
    const approval = await as(t.app, district).get(`/api/approvals/${c.approvalId}`);
    expectOk(approval);
    expectOk(
      await as(t.app, district).post(`/api/approvals/${c.approvalId}/approve`, {
        version: approval.json<{ version: number }>().version,
      }),
    );
    expect(
      (await one<{ grade: number }>(t, 'select grade from worker where id = $1', [id])).grade,
    ).toBe(5);
    const history = await as(t.app, street).get(`/api/workers/${id}/history?kind=grade`);
    expectOk(history);
    expect(history.json()).toEqual([
      expect.objectContaining({
        value: '5',
        effectiveFrom: '2026-01-01',
        effectiveTo: null,
        reason: expect.stringContaining(`规则集 ${cityLadder.id} 第 1 版`),
      }),
    ]);
  });
});

describe('annual review', () => {
  const w = { promoted: 0, early: 0, basic: 0, unrated: 0, excluded: 0, adjusted: 0, outside: 0 };
  let review: Review;

  beforeAll(async () => {
    // Grade history starts at hire; years in grade are counted to the effective date 2026-01-01.
    w.promoted = await hire(street, { orgUnitId: tree.s1.id, grade: 5, hireDate: '2020-03-01' });
    w.early = await hire(street, { orgUnitId: tree.c1.id, grade: 5, hireDate: '2024-06-01' });
    w.basic = await hire(street, { orgUnitId: tree.c1.id, grade: 5, hireDate: '2018-01-01' });
    w.unrated = await hire(street, { orgUnitId: tree.c1.id, grade: 4, hireDate: '2018-01-01' });
    w.excluded = await hire(street, { orgUnitId: tree.c1.id, grade: 2, hireDate: '2019-01-01' });
    w.adjusted = await hire(street, { orgUnitId: tree.c1.id, grade: 3, hireDate: '2019-01-01' });
    w.outside = await hire(admin, { orgUnitId: tree.s2.id, grade: 3, hireDate: '2019-01-01' });
    await rate(street, w.promoted, 2025, 'competent');
    await rate(street, w.early, 2025, 'excellent');
    await rate(street, w.basic, 2025, 'basically_competent');
    await rate(street, w.excluded, 2025, 'excellent');
    await rate(street, w.adjusted, 2025, 'competent');
    // An older rating does not count: only the year before the review.
    await rate(street, w.unrated, 2024, 'excellent');
  }, 60_000);

  it('computes a proposal with its reason and rule version for every worker in scope', async () => {
    const before = await maxAuditId(t);
    review = await startReview(street, tree.s1.id, 2026);
    expect(review.status, review.error ?? '').toBe('draft');
    const list = await proposals(street, review.id);
    // Every worker of the subtree, and no one outside it.
    const inS1 = await rows<{ id: string }>(
      t,
      `select id from worker where org_path like $1 and status in ('active', 'probation')`,
      [tree.s1.path + '%'],
    );
    expect(list.map((p) => p.workerId).sort()).toEqual(inS1.map((r) => Number(r.id)).sort());
    expect(list.some((p) => p.workerId === w.outside)).toBe(false);
    expect(review.total).toBe(inS1.length);

    expect(byWorker(list, w.promoted)).toMatchObject({
      outcome: 'promoted',
      currentGrade: 5,
      proposedGrade: 6,
      finalGrade: 6,
      lastRating: 'competent',
      effectiveFrom: '2026-01-01',
      ruleSetId: cityLadder.id,
      ruleVersionNo: 1,
      reason: '距上次晋级满 3 年，上一年度考核为“合格”，1 月起由 5 级晋升为 6 级',
    });
    expect(byWorker(list, w.early)).toMatchObject({
      outcome: 'blocked',
      proposedGrade: 5,
      finalGrade: null,
      reason: '距上次晋级 1 年，未满 3 年',
      ruleSetId: cityLadder.id,
    });
    expect(byWorker(list, w.basic)).toMatchObject({
      outcome: 'blocked',
      reason: '上一年度考核为“基本合格”，晋级须为“优秀”或“合格”',
    });
    expect(byWorker(list, w.unrated)).toMatchObject({
      outcome: 'blocked',
      lastRating: null,
      reason: '没有上一年度考核结果，暂不晋级',
    });
    expect(review.ruleSets).toEqual([
      expect.objectContaining({ ruleSetId: cityLadder.id, ruleVersionNo: 1, workers: inS1.length }),
    ]);
    const audit = await auditSince(t, before);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['grade_review.create', 'grade_review.compute']),
    );

    const named = await as(t.app, street).get(
      `/api/grades/reviews/${review.id}/proposals?q=${encodeURIComponent('测试')}&pageSize=2`,
    );
    expect(named.json()).toMatchObject({ total: inS1.length, nextAfter: expect.any(Number) });
    const none = await as(t.app, street).get(
      `/api/grades/reviews/${review.id}/proposals?q=${encodeURIComponent('无此人')}`,
    );
    expect(none.json()).toMatchObject({ total: 0, items: [], nextAfter: null });
    const blocked = await proposals(street, review.id, '&filter=blocked');
    expect(blocked.every((p) => p.outcome === 'blocked')).toBe(true);
    expect(blocked.map((p) => p.workerId)).toEqual(
      expect.arrayContaining([w.early, w.basic, w.unrated]),
    );
  });

  it('refuses a second run for the same unit and year, or an overlapping subtree', async () => {
    expectError(
      await as(t.app, street).post('/api/grades/reviews', { orgUnitId: tree.s1.id, year: 2026 }),
      {
        status: 409,
        code: 'CONFLICT',
        path: 'year',
      },
    );
    expectError(
      await as(t.app, street).post('/api/grades/reviews', { orgUnitId: tree.c1.id, year: 2026 }),
      {
        status: 409,
        code: 'CONFLICT',
      },
    );
    expectError(
      await as(t.app, district).post('/api/grades/reviews', { orgUnitId: tree.d1.id, year: 2026 }),
      {
        status: 409,
        code: 'CONFLICT',
      },
    );
  });

  it('lets HR exclude or adjust a proposal with a reason', async () => {
    const list = await proposals(street, review.id);
    const ex = byWorker(list, w.excluded);
    expect(ex).toMatchObject({ outcome: 'promoted', proposedGrade: 3 });
    const url = `/api/grades/reviews/${review.id}/proposals`;
    expectError(
      await as(t.app, street).patch(`${url}/${w.excluded}`, {
        version: ex.version,
        excluded: true,
      }),
      invalid('reason'),
    );
    expectError(
      await as(t.app, street).patch(`${url}/${w.excluded}`, {
        version: ex.version + 5,
        excluded: true,
        reason: '试用',
      }),
      { status: 409, code: 'CONFLICT' },
    );
    const res = await as(t.app, street).patch(`${url}/${w.excluded}`, {
      version: ex.version,
      excluded: true,
      reason: '本年度受到处分',
    });
    expectOk(res);
    expect(res.json()).toMatchObject({ excluded: true, finalGrade: null });

    const ad = byWorker(list, w.adjusted);
    expectError(
      await as(t.app, street).patch(`${url}/${w.adjusted}`, {
        version: ad.version,
        adjustedGrade: 19,
        reason: '超出',
      }),
      invalid('adjustedGrade'),
    );
    const adj = await as(t.app, street).patch(`${url}/${w.adjusted}`, {
      version: ad.version,
      adjustedGrade: 5,
      reason: '表彰：破格晋升两级',
    });
    expectOk(adj);
    expect(adj.json()).toMatchObject({ adjustedGrade: 5, finalGrade: 5 });
    // Outside the caller's scope or without the permission.
    expectError(
      await as(t.app, community).patch(`${url}/${w.adjusted}`, {
        version: 2,
        excluded: true,
        reason: 'x',
      }),
      forbidden,
    );
    expect((await proposals(street, review.id, '&filter=excluded')).map((p) => p.workerId)).toEqual(
      [w.excluded],
    );
    const r = (await as(t.app, street).get(`/api/grades/reviews/${review.id}`)).json<Review>();
    expect(r).toMatchObject({ excluded: 1, adjusted: 1 });
    review = r;
  });

  it('exports the proposals', async () => {
    const res = await as(t.app, street).get(`/api/grades/reviews/${review.id}/export`);
    expectOk(res);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('applies every change on approval: grade, history, audit', async () => {
    const submitted = await as(t.app, street).post(`/api/grades/reviews/${review.id}/submit`, {
      version: review.version,
      comment: '请审批',
    });
    expectOk(submitted);
    const pending = submitted.json<Review>();
    expect(pending.status).toBe('pending');
    // Pending: no edits, and no second run.
    expectError(
      await as(t.app, street).post('/api/grades/reviews', { orgUnitId: tree.s1.id, year: 2026 }),
      { status: 409, code: 'CONFLICT' },
    );
    expectError(
      await as(t.app, street).patch(`/api/grades/reviews/${review.id}/proposals/${w.early}`, {
        version: 1,
        excluded: true,
        reason: 'x',
      }),
      { status: 409, code: 'CONFLICT' },
    );
    // The submitter cannot decide; the district administrator can.
    expect(
      (await as(t.app, street).get(`/api/approvals/${pending.approvalId}`)).json(),
    ).toMatchObject({
      abilities: { decide: false },
    });
    const approval = await as(t.app, district).get(`/api/approvals/${pending.approvalId}`);
    expectOk(approval);
    const before = await maxAuditId(t);
    expectOk(
      await as(t.app, district).post(`/api/approvals/${pending.approvalId}/approve`, {
        version: approval.json<{ version: number }>().version,
        comment: '同意',
      }),
    );
    const applied = (
      await as(t.app, street).get(`/api/grades/reviews/${review.id}`)
    ).json<Review>();
    expect(applied.status).toBe('applied');
    const grades = await rows<{ id: string; grade: number }>(
      t,
      'select id, grade from worker where id = any($1)',
      [Object.values(w)],
    );
    const gradeOf = (id: number) => grades.find((g) => Number(g.id) === id)?.grade;
    expect(gradeOf(w.promoted)).toBe(6);
    expect(gradeOf(w.adjusted)).toBe(5);
    expect(gradeOf(w.excluded)).toBe(2);
    expect(gradeOf(w.early)).toBe(5);
    expect(gradeOf(w.basic)).toBe(5);
    expect(gradeOf(w.outside)).toBe(3);
    expect(applied.appliedCount).toBe(await promotedOrAdjusted(review.id));

    const history = await as(t.app, street).get(`/api/workers/${w.promoted}/history?kind=grade`);
    expectOk(history);
    expect(history.json()).toEqual([
      expect.objectContaining({
        value: '5',
        effectiveFrom: '2020-03-01',
        effectiveTo: '2026-01-01',
      }),
      expect.objectContaining({
        value: '6',
        effectiveFrom: '2026-01-01',
        effectiveTo: null,
        reason: expect.stringMatching(/^年度晋级：距上次晋级满 3 年.*规则集 \d+ 第 1 版/),
      }),
    ]);
    const adjustedHistory = await as(t.app, street).get(
      `/api/workers/${w.adjusted}/history?kind=grade`,
    );
    expect(adjustedHistory.json<{ reason: string }[]>().at(-1)?.reason).toContain(
      '表彰：破格晋升两级',
    );
    const audit = await auditSince(t, before);
    expect(audit.find((a) => a.action === 'grade_review.apply')).toMatchObject({
      entity_id: String(review.id),
      changes: expect.objectContaining({ applied: applied.appliedCount, stale: 0 }),
    });
    // Applied: still no second run.
    expectError(
      await as(t.app, street).post('/api/grades/reviews', { orgUnitId: tree.s1.id, year: 2026 }),
      { status: 409, code: 'CONFLICT' },
    );
  });

  async function promotedOrAdjusted(id: number): Promise<number> {
    const r = await one<{ n: number }>(
      t,
      `select count(*)::int as n from grade_review_proposal where review_id = $1 and not excluded
          and coalesce(adjusted_grade, proposed_grade) is distinct from current_grade`,
      [id],
    );
    return r.n;
  }

  it('scopes reviews by subtree and needs the permissions', async () => {
    expectError(await as(t.app, community).get('/api/grades/reviews'), forbidden);
    expectError(
      await as(t.app, community).post('/api/grades/reviews', { orgUnitId: tree.c1.id, year: 2027 }),
      forbidden,
    );
    const other = await startReview(admin, tree.d2.id, 2026);
    expect(other.status).toBe('draft');
    expectError(await as(t.app, street).get(`/api/grades/reviews/${other.id}`), notFound);
    expectError(
      await as(t.app, district).get(`/api/grades/reviews/${other.id}/proposals`),
      notFound,
    );
    const list = await as(t.app, street).get('/api/grades/reviews');
    expectOk(list);
    expect(list.json<{ items: { id: number }[] }>().items.map((r) => r.id)).not.toContain(other.id);
    // A discarded run frees the unit and year.
    const discarded = await as(t.app, admin).post(`/api/grades/reviews/${other.id}/discard`, {
      version: other.version,
    });
    expectOk(discarded);
    expect(discarded.json()).toMatchObject({ status: 'discarded' });
    const again = await startReview(admin, tree.d2.id, 2026);
    expect(again.status).toBe('draft');
  });

  it('rejects bad input naming the field', async () => {
    expectError(
      await as(t.app, street).post('/api/grades/reviews', { orgUnitId: tree.s1.id, year: 1999 }),
      invalid('year'),
    );
    expectError(
      await as(t.app, street).post('/api/grades/reviews', { orgUnitId: tree.s1.id }),
      invalid('year'),
    );
    expectError(
      await as(t.app, street).post('/api/grades/reviews', { orgUnitId: tree.d2.id, year: 2027 }),
      invalid('orgUnitId'),
    );
    expectError(
      await as(t.app, street).get(`/api/grades/reviews/${review.id}/proposals?filter=maybe`),
      invalid('filter'),
    );
  });
});

describe('review approval returned or withdrawn', () => {
  it('a returned review is editable again; a withdrawn one goes back to draft', async () => {
    const r = await startReview(district, tree.s2.id, 2027);
    expect(r.status, r.error ?? '').toBe('draft');
    const submitted = await as(t.app, district).post(`/api/grades/reviews/${r.id}/submit`, {
      version: r.version,
    });
    expectOk(submitted);
    const pending = submitted.json<Review>();
    const approval = await as(t.app, admin).get(`/api/approvals/${pending.approvalId}`);
    expectOk(
      await as(t.app, admin).post(`/api/approvals/${pending.approvalId}/return`, {
        version: approval.json<{ version: number }>().version,
        comment: '请核实不晋级人员',
      }),
    );
    const returned = (await as(t.app, district).get(`/api/grades/reviews/${r.id}`)).json<Review>();
    expect(returned.status).toBe('returned');
    // Nothing was applied, and the run is editable and can be submitted again.
    const list = await proposals(district, r.id);
    const first = list[0];
    if (!first) throw new Error('no proposals');
    expectOk(
      await as(t.app, district).patch(`/api/grades/reviews/${r.id}/proposals/${first.workerId}`, {
        version: first.version,
        excluded: true,
        reason: '核实后排除',
      }),
    );
    const again = (await as(t.app, district).get(`/api/grades/reviews/${r.id}`)).json<Review>();
    const resubmitted = await as(t.app, district).post(`/api/grades/reviews/${r.id}/submit`, {
      version: again.version,
    });
    expectOk(resubmitted);
    const second = resubmitted.json<Review>();
    const approval2 = await as(t.app, district).get(`/api/approvals/${second.approvalId}`);
    expectOk(
      await as(t.app, district).post(`/api/approvals/${second.approvalId}/withdraw`, {
        version: approval2.json<{ version: number }>().version,
      }),
    );
    const withdrawn = (await as(t.app, district).get(`/api/grades/reviews/${r.id}`)).json<Review>();
    expect(withdrawn.status).toBe('draft');
    expect(withdrawn.appliedCount).toBeNull();
  });
});

describe('manual grade adjustment', () => {
  it('applies on approval and shows in the grade history', async () => {
    const id = await hire(street, { orgUnitId: tree.c2.id, grade: 3, hireDate: '2022-01-01' });
    expectError(
      await as(t.app, street).post('/api/grades/changes', {
        workerId: id,
        effectiveDate: '2026-03-01',
        reason: '工作突出',
      }),
      invalid('toGrade'),
    );
    expectError(
      await as(t.app, street).post('/api/grades/changes', {
        workerId: id,
        toGrade: 4,
        effectiveDate: '2026-03-01',
      }),
      invalid('reason'),
    );
    expectError(
      await as(t.app, street).post('/api/grades/changes', {
        workerId: id,
        toGrade: 30,
        effectiveDate: '2026-03-01',
        reason: '工作突出',
      }),
      invalid('toGrade'),
    );
    expectError(
      await as(t.app, street).post('/api/grades/changes', {
        workerId: id,
        toGrade: 4,
        effectiveDate: '2021-03-01',
        reason: '工作突出',
      }),
      invalid('effectiveDate'),
    );
    expectError(
      await as(t.app, community).post('/api/grades/changes', {
        workerId: id,
        toGrade: 4,
        effectiveDate: '2026-03-01',
        reason: '工作突出',
      }),
      forbidden,
    );
    const before = await maxAuditId(t);
    const res = await as(t.app, street).post('/api/grades/changes', {
      workerId: id,
      toGrade: 4,
      effectiveDate: '2026-03-01',
      reason: '工作突出',
    });
    expectOk(res);
    const change = res.json<{ id: number; status: string; approvalId: number }>();
    expect(change.status).toBe('pending');
    // Not applied before approval; a second request while one is pending is refused.
    expect(
      (await one<{ grade: number }>(t, 'select grade from worker where id = $1', [id])).grade,
    ).toBe(3);
    expectError(
      await as(t.app, street).post('/api/grades/changes', {
        workerId: id,
        toGrade: 5,
        effectiveDate: '2026-03-01',
        reason: '再调',
      }),
      { status: 409, code: 'CONFLICT' },
    );
    const approval = await as(t.app, district).get(`/api/approvals/${change.approvalId}`);
    expectOk(
      await as(t.app, district).post(`/api/approvals/${change.approvalId}/approve`, {
        version: approval.json<{ version: number }>().version,
      }),
    );
    expect(
      (await one<{ grade: number }>(t, 'select grade from worker where id = $1', [id])).grade,
    ).toBe(4);
    const history = await as(t.app, street).get(`/api/workers/${id}/history?kind=grade`);
    expect(history.json()).toEqual([
      expect.objectContaining({ value: '3', effectiveTo: '2026-03-01' }),
      expect.objectContaining({
        value: '4',
        effectiveFrom: '2026-03-01',
        reason: '等级调整：工作突出',
      }),
    ]);
    const list = await as(t.app, street).get(`/api/grades/changes?workerId=${id}`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ status: 'applied', toGrade: 4 }] });
    const actions = (await auditSince(t, before)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['grade_change.create', 'approval.submit', 'grade_change.approve']),
    );
    // Outside the district's scope.
    const far = await hire(admin, { orgUnitId: tree.d2c1.id, grade: 3, hireDate: '2022-01-01' });
    expectError(
      await as(t.app, street).post('/api/grades/changes', {
        workerId: far,
        toGrade: 4,
        effectiveDate: '2026-03-01',
        reason: 'x',
      }),
      notFound,
    );
    expectError(await as(t.app, street).get(`/api/grades/workers/${far}/initial`), notFound);
  });
});

describe('a ladder of another shape configured through the API', () => {
  it('four posts, 24 grades, two years per step: initial grade and promotion', async () => {
    const scheme = {
      grades: 24,
      posts: [
        { code: 'principal', label: '正职', minGrade: 10, maxGrade: 24 },
        { code: 'deputy', label: '副职', minGrade: 6, maxGrade: 20 },
        { code: 'staff', label: '工作人员', minGrade: 3, maxGrade: 16 },
        { code: 'assistant', label: '辅助岗', minGrade: 1, maxGrade: 10 },
      ],
      yearsPerStep: 2,
      educationCredits: [{ education: '20', years: 2 }],
      qualificationBonuses: [],
      promotion: { requiredRatings: ['excellent'], effectiveMonth: 7 },
    };
    const ladder = await enact(t, district, admin, {
      kind: 'grade_scheme',
      orgUnitId: tree.s2.id,
      content: scheme,
      effectiveFrom: '2025-01-01',
    });
    // deputy, 2015-03-01 → 2026-01-01: 10 years + 2 for a bachelor's = 12, 6 steps above 6 → 12.
    const initial = await as(t.app, district).post('/api/grades/initial/preview', {
      orgUnitId: tree.s2.id,
      post: 'deputy',
      workStartDate: '2015-03-01',
      education: '20',
      onDate: '2026-01-01',
    });
    expectOk(initial);
    expect(initial.json()).toMatchObject({
      grade: 12,
      ruleSetId: ladder.id,
      ruleVersionNo: ladder.versionNo,
    });
    const star = await hire(district, {
      orgUnitId: tree.s2.id,
      post: 'deputy',
      grade: 19,
      hireDate: '2015-03-01',
    });
    const good = await hire(district, {
      orgUnitId: tree.s2.id,
      post: 'deputy',
      grade: 12,
      hireDate: '2015-03-01',
    });
    await rate(district, star, 2025, 'excellent');
    await rate(district, good, 2025, 'competent');
    const r = await startReview(district, tree.s2.id, 2026);
    expect(r.status, r.error ?? '').toBe('draft');
    const list = await proposals(district, r.id);
    // Grade 19 exists only on this ladder; promotion takes effect in July.
    expect(byWorker(list, star)).toMatchObject({
      outcome: 'promoted',
      proposedGrade: 20,
      effectiveFrom: '2026-07-01',
      ruleSetId: ladder.id,
      reason: '距上次晋级满 2 年，上一年度考核为“优秀”，7 月起由 19 级晋升为 20 级',
    });
    expect(byWorker(list, good)).toMatchObject({
      outcome: 'blocked',
      reason: '上一年度考核为“合格”，晋级须为“优秀”',
    });
  });
});

describe('the review compute’s memo', () => {
  it('gives exactly the answers of the engine called for each worker', () => {
    const rule = {
      id: 7,
      kind: 'grade_scheme' as const,
      orgUnitId: 1,
      orgPath: '1.',
      orgUnitName: '市',
      name: '示例',
      versionNo: 2,
      effectiveFrom: '2024-01-01',
      content: {
        ...EXAMPLE_RULE_SETS.grade_scheme.content,
        posts: EXAMPLE_RULE_SETS.grade_scheme.content.posts.map((p) =>
          p.code === 'deputy' ? { ...p, yearsPerStep: 5 } : p,
        ),
      },
    };
    const shared = new ProposalMemo();
    let n = 0;
    for (const post of ['staff', 'deputy', 'principal', 'unknown'])
      for (const grade of [null, 1, 4, 7, 12, 18, 19])
        for (const qualification of [null, 'senior'])
          for (const rating of [null, 'excellent', 'competent', 'basically_competent', 'x'])
            for (const since of [
              '2025-06-30',
              '2024-01-01',
              '2023-01-02',
              '2020-02-29',
              '2010-05-05',
              '2027-01-01',
            ]) {
              const w = {
                id: String(++n),
                org_unit_id: '3',
                org_path: '1.2.3.',
                post,
                grade,
                qualification,
                grade_since: since,
                rating,
              };
              expect(proposalOf(w, rule, 2026, shared)).toEqual(proposalOf(w, rule, 2026));
            }
    expect(
      proposalOf(
        {
          id: '1',
          org_unit_id: '3',
          org_path: '1.',
          post: 'staff',
          grade: 3,
          qualification: null,
          grade_since: '2020-01-01',
          rating: 'excellent',
        },
        null,
        2026,
      ),
    ).toMatchObject({
      outcome: 'blocked',
      reason: '所在单位没有生效的岗位等级规则',
      ruleSetId: null,
    });
  });
});
