// Overdue disclosures (逾期未公开): every day, for each active community and each kind with a
// periodic schedule, the last complete period's item is overdue once its due date has passed with
// nothing published for it; event-driven items are overdue when their own due date has passed
// unpublished. Each (community, kind, period) is alerted once (unique key), to the community's
// users who draft disclosures and to the subdistrict above it. The daily run is claimed once across
// instances through scheduled_run, like contract reminders.
import {
  DISCLOSURE_KINDS,
  overduePeriodic,
  type DisclosureKind,
  type DisclosureScheduleRule,
} from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db, DbOrTx } from '../../db/client';
import { SYSTEM_CONTEXT, writeAudit, type AuditContext } from '../../lib/audit';
import { claimDailyRun, registerDailyJob } from '../jobs/daily';
import type { JobRunner } from '../jobs/runner';
import { notifyUsers } from '../notifications/service';

export const DISCLOSURE_OVERDUE_JOB = 'disclosure_overdue';
const OVERDUE_LOCK = 7_420_711;
const KIND_ZH: Record<DisclosureKind, string> = {
  party: '党务公开',
  affairs: '居务公开',
  finance: '财务公开',
};

interface Community extends Record<string, unknown> {
  id: number;
  name: string;
  path: string;
  parent_id: number | null;
}

/** Users with a disclosure permission at exactly the given unit. */
async function usersAt(tx: DbOrTx, unitIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (unitIds.length === 0) return out;
  const { rows } = await tx.execute<{ id: number; org_unit_id: number }>(sql`
    select distinct u.id, u.org_unit_id
      from app_user u join user_role ur on ur.user_id = u.id join role r on r.id = ur.role_id
     where u.active and u.org_unit_id = any(${`{${unitIds.join(',')}}`}::bigint[])
       and ('disclosure:manage' = any(r.permissions) or 'disclosure:approve' = any(r.permissions))`);
  for (const r of rows) {
    const list = out.get(Number(r.org_unit_id)) ?? [];
    list.push(Number(r.id));
    out.set(Number(r.org_unit_id), list);
  }
  return out;
}

export async function runDisclosureOverdue(
  db: Db,
  ctx: AuditContext,
  date: string,
  scopePath = '',
): Promise<{ date: string; alerts: number; notifications: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${OVERDUE_LOCK})`);
    const { rows: communities } = await tx.execute<Community>(sql`
      select id, name, path, parent_id from org_unit
       where level = 'community' and active and path like ${`${scopePath}%`}`);
    // The versions in force on the run date; per unit and kind the latest started one wins.
    const { rows: schedules } = await tx.execute<{
      org_path: string;
      kind: DisclosureKind;
      rule: DisclosureScheduleRule;
      from_key: string;
    }>(sql`select org_path, kind, rule, coalesce(to_char(effective_from, 'YYYY-MM-DD'), '') as from_key
             from disclosure_schedule
            where coalesce(effective_from, '-infinity'::date) <= ${date}::date`);
    const { rows: published } = await tx.execute<{
      org_unit_id: number;
      kind: string;
      period_key: string;
    }>(sql`
      select distinct org_unit_id, kind, period_key from disclosure
       where period_key is not null and status in ('published', 'superseded')
         and org_path like ${`${scopePath}%`}`);
    const done = new Set(published.map((p) => `${p.org_unit_id}:${p.kind}:${p.period_key}`));
    const due: { c: Community; kind: DisclosureKind; periodKey: string; dueDate: string }[] = [];
    for (const c of communities) {
      for (const kind of DISCLOSURE_KINDS) {
        let best: (typeof schedules)[number] | undefined;
        for (const s of schedules)
          if (s.kind === kind && c.path.startsWith(s.org_path))
            if (
              !best ||
              s.org_path.length > best.org_path.length ||
              (s.org_path.length === best.org_path.length && s.from_key > best.from_key)
            )
              best = s;
        if (!best) continue;
        const keys = new Set(
          [...done]
            .filter((k) => k.startsWith(`${c.id}:${kind}:`))
            .map((k) => k.split(':')[2] ?? ''),
        );
        const o = overduePeriodic(kind, best.rule, date, keys);
        if (o) due.push({ c, kind, periodKey: o.periodKey, dueDate: o.dueDate });
      }
    }
    const { rows: lateItems } = await tx.execute<{
      id: number;
      series_id: number;
      org_unit_id: number;
      kind: DisclosureKind;
      due_date: string;
    }>(sql`
      select id, coalesce(series_id, id) as series_id, org_unit_id, kind,
             to_char(due_date, 'YYYY-MM-DD') as due_date
        from disclosure
       where status in ('draft', 'pending', 'rejected') and due_date < ${date}::date
         and period_key is null and org_path like ${`${scopePath}%`}`);
    const byId = new Map(communities.map((c) => [Number(c.id), c]));
    for (const item of lateItems) {
      const c = byId.get(Number(item.org_unit_id));
      if (c)
        due.push({
          c,
          kind: item.kind,
          periodKey: `item:${item.series_id}`,
          dueDate: item.due_date,
        });
    }
    if (due.length === 0) return { date, alerts: 0, notifications: 0 };
    const inserted = await tx.execute<{
      org_unit_id: number;
      kind: string;
      period_key: string;
    }>(sql`
      insert into disclosure_overdue_alert (org_unit_id, kind, period_key, due_date)
      select x.org_unit_id, x.kind, x.period_key, x.due_date
        from json_to_recordset(${JSON.stringify(
          due.map((d) => ({
            org_unit_id: d.c.id,
            kind: d.kind,
            period_key: d.periodKey,
            due_date: d.dueDate,
          })),
        )}::json) as x(org_unit_id bigint, kind text, period_key text, due_date date)
      on conflict do nothing returning org_unit_id, kind, period_key`);
    const fresh = new Set(inserted.rows.map((r) => `${r.org_unit_id}:${r.kind}:${r.period_key}`));
    const freshDue = due.filter((d) => fresh.has(`${d.c.id}:${d.kind}:${d.periodKey}`));
    const unitIds = new Set<number>();
    for (const d of freshDue) {
      unitIds.add(Number(d.c.id));
      if (d.c.parent_id !== null) unitIds.add(Number(d.c.parent_id));
    }
    const users = await usersAt(tx, [...unitIds]);
    let notifications = 0;
    for (const d of freshDue) {
      const recipients = [
        ...(users.get(Number(d.c.id)) ?? []),
        ...(d.c.parent_id !== null ? (users.get(Number(d.c.parent_id)) ?? []) : []),
      ];
      const period = d.periodKey.startsWith('item:') ? '' : `（${d.periodKey}）`;
      const n = await notifyUsers(tx, recipients, {
        kind: 'disclosure.overdue',
        title: `${d.c.name}${KIND_ZH[d.kind]}${period}逾期未公开`,
        body: `${d.c.name}的${KIND_ZH[d.kind]}${period}应于 ${d.dueDate} 前公开，目前尚未发布，请尽快办理。`,
        link: `/disclosures?orgUnitId=${d.c.id}&kind=${d.kind}`,
      });
      notifications += n;
      await tx.execute(sql`update disclosure_overdue_alert set recipients = ${n}
        where org_unit_id = ${d.c.id} and kind = ${d.kind} and period_key = ${d.periodKey}`);
    }
    await writeAudit(tx, ctx, [
      {
        action: 'disclosure.overdue_alert',
        entityType: 'disclosure',
        orgPath: scopePath || null,
        changes: {
          date,
          alerts: freshDue.map((d) => ({ orgUnitId: d.c.id, kind: d.kind, period: d.periodKey })),
          notifications,
        },
      },
    ]);
    return { date, alerts: freshDue.length, notifications };
  });
}

/** Overdue alerts in scope whose period still has nothing published (shown on the list screen). */
export async function listOverdue(
  db: DbOrTx,
  orgPath: string,
): Promise<
  {
    orgUnitId: number;
    orgUnitName: string;
    kind: DisclosureKind;
    periodKey: string;
    dueDate: string;
  }[]
> {
  const { rows } = await db.execute<{
    org_unit_id: number;
    name: string;
    kind: DisclosureKind;
    period_key: string;
    due_date: string;
  }>(sql`
    select a.org_unit_id, o.name, a.kind, a.period_key, to_char(a.due_date, 'YYYY-MM-DD') as due_date
      from disclosure_overdue_alert a join org_unit o on o.id = a.org_unit_id
     where o.path like ${`${orgPath}%`}
       and not exists (select 1 from disclosure d where d.org_unit_id = a.org_unit_id
             and d.kind = a.kind and d.status in ('published', 'superseded')
             and (d.period_key = a.period_key or 'item:' || coalesce(d.series_id, d.id) = a.period_key))
     order by a.due_date, o.name limit 200`);
  return rows.map((r) => ({
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: r.name,
    kind: r.kind,
    periodKey: r.period_key,
    dueDate: r.due_date,
  }));
}

/** Claims today's overdue check for this installation (see jobs/daily.ts). */
export function claimDailyOverdueRun(db: Db, date: string): Promise<number | null> {
  return claimDailyRun(db, DISCLOSURE_OVERDUE_JOB, date);
}

export function registerDisclosureOverdue(
  app: FastifyInstance,
  db: Db,
  runner: JobRunner,
  schedule: boolean,
): void {
  registerDailyJob(app, db, runner, {
    kind: DISCLOSURE_OVERDUE_JOB,
    schedule,
    run: (date) => runDisclosureOverdue(db, SYSTEM_CONTEXT, date),
  });
}
