import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  completedYears,
  fromCents,
  roundCount,
  roundHalfUp,
  RuleEngineError,
  toCents,
} from '../../src/index';

describe('money in integer cents', () => {
  it('rounds half up despite binary floating point', () => {
    expect(toCents(1.005)).toBe(101); // 1.005 * 100 is 100.49999999999999 in a double
    expect(toCents(2.675)).toBe(268);
    expect(toCents(-1.005)).toBe(-101);
    expect(toCents(7280.000000000001)).toBe(728000);
    expect(toCents(0.1 + 0.2)).toBe(30);
    expect(roundHalfUp(2.5)).toBe(3);
    expect(roundHalfUp(2.4999)).toBe(2);
    expect(Object.is(roundHalfUp(-0.4), 0)).toBe(true);
    expect(fromCents(728000)).toBe(7280);
    expect(fromCents(58241)).toBe(582.41);
    expect(() => roundHalfUp(Number.NaN)).toThrow(RangeError);
  });

  it('applies rounding modes to counts carrying float noise', () => {
    const raw = (100 * 1.1) / 10; // 11.000000000000002
    expect(raw).toBeGreaterThan(11);
    expect(roundCount(raw, 'ceil')).toBe(11);
    expect(roundCount(16.2, 'ceil')).toBe(17);
    expect(roundCount(16.2, 'floor')).toBe(16);
    expect(roundCount(16.5, 'round')).toBe(17);
  });
});

describe('ISO date arithmetic', () => {
  it('adds days and months in UTC', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(() => addDays('2024-02-30', 1)).toThrow(RuleEngineError);
  });

  it('counts completed years of service', () => {
    expect(completedYears('2017-03-15', '2024-03-14')).toBe(6);
    expect(completedYears('2017-03-15', '2024-03-15')).toBe(7);
    expect(completedYears('2020-02-29', '2021-02-28')).toBe(1);
    expect(completedYears('2024-05-01', '2024-01-01')).toBe(0);
  });
});
