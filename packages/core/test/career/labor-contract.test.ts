import { describe, expect, it } from 'vitest';
import {
  contractEndDate,
  periodEnd,
  EXAMPLE_RULE_SETS,
  expiryReminderDates,
  nextContractTerm,
  RuleEngineError,
} from '../../src/index';

const params = EXAMPLE_RULE_SETS.contract_insurance.content;

describe('labour contract terms', () => {
  it('first contract with probation, one fixed-term renewal, then open-ended', () => {
    expect(nextContractTerm(params, 0)).toMatchObject({
      openEnded: false,
      termYears: 3,
      probationMonths: 6,
    });
    expect(nextContractTerm(params, 1)).toMatchObject({
      openEnded: false,
      termYears: 3,
      probationMonths: 0,
    });
    const third = nextContractTerm(params, 2);
    expect(third).toMatchObject({ openEnded: true, termYears: null, probationMonths: 0 });
    expect(third.reason).toContain('无固定期限');
    expect(nextContractTerm({ ...params, openEndedAfterFixedTerms: 3 }, 2).openEnded).toBe(false);
    expect(() => nextContractTerm(params, -1)).toThrow(RuleEngineError);
  });

  it('ends a term the day before its anniversary and reminds 60 and 30 days ahead', () => {
    expect(contractEndDate('2024-03-01', 3)).toBe('2027-02-28');
    expect(contractEndDate('2024-01-01', 1)).toBe('2024-12-31');
    // A start with no corresponding day in the end month ends on that month's last day.
    expect(contractEndDate('2023-02-28', 1)).toBe('2024-02-27');
    expect(periodEnd('2024-08-31', 1)).toBe('2024-09-30');
    expect(periodEnd('2024-01-31', 1)).toBe('2024-02-29');
    expect(periodEnd('2024-01-30', 1)).toBe('2024-02-29');
    expect(periodEnd('2024-01-29', 1)).toBe('2024-02-28');
    expect(periodEnd('2024-03-15', 6)).toBe('2024-09-14');
    expect(expiryReminderDates(params, '2027-02-28')).toEqual([
      { daysBefore: 60, date: '2026-12-30' },
      { daysBefore: 30, date: '2027-01-29' },
    ]);
  });
});
