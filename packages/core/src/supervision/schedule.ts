// Disclosure schedules (公开时限) as data: a periodic schedule (each month, quarter, half-year or
// year, to be published within a grace period after the period ends) or an event-driven one
// (within N days after the event). Pure functions: periods, due dates and overdue detection.
import { addDays } from '../career/dates';

export const DISCLOSURE_KINDS = ['party', 'affairs', 'finance'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

export type DisclosureScheduleRule =
  | { type: 'periodic'; period: 'month' | 'quarter' | 'half' | 'year'; graceDays: number }
  | { type: 'event'; withinDays: number };

export interface Period {
  /** e.g. 2026-Q3, 2026-07, 2026-H2, 2026 */
  key: string;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return `${year}-${pad(month)}-${pad(d.getUTCDate())}`;
}

const MONTHS_PER: Record<'month' | 'quarter' | 'half' | 'year', number> = {
  month: 1,
  quarter: 3,
  half: 6,
  year: 12,
};

function keyOf(period: keyof typeof MONTHS_PER, year: number, index: number): string {
  switch (period) {
    case 'month':
      return `${year}-${pad(index + 1)}`;
    case 'quarter':
      return `${year}-Q${index + 1}`;
    case 'half':
      return `${year}-H${index + 1}`;
    case 'year':
      return String(year);
  }
}

/** The period of the given kind that contains `date` (YYYY-MM-DD). */
export function periodContaining(period: keyof typeof MONTHS_PER, date: string): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const size = MONTHS_PER[period];
  const index = Math.floor((month - 1) / size);
  const startMonth = index * size + 1;
  const endMonth = startMonth + size - 1;
  return {
    key: keyOf(period, year, index),
    start: `${year}-${pad(startMonth)}-01`,
    end: lastDayOfMonth(year, endMonth),
  };
}

/** Parses a period key back into its period, or null when the key does not match the period. */
export function periodFromKey(period: keyof typeof MONTHS_PER, key: string): Period | null {
  const patterns: Record<keyof typeof MONTHS_PER, RegExp> = {
    month: /^(\d{4})-(0[1-9]|1[0-2])$/,
    quarter: /^(\d{4})-Q([1-4])$/,
    half: /^(\d{4})-H([12])$/,
    year: /^(\d{4})$/,
  };
  const m = patterns[period].exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const index = m[2] === undefined ? 0 : Number(m[2]) - 1;
  return periodContaining(period, `${year}-${pad(index * MONTHS_PER[period] + 1)}-01`);
}

/** The period just before the one containing `date`. */
export function previousPeriod(period: keyof typeof MONTHS_PER, date: string): Period {
  const current = periodContaining(period, date);
  return periodContaining(period, addDays(current.start, -1));
}

/**
 * When an item is due: for a periodic schedule, graceDays after its period ends (periodKey
 * required); for an event-driven one, withinDays after the event (eventDate required).
 * Returns null when the item lacks what the rule needs.
 */
export function dueDateFor(
  rule: DisclosureScheduleRule,
  item: { periodKey?: string | null; eventDate?: string | null },
): string | null {
  if (rule.type === 'event')
    return item.eventDate ? addDays(item.eventDate, rule.withinDays) : null;
  if (!item.periodKey) return null;
  const p = periodFromKey(rule.period, item.periodKey);
  return p ? addDays(p.end, rule.graceDays) : null;
}

/**
 * Whether publishing on `date` keeps to the schedule: on or before the due date and, for a
 * periodic item, not before its period has ended (a quarter's accounts cannot be final early).
 */
export function publicationOnSchedule(
  rule: DisclosureScheduleRule,
  item: { periodKey?: string | null; eventDate?: string | null },
  date: string,
): boolean {
  const due = dueDateFor(rule, item);
  if (due === null) return false;
  if (date > due) return false;
  if (rule.type === 'periodic' && item.periodKey) {
    const p = periodFromKey(rule.period, item.periodKey);
    if (p && date <= p.end) return false;
  }
  if (rule.type === 'event' && item.eventDate && date < item.eventDate) return false;
  return true;
}

export interface OverdueCheck {
  kind: DisclosureKind;
  periodKey: string;
  dueDate: string;
}

/**
 * The periodic disclosure a community owes on `today` and has not published: the last complete
 * period's item is overdue once its due date has passed and no item for that period is published.
 * Event-driven schedules are checked per drafted item (see overdueItem).
 */
export function overduePeriodic(
  kind: DisclosureKind,
  rule: DisclosureScheduleRule,
  today: string,
  publishedPeriodKeys: ReadonlySet<string>,
): OverdueCheck | null {
  if (rule.type !== 'periodic') return null;
  const prev = previousPeriod(rule.period, today);
  const due = addDays(prev.end, rule.graceDays);
  if (today <= due || publishedPeriodKeys.has(prev.key)) return null;
  return { kind, periodKey: prev.key, dueDate: due };
}

/** Whether an unpublished item with a due date is overdue on `today`. */
export function overdueItem(
  item: { status: string; dueDate: string | null },
  today: string,
): boolean {
  return (
    item.dueDate !== null &&
    (item.status === 'draft' || item.status === 'pending' || item.status === 'rejected') &&
    today > item.dueDate
  );
}

/** Validates a schedule rule read from data; returns a Chinese message or null. */
export function checkScheduleRule(rule: DisclosureScheduleRule): string | null {
  if (rule.type === 'event') {
    if (!Number.isInteger(rule.withinDays) || rule.withinDays < 0 || rule.withinDays > 366)
      return '事件公开时限应为 0 至 366 天';
    return null;
  }
  if (!Number.isInteger(rule.graceDays) || rule.graceDays < 0 || rule.graceDays > 366)
    return '期满后公开时限应为 0 至 366 天';
  return null;
}
