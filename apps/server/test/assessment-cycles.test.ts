// Assessment cycles end to end: the scheme (a rule set: validated, approved, resolved), a cycle for a community run by
// the subdistrict's HR officer — self-assessment, panel and peer scores, entered satisfaction and
// absence, computation with vetoes and the cap, adjustment (cap enforced with its message),
// approval by the district, publication, an appeal (refused after the window), final (results in
// assessment_result with source 'cycle', effect proposals decided by a person) — plus scope,
// permissions and bad input.
import { EXAMPLE_ASSESSMENT_SCHEME } from '@cwp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { createRuleSet, enact, type RuleSetBody } from './career-helpers';
import { count, createUserSession, demoTree, expectError, expectOk, one, rows } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;
interface Cycle {
  id: number;
  status: string;
  version: number;
  workers: number;
  counts: Record<string, number>;
  approvalId: number | null;
  appealDeadline: string | null;
  pendingAppeals: number;
  schemeId: number;
  schemeVersion: number;
  scheme: { excellentCapPct: number };
}
interface Entry {
  workerId: number;
  rating: string | null;
  proposedRating: string | null;
  score: number | null;
  reasons: string[];
  version: number;
  appealStatus: string;
  absenceDays: number | null;
  absenceSource: string | null;
}

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;
let worker: Session;
let workerId: number;

const YEAR = 2025;
const forbidden = { status: 403, code: 'FORBIDDEN' };
const notFound = { status: 404, code: 'NOT_FOUND' };
const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  [admin, district, street, community] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
  ]);
  // A worker of the community with a self-service account.
  workerId = (
    await one<{ id: number }>(
      t,
      `select id from worker where org_path = $1 and status in ('active', 'probation') order by id limit 1`,
      [tree.c1.path],
    )
  ).id;
  const s = await createUserSession(t, admin, {
    username: 'cycle_worker',
    orgUnitId: Number(tree.c1.id),
    roles: ['worker'],
  });
  await t.db.pool.query('update app_user set worker_id = $1 where id = $2', [workerId, s.id]);
  worker = s;
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const scheme = (over: Record<string, unknown> = {}) => ({
  kind: 'assessment_scheme',
  orgUnitId: tree.s1.id as number,
  name: '街道考核细则',
  effectiveFrom: '2025-01-01',
  content: { ...JSON.parse(JSON.stringify(EXAMPLE_ASSESSMENT_SCHEME)), ...over } as unknown,
});
let subdistrictScheme: RuleSetBody;

async function cycle(s: Session, id: number): Promise<Cycle> {
  const res = await as(t.app, s).get(`/api/assessment-cycles/${id}`);
  expectOk(res);
  return res.json<Cycle>();
}

async function entries(s: Session, id: number): Promise<Entry[]> {
  const res = await as(t.app, s).get(`/api/assessment-cycles/${id}/entries?pageSize=100`);
  expectOk(res);
  return res.json<{ items: Entry[] }>().items;
}

describe('assessment scheme (a rule set of kind assessment_scheme)', () => {
  it('refuses bad content through the rule-set API with the field named', async () => {
    const before = await count(t, `select 1 from rule_set where kind = 'assessment_scheme'`);
    expectError(
      await as(t.app, district).post(
        '/api/rule-sets',
        scheme({ sourceWeights: { ...EXAMPLE_ASSESSMENT_SCHEME.sourceWeights, peer: 20 } }),
      ),
      invalid('content.sourceWeights'),
    );
    const bad = await as(t.app, district).post(
      '/api/rule-sets',
      scheme({ thresholds: { excellent: 70, competent: 80, basically_competent: 60 } }),
    );
    expectError(bad, invalid('content.thresholds'));
    expect(JSON.stringify(bad.json())).toContain('分数线应满足 优秀 > 合格 > 基本合格');
    expectError(
      await as(t.app, district).post('/api/rule-sets', scheme({ extra: 1 })),
      invalid('content.extra'),
    );
    expectError(await as(t.app, null).post('/api/rule-sets', scheme()), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expect(await count(t, `select 1 from rule_set where kind = 'assessment_scheme'`)).toBe(before);
    // The old scheme table is gone: one source of truth.
    expect(await count(t, `select 1 from pg_tables where tablename = 'assessment_scheme'`)).toBe(0);
  });

  it('the demo example governs the city; a subdistrict version governs below it once approved', async () => {
    const city = await one<{ n: number }>(
      t,
      `select count(*)::int as n from rule_set where kind = 'assessment_scheme' and status = 'in_force' and org_unit_id = $1`,
      [tree.city.id],
    );
    expect(city.n).toBe(1);
    subdistrictScheme = await enact(t, district, admin, scheme());
    expect(subdistrictScheme.versionNo).toBe(1);
    // A draft at the community does not govern: only approved versions are in force.
    await createRuleSet(t, district, {
      ...scheme(),
      orgUnitId: tree.c1.id as number,
      name: '社区草稿',
    });
  });
});

describe('a cycle from opening to final', () => {
  let id: number;
  let ids: number[];

  it('opens for a community with everyone in service, once', async () => {
    expectError(
      await as(t.app, street).post('/api/assessment-cycles', {
        orgUnitId: tree.c1.id,
        year: YEAR,
        period: 'q5',
      }),
      invalid('period'),
    );
    expectError(
      await as(t.app, street).post('/api/assessment-cycles', {
        orgUnitId: tree.c1.id,
        year: YEAR,
        period: 'q1',
      }),
      invalid('period'),
    );
    expectError(
      await as(t.app, street).post('/api/assessment-cycles', {
        orgUnitId: tree.s2.id,
        year: YEAR,
        period: 'annual',
      }),
      invalid('orgUnitId'),
    );
    expectError(
      await as(t.app, community).post('/api/assessment-cycles', {
        orgUnitId: tree.c1.id,
        year: YEAR,
        period: 'annual',
      }),
      forbidden,
    );
    const res = await as(t.app, street).post('/api/assessment-cycles', {
      orgUnitId: tree.c1.id,
      year: YEAR,
      period: 'annual',
    });
    expectOk(res);
    const c = res.json<Cycle>();
    id = c.id;
    expect(c.status).toBe('open');
    const inService = await count(
      t,
      `select 1 from worker where org_path like $1 and status in ('active','probation')`,
      [tree.c1.path],
    );
    expect(c.workers).toBe(inService);
    expect(c.workers).toBeGreaterThanOrEqual(8);
    // the subdistrict's approved version governs the community (not the community's draft)
    const used = await one<{ name: string; scheme_id: number; scheme_version: number }>(
      t,
      `select s.name, c.scheme_id::int, c.scheme_version from assessment_cycle c
         join rule_set s on s.id = c.scheme_id where c.id = $1`,
      [id],
    );
    expect(used).toEqual({
      name: '街道考核细则',
      scheme_id: subdistrictScheme.id,
      scheme_version: subdistrictScheme.versionNo,
    });
    expect(c.schemeId).toBe(subdistrictScheme.id);
    expectError(
      await as(t.app, street).post('/api/assessment-cycles', {
        orgUnitId: tree.c1.id,
        year: YEAR,
        period: 'annual',
      }),
      invalid('period'),
    );
    ids = (await entries(street, id)).map((e) => e.workerId);
    expect(ids).toContain(workerId);
  });

  it('is out of scope for another subdistrict (404)', async () => {
    const other = await as(t.app, admin).post('/api/assessment-cycles', {
      orgUnitId: tree.s2.id,
      year: YEAR,
      period: 'annual',
    });
    expectOk(other);
    const otherId = other.json<Cycle>().id;
    expectError(await as(t.app, street).get(`/api/assessment-cycles/${otherId}`), notFound);
    expectError(await as(t.app, street).get(`/api/assessment-cycles/${otherId}/entries`), notFound);
    expectError(
      await as(t.app, street).post(`/api/assessment-cycles/${otherId}/compute`, { version: 1 }),
      notFound,
    );
    const list = await as(t.app, street).get('/api/assessment-cycles');
    expect(list.json<{ items: { id: number }[] }>().items.map((c) => c.id)).toEqual([id]);
  });

  it('takes the worker’s self-assessment, hiding any result until publication', async () => {
    expectError(
      await as(t.app, worker).post(`/api/me/assessments/${id}/self-assessment`, { summary: '  ' }),
      invalid('summary'),
    );
    expectOk(
      await as(t.app, worker).post(`/api/me/assessments/${id}/self-assessment`, {
        summary: '全年走访居民 300 户，办理民生事项 120 件。',
      }),
    );
    // a worker acts on their own record only; a cycle they are not in is not found
    expectError(
      await as(t.app, street).post(`/api/me/assessments/${id}/self-assessment`, { summary: 'x' }),
      forbidden,
    );
    const mine = await as(t.app, worker).get('/api/me/assessments');
    const [item] = mine.json<{ items: { canSelfAssess: boolean; rating: string | null }[] }>()
      .items;
    expect(item?.canSelfAssess).toBe(true);
    expect(item?.rating).toBeNull();
  });

  it('takes panel and peer scores and source data, refusing bad input', async () => {
    expectError(
      await as(t.app, street).post(`/api/assessment-cycles/${id}/scores`, {
        items: [{ workerId: ids[0], source: 'peer', rater: '甲', performance: 101 }],
      }),
      invalid('items.0.performance'),
    );
    expectError(
      await as(t.app, street).post(`/api/assessment-cycles/${id}/scores`, {
        items: [{ workerId: ids[0], source: 'boss', rater: '甲', performance: 80 }],
      }),
      invalid('items.0.source'),
    );
    const outsider = await one<{ id: number }>(
      t,
      'select id from worker where org_path like $1 limit 1',
      [tree.c2.path],
    );
    expectError(
      await as(t.app, street).post(`/api/assessment-cycles/${id}/scores`, {
        items: [{ workerId: outsider.id, source: 'peer', rater: '甲', performance: 80 }],
      }),
      invalid('items.0.workerId'),
    );
    expectError(
      await as(t.app, community).post(`/api/assessment-cycles/${id}/scores`, {
        items: [{ workerId: ids[0], source: 'peer', rater: '甲', performance: 80 }],
      }),
      forbidden,
    );
    expect(await count(t, 'select 1 from assessment_cycle_score')).toBe(0);

    // Everyone: panel 95 and peers 95 on every dimension; satisfaction 95 (→ 95, excellent)
    // except: ids[1] satisfaction 55 (veto), ids[2] 20 days absent (veto), ids[3] satisfaction 70
    // (→ 0.3×95 + 0.1×95 + 0.6×70 = 80, competent).
    const all = (v: number) => ({ politicalQuality: v, performance: v, residentSatisfaction: v });
    const scores = ids.flatMap((w) => [
      { workerId: w, source: 'subdistrict_panel', rater: '街道考核组', ...all(95) },
      { workerId: w, source: 'peer', rater: '同事甲', ...all(95) },
    ]);
    const ok = await as(t.app, street).post(`/api/assessment-cycles/${id}/scores`, {
      items: scores,
    });
    expectOk(ok);
    expect(ok.json<{ count: number }>().count).toBe(ids.length * 2);
    const inputs = ids.map((w, i) => ({
      workerId: w,
      satisfactionPct: i === 1 ? 55 : i === 3 ? 70 : 95,
      // Absence entered only for the first three; the others have no figure at all.
      absenceDays: i === 2 ? 20 : i < 3 ? 0 : null,
    }));
    expectError(
      await as(t.app, street).post(`/api/assessment-cycles/${id}/inputs`, {
        items: [{ workerId: ids[0], satisfactionPct: -1 }],
      }),
      invalid('items.0.satisfactionPct'),
    );
    expectOk(
      await as(t.app, street).post(`/api/assessment-cycles/${id}/inputs`, { items: inputs }),
    );
  });

  it('computes proposals with reasons: vetoes and the cap on excellent', async () => {
    let c = await cycle(street, id);
    expectError(
      await as(t.app, community).post(`/api/assessment-cycles/${id}/compute`, {
        version: c.version,
      }),
      forbidden,
    );
    expectError(
      await as(t.app, street).post(`/api/assessment-cycles/${id}/compute`, {
        version: c.version - 1,
      }),
      { status: 409, code: 'CONFLICT' },
    );
    const res = await as(t.app, street).post(`/api/assessment-cycles/${id}/compute`, {
      version: c.version,
    });
    expectOk(res);
    c = res.json<Cycle>();
    expect(c.status).toBe('computed');
    const cap = Math.floor((ids.length * 15) / 100);
    expect(c.counts.excellent ?? 0).toBe(cap);
    const list = await entries(street, id);
    const by = new Map(list.map((e) => [e.workerId, e]));
    const vetoSat = by.get(ids[1]!);
    expect(vetoSat?.rating).toBe('incompetent');
    expect(vetoSat?.reasons).toContain('一票否决：居民满意度 55% 低于 60%');
    expect(by.get(ids[2]!)?.reasons).toContain(
      '一票否决：无故缺勤 20 天（来源：本期录入），超过 15 天',
    );
    expect(by.get(ids[2]!)).toMatchObject({ absenceDays: 20, absenceSource: 'entered' });
    // The community records no check-ins: without an entered figure nobody is vetoed for absence.
    const noFigure = list.filter((e) => !ids.slice(0, 3).includes(e.workerId));
    expect(noFigure.length).toBeGreaterThan(0);
    expect(by.get(ids[0]!)).toMatchObject({ absenceDays: 0, absenceSource: 'entered' });
    expect(noFigure.every((e) => e.absenceDays === null && e.absenceSource === null)).toBe(true);
    expect(noFigure.some((e) => e.reasons.some((r) => r.includes('一票否决：无故缺勤')))).toBe(
      false,
    );
    expect(by.get(ids[3]!)?.reasons).toContain('无故缺勤：无数据，不适用缺勤否决');
    expect(by.get(ids[3]!)?.score).toBe(80);
    expect(by.get(ids[3]!)?.rating).toBe('competent');
    const capped = list.filter((e) => e.reasons.some((r) => r.includes('“优秀”不超过 15%')));
    expect(capped.length).toBe(ids.length - 3 - cap);
  });

  it('adjusts with a reason and enforces the cap with a clear message', async () => {
    const list = await entries(street, id);
    const competent = list.find((e) => e.rating === 'competent' && e.workerId !== ids[3]);
    if (!competent) throw new Error('no competent entry');
    const url = `/api/assessment-cycles/${id}/entries/${competent.workerId}`;
    expectError(
      await as(t.app, street).patch(url, { version: competent.version, rating: 'competent' }),
      invalid('reason'),
    );
    const over = await as(t.app, street).patch(url, {
      version: competent.version,
      rating: 'excellent',
      reason: '表现突出',
    });
    const cap = Math.floor((ids.length * 15) / 100);
    expectError(over, {
      ...invalid('rating'),
      message: `“优秀”等次不得超过 15%：本次共 ${ids.length} 人，最多 ${cap} 人为“优秀”，当前为 ${cap + 1} 人`,
    });
    expectOk(
      await as(t.app, street).patch(`/api/assessment-cycles/${id}/entries/${ids[3]}`, {
        version: list.find((e) => e.workerId === ids[3])!.version,
        rating: 'basically_competent',
        reason: '全年两次工作失误，经考核组研究下调',
      }),
    );
    const audit = await rows<{ action: string }>(
      t,
      `select action from audit_log where entity_type = 'assessment_cycle_entry' and action = 'assessment_cycle.adjust'`,
    );
    expect(audit).toHaveLength(1);
  });

  it('goes through approval by the district and is published to the worker', async () => {
    let c = await cycle(street, id);
    expectError(
      await as(t.app, street).post(`/api/assessment-cycles/${id}/publish`, { version: c.version }),
      { status: 400, code: 'BAD_REQUEST', path: 'status' },
    );
    const sub = await as(t.app, street).post(`/api/assessment-cycles/${id}/submit`, {
      version: c.version,
      comment: '请审批',
    });
    expectOk(sub);
    c = sub.json<Cycle>();
    expect(c.status).toBe('pending');
    expect(c.approvalId).not.toBeNull();
    const req = await as(t.app, district).get(`/api/approvals/${c.approvalId}`);
    expectOk(req);
    // the submitter cannot decide their own request
    expectError(
      await as(t.app, street).post(`/api/approvals/${c.approvalId}/approve`, {
        version: req.json<{ version: number }>().version,
      }),
      forbidden,
    );
    expectOk(
      await as(t.app, district).post(`/api/approvals/${c.approvalId}/approve`, {
        version: req.json<{ version: number }>().version,
      }),
    );
    c = await cycle(street, id);
    expect(c.status).toBe('approved');
    const pub = await as(t.app, street).post(`/api/assessment-cycles/${id}/publish`, {
      version: c.version,
    });
    expectOk(pub);
    c = pub.json<Cycle>();
    expect(c.status).toBe('published');
    expect(c.appealDeadline).not.toBeNull();
    const mine = await as(t.app, worker).get('/api/me/assessments');
    const [item] = mine.json<{
      items: { rating: string | null; canAppeal: boolean; reasons: string[] }[];
    }>().items;
    expect(item?.rating).not.toBeNull();
    expect(item?.reasons.length).toBeGreaterThan(0);
    expect(item?.canAppeal).toBe(true);
    expect(
      await count(
        t,
        `select 1 from notification where kind = 'assessment.published' and user_id = $1`,
        [worker.userId],
      ),
    ).toBe(1);
  });

  it('takes an appeal in the window, answers it, refuses one after the window, then finalises', async () => {
    expectOk(
      await as(t.app, worker).post(`/api/me/assessments/${id}/appeal`, {
        text: '自评材料未被采纳',
      }),
    );
    expectError(
      await as(t.app, worker).post(`/api/me/assessments/${id}/appeal`, { text: '再次申诉' }),
      { status: 400, code: 'BAD_REQUEST', path: 'text' },
    );
    let c = await cycle(street, id);
    expect(c.pendingAppeals).toBe(1);
    expectError(
      await as(t.app, street).post(`/api/assessment-cycles/${id}/finalize`, { version: c.version }),
      { status: 400, code: 'BAD_REQUEST', path: 'appealDeadline' },
    );
    const e = (await entries(street, id)).find((x) => x.workerId === workerId)!;
    expect(e.appealStatus).toBe('pending');
    expectOk(
      await as(t.app, street).post(
        `/api/assessment-cycles/${id}/entries/${workerId}/appeal-reply`,
        {
          version: e.version,
          rating: e.rating,
          reply: '经复核，维持原等次',
        },
      ),
    );
    // The window closes (its last day was yesterday).
    await t.db.pool.query(
      `update assessment_cycle set appeal_deadline = current_date - 1 where id = $1`,
      [id],
    );
    const late = await as(t.app, worker).post(`/api/me/assessments/${id}/appeal`, {
      text: '补充申诉',
    });
    expectError(late, { status: 400, code: 'BAD_REQUEST', path: 'text' });
    expect(late.json<{ message: string }>().message).toMatch(
      /^申诉期已于 \d{4}-\d{2}-\d{2} 结束，不能再申诉$/,
    );
    c = await cycle(street, id);
    expectError(
      await as(t.app, community).post(`/api/assessment-cycles/${id}/finalize`, {
        version: c.version,
      }),
      forbidden,
    );
    const fin = await as(t.app, street).post(`/api/assessment-cycles/${id}/finalize`, {
      version: c.version,
    });
    expectOk(fin);
    expect(fin.json<Cycle>().status).toBe('final');
    const results = await rows<{ worker_id: number; rating: string; source: string }>(
      t,
      `select worker_id, rating, source from assessment_result where year = $1 and period = 'annual'`,
      [YEAR],
    );
    expect(results).toHaveLength(ids.length);
    expect(new Set(results.map((r) => r.source))).toEqual(new Set(['cycle']));
    expect(results.find((r) => r.worker_id === ids[1])?.rating).toBe('incompetent');
    // The grade review and payroll read the result through the existing list.
    const listed = await as(t.app, street).get(`/api/assessments?year=${YEAR}&workerId=${ids[1]}`);
    expect(listed.json<{ items: { source: string }[] }>().items[0]?.source).toBe('cycle');
  });

  it('proposes effects that a person decides; an approved contract proposal notes the contract', async () => {
    const list = await as(t.app, street).get(`/api/assessment-effects?cycleId=${id}&pageSize=100`);
    expectOk(list);
    const items = list.json<{
      items: {
        id: number;
        workerId: number;
        kind: string;
        value: string;
        version: number;
        reason: string;
      }[];
    }>().items;
    const promo = items.find((x) => x.workerId === ids[1] && x.kind === 'promotion');
    expect(promo?.value).toBe('not_eligible');
    expect(items.find((x) => x.workerId === ids[1] && x.kind === 'pay_level')?.value).toBe('D');
    // Effects need assessment:approve.
    expectError(
      await as(t.app, street).post(`/api/assessment-effects/${promo!.id}/decide`, {
        version: promo!.version,
        decision: 'approve',
      }),
      forbidden,
    );
    expectError(
      await as(t.app, district).post(`/api/assessment-effects/${promo!.id}/decide`, {
        version: promo!.version,
        decision: 'maybe',
      }),
      invalid('decision'),
    );
    const ok = await as(t.app, district).post(`/api/assessment-effects/${promo!.id}/decide`, {
      version: promo!.version,
      decision: 'approve',
      comment: '同意',
    });
    expectOk(ok);
    expect(ok.json<{ status: string }>().status).toBe('approved');
    const contract = items.find((x) => x.kind === 'contract' && x.value === 'end');
    const hasContract = await count(
      t,
      `select 1 from labor_contract where worker_id = $1 and status = 'active'`,
      [ids[1]],
    );
    if (hasContract > 0) {
      expect(contract?.workerId).toBe(ids[1]);
      expectOk(
        await as(t.app, district).post(`/api/assessment-effects/${contract!.id}/decide`, {
          version: contract!.version,
          decision: 'approve',
        }),
      );
      const note = await one<{ note: string }>(
        t,
        `select note from labor_contract where worker_id = $1 and status = 'active'`,
        [ids[1]],
      );
      expect(note.note).toContain('建议解除劳动合同');
    } else {
      expect(contract).toBeUndefined();
    }
    expect(
      await count(
        t,
        `select 1 from audit_log where action like 'assessment_cycle.%' or action like 'assessment_effect.%'`,
      ),
    ).toBeGreaterThanOrEqual(10);
  });
});

describe('absence per cycle: attendance where the unit records check-ins, else entered', () => {
  it('takes the attendance figure for a unit with check-ins, an entered value overriding it', async () => {
    // c2 (a sibling community) runs its 2024 cycle under the city's example scheme.
    const c2Workers = await rows<{ id: number }>(
      t,
      `select id from worker where org_path like $1 and status in ('active', 'probation')
         and hire_date <= '2024-01-01' order by id limit 3`,
      [tree.c2.path],
    );
    expect(c2Workers.length).toBe(3);
    const [a, b, c] = c2Workers.map((w) => Number(w.id)) as [number, number, number];
    // One check-in in 2024 makes c2 a unit that records attendance.
    await t.db.pool.query(
      `insert into attendance_check_in (worker_id, org_path, day)
       select id, org_path, '2024-06-03' from worker where id = $1`,
      [a],
    );
    const opened = await as(t.app, street).post('/api/assessment-cycles', {
      orgUnitId: tree.c2.id,
      year: 2024,
      period: 'annual',
    });
    expectOk(opened);
    const cid = opened.json<Cycle>().id;
    expectError(
      await as(t.app, street).post(`/api/assessment-cycles/${cid}/inputs`, {
        items: [{ workerId: c, absenceDays: -1 }],
      }),
      invalid('items.0.absenceDays'),
    );
    expectOk(
      await as(t.app, street).post(`/api/assessment-cycles/${cid}/inputs`, {
        items: [{ workerId: c, absenceDays: 3 }],
      }),
    );
    const c0 = await cycle(street, cid);
    expectOk(
      await as(t.app, street).post(`/api/assessment-cycles/${cid}/compute`, {
        version: c0.version,
      }),
    );
    const by = new Map((await entries(street, cid)).map((e) => [e.workerId, e]));
    const ea = by.get(a)!;
    const eb = by.get(b)!;
    const ec = by.get(c)!;
    expect(ea.absenceSource).toBe('attendance');
    expect(eb.absenceSource).toBe('attendance');
    // b never checked in during 2024: every working day counts as unexcused absence.
    expect(eb.absenceDays).toBeGreaterThan(200);
    expect(eb.rating).toBe('incompetent');
    expect(eb.reasons.some((r) => r.includes('（来源：考勤月度汇总），超过 15 天'))).toBe(true);
    expect(ec).toMatchObject({ absenceDays: 3, absenceSource: 'entered' });
    expect(ec.reasons).toContain('无故缺勤 3 天（来源：本期录入）');
  });
});
