// Daily work (日常管理): check-ins (self only, once a day), duty rosters, work logs, leave requests
// with approval and balances from the region's quotas, and the holiday calendar. Every change is
// audited; every read is limited to the caller's subtree (404 outside it).
import {
  LEAVE_TYPES,
  type CheckInBody,
  type CheckInView,
  type CreateDutyBody,
  type CreateLeaveBody,
  type CreateWorkLogBody,
  type DecideLeaveBody,
  type DutyEntryView,
  type HolidayView,
  type LeaveBalanceView,
  type LeaveQuotaView,
  type LeaveType,
  type LeaveView,
  type MyAttendanceView,
  type PutLeaveQuotaBody,
  type WorkLogView,
} from '@cwp/contracts';
import { daysBetween, isWorkingDay, monthBounds, type CalendarDayKind } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { ownWorker, scopedUnit, scopedWorker, iso, isoTs, workdayToday } from './scope';
import { loadCalendar } from './summary';

const LEAVE_ZH: Record<LeaveType, string> = {
  annual: '年休假',
  sick: '病假',
  personal: '事假',
  marriage: '婚假',
  maternity: '产假',
  bereavement: '丧假',
  other: '其他假',
};

// ---- check-in ----------------------------------------------------------------------------------

interface CheckInRow extends Record<string, unknown> {
  id: number;
  worker_id: number;
  day: string;
  checked_at: Date;
  location_note: string | null;
}
const presentCheckIn = (r: CheckInRow): CheckInView => ({
  id: r.id,
  workerId: r.worker_id,
  day: r.day,
  checkedAt: isoTs(r.checked_at),
  locationNote: r.location_note,
});

export async function checkIn(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CheckInBody,
): Promise<CheckInView> {
  if (body.workerId !== undefined && body.workerId !== auth.workerId)
    throw new AppError('FORBIDDEN', undefined, '只能为本人打卡，不能替他人打卡');
  return db.transaction(async (tx) => {
    const w = await ownWorker(tx, auth);
    const day = workdayToday();
    const { rows } = await tx.execute<CheckInRow>(sql`
      insert into attendance_check_in (worker_id, org_path, day, location_note, user_id)
      values (${w.id}, ${w.orgPath}, ${day}, ${body.locationNote ?? null}, ${auth.userId})
      on conflict (worker_id, day) do nothing
      returning id, worker_id, day::text as day, checked_at, location_note`);
    const row = rows[0];
    if (!row) throw new AppError('DUPLICATE', undefined, `今天（${day}）已经打过卡了`);
    await writeAudit(tx, ctx, [
      {
        action: 'attendance.check_in',
        entityType: 'attendance_check_in',
        entityId: row.id,
        orgPath: w.orgPath,
        changes: { workerId: w.id, day, locationNote: body.locationNote ?? null },
      },
    ]);
    return presentCheckIn(row);
  });
}

export async function myAttendance(db: Db, auth: AuthContext): Promise<MyAttendanceView> {
  const w = await ownWorker(db, auth);
  const today = workdayToday();
  const recent = (
    await db.execute<CheckInRow>(sql`
      select id, worker_id, day::text as day, checked_at, location_note from attendance_check_in
       where worker_id = ${w.id} order by day desc limit 31`)
  ).rows.map(presentCheckIn);
  const duty = (
    await db.execute<{ day: string; org_unit_name: string }>(sql`
      select d.day::text as day, u.name as org_unit_name from duty_roster d
        join org_unit u on u.id = d.org_unit_id
       where d.worker_id = ${w.id} and d.day >= ${today} order by d.day limit 31`)
  ).rows.map((r) => ({ day: r.day, orgUnitName: r.org_unit_name }));
  return {
    workerId: w.id,
    workerName: w.name,
    today,
    todayCheckIn: recent.find((r) => r.day === today) ?? null,
    recent,
    balances: await leaveBalances(db, w, Number(today.slice(0, 4))),
    leaves: await leavesOf(db, sql`l.worker_id = ${w.id}`, undefined, 50),
    duty,
  };
}

// ---- duty roster -------------------------------------------------------------------------------

export async function dutyRoster(
  db: Db,
  auth: AuthContext,
  q: { orgUnitId: number; month: string },
): Promise<DutyEntryView[]> {
  const u = await scopedUnit(db, auth, q.orgUnitId);
  const { from, to } = monthBounds(q.month);
  const { rows } = await db.execute<{
    id: number;
    org_unit_id: number;
    day: string;
    worker_id: number;
    worker_name: string;
    note: string | null;
  }>(sql`
    select d.id, d.org_unit_id, d.day::text as day, d.worker_id, w.name as worker_name, d.note
      from duty_roster d join worker w on w.id = d.worker_id
     where d.org_unit_id = ${u.id} and d.day between ${from} and ${to}
     order by d.day, w.name, d.id`);
  return rows.map((r) => ({
    id: r.id,
    orgUnitId: r.org_unit_id,
    day: r.day,
    workerId: r.worker_id,
    workerName: r.worker_name,
    note: r.note,
  }));
}

export async function addDuty(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateDutyBody,
): Promise<DutyEntryView[]> {
  await db.transaction(async (tx) => {
    const u = await scopedUnit(tx, auth, body.orgUnitId);
    const w = await scopedWorker(tx, auth, body.workerId).catch(() => {
      throw fieldError('workerId', '值班人员不存在或无权访问');
    });
    if (!w.orgPath.startsWith(u.path))
      throw fieldError('workerId', `${w.name}不属于${u.name}，不能排入该社区值班`);
    if (w.status === 'exited') throw fieldError('workerId', `${w.name}已退出，不能排班`);
    const { rows } = await tx.execute<{ id: number }>(sql`
      insert into duty_roster (org_unit_id, org_path, day, worker_id, note, created_by)
      values (${u.id}, ${u.path}, ${body.day}, ${w.id}, ${body.note ?? null}, ${auth.userId})
      on conflict do nothing returning id`);
    if (!rows[0]) throw new AppError('DUPLICATE', undefined, `${w.name}在 ${body.day} 已排班`);
    await writeAudit(tx, ctx, [
      {
        action: 'duty_roster.create',
        entityType: 'duty_roster',
        entityId: rows[0].id,
        orgPath: u.path,
        changes: { ...body },
      },
    ]);
  });
  return dutyRoster(db, auth, { orgUnitId: body.orgUnitId, month: body.day.slice(0, 7) });
}

export async function removeDuty(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ org_path: string; day: string; worker_id: number }>(sql`
      delete from duty_roster where id = ${id} and org_path like ${`${auth.orgPath}%`}
      returning org_path, day::text as day, worker_id`);
    const r = rows[0];
    if (!r) throw notFound();
    await writeAudit(tx, ctx, [
      {
        action: 'duty_roster.delete',
        entityType: 'duty_roster',
        entityId: id,
        orgPath: r.org_path,
        changes: { day: r.day, workerId: r.worker_id },
      },
    ]);
  });
}

// ---- work logs ---------------------------------------------------------------------------------

interface WorkLogRow extends Record<string, unknown> {
  id: number;
  worker_id: number;
  worker_name: string;
  org_unit_name: string;
  day: string;
  category: WorkLogView['category'];
  content: string;
  version: number;
  created_at: Date;
}
const presentLog = (r: WorkLogRow): WorkLogView => ({
  id: r.id,
  workerId: r.worker_id,
  workerName: r.worker_name,
  orgUnitName: r.org_unit_name,
  day: r.day,
  category: r.category,
  content: r.content,
  version: r.version,
  createdAt: isoTs(r.created_at),
});

export async function addWorkLog(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateWorkLogBody,
): Promise<WorkLogView> {
  const today = workdayToday();
  const day = body.day ?? today;
  if (day > today) throw fieldError('day', '日志日期不能晚于今天');
  const id = await db.transaction(async (tx) => {
    const w = await ownWorker(tx, auth);
    const { rows } = await tx.execute<{ id: number }>(sql`
      insert into work_log (worker_id, org_path, day, category, content, created_by)
      values (${w.id}, ${w.orgPath}, ${day}, ${body.category}, ${body.content}, ${auth.userId})
      returning id`);
    const logId = rows[0]!.id;
    await writeAudit(tx, ctx, [
      {
        action: 'work_log.create',
        entityType: 'work_log',
        entityId: logId,
        orgPath: w.orgPath,
        changes: { workerId: w.id, day, category: body.category },
      },
    ]);
    return logId;
  });
  const page = await workLogs(db, sql`l.id = ${id}`, undefined, 1);
  return page.items[0]!;
}

async function workLogs(
  db: DbOrTx,
  where: ReturnType<typeof sql>,
  before: number | undefined,
  pageSize: number,
): Promise<{ items: WorkLogView[]; nextCursor: number | null }> {
  const { rows } = await db.execute<WorkLogRow>(sql`
    select l.id, l.worker_id, w.name as worker_name, u.name as org_unit_name, l.day::text as day,
           l.category, l.content, l.version, l.created_at
      from work_log l join worker w on w.id = l.worker_id join org_unit u on u.id = w.org_unit_id
     where ${where}${before ? sql` and l.id < ${before}` : sql``}
     order by l.id desc limit ${pageSize + 1}`);
  const items = rows.slice(0, pageSize).map(presentLog);
  return {
    items,
    nextCursor: rows.length > pageSize ? (items[items.length - 1]?.id ?? null) : null,
  };
}

export async function listWorkLogs(
  db: Db,
  auth: AuthContext,
  q: {
    orgUnitId?: number | undefined;
    workerId?: number | undefined;
    category?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    q?: string | undefined;
    before?: number | undefined;
    pageSize: number;
  },
) {
  const u = await scopedUnit(db, auth, q.orgUnitId);
  const parts = [sql`l.org_path like ${`${u.path}%`}`];
  if (q.workerId) parts.push(sql`l.worker_id = ${q.workerId}`);
  if (q.category) parts.push(sql`l.category = ${q.category}`);
  if (q.from) parts.push(sql`l.day >= ${q.from}`);
  if (q.to) parts.push(sql`l.day <= ${q.to}`);
  if (q.q) parts.push(sql`l.content ilike ${`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  return workLogs(db, sql.join(parts, sql` and `), q.before, q.pageSize);
}

export async function myWorkLogs(
  db: Db,
  auth: AuthContext,
  q: { before?: number | undefined; pageSize: number },
) {
  const w = await ownWorker(db, auth);
  return workLogs(db, sql`l.worker_id = ${w.id}`, q.before, q.pageSize);
}

// ---- leave -------------------------------------------------------------------------------------

interface LeaveRow extends Record<string, unknown> {
  id: number;
  worker_id: number;
  worker_name: string;
  org_unit_name: string;
  leave_type: LeaveType;
  start_date: string;
  end_date: string;
  days: number;
  reason: string | null;
  status: LeaveView['status'];
  decision_note: string | null;
  decided_at: Date | null;
  version: number;
  created_at: Date;
}
const presentLeave = (r: LeaveRow): LeaveView => ({
  id: r.id,
  workerId: r.worker_id,
  workerName: r.worker_name,
  orgUnitName: r.org_unit_name,
  leaveType: r.leave_type,
  startDate: r.start_date,
  endDate: r.end_date,
  days: r.days,
  reason: r.reason,
  status: r.status,
  decisionNote: r.decision_note,
  decidedAt: iso(r.decided_at),
  version: r.version,
  createdAt: isoTs(r.created_at),
});

async function leavesOf(
  db: DbOrTx,
  where: ReturnType<typeof sql>,
  before: number | undefined,
  pageSize: number,
): Promise<LeaveView[]> {
  const { rows } = await db.execute<LeaveRow>(sql`
    select l.id, l.worker_id, w.name as worker_name, u.name as org_unit_name, l.leave_type,
           l.start_date::text as start_date, l.end_date::text as end_date, l.days, l.reason,
           l.status, l.decision_note, l.decided_at, l.version, l.created_at
      from leave_request l join worker w on w.id = l.worker_id join org_unit u on u.id = w.org_unit_id
     where ${where}${before ? sql` and l.id < ${before}` : sql``}
     order by l.id desc limit ${pageSize}`);
  return rows.map(presentLeave);
}

export async function listLeaves(
  db: Db,
  auth: AuthContext,
  q: {
    orgUnitId?: number | undefined;
    status?: string | undefined;
    before?: number | undefined;
    pageSize: number;
  },
) {
  const u = await scopedUnit(db, auth, q.orgUnitId);
  const parts = [sql`w.org_path like ${`${u.path}%`}`];
  if (q.status) parts.push(sql`l.status = ${q.status}`);
  const items = await leavesOf(db, sql.join(parts, sql` and `), q.before, q.pageSize + 1);
  const page = items.slice(0, q.pageSize);
  return {
    items: page,
    nextCursor: items.length > q.pageSize ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** Yearly quota per leave type for a worker: the nearest unit at or above the worker with one. */
async function quotasFor(db: DbOrTx, orgPath: string): Promise<Map<LeaveType, number>> {
  const { rows } = await db.execute<{ leave_type: LeaveType; days: number }>(sql`
    select distinct on (leave_type) leave_type, days_per_year::float8 as days
      from leave_quota where ${orgPath} like org_path || '%'
     order by leave_type, length(org_path) desc`);
  return new Map(rows.map((r) => [r.leave_type, Number(r.days)]));
}

export async function leaveBalances(
  db: DbOrTx,
  w: { id: number; orgPath: string },
  year: number,
): Promise<LeaveBalanceView[]> {
  const quotas = await quotasFor(db, w.orgPath);
  const { rows } = await db.execute<{ leave_type: LeaveType; status: string; days: number }>(sql`
    select leave_type, status, sum(days)::int as days from leave_request
     where worker_id = ${w.id} and status in ('pending', 'approved')
       and start_date between ${`${year}-01-01`} and ${`${year}-12-31`}
     group by leave_type, status`);
  return LEAVE_TYPES.map((t) => {
    const used = rows.find((r) => r.leave_type === t && r.status === 'approved')?.days ?? 0;
    const pending = rows.find((r) => r.leave_type === t && r.status === 'pending')?.days ?? 0;
    const quota = quotas.get(t) ?? null;
    return {
      leaveType: t,
      quota,
      used,
      pending,
      remaining: quota === null ? null : quota - used - pending,
    };
  });
}

/** Working days between two days under the holiday calendar. */
async function workingDaysIn(db: DbOrTx, from: string, to: string): Promise<number> {
  const cal: Map<string, CalendarDayKind> = await loadCalendar(db, from, to);
  return daysBetween(from, to).filter((d) => isWorkingDay(d, cal)).length;
}

export async function requestLeave(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateLeaveBody,
): Promise<LeaveView> {
  if (body.endDate < body.startDate) throw fieldError('endDate', '结束日期不能早于开始日期');
  if (body.endDate.slice(0, 4) !== body.startDate.slice(0, 4))
    throw fieldError('endDate', '请假不能跨年，请按年度分开申请');
  const id = await db.transaction(async (tx) => {
    // The worker row lock serialises one worker's requests, so two at once cannot overdraw.
    const w = await ownWorker(tx, auth, true);
    const days = await workingDaysIn(tx, body.startDate, body.endDate);
    if (days === 0) throw fieldError('startDate', '所选日期均为休息日或节假日，无需请假');
    const { rows: overlap } = await tx.execute<{ id: number }>(sql`
      select id from leave_request where worker_id = ${w.id} and status in ('pending', 'approved')
         and start_date <= ${body.endDate} and end_date >= ${body.startDate} limit 1`);
    if (overlap[0]) throw fieldError('startDate', '与已提交的请假时间重叠');
    const balance = (await leaveBalances(tx, w, Number(body.startDate.slice(0, 4)))).find(
      (b) => b.leaveType === body.leaveType,
    );
    if (balance?.remaining != null && days > balance.remaining)
      throw fieldError(
        'endDate',
        `${LEAVE_ZH[body.leaveType]}余额不足：本年剩余 ${balance.remaining} 天，本次需 ${days} 天`,
      );
    const { rows } = await tx.execute<{ id: number }>(sql`
      insert into leave_request (worker_id, org_path, leave_type, start_date, end_date, days, reason, created_by)
      values (${w.id}, ${w.orgPath}, ${body.leaveType}, ${body.startDate}, ${body.endDate}, ${days},
              ${body.reason ?? null}, ${auth.userId})
      returning id`);
    const leaveId = rows[0]!.id;
    await writeAudit(tx, ctx, [
      {
        action: 'leave.request',
        entityType: 'leave_request',
        entityId: leaveId,
        orgPath: w.orgPath,
        changes: { workerId: w.id, ...body, days },
      },
    ]);
    return leaveId;
  });
  return (await leavesOf(db, sql`l.id = ${id}`, undefined, 1))[0]!;
}

async function lockLeave(tx: DbOrTx, id: number) {
  const { rows } = await tx.execute<{
    id: number;
    worker_id: number;
    org_path: string;
    status: string;
    version: number;
  }>(sql`
    select l.id, l.worker_id, w.org_path, l.status, l.version
      from leave_request l join worker w on w.id = l.worker_id
     where l.id = ${id} for update of l`);
  return rows[0];
}

export async function decideLeave(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: DecideLeaveBody,
): Promise<LeaveView> {
  await db.transaction(async (tx) => {
    const l = await lockLeave(tx, id);
    if (!l || !inScope(auth, l.org_path)) throw notFound();
    if (l.version !== body.version) throw new AppError('CONFLICT');
    if (l.worker_id === auth.workerId)
      throw new AppError('FORBIDDEN', undefined, '不能审批本人的请假申请');
    if (l.status !== 'pending') throw fieldError('decision', '该请假申请已处理，不能重复审批');
    const status = body.decision === 'approve' ? 'approved' : 'rejected';
    await tx.execute(sql`
      update leave_request set status = ${status}, decided_by = ${auth.userId}, decided_at = now(),
             decision_note = ${body.note ?? null}, version = version + 1, updated_at = now()
       where id = ${id}`);
    await writeAudit(tx, ctx, [
      {
        action: `leave.${body.decision}`,
        entityType: 'leave_request',
        entityId: id,
        orgPath: l.org_path,
        changes: { status: { from: l.status, to: status }, note: body.note ?? null },
      },
    ]);
  });
  return (await leavesOf(db, sql`l.id = ${id}`, undefined, 1))[0]!;
}

export async function cancelLeave(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
): Promise<LeaveView> {
  await db.transaction(async (tx) => {
    const l = await lockLeave(tx, id);
    if (!l || l.worker_id !== auth.workerId) throw notFound();
    if (l.version !== version) throw new AppError('CONFLICT');
    if (l.status !== 'pending') throw fieldError('version', '只能撤回待审批的请假申请');
    await tx.execute(sql`
      update leave_request set status = 'cancelled', version = version + 1, updated_at = now()
       where id = ${id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'leave.cancel',
        entityType: 'leave_request',
        entityId: id,
        orgPath: l.org_path,
        changes: { status: { from: l.status, to: 'cancelled' } },
      },
    ]);
  });
  return (await leavesOf(db, sql`l.id = ${id}`, undefined, 1))[0]!;
}

// ---- leave quotas ------------------------------------------------------------------------------

export async function listQuotas(
  db: Db,
  auth: AuthContext,
  orgUnitId: number | undefined,
): Promise<LeaveQuotaView[]> {
  const u = await scopedUnit(db, auth, orgUnitId);
  // The quotas set at this unit, above it (inherited) and below it.
  const { rows } = await db.execute<{
    id: number;
    org_unit_id: number;
    org_unit_name: string;
    leave_type: LeaveType;
    days: number;
    version: number;
  }>(sql`
    select q.id, q.org_unit_id, o.name as org_unit_name, q.leave_type,
           q.days_per_year::float8 as days, q.version
      from leave_quota q join org_unit o on o.id = q.org_unit_id
     where q.org_path like ${`${u.path}%`} or ${u.path} like q.org_path || '%'
     order by length(q.org_path), q.org_path, q.leave_type`);
  return rows.map((r) => ({
    id: r.id,
    orgUnitId: r.org_unit_id,
    orgUnitName: r.org_unit_name,
    leaveType: r.leave_type,
    daysPerYear: Number(r.days),
    version: r.version,
  }));
}

export async function putQuota(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: PutLeaveQuotaBody,
): Promise<LeaveQuotaView[]> {
  await db.transaction(async (tx) => {
    const u = await scopedUnit(tx, auth, body.orgUnitId);
    const { rows } = await tx.execute<{ id: number; days: number; version: number }>(sql`
      select id, days_per_year::float8 as days, version from leave_quota
       where org_unit_id = ${u.id} and leave_type = ${body.leaveType} for update`);
    const old = rows[0];
    if (old) {
      if (body.version !== undefined && body.version !== old.version)
        throw new AppError('CONFLICT');
      await tx.execute(sql`
        update leave_quota set days_per_year = ${body.daysPerYear}, version = version + 1,
               updated_at = now() where id = ${old.id}`);
    } else {
      await tx.execute(sql`
        insert into leave_quota (org_unit_id, org_path, leave_type, days_per_year)
        values (${u.id}, ${u.path}, ${body.leaveType}, ${body.daysPerYear})`);
    }
    await writeAudit(tx, ctx, [
      {
        action: 'leave_quota.put',
        entityType: 'leave_quota',
        entityId: old?.id ?? null,
        orgPath: u.path,
        changes: {
          orgUnitId: u.id,
          leaveType: body.leaveType,
          daysPerYear: { from: old ? Number(old.days) : null, to: body.daysPerYear },
        },
      },
    ]);
  });
  return listQuotas(db, auth, body.orgUnitId);
}

// ---- holiday calendar --------------------------------------------------------------------------

export async function listHolidays(db: Db, year: number): Promise<HolidayView[]> {
  const { rows } = await db.execute<HolidayView>(sql`
    select day::text as day, kind, name from holiday_calendar
     where day between ${`${year}-01-01`} and ${`${year}-12-31`} order by day`);
  return rows;
}

/** The calendar is one for the whole deployment: only a user at the top of the tree edits it. */
function assertCalendarEditor(auth: AuthContext): void {
  if (auth.orgPath.split('.').filter(Boolean).length > 1)
    throw new AppError('FORBIDDEN', undefined, '节假日日历由最高一级单位的管理员维护');
}

export async function putHoliday(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: HolidayView,
): Promise<HolidayView[]> {
  assertCalendarEditor(auth);
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into holiday_calendar (day, kind, name) values (${body.day}, ${body.kind}, ${body.name})
      on conflict (day) do update set kind = excluded.kind, name = excluded.name, updated_at = now()`);
    await writeAudit(tx, ctx, [
      { action: 'holiday.put', entityType: 'holiday_calendar', entityId: body.day, changes: body },
    ]);
  });
  return listHolidays(db, Number(body.day.slice(0, 4)));
}

export async function deleteHoliday(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  day: string,
): Promise<void> {
  assertCalendarEditor(auth);
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute(
      sql`delete from holiday_calendar where day = ${day} returning day`,
    );
    if (rows.length === 0) throw notFound();
    await writeAudit(tx, ctx, [
      { action: 'holiday.delete', entityType: 'holiday_calendar', entityId: day },
    ]);
  });
}
