// The catalogue of computed evaluation metrics (core's EVALUATION_METRICS) as SQL: set-based
// statements over the whole subtree of the evaluating unit that return, per evaluated unit, a
// numerator and a denominator (the value is numerator ÷ denominator in %). Rows are grouped by the
// id found at the evaluated level's position in org_path, so one scan serves every district or
// subdistrict. The worker-state metrics (staffing, certified, contracts) share ONE scan of the
// worker table; the quota is summed like the dashboard's staffing indicator (after adjustments).
// The statements are independent and run in parallel on the pool.
import type { EvaluationMetric } from '@cwp/core';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';

export interface MetricScope {
  /** The evaluating unit's path. */
  rootPath: string;
  /** Position of the evaluated unit's id below the root (1 = children, 2 = grandchildren). */
  offset: number;
  year: number;
  /** Reference date (YYYY-MM-DD) passed to dashboard sources. */
  date: string;
}

export interface MetricCount {
  numerator: number;
  /** Null where there is no base at all (e.g. no quota computed). */
  denominator: number | null;
}

/** Workers that count as in post, as in the staffing headcount. */
const IN_POST = sql`('active', 'probation')`;

function childOf(scope: MetricScope, column: SQL): SQL {
  return sql`split_part(substr(${column}, ${scope.rootPath.length + 1}), '.', ${scope.offset})`;
}

function statement(metric: EvaluationMetric, scope: MetricScope, parameter: number | null): SQL {
  const like = `${scope.rootPath}%`;
  const from = `${scope.year}-01-01`;
  const to = `${scope.year}-12-31`;
  switch (metric) {
    case 'staffing_ratio':
    case 'certified_share':
    case 'contract_coverage':
      throw new Error(`${metric} is computed from the shared worker scan`);
    case 'training_compliance':
      return sql`
        select ${childOf(scope, sql`w.org_path`)} as k,
               count(*) filter (where coalesce(h.hours, 0) >= ${parameter ?? 0}) as num,
               count(*) as den
          from worker w
          left join training_hours_total h on h.worker_id = w.id and h.year = ${scope.year}
         where w.org_path like ${like} and w.status in ${IN_POST}
         group by 1`;
    case 'satisfaction_average':
      // Every answered rating as a share of the campaign's full marks, averaged.
      return sql`
        select ${childOf(scope, sql`c.org_path`)} as k,
               sum((a->>'r')::numeric * 100 / c.scale_max) as num,
               count(*) as den
          from survey_campaign c
          join survey_response r on r.campaign_id = c.id
          cross join lateral jsonb_array_elements(r.answers) a
         where c.org_path like ${like} and c.year = ${scope.year}
           and jsonb_typeof(a->'r') = 'number'
         group by 1`;
    case 'disclosure_on_time':
      // Original items (not corrections) due in the year; on time = published by the due date.
      return sql`
        select ${childOf(scope, sql`d.org_path`)} as k,
               count(*) filter (where d.published_at is not null
                                  and (d.published_at at time zone 'Asia/Shanghai')::date
                                      <= d.due_date) as num,
               count(*) as den
          from disclosure d
         where d.org_path like ${like} and d.corrects_id is null and d.due_date is not null
           and d.due_date between ${from}::date and ${to}::date
         group by 1`;
    case 'pay_at_benchmark':
      // Slips of the year's submitted or locked runs with gross pay at or above the benchmark.
      return sql`
        select ${childOf(scope, sql`s.org_path`)} as k,
               count(*) filter (where s.gross_pay >= ${parameter ?? 0}) as num,
               count(*) as den
          from payroll_slip s
          join payroll_run r on r.id = s.run_id
         where s.org_path like ${like} and r.month like ${`${scope.year}-%`}
           and r.status in ('submitted', 'locked')
         group by 1`;
  }
}

const WORKER_METRICS: readonly EvaluationMetric[] = [
  'staffing_ratio',
  'certified_share',
  'contract_coverage',
];

interface WorkerFactsRow extends Record<string, unknown> {
  k: string;
  heads: string;
  certified: string;
  contracted: string;
}

/** In-post workers per evaluated unit: headcount, certified, with an active contract. */
function workerFacts(scope: MetricScope): SQL {
  return sql`
    select ${childOf(scope, sql`w.org_path`)} as k, count(*) as heads,
           count(*) filter (where w.qualification is not null and w.qualification <> '') as certified,
           count(lc.id) as contracted
      from worker w
      left join labor_contract lc on lc.worker_id = w.id and lc.status = 'active'
     where w.org_path like ${`${scope.rootPath}%`} and w.status in ${IN_POST}
     group by 1`;
}

/** The quota after manual adjustments (as the staffing view and dashboard count it), summed. */
function quotaSums(scope: MetricScope): SQL {
  return sql`
    select ${childOf(scope, sql`o.path`)} as k,
           sum(case when a.mode = 'override' then a.value
                    when q.quota is null then null
                    else q.quota + coalesce(a.value, 0) end) as quota
      from org_unit o
      left join unit_quota q on q.org_unit_id = o.id
      left join quota_adjustment a on a.org_unit_id = o.id and a.active
     where o.path like ${`${scope.rootPath}%`}
     group by 1`;
}

const unitKey = (k: string): number | null => (/^\d+$/.test(k) ? Number(k) : null);

export interface MetricRequest {
  metric: EvaluationMetric;
  parameter: number | null;
}

/**
 * Numerator and denominator of each requested metric per evaluated unit id (units without any
 * row are absent: nothing to measure there). Keys of the result are `metric|parameter`.
 */
export async function computeMetrics(
  db: Db,
  scope: MetricScope,
  requests: readonly MetricRequest[],
): Promise<Map<string, Map<number, MetricCount>>> {
  const out = new Map<string, Map<number, MetricCount>>();
  const key = (r: MetricRequest) => `${r.metric}|${r.parameter ?? ''}`;
  const jobs: Promise<void>[] = [];
  if (requests.some((r) => WORKER_METRICS.includes(r.metric))) {
    jobs.push(
      (async () => {
        const [facts, quotas] = await Promise.all([
          db.execute<WorkerFactsRow>(workerFacts(scope)),
          db.execute<{ k: string; quota: string | null }>(quotaSums(scope)),
        ]);
        const quota = new Map<number, number | null>();
        for (const q of quotas.rows) {
          const k = unitKey(q.k);
          if (k !== null) quota.set(k, q.quota === null ? null : Number(q.quota));
        }
        const staffing = new Map<number, MetricCount>();
        const certified = new Map<number, MetricCount>();
        const contract = new Map<number, MetricCount>();
        for (const f of facts.rows) {
          const k = unitKey(f.k);
          if (k === null) continue;
          const heads = Number(f.heads);
          staffing.set(k, { numerator: heads, denominator: quota.get(k) ?? null });
          certified.set(k, { numerator: Number(f.certified), denominator: heads });
          contract.set(k, { numerator: Number(f.contracted), denominator: heads });
        }
        // A unit with a quota but nobody in post still has a staffing ratio (0 %).
        for (const [k, q] of quota) {
          if (!staffing.has(k) && q !== null) staffing.set(k, { numerator: 0, denominator: q });
        }
        out.set('staffing_ratio|', staffing);
        out.set('certified_share|', certified);
        out.set('contract_coverage|', contract);
      })(),
    );
  }
  for (const r of requests) {
    if (WORKER_METRICS.includes(r.metric)) continue;
    jobs.push(
      (async () => {
        const { rows } = await db.execute<{ k: string; num: string | null; den: string | null }>(
          statement(r.metric, scope, r.parameter),
        );
        const m = new Map<number, MetricCount>();
        for (const row of rows) {
          const k = unitKey(row.k);
          if (k !== null) {
            m.set(k, { numerator: Number(row.num ?? 0), denominator: Number(row.den ?? 0) });
          }
        }
        out.set(key(r), m);
      })(),
    );
  }
  await Promise.all(jobs);
  return out;
}

export function metricKey(r: MetricRequest): string {
  return WORKER_METRICS.includes(r.metric) ? `${r.metric}|` : `${r.metric}|${r.parameter ?? ''}`;
}
