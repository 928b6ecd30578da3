// Expiry reminders (到期提醒): every day each active fixed-term contract whose last day is within a
// threshold of its rule set (60 and 30 days when the rule names none) gets one reminder per
// threshold, an in-app notification to the HR officers (contract:manage) of the signing
// subdistrict. The (contract, threshold) primary key makes every run idempotent, and the daily
// schedule runs once a day across instances: the first instance to insert the day's key into
// scheduled_run enqueues the job, which the job runner hands to exactly one instance.
import { addDays } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db, DbOrTx } from '../../db/client';
import { notification } from '../../db/schema-career';
import { SYSTEM_CONTEXT, writeAudit, type AuditContext } from '../../lib/audit';
import { claimDailyRun, registerDailyJob } from '../jobs/daily';
import type { JobRunner } from '../jobs/runner';
import { governingResolver, loadCandidates } from '../rule-sets/resolve';
import { dueThreshold, reminderThresholds } from './terms';

export const CONTRACT_REMINDER_JOB = 'contract_reminders';
const REMINDER_LOCK = 7_420_301;

interface DueRow extends Record<string, unknown> {
  id: number;
  worker_id: number;
  worker_name: string;
  worker_path: string;
  signing_path: string;
  signing_name: string;
  end_date: string;
}

/** Active users holding contract:manage, with the path of their unit. */
async function contractOfficers(tx: DbOrTx): Promise<{ id: number; path: string }[]> {
  const { rows } = await tx.execute<{ id: number; path: string }>(sql`
    select distinct u.id, o.path
      from app_user u
      join org_unit o on o.id = u.org_unit_id
      join user_role ur on ur.user_id = u.id
      join role r on r.id = ur.role_id
     where u.active and 'contract:manage' = any(r.permissions)`);
  return rows.map((r) => ({ id: Number(r.id), path: r.path }));
}

/**
 * The officers of a signing unit: those at the unit itself, or when it has none, those of the
 * nearest unit above it that has some.
 */
export function recipientsFor(
  officers: readonly { id: number; path: string }[],
  signingPath: string,
): number[] {
  let best = '';
  for (const o of officers)
    if (signingPath.startsWith(o.path) && o.path.length > best.length) best = o.path;
  return best ? officers.filter((o) => o.path === best).map((o) => o.id) : [];
}

/**
 * Creates the reminders due on `date` for contracts of workers under `scopePath`; returns how many
 * reminders and notifications it created. Safe to run any number of times, concurrently.
 */
export async function runContractReminders(
  db: Db,
  ctx: AuditContext,
  date: string,
  scopePath = '',
): Promise<{ date: string; reminders: number; notifications: number }> {
  return db.transaction(async (tx) => {
    // Serialises concurrent runs so the second sees the first one's reminders.
    await tx.execute(sql`select pg_advisory_xact_lock(${REMINDER_LOCK})`);
    const candidates = await loadCandidates(tx, 'contract_insurance', scopePath || '', date);
    const resolve = governingResolver(candidates);
    let horizon = 60;
    for (const c of candidates)
      for (const t of reminderThresholds(c.content)) horizon = Math.max(horizon, t);
    const { rows } = await tx.execute<DueRow>(sql`
      select c.id, c.worker_id, w.name as worker_name, w.org_path as worker_path,
             c.org_path as signing_path, su.name as signing_name,
             to_char(c.end_date, 'YYYY-MM-DD') as end_date
        from labor_contract c
        join worker w on w.id = c.worker_id
        join org_unit su on su.id = c.org_unit_id
       where c.status = 'active' and c.end_date is not null
         and c.end_date between ${date}::date and ${addDays(date, horizon)}::date
         and w.org_path like ${`${scopePath}%`}`);
    const due: { row: DueRow; days: number }[] = [];
    for (const r of rows) {
      const rule = resolve(r.worker_path);
      const days = dueThreshold(reminderThresholds(rule?.content ?? null), r.end_date, date);
      if (days !== null) due.push({ row: r, days });
    }
    if (due.length === 0) return { date, reminders: 0, notifications: 0 };
    const inserted = await tx.execute<{ contract_id: number; days_before: number }>(sql`
      insert into labor_contract_reminder (contract_id, days_before, remind_on)
      select x.contract_id, x.days_before, ${date}::date
        from json_to_recordset(${JSON.stringify(
          due.map((d) => ({ contract_id: d.row.id, days_before: d.days })),
        )}::json) as x(contract_id bigint, days_before int)
      on conflict do nothing
      returning contract_id, days_before`);
    const fresh = new Set(inserted.rows.map((r) => `${r.contract_id}:${r.days_before}`));
    const officers = await contractOfficers(tx);
    const notes: (typeof notification.$inferInsert)[] = [];
    const counts: { id: number; days: number; n: number }[] = [];
    for (const { row, days } of due) {
      if (!fresh.has(`${row.id}:${days}`)) continue;
      const users = recipientsFor(officers, row.signing_path);
      counts.push({ id: Number(row.id), days, n: users.length });
      for (const userId of users)
        notes.push({
          userId,
          kind: 'labor_contract.expiring',
          title: `劳动合同即将到期：${row.worker_name}（${row.end_date} 到期）`.slice(0, 200),
          body: `${row.signing_name}与${row.worker_name}签订的劳动合同将于 ${row.end_date} 到期（提前 ${days} 天提醒），请及时办理续订或终止。`,
          link: `/contracts/${row.id}`,
        });
    }
    for (let i = 0; i < notes.length; i += 1000)
      await tx.insert(notification).values(notes.slice(i, i + 1000));
    if (counts.length > 0) {
      await tx.execute(sql`
        update labor_contract_reminder r set recipients = x.n
          from json_to_recordset(${JSON.stringify(counts)}::json) as x(id bigint, days int, n int)
         where r.contract_id = x.id and r.days_before = x.days`);
      await writeAudit(tx, ctx, [
        {
          action: 'labor_contract.remind',
          entityType: 'labor_contract',
          orgPath: scopePath || null,
          changes: {
            date,
            reminders: counts.map((c) => ({ contractId: c.id, daysBefore: c.days })),
            notifications: notes.length,
          },
        },
      ]);
    }
    return { date, reminders: counts.length, notifications: notes.length };
  });
}

/** Claims today's reminder run for this installation (see jobs/daily.ts). */
export function claimDailyReminderRun(db: Db, date: string): Promise<number | null> {
  return claimDailyRun(db, CONTRACT_REMINDER_JOB, date);
}

/** Registers the reminder job and, unless `schedule` is false, its daily schedule. */
export function registerContractReminders(
  app: FastifyInstance,
  db: Db,
  runner: JobRunner,
  schedule: boolean,
): void {
  registerDailyJob(app, db, runner, {
    kind: CONTRACT_REMINDER_JOB,
    schedule,
    run: (date) => runContractReminders(db, SYSTEM_CONTEXT, date),
  });
}
