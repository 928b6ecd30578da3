/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) in UTC, so the server's time zone never shifts a
 * day. Used for contract terms, reminders and years of service.
 */
import { RuleEngineError } from './errors';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(iso: string): [number, number, number] {
  const m = ISO_DATE.exec(iso);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== iso) {
    throw new RuleEngineError('INVALID_INPUT', `日期“${iso}”无效，应为 YYYY-MM-DD`);
  }
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

function format(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = parts(iso);
  return format(new Date(Date.UTC(y, m - 1, d + days)));
}

/** Adds whole months; a day that does not exist in the target month becomes its last day. */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = parts(iso);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}

/** Whole years from `from` to `to` (an anniversary on 29 February falls on 28 February). */
export function completedYears(from: string, to: string): number {
  const [fromYear] = parts(from);
  const [toYear] = parts(to);
  let years = toYear - fromYear;
  if (years > 0 && addMonths(from, years * 12) > to) years--;
  return Math.max(0, years);
}
