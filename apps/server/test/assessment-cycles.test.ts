// Assessment cycles end to end: the scheme (a rule set: validated, approved, resolved), a cycle for a community run by
// the subdistrict's HR officer — self-assessment, panel and peer scores, entered satisfaction and
// absence, computation with vetoes and the cap, adjustment (cap enforced with its message),
// approval by the district, publication, an appeal (refused after the window), final (results in
// assessment_result with source 'cycle', effect proposals decided by a person) — plus scope,
// permissions and bad input.
import { EXAMPLE_ASSESSMENT_SCHEME } from '@cwp/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { createRuleSet, enact, type RuleSetBody } from './career-helpers';
import { multipart, toArrayBuffer } from './excel-helpers';
import {
  count,
  createUserSession,
  databaseDigest,
  demoTree,
  everyPage,
  expectError,
  expectOk,
  one,
  rows,
} from './helpers';

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
  workerName: string;
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
    workerId: workerId,
  });
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
    // The cycle's counts are the entries' own: every worker, each rating given.
    const tally: Record<string, number> = {};
    for (const e of list) if (e.rating) tally[e.rating] = (tally[e.rating] ?? 0) + 1;
    expect(Object.keys(tally).length).toBeGreaterThanOrEqual(3);
    expect(c.counts).toEqual(tally);
    expect(c.workers).toBe(list.length);
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

  it('lists entries in unit order page by page, filtered by rating and by name', async () => {
    const all = await entries(street, id);
    const order = await rows<{ worker_id: string }>(
      t,
      'select worker_id from assessment_cycle_entry where cycle_id = $1 order by org_path, worker_id',
      [id],
    );
    expect(all.map((e) => e.workerId)).toEqual(order.map((r) => Number(r.worker_id)));
    const page = async (query: string) => {
      const res = await as(t.app, street).get(`/api/assessment-cycles/${id}/entries?${query}`);
      expectOk(res);
      return res.json<{ items: Entry[]; total: number }>();
    };
    const paged: Entry[] = [];
    for (let p = 1; p <= Math.ceil(all.length / 3); p++) {
      const one = await page(`pageSize=3&page=${p}`);
      expect(one.total).toBe(all.length);
      paged.push(...one.items);
    }
    expect(paged).toEqual(all);
    expect(await page(`pageSize=3&page=${Math.ceil(all.length / 3) + 1}`)).toEqual({
      items: [],
      total: all.length,
    });
    const incompetent = all.filter((e) => e.rating === 'incompetent');
    expect(incompetent.length).toBeGreaterThan(0);
    expect(await page('rating=incompetent&pageSize=100')).toEqual({
      items: incompetent,
      total: incompetent.length,
    });
    const named = all[all.length - 1]!;
    const byName = await page(`q=${encodeURIComponent(named.workerName)}&pageSize=100`);
    expect(byName.items).toContainEqual(named);
    expect(byName.items.every((e) => e.workerName.includes(named.workerName))).toBe(true);
    expect(byName.total).toBe(byName.items.length);
    expect(byName.total).toBeLessThan(all.length);
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

  it('lists effect proposals contract first, then in unit order, page after page', async () => {
    type Effect = { id: number; workerId: number; kind: string };
    // Proposals are written in worker order; give the first worker's the newest ids, so that an
    // order by id alone would differ from the unit order.
    await t.db.pool.query(
      `update assessment_effect set id = id + 1000000
        where cycle_id = $1
          and worker_id = (select min(worker_id) from assessment_effect where cycle_id = $1)`,
      [id],
    );
    const { items: all, total } = await everyPage<Effect>(
      t.app,
      street,
      `/api/assessment-effects?cycleId=${id}&pageSize=3`,
    );
    expect(all.length).toBeGreaterThan(3);
    expect(all).toHaveLength(total);
    expect(all.some((e) => e.kind === 'contract')).toBe(true);
    const paths = new Map(
      (
        await rows<{ id: string; org_path: string }>(
          t,
          'select id, org_path from assessment_effect where id = any($1::bigint[])',
          [all.map((e) => e.id)],
        )
      ).map((r) => [Number(r.id), r.org_path]),
    );
    const key = (e: Effect) =>
      [e.kind === 'contract' ? 0 : 1, paths.get(e.id) ?? '', e.workerId, e.id] as const;
    for (let i = 1; i < all.length; i++) {
      const a = key(all[i - 1] as Effect);
      const b = key(all[i] as Effect);
      const k = a.findIndex((v, j) => v !== b[j]);
      expect(k >= 0 && (a[k] as number | string) < (b[k] as number | string), `${a} < ${b}`).toBe(
        true,
      );
    }
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

describe('satisfaction and absence from a spreadsheet', () => {
  const HEADERS = [
    '人员编号',
    '姓名',
    '所在单位',
    '无故缺勤天数',
    '缺勤数据来源',
    '群众满意度（%）',
    '满意度来源',
  ];
  interface InputRow {
    workerId: number;
    absenceDays: number | null;
    absenceSource: string | null;
    satisfactionPct: number | null;
    satisfactionSource: string | null;
  }
  interface ImportResult {
    mode: string;
    total: number;
    updated: number;
    errors: { row: number; column: string; message: string }[];
    committed: boolean;
  }
  let cid: number;
  let ids: number[];
  let a: number; // c1 records check-ins in 2026: a has an attendance figure
  let b: number; // absence and satisfaction entered on the screen
  let c: number;
  let outsider: number;

  const upload = (s: Session, file: Buffer, mode = 'commit', cycleId = cid) => {
    const body = multipart(file, 'inputs.xlsx');
    return t.app.inject({
      method: 'POST',
      url: `/api/assessment-cycles/${cycleId}/inputs/import?mode=${mode}`,
      headers: { ...body.headers, cookie: s.cookie, 'x-csrf-token': s.csrfToken },
      payload: body.payload,
    });
  };
  const template = async (): Promise<ExcelJS.Workbook> => {
    const res = await as(t.app, street).get(`/api/assessment-cycles/${cid}/inputs/template`);
    expectOk(res);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(toArrayBuffer(res.rawPayload));
    return wb;
  };
  const sheet = (wb: ExcelJS.Workbook) => {
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    return ws;
  };
  const rowOf = (ws: ExcelJS.Worksheet, workerId: number) => {
    for (let r = 2; r <= ws.rowCount; r++)
      if (Number(ws.getRow(r).getCell(1).value) === workerId) return ws.getRow(r);
    throw new Error(`worker ${workerId} not in the template`);
  };
  const bytes = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());
  const inputs = async (): Promise<Map<number, InputRow>> => {
    const res = await as(t.app, street).get(`/api/assessment-cycles/${cid}/inputs?pageSize=100`);
    expectOk(res);
    return new Map(res.json<{ items: InputRow[] }>().items.map((i) => [i.workerId, i]));
  };
  const stored = () =>
    rows(
      t,
      'select worker_id, satisfaction_pct, absence_days from assessment_cycle_input where cycle_id = $1 order by worker_id',
      [cid],
    );
  const inputAudits = () =>
    count(
      t,
      `select 1 from audit_log where action = 'assessment_cycle.inputs' and entity_id = $1`,
      [String(cid)],
    );

  it('downloads a template with the current figures and their sources', async () => {
    const opened = await as(t.app, street).post('/api/assessment-cycles', {
      orgUnitId: tree.c1.id,
      year: 2026,
      period: 'annual',
    });
    expectOk(opened);
    cid = opened.json<Cycle>().id;
    ids = (await entries(street, cid)).map((e) => e.workerId);
    [a, b, c] = ids as [number, number, number];
    outsider = (
      await one<{ id: number }>(t, 'select id from worker where org_path like $1 limit 1', [
        tree.c2.path,
      ])
    ).id;
    await t.db.pool.query(
      `insert into attendance_check_in (worker_id, org_path, day)
       select id, org_path, '2026-03-02' from worker where id = $1`,
      [a],
    );
    expectOk(
      await as(t.app, street).post(`/api/assessment-cycles/${cid}/inputs`, {
        items: [{ workerId: b, absenceDays: 2, satisfactionPct: 88 }],
      }),
    );
    const before = await inputs();
    expect(before.get(a)?.absenceSource).toBe('attendance');
    expect(before.get(b)).toMatchObject({
      absenceDays: 2,
      absenceSource: 'entered',
      satisfactionPct: 88,
      satisfactionSource: 'entered',
    });
    // Page by page (each page reads the source data of its own workers): the same figures.
    const paged = new Map<number, InputRow>();
    for (let page = 1; page <= ids.length; page++) {
      const res = await as(t.app, street).get(
        `/api/assessment-cycles/${cid}/inputs?pageSize=2&page=${page}`,
      );
      expectOk(res);
      const items = res.json<{ items: InputRow[] }>().items;
      if (items.length === 0) break;
      for (const i of items) paged.set(i.workerId, i);
    }
    expect(paged.size).toBe(ids.length);
    expect(paged).toEqual(before);
    expect([...before.values()].filter((i) => i.absenceSource === 'attendance').length).toBe(
      ids.length - 1,
    );

    const ws = sheet(await template());
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(ws.rowCount).toBe(ids.length + 1);
    const ra = rowOf(ws, a);
    expect(ra.getCell(4).value).toBe(before.get(a)?.absenceDays);
    expect(ra.getCell(5).value).toBe('考勤月度汇总');
    const rb = rowOf(ws, b);
    expect([4, 5, 6, 7].map((i) => rb.getCell(i).value)).toEqual([2, '本期录入', 88, '本期录入']);
    expect(typeof rb.getCell(2).value).toBe('string');

    // Permissions and scope.
    expect(
      (await as(t.app, community).get(`/api/assessment-cycles/${cid}/inputs/template`)).statusCode,
    ).toBe(403);
    const otherStreet = await createUserSession(t, admin, {
      username: 'cycle_inputs_s2',
      orgUnitId: Number(tree.s2.id),
      roles: ['hr_officer'],
    });
    expectError(
      await as(t.app, otherStreet).get(`/api/assessment-cycles/${cid}/inputs/template`),
      notFound,
    );
    expectError(await upload(otherStreet, await bytes(await template())), notFound);
  });

  it('re-importing the template unchanged changes nothing', async () => {
    const wb = await template();
    const before = await stored();
    const audits = await inputAudits();
    const res = await upload(street, await bytes(wb));
    expectOk(res);
    expect(res.json<ImportResult>()).toEqual({
      mode: 'commit',
      total: ids.length,
      updated: 0,
      errors: [],
      committed: true,
    });
    expect(await stored()).toEqual(before);
    expect(await inputAudits()).toBe(audits);
    expect((await inputs()).get(a)?.absenceSource).toBe('attendance');
  });

  it('reports every bad row by row and column, writing nothing', async () => {
    const wb = await template();
    const ws = sheet(wb);
    const ra = rowOf(ws, a);
    const rb = rowOf(ws, b);
    const rc = rowOf(ws, c);
    ra.getCell(4).value = 400; // absence out of range
    rb.getCell(6).value = '很满意'; // not a number
    rc.getCell(6).value = 101; // satisfaction out of range
    rc.getCell(4).value = -1; // and absence below 0 on the same row
    const d = ws.getRow(ws.rowCount - 1);
    d.getCell(4).value = { formula: '1+1', result: 2 };
    const n = ws.rowCount;
    ws.addRow([outsider, '外社区', '', 1, '', 90, '']); // not in the cycle
    ws.addRow(['A12', '', '', 1, '', 90, '']); // bad id
    ws.addRow([null, '无编号', '', 1, '', 90, '']); // missing id
    ws.addRow([b, '重复', '', 1, '', 90, '']); // second row for b
    const before = await databaseDigest(t, { except: ['session'] });
    const res = await upload(street, await bytes(wb));
    expectOk(res);
    const out = res.json<ImportResult>();
    expect(out.committed).toBe(false);
    expect(out.updated).toBe(0);
    expect(out.errors).toEqual([
      { row: ra.number, column: '无故缺勤天数', message: '无故缺勤天数不能超过 366' },
      { row: rb.number, column: '群众满意度（%）', message: '满意度应为数字' },
      { row: rc.number, column: '无故缺勤天数', message: '无故缺勤天数不能小于 0' },
      { row: rc.number, column: '群众满意度（%）', message: '满意度不能大于 100' },
      { row: d.number, column: '无故缺勤天数', message: '单元格包含公式或错误值，请填写数值' },
      { row: n + 1, column: '人员编号', message: `人员 ${outsider} 不在本次考核范围内` },
      { row: n + 2, column: '人员编号', message: '人员编号“A12”应为正整数' },
      { row: n + 3, column: '人员编号', message: '缺少人员编号' },
      {
        row: n + 4,
        column: '人员编号',
        message: `人员 ${b} 在第 ${rb.number} 行已出现，每人只能有一行`,
      },
    ]);
    expect(await databaseDigest(t, { except: ['session'] })).toEqual(before);

    // A file without the figure columns, and a file that is not a spreadsheet.
    const bare = new ExcelJS.Workbook();
    bare.addWorksheet('x').addRows([
      ['人员编号', '姓名'],
      [a, '甲'],
    ]);
    const headerless = await upload(street, await bytes(bare));
    expectOk(headerless);
    expect(headerless.json<ImportResult>().errors).toEqual([
      { row: 1, column: '无故缺勤天数', message: '表头缺少“无故缺勤天数”列' },
      { row: 1, column: '群众满意度（%）', message: '表头缺少“群众满意度（%）”列' },
    ]);
    expectError(await upload(street, Buffer.from('not a spreadsheet')), invalid('file'));
    expect(await databaseDigest(t, { except: ['session'] })).toEqual(before);
  });

  it('writes changed figures as entered in one audited step; an empty cell clears', async () => {
    const wb = await template();
    const ws = sheet(wb);
    rowOf(ws, a).getCell(4).value = 5; // overrides the attendance figure
    rowOf(ws, b).getCell(6).value = null; // clears b's entered satisfaction, keeps absence 2
    rowOf(ws, c).getCell(6).value = '90%';
    const file = await bytes(wb);
    const before = await stored();
    const audits = await inputAudits();
    const checked = await upload(street, file, 'validate');
    expectOk(checked);
    expect(checked.json<ImportResult>()).toMatchObject({
      updated: 3,
      committed: false,
      errors: [],
    });
    expect(await stored()).toEqual(before);
    const res = await upload(street, file);
    expectOk(res);
    expect(res.json<ImportResult>()).toEqual({
      mode: 'commit',
      total: ids.length,
      updated: 3,
      errors: [],
      committed: true,
    });
    const now = await inputs();
    expect(now.get(a)).toMatchObject({ absenceDays: 5, absenceSource: 'entered' });
    expect(now.get(b)).toMatchObject({
      absenceDays: 2,
      absenceSource: 'entered',
      satisfactionPct: null,
      satisfactionSource: null,
    });
    expect(now.get(c)).toMatchObject({ satisfactionPct: 90, satisfactionSource: 'entered' });
    expect(await inputAudits()).toBe(audits + 1);
    const audit = await one<{ changes: { count: number; via: string } }>(
      t,
      `select changes from audit_log where action = 'assessment_cycle.inputs' and entity_id = $1 order by id desc limit 1`,
      [String(cid)],
    );
    expect(audit.changes).toMatchObject({ count: 3, via: 'xlsx' });
    // The template now shows the entered figure as 本期录入.
    const again = rowOf(sheet(await template()), a);
    expect([again.getCell(4).value, again.getCell(5).value]).toEqual([5, '本期录入']);
  });

  it('is refused once the cycle’s inputs are locked, with nothing written', async () => {
    const wb = await template();
    rowOf(sheet(wb), a).getCell(4).value = 7;
    const file = await bytes(wb);
    await t.db.pool.query(`update assessment_cycle set status = 'pending' where id = $1`, [cid]);
    const before = await databaseDigest(t, { except: ['session'] });
    for (const mode of ['commit', 'validate']) {
      const res = await upload(street, file, mode);
      expectError(res, { status: 400, code: 'BAD_REQUEST' });
      expect(res.json<{ message: string }>().message).toBe(
        '考核当前状态为“审批中”，不能录入满意度或缺勤数据',
      );
    }
    // The screen's route refuses the same way.
    const screen = await as(t.app, street).post(`/api/assessment-cycles/${cid}/inputs`, {
      items: [{ workerId: a, absenceDays: 7 }],
    });
    expectError(screen, { status: 400, code: 'BAD_REQUEST' });
    expect(await databaseDigest(t, { except: ['session'] })).toEqual(before);
    await t.db.pool.query(`update assessment_cycle set status = 'open' where id = $1`, [cid]);
  });
});
