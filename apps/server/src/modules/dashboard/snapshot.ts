// The monthly statistical snapshot and the daily digest. Once a day (claimed through
// scheduled_run `dashboard_snapshot:<date>`, so one instance runs it however many there are) the
// job recomputes the current month's rows of dashboard_snapshot for every org unit — each
// indicator's source summed per ancestor of the unit it belongs to, set-based over the whole
// tree in one statement per indicator — and sends every user one digest notification of what is
// waiting for them. A month's rows freeze when the month ends, so trends over years read exact
// figures without touching the raw tables.
import type { SnapshotRunResult } from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db, DbOrTx } from '../../db/client';
import { SYSTEM_CONTEXT, writeAudit, type AuditContext } from '../../lib/audit';
import type { AppDeps } from '../../lib/context';
import { claimDailyRun, registerDailyJob } from '../jobs/daily';
import type { JobRunner } from '../jobs/runner';
import { allIndicators } from './registry';
import { monthOf, SNAPSHOT_LEVELS, SNAPSHOT_MARKER } from './service';

export const DASHBOARD_SNAPSHOT_JOB = 'dashboard_snapshot';
export const DIGEST_KIND = 'digest.daily';

/** Recomputes the month of `date` for every unit and indicator; returns the rows written. */
export async function computeSnapshot(
  db: Db,
  date: string,
): Promise<{ month: string; units: number; rows: number }> {
  const month = monthOf(date);
  let rows = 0;
  for (const ind of allIndicators()) {
    const source = ind.source({ prefix: '', status: null, today: date });
    rows += await db.transaction(async (tx) => {
      // Concurrent runs (an on-demand run beside the daily job) take turns, never interleave.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${DASHBOARD_SNAPSHOT_JOB}))`);
      await tx.execute(
        sql`delete from dashboard_snapshot where month = ${month} and indicator = ${ind.info.key}`,
      );
      const r = await tx.execute(sql`
        insert into dashboard_snapshot (month, org_unit_id, indicator, category, value, computed_at)
        select ${month}::date, a.id::bigint, ${ind.info.key}, s.category, sum(s.n)::int, now()
          from (select org_path, category, sum(n) as n from (${source}) x
                 where n is not null group by 1, 2) s
          cross join lateral unnest(string_to_array(rtrim(s.org_path, '.'), '.')) as a(id)
         group by a.id, s.category`);
      // A marker per snapshot-reading unit, so an indicator with no figures there still reads
      // as computed (zero) instead of falling back to the live query.
      await tx.execute(sql`
        insert into dashboard_snapshot (month, org_unit_id, indicator, category, value, computed_at)
        select ${month}::date, o.id, ${ind.info.key}, ${SNAPSHOT_MARKER}, 0, now()
          from org_unit o
         where o.level in (${sql.join(
           SNAPSHOT_LEVELS.map((l) => sql`${l}`),
           sql`, `,
         )})`);
      return r.rowCount ?? 0;
    });
  }
  const { rows: u } = await db.execute<{ n: number }>(
    sql`select count(distinct org_unit_id)::int as n from dashboard_snapshot where month = ${month}`,
  );
  return { month, units: u[0]?.n ?? 0, rows };
}

/**
 * One digest per user per day (skipped when that user already has today's): unread
 * notifications, approvals waiting for their decision, labour contracts in their scope ending
 * within 30 days. Users with nothing waiting get none.
 */
export async function sendDigests(db: Db, date: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${DIGEST_KIND}))`);
    return insertDigests(tx, date);
  });
}

async function insertDigests(db: DbOrTx, date: string): Promise<number> {
  const r = await db.execute(sql`
    with perms as (
      select ur.user_id, unnest(r.permissions) as p
        from user_role ur join role r on r.id = ur.role_id),
    u as (
      select a.id, o.path from app_user a join org_unit o on o.id = a.org_unit_id
       where a.active
         and not exists (select 1 from notification n
                          where n.user_id = a.id and n.kind = ${DIGEST_KIND}
                            and n.created_at >= ${date}::date
                            and n.created_at < ${date}::date + 1)),
    c as (
      select u.id,
             (select count(*) from notification n
               where n.user_id = u.id and n.read_at is null)::int as unread,
             (select count(*) from approval_request q
               where q.status = 'pending' and q.org_path like u.path || '%'
                 and q.submitted_by <> u.id
                 and q.required_permission in (select p from perms where perms.user_id = u.id))::int
               as approvals,
             (case when exists (select 1 from perms where perms.user_id = u.id and p = 'contract:read')
                   then (select count(*) from labor_contract lc
                          where lc.status = 'active' and lc.org_path like u.path || '%'
                            and lc.end_date between ${date}::date and ${date}::date + 30)
                   else 0 end)::int as contracts
        from u)
    insert into notification (user_id, kind, title, body, link)
    select id, ${DIGEST_KIND},
           '每日待办摘要：' || ${date},
           concat_ws('；',
             case when unread > 0 then '未读消息 ' || unread || ' 条' end,
             case when approvals > 0 then '待您审批 ' || approvals || ' 件' end,
             case when contracts > 0 then '30 天内到期的劳动合同 ' || contracts || ' 份' end),
           case when approvals > 0 then '/approvals' when contracts > 0 then '/contracts'
                else '/notifications' end
      from c
     where unread > 0 or approvals > 0 or contracts > 0`);
  return r.rowCount ?? 0;
}

export async function runDashboardJob(
  db: Db,
  ctx: AuditContext,
  date: string,
): Promise<SnapshotRunResult> {
  const snap = await computeSnapshot(db, date);
  const digests = await sendDigests(db, date);
  await writeAudit(db, ctx, [
    {
      action: 'dashboard.snapshot',
      entityType: 'dashboard_snapshot',
      orgPath: null,
      changes: { date, month: snap.month, units: snap.units, rows: snap.rows, digests },
    },
  ]);
  return { ...snap, digests };
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
