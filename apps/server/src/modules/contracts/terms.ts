// Pure rules of a labour contract's dates and term, on top of @cwp/core's labor-contract helpers:
// what a new contract's end and probation end are, whether its probation is lawful, and how many
// consecutive fixed-term contracts a worker has signed (the count that makes the next one
// open-ended). No I/O: the service feeds it the rule set in force and the worker's history.
import {
  maxProbationMonths,
  periodEnd,
  nextContractTerm,
  type ContractParameters,
  type NextContractTerm,
} from '@cwp/core';

export const LABOR_CONTRACT_TYPES = ['fixed_term', 'open_ended'] as const;
export type LaborContractType = (typeof LABOR_CONTRACT_TYPES)[number];

export interface ContractDraft {
  type: LaborContractType;
  startDate: string;
  termYears: number | null;
  probationMonths: number;
}

export interface PlannedContract {
  termMonths: number | null;
  endDate: string | null;
  probationEnd: string | null;
}

export interface TermIssue {
  path: string;
  message: string;
}

/**
 * Consecutive fixed-term contracts at the end of a worker's history (oldest first): an
 * open-ended contract resets the count.
 */
export function consecutiveFixedTerms(history: readonly { type: string }[]): number {
  let n = 0;
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i]?.type !== 'fixed_term') break;
    n++;
  }
  return n;
}

/** The proposal for a worker's next contract under the rule set in force. */
export function proposeNextContract(
  params: ContractParameters,
  history: readonly { type: string }[],
): NextContractTerm {
  return nextContractTerm(params, consecutiveFixedTerms(history));
}

/**
 * Checks a draft against labour law and the worker's history; returns every problem, naming the
 * field. `priorContracts` is how many contracts the worker already signed with this employer.
 */
export function checkContractDraft(d: ContractDraft, priorContracts: number): TermIssue[] {
  const issues: TermIssue[] = [];
  if (d.type === 'fixed_term') {
    if (d.termYears === null || !(d.termYears > 0)) {
      issues.push({ path: 'termYears', message: '固定期限劳动合同应填写合同期限（年）' });
    } else if (!Number.isInteger(Math.round(d.termYears * 12 * 1000) / 1000)) {
      issues.push({ path: 'termYears', message: '合同期限应为整月数（如 0.5 年、1 年、3 年）' });
    }
  } else if (d.termYears !== null) {
    issues.push({ path: 'termYears', message: '无固定期限劳动合同不填写合同期限' });
  }
  if (d.probationMonths > 0 && priorContracts > 0) {
    issues.push({
      path: 'probationMonths',
      message: '同一用人单位与同一劳动者只能约定一次试用期（劳动合同法第十九条）',
    });
  } else if (d.probationMonths > 0) {
    const max = d.type === 'open_ended' ? 6 : maxProbationMonths(d.termYears ?? 0);
    if (d.probationMonths > max) {
      issues.push({
        path: 'probationMonths',
        message: `该期限的劳动合同试用期不得超过 ${max} 个月`,
      });
    }
  }
  return issues;
}

/** Period arithmetic lives in @cwp/core (民法典第二百零三条); re-exported for this module. */
export { periodEnd };

/** End date and probation end of a draft already checked. */
export function planContract(d: ContractDraft): PlannedContract {
  const termMonths =
    d.type === 'fixed_term' && d.termYears !== null ? Math.round(d.termYears * 12) : null;
  return {
    termMonths,
    endDate: termMonths === null ? null : periodEnd(d.startDate, termMonths),
    probationEnd: d.probationMonths > 0 ? periodEnd(d.startDate, d.probationMonths) : null,
  };
}

/** Whole days from `from` to `to` (ISO dates); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Reminder thresholds of the rule set, or 60 and 30 days when it names none. */
export function reminderThresholds(params: ContractParameters | null): number[] {
  const days = params?.reminderDaysBeforeExpiry ?? [];
  const list = days.length > 0 ? days : [60, 30];
  return [...new Set(list)].sort((a, b) => b - a);
}

/**
 * Which threshold is due on `today` for a contract ending on `endDate`: the smallest threshold
 * whose reminder date has passed (so a contract first seen 40 days before expiry gets the 60-day
 * reminder once, and the 30-day one later). Null when none is due or the contract has ended.
 */
export function dueThreshold(
  thresholds: readonly number[],
  endDate: string,
  today: string,
): number | null {
  const left = daysBetween(today, endDate);
  if (left < 0) return null;
  let due: number | null = null;
  for (const t of thresholds) if (left <= t && (due === null || t < due)) due = t;
  return due;
}
