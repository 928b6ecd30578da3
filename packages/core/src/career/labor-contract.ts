/**
 * Labour contract terms and expiry reminders from the region's contract parameters. Labour law
 * fixes two things the parameters cannot change: probation is agreed only once with the same
 * employer (劳动合同法第十九条), and after the configured number of consecutive fixed-term
 * contracts the next one is open-ended (第十四条).
 */
import { addDays, addMonths } from './dates';
import { RuleEngineError } from './errors';
import type { ContractParameters } from './types';

export interface NextContractTerm {
  openEnded: boolean;
  /** Null for an open-ended contract. */
  termYears: number | null;
  probationMonths: number;
  reason: string;
}

/** The next contract for a worker who has signed `consecutiveFixedTerms` fixed-term contracts. */
export function nextContractTerm(
  params: ContractParameters,
  consecutiveFixedTerms: number,
): NextContractTerm {
  if (!Number.isInteger(consecutiveFixedTerms) || consecutiveFixedTerms < 0) {
    throw new RuleEngineError('INVALID_INPUT', '已签固定期限合同次数应为非负整数');
  }
  if (consecutiveFixedTerms >= params.openEndedAfterFixedTerms) {
    return {
      openEnded: true,
      termYears: null,
      probationMonths: 0,
      reason: `已连续订立 ${consecutiveFixedTerms} 次固定期限劳动合同，续订应为无固定期限劳动合同`,
    };
  }
  if (consecutiveFixedTerms === 0) {
    return {
      openEnded: false,
      termYears: params.firstTermYears,
      probationMonths: params.probationMonths,
      reason: `首次签订劳动合同，期限 ${params.firstTermYears} 年，试用期 ${params.probationMonths} 个月`,
    };
  }
  return {
    openEnded: false,
    termYears: params.renewalTermYears,
    probationMonths: 0,
    reason: `第 ${consecutiveFixedTerms + 1} 次签订劳动合同，期限 ${params.renewalTermYears} 年，不再约定试用期`,
  };
}

/**
 * Last day of a period of whole months that starts (and counts) on `start`: the day before the
 * corresponding day, or the month's last day when that month has no corresponding day
 * (民法典第二百零三条) — 31 August plus one month ends on 30 September, not 29 September.
 */
export function periodEnd(start: string, months: number): string {
  const end = addMonths(start, months);
  return end.slice(8) === start.slice(8) ? addDays(end, -1) : end;
}

/** Last day of a fixed-term contract that starts on `startDate` and runs `termYears` years. */
export function contractEndDate(startDate: string, termYears: number): string {
  return periodEnd(startDate, Math.round(termYears * 12));
}

/** Reminder dates before a contract's last day, earliest first. */
export function expiryReminderDates(
  params: ContractParameters,
  endDate: string,
): { daysBefore: number; date: string }[] {
  return [...new Set(params.reminderDaysBeforeExpiry)]
    .sort((a, b) => b - a)
    .map((daysBefore) => ({ daysBefore, date: addDays(endDate, -daysBefore) }));
}
