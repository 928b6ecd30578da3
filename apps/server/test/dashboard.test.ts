// Dashboards: every figure equals a count computed here from the raw tables (several units,
// statuses and indicators); a bar's roster filter lists exactly the bar's people; scope (a district
// sees only its own subtree, 404 outside) and permissions; bad input; the .xlsx export; the
// monthly snapshot (set-based over the tree, read by the top of the tree and by the trend), run once
// with two app instances, re-runs writing only what changed.
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  createTestApp,
  login,
  testConfig,
  type Session,
  type TestApp,
} from '../../../tests/setup/app';
import { buildApp } from '../src/app';
import { claimDailyDashboardRun } from '../src/modules/dashboard/snapshot';
import { todayIso } from '../src/modules/workers/mapping';
import { demoTree, expectError, expectOk, one, rows, type Unit } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let auditor: Session;
let worker: Session;

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  [admin, district, street, auditor, worker] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'auditor'),
    login(t.app, 'worker'),
  ]);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

interface View {
  indicator: { key: string; axis: string };
  unit: { id: number; name: string };
  path: { id: number }[];
  status: string;
  source: string;
  categories: { key: string; roster: Record<string, string> | null }[];
  rows: { orgUnitId: number | null; label: string; hasChildren: boolean; values: number[] }[];
  lines: { key: string; unit?: string; values: (number | null)[] }[];
  totals: number[];
  summary: { key: string; value: number | null }[];
}

interface RawWorker extends Record<string, unknown> {
  org_path: string;
  status: string;
  education: string | null;
  political_status: string;
  birth_date: string;
  grade: number | null;
}

const today = todayIso();

function ageOf(birth: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

function band(age: number): string {
  if (age < 30) return 'lt30';
  if (age < 40) return '30_39';
  if (age < 50) return '40_49';
  if (age < 55) return '50_54';
  return 'ge55';
}

/** Raw counts per direct child (by id; '' = the unit itself) and category, computed in JS. */
async function rawCounts(
  u: Unit,
  status: string,
  categoryOf: (w: RawWorker) => string,
): Promise<Map<string, Map<string, number>>> {
  const ws = await rows<RawWorker>(
    t,
    `select org_path, status, education, political_status, birth_date::text as birth_date, grade
       from worker where org_path like $1`,
    [`${String(u.path)}%`],
  );
  const out = new Map<string, Map<string, number>>();
  for (const w of ws) {
    if (w.status !== status) continue;
    const rest = w.org_path.slice(String(u.path).length);
    const child = rest.split('.')[0] ?? '';
    const cat = categoryOf(w);
    const m = out.get(child) ?? new Map<string, number>();
    m.set(cat, (m.get(cat) ?? 0) + 1);
    out.set(child, m);
  }
  return out;
}

async function view(s: Session, indicator: string, query: string): Promise<View> {
  const res = await as(t.app, s).get(`/api/dashboard/indicators/${indicator}?${query}`);
  expectOk(res);
  return res.json<View>();
}

function expectEqualToRaw(v: View, raw: Map<string, Map<string, number>>, u: Unit) {
  let total = 0;
  for (const r of v.rows) {
    const key = r.orgUnitId === null || r.orgUnitId === Number(u.id) ? '' : String(r.orgUnitId);
    v.categories.forEach((c, i) => {
      expect(r.values[i], `${r.label} ${c.key}`).toBe(raw.get(key)?.get(c.key) ?? 0);
      total += r.values[i] ?? 0;
    });
  }
  const rawTotal = [...raw.values()].reduce(
    (s, m) => s + [...m.values()].reduce((a, b) => a + b, 0),
    0,
  );
  expect(total).toBe(rawTotal);
}

describe('figures', () => {
  it('equal counts from the raw tables for several units, statuses and indicators', async () => {
    const cases: [Unit, string][] = [
      [tree.city, 'active'],
      [tree.d1, 'active'],
      [tree.s1, 'probation'],
      [tree.c1, 'active'],
      [tree.d2, 'suspended'],
    ];
    let checked = 0;
    for (const [u, status] of cases) {
      const q = `orgUnitId=${u.id}&status=${status}`;
      const edu = await view(admin, 'education', q);
      expect(edu.source).toBe('live');
      expectEqualToRaw(edu, await rawCounts(u, status, (w) => w.education ?? ''), u);
      const age = await view(admin, 'age', q);
      expectEqualToRaw(age, await rawCounts(u, status, (w) => band(ageOf(w.birth_date))), u);
      const pol = await view(admin, 'political_status', q);
      expectEqualToRaw(pol, await rawCounts(u, status, (w) => w.political_status), u);
      const grade = await view(admin, 'grade', q);
      expectEqualToRaw(
        grade,
        await rawCounts(u, status, (w) =>
          w.grade === null ? '' : String(w.grade).padStart(2, '0'),
        ),
        u,
      );
      checked += edu.totals.reduce((a, b) => a + b, 0);
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('rows are the direct children, drillable; a leaf shows itself', async () => {
    const v = await view(admin, 'education', `orgUnitId=${tree.city.id}`);
    const kids = tree
      .childrenOf(tree.city)
      .filter((c) => c.active)
      .map((c) => Number(c.id));
    expect(v.rows.filter((r) => r.orgUnitId !== null).map((r) => r.orgUnitId)).toEqual(
      expect.arrayContaining(kids),
    );
    expect(v.path.map((p) => p.id)).toEqual([Number(tree.city.id)]);
    const leaf = await view(admin, 'education', `orgUnitId=${tree.c1.id}`);
    expect(leaf.rows).toHaveLength(1);
    expect(leaf.rows[0]?.orgUnitId).toBe(Number(tree.c1.id));
    expect(leaf.path.map((p) => p.id)).toEqual([
      Number(tree.city.id),
      Number(tree.d1.id),
      Number(tree.s1.id),
      Number(tree.c1.id),
    ]);
  });

  it('staffing: headcount by status against the quota, per 10,000 residents and per community', async () => {
    const v = await view(admin, 'staffing', `orgUnitId=${tree.d1.id}`);
    expect(v.categories.map((c) => c.key)).toEqual(['active', 'probation']);
    const heads = await one<{ n: number }>(
      t,
      `select count(*)::int as n from worker where org_path like $1 and status in ('active','probation')`,
      [`${String(tree.d1.path)}%`],
    );
    expect(v.totals[0]! + v.totals[1]!).toBe(heads.n);
    const pop = await one<{ p: number | null; c: number }>(
      t,
      `select sum(resident_population)::int as p, count(*)::int as c from org_unit
        where path like $1 and level = 'community' and active`,
      [`${String(tree.d1.path)}%`],
    );
    const summary = Object.fromEntries(v.summary.map((s) => [s.key, s.value]));
    expect(summary.headcount).toBe(heads.n);
    expect(summary.perCommunity).toBe(Math.round((heads.n / pop.c) * 10) / 10);
    if (pop.p) expect(summary.per10k).toBe(Math.round(((heads.n * 10000) / pop.p) * 10) / 10);
    expect(v.lines.map((l) => l.key)).toEqual(['quota']);
  });

  it('turnover counts hires by hire month over the last 12 months', async () => {
    const v = await view(admin, 'turnover', `orgUnitId=${tree.d1.id}`);
    expect(v.indicator.axis).toBe('month');
    expect(v.rows).toHaveLength(12);
    const hires = await rows<{ m: string; n: number }>(
      t,
      `select to_char(hire_date, 'YYYY-MM') as m, count(*)::int as n from worker
        where org_path like $1 and hire_date >= date_trunc('month', $2::date) - interval '11 months'
          and hire_date <= $2::date group by 1`,
      [`${String(tree.d1.path)}%`, today],
    );
    const hi = v.categories.findIndex((c) => c.key === 'hires');
    for (const r of v.rows) expect(r.values[hi]).toBe(hires.find((h) => h.m === r.label)?.n ?? 0);
  });
});

describe('drill-down to the roster', () => {
  it('the roster with a bar’s filter lists exactly the bar’s people', async () => {
    let compared = 0;
    for (const [indicator, status] of [
      ['education', 'active'],
      ['age', 'active'],
      ['grade', 'probation'],
      ['staffing', 'active'],
    ] as const) {
      const v = await view(street, indicator, `orgUnitId=${tree.s1.id}&status=${status}`);
      for (const r of v.rows.filter((x) => x.orgUnitId !== null).slice(0, 3))
        for (const [i, c] of v.categories.entries()) {
          if (!c.roster || (r.values[i] ?? 0) === 0) continue;
          const params = new URLSearchParams({
            orgUnitId: String(r.orgUnitId),
            ...(indicator === 'staffing' ? {} : { status }),
            ...c.roster,
            pageSize: '1',
          });
          const res = await as(t.app, street).get(`/api/workers?${params.toString()}`);
          expectOk(res);
          expect(res.json<{ total: number }>().total, `${indicator} ${r.label} ${c.key}`).toBe(
            r.values[i],
          );
          compared++;
        }
    }
    expect(compared).toBeGreaterThan(5);
  });
});

describe('all charts at once', () => {
  it('gives for every chart exactly what the chart alone gives (one worker scan for all dimensions)', async () => {
    const units = [tree.d1, tree.s1, tree.c1];
    let compared = 0;
    for (const u of units)
      for (const status of ['active', 'probation', 'suspended'] as const) {
        const res = await as(t.app, admin).get(
          `/api/dashboard/all?orgUnitId=${u.id}&status=${status}`,
        );
        expectOk(res);
        const all = res.json<{ items: View[] }>().items;
        expect(all.length).toBeGreaterThan(8);
        for (const one of all) {
          const alone = await view(admin, one.indicator.key, `orgUnitId=${u.id}&status=${status}`);
          const strip = (v: View) => ({ ...v, asOf: null });
          expect(strip(one), `${String(u.name)} ${status} ${one.indicator.key}`).toEqual(
            strip(alone),
          );
          compared++;
        }
      }
    expect(compared).toBeGreaterThan(30);
  });
});

describe('scope, permissions and bad input', () => {
  it('a district sees only its own subtree (404 outside)', async () => {
    const own = await view(district, 'education', '');
    expect(own.unit.id).toBe(district.orgUnitId);
    expect(own.path.map((p) => p.id)).toEqual([district.orgUnitId]);
    const other = tree.d1.id === district.orgUnitId ? tree.d2 : tree.d1;
    for (const url of [
      `/api/dashboard/indicators/education?orgUnitId=${other.id}`,
      `/api/dashboard/indicators/education?orgUnitId=${tree.city.id}`,
      `/api/dashboard?orgUnitId=${tree.city.id}`,
      `/api/dashboard/all?orgUnitId=${other.id}`,
      `/api/dashboard/trend?orgUnitId=${other.id}`,
      `/api/dashboard/indicators/education/export?orgUnitId=${other.id}`,
    ])
      expectError(await as(t.app, district).get(url), { status: 404, code: 'NOT_FOUND' });
    expectError(await as(t.app, street).get(`/api/dashboard?orgUnitId=99999999`), {
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('shows only the indicators the caller’s permissions allow', async () => {
    const res = await as(t.app, auditor).get('/api/dashboard');
    expectOk(res);
    const keys = res.json<{ indicators: { key: string }[] }>().indicators.map((i) => i.key);
    expect(keys).toContain('education');
    expect(keys).not.toContain('staffing');
    expectError(await as(t.app, auditor).get('/api/dashboard/indicators/staffing'), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const trend = await as(t.app, auditor).get('/api/dashboard/trend');
    expectOk(trend);
    expect(trend.json<{ series: { key: string }[] }>().series.map((s) => s.key)).toEqual([
      'active',
      'probation',
    ]);
    expectError(await as(t.app, worker).get('/api/dashboard'), { status: 403, code: 'FORBIDDEN' });
    expectError(await as(t.app, null).get('/api/dashboard'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expectError(await as(t.app, street).post('/api/dashboard/snapshots/run', {}), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('rejects bad input with a message naming the field', async () => {
    const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });
    expectError(
      await as(t.app, admin).get('/api/dashboard/indicators/education?status=exited'),
      invalid('status'),
    );
    expectError(
      await as(t.app, admin).get('/api/dashboard/indicators/education?orgUnitId=abc'),
      invalid('orgUnitId'),
    );
    expectError(await as(t.app, admin).get('/api/dashboard/trend?months=500'), invalid('months'));
    expectError(await as(t.app, admin).get('/api/dashboard/indicators/NOPE'), invalid('indicator'));
    expectError(await as(t.app, admin).get('/api/dashboard/indicators/nope'), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(
      await as(t.app, admin).post('/api/dashboard/snapshots/run', { date: '2026/01/01' }),
      invalid('date'),
    );
  });
});

describe('export', () => {
  it('exports a chart’s data as .xlsx with the same figures, audited', async () => {
    const v = await view(admin, 'education', `orgUnitId=${tree.d1.id}`);
    const res = await as(t.app, admin).get(
      `/api/dashboard/indicators/education/export?orgUnitId=${tree.d1.id}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values: unknown[][] = [];
    ws.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    const totalRow = values.find((r) => r[0] === '合计');
    expect(totalRow?.slice(1, 1 + v.totals.length)).toEqual(v.totals);
    const audit = await one<{ n: number }>(
      t,
      `select count(*)::int as n from audit_log where action = 'dashboard.export'`,
    );
    expect(audit.n).toBeGreaterThan(0);
  });
});

describe('snapshots', () => {
  it('runs once with two app instances; the top of the tree and the trend read the snapshot', async () => {
    const second: FastifyInstance = await buildApp({
      cfg: testConfig(),
      db: t.db.db,
      pool: t.db.pool,
      logger: false,
    });
    await second.ready();
    try {
      const claims = await Promise.all([
        claimDailyDashboardRun(t.db.db, today),
        claimDailyDashboardRun(t.db.db, today),
      ]);
      expect(claims.filter((x) => x !== null)).toHaveLength(1);
      const jobId = claims.find((x) => x !== null);
      let status = '';
      for (let i = 0; i < 300 && status !== 'succeeded' && status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await one<{ status: string }>(t, 'select status from job where id = $1', [jobId]))
          .status;
      }
      expect(status).toBe('succeeded');
      expect(await claimDailyDashboardRun(t.db.db, today)).toBeNull();
      // Snapshot rows of a district = raw counts of its subtree.
      const month = `${today.slice(0, 7)}-01`;
      const snap = await rows<{ category: string; value: number }>(
        t,
        `select category, value from dashboard_snapshot
          where month = $1 and org_unit_id = $2 and indicator = 'education'`,
        [month, tree.d1.id],
      );
      const raw = await rows<{ category: string; n: number }>(
        t,
        `select status || '|' || coalesce(education, '') as category, count(*)::int as n
           from worker where org_path like $1 and status <> 'exited' group by 1`,
        [`${String(tree.d1.path)}%`],
      );
      expect(new Map(snap.map((s) => [s.category, s.value]))).toEqual(
        new Map(raw.map((r) => [r.category, r.n])),
      );

      // The city now reads the snapshot, with the same figures as the raw tables.
      const city = await view(admin, 'education', `orgUnitId=${tree.city.id}`);
      expect(city.source).toBe('snapshot');
      expectEqualToRaw(
        city,
        await rawCounts(tree.city, 'active', (w) => w.education ?? ''),
        tree.city,
      );
      const staffing = await view(admin, 'staffing', `orgUnitId=${tree.city.id}`);
      expect(staffing.source).toBe('snapshot');

      const trend = await as(second, admin).get(
        `/api/dashboard/trend?orgUnitId=${tree.city.id}&months=3`,
      );
      expectOk(trend);
      const tv = trend.json<{
        months: string[];
        series: { key: string; values: (number | null)[] }[];
      }>();
      expect(tv.months).toHaveLength(3);
      expect(tv.months[2]).toBe(today.slice(0, 7));
      const active = await one<{ n: number }>(
        t,
        `select count(*)::int as n from worker where org_path like $1 and status = 'active'`,
        [`${String(tree.city.path)}%`],
      );
      expect(tv.series.find((s) => s.key === 'active')?.values[2]).toBe(active.n);

      // On-demand runs through both instances at once take turns and leave the same figures:
      // a re-run of the month rewrites only what changed (here nothing, besides each marker).
      const before = await rows<{ k: string; value: number }>(
        t,
        `select org_unit_id || '/' || indicator || '/' || category as k, value
           from dashboard_snapshot where month = $1 order by 1`,
        [month],
      );
      const [a, b] = await Promise.all([
        as(t.app, admin).post('/api/dashboard/snapshots/run', {}),
        as(second, admin).post('/api/dashboard/snapshots/run', {}),
      ]);
      expectOk(a);
      expectOk(b);
      expect(a.json<{ rows: number }>().rows).toBe(b.json<{ rows: number }>().rows);
      const after = await rows<{ k: string; value: number }>(
        t,
        `select org_unit_id || '/' || indicator || '/' || category as k, value
           from dashboard_snapshot where month = $1 order by 1`,
        [month],
      );
      expect(after).toEqual(before);
      // A worker leaving changes the figures of its unit and every unit above, and nothing else.
      const leaver = await one<{ id: number; org_path: string; education: string | null }>(
        t,
        `select id, org_path, education from worker
          where status = 'active' and org_path like $1 order by id limit 1`,
        [`${String(tree.d1.path)}%`],
      );
      await t.db.pool.query(`update worker set status = 'exited' where id = $1`, [leaver.id]);
      expectOk(await as(t.app, admin).post('/api/dashboard/snapshots/run', {}));
      const changed = await rows<{ org_unit_id: number }>(
        t,
        `select distinct s.org_unit_id::int as org_unit_id from dashboard_snapshot s
          where s.month = $1 and s.indicator = 'education'
            and s.category = $2`,
        [month, `active|${leaver.education ?? ''}`],
      );
      const d1Edu = await one<{ value: number }>(
        t,
        `select value from dashboard_snapshot where month = $1 and org_unit_id = $2
            and indicator = 'education' and category = $3`,
        [month, tree.d1.id, `active|${leaver.education ?? ''}`],
      );
      const rawD1 = await one<{ n: number }>(
        t,
        `select count(*)::int as n from worker where org_path like $1 and status = 'active'
            and coalesce(education, '') = $2`,
        [`${String(tree.d1.path)}%`, leaver.education ?? ''],
      );
      expect(d1Edu.value).toBe(rawD1.n);
      expect(changed.length).toBeGreaterThan(0);
      const audit = await one<{ n: number }>(
        t,
        `select count(*)::int as n from audit_log where action = 'dashboard.snapshot'`,
      );
      expect(audit.n).toBe(4);
    } finally {
      await second.close();
    }
  }, 60_000);
});

// ---- the module charts: training, satisfaction, complaints, disclosures ----

/** The direct child of `u` an org path rolls up to ('' = the unit itself). */
function childKey(u: Unit, path: string): string {
  return path.slice(String(u.path).length).split('.')[0] ?? '';
}

type Raw = Map<string, Map<string, number>>;
function bump(raw: Raw, child: string, cat: string, n = 1) {
  const m = raw.get(child) ?? new Map<string, number>();
  m.set(cat, (m.get(cat) ?? 0) + n);
  raw.set(child, m);
}

/** Every bar of a unit-axis chart equals the raw figure of its row (nothing else is counted). */
function expectUnitRows(v: View, raw: Raw, u: Unit, scale = 1) {
  const rowKeys = new Set<string>();
  for (const r of v.rows) {
    const key = r.orgUnitId === null || r.orgUnitId === Number(u.id) ? '' : String(r.orgUnitId);
    rowKeys.add(key);
    v.categories.forEach((c, i) => {
      const want = Math.round((raw.get(key)?.get(c.key) ?? 0) * scale * 10) / 10;
      expect(r.values[i], `${String(u.name)} ${v.indicator.key} ${r.label} ${c.key}`).toBe(want);
    });
  }
  for (const [key, m] of raw)
    if (!rowKeys.has(key))
      expect(
        [...m.values()].every((n) => n === 0),
        `${v.indicator.key} row ${key}`,
      ).toBe(true);
}

const yearNow = Number(today.slice(0, 4));
const monthsBack = (n: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - n, 1)).toISOString().slice(0, 7);
};
/** The start of the 12-month window (YYYY-MM-DD). */
const windowFrom = `${monthsBack(11)}-01`;

describe('module charts: training, satisfaction, complaints, disclosures', () => {
  const units = () => [tree.d1, tree.s1, tree.c1];

  beforeAll(async () => {
    const q = (text: string, values: unknown[] = []) => t.db.pool.query(text, values);
    // Hours this year (and last year) for some in-post and one exited worker of each district.
    const ws = await rows<{ id: number; org_path: string }>(
      t,
      `select id::int as id, org_path from worker where org_path like $1 or org_path like $2
        order by id`,
      [`${String(tree.d1.path)}%`, `${String(tree.d2.path)}%`],
    );
    let src = 7_700_000;
    for (const [i, w] of ws.entries()) {
      if (i % 3 === 0) continue;
      await q(
        `insert into training_hours (worker_id, year, hours, ability, source_type, source_id)
         values ($1, $2, $3, 'coordination', 'external', $4)`,
        [w.id, i % 5 === 0 ? yearNow - 1 : yearNow, ((i % 7) + 1) * 1.5, src++],
      );
    }
    // Survey campaigns of three communities with answers over the last months.
    for (const [k, c] of [tree.c1, tree.c2, tree.d2c1].entries()) {
      const camp = await one<{ id: number }>(
        t,
        `insert into survey_campaign (org_unit_id, org_path, title, year, period, status, opens_on,
                                      closes_on, questions, satisfied_min)
         values ($1, $2, '测评', $3, 'annual', 'closed', $4, $5, '[]'::jsonb, $6) returning id::int`,
        [c.id, c.path, yearNow, windowFrom, today, k === 1 ? 3 : 4],
      );
      for (let i = 0; i < 15 + k * 4; i++) {
        const answers = [
          { q: 'team', w: null, r: (i % 5) + 1 },
          { q: 'worker', w: null, r: ((i + k) % 5) + 1 },
        ];
        await q(
          `insert into survey_response (id, campaign_id, answered_on, respondent_type, answers,
                                        pattern_hash)
           values (gen_random_uuid(), $1, $2, 'ordinary', $3::jsonb, $4)`,
          [
            camp.id,
            `${monthsBack(i % 14)}-${i % 2 ? '03' : '20'}`,
            JSON.stringify(answers),
            `p${i}`,
          ],
        );
      }
    }
    // Complaints in every state, on time and late, some filed before the window.
    const day = (d: string) => `${d}T04:00:00Z`; // noon in China
    const cases: [string, string, string, string | null, string | null, string | null][] = [
      // status, filed, accept_due/reply_due base, accepted, replied, closed
      ['submitted', windowFrom, 'past', null, null, null],
      ['submitted', today, 'future', null, null, null],
      ['accepted', windowFrom, 'past', windowFrom, null, null],
      ['accepted', today, 'future', today, null, null],
      ['replied', windowFrom, 'past', windowFrom, windowFrom, null],
      ['closed', windowFrom, 'past', windowFrom, today, today],
      ['rejected', windowFrom, 'past', null, null, windowFrom],
      ['rejected', windowFrom, 'past', null, null, today],
      ['closed', '2000-01-01', 'past', '2000-01-01', '2000-01-02', '2000-01-03'],
      // accepted after accept_due, answered by reply_due: late
      ['replied', windowFrom, 'past', `${monthsBack(7)}-01`, `${monthsBack(7)}-02`, null],
    ];
    let n = 0;
    for (const c of [tree.c1, tree.c2, tree.d2c1, tree.s1])
      for (const [status, filed, due, acc, rep, clo] of cases) {
        const dueDate = due === 'past' ? `${monthsBack(6)}-15` : `${yearNow + 1}-01-01`;
        const acceptDue = due === 'past' ? `${monthsBack(8)}-15` : dueDate;
        await q(
          `insert into complaint (code_hash, code_hint, org_unit_id, org_path, handler_unit_id,
                                  handler_path, category, text, status, accept_due, reply_due,
                                  accepted_at, replied_at, closed_at, created_at)
           values ($1, 'DB', $2, $3, $4, $5, 'other', '测试', $6, $7, $8, $9, $10, $11, $12)`,
          [
            `dash-${n++}`,
            c.id,
            c.path,
            tree.s1.id,
            tree.s1.path,
            status,
            acceptDue,
            dueDate,
            acc && day(acc),
            rep && day(rep),
            clo && day(clo),
            day(filed),
          ],
        );
      }
    // Disclosures due this year: published on time, late, not yet; corrections; overdue alerts.
    for (const [k, c] of [tree.c1, tree.c2, tree.d2c1].entries()) {
      const due = `${yearNow}-01-10`;
      for (const [status, published, corrects] of [
        ['published', `${yearNow}-01-05`, false],
        ['published', `${yearNow}-01-10`, false],
        ['superseded', `${yearNow}-02-01`, false],
        ['published', `${yearNow}-02-02`, true],
        ['draft', null, false],
        ['published', `${yearNow - 1}-12-30`, false],
      ] as const) {
        await q(
          `insert into disclosure (org_unit_id, org_path, kind, title, status, due_date,
                                   published_at, corrects_id)
           values ($1, $2, 'affairs', '公开', $3, $4, $5, $6)`,
          [
            c.id,
            c.path,
            status,
            k === 2 && !published ? `${yearNow - 1}-12-01` : due,
            published && day(published),
            corrects ? 1 : null,
          ],
        );
      }
      await q(
        `insert into disclosure_overdue_alert (org_unit_id, kind, period_key, due_date)
         values ($1, 'finance', $2, $3), ($1, 'party', $4, $3)`,
        [c.id, `${yearNow}-Q${k + 1}`, `${yearNow}-01-15`, `${yearNow - 1}-Q4`],
      );
      // A period published after its alert is no longer overdue (it counts as published).
      await q(
        `insert into disclosure (org_unit_id, org_path, kind, title, status, period_key)
         values ($1, $2, 'party', '已补公开', 'published', $3)`,
        [c.id, c.path, `${yearNow - 1}-Q4`],
      );
    }
  });

  /** Hours (tenths) and workers in post per child, from the raw ledger. */
  async function rawHours(u: Unit): Promise<Raw> {
    const ws = await rows<{ org_path: string; status: string; hours: string | null }>(
      t,
      `select w.org_path, w.status,
              (select sum(h.hours) from training_hours h
                where h.worker_id = w.id and h.year = $2)::text as hours
         from worker w where w.org_path like $1`,
      [`${String(u.path)}%`, yearNow],
    );
    const raw: Raw = new Map();
    for (const w of ws) {
      if (w.status !== 'active' && w.status !== 'probation') continue;
      bump(raw, childKey(u, w.org_path), 'hours10', Math.round(Number(w.hours ?? 0) * 10));
      bump(raw, childKey(u, w.org_path), 'workers');
    }
    return raw;
  }

  async function rawComplaints(u: Unit): Promise<Raw> {
    const cs = await rows<{
      org_path: string;
      status: string;
      accept_due: string;
      reply_due: string;
      accepted: string | null;
      replied: string | null;
      closed: string | null;
      filed: string;
    }>(
      t,
      `select org_path, status, accept_due::text, reply_due::text,
              to_char(accepted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as accepted,
              to_char(replied_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as replied,
              to_char(closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as closed,
              to_char(created_at, 'YYYY-MM-DD') as filed
         from complaint where org_path like $1`,
      [`${String(u.path)}%`],
    );
    const raw: Raw = new Map();
    for (const c of cs) {
      let cat: string;
      if (c.status === 'submitted' || c.status === 'accepted') {
        const overdue = (c.status === 'submitted' && today > c.accept_due) || today > c.reply_due;
        cat = overdue ? 'open_overdue' : 'open_on_time';
      } else {
        if (c.filed < windowFrom) continue;
        const onTime =
          c.status === 'rejected'
            ? c.closed !== null && c.closed <= c.accept_due
            : c.accepted !== null &&
              c.accepted <= c.accept_due &&
              c.replied !== null &&
              c.replied <= c.reply_due;
        cat = onTime ? 'closed_on_time' : 'closed_late';
      }
      bump(raw, childKey(u, c.org_path), cat);
    }
    return raw;
  }

  async function rawDisclosures(u: Unit): Promise<Raw> {
    const ds = await rows<{
      org_path: string;
      due: string | null;
      published: string | null;
      corrects_id: number | null;
    }>(
      t,
      `select org_path, due_date::text as due, corrects_id,
              to_char(published_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as published
         from disclosure where org_path like $1`,
      [`${String(u.path)}%`],
    );
    const raw: Raw = new Map();
    for (const d of ds) {
      if (d.corrects_id !== null || !d.due || !d.published) continue;
      if (!d.due.startsWith(String(yearNow))) continue;
      bump(raw, childKey(u, d.org_path), d.published <= d.due ? 'on_time' : 'late');
    }
    const alerts = await rows<{
      path: string;
      unit: number;
      kind: string;
      key: string;
      due: string;
    }>(
      t,
      `select o.path, a.org_unit_id::int as unit, a.kind, a.period_key as key, a.due_date::text as due
         from disclosure_overdue_alert a join org_unit o on o.id = a.org_unit_id
        where o.path like $1`,
      [`${String(u.path)}%`],
    );
    const published = await rows<{ unit: number; kind: string; key: string | null; item: string }>(
      t,
      `select org_unit_id::int as unit, kind, period_key as key,
              'item:' || coalesce(series_id, id) as item
         from disclosure where status in ('published', 'superseded')`,
    );
    for (const a of alerts) {
      if (!a.due.startsWith(String(yearNow))) continue;
      const done = published.some(
        (p) => p.unit === a.unit && p.kind === a.kind && (p.key === a.key || p.item === a.key),
      );
      if (!done) bump(raw, childKey(u, a.path), 'overdue');
    }
    return raw;
  }

  async function rawSatisfaction(u: Unit): Promise<Map<string, Map<string, number>>> {
    const rs = await rows<{ m: string; answers: { r: number }[]; min: number }>(
      t,
      `select to_char(r.answered_on, 'YYYY-MM') as m, r.answers, c.satisfied_min as min
         from survey_response r join survey_campaign c on c.id = r.campaign_id
        where c.org_path like $1 and r.answered_on <= $2::date`,
      [`${String(u.path)}%`, today],
    );
    const out = new Map<string, Map<string, number>>();
    for (const r of rs) {
      for (const a of r.answers) bump(out, r.m, a.r >= r.min ? 'satisfied' : 'other');
      bump(out, r.m, 'respondents');
    }
    return out;
  }

  it('training hours equal the ledger of the year for the workers in post', async () => {
    let total = 0;
    for (const u of units()) {
      const v = await view(admin, 'training_hours', `orgUnitId=${u.id}`);
      expect(v.categories.map((c) => c.key)).toEqual(['hours10']);
      const raw = await rawHours(u);
      expectUnitRows(v, raw, u, 0.1);
      const sum = (k: string) => [...raw.values()].reduce((a, m) => a + (m.get(k) ?? 0), 0);
      const s = Object.fromEntries(v.summary.map((x) => [x.key, x.value]));
      expect(s.hours).toBe(Math.round(sum('hours10')) / 10);
      expect(s.workers).toBe(sum('workers'));
      expect(s.average).toBe(Math.round(sum('hours10') / sum('workers')) / 10);
      // The average line per row: that row's hours ÷ its workers in post.
      const avg = v.lines.find((l) => l.key === 'average');
      expect(avg).toMatchObject({ unit: 'average' });
      v.rows.forEach((r, i) => {
        const key = r.orgUnitId === null || r.orgUnitId === Number(u.id) ? '' : String(r.orgUnitId);
        const w = raw.get(key)?.get('workers') ?? 0;
        const h = raw.get(key)?.get('hours10') ?? 0;
        expect(avg?.values[i]).toBe(w === 0 ? null : Math.round(h / w) / 10);
      });
      total += sum('hours10');
    }
    expect(total).toBeGreaterThan(0);
  });

  it('training compliance equals the compliance report of the same unit', async () => {
    for (const u of units()) {
      const v = await view(admin, 'training_compliance', `orgUnitId=${u.id}`);
      const res = await as(t.app, admin).get(
        `/api/training/compliance?year=${yearNow}&orgUnitId=${u.id}&pageSize=1`,
      );
      expectOk(res);
      const rep = res.json<{
        totals: { workers: number; meeting: number; behind: number };
        units: { orgUnitId: number; workers: number; meeting: number; behind: number }[];
      }>();
      expect(rep.totals.workers).toBeGreaterThan(0);
      const raw: Raw = new Map();
      for (const x of rep.units) {
        const key = x.orgUnitId === Number(u.id) ? '' : String(x.orgUnitId);
        bump(raw, key, 'meeting', x.meeting);
        bump(raw, key, 'behind', x.behind);
      }
      expect(v.categories.map((c) => c.key)).toEqual(['meeting', 'behind']);
      expectUnitRows(v, raw, u);
      expect(v.totals).toEqual([rep.totals.meeting, rep.totals.behind]);
      const s = Object.fromEntries(v.summary.map((x) => [x.key, x.value]));
      expect(s.workers).toBe(rep.totals.workers);
      expect(s.rate).toBe(Math.round((rep.totals.meeting * 1000) / rep.totals.workers) / 10);
      // Workers in post: the same population as the hours chart.
      const hours = await view(admin, 'training_hours', `orgUnitId=${u.id}`);
      expect(hours.summary.find((x) => x.key === 'workers')?.value).toBe(rep.totals.workers);
    }
  });

  it('resident satisfaction per month equals the mixed answers, live and from the snapshot', async () => {
    const month = `${today.slice(0, 7)}-01`;
    // No snapshot: live at every level; then (read from the snapshot at every level) the same.
    await t.db.pool.query(`delete from dashboard_snapshot where month = $1`, [month]);
    let seen = 0;
    for (const source of ['live', 'snapshot'])
      for (const u of units()) {
        if (source === 'snapshot' && u === tree.d1)
          expectOk(await as(t.app, admin).post('/api/dashboard/snapshots/run', {}));
        const v = await view(admin, 'satisfaction', `orgUnitId=${u.id}`);
        expect(v.source).toBe(source);
        expect(v.indicator.axis).toBe('month');
        expect(v.rows.map((r) => r.label)).toEqual(
          Array.from({ length: 12 }, (_, i) => monthsBack(11 - i)),
        );
        const raw = await rawSatisfaction(u);
        expect(v.categories.map((c) => c.key)).toEqual(['satisfied', 'other']);
        const rate = v.lines.find((l) => l.key === 'rate');
        expect(rate?.unit).toBe('percent');
        let sat = 0;
        let all = 0;
        let resp = 0;
        v.rows.forEach((r, i) => {
          const m = raw.get(r.label);
          const s = m?.get('satisfied') ?? 0;
          const o = m?.get('other') ?? 0;
          expect(r.values, `${String(u.name)} ${r.label}`).toEqual([s, o]);
          expect(rate?.values[i]).toBe(s + o === 0 ? null : Math.round((s * 1000) / (s + o)) / 10);
          sat += s;
          all += s + o;
          resp += m?.get('respondents') ?? 0;
          seen += s + o;
        });
        const summary = Object.fromEntries(v.summary.map((x) => [x.key, x.value]));
        expect(summary).toEqual({
          respondents: resp,
          ratings: all,
          rate: all === 0 ? null : Math.round((sat * 1000) / all) / 10,
        });
      }
    expect(seen).toBeGreaterThan(40);
    await t.db.pool.query(`delete from dashboard_snapshot where month = $1`, [month]);
  });

  it('complaints on time follow each complaint’s own deadlines', async () => {
    for (const u of units()) {
      const v = await view(admin, 'complaints', `orgUnitId=${u.id}`);
      const raw = await rawComplaints(u);
      expect(v.categories.map((c) => c.key)).toEqual([
        'closed_on_time',
        'closed_late',
        'open_overdue',
        'open_on_time',
      ]);
      expectUnitRows(v, raw, u);
      expect(v.totals.every((n) => n > 0)).toBe(true);
    }
  });

  it('leaves out of a live view the complaints the module hides from the reader', async () => {
    const subject = (
      await one<{ id: number }>(t, 'select id from worker where org_unit_id = $1 limit 1', [
        tree.c1.id,
      ])
    ).id;
    const totals = async (s: Session) => {
      const v = await view(s, 'complaints', `orgUnitId=${tree.s1.id}`);
      expect(v.source).toBe('live');
      return Object.fromEntries(v.categories.map((c, i) => [c.key, v.totals[i]]));
    };
    /** How many complaints the module's own list shows the reader (every page). */
    const listed = async (s: Session) => {
      let n = 0;
      let before: number | null = null;
      do {
        const res = await as(t.app, s).get(
          `/api/complaints?pageSize=100${before === null ? '' : `&before=${before}`}`,
        );
        expectOk(res);
        const page = res.json<{ items: unknown[]; nextCursor: number | null }>();
        n += page.items.length;
        before = page.nextCursor;
      } while (before !== null);
      return n;
    };
    const [streetBefore, adminBefore, streetListed] = [
      await totals(street),
      await totals(admin),
      await listed(street),
    ];
    // Two open complaints about a worker of c1: one filed with c1 (the subdistrict's officer reads
    // it), one filed with the subdistrict itself (the module hides it from that subdistrict's users).
    const ids: number[] = [];
    for (const [i, unit] of [tree.c1, tree.s1].entries()) {
      const r = await t.db.pool.query<{ id: number }>(
        `insert into complaint (code_hash, code_hint, org_unit_id, org_path, handler_unit_id,
                                handler_path, category, text, status, accept_due, reply_due,
                                subject_worker_id)
         values ($1, 'DH', $2, $3, $4, $5, 'other', '测试', 'submitted', current_date + 30,
                 current_date + 60, $6) returning id`,
        [`dash-hidden-${i}`, unit.id, unit.path, tree.s1.id, tree.s1.path, subject],
      );
      ids.push(Number(r.rows[0]?.id));
    }
    try {
      // The officer: one more in the chart, exactly as the module's own list shows one more.
      expect(await listed(street)).toBe(streetListed + 1);
      const streetAfter = await totals(street);
      expect(streetAfter.open_on_time).toBe((streetBefore.open_on_time ?? 0) + 1);
      expect({ ...streetAfter, open_on_time: 0 }).toEqual({ ...streetBefore, open_on_time: 0 });
      // The administrator at the root is hidden from neither.
      expect((await totals(admin)).open_on_time).toBe((adminBefore.open_on_time ?? 0) + 2);
    } finally {
      await t.db.pool.query('delete from complaint where id = any($1::bigint[])', [ids]);
    }
  });

  it('disclosures on time follow the due dates and the overdue check', async () => {
    for (const u of units()) {
      const v = await view(admin, 'disclosures', `orgUnitId=${u.id}`);
      const raw = await rawDisclosures(u);
      expect(v.categories.map((c) => c.key)).toEqual(['on_time', 'late', 'overdue']);
      expectUnitRows(v, raw, u);
      expect(v.totals.every((n) => n > 0)).toBe(true);
      const s = Object.fromEntries(v.summary.map((x) => [x.key, x.value]));
      const [onTime, late, overdue] = v.totals as [number, number, number];
      expect(s.rate).toBe(Math.round((onTime * 1000) / (onTime + late + overdue)) / 10);
    }
  });

  it('a district sees only its own subtree in the module charts', async () => {
    const own = await as(t.app, district).get('/api/dashboard/all');
    expectOk(own);
    const items = own.json<{ items: View[] }>().items;
    const mine = tree.all.find((x) => Number(x.id) === district.orgUnitId)!;
    for (const key of ['training_hours', 'complaints', 'disclosures', 'satisfaction']) {
      const v = items.find((i) => i.indicator.key === key);
      expect(v?.unit.id, key).toBe(district.orgUnitId);
    }
    const complaints = items.find((i) => i.indicator.key === 'complaints')!;
    expectUnitRows(complaints, await rawComplaints(mine), mine);
    const other = tree.d1.id === district.orgUnitId ? tree.d2 : tree.d1;
    for (const key of ['training_hours', 'training_compliance', 'satisfaction', 'complaints'])
      expectError(
        await as(t.app, district).get(`/api/dashboard/indicators/${key}?orgUnitId=${other.id}`),
        { status: 404, code: 'NOT_FOUND' },
      );
    // Without the module's permission the chart is not there.
    const auditorView = await as(t.app, auditor).get('/api/dashboard');
    const keys = auditorView.json<{ indicators: { key: string }[] }>().indicators.map((i) => i.key);
    expect(keys).not.toContain('complaints');
    expect(keys).not.toContain('training_compliance');
  });

  it('exports a module chart; the snapshot of the top unit reads the same figures as live', async () => {
    const res = await as(t.app, admin).get(
      `/api/dashboard/indicators/disclosures/export?orgUnitId=${tree.d1.id}`,
    );
    expect(res.statusCode).toBe(200);
    const keys = [
      'training_hours',
      'training_compliance',
      'satisfaction',
      'complaints',
      'disclosures',
    ];
    // Live figures of the city and of a district, before any snapshot of today's data.
    await t.db.pool.query(`delete from dashboard_snapshot where month = $1`, [
      `${today.slice(0, 7)}-01`,
    ]);
    const live = new Map<string, View>();
    for (const k of keys) {
      const v = await view(admin, k, `orgUnitId=${tree.city.id}`);
      expect(v.source).toBe('live');
      live.set(k, v);
    }
    expectOk(await as(t.app, admin).post('/api/dashboard/snapshots/run', {}));
    for (const k of keys) {
      const snap = await view(admin, k, `orgUnitId=${tree.city.id}`);
      expect(snap.source, k).toBe('snapshot');
      const strip = (v: View) => ({ ...v, source: null, asOf: null });
      expect(strip(snap), k).toEqual(strip(live.get(k)!));
    }
    // Snapshot rows of a district equal its live totals.
    const month = `${today.slice(0, 7)}-01`;
    for (const k of ['training_hours', 'training_compliance', 'complaints', 'disclosures']) {
      const v = await view(admin, k, `orgUnitId=${tree.d1.id}`);
      const snap = await rows<{ category: string; value: number }>(
        t,
        `select category, value from dashboard_snapshot
          where month = $1 and org_unit_id = $2 and indicator = $3`,
        [month, tree.d1.id, k],
      );
      const byCat = new Map(snap.map((s) => [s.category, s.value]));
      v.categories.forEach((c, i) => {
        const scale = k === 'training_hours' ? 0.1 : 1;
        expect(Math.round((byCat.get(c.key) ?? 0) * scale * 10) / 10, `${k} ${c.key}`).toBe(
          v.totals[i],
        );
      });
    }
  }, 60_000);
});
