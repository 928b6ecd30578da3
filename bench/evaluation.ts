// Scenario "evaluation": a yearly evaluation round computed for the province over all its
// districts and over all its subdistricts, on 1,000,000 workers in 100,000 communities
// (bench/workers-scale.ts's data, shared with the worker scenarios through scaleEnv). The scale
// data carries no rule sets, so the example indicator set (every computed metric plus one entered
// indicator) is put in force at the province first. Times POST /api/evaluation/rounds/:id/compute
// (every computed metric for every unit in one set-based statement each, then scoring, ranking and
// the writes) as seen by the client and as measured by the server (computeMillis).
// Standalone: node --import tsx bench/evaluation.ts
import { EXAMPLE_EVALUATION_INDICATORS, type EvaluationIndicators } from '@cwp/core';
import pg from 'pg';
import {
  freePort,
  round,
  startServer,
  stopServer,
  waitForHealth,
  type Figure,
  type ScenarioResult,
} from './lib';
import { scaleEnv, signIn } from './workers-excel';

const TARGET_S = 5;

/** The example set plus the pay benchmark metric, so every catalogue metric is exercised. */
const INDICATORS: EvaluationIndicators = {
  indicators: [
    ...EXAMPLE_EVALUATION_INDICATORS.indicators.map((i) =>
      i.code === 'staffing' ? { ...i, weight: i.weight - 5 } : i,
    ),
    {
      code: 'pay',
      name: '薪酬达标率',
      weight: 5,
      source: 'computed',
      metric: 'pay_at_benchmark',
      parameter: 5000,
      unit: null,
      target: 100,
      scoring: 'linear',
    },
  ],
};

interface Json {
  id: number;
  version: number;
  units: number;
  computeMillis: number | null;
}

async function call(
  port: number,
  session: { cookie: string; csrf: string },
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<Json> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('unexpected answer');
  const get = (k: string): unknown => (k in parsed ? Reflect.get(parsed, k) : undefined);
  const unitsDetail = get('unitsDetail');
  return {
    id: Number(get('id')),
    version: Number(get('version')),
    units: Array.isArray(unitsDetail) ? unitsDetail.length : 0,
    computeMillis: typeof get('computeMillis') === 'number' ? Number(get('computeMillis')) : null,
  };
}

export async function evaluationScenario(log: (l: string) => void): Promise<ScenarioResult> {
  const env = await scaleEnv(log);
  const port = await freePort();
  const server = startServer({ dataDir: env.dataDir, port, pgPort: env.pgPort, env: env.env });
  const pool = new pg.Pool({ connectionString: env.pgUrl, max: 2 });
  try {
    await waitForHealth(server, performance.now(), 180_000);
    const session = await signIn(port);
    const root = (
      await pool.query<{ id: string; path: string; level: string }>(
        `select id, path, level from org_unit where id = (
           select org_unit_id from app_user where username = 'bench')`,
      )
    ).rows[0];
    if (!root) throw new Error('bench user has no unit');
    await pool.query(
      `insert into rule_set (kind, org_unit_id, org_path, name, version_no, effective_from, status,
                             content, note, approved_at)
       select 'evaluation_indicators', $1, $2, '基准测试：评估指标体系',
              coalesce((select max(version_no) from rule_set
                         where kind = 'evaluation_indicators' and org_unit_id = $1), 0) + 1,
              '2000-01-01', 'in_force', $3::jsonb, 'bench', now()`,
      [root.id, root.path, JSON.stringify(INDICATORS)],
    );
    const year = new Date().getFullYear();
    const figures: Figure[] = [];
    const details: Record<string, unknown> = {};
    for (const level of ['district', 'subdistrict'] as const) {
      const created = await call(port, session, 'POST', '/api/evaluation/rounds', {
        orgUnitId: Number(root.id),
        year,
        level,
        title: `基准测试 ${level}`,
      });
      log(`compute a ${root.level} round over ${created.units} ${level} units …`);
      const t0 = performance.now();
      const computed = await call(
        port,
        session,
        'POST',
        `/api/evaluation/rounds/${created.id}/compute`,
        { version: created.version },
      );
      const seconds = (performance.now() - t0) / 1000;
      const serverS = (computed.computeMillis ?? 0) / 1000;
      log(`  ${round(seconds, 2)} s over HTTP (compute ${round(serverS, 2)} s on the server)`);
      figures.push({
        metric: `evaluation round over all ${created.units} ${level} units (compute, HTTP)`,
        value: round(seconds, 2),
        unit: 's',
        target: `≤ ${TARGET_S} s`,
        pass: seconds <= TARGET_S,
      });
      details[level] = { units: created.units, httpSeconds: seconds, computeSeconds: serverS };
    }
    return {
      figures,
      notes: [
        `${env.workers} workers; one compute per level after creating the round (no warm-up).`,
        'Eight indicators: staffing ratio, share certified, training compliance, satisfaction, disclosures on time, contract coverage, pay at benchmark (computed) and one entered.',
      ],
      details,
    };
  } finally {
    await pool.end();
    await stopServer(server);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  evaluationScenario((l) => console.log(l))
    .then((r) => console.log(JSON.stringify(r.figures, null, 2)))
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
