// Life care (关心关爱): the health-check interval per unit (the deepest ancestor-or-self setting
// applies; a built-in fallback otherwise), health checks and their due lists, care visits and
// hardship aid. Health results and aid amounts are shown only to the worker themself and to staff
// holding care:read together with worker:pii; a response that shows them to staff leaves one
// audit row (`care.sensitive.view`: how many results and amounts, never a finding or an amount).
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

interface CareSettingRegion {
  /** Workers below this path … */
  path: string;
  /** … except below these (nearer units with their own setting). */
  except: string[];
  intervalMonths: number;
  soonDays: number;
}

/**
 * The subtree `path` cut into the regions of the care settings in force: the nearest setting at
 * or above the subtree, then every setting inside it, each over its own subtree minus the deeper
 * ones (each worker falls in exactly one: the deepest setting above their unit, as `settingFor`).
 */
async function settingRegions(db: DbOrTx, path: string): Promise<CareSettingRegion[]> {
  const { rows } = await db.execute<{
    org_path: string;
    health_check_interval_months: number;
    due_soon_days: number;
  }>(sql`
    select org_path, health_check_interval_months, due_soon_days from care_setting
     where ${path} like org_path || '%' or org_path like ${`${path}%`}`);
  const inside = rows.filter((r) => r.org_path.startsWith(path) && r.org_path !== path);
  const above = rows
    .filter((r) => path.startsWith(r.org_path))
    .sort((a, b) => b.org_path.length - a.org_path.length)[0];
  const region = (p: string, interval: number, soon: number): CareSettingRegion => ({
    path: p,
    except: inside.map((r) => r.org_path).filter((q) => q.startsWith(p) && q !== p),
    intervalMonths: interval,
    soonDays: soon,
  });
  return [
    region(
      path,
      above?.health_check_interval_months ?? FALLBACK_SETTING.healthCheckIntervalMonths,
      above?.due_soon_days ?? FALLBACK_SETTING.dueSoonDays,
    ),
    ...inside.map((r) => region(r.org_path, r.health_check_interval_months, r.due_soon_days)),
  ];
}

/**
 * Workers in post who are due for a health check: the next check falls `intervalMonths` after the
 * last one (or the hire date) under the setting of the worker's unit. Each setting region is one
 * org-path range of `worker_headcount_idx`, which ends with `health_check_base` (the date counted
 * from), so it is read index-only: the date bounds there are a week wider than the exact test on
 * the due date that follows (month arithmetic clamps to the month's end). Page and total come
 * from one statement.
 */
export async function healthDueList(
  db: DbOrTx,
  auth: AuthContext,
  q: z.infer<typeof healthDueQuery>,
): Promise<HealthDuePage> {
  const unit = await unitPathInScope(db, auth, q.orgUnitId);
  const today = todayIso();
  // The first region is the subtree's own: the setting in force for the unit itself.
  const regions = await settingRegions(db, unit.path);
  const branches = regions.map((r) => {
    const months = sql`make_interval(months => ${r.intervalMonths})`;
    const due = sql`(w.health_check_base + ${months})::date`;
    const latest = sql`${today}::date + ${r.soonDays}::int`;
    const exact =
      q.state === 'overdue'
        ? sql`${due} < ${today}::date`
        : q.state === 'due_soon'
          ? sql`${due} >= ${today}::date and ${due} <= ${latest}`
          : sql`${due} <= ${latest}`;
    const upper = q.state === 'overdue' ? sql`${today}::date` : latest;
    const lower =
      q.state === 'due_soon'
        ? sql` and w.health_check_base >= (${today}::date - ${months})::date - 7`
        : sql``;
    const except = r.except.map((p) => sql` and w.org_path not like ${`${p}%`}`);
    return sql`
      select w.id, ${due} as due_date, ${r.soonDays}::int as soon_days
        from worker w
       where w.status in ('active', 'probation') and w.org_path like ${`${r.path}%`}${sql.join(except)}
         and w.health_check_base <= (${upper} - ${months})::date + 7${lower}
         and ${exact}`;
  });
  const due = sql.join(branches, sql` union all `);
  const { rows } = await db.execute<{
    id: number;
    name: string;
    unit_name: string;
    last_check: string | null;
    due_date: string;
    soon_days: number;
    total: number;
  }>(sql`
    with page as (
      select id, due_date, soon_days, count(*) over () as total
        from (${due}) x
       order by due_date, id
       limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}
    )
    select p.id, w.name, o.name as unit_name, ${d('w.last_health_check')} as last_check,
           ${d('p.due_date')} as due_date, p.soon_days, p.total::int as total
      from page p
      join worker w on w.id = p.id
      join org_unit o on o.id = w.org_unit_id
     order by p.due_date, p.id`);
  // A page past the end has no row to carry the total.
  const total =
    rows.length > 0
      ? Number(rows[0]?.total)
      : Number(
          (await db.execute<{ n: number }>(sql`select count(*)::int as n from (${due}) x`)).rows[0]
            ?.n ?? 0,
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
    total,
    intervalMonths: regions[0]?.intervalMonths ?? FALLBACK_SETTING.healthCheckIntervalMonths,
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
  // The due list counts from the latest check (worker.health_check_base follows).
  await tx.execute(sql`
    update worker set last_health_check = greatest(last_health_check, ${body.checkDate}::date)
     where id = ${w.id}`);
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

/**
 * Staff: a worker's care record in scope. With results and amounts visible, a response that
 * carries any of them is audited (one row per request); the worker's own record is not.
 */
export async function workerCare(
  db: DbOrTx,
  auth: AuthContext,
  ctx: AuditContext,
  workerId: number,
): Promise<WorkerCareView> {
  const w = await workerInScope(db, auth, workerId);
  const view = await careOf(db, workerId, sensitiveVisible(auth));
  const healthResults = view.healthChecks.filter((h) => h.conclusion !== null).length;
  const aidAmounts = view.records.filter((r) => r.amount !== null).length;
  if (auth.workerId !== workerId && healthResults + aidAmounts > 0) {
    await writeAudit(db, ctx, [
      {
        action: 'care.sensitive.view',
        entityType: 'worker',
        entityId: workerId,
        orgPath: w.orgPath,
        changes: { view: 'worker_care', healthResults, aidAmounts },
      },
    ]);
  }
  return view;
}

/** The caller's own care record: the worker always sees their own results and amounts. */
export async function myCare(db: DbOrTx, auth: AuthContext): Promise<WorkerCareView> {
  if (auth.workerId === null) throw new AppError('NOT_FOUND', undefined, '当前账号未关联人员档案');
  return careOf(db, auth.workerId, true);
}
