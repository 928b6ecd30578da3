import { describe, expect, it } from 'vitest';
import {
  dueState,
  evaluateEligibility,
  healthCheckDue,
  isRectificationOverdue,
  type NominationCriteria,
} from '../../src';

const criteria: NominationCriteria = {
  minServiceYears: 5,
  assessmentYears: 2,
  minRating: 'competent',
  politicalStatuses: [],
  maxAge: null,
};

const candidate = {
  workStartDate: '2018-03-01',
  birthDate: '1985-06-15',
  politicalStatus: '01',
  ratings: [
    { year: 2025, rating: 'excellent' as const },
    { year: 2024, rating: 'competent' as const },
  ],
};

describe('nomination eligibility', () => {
  it('accepts a candidate meeting every condition', () => {
    const r = evaluateEligibility(criteria, candidate, '2026-05-01');
    expect(r).toMatchObject({
      eligible: true,
      serviceYears: 8,
      age: 40,
      yearsChecked: [2025, 2024],
    });
  });

  it('counts whole years of service on the reference date', () => {
    const strict = { ...criteria, minServiceYears: 8 };
    expect(evaluateEligibility(strict, candidate, '2026-02-28').reasons.map((x) => x.code)).toEqual(
      ['service_years'],
    );
    expect(evaluateEligibility(strict, candidate, '2026-03-01').eligible).toBe(true);
  });

  it('refuses a missing or too low assessment in the years looked at', () => {
    const low = {
      ...candidate,
      ratings: [{ year: 2025, rating: 'basically_competent' as const }],
    };
    const r = evaluateEligibility(criteria, low, '2026-05-01');
    expect(r.eligible).toBe(false);
    expect(r.reasons.map((x) => x.code)).toEqual(['assessment_rating', 'assessment_missing']);
    expect(r.reasons[0]?.message).toContain('2025');
  });

  it('requires excellent when the round says so', () => {
    const r = evaluateEligibility({ ...criteria, minRating: 'excellent' }, candidate, '2026-05-01');
    expect(r.reasons.map((x) => x.message)).toEqual(['2024 年度考核为合格，低于优秀']);
  });

  it('applies political status and age limits from the criteria', () => {
    const r = evaluateEligibility(
      { ...criteria, politicalStatuses: ['01', '02'], maxAge: 39 },
      { ...candidate, politicalStatus: '13' },
      '2026-05-01',
    );
    expect(r.reasons.map((x) => x.code)).toEqual(['political_status', 'age']);
  });

  it('looks at no assessment when assessmentYears is 0', () => {
    const r = evaluateEligibility(
      { ...criteria, assessmentYears: 0 },
      { ...candidate, ratings: [] },
      '2026-05-01',
    );
    expect(r.eligible).toBe(true);
  });
});

describe('health check schedule', () => {
  it('is due the interval after the last check', () => {
    expect(
      healthCheckDue({ lastCheckDate: '2024-08-31', hireDate: '2010-01-01' }, 24, '2026-01-01', 30),
    ).toEqual({
      dueDate: '2026-08-31',
      state: 'not_due',
    });
  });

  it('counts from hire when never checked, and reports overdue and due soon', () => {
    expect(
      healthCheckDue({ lastCheckDate: null, hireDate: '2024-01-10' }, 12, '2025-02-01', 30),
    ).toEqual({
      dueDate: '2025-01-10',
      state: 'overdue',
    });
    expect(
      healthCheckDue({ lastCheckDate: '2024-02-29', hireDate: '2020-01-01' }, 12, '2025-02-01', 30),
    ).toEqual({
      dueDate: '2025-02-28',
      state: 'due_soon',
    });
  });

  it('refuses a non-positive interval', () => {
    expect(() =>
      healthCheckDue({ lastCheckDate: null, hireDate: '2024-01-10' }, 0, '2025-01-01', 30),
    ).toThrow(RangeError);
  });

  it('due state boundaries', () => {
    expect(dueState('2025-01-01', '2025-01-01', 0)).toBe('due_soon');
    expect(dueState('2024-12-31', '2025-01-01', 10)).toBe('overdue');
    expect(dueState('2025-01-12', '2025-01-01', 10)).toBe('not_due');
  });
});

describe('rectification overdue', () => {
  it('flags an open item past its deadline only', () => {
    expect(isRectificationOverdue({ deadline: '2025-03-01', status: 'open' }, '2025-03-02')).toBe(
      true,
    );
    expect(isRectificationOverdue({ deadline: '2025-03-01', status: 'open' }, '2025-03-01')).toBe(
      false,
    );
    expect(isRectificationOverdue({ deadline: '2025-03-01', status: 'closed' }, '2025-04-01')).toBe(
      false,
    );
  });
});
