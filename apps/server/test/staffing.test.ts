// Staffing and quotas: the worked examples (a quota by population and by households, each with
// the rule version that produced it), a second standard of another shape configured through the
// API, inheritance and effective dates in the recompute, manual adjustments, and the roll-up —
// whose totals must equal sums computed here from the raw tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  enact,
  example,
  HOUSEHOLDS_STANDARD,
  POPULATION_STANDARD,
  setInputs,
  unitQuotaRow,
  type RuleSetBody,
} from './career-helpers';
import { auditSince, demoTree, expectError, expectOk, maxAuditId, one, rows } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;
let auditor: Session;
let cityStandard: RuleSetBody;

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  [admin, district, street, community, auditor] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
    login(t.app, 'auditor'),
  ]);
  const res = await as(t.app, admin).get(
    `/api/rule-sets/in-force?kind=staffing_standard&orgUnitId=${tree.city.id}`,
  );
  cityStandard = res.json<{ ruleSet: RuleSetBody }>().ruleSet;
});
afterAll(async () => {
  await t?.close();
});

const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' };
const forbidden = { status: 403, code: 'FORBIDDEN' };
const notFound = { status: 404, code: 'NOT_FOUND' };
const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });

interface Totals {
  quota: number;
  headcount: number;
  vacancies: number;
  excess: number;
  headcountWithoutQuota: number;
}
interface Row {
  orgUnitId: number;
  level: string;
  own: {
    computedQuota: number | null;
    quota: number | null;
    headcount: number;
    ruleSetId: number | null;
    ruleVersionNo: number | null;
    explanation: string | null;
    adjustment: { id: number; mode: string; value: number; version: number } | null;
  };
  totals: Totals;
}
interface View {
  unit: Row;
  children: Row[];
  ruleSets: { ruleSetId: number; versionNo: number; units: number }[];
  uncomputed: number;
  computedTo: string | null;
}

async function view(s: Session, unitId?: number): Promise<View> {
  const res = await as(t.app, s).get(`/api/staffing${unitId ? `?orgUnitId=${unitId}` : ''}`);
  expectOk(res);
  return res.json<View>();
}

async function recompute(s: Session, orgUnitId: number, date?: string) {
  const res = await as(t.app, s).post('/api/staffing/recompute', {
    orgUnitId,
    ...(date ? { date } : {}),
  });
  expectOk(res);
  return res.json<{
    units: number;
    totals: Totals;
    withQuota: number;
    withoutRule: number;
    missingInputs: number;
    ruleSets: { ruleSetId: number; versionNo: number; units: number }[];
  }>();
}

/** Totals of a subtree straight from the tables: unit_quota, active adjustments, workers. */
async function expectedTotals(path: string): Promise<Totals> {
  const units = await rows<{
    id: number;
    quota: number | null;
    mode: string | null;
    value: number | null;
  }>(
    t,
    `select o.id::int, q.quota, a.mode, a.value
       from org_unit o
       left join unit_quota q on q.org_unit_id = o.id
       left join quota_adjustment a on a.org_unit_id = o.id and a.active
      where o.path like $1`,
    [`${path}%`],
  );
  const heads = new Map(
    (
      await rows<{ id: number; n: number }>(
        t,
        `select org_unit_id::int as id, count(*)::int as n from worker
          where org_path like $1 and status in ('active', 'probation') group by 1`,
        [`${path}%`],
      )
    ).map((h) => [h.id, h.n]),
  );
  const out: Totals = { quota: 0, headcount: 0, vacancies: 0, excess: 0, headcountWithoutQuota: 0 };
  for (const u of units) {
    const h = heads.get(u.id) ?? 0;
    let q = u.quota;
    if (u.mode === 'override') q = u.value;
    else if (u.mode === 'delta' && q !== null) q = Math.max(0, q + (u.value ?? 0));
    out.headcount += h;
    if (q === null) {
      out.headcountWithoutQuota += h;
      continue;
    }
    out.quota += q;
    out.vacancies += Math.max(0, q - h);
    out.excess += Math.max(0, h - q);
  }
  return out;
}

async function expectRollUpMatchesTables(s: Session, unitId: number) {
  const v = await view(s, unitId);
  const unit = await one<{ path: string }>(t, 'select path from org_unit where id = $1', [unitId]);
  expect(v.unit.totals).toEqual(await expectedTotals(unit.path));
  for (const child of v.children) {
    const c = await one<{ path: string }>(t, 'select path from org_unit where id = $1', [
      child.orgUnitId,
    ]);
    expect(child.totals, `child ${child.orgUnitId}`).toEqual(await expectedTotals(c.path));
  }
  return v;
}

describe('GET /api/staffing', () => {
  it('needs a session, staffing:read and the unit in scope', async () => {
    expectError(await as(t.app, null).get('/api/staffing'), unauthenticated);
    expectError(await as(t.app, community).get('/api/staffing'), forbidden);
    expectError(await as(t.app, auditor).get('/api/staffing'), forbidden);
    expectError(await as(t.app, street).get(`/api/staffing?orgUnitId=${tree.d2.id}`), notFound);
    expectError(await as(t.app, street).get(`/api/staffing?orgUnitId=${tree.d1.id}`), notFound);
    expectError(await as(t.app, street).get('/api/staffing?orgUnitId=abc'), invalid('orgUnitId'));
  });

  it('shows the caller unit and its children, computed under the city example at seeding', async () => {
    const v = await view(street);
    expect(v.unit.orgUnitId).toBe(tree.s1.id);
    expect(v.children.map((c) => c.orgUnitId).sort()).toEqual(
      tree
        .childrenOf(tree.s1)
        .map((c) => c.id)
        .sort(),
    );
    expect(v.uncomputed).toBe(0);
    expect(v.ruleSets).toEqual([
      expect.objectContaining({
        ruleSetId: cityStandard.id,
        versionNo: 1,
        units: v.children.length + 1,
      }),
    ]);
    for (const c of v.children) {
      expect(c.own.ruleSetId).toBe(cityStandard.id);
      expect(c.own.computedQuota).toBeGreaterThan(0);
      expect(c.own.explanation).toMatch(/员额 \d+ 名$/);
    }
    // The subdistrict records no population of its own: no quota, its workers count apart.
    expect(v.unit.own.computedQuota).toBeNull();
  });

  it('rolls up totals equal to sums computed from the raw tables', async () => {
    await expectRollUpMatchesTables(admin, tree.city.id);
    await expectRollUpMatchesTables(district, tree.d1.id);
    const v = await expectRollUpMatchesTables(street, tree.s1.id);
    expect(v.unit.totals.headcount).toBeGreaterThan(0);
  });
});

describe('worked examples', () => {
  it('by population: 9,000 residents at 18 per 10,000 rounded up → 17, with the rule version', async () => {
    await setInputs(t, district, tree.c1.id, { residentPopulation: 9_000 });
    const rule = await enact(t, district, admin, {
      kind: 'staffing_standard',
      orgUnitId: tree.c1.id,
      content: POPULATION_STANDARD,
      name: '每万人 18 名',
    });
    const result = await recompute(district, tree.d1.id);
    expect(result.ruleSets).toContainEqual(
      expect.objectContaining({ ruleSetId: rule.id, units: 1 }),
    );
    const row = await unitQuotaRow(t, tree.c1.id);
    expect(row).toMatchObject({ quota: 17, rule_set_id: rule.id, rule_version_no: rule.versionNo });
    expect(row.explanation).toContain('9000 × 18 ÷ 10000 = 16.2，向上取整得 17 名');
    const c1 = (await view(street)).children.find((c) => c.orgUnitId === tree.c1.id);
    expect(c1?.own).toMatchObject({
      computedQuota: 17,
      quota: 17,
      ruleSetId: rule.id,
      ruleVersionNo: 1,
    });
  });

  it('by households: 15 up to 3,000 plus 1 per further 400 → 3,800 households → 17', async () => {
    await setInputs(t, district, tree.c2.id, { households: 3_800 });
    const rule = await enact(t, district, admin, {
      kind: 'staffing_standard',
      orgUnitId: tree.c2.id,
      content: HOUSEHOLDS_STANDARD,
      name: '3000 户以内 15 名',
    });
    await recompute(district, tree.s1.id);
    const row = await unitQuotaRow(t, tree.c2.id);
    expect(row).toMatchObject({ quota: 17, rule_set_id: rule.id, rule_version_no: rule.versionNo });
    expect(row.explanation).toContain('超出 800 户，每 400 户增配 1 名');
    // The neighbour under the city's rule is untouched by c2's own standard.
    expect((await unitQuotaRow(t, tree.c1.id)).quota).toBe(17);
  });

  it('a second standard of another shape, configured through the API, computes with no code change', async () => {
    const bands = [
      { upTo: 800, posts: 6 },
      { upTo: 1_800, posts: 9 },
      { upTo: 2_800, posts: 12 },
    ];
    const content = {
      method: 'households',
      households: { bands, beyond: { posts: 2, everyHouseholds: 600, rounding: 'ceil' } },
      minPerCommunity: 7,
      capPerCommunity: 16,
      controlLevel: 'district',
    };
    const rule = await enact(t, district, admin, {
      kind: 'staffing_standard',
      orgUnitId: tree.d1.id,
      content,
      name: '按户数分三档，封顶 16 名',
    });
    const result = await recompute(district, tree.d1.id);
    const expected = (h: number | null) => {
      if (h === null) return null;
      const band = bands.find((b) => h <= b.upTo);
      const raw = band ? band.posts : 12 + 2 * Math.ceil((h - 2_800) / 600);
      return Math.min(16, Math.max(7, raw));
    };
    const units = await rows<{
      id: number;
      households: number | null;
      quota: number | null;
      rule_set_id: number | null;
    }>(
      t,
      `select o.id::int, o.households, q.quota, q.rule_set_id::int
         from org_unit o join unit_quota q on q.org_unit_id = o.id
        where o.path like $1 and o.level in ('community', 'subdistrict') and o.active`,
      [`${tree.d1.path}%`],
    );
    let checked = 0;
    const seen = new Set<number>();
    for (const u of units) {
      if (u.id === tree.c1.id || u.id === tree.c2.id) continue; // their own standards
      expect(u.rule_set_id, `unit ${u.id}`).toBe(rule.id);
      expect(u.quota, `unit ${u.id} with ${u.households} households`).toBe(expected(u.households));
      if (u.quota !== null) seen.add(u.quota);
      checked++;
    }
    expect(checked).toBe(units.length - 2);
    expect(seen.size).toBeGreaterThan(2); // several bands and the cap are exercised
    expect(seen.has(16)).toBe(true);
    expect(result.missingInputs).toBe(
      tree.all.filter((u) => u.level === 'subdistrict' && u.parent_id === tree.d1.id).length,
    );
    expect((await unitQuotaRow(t, tree.c1.id)).quota).toBe(17);
    expect((await unitQuotaRow(t, tree.c2.id)).quota).toBe(17);
    // The other district still follows the city.
    expect((await unitQuotaRow(t, tree.d2c1.id)).rule_set_id).toBe(cityStandard.id);
    await expectRollUpMatchesTables(district, tree.d1.id);
  });

  it('a future-dated standard is not used until its date', async () => {
    const future = await enact(t, district, admin, {
      kind: 'staffing_standard',
      orgUnitId: tree.d1.id,
      content: { ...example('staffing_standard'), capPerCommunity: 5 },
      effectiveFrom: '2099-01-01',
    });
    await recompute(district, tree.d1.id);
    const s2c = tree.childrenOf(tree.s2)[0];
    if (!s2c) throw new Error('s2 has no community');
    expect((await unitQuotaRow(t, s2c.id)).rule_set_id).not.toBe(future.id);
    const later = await recompute(district, tree.d1.id, '2099-06-01');
    expect(later.ruleSets.map((r) => r.ruleSetId)).toContain(future.id);
    const row = await unitQuotaRow(t, s2c.id);
    expect(row).toMatchObject({ rule_set_id: future.id, quota: 5 });
    await recompute(district, tree.d1.id);
  });
});

describe('POST /api/staffing/recompute', () => {
  it('needs a session, staffing:manage, the unit in scope and valid input', async () => {
    expectError(
      await as(t.app, null).post('/api/staffing/recompute', { orgUnitId: tree.s1.id }),
      unauthenticated,
    );
    expectError(
      await as(t.app, street).post('/api/staffing/recompute', { orgUnitId: tree.s1.id }),
      forbidden,
    );
    expectError(
      await as(t.app, district).post('/api/staffing/recompute', { orgUnitId: tree.d2.id }),
      notFound,
    );
    expectError(
      await as(t.app, district).post('/api/staffing/recompute', {}),
      invalid('orgUnitId'),
    );
    expectError(
      await as(t.app, district).post('/api/staffing/recompute', {
        orgUnitId: tree.d1.id,
        date: '2025-02-30',
      }),
      invalid('date'),
    );
  });

  it('writes one audit row summarising the run', async () => {
    const mark = await maxAuditId(t);
    const result = await recompute(admin, tree.city.id);
    const audit = await auditSince(t, mark);
    expect(audit.map((r) => r.action)).toEqual(['staffing.recompute']);
    expect(audit[0]).toMatchObject({
      entity_id: String(tree.city.id),
      org_path: tree.city.path,
      actor_name: 'admin',
    });
    expect(audit[0]?.changes).toMatchObject({ units: result.units, withQuota: result.withQuota });
    const expectedUnits = tree.all.filter(
      (u) => u.active && (u.level === 'community' || u.level === 'subdistrict'),
    ).length;
    expect(result.units).toBe(expectedUnits);
    expect(result.withoutRule).toBe(0);
    // The run rolls its new quotas up against headcount, as the staffing view does.
    expect(result.totals).toEqual(await expectedTotals(tree.city.path));
    expect(result.totals).toEqual((await view(admin, tree.city.id)).unit.totals);
  });
});

describe('quota adjustments', () => {
  it('refuses without a session, permission, scope or a valid body', async () => {
    const body = {
      orgUnitId: tree.c1.id,
      mode: 'delta',
      value: 2,
      reason: '新建小区入住',
      supersedes: null,
    };
    const post = (s: Session | null, b: object) =>
      as(t.app, s).post('/api/staffing/adjustments', b);
    expectError(await post(null, body), unauthenticated);
    expectError(await post(street, body), forbidden);
    expectError(await post(district, { ...body, orgUnitId: tree.d2c1.id }), notFound);
    expectError(await post(district, { ...body, reason: ' ' }), invalid('reason'));
    expectError(await post(district, { ...body, mode: 'bump' }), invalid('mode'));
    expectError(await post(district, { ...body, value: 1.5 }), invalid('value'));
    expectError(await post(district, { ...body, mode: 'override', value: -1 }), invalid('value'));
    expectError(await post(district, { ...body, orgUnitId: tree.d1.id }), invalid('orgUnitId'));
    expectError(await post(district, { ...body, supersedes: undefined }), invalid('supersedes'));
    expectError(await as(t.app, null).get('/api/staffing/adjustments'), unauthenticated);
    expectError(await as(t.app, community).get('/api/staffing/adjustments'), forbidden);
    expectError(
      await as(t.app, district).get(`/api/staffing/adjustments?orgUnitId=${tree.d2.id}`),
      notFound,
    );
  });

  it('adjusts with a reason, supersedes with locking, revokes, and the roll-up follows', async () => {
    const computed = (await unitQuotaRow(t, tree.c1.id)).quota ?? 0;
    const mark = await maxAuditId(t);
    const res = await as(t.app, district).post('/api/staffing/adjustments', {
      orgUnitId: tree.c1.id,
      mode: 'delta',
      value: 2,
      reason: '新建小区入住',
      supersedes: null,
    });
    expectOk(res);
    const first = res.json<{
      id: number;
      version: number;
      active: boolean;
      createdBy: { displayName: string };
    }>();
    expect(first).toMatchObject({ active: true, createdBy: { displayName: '区委组织部管理员' } });
    const [audit] = await auditSince(t, mark);
    expect(audit).toMatchObject({ action: 'staffing.adjust', entity_id: String(tree.c1.id) });
    expect(audit?.changes).toMatchObject({
      reason: '新建小区入住',
      quota: { from: computed, to: computed + 2 },
    });
    let c1 = (await view(street)).children.find((c) => c.orgUnitId === tree.c1.id);
    expect(c1?.own).toMatchObject({
      computedQuota: computed,
      quota: computed + 2,
      adjustment: { id: first.id },
    });
    await expectRollUpMatchesTables(district, tree.d1.id);

    const override = {
      orgUnitId: tree.c1.id,
      mode: 'override',
      value: 20,
      reason: '区里核定',
      supersedes: null,
    };
    expectError(await as(t.app, district).post('/api/staffing/adjustments', override), {
      status: 409,
      code: 'CONFLICT',
    });
    const second = await as(t.app, district).post('/api/staffing/adjustments', {
      ...override,
      supersedes: first.id,
    });
    expectOk(second);
    const s = second.json<{ id: number; version: number }>();
    const list = await as(t.app, street).get(
      `/api/staffing/adjustments?orgUnitId=${tree.c1.id}&orgScope=self`,
    );
    expectOk(list);
    const items = list.json<{
      items: { id: number; active: boolean; endReason: string | null }[];
      total: number;
    }>();
    expect(items.total).toBe(2);
    expect(items.items.map((i) => [i.id, i.active, i.endReason])).toEqual([
      [s.id, true, null],
      [first.id, false, '被新的调整取代'],
    ]);
    c1 = (await view(street)).children.find((c) => c.orgUnitId === tree.c1.id);
    expect(c1?.own.quota).toBe(20);
    await expectRollUpMatchesTables(admin, tree.city.id);
    const active = await as(t.app, district).get('/api/staffing/adjustments?active=true');
    expect(active.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toEqual([s.id]);

    const revokeUrl = `/api/staffing/adjustments/${s.id}/revoke`;
    expectError(
      await as(t.app, street).post(revokeUrl, { version: s.version, reason: '撤销' }),
      forbidden,
    );
    expectError(
      await as(t.app, district).post(revokeUrl, { version: s.version + 1, reason: '撤销' }),
      {
        status: 409,
        code: 'CONFLICT',
      },
    );
    expectError(
      await as(t.app, district).post(revokeUrl, { version: s.version }),
      invalid('reason'),
    );
    const revoked = await as(t.app, district).post(revokeUrl, {
      version: s.version,
      reason: '核定有误',
    });
    expectOk(revoked);
    expect(revoked.json()).toMatchObject({ active: false, endReason: '核定有误' });
    expectError(
      await as(t.app, district).post(revokeUrl, {
        version: revoked.json<{ version: number }>().version,
        reason: 'x',
      }),
      invalid('active'),
    );
    c1 = (await view(street)).children.find((c) => c.orgUnitId === tree.c1.id);
    expect(c1?.own).toMatchObject({ quota: computed, adjustment: null });
    await expectRollUpMatchesTables(street, tree.s1.id);
  });
});
