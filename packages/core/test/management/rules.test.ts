// Pure rules of daily work and exit: working days under the holiday calendar, the period figures,
// the statutory retirement age with the 2025 gradual raise (worked examples), and the checklist.
import { describe, expect, it } from 'vitest';
import {
  attendanceFigures,
  formatAgeMonths,
  isWorkingDay,
  missingChecklistItems,
  monthBounds,
  retirementAgeMonths,
  retirementDate,
  turnoverRate,
  workingDays,
  type RetirementAgeRule,
} from '../../src/index';

const MALE: RetirementAgeRule = {
  baseAgeMonths: 720,
  raiseFrom: '2025-01-01',
  raiseEveryMonths: 4,
  targetAgeMonths: 756,
};
const FEMALE_CADRE: RetirementAgeRule = {
  baseAgeMonths: 660,
  raiseFrom: '2025-01-01',
  raiseEveryMonths: 4,
  targetAgeMonths: 696,
};

describe('working days', () => {
  const cal = new Map([
    ['2026-10-01', 'holiday' as const],
    ['2026-10-10', 'workday' as const],
  ]);
  it('skips weekends and holidays and counts worked weekend days', () => {
    expect(isWorkingDay('2026-10-01', cal)).toBe(false); // Thursday, National Day
    expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday worked
    expect(isWorkingDay('2026-10-11', cal)).toBe(false); // Sunday
    expect(isWorkingDay('2026-10-12')).toBe(true);
    expect(workingDays('2026-10-01', '2026-10-11', cal)).toEqual([
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
    ]);
  });
  it('knows month bounds incl. leap February', () => {
    expect(monthBounds('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthBounds('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
  it('computes present, leave (not when present), duty and unexcused absence', () => {
    const working = workingDays('2026-11-02', '2026-11-06'); // Mon–Fri
    const f = attendanceFigures(
      working,
      {
        present: new Set(['2026-11-02', '2026-11-03', '2026-11-07']),
        leave: new Set(['2026-11-03', '2026-11-04']),
        duty: new Set(['2026-11-07']),
      },
      { from: '2026-11-01', to: '2026-11-30' },
    );
    expect(f).toEqual({
      workingDays: 5,
      daysPresent: 3,
      leaveDays: 1,
      dutyDays: 1,
      unexcusedAbsenceDays: 2,
    });
  });
});

describe('statutory retirement age (2025 gradual raise as data)', () => {
  it('leaves earlier cohorts at the base age', () => {
    expect(retirementAgeMonths('1964-12-31', MALE)).toBe(720);
    expect(retirementDate('1964-12-31', MALE)).toBe('2024-12-31');
  });
  it('adds one month per four months of birth from January 1965', () => {
    expect(retirementAgeMonths('1965-01-10', MALE)).toBe(721);
    expect(retirementAgeMonths('1965-04-30', MALE)).toBe(721);
    expect(retirementAgeMonths('1965-05-01', MALE)).toBe(722);
    expect(retirementDate('1966-09-15', MALE)).toBe('2027-03-15');
    expect(formatAgeMonths(retirementAgeMonths('1966-09-15', MALE))).toBe('60岁6个月');
  });
  it('stops at the target age', () => {
    expect(retirementAgeMonths('1976-12-01', MALE)).toBe(756);
    expect(formatAgeMonths(756)).toBe('63岁');
  });
  it('applies the same shape to women in managerial posts from 1970', () => {
    expect(retirementAgeMonths('1969-12-31', FEMALE_CADRE)).toBe(660);
    expect(retirementAgeMonths('1970-01-01', FEMALE_CADRE)).toBe(661);
    expect(retirementDate('1970-01-01', FEMALE_CADRE)).toBe('2025-02-01');
  });
  it('uses the base age when no raise is configured', () => {
    expect(
      retirementAgeMonths('1990-01-01', {
        baseAgeMonths: 720,
        raiseFrom: null,
        raiseEveryMonths: null,
        targetAgeMonths: null,
      }),
    ).toBe(720);
  });
});

describe('exit checklist and turnover', () => {
  it('lists the items still open, in order', () => {
    expect(
      missingChecklistItems({
        handover: true,
        contractEnded: false,
        insuranceStopped: true,
        accountsDisabled: false,
        finalPay: true,
      }),
    ).toEqual(['contractEnded', 'accountsDisabled']);
  });
  it('computes turnover in percent with one decimal', () => {
    expect(turnoverRate(3, 40)).toBe(7.5);
    expect(turnoverRate(1, 3)).toBe(33.3);
    expect(turnoverRate(0, 0)).toBe(0);
  });
});
