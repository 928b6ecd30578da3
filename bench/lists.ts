// Scenario "lists": paged lists of the later modules on the 1,000,000 workers of the roster
// scenarios (bench/workers-scale.ts, BENCH_SCALE_DIR keeps them), through the real server over
// HTTP, signed in as the bench system administrator at the province. For each request: the median
// and worst of RUNS, after one warm-up. Figures for information: the issues give these lists no
// target of their own; the product bar is that every list stays fast at this scale.
//  - the health-check due list (GET /api/care/health-due) of the province (every worker in post;
//    with no checks recorded nearly all are overdue, its worst case), a page far down it, the
//    "due soon" state, and a district.
import { percentile, round, startServer, stopServer, waitForHealth, freePort } from './lib';
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
    const district = (
      await pool.query<{ id: string }>(
        `select id from org_unit where level = 'district' order by id limit 1`,
      )
    ).rows[0]?.id;
    await pool.end();
    const requests: [string, string][] = [
      ['health-check due list, province, page 1', '/api/care/health-due'],
      ['health-check due list, province, page 2,000', '/api/care/health-due?page=2000'],
      ['health-check due list, province, due soon', '/api/care/health-due?state=due_soon'],
      ['health-check due list, a district, page 1', `/api/care/health-due?orgUnitId=${district}`],
    ];
    const figures: Figure[] = [];
    const details: Record<string, unknown> = {};
    for (const [name, url] of requests) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i <= RUNS; i++) {
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}${url}`, {
          headers: { cookie: session.cookie },
        });
        const body = (await res.json()) as { total?: number; items?: unknown[] };
        const ms = performance.now() - t0;
        if (res.status !== 200 || !Array.isArray(body.items))
          throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
        total = body.total ?? 0;
        if (i > 0) times.push(ms);
      }
      times.sort((a, b) => a - b);
      const median = percentile(times, 50);
      log(
        `${name}: median ${round(median, 1)} ms, worst ${round(times[times.length - 1] ?? 0, 1)} ms; total ${total}`,
      );
      figures.push({
        metric: `${name} (${total} listed), median of ${RUNS}`,
        value: round(median, 1),
        unit: 'ms',
        target: '',
        pass: null,
      });
      details[name] = { times, total };
    }
    return { figures, notes: [], details };
  } finally {
    await stopServer(server);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await listsScenario((l) => console.log(l));
  for (const f of r.figures) console.log(`${f.metric}: ${f.value} ${f.unit}`);
  process.exit(0);
}
