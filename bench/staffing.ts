// Scenario "staffing": quotas rolled up for 100,000 communities. A province of 100,000 communities
// (bench/subtree.ts's generator and COPY loader; population 3,000–15,000 and households from it),
// staffing standards at the province, some cities and some districts (so resolution walks real
// inheritance), synthetic workers (1 per community on average, BENCH_STAFFING_WORKERS=12 for a
// full workforce; status mix 85 % active, 5 % probation, 10 % suspended/exited; only the columns
// the headcount reads carry meaning) and 1,000 manual adjustments. Then, through the server's own service functions, timed together:
//   recomputeQuotas(province) — resolve the rule per unit, compute 101,650 quotas, write them and
//                               the audit row in one transaction;
//   getStaffing(province)     — the staffing view: roll-up (core rollUp) of quotas after
//                               adjustments and headcounts over the whole subtree.
// Standalone: node --import tsx bench/staffing.ts
import { EXAMPLE_RULE_SETS } from '@cwp/core';
import { PERMISSION_CODES } from '@cwp/contracts';
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { connect } from '../apps/server/src/db/client';
import { runMigrations } from '../apps/server/src/db/migrate';
import type { AuditContext } from '../apps/server/src/lib/audit';
import type { AuthContext } from '../apps/server/src/lib/auth-context';
import { recomputeQuotas } from '../apps/server/src/modules/staffing/recompute';
import { getStaffing } from '../apps/server/src/modules/staffing/service';
import { percentile, rng, round, type Figure, type ScenarioResult } from './lib';
import { generateTree, load, openTarget } from './subtree';

const COMMUNITIES = 100_000;
/** Province, cities, districts and subdistricts of generateTree's fixed shape. */
const UPPER_UNITS = 1 + 11 + 110 + 1_650;
const RUNS = 5;
const TARGET_MS = 2_000;
/** Average worker rows per community: 1 by default (0–2 each); BENCH_STAFFING_WORKERS=12 for 8–16. */
const WORKERS_PER_COMMUNITY = Number(process.env.BENCH_STAFFING_WORKERS ?? 1);

export async function staffingScenario(log: (line: string) => void): Promise<ScenarioResult> {
  const target = await openTarget(log);
  const { pool } = target.database;
  const connectionString = pool.options.connectionString;
  // The server's own pool size (apps/server/src/db/client.ts default), so the view's parallel
  // queries are not starved by the loader's small pool.
  const app = connectionString ? connect(connectionString, 20) : target.database;
  try {
    const version =
      (await pool.query<{ server_version: string }>('show server_version')).rows[0]
        ?.server_version ?? '?';
    await runMigrations(pool);
    const { province, communities, workers, units } = await prepareStaffingData(pool, log);
    const auth: AuthContext = {
      sessionId: 'bench',
      csrfToken: 'bench',
      userId: 0,
      username: 'bench',
      displayName: 'bench',
      mustChangePassword: false,
      workerId: null,
      orgUnitId: province.id,
      orgName: province.name,
      orgLevel: 'province',
      orgPath: province.path,
      roles: [],
      permissions: new Set(PERMISSION_CODES),
    };
    const ctx: AuditContext = { actorId: null, actorName: 'bench', requestId: null, ip: null };

    const recomputes: number[] = [];
    const views: number[] = [];
    const cpu: { node: number; postgres: number }[] = [];
    let last: Awaited<ReturnType<typeof getStaffing>> | null = null;
    let recomputed: Awaited<ReturnType<typeof recomputeQuotas>> | null = null;
    for (let i = 0; i < RUNS; i++) {
      const pgBefore = await backendCpuMs(app.pool);
      const nodeBefore = process.cpuUsage();
      const a = performance.now();
      recomputed = await recomputeQuotas(app, auth, ctx, { orgUnitId: province.id });
      const b = performance.now();
      const nodeUsed = process.cpuUsage(nodeBefore);
      const pgUsed = pgBefore === null ? null : ((await backendCpuMs(app.pool)) ?? 0) - pgBefore;
      if (pgUsed !== null) {
        cpu.push({ node: (nodeUsed.user + nodeUsed.system) / 1000, postgres: pgUsed });
      }
      last = await getStaffing(app.db, auth, province.id);
      const c = performance.now();
      recomputes.push(b - a);
      views.push(c - b);
      log(
        `run ${i + 1}: recompute + roll-up ${round(b - a, 0)} ms; staffing view ${round(c - b, 0)} ms`,
      );
    }
    if (!last || !recomputed) throw new Error('no run');

    // The figures must be right, not only fast: the province totals against plain SQL.
    const check = (
      await pool.query<{ quota: number; headcount: number }>(`
        select (select coalesce(sum(case when a.mode = 'override' then a.value
                                         when a.mode = 'delta' then greatest(0, q.quota + a.value)
                                         else q.quota end), 0)::int
                  from unit_quota q
                  left join quota_adjustment a on a.org_unit_id = q.org_unit_id and a.active) as quota,
               (select count(*)::int from worker where status in ('active', 'probation')) as headcount`)
    ).rows[0];
    const correct =
      check?.quota === last.unit.totals.quota &&
      check.headcount === last.unit.totals.headcount &&
      JSON.stringify(recomputed.totals) === JSON.stringify(last.unit.totals);
    log(
      `province: quota ${last.unit.totals.quota}, headcount ${last.unit.totals.headcount}, ` +
        `vacancies ${last.unit.totals.vacancies}, excess ${last.unit.totals.excess}; ` +
        `rule versions used: ${recomputed.ruleSets.map((r) => `${r.ruleSetId}×${r.units}`).join(', ')}`,
    );
    for (const list of [recomputes, views]) list.sort((x, y) => x - y);
    const median = percentile(recomputes, 50);
    const viewMedian = percentile(views, 50);
    return {
      figures: [
        {
          metric: `recompute + roll-up, ${communities} communities (recomputeQuotas, median of ${RUNS})`,
          value: round(median, 0),
          unit: 'ms',
          target: `≤ ${TARGET_MS} ms`,
          pass: median <= TARGET_MS,
        },
        {
          metric: 'recompute + roll-up, worst run',
          value: round(recomputes[recomputes.length - 1] ?? 0, 0),
          unit: 'ms',
          target: `≤ ${TARGET_MS} ms`,
          pass: (recomputes[recomputes.length - 1] ?? Infinity) <= TARGET_MS,
        },
        {
          metric: `staffing view of the province from stored quotas (getStaffing, median)`,
          value: round(viewMedian, 0),
          unit: 'ms',
          target: `≤ ${TARGET_MS} ms`,
          pass: viewMedian <= TARGET_MS,
        },
        ...cpuFigures(cpu),
        {
          metric: 'province totals equal plain-SQL sums',
          value: correct ? 'yes' : 'NO',
          unit: '',
          target: 'yes',
          pass: correct,
        },
      ],
      notes: [
        `database: ${target.label}, PostgreSQL ${version}`,
        `${units.length} units, ${workers} worker rows (synthetic: only unit, path and status are ` +
          'meaningful), 1,000 adjustments, staffing standards at 1 province + 3 cities + 10 districts',
        'timed in-process through the service functions (no HTTP): recomputeQuotas resolves, ' +
          'computes, COPYs 101,650 quota rows, rolls them up with headcount (core rollUp) and ' +
          'audits in one transaction; getStaffing then reads the stored quotas back and rolls up',
      ],
      details: { recomputes, views, cpu, result: recomputed },
    };
  } finally {
    if (app !== target.database) await app.close();
    await target.close();
  }
}

/** Loads the tree, workers, standards and adjustments into a migrated, empty database. */
export async function prepareStaffingData(pool: pg.Pool, log: (line: string) => void) {
  const random = rng(20_261_127);
  const { units } = generateTree(COMMUNITIES + UPPER_UNITS);
  const t0 = performance.now();
  await load(pool, units, random);
  const province = units[0];
  if (!province) throw new Error('empty tree');
  const communities = units.filter((u) => u.level === 'community').length;
  log(`loaded ${units.length} units (${communities} communities) in ${secs(t0)} s`);

  const t1 = performance.now();
  await pool.query(
    `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date, sex,
                         ethnicity, political_status, phone_enc, phone_hash, phone_masked,
                         category, org_unit_id, org_path, post, status, work_start_date,
                         hire_date)
     select '基准', 'x', md5(o.id || ':' || g), 'x', '1990-01-01', '1', '01', '13', 'x', 'x', 'x',
            'full_time', o.id, o.path, 'staff',
            case when h < 85 then 'active' when h < 90 then 'probation'
                 when h < 95 then 'suspended' else 'exited' end,
            '2015-01-01', '2015-01-01'
       from org_unit o
      cross join lateral generate_series(1, $1::int + ((o.id % 9)::int - 4) * least($1::int, 4) / 4) g
      cross join lateral (select abs(hashtext(o.id || '/' || g)) % 100 as h) x
      where o.level = 'community'`,
    [WORKERS_PER_COMMUNITY],
  );
  // VACUUM as autovacuum would after a bulk insert: it sets the visibility map, without which the
  // headcount's index-only scan (worker_headcount_idx) has to visit the heap anyway.
  await pool.query('vacuum analyze worker');
  const workers =
    (await pool.query<{ n: number }>('select count(*)::int as n from worker')).rows[0]?.n ?? 0;
  log(`inserted ${workers} workers in ${secs(t1)} s`);

  // Standards: the province's, a households-only one for 3 cities, a population-only one for
  // 10 districts, and a future-dated province version that must not apply.
  const households = {
    method: 'households',
    households: {
      bands: [
        { upTo: 1_500, posts: 8 },
        { upTo: 3_500, posts: 12 },
      ],
      beyond: { posts: 1, everyHouseholds: 350, rounding: 'floor' },
    },
    capPerCommunity: 22,
    controlLevel: 'city',
  };
  const population = {
    method: 'population',
    population: { workers: 18, perResidents: 10_000, rounding: 'ceil' },
    controlLevel: 'district',
  };
  const rules: [number, string, string, object][] = [
    [province.id, province.path, '2024-01-01', EXAMPLE_RULE_SETS.staffing_standard.content],
    [province.id, province.path, '2099-01-01', { ...population, capPerCommunity: 3 }],
    ...units
      .filter((u) => u.level === 'city')
      .slice(0, 3)
      .map((u): [number, string, string, object] => [u.id, u.path, '2024-06-01', households]),
    ...units
      .filter((u) => u.level === 'district')
      .filter((_, i) => i % 11 === 0)
      .map((u): [number, string, string, object] => [u.id, u.path, '2025-01-01', population]),
  ];
  for (const [i, [id, path, from, content]] of rules.entries()) {
    await pool.query(
      `insert into rule_set (kind, org_unit_id, org_path, name, version_no, effective_from,
                             status, content)
       values ('staffing_standard', $1, $2, $3, $4, $5, 'in_force', $6)`,
      [id, path, `基准配备标准 ${i + 1}`, i + 1, from, JSON.stringify(content)],
    );
  }
  await pool.query(
    `insert into quota_adjustment (org_unit_id, org_path, mode, value, reason)
     select id, path, case when id % 2 = 0 then 'delta' else 'override' end,
            case when id % 2 = 0 then 2 else 15 end, '基准调整'
       from org_unit where level = 'community' and id % 100 = 0`,
  );
  await pool.query('analyze');
  return { province, communities, workers, units };
}

/**
 * CPU milliseconds used so far by this database's server processes (Linux /proc; null elsewhere).
 * With the wall-clock figures it tells this work from other load on a shared machine.
 */
async function backendCpuMs(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database()',
  );
  let ticks = 0;
  try {
    for (const { pid } of rows) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100;

function cpuFigures(cpu: { node: number; postgres: number }[]): Figure[] {
  if (cpu.length === 0) return [];
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((x, y) => x - y),
      50,
    );
  const node = median(cpu.map((c) => c.node));
  const postgres = median(cpu.map((c) => c.postgres));
  return [
    {
      metric: 'CPU time used per run, Node (median)',
      value: round(node, 0),
      unit: 'ms',
      target: '',
      pass: null,
    },
    {
      metric: 'CPU time used per run, PostgreSQL backends (median)',
      value: round(postgres, 0),
      unit: 'ms',
      target: '',
      pass: null,
    },
  ];
}

const secs = (since: number) => round((performance.now() - since) / 1000, 1);

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await staffingScenario((l) => console.log(l));
  for (const f of result.figures) console.log(`${f.metric}: ${f.value} ${f.unit} ${f.target}`);
  process.exit(0);
}
