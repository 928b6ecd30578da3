// Source data a cycle reads besides the raters' scores: resident satisfaction (survey module) and
// unexcused absence. Absence comes from the attendance module's figures (the same count as the
// monthly summary) for workers whose community records check-ins in the period; elsewhere from the
// value entered for the cycle (screen or .xlsx). An entered value also corrects the attendance
// figure. A worker with no figure at all is never vetoed for absence.
import { addDays } from '@cwp/core';
import { and, eq, sql } from 'drizzle-orm';
import { inTurn, type DbOrTx } from '../../db/client';
import { assessmentCycleInput } from '../../db/schema-assessment-cycles';
import { periodAttendance } from '../attendance/summary';
import { satisfactionByWorker } from '../surveys/results';

export interface SatisfactionFigure {
  satisfactionPct: number | null;
  /** False when the survey's minimum-sample rules were not met: the figure does not count. */
  valid: boolean;
}

export interface CyclePeriodQuery {
  year: number;
  /** First and last day of the cycle's period. */
  from: string;
  to: string;
  orgPath: string;
  /** Only these workers of the subtree (a page of the inputs tab); all when absent. */
  workerIds?: readonly number[];
}

export interface CycleSourceProviders {
  satisfaction(
    db: DbOrTx,
    q: { year: number; orgPath: string; workerIds?: readonly number[] },
  ): Promise<Map<number, SatisfactionFigure>>;
  /** Unexcused absence days of the workers whose unit records attendance (others absent). */
  absence(db: DbOrTx, q: CyclePeriodQuery): Promise<Map<number, number>>;
}

/** Days of a cycle period: annual, q1..q4 or m01..m12 of `year`. */
export function periodRange(year: number, period: string): { from: string; to: string } {
  const month = (m: number) => `${year}-${String(m).padStart(2, '0')}-01`;
  if (period.startsWith('q')) {
    const q = Number(period.slice(1));
    const next = q === 4 ? `${year + 1}-01-01` : month(q * 3 + 1);
    return { from: month(q * 3 - 2), to: addDays(next, -1) };
  }
  if (period.startsWith('m')) {
    const m = Number(period.slice(1));
    const next = m === 12 ? `${year + 1}-01-01` : month(m + 1);
    return { from: month(m), to: addDays(next, -1) };
  }
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * Absence from attendance, only for workers of units that record check-ins: a unit counts as
 * using attendance when any of its workers checked in during the period (otherwise every working
 * day would look like unexcused absence).
 */
export async function attendanceAbsence(
  db: DbOrTx,
  q: CyclePeriodQuery,
): Promise<Map<number, number>> {
  const { rows } = await db.execute<{ org_unit_id: number }>(sql`
    select distinct w.org_unit_id
      from attendance_check_in c join worker w on w.id = c.worker_id
     where c.org_path like ${`${q.orgPath}%`} and c.day between ${q.from}::date and ${q.to}::date
       ${q.workerIds ? sql`and w.org_unit_id in (select org_unit_id from worker where id = any(${sql.param(q.workerIds)}::bigint[]))` : sql``}`);
  const units = new Set(rows.map((r) => Number(r.org_unit_id)));
  const out = new Map<number, number>();
  if (units.size === 0) return out;
  const figures = await periodAttendance(db, {
    from: q.from,
    to: q.to,
    orgPath: q.orgPath,
    ...(q.workerIds ? { workerIds: q.workerIds } : {}),
  });
  for (const [id, f] of figures) {
    if (units.has(f.orgUnitId)) out.set(id, f.unexcusedAbsenceDays);
  }
  return out;
}

export const defaultProviders: CycleSourceProviders = {
  satisfaction: (db, q) => satisfactionByWorker(db, q),
  absence: attendanceAbsence,
};

export const ABSENCE_SOURCES = ['attendance', 'entered'] as const;
export type AbsenceSource = (typeof ABSENCE_SOURCES)[number];
export const ABSENCE_SOURCE_ZH: Readonly<Record<AbsenceSource, string>> = {
  attendance: '考勤月度汇总',
  entered: '本期录入',
};

export const SATISFACTION_SOURCE_ZH: Readonly<Record<'survey' | 'entered', string>> = {
  survey: '满意度测评',
  entered: '本期录入',
};

export interface WorkerSourceData {
  satisfactionPct: number | null;
  satisfactionSource: 'survey' | 'entered' | null;
  absenceDays: number | null;
  absenceSource: AbsenceSource | null;
}

/**
 * Satisfaction and absence per worker of the cycle: entered values, else the modules' figures.
 * With `workerIds` (a page of the inputs tab) only those workers are read, so a page costs the
 * same in a cycle of 100 workers as in one of 100,000.
 */
export async function loadSourceData(
  db: DbOrTx,
  providers: CycleSourceProviders,
  cycle: { id: number; year: number; period: string; orgPath: string },
  workerIds?: readonly number[],
): Promise<Map<number, WorkerSourceData>> {
  const range = periodRange(cycle.year, cycle.period);
  const only = workerIds ? { workerIds } : {};
  const [sat, abs, entered] = await inTurn(
    db,
    () => providers.satisfaction(db, { year: cycle.year, orgPath: cycle.orgPath, ...only }),
    () => providers.absence(db, { year: cycle.year, ...range, orgPath: cycle.orgPath, ...only }),
    () =>
      db
        .select({
          workerId: assessmentCycleInput.workerId,
          satisfactionPct: assessmentCycleInput.satisfactionPct,
          absenceDays: assessmentCycleInput.absenceDays,
        })
        .from(assessmentCycleInput)
        .where(
          and(
            eq(assessmentCycleInput.cycleId, cycle.id),
            workerIds
              ? sql`${assessmentCycleInput.workerId} = any(${sql.param(workerIds)}::bigint[])`
              : undefined,
          ),
        ),
  );
  const out = new Map<number, WorkerSourceData>();
  const get = (id: number) => {
    let d = out.get(id);
    if (!d) {
      d = {
        satisfactionPct: null,
        satisfactionSource: null,
        absenceDays: null,
        absenceSource: null,
      };
      out.set(id, d);
    }
    return d;
  };
  for (const [id, f] of sat) {
    if (!f.valid || f.satisfactionPct === null) continue;
    const d = get(id);
    d.satisfactionPct = f.satisfactionPct;
    d.satisfactionSource = 'survey';
  }
  for (const [id, days] of abs) {
    const d = get(id);
    d.absenceDays = days;
    d.absenceSource = 'attendance';
  }
  for (const e of entered) {
    const d = get(e.workerId);
    if (e.satisfactionPct !== null) {
      d.satisfactionPct = e.satisfactionPct;
      d.satisfactionSource = 'entered';
    }
    if (e.absenceDays !== null) {
      d.absenceDays = e.absenceDays;
      d.absenceSource = 'entered';
    }
  }
  return out;
}
