// Pure rules of labour contracts (modules/contracts/terms.ts) with the example contract rule:
// three-year first term with six months' probation, three-year renewals, open-ended after two
// consecutive fixed terms, reminders 60 and 30 days before expiry.
import { EXAMPLE_RULE_SETS } from '@cwp/core';
import { describe, expect, it } from 'vitest';
import {
  checkContractDraft,
  consecutiveFixedTerms,
  daysBetween,
  dueThreshold,
  periodEnd,
  planContract,
  proposeNextContract,
  reminderThresholds,
} from '../src/modules/contracts/terms';
import { currentByKind } from '../src/modules/contracts/insurance';
import { recipientsFor } from '../src/modules/contracts/reminders';

const params = EXAMPLE_RULE_SETS.contract_insurance.content;

describe('contract terms', () => {
  it('plans end and probation end', () => {
    expect(
      planContract({
        type: 'fixed_term',
        startDate: '2025-01-01',
        termYears: 3,
        probationMonths: 6,
      }),
    ).toEqual({ termMonths: 36, endDate: '2027-12-31', probationEnd: '2025-06-30' });
    // A period from 31 August: one month ends on 30 September, a year on 30 August.
    expect(
      planContract({
        type: 'fixed_term',
        startDate: '2024-08-31',
        termYears: 1,
        probationMonths: 1,
      }),
    ).toEqual({ termMonths: 12, endDate: '2025-08-30', probationEnd: '2024-09-30' });
    expect(
      planContract({
        type: 'open_ended',
        startDate: '2025-03-01',
        termYears: null,
        probationMonths: 0,
      }),
    ).toEqual({ termMonths: null, endDate: null, probationEnd: null });
  });

  it('ends month periods on the day before the corresponding day, or the month end', () => {
    expect(periodEnd('2025-03-01', 1)).toBe('2025-03-31');
    expect(periodEnd('2025-01-31', 1)).toBe('2025-02-28');
    expect(periodEnd('2024-01-31', 1)).toBe('2024-02-29');
    expect(periodEnd('2024-02-29', 12)).toBe('2025-02-28');
    expect(periodEnd('2025-01-15', 36)).toBe('2028-01-14');
  });

  it('counts consecutive fixed terms since the last open-ended contract', () => {
    expect(consecutiveFixedTerms([])).toBe(0);
    expect(consecutiveFixedTerms([{ type: 'fixed_term' }, { type: 'fixed_term' }])).toBe(2);
    expect(
      consecutiveFixedTerms([
        { type: 'fixed_term' },
        { type: 'open_ended' },
        { type: 'fixed_term' },
      ]),
    ).toBe(1);
  });

  it('proposes a first term, a renewal, then open-ended after two fixed terms', () => {
    expect(proposeNextContract(params, [])).toMatchObject({
      openEnded: false,
      termYears: 3,
      probationMonths: 6,
    });
    expect(proposeNextContract(params, [{ type: 'fixed_term' }])).toMatchObject({
      openEnded: false,
      termYears: 3,
      probationMonths: 0,
    });
    expect(
      proposeNextContract(params, [{ type: 'fixed_term' }, { type: 'fixed_term' }]),
    ).toMatchObject({ openEnded: true, termYears: null });
    // Another region: open-ended only after three fixed terms.
    expect(
      proposeNextContract({ ...params, openEndedAfterFixedTerms: 3 }, [
        { type: 'fixed_term' },
        { type: 'fixed_term' },
      ]).openEnded,
    ).toBe(false);
  });

  it('checks the probation against the law and the history', () => {
    const d = {
      type: 'fixed_term' as const,
      startDate: '2025-01-01',
      termYears: 1,
      probationMonths: 2,
    };
    expect(checkContractDraft(d, 0)).toEqual([]);
    expect(checkContractDraft({ ...d, probationMonths: 3 }, 0)[0]?.path).toBe('probationMonths');
    expect(checkContractDraft({ ...d, termYears: 0.5, probationMonths: 1 }, 0)).toEqual([]);
    expect(checkContractDraft({ ...d, termYears: 0.5, probationMonths: 2 }, 0)[0]?.path).toBe(
      'probationMonths',
    );
    // Probation is agreed once with the same employer.
    expect(checkContractDraft(d, 1)[0]?.path).toBe('probationMonths');
    expect(checkContractDraft({ ...d, termYears: null }, 0)[0]?.path).toBe('termYears');
    expect(checkContractDraft({ ...d, termYears: 1.01 }, 0)[0]?.path).toBe('termYears');
    expect(
      checkContractDraft({ ...d, type: 'open_ended', termYears: null, probationMonths: 6 }, 0),
    ).toEqual([]);
    expect(checkContractDraft({ ...d, type: 'open_ended' }, 0)[0]?.path).toBe('termYears');
  });
});

describe('reminders', () => {
  it('takes thresholds from the rule, else 60 and 30 days', () => {
    expect(reminderThresholds(params)).toEqual([60, 30]);
    expect(reminderThresholds({ ...params, reminderDaysBeforeExpiry: [15, 90, 45] })).toEqual([
      90, 45, 15,
    ]);
    expect(reminderThresholds({ ...params, reminderDaysBeforeExpiry: [] })).toEqual([60, 30]);
    expect(reminderThresholds(null)).toEqual([60, 30]);
  });

  it('picks the nearest threshold reached, none after expiry', () => {
    const t = [60, 30];
    expect(daysBetween('2026-01-01', '2026-03-02')).toBe(60);
    expect(dueThreshold(t, '2026-03-02', '2026-01-01')).toBe(60);
    expect(dueThreshold(t, '2026-03-03', '2026-01-01')).toBeNull();
    expect(dueThreshold(t, '2026-01-31', '2026-01-01')).toBe(30);
    expect(dueThreshold(t, '2026-01-01', '2026-01-01')).toBe(30);
    expect(dueThreshold(t, '2025-12-31', '2026-01-01')).toBeNull();
  });

  it("notifies the signing unit's officers, or the nearest unit above with some", () => {
    const officers = [
      { id: 1, path: '1.' },
      { id: 2, path: '1.5.' },
      { id: 3, path: '1.5.9.' },
      { id: 4, path: '1.5.9.' },
    ];
    expect(recipientsFor(officers, '1.5.9.').sort()).toEqual([3, 4]);
    expect(recipientsFor(officers, '1.5.10.')).toEqual([2]);
    expect(recipientsFor(officers, '2.7.')).toEqual([]);
  });
});

describe('insurance records', () => {
  it('takes the latest record on or before the date per kind', () => {
    const rows = [
      { kind: 'pension', effective_from: '2025-01-01', id: 1 },
      { kind: 'pension', effective_from: '2025-07-01', id: 2 },
      { kind: 'pension', effective_from: '2026-07-01', id: 3 },
      { kind: 'medical', effective_from: '2025-01-01', id: 4 },
    ];
    const m = currentByKind(rows, '2026-01-01');
    expect(m.get('pension')?.id).toBe(2);
    expect(m.get('medical')?.id).toBe(4);
    expect(currentByKind(rows, '2024-12-31').size).toBe(0);
  });
});
