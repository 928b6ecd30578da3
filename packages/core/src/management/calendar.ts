/**
 * Working days (工作日) for attendance: Monday to Friday, minus the holidays of the calendar, plus
 * the weekend days the calendar marks as worked (调休). Dates are ISO (YYYY-MM-DD) in UTC.
 */
import { addDays } from '../career/dates';

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarOverrides {
  /** ISO day -> holiday (a weekday off) or workday (a weekend day worked). */
  get(day: string): CalendarDayKind | undefined;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isWorkingDay(day: string, overrides?: CalendarOverrides): boolean {
  const kind = overrides?.get(day);
  if (kind === 'holiday') return false;
  if (kind === 'workday') return true;
  return isoWeekday(day) <= 5;
}

/** Every day from `from` to `to` inclusive (empty when from > to). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** The working days from `from` to `to` inclusive. */
export function workingDays(from: string, to: string, overrides?: CalendarOverrides): string[] {
  return daysBetween(from, to).filter((d) => isWorkingDay(d, overrides));
}

/** First and last day of a month given as YYYY-MM. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

export interface AttendanceDayFacts {
  /** Days checked in. */
  present: ReadonlySet<string>;
  /** Days covered by approved leave. */
  leave: ReadonlySet<string>;
  /** Days on the duty roster. */
  duty: ReadonlySet<string>;
}

export interface AttendanceFigures {
  workingDays: number;
  daysPresent: number;
  leaveDays: number;
  dutyDays: number;
  unexcusedAbsenceDays: number;
}

/**
 * Monthly (or any period's) figures for one worker over the working days given (already limited
 * to the worker's employment and to days that have passed). Present = checked in on any day (a
 * weekend duty counts too); leave = working days on approved leave without a check-in;
 * unexcused absence = working days with neither a check-in nor leave.
 */
export function attendanceFigures(
  working: readonly string[],
  facts: AttendanceDayFacts,
  period: { from: string; to: string },
): AttendanceFigures {
  let leaveDays = 0;
  let unexcused = 0;
  for (const d of working) {
    if (facts.present.has(d)) continue;
    if (facts.leave.has(d)) leaveDays++;
    else unexcused++;
  }
  const inPeriod = (d: string) => d >= period.from && d <= period.to;
  return {
    workingDays: working.length,
    daysPresent: [...facts.present].filter(inPeriod).length,
    leaveDays,
    dutyDays: [...facts.duty].filter(inPeriod).length,
    unexcusedAbsenceDays: unexcused,
  };
}
