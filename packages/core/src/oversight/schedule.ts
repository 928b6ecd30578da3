// Due dates: health checks on an interval (configurable per unit), rectification deadlines.
import { addDays, addMonths } from '../career/dates';

export type DueState = 'overdue' | 'due_soon' | 'not_due';

export interface HealthCheckDue {
  /** The date the next check is due. */
  dueDate: string;
  state: DueState;
}

/**
 * When the next health check is due: `intervalMonths` after the last one, or — for a worker never
 * checked — `intervalMonths` after hire (a new worker brings a pre-employment check). `soonDays`
 * before the due date the check shows as due soon.
 */
export function healthCheckDue(
  input: { lastCheckDate: string | null; hireDate: string },
  intervalMonths: number,
  today: string,
  soonDays: number,
): HealthCheckDue {
  if (!Number.isInteger(intervalMonths) || intervalMonths < 1) {
    throw new RangeError('体检周期应为正整数（月）');
  }
  const from = input.lastCheckDate ?? input.hireDate;
  const dueDate = addMonths(from, intervalMonths);
  return { dueDate, state: dueState(dueDate, today, soonDays) };
}

export function dueState(dueDate: string, today: string, soonDays: number): DueState {
  if (dueDate < today) return 'overdue';
  if (dueDate <= addDays(today, soonDays)) return 'due_soon';
  return 'not_due';
}

/** A rectification item is overdue once its deadline has passed while it is still open. */
export function isRectificationOverdue(
  item: { deadline: string; status: 'open' | 'closed' },
  today: string,
): boolean {
  return item.status === 'open' && item.deadline < today;
}
