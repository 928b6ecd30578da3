// Scenario "lists": paged lists of the later modules on the 1,000,000 workers of the roster
// scenarios (bench/workers-scale.ts, BENCH_SCALE_DIR keeps them), through the real server over
// HTTP, signed in as the bench system administrator at the province. For each request: the median
// and worst of RUNS, after one warm-up. Figures for information: the issues give these lists no
// target of their own; the product bar is that every list stays fast at this scale.
//  - the health-check due list (GET /api/care/health-due) of the province (every worker in post;
//    with no checks recorded nearly all are overdue, its worst case), a page far down it, the
//    "due soon" state, and a district.
//  - the labour-contract list (GET /api/labor-contracts): the province, a page far down it, a
//    district, a subdistrict, a community, a status filter, a name search, and the contracts
//    expiring within 30 days at the province, a district and a subdistrict. The scale data has no
//    contracts of its own: on first use this scenario gives every worker one (two in five a renewed
//    first contract and an active second one, exited workers a terminated one), start dates spread
//    over three years, so ~1/36 of the active ones end in any month. They stay in BENCH_SCALE_DIR.
//    Also the contract export of the whole province (GET /api/labor-contracts/export), which is
//    over its 50,000-row limit: the time to its 400.
//  - the assessment effect proposals (GET /api/assessment-effects) of the province: all of them,
//    a page far down, the pending ones, one cycle's. On first use the scenario adds two finalised
//    annual cycles at the province (2024, decided; 2025, pending) with a promotion and a pay-level
//    proposal per worker and a contract proposal for about one worker in a hundred: ~4,000,000.
import {
  freePort,
  inTransaction,
  percentile,
  round,
  startServer,
  stopServer,
  waitForHealth,
} from './lib';
import type { Figure, ScenarioResult } from './lib';
import pg from 'pg';
import { scaleEnv, signIn } from './workers-excel';

const RUNS = Number(process.env.BENCH_LISTS_RUNS ?? 5);

export async function listsScenario(log: (l: string) => void): Promise<ScenarioResult> {
  const env = await scaleEnv(log);
  const port = await freePort();
  const server = startServer({ dataDir: env.dataDir, port, pgPort: env.pgPort, env: env.env });
  try {
    await waitForHealth(server, performance.now(), 600_000);
    const session = await signIn(port);
    const pool = new pg.Pool({ connectionString: env.pgUrl, max: 1 });
    const firstOf = async (level: string) =>
      (
        await pool.query<{ id: string }>(
          `select id from org_unit where level = $1 order by id limit 1`,
          [level],
        )
      ).rows[0]?.id;
    const district = await firstOf('district');
    const subdistrict = await firstOf('subdistrict');
    const community = await firstOf('community');
    await ensureContracts(pool, log);
    const cycleId = await ensureEffects(pool, log);
    await pool.end();
    const requests: [string, string][] = [
      ['health-check due list, province, page 1', '/api/care/health-due'],
      ['health-check due list, province, page 2,000', '/api/care/health-due?page=2000'],
      ['health-check due list, province, due soon', '/api/care/health-due?state=due_soon'],
      ['health-check due list, a district, page 1', `/api/care/health-due?orgUnitId=${district}`],
      ['labour contracts, province, page 1', '/api/labor-contracts'],
      ['labour contracts, province, page 500', '/api/labor-contracts?page=500'],
      ['labour contracts, a district', `/api/labor-contracts?orgUnitId=${district}`],
      ['labour contracts, a subdistrict', `/api/labor-contracts?orgUnitId=${subdistrict}`],
      ['labour contracts, a community', `/api/labor-contracts?orgUnitId=${community}`],
      ['labour contracts, province, terminated', '/api/labor-contracts?status=terminated'],
      [
        'labour contracts, province, name contains 张',
        `/api/labor-contracts?q=${encodeURIComponent('张')}`,
      ],
      [
        'labour contracts expiring within 30 days, province',
        '/api/labor-contracts?expiringWithinDays=30',
      ],
      [
        'labour contracts expiring within 30 days, a district',
        `/api/labor-contracts?expiringWithinDays=30&orgUnitId=${district}`,
      ],
      [
        'labour contracts expiring within 30 days, a subdistrict',
        `/api/labor-contracts?expiringWithinDays=30&orgUnitId=${subdistrict}`,
      ],
      ['assessment effects, province, page 1', '/api/assessment-effects'],
      ['assessment effects, province, page 500', '/api/assessment-effects?page=500'],
      ['assessment effects, province, pending', '/api/assessment-effects?status=pending'],
      [
        'assessment effects, one cycle of the province',
        `/api/assessment-effects?cycleId=${cycleId}`,
      ],
    ];
    const figures: Figure[] = [];
    const details: Record<string, unknown> = {};
    for (const [name, url] of requests) {
      const times: number[] = [];
      let total = 0;
      let capped = false;
      for (let i = 0; i <= RUNS; i++) {
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}${url}`, {
          headers: { cookie: session.cookie },
        });
        const body = (await res.json()) as {
          total?: number;
          totalCapped?: boolean;
          items?: unknown[];
        };
        const ms = performance.now() - t0;
        if (res.status !== 200 || !Array.isArray(body.items))
          throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
        total = body.total ?? 0;
        capped = body.totalCapped === true;
        if (i > 0) times.push(ms);
      }
      times.sort((a, b) => a - b);
      const median = percentile(times, 50);
      log(
        `${name}: median ${round(median, 1)} ms, worst ${round(times[times.length - 1] ?? 0, 1)} ms; total ${total}`,
      );
      figures.push({
        metric: `${name} (${total}${capped ? '+' : ''} listed), median of ${RUNS}`,
        value: round(median, 1),
        unit: 'ms',
        target: '',
        pass: null,
      });
      details[name] = { times, total };
    }
    // The contract export of the whole province is over its 50,000-row limit: the time to the
    // 400 that says so (decided by a capped count, not by sorting 1.4 million contracts).
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/labor-contracts/export`, {
        headers: { cookie: session.cookie },
      });
      const body = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 400 || !body.includes('请按单位或类型缩小范围'))
        throw new Error(`contract export of the province: ${res.status} ${body.slice(0, 200)}`);
      if (i > 0) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const refusal = percentile(times, 50);
    log(
      `labour contract export of the province, refused over its limit: median ${round(refusal, 1)} ms, worst ${round(times[times.length - 1] ?? 0, 1)} ms`,
    );
    figures.push({
      metric: `labour contract export of the province, refused over its limit (400), median of ${RUNS}`,
      value: round(refusal, 1),
      unit: 'ms',
      target: '',
      pass: null,
    });
    details['contract export refused'] = { times };
    return { figures, notes: [], details };
  } finally {
    await stopServer(server);
  }
}

/** Gives the scale data its labour contracts, once (see the header). */
async function ensureContracts(pool: pg.Pool, log: (l: string) => void): Promise<void> {
  const n = Number(
    (await pool.query<{ n: string }>('select count(*) as n from labor_contract')).rows[0]?.n,
  );
  if (n > 0) return;
  log('giving the scale data its labour contracts (once) …');
  const t0 = performance.now();
  await inTransaction(pool, async (client) => {
    await client.query(`
      create temp table s on commit drop as
      select id, org_unit_id, org_path, status,
             current_date - ((id * 7919) % 1095)::int as st,
             status <> 'exited' and id % 5 < 2 as twice
        from worker`);
    await client.query(`
      insert into labor_contract (worker_id, seq, org_unit_id, org_path, type, term_months,
             start_date, end_date, probation_months, status, termination_date, termination_reason)
      select id, 1, org_unit_id, org_path, 'fixed_term', 36,
             case when twice then (st - interval '36 months')::date else st end,
             case when twice then st - 1 else (st + interval '36 months')::date - 1 end,
             0,
             case when status = 'exited' then 'terminated' when twice then 'renewed'
                  else 'active' end,
             case when status = 'exited' then st + 200 end,
             case when status = 'exited' then '离职' end
        from s`);
    await client.query(`
      insert into labor_contract (worker_id, seq, previous_id, org_unit_id, org_path, type,
             term_months, start_date, end_date, probation_months, status)
      select s.id, 2, c.id, s.org_unit_id, s.org_path, 'fixed_term', 36, s.st,
             (s.st + interval '36 months')::date - 1, 0, 'active'
        from s join labor_contract c on c.worker_id = s.id and c.seq = 1
       where s.twice`);
  });
  await pool.query('vacuum analyze labor_contract');
  log(`  done in ${round((performance.now() - t0) / 1000, 1)} s`);
}

/**
 * Gives the scale data its assessment effect proposals, once (see the header); returns the id of
 * the 2025 cycle.
 */
async function ensureEffects(pool: pg.Pool, log: (l: string) => void): Promise<number> {
  const found = await pool.query<{ id: string }>(
    `select id from assessment_cycle where title = '基准年度考核 2025'`,
  );
  if (found.rows[0]) return Number(found.rows[0].id);
  log('giving the scale data its assessment effect proposals (once) …');
  const t0 = performance.now();
  const cycleId = await inTransaction(pool, async (client) => {
    let last = 0;
    const root = (
      await client.query<{ id: string; path: string }>(
        `select id, path from org_unit where parent_id is null order by id limit 1`,
      )
    ).rows[0];
    if (!root) throw new Error('no root unit');
    const scheme = (
      await client.query<{ id: string }>(
        `insert into rule_set (kind, org_unit_id, org_path, name, version_no, effective_from,
                               status, content)
         values ('assessment_scheme', $1, $2, '基准考核方案（基准数据）', 900, '2022-01-01',
                 'superseded', '{}') returning id`,
        [root.id, root.path],
      )
    ).rows[0]?.id;
    for (const year of [2024, 2025]) {
      const cycle = (
        await client.query<{ id: string }>(
          `insert into assessment_cycle (org_unit_id, org_path, year, period, title, scheme_id,
                                         scheme_version, status, finalized_at)
           values ($1, $2, $3, 'annual', $4, $5, 900, 'final', now()) returning id`,
          [root.id, root.path, year, `基准年度考核 ${year}`, scheme],
        )
      ).rows[0]?.id;
      last = Number(cycle);
      await client.query(
        `insert into assessment_effect (cycle_id, worker_id, org_path, kind, value, reason, status)
         select $1, w.id, w.org_path, k.kind,
                case k.kind when 'promotion' then 'eligible' when 'pay_level' then 'B'
                            else 'no_renewal' end,
                '基准数据', $2
           from worker w
           cross join (values ('promotion'), ('pay_level'), ('contract')) as k(kind)
          where k.kind <> 'contract' or w.id % 97 = 0`,
        [cycle, year === 2024 ? 'approved' : 'pending'],
      );
    }
    return last;
  });
  await pool.query('vacuum analyze assessment_effect');
  log(`  done in ${round((performance.now() - t0) / 1000, 1)} s`);
  return cycleId;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await listsScenario((l) => console.log(l));
  for (const f of r.figures) console.log(`${f.metric}: ${f.value} ${f.unit}`);
  process.exit(0);
}
