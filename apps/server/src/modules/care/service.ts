// Life care (关心关爱): the health-check interval per unit (the deepest ancestor-or-self setting
// applies; a built-in fallback otherwise), health checks and their due lists, care visits and
// hardship aid. Health results and aid amounts are shown only to the worker themself and to staff
// holding care:read together with worker:pii.
import type {
  CareRecordView,
  CareSettingView,
  HealthCheckView,
  HealthDuePage,
  WorkerCareView,
  careSettingBody,
  createCareRecordBody,
  createHealthCheckBody,
  healthDueQuery,
} from '@cwp/contracts';
import { dueState, fromCents, healthCheckDue, toCents } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { unitPathInScope, workerInScope } from '../contracts/queries';
import { todayIso } from '../workers/mapping';

/** Used only where no unit up the tree has set an interval ("every two years" is the common rule). */
export const FALLBACK_SETTING = { healthCheckIntervalMonths: 24, dueSoonDays: 30 };

const d = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);

export function sensitiveVisible(auth: AuthContext): boolean {
  return auth.permissions.has('care:read') && auth.permissions.has('worker:pii');
}

interface SettingRow extends Record<string, unknown> {
  org_unit_id: number;
  name: string;
  health_check_interval_months: number;
  due_soon_days: number;
}

/** The setting in force for a unit path: the deepest ancestor-or-self row. */
async function settingFor(
  db: DbOrTx,
  path: string,
): Promise<{ intervalMonths: number; soonDays: number; row: SettingRow | undefined }> {
  const { rows } = await db.execute<SettingRow>(sql`
    select s.org_unit_id, o.name, s.health_check_interval_months, s.due_soon_days
      from care_setting s join org_unit o on o.id = s.org_unit_id
     where ${path} like s.org_path || '%'
     order by length(s.org_path) desc limit 1`);
  const row = rows[0];
  return {
    intervalMonths: row?.health_check_interval_months ?? FALLBACK_SETTING.healthCheckIntervalMonths,
    soonDays: row?.due_soon_days ?? FALLBACK_SETTING.dueSoonDays,
    row,
  };
}

export async function getSetting(
  db: DbOrTx,
  auth: AuthContext,
  orgUnitId: number | undefined,
): Promise<CareSettingView> {
  const unit = await unitPathInScope(db, auth, orgUnitId);
  const s = await settingFor(db, unit.path);
  return {
    orgUnitId: s.row ? Number(s.row.org_unit_id) : unit.id,
    orgUnitName: s.row ? s.row.name : unit.name,
    healthCheckIntervalMonths: s.intervalMonths,
    dueSoonDays: s.soonDays,
    isDefault: !s.row,
  };
}

export async function putSetting(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof careSettingBody>,
): Promise<void> {
  const unit = await unitPathInScope(tx, auth, body.orgUnitId);
  const { rows: before } = await tx.execute<SettingRow>(
    sql`select * from care_setting where org_unit_id = ${unit.id} for update`,
  );
  await tx.execute(sql`
    insert into care_setting (org_unit_id, org_path, health_check_interval_months, due_soon_days,
                              created_by)
    values (${unit.id}, ${unit.path}, ${body.healthCheckIntervalMonths}, ${body.dueSoonDays},
            ${auth.userId})
    on conflict (org_unit_id) do update
       set health_check_interval_months = excluded.health_check_interval_months,
           due_soon_days = excluded.due_soon_days, version = care_setting.version + 1,
           updated_at = now()`);
  await writeAudit(tx, ctx, [
    {
      action: 'care_setting.put',
      entityType: 'care_setting',
      entityId: unit.id,
      orgPath: unit.path,
      changes: {
        healthCheckIntervalMonths: {
          from: before[0]?.health_check_interval_months ?? null,
          to: body.healthCheckIntervalMonths,
        },
        dueSoonDays: { from: before[0]?.due_soon_days ?? null, to: body.dueSoonDays },
      },
    },
  ]);
}

export async function healthDueList(
  db: DbOrTx,
  auth: AuthContext,
  q: z.infer<typeof healthDueQuery>,
): Promise<HealthDuePage> {
  const unit = await unitPathInScope(db, auth, q.orgUnitId);
  const today = todayIso();
  const own = await settingFor(db, unit.path);
  // Each worker's interval is the setting in force for their own unit.
  const base = sql`
    with w as (
      select w.id, w.name, o.name as unit_name, w.hire_date,
             (select max(h.check_date) from health_check h where h.worker_id = w.id) as last_check,
             coalesce(s.health_check_interval_months, ${FALLBACK_SETTING.healthCheckIntervalMonths})
               as interval_months,
             coalesce(s.due_soon_days, ${FALLBACK_SETTING.dueSoonDays}) as soon_days
        from worker w
        join org_unit o on o.id = w.org_unit_id
        left join lateral (
          select cs.health_check_interval_months, cs.due_soon_days from care_setting cs
           where w.org_path like cs.org_path || '%' order by length(cs.org_path) desc limit 1
        ) s on true
       where w.org_path like ${`${unit.path}%`} and w.status in ('active', 'probation')
    ), x as (
      select id, name, unit_name, last_check, soon_days,
             (coalesce(last_check, hire_date) + make_interval(months => interval_months))::date
               as due_date
        from w
    )`;
  const filter =
    q.state === 'overdue'
      ? sql`due_date < ${today}::date`
      : q.state === 'due_soon'
        ? sql`due_date >= ${today}::date and due_date <= ${today}::date + soon_days`
        : sql`due_date <= ${today}::date + soon_days`;
  const { rows } = await db.execute<{
    id: number;
    name: string;
    unit_name: string;
    last_check: string | null;
    due_date: string;
    soon_days: number;
  }>(sql`${base}
    select id, name, unit_name, ${d('last_check')} as last_check, ${d('due_date')} as due_date,
           soon_days
      from x where ${filter} order by due_date, id
     limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`);
  const { rows: c } = await db.execute<{ n: number }>(
    sql`${base} select count(*)::int as n from x where ${filter}`,
  );
  return {
    items: rows.map((r) => ({
      workerId: Number(r.id),
      workerName: r.name,
      orgUnitName: r.unit_name,
      lastCheckDate: r.last_check,
      dueDate: r.due_date,
      state: dueState(r.due_date, today, Number(r.soon_days)),
    })),
    total: Number(c[0]?.n ?? 0),
    intervalMonths: own.intervalMonths,
  };
}

export async function addHealthCheck(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof createHealthCheckBody>,
): Promise<void> {
  const w = await workerInScope(tx, auth, body.workerId);
  if (body.checkDate > todayIso()) throw fieldError('checkDate', '体检日期不能晚于今天');
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into health_check (worker_id, org_path, check_date, institution, conclusion, findings,
                              created_by)
    values (${w.id}, ${w.orgPath}, ${body.checkDate}, ${body.institution}, ${body.conclusion},
            ${body.findings ?? null}, ${auth.userId})
    returning id`);
  // The audit row records that a check was entered, never its result (health data).
  await writeAudit(tx, ctx, [
    {
      action: 'health_check.create',
      entityType: 'health_check',
      entityId: Number(rows[0]?.id),
      orgPath: w.orgPath,
      changes: { workerId: w.id, checkDate: body.checkDate, institution: body.institution },
    },
  ]);
}

export async function addCareRecord(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof createCareRecordBody>,
): Promise<void> {
  const w = await workerInScope(tx, auth, body.workerId);
  if (body.occurredOn > todayIso()) throw fieldError('occurredOn', '日期不能晚于今天');
  const amountFen = body.amount == null ? null : toCents(body.amount);
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into care_record (worker_id, org_path, kind, occurred_on, reason, amount_fen, visitor,
                             created_by)
    values (${w.id}, ${w.orgPath}, ${body.kind}, ${body.occurredOn}, ${body.reason}, ${amountFen},
            ${body.visitor ?? null}, ${auth.userId})
    returning id`);
  await writeAudit(tx, ctx, [
    {
      action: 'care_record.create',
      entityType: 'care_record',
      entityId: Number(rows[0]?.id),
      orgPath: w.orgPath,
      changes: { workerId: w.id, kind: body.kind, occurredOn: body.occurredOn, amountFen },
    },
  ]);
}

async function careOf(db: DbOrTx, workerId: number, visible: boolean): Promise<WorkerCareView> {
  const { rows: wr } = await db.execute<{ org_path: string; hire_date: string }>(
    sql`select org_path, ${d('hire_date')} as hire_date from worker where id = ${workerId}`,
  );
  const w = wr[0];
  if (!w) throw notFound();
  const { rows: hs } = await db.execute<{
    id: number;
    check_date: string;
    institution: string;
    conclusion: HealthCheckView['conclusion'];
    findings: string | null;
  }>(sql`select id, ${d('check_date')} as check_date, institution, conclusion, findings
           from health_check where worker_id = ${workerId} order by check_date desc, id desc`);
  const { rows: cs } = await db.execute<{
    id: number;
    kind: CareRecordView['kind'];
    occurred_on: string;
    reason: string;
    amount_fen: number | null;
    visitor: string | null;
  }>(sql`select id, kind, ${d('occurred_on')} as occurred_on, reason, amount_fen, visitor
           from care_record where worker_id = ${workerId} order by occurred_on desc, id desc`);
  const setting = await settingFor(db, w.org_path);
  const next = healthCheckDue(
    { lastCheckDate: hs[0]?.check_date ?? null, hireDate: w.hire_date },
    setting.intervalMonths,
    todayIso(),
    setting.soonDays,
  );
  return {
    workerId,
    healthChecks: hs.map((h) => ({
      id: Number(h.id),
      workerId,
      checkDate: h.check_date,
      institution: h.institution,
      conclusion: visible ? h.conclusion : null,
      findings: visible ? h.findings : null,
      masked: !visible,
    })),
    nextHealthCheck: next,
    intervalMonths: setting.intervalMonths,
    records: cs.map((c) => ({
      id: Number(c.id),
      workerId,
      kind: c.kind,
      occurredOn: c.occurred_on,
      reason: c.reason,
      amount: visible && c.amount_fen !== null ? fromCents(Number(c.amount_fen)) : null,
      visitor: c.visitor,
    })),
    sensitiveVisible: visible,
  };
}

export async function workerCare(
  db: DbOrTx,
  auth: AuthContext,
  workerId: number,
): Promise<WorkerCareView> {
  await workerInScope(db, auth, workerId);
  return careOf(db, workerId, sensitiveVisible(auth));
}

/** The caller's own care record: the worker always sees their own results and amounts. */
export async function myCare(db: DbOrTx, auth: AuthContext): Promise<WorkerCareView> {
  if (auth.workerId === null) throw new AppError('NOT_FOUND', undefined, '当前账号未关联人员档案');
  return careOf(db, auth.workerId, true);
}
