import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_RULE_SETS,
  monthlyPay,
  RuleEngineError,
  standardPayOf,
  type MonthlyPay,
  type PayTable,
} from '../../src/index';

/** Reference wage 8,000, localCoefficient 1.0, baseRatio 0.7; grade 7 has coefficient 1.30. */
const table: PayTable = EXAMPLE_RULE_SETS.pay_table.content;

function sumOf(pay: MonthlyPay, kind: string): number {
  const cents = pay.lines
    .filter((l) => l.kind === kind)
    .reduce((s, l) => s + Math.round(l.amount * 100), 0);
  return cents / 100;
}

describe('monthlyPay with the example pay table', () => {
  it('worked example: grade 7, competent, 社会工作师', () => {
    const pay = monthlyPay(table, {
      grade: 7,
      rating: 'competent',
      qualification: 'intermediate',
      probation: false,
    });
    // 8,000 × 1.0 × 0.7 × 1.30 = 7,280.00; 80 % base, 20 % performance × 1.0
    expect(pay).toMatchObject({
      payGrade: 7,
      gradeCoefficient: 1.3,
      standard: 7280,
      base: 5824,
      performanceStandard: 1456,
      performanceFactor: 1,
      performance: 1456,
      allowances: 300,
      gross: 7580,
      insuranceBase: 7580,
    });
    expect(pay.employeeContributions).toEqual({
      pension: 606.4,
      medical: 151.6,
      unemployment: 37.9,
      workInjury: 0,
      maternity: 0,
      housingFund: 909.6,
    });
    expect(pay.employeeContributionsTotal).toBe(1705.5);
    expect(pay.net).toBe(5874.5);
    expect(pay.employerContributions).toEqual({
      pension: 1212.8,
      medical: 606.4,
      unemployment: 37.9,
      workInjury: 15.16,
      maternity: 60.64,
      housingFund: 909.6,
    });
    expect(pay.employerContributionsTotal).toBe(2842.5);
  });

  it('produces pay-slip lines that add up to the totals', () => {
    const pay = monthlyPay(table, {
      grade: 7,
      rating: 'excellent',
      qualification: 'intermediate',
      probation: false,
    });
    expect(pay.lines.slice(0, 4)).toEqual([
      { code: 'base_pay', label: '基本工资', amount: 5824, kind: 'earning' },
      { code: 'performance_pay', label: '绩效工资', amount: 1747.2, kind: 'earning' },
      { code: 'qualification_allowance', label: '职业资格津贴', amount: 300, kind: 'earning' },
      { code: 'gross_pay', label: '应发工资', amount: 7871.2, kind: 'total' },
    ]);
    expect(pay.lines.find((l) => l.code === 'employee_housing_fund')?.label).toBe(
      '个人缴纳住房公积金',
    );
    expect(sumOf(pay, 'earning')).toBe(pay.gross);
    expect(sumOf(pay, 'deduction')).toBe(pay.employeeContributionsTotal);
    expect(sumOf(pay, 'employer')).toBe(pay.employerContributionsTotal);
    expect(pay.lines.find((l) => l.code === 'net_pay')?.amount).toBe(pay.net);
  });

  it('scales the performance part by the last annual rating; incompetent pays none', () => {
    const at = (rating: 'excellent' | 'competent' | 'basically_competent' | 'incompetent' | null) =>
      monthlyPay(table, { grade: 7, rating, probation: false });
    expect(at('excellent').performance).toBe(1747.2); // 1,456 × 1.2
    expect(at('competent').performance).toBe(1456);
    expect(at('basically_competent').performance).toBe(1164.8); // × 0.8
    expect(at('incompetent').performance).toBe(0);
    expect(at('incompetent').gross).toBe(5824);
    expect(at(null).performance).toBe(1456); // no rating yet: unratedPerformanceFactor 1.0
  });

  it('probation paid at 80 % of the standard pay', () => {
    const pay = monthlyPay(table, { grade: 7, rating: null, probation: true });
    expect(pay).toMatchObject({ payGrade: 7, standard: 5824, base: 4659.2, performance: 1164.8 });
    expect(pay.notes[0]).toBe('试用期按标准工资的 80% 计发');
  });

  it('probation paid one grade lower, never below grade 1', () => {
    const lower: PayTable = { ...table, probation: { mode: 'grade_lower', grades: 1 } };
    const pay = monthlyPay(lower, { grade: 7, rating: null, probation: true });
    expect(pay).toMatchObject({ grade: 7, payGrade: 6, gradeCoefficient: 1.25, standard: 7000 });
    expect(monthlyPay(lower, { grade: 1, rating: null, probation: true })).toMatchObject({
      payGrade: 1,
      standard: 5600,
    });
    // the rule applies only in probation
    expect(monthlyPay(lower, { grade: 7, rating: null, probation: false }).standard).toBe(7280);
  });

  it('clamps the contribution base to the floor and ceiling', () => {
    const low = monthlyPay(table, {
      grade: 1,
      rating: null,
      probation: false,
      insuranceBase: 3000,
    });
    expect(low.insuranceBase).toBe(4000);
    expect(low.employeeContributions.pension).toBe(320);
    expect(low.notes.at(-1)).toBe('缴费基数 3000.00 元按上下限调整为 4000.00 元');
    const high = monthlyPay(table, {
      grade: 1,
      rating: null,
      probation: false,
      insuranceBase: 50_000,
    });
    expect(high.insuranceBase).toBe(30_000);
    expect(high.employeeContributions.housingFund).toBe(3600);
  });

  it('rounds each contribution half up to the cent', () => {
    // 4,001.00 × 0.5 % = 20.005 → 20.01
    const pay = monthlyPay(table, {
      grade: 1,
      rating: null,
      probation: false,
      insuranceBase: 4001,
    });
    expect(pay.employeeContributions.unemployment).toBe(20.01);
    expect(pay.employerContributions.workInjury).toBe(8); // 8.002
  });

  it('rejects a grade the table does not have', () => {
    expect(() => monthlyPay(table, { grade: 19, rating: null, probation: false })).toThrow(
      RuleEngineError,
    );
    expect(() => monthlyPay(table, { grade: 2.5, rating: null, probation: false })).toThrow(
      RuleEngineError,
    );
  });

  it('computes from the formula, not from a built-in one', () => {
    const flat: PayTable = {
      ...table,
      coefficients: [{ name: 'allowanceForAll', value: 500 }],
      formula: 'referenceWage * gradeCoefficient / 2 + allowanceForAll',
    };
    expect(standardPayOf(flat, 7)).toBeCloseTo(5700, 9); // 8,000 × 1.3 / 2 + 500
    expect(monthlyPay(flat, { grade: 7, rating: 'competent', probation: false }).standard).toBe(
      5700,
    );
    const broken: PayTable = { ...table, formula: 'referenceWage * missingCoefficient' };
    expect(() => monthlyPay(broken, { grade: 7, rating: null, probation: false })).toThrow(
      '“missingCoefficient”没有取值',
    );
  });
});
