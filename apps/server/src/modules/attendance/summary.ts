// Attendance figures (考勤汇总) per worker over a period: working days (weekends skipped, the
// holiday calendar applied), days present, approved leave, duty and unexcused absence. Only days
// inside the worker's employment (hire date .. exit date) and before today count. The assessment
// cycle reads unexcusedAbsenceDays for its veto rule.
import {
  addDays,
  daysBetween,
  isWorkingDay,
  type AttendanceFigures,
  type CalendarDayKind,
} from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { workdayToday } from './scope';

export interface WorkerAttendance extends AttendanceFigures {
  workerId: number;
  name: string;
  orgUnitId: number;
  orgUnitName: string;
}

/** Holiday-calendar overrides between two days. */
export async function loadCalendar(
  db: DbOrTx,
  from: string,
  to: string,
): Promise<Map<string, CalendarDayKind>> {
  const rows = await db.execute<{ day: string; kind: CalendarDayKind }>(
    sql`select day::text as day, kind from holiday_calendar where day between ${from} and ${to}`,
  );
  return new Map(rows.rows.map((r) => [r.day, r.kind]));
}

function lowerBound(sorted: readonly string[], v: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Figures for every worker in the subtree `orgPath` (or one worker) from `from` to `to`.
 * Counting is aggregated in SQL (check-ins and duty per worker), leave is expanded in memory
 * (few rows), so a year for a whole city stays one pass over the check-in index.
 */
export async function periodAttendance(
  db: DbOrTx,
  input: {
    from: string;
    to: string;
    orgPath: string;
    workerId?: number;
    /** Only these workers of the subtree (a page of a list). */
    workerIds?: readonly number[];
    asOf?: string;
  },
): Promise<Map<number, WorkerAttendance>> {
  const today = input.asOf ?? workdayToday();
  // Days that have passed: up to yesterday (today can still be checked in).
  const lastCounted = [input.to, addDays(today, -1)].sort()[0]!;
  const calendar = await loadCalendar(db, input.from, input.to);
  const allWorking =
    lastCounted < input.from
      ? []
      : daysBetween(input.from, lastCounted).filter((d) => isWorkingDay(d, calendar));
  const prefix = `${input.orgPath}%`;
  const oneWorker =
    input.workerId != null
      ? sql` and w.id = ${input.workerId}`
      : input.workerIds
        ? sql` and w.id = any(${sql.param(input.workerIds)}::bigint[])`
        : sql``;

  const workers = (
    await db.execute<{
      id: number;
      name: string;
      org_unit_id: number;
      org_unit_name: string;
      hire_date: string;
      exit_date: string | null;
    }>(sql`
      select w.id, w.name, w.org_unit_id, u.name as org_unit_name, w.hire_date::text as hire_date,
        (select max(e.exit_date)::text from worker_exit e
          where e.worker_id = w.id and e.status = 'approved' and e.rehired_at is null) as exit_date
      from worker w join org_unit u on u.id = w.org_unit_id
      where w.org_path like ${prefix} and w.hire_date <= ${input.to}${oneWorker}
        and (w.status <> 'exited' or exists (select 1 from worker_exit e where e.worker_id = w.id
          and e.status = 'approved' and e.exit_date >= ${input.from}))
      order by w.org_path, w.id`)
  ).rows;
  if (workers.length === 0) return new Map();

  const workingArr = allWorking.length === 0 ? '{}' : `{${allWorking.join(',')}}`;
  const checkIns = (
    await db.execute<{ worker_id: number; present: number; present_working: number }>(sql`
      select c.worker_id, count(*)::int as present,
        count(*) filter (where c.day = any(${workingArr}::date[]))::int as present_working
      from attendance_check_in c join worker w on w.id = c.worker_id
      where w.org_path like ${prefix} and c.day between ${input.from} and ${lastCounted}${oneWorker}
      group by c.worker_id`)
  ).rows;
  const duty = (
    await db.execute<{ worker_id: number; n: number }>(sql`
      select d.worker_id, count(*)::int as n
      from duty_roster d join worker w on w.id = d.worker_id
      where w.org_path like ${prefix} and d.day between ${input.from} and ${lastCounted}${oneWorker}
      group by d.worker_id`)
  ).rows;
  const leaves = (
    await db.execute<{ worker_id: number; start_date: string; end_date: string }>(sql`
      select l.worker_id, l.start_date::text as start_date, l.end_date::text as end_date
      from leave_request l join worker w on w.id = l.worker_id
      where w.org_path like ${prefix} and l.status = 'approved'
        and l.start_date <= ${lastCounted} and l.end_date >= ${input.from}${oneWorker}`)
  ).rows;
  // Check-in days of workers on leave, so a day both on leave and checked in counts as present.
  const leaveWorkers = [...new Set(leaves.map((l) => l.worker_id))];
  const leaveCheckIns = new Set<string>();
  if (leaveWorkers.length > 0) {
    const rows = await db.execute<{ worker_id: number; day: string }>(sql`
      select worker_id, day::text as day from attendance_check_in
      where worker_id = any(${sql.param(leaveWorkers)}::bigint[])
        and day between ${input.from} and ${lastCounted}`);
    for (const r of rows.rows) leaveCheckIns.add(`${r.worker_id}:${r.day}`);
  }
  const leaveDays = new Map<number, Set<string>>();
  for (const l of leaves) {
    const set = leaveDays.get(l.worker_id) ?? new Set<string>();
    const from = l.start_date > input.from ? l.start_date : input.from;
    const to = l.end_date < lastCounted ? l.end_date : lastCounted;
    for (const d of daysBetween(from, to)) {
      if (isWorkingDay(d, calendar) && !leaveCheckIns.has(`${l.worker_id}:${d}`)) set.add(d);
    }
    leaveDays.set(l.worker_id, set);
  }
  const presentBy = new Map(checkIns.map((r) => [r.worker_id, r]));
  const dutyBy = new Map(duty.map((r) => [r.worker_id, r.n]));

  const out = new Map<number, WorkerAttendance>();
  for (const w of workers) {
    const start = w.hire_date > input.from ? w.hire_date : input.from;
    const end = w.exit_date && w.exit_date < lastCounted ? w.exit_date : lastCounted;
    const lo = lowerBound(allWorking, start);
    const hi = lowerBound(allWorking, addDays(end, 1));
    const working = Math.max(0, hi - lo);
    const p = presentBy.get(w.id);
    const presentWorking = p?.present_working ?? 0;
    let leave = 0;
    for (const d of leaveDays.get(w.id) ?? []) if (d >= start && d <= end) leave++;
    // Unexcused: the working days neither checked in nor on approved leave.
    const figures: AttendanceFigures = {
      workingDays: working,
      daysPresent: p?.present ?? 0,
      leaveDays: leave,
      dutyDays: dutyBy.get(w.id) ?? 0,
      unexcusedAbsenceDays: Math.max(0, working - presentWorking - leave),
    };
    out.set(w.id, {
      workerId: w.id,
      name: w.name,
      orgUnitId: w.org_unit_id,
      orgUnitName: w.org_unit_name,
      ...figures,
    });
  }
  return out;
}

/**
 * Days of unexcused absence in a year per worker of the subtree `orgPath` (workers without any
 * are included with 0). Days up to yesterday (or `asOf` − 1) count.
 */
export async function unexcusedAbsenceDays(
  db: DbOrTx,
  input: { year: number; orgPath: string; asOf?: string },
): Promise<Map<number, number>> {
  const figures = await periodAttendance(db, {
    from: `${input.year}-01-01`,
    to: `${input.year}-12-31`,
    orgPath: input.orgPath,
    ...(input.asOf ? { asOf: input.asOf } : {}),
  });
  return new Map([...figures].map(([id, f]) => [id, f.unexcusedAbsenceDays]));
}

/** The monthly summary of a unit's subtree, one row per worker employed in the month. */
export async function monthlySummary(
  db: DbOrTx,
  input: { month: string; orgPath: string; asOf?: string },
): Promise<{
  month: string;
  countedTo: string | null;
  rows: (AttendanceFigures & { workerId: number; name: string; orgUnitName: string })[];
}> {
  const from = `${input.month}-01`;
  const [y, m] = input.month.split('-').map(Number) as [number, number];
  const to = `${input.month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
  const today = input.asOf ?? workdayToday();
  const yesterday = addDays(today, -1);
  const figures = await periodAttendance(db, { from, to, orgPath: input.orgPath, asOf: today });
  return {
    month: input.month,
    countedTo: yesterday < from ? null : yesterday < to ? yesterday : to,
    rows: [...figures.values()].map((f) => ({
      workerId: f.workerId,
      name: f.name,
      orgUnitName: f.orgUnitName,
      workingDays: f.workingDays,
      daysPresent: f.daysPresent,
      leaveDays: f.leaveDays,
      dutyDays: f.dutyDays,
      unexcusedAbsenceDays: f.unexcusedAbsenceDays,
    })),
  };
}
