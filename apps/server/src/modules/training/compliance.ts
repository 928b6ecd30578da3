// The compliance report (培训达标情况): for every worker in post under a unit, the governing
// training rule (deepest rule set above the worker, first rule matching post and category), the
// hours and trainings in the rule's window, and the shortfall. One set-based statement: the
// per-worker, per-year running totals (training_hours_total, kept in step with the ledger by its
// triggers) are joined once per year of the longest window, the rule chosen by a generated CASE,
// and the rule's numbers joined from a small VALUES list. The same arithmetic as
// @cwp/core evaluateCompliance (see its worked examples).
import type { ComplianceReport, ComplianceWorkerRow } from '@cwp/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import type { AuthContext } from '../../lib/auth-context';
import { AppError } from '../../lib/errors';
import { pgIntArray, pgTextArray, unitInScope, type UnitRef } from './common';
import { resolveRuleSets, type ResolvedRuleSet } from './rules';

export interface ComplianceInput {
  orgUnitId?: number | undefined;
  year: number;
  after?: number | undefined;
  pageSize: number;
}

export interface Plan {
  root: UnitRef;
  sets: ResolvedRuleSet[];
  ruleKey: SQL;
  ruleValues: SQL;
  maxPeriod: number;
}

/** The date rules are read on: the year's last day, or today while the year runs. */
function reportDate(year: number): string {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const end = `${year}-12-31`;
  return today < end ? today : end;
}

/** The workers a rule applies to (its posts and categories; empty = any), over `w`. */
function ruleCondition(r: ResolvedRuleSet['set']['rules'][number]): SQL {
  const conds: SQL[] = [];
  if (r.posts.length > 0) conds.push(sql`w.post = any(${pgTextArray(r.posts)}::text[])`);
  if (r.categories.length > 0)
    conds.push(sql`w.category = any(${pgTextArray(r.categories)}::text[])`);
  return conds.length > 0 ? sql.join(conds, sql` and `) : sql`true`;
}

/** The root unit (in the caller's scope, else 404) and the rules that can govern under it. */
export async function compliancePlan(
  db: DbOrTx,
  auth: Pick<AuthContext, 'orgPath' | 'orgUnitId'>,
  q: Pick<ComplianceInput, 'orgUnitId' | 'year'>,
): Promise<Plan> {
  const root = await unitInScope(db, auth, q.orgUnitId ?? auth.orgUnitId);
  const sets = await resolveRuleSets(db, root.path, reportDate(q.year));
  if (sets.length === 0)
    throw new AppError('VALIDATION_FAILED', [
      { path: 'year', message: '该单位及上级尚未配置在该年度生效的培训规则' },
    ]);
  // key = set index * 100 + rule index; null when no rule of the governing set matches.
  const setCases = sets.map((s, si) => {
    const ruleCases = s.set.rules.map(
      (r, ri) => sql`when ${ruleCondition(r)} then ${sql.raw(String(si * 100 + ri))}`,
    );
    const inner =
      ruleCases.length > 0 ? sql`(case ${sql.join(ruleCases, sql` `)} end)` : sql`null::int`;
    return sql`when w.org_path like ${`${s.orgPath}%`} then ${inner}`;
  });
  const ruleKey = sql`(case ${sql.join(setCases, sql` `)} end)`;
  const values: SQL[] = [];
  let maxPeriod = 1;
  sets.forEach((s, si) =>
    s.set.rules.forEach((r, ri) => {
      maxPeriod = Math.max(maxPeriod, r.periodYears);
      values.push(
        sql`(${sql.raw(String(si * 100 + ri))}, ${r.code}::text, ${sql.raw(String(r.periodYears))}, ${r.minTrainings}::int, ${r.minHours}::numeric, ${s.set.certificateHours}::numeric)`,
      );
    }),
  );
  const ruleValues =
    values.length > 0
      ? sql`(values ${sql.join(values, sql`, `)}) as v(key, code, period, min_trainings, min_hours, cert_hours)`
      : sql`(select null::int as key, null::text as code, 1 as period, 0 as min_trainings, 0::numeric as min_hours, 0::numeric as cert_hours where false) as v`;
  return { root, sets, ruleKey, ruleValues, maxPeriod };
}

/**
 * Where each worker's hours and trainings of the window's years come from, one column pair per
 * year of the longest window. Wide
 * (province, city): one left join of the workers to training_hours_total per year, on its primary
 * key (worker, year) — merge joins in worker id order under wideReportSettings. Narrower (the
 * worker set `w` is materialised): the window's totals of exactly those workers, fetched in one
 * index scan by `worker_id = any(array of their ids)` and pivoted per worker, then hash-joined.
 * A join on worker_id alone lets the planner scan a whole year's totals (600 ms for a district
 * at 1,000,000 workers); a LATERAL look-up per worker took ~60 ms, this ~38 ms (see
 * docs/PERFORMANCE.md, training). `col(k, c)` is year k's column (0 = the report year, 1 = the
 * year before, ...), null where the worker has no row; `sum(c, n)` is the sum over the last n
 * years, never null.
 */
function windowSources(p: Plan, year: number, wide: boolean) {
  const periods = Array.from({ length: p.maxPeriod }, (_, i) => i + 1);
  const raw = (n: number) => sql.raw(String(n));
  const col = (k: number, c: 'hours' | 'trainings') =>
    wide ? sql.raw(`y${k}.${c}`) : sql.raw(`yy.${c}${k}`);
  const joins = wide
    ? sql.join(
        periods.map(
          (n) =>
            sql`left join training_hours_total ${sql.raw(`y${n - 1}`)}
                   on ${sql.raw(`y${n - 1}`)}.worker_id = w.id
                  and ${sql.raw(`y${n - 1}`)}.year = ${raw(year - n + 1)}`,
        ),
        sql` `,
      )
    : sql`left join (
              select t.worker_id, ${sql.join(
                periods.map(
                  (n) =>
                    sql`sum(t.hours) filter (where t.year = ${raw(year - n + 1)}) as ${sql.raw(`hours${n - 1}`)},
                        sum(t.trainings) filter (where t.year = ${raw(year - n + 1)}) as ${sql.raw(`trainings${n - 1}`)}`,
                ),
                sql`, `,
              )}
                from training_hours_total t
               where t.worker_id = any(array(select w.id from w))
                 and t.year between ${raw(year - p.maxPeriod + 1)} and ${raw(year)}
               group by t.worker_id) yy on yy.worker_id = w.id`;
  const sum = (c: 'hours' | 'trainings', n: number) =>
    sql.join(
      periods.slice(0, n).map((k) => sql`coalesce(${col(k - 1, c)}, 0)`),
      sql` + `,
    );
  return { periods, joins, col, sum, raw };
}

/**
 * Per-worker rows: hours/trainings in the window, shortfalls, meets (the behind list, export);
 * always a materialised worker set with its totals fetched by id (windowSources, narrower).
 */
function perWorker(p: Plan, year: number, workerFilter: SQL): SQL {
  const { periods, joins, col, sum, raw } = windowSources(p, year, false);
  const aCols = periods.map(
    (n) => sql`${sum('hours', n)} as h${raw(n)}, (${sum('trainings', n)})::int as t${raw(n)}`,
  );
  const pick = (prefix: string) =>
    sql`(case v.period ${sql.join(
      periods.map((n) => sql`when ${raw(n)} then a.${sql.raw(prefix + String(n))}`),
      sql` `,
    )} end)`;
  const defaultCert = p.sets[0]?.set.certificateHours ?? 0;
  return sql`
    with w as materialized (
      select w.id, w.org_unit_id, w.org_path, ${p.ruleKey} as rule_key
        from worker w
       where ${workerFilter}
    ), a as (
      select w.id, w.org_unit_id, w.org_path, w.rule_key, ${sql.join(aCols, sql`, `)},
             coalesce(${col(0, 'hours')}, 0) as hy
        from w ${joins}
    )
    select a.id, a.org_unit_id, a.org_path, v.code,
           coalesce(${pick('h')}, a.h1) as hours,
           coalesce(${pick('t')}, a.t1)::int as trainings,
           greatest(coalesce(v.min_hours, 0) - coalesce(${pick('h')}, 0), 0) as hours_short,
           greatest(coalesce(v.min_trainings, 0) - coalesce(${pick('t')}, 0), 0)::int as trainings_short,
           a.hy as year_hours,
           greatest(coalesce(v.cert_hours, ${defaultCert}::numeric) - a.hy, 0) as cert_short
      from a left join ${p.ruleValues} on v.key = a.rule_key`;
}

/**
 * Per worker, only the two verdicts the unit totals count: `meets` (the window's hours and
 * trainings reach the governing rule's minimums) and `cert` (the year's hours reach the
 * certificate hours). The same decisions as perWorker's shortfalls being 0 — a worker no rule
 * matches meets, and is held to the first set's certificate hours — but with the rules' numbers
 * written into one CASE: no join to the rules' VALUES and no numeric shortfalls per worker, which
 * was half the time of a province's report (see docs/PERFORMANCE.md, training).
 */
function verdicts(p: Plan, year: number, workerFilter: SQL, wide: boolean): SQL {
  const { joins, sum } = windowSources(p, year, wide);
  const defaultCert = p.sets[0]?.set.certificateHours ?? 0;
  const yearHours = sum('hours', 1);
  const setCases = p.sets.map((s) => {
    const ruleCases = s.set.rules.map((r) => {
      const meets = sql`(${sum('hours', r.periodYears)} >= ${r.minHours}::numeric
                         and ${sum('trainings', r.periodYears)} >= ${r.minTrainings}::int)`;
      return {
        cond: ruleCondition(r),
        meets,
        cert: sql`${yearHours} >= ${s.set.certificateHours}::numeric`,
      };
    });
    const inner = (k: 'meets' | 'cert', otherwise: SQL) =>
      ruleCases.length > 0
        ? sql`(case ${sql.join(
            ruleCases.map((c) => sql`when ${c.cond} then ${c[k]}`),
            sql` `,
          )} else ${otherwise} end)`
        : otherwise;
    return { path: s.orgPath, inner };
  });
  const byPath = (k: 'meets' | 'cert', otherwise: SQL) =>
    setCases.length > 0
      ? sql`(case ${sql.join(
          setCases.map(
            (c) => sql`when w.org_path like ${`${c.path}%`} then ${c.inner(k, otherwise)}`,
          ),
          sql` `,
        )} else ${otherwise} end)`
      : otherwise;
  const certDefault = sql`${yearHours} >= ${defaultCert}::numeric`;
  return sql`
    with w as ${wide ? sql`not materialized` : sql`materialized`} (
      select w.id, w.org_path, w.post, w.category from worker w where ${workerFilter}
    )
    select w.org_path, ${byPath('meets', sql`true`)} as meets, ${byPath('cert', certDefault)} as cert
      from w ${joins}`;
}

const inPost = sql`w.status in ('active', 'probation')`;
/**
 * For a province or city the worker set is not materialised and each year of the totals is a
 * join over all of them (see wideReportSettings); below that the materialised set's totals are
 * fetched by id (windowSources).
 */
const WIDE_LEVELS = new Set(['province', 'city']);

/** Aggregates (and the hash joins of the per-worker statements) stay in memory with this. */
const REPORT_WORK_MEM = '128MB';

/**
 * The planner settings of the unit totals of a province or city, for the rest of the
 * transaction. Merge joins: the workers in post read in id order (an index-only scan of
 * worker_in_post_id_idx, split between two processes) and each year of the totals read in the
 * same order (index-only, training_hours_total_cover_idx), with no hash table of a year's
 * ~750,000 totals to build and probe per process. The planner prefers the hash joins by its
 * costs, which took 1.4–1.9 s for 950,000 workers against 0.95–1.1 s merged; one parallel worker
 * because each one reads the whole of the totals' index (two were slower on two cores). See
 * docs/PERFORMANCE.md, training.
 */
export async function wideReportSettings(db: DbOrTx): Promise<void> {
  await db.execute(sql.raw(`set local enable_hashjoin = off`));
  await db.execute(sql.raw(`set local max_parallel_workers_per_gather = 1`));
}

/** Back to the defaults (of this session) after the unit totals. */
async function resetReportSettings(db: DbOrTx): Promise<void> {
  await db.execute(sql.raw(`reset enable_hashjoin`));
  await db.execute(sql.raw(`reset max_parallel_workers_per_gather`));
}

/** Whether the unit totals under this root use wideReportSettings. */
export const isWide = (p: Plan): boolean => WIDE_LEVELS.has(p.root.level);

export async function complianceReport(
  db: Db,
  auth: AuthContext,
  q: ComplianceInput,
): Promise<ComplianceReport> {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local work_mem = '${REPORT_WORK_MEM}'`));
    return complianceReportIn(tx, auth, q);
  });
}

/**
 * Totals per unit of the workers in post under the root, rolled up to the root's children (and
 * the root itself). Exported for bench/training.ts, which EXPLAINs it at 1,000,000 workers.
 */
export function unitTotalsQuery(p: Plan, year: number): SQL {
  const scope = sql`w.org_path like ${`${p.root.path}%`} and ${inPost}`;
  // The child of the root a worker rolls up to is the first id of the worker's path after the
  // root's own path ('' for workers directly at the root): grouping by it counts ~10 groups
  // straight from the per-worker rows, with no per-unit aggregate of 100,000 communities and no
  // LIKE join of every unit against every child (measured: see docs/PERFORMANCE.md, training).
  const childKey = sql`split_part(substr(r.org_path, ${p.root.path.length + 1}), '.', 1)`;
  return sql`
    with r as (${verdicts(p, year, scope, isWide(p))}),
    per_child as (
      select coalesce(nullif(${childKey}, '')::bigint, ${p.root.id}::bigint) as child_id,
             count(*)::int as workers,
             count(*) filter (where r.meets)::int as meeting,
             count(*) filter (where r.cert)::int as cert
        from r
       group by 1
    )
    -- The names by primary key: the planner expects thousands of groups here (there are ~10)
    -- and would otherwise hash-join a scan of every unit.
    select x.org_unit_id, x.name, x.workers, x.meeting, x.cert
      from (select u.child_id as org_unit_id,
                   (select c.name from org_unit c where c.id = u.child_id) as name,
                   u.workers, u.meeting, u.cert
              from per_child u) x
     where x.name is not null
     order by x.name`;
}

async function complianceReportIn(
  db: DbOrTx,
  auth: AuthContext,
  q: ComplianceInput,
): Promise<ComplianceReport> {
  const p = await compliancePlan(db, auth, q);
  if (isWide(p)) await wideReportSettings(db);
  const unitRows = await db.execute<{
    org_unit_id: number;
    name: string;
    workers: number;
    meeting: number;
    cert: number;
  }>(unitTotalsQuery(p, q.year));
  if (isWide(p)) await resetReportSettings(db);
  const units = unitRows.rows.map((r) => ({
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: r.name,
    workers: r.workers,
    meeting: r.meeting,
    behind: r.workers - r.meeting,
    certificateMet: r.cert,
  }));
  const totals = units.reduce(
    (t, u) => ({
      ...t,
      workers: t.workers + u.workers,
      meeting: t.meeting + u.meeting,
      behind: t.behind + u.behind,
      certificateMet: t.certificateMet + u.certificateMet,
    }),
    {
      orgUnitId: p.root.id,
      orgUnitName: p.root.name,
      workers: 0,
      meeting: 0,
      behind: 0,
      certificateMet: 0,
    },
  );
  const behind = await behindPage(db, p, q);
  return {
    year: q.year,
    ruleSets: p.sets.map((s) => ({ id: s.id, versionNo: s.versionNo })),
    totals,
    units: units.filter((u) => u.workers > 0),
    behind,
    nextAfter: behind.length === q.pageSize ? (behind[behind.length - 1]?.workerId ?? null) : null,
  };
}

interface WorkerSqlRow {
  id: number;
  name: string;
  unit_name: string;
  post: string;
  code: string | null;
  hours: string;
  trainings: number;
  hours_short: string;
  trainings_short: number;
  year_hours: string;
  cert_short: string;
  [k: string]: unknown;
}

const toRow = (r: WorkerSqlRow): ComplianceWorkerRow => ({
  workerId: Number(r.id),
  workerName: r.name,
  orgUnitName: r.unit_name,
  post: r.post,
  ruleCode: r.code,
  hours: Number(r.hours),
  trainings: r.trainings,
  hoursShort: Number(r.hours_short),
  trainingsShort: r.trainings_short,
  yearHours: Number(r.year_hours),
  certificateHoursShort: Number(r.cert_short),
});

/**
 * Workers behind, by id after the cursor. Walks workers in id order in batches and aggregates
 * only those, so the first page does not wait for the whole subtree.
 */
async function behindPage(db: DbOrTx, p: Plan, q: ComplianceInput): Promise<ComplianceWorkerRow[]> {
  const out: ComplianceWorkerRow[] = [];
  let after = q.after ?? 0;
  const batch = 2000;
  for (let guard = 0; guard < 1000 && out.length < q.pageSize; guard++) {
    const ids = await db.execute<{ id: number }>(sql`
      select w.id from worker w
       where w.org_path like ${`${p.root.path}%`} and ${inPost} and w.id > ${after}
       order by w.id limit ${batch}`);
    if (ids.rows.length === 0) break;
    const idList = ids.rows.map((r) => Number(r.id));
    after = idList[idList.length - 1] ?? after;
    const rows = await db.execute<WorkerSqlRow>(sql`
      with r as (${perWorker(p, q.year, sql`w.id = any(${pgIntArray(idList)}::bigint[])`)})
      select r.*, w.name, w.post, o.name as unit_name
        from r join worker w on w.id = r.id join org_unit o on o.id = w.org_unit_id
       where r.hours_short > 0 or r.trainings_short > 0
       order by r.id limit ${q.pageSize - out.length}`);
    out.push(...rows.rows.map(toRow));
    if (ids.rows.length < batch) break;
  }
  return out;
}

/** Every worker of the subtree with their figures, for the .xlsx export (capped). */
export async function complianceRows(
  db: DbOrTx,
  auth: AuthContext,
  q: ComplianceInput,
  max: number,
): Promise<{ rows: ComplianceWorkerRow[]; sets: ResolvedRuleSet[]; root: UnitRef }> {
  const p = await compliancePlan(db, auth, q);
  const scope = sql`w.org_path like ${`${p.root.path}%`} and ${inPost}`;
  const n = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from worker w where ${scope}`,
  );
  if ((n.rows[0]?.n ?? 0) > max)
    throw new AppError('VALIDATION_FAILED', [
      { path: 'orgUnitId', message: `导出人数超过 ${max}，请选择下级单位分别导出` },
    ]);
  const rows = await db.execute<WorkerSqlRow>(sql`
    with r as (${perWorker(p, q.year, scope)})
    select r.*, w.name, w.post, o.name as unit_name
      from r join worker w on w.id = r.id join org_unit o on o.id = w.org_unit_id
     order by o.path, w.id`);
  return { rows: rows.rows.map(toRow), sets: p.sets, root: p.root };
}
