// The monthly statistical snapshot. Once a day (claimed through scheduled_run
// `dashboard_snapshot:<date>`, so one instance runs it however many there are) the job recomputes
// the current month's rows of dashboard_snapshot for every org unit — each indicator's source
// aggregated per unit once and rolled up the tree level by level, set-based — and writes only
// the figures that changed. A month's rows freeze when the month ends, so trends over years read
// exact figures without touching the raw tables. (The daily digest is the notification centre's:
// notifications/daily.ts.)
import type { SnapshotRunResult } from '@cwp/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client';
import { SYSTEM_CONTEXT, writeAudit, type AuditContext } from '../../lib/audit';
import type { AppDeps } from '../../lib/context';
import { claimDailyRun, registerDailyJob } from '../jobs/daily';
import type { JobRunner } from '../jobs/runner';
import { allIndicators, type Indicator } from './registry';
import { monthOf, SNAPSHOT_LEVELS, SNAPSHOT_MARKER } from './service';

export const DASHBOARD_SNAPSHOT_JOB = 'dashboard_snapshot';

/** Rows kept in memory by the roll-up's hash aggregates (the session default spills to disk). */
const SNAPSHOT_WORK_MEM = '256MB';

const own = (key: string, rows: SQL) => sql`
  insert into snap_total (org_unit_id, parent_id, depth, indicator, category, n)
  select o.id, o.parent_id, o.depth, ${key}, s.category, s.n
    from (${rows}) s
    join org_unit o on o.path = s.org_path`;

/**
 * Every indicator counting workers by status and one column: one scan of the worker table with a
 * grouping set per indicator (the same rows as each indicator's own source). Grouped by the
 * worker's unit id — org_path is that unit's path — because hashing a bigint instead of the path
 * keeps the seven-odd hash tables of a million workers in memory.
 */
function workerDimensions(inds: Indicator[], date: string): SQL {
  const cols = inds.map((ind, i) => {
    const expr = ind.workerCategory?.(date) ?? sql`null`;
    return sql`(${expr})::text as ${sql.raw(`c${i}`)}`;
  });
  const names = inds.map((_, i) => sql.raw(`c${i}`));
  const n = inds.length;
  // grouping(c0 … cn-1) has a 0 bit for the column grouped by (c0 is the highest bit).
  const which = inds.map(
    (ind, i) => sql`when ${sql.raw(String(2 ** n - 1 - 2 ** (n - 1 - i)))} then ${ind.info.key}`,
  );
  const category = inds.map(
    (_, i) =>
      sql`when ${sql.raw(String(2 ** n - 1 - 2 ** (n - 1 - i)))} then coalesce(${sql.raw(`c${i}`)}, '')`,
  );
  return sql`
    insert into snap_total (org_unit_id, parent_id, depth, indicator, category, n)
    select o.id, o.parent_id, o.depth, g.indicator, g.status || '|' || g.category, g.n
      from (select org_unit_id, status,
                   case grouping(${sql.join(names, sql`, `)}) ${sql.join(which, sql` `)} end
                     as indicator,
                   case grouping(${sql.join(names, sql`, `)}) ${sql.join(category, sql` `)} end
                     as category,
                   count(*)::int as n
              from (select org_unit_id, status, ${sql.join(cols, sql`, `)} from worker
                     where status in ('active', 'probation', 'suspended')) w
             group by grouping sets (${sql.join(
               names.map((c) => sql`(org_unit_id, status, ${c})`),
               sql`, `,
             )})) g
      join org_unit o on o.id = g.org_unit_id`;
}

/**
 * Recomputes the month of `date` for every unit and indicator in one transaction; returns the
 * number of snapshot rows and units. Set-based and roughly linear in the number of (unit,
 * category) figures: the worker table is scanned once for all worker-dimension indicators (and
 * once per other indicator), every figure is placed at its own unit, rolled up the tree one level
 * at a time (each level adds its units' totals to their parents), and only the rows whose value
 * changed since the month's last run are written.
 */
export async function computeSnapshot(
  db: Db,
  date: string,
): Promise<{ month: string; units: number; rows: number }> {
  const month = monthOf(date);
  return db.transaction(async (tx) => {
    // Concurrent runs (an on-demand run beside the daily job) take turns, never interleave.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${DASHBOARD_SNAPSHOT_JOB}))`);
    await tx.execute(sql.raw(`set local work_mem = '${SNAPSHOT_WORK_MEM}'`));
    await tx.execute(sql`
      create temp table snap_total (
        org_unit_id bigint not null, parent_id bigint, depth int not null,
        indicator text not null, category text not null, n bigint not null
      ) on commit drop`);
    const all = allIndicators();
    const dims = all.filter((i) => i.workerCategory);
    if (dims.length > 0) await tx.execute(workerDimensions(dims, date));
    for (const ind of all.filter((i) => !i.workerCategory)) {
      const source = await ind.source({ prefix: '', status: null, today: date, db: tx });
      await tx.execute(
        own(
          ind.info.key,
          sql`select org_path, category, sum(n) as n from (${source}) x
               where n is not null group by 1, 2`,
        ),
      );
    }
    // Roll up, deepest level first: a level's rows (own figures plus what its children added)
    // are summed per parent and added to the parent's level.
    const { rows: depths } = await tx.execute<{ lo: number | null; hi: number | null }>(
      sql`select min(depth)::int as lo, max(depth)::int as hi from org_unit`,
    );
    const lo = depths[0]?.lo ?? 0;
    const hi = depths[0]?.hi ?? 0;
    for (let d = hi; d > lo; d--) {
      await tx.execute(sql`
        insert into snap_total (org_unit_id, parent_id, depth, indicator, category, n)
        select p.id, p.parent_id, p.depth, t.indicator, t.category, t.n
          from (select parent_id, indicator, category, sum(n) as n from snap_total
                 where depth = ${d} and parent_id is not null group by 1, 2, 3) t
          join org_unit p on p.id = t.parent_id`);
    }
    const keys = `{${all.map((i) => `"${i.info.key}"`).join(',')}}`;
    // The deepest level has no children: its rows are already one per (unit, indicator,
    // category) and pass through; the levels above merge own rows with their children's sums.
    await tx.execute(sql`
      create temp table snap_new on commit drop as
      select org_unit_id, indicator, category, n::int as value from snap_total where depth = ${hi}
      union all
      select org_unit_id, indicator, category, sum(n)::int from snap_total where depth < ${hi}
       group by 1, 2, 3
      union all
      -- A marker per snapshot-reading unit and indicator, so an indicator with no figures there
      -- still reads as computed (zero) instead of falling back to the live query; its
      -- computed_at is the snapshot's time.
      select o.id, i.key, ${SNAPSHOT_MARKER}, 0
        from org_unit o cross join unnest(${keys}::text[]) as i(key)
       where o.level in (${sql.join(
         SNAPSHOT_LEVELS.map((l) => sql`${l}`),
         sql`, `,
       )})`);
    // One comparison with the month's stored rows; only the differences reach the table, so a
    // re-run within the month rewrites what changed (and every marker's time).
    const { rows: stored } = await tx.execute<{ any: boolean }>(
      sql`select exists (select 1 from dashboard_snapshot where month = ${month}) as any`,
    );
    // The month's first run has nothing to compare with: every row is new.
    const against = stored[0]?.any
      ? sql`(select org_unit_id, indicator, category, value from dashboard_snapshot
              where month = ${month})`
      : sql`(select null::bigint as org_unit_id, null::text as indicator, null::text as category,
                    null::int as value where false)`;
    await tx.execute(sql`
      create temp table snap_diff on commit drop as
      select coalesce(n.org_unit_id, s.org_unit_id) as org_unit_id,
             coalesce(n.indicator, s.indicator) as indicator,
             coalesce(n.category, s.category) as category,
             n.value, s.value is null as fresh
        from snap_new n
        full join ${against} s
          on s.org_unit_id = n.org_unit_id and s.indicator = n.indicator
         and s.category = n.category
       where n.value is distinct from s.value or n.category = ${SNAPSHOT_MARKER}`);
    await tx.execute(sql`
      delete from dashboard_snapshot s using snap_diff d
       where d.value is null and s.month = ${month} and s.org_unit_id = d.org_unit_id
         and s.indicator = d.indicator and s.category = d.category`);
    await tx.execute(sql`
      update dashboard_snapshot s set value = d.value, computed_at = now()
        from snap_diff d
       where d.value is not null and not d.fresh and s.month = ${month}
         and s.org_unit_id = d.org_unit_id and s.indicator = d.indicator
         and s.category = d.category`);
    await tx.execute(sql`
      insert into dashboard_snapshot (month, org_unit_id, indicator, category, value, computed_at)
      select ${month}::date, org_unit_id, indicator, category, value, now()
        from snap_diff where fresh
       order by org_unit_id, indicator, category`);
    // The month's rows may have just appeared by the million: fresh statistics keep the
    // dashboards' reads on the primary key instead of the month index.
    await tx.execute(sql`analyze dashboard_snapshot`);
    const { rows: c } = await tx.execute<{ units: number; rows: number }>(sql`
      select (select count(*) from (select org_unit_id from snap_new group by 1) u)::int as units,
             (select count(*) from snap_new where category <> ${SNAPSHOT_MARKER})::int as rows`);
    return { month, units: c[0]?.units ?? 0, rows: c[0]?.rows ?? 0 };
  });
}

export async function runDashboardJob(
  db: Db,
  ctx: AuditContext,
  date: string,
): Promise<SnapshotRunResult> {
  const snap = await computeSnapshot(db, date);
  await writeAudit(db, ctx, [
    {
      action: 'dashboard.snapshot',
      entityType: 'dashboard_snapshot',
      orgPath: null,
      changes: { date, month: snap.month, units: snap.units, rows: snap.rows },
    },
  ]);
  return snap;
}

/** Claims today's snapshot run for this installation (see jobs/daily.ts). */
export function claimDailyDashboardRun(db: Db, date: string): Promise<number | null> {
  return claimDailyRun(db, DASHBOARD_SNAPSHOT_JOB, date);
}

export function registerDashboardJob(
  app: FastifyInstance,
  deps: AppDeps,
  runner: JobRunner,
  schedule: boolean,
): void {
  registerDailyJob(app, deps.db, runner, {
    kind: DASHBOARD_SNAPSHOT_JOB,
    schedule,
    run: (date) => runDashboardJob(deps.db, SYSTEM_CONTEXT, date),
  });
}
