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
  lines: { key: string; values: (number | null)[] }[];
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
