/**
 * One worker's pay for one month from a pay table. All arithmetic after the formula is in integer
 * cents with half-up rounding, so base + performance always equals the standard pay and the lines
 * of a pay slip add up to the totals to the cent. Individual income tax is not part of this: it is
 * cumulative over the tax year and belongs to the payroll run.
 */
import { RuleEngineError } from './errors';
import { evaluate, parseFormula, type FormulaNode } from './formula';
import { fromCents, roundHalfUp, toCents } from './money';
import {
  ASSESSMENT_RATING_LABELS,
  INSURANCE_KINDS,
  INSURANCE_LABELS,
  type AssessmentRating,
  type InsuranceKind,
  type PayTable,
} from './types';

export interface MonthlyPayInput {
  grade: number;
  /** The last annual assessment; null when the worker has none yet. */
  rating: AssessmentRating | null;
  qualification?: string | null | undefined;
  probation: boolean;
  /** Monthly contribution base; defaults to the gross pay. Clamped to the table's floor/ceiling. */
  insuranceBase?: number | null | undefined;
}

export type PayLineKind = 'earning' | 'total' | 'deduction' | 'net' | 'employer';

export interface PayLine {
  code: string;
  label: string;
  amount: number;
  kind: PayLineKind;
}

export type Contributions = Record<InsuranceKind, number>;

export interface MonthlyPay {
  grade: number;
  /** The grade the pay is computed at (lower than `grade` in probation under `grade_lower`). */
  payGrade: number;
  gradeCoefficient: number;
  /** Monthly standard pay after the probation rule. */
  standard: number;
  base: number;
  /** The performance part at factor 1 … */
  performanceStandard: number;
  performanceFactor: number;
  /** … and what is paid: performanceStandard × performanceFactor. */
  performance: number;
  allowances: number;
  gross: number;
  insuranceBase: number;
  employeeContributions: Contributions;
  employerContributions: Contributions;
  employeeContributionsTotal: number;
  employerContributionsTotal: number;
  net: number;
  lines: PayLine[];
  /** How each figure was reached, in Chinese. */
  notes: string[];
}

const formulaCache = new WeakMap<PayTable, FormulaNode>();

function formulaOf(table: PayTable): FormulaNode {
  const cached = formulaCache.get(table);
  if (cached) return cached;
  const parsed = parseFormula(table.formula);
  if (!parsed.ok) throw new RuleEngineError('FORMULA_INVALID', parsed.message);
  formulaCache.set(table, parsed.ast);
  return parsed.ast;
}

export function gradeCoefficientOf(table: PayTable, grade: number): number {
  const row = table.gradeCoefficients.find((g) => g.grade === grade);
  if (!Number.isInteger(grade) || !row) {
    throw new RuleEngineError('GRADE_OUT_OF_RANGE', `薪酬标准中没有第 ${grade} 级的等级系数`);
  }
  return row.coefficient;
}

/** The monthly standard pay (¥, unrounded) of a grade: the table's formula, nothing else. */
export function standardPayOf(table: PayTable, grade: number): number {
  // fromEntries defines own properties, whatever the name (even `__proto__`).
  const vars: Record<string, number> = Object.fromEntries([
    ...table.coefficients.map((c) => [c.name, c.value] as const),
    ['referenceWage', table.referenceWage],
    ['gradeCoefficient', gradeCoefficientOf(table, grade)],
    ['grade', grade],
  ]);
  return evaluate(formulaOf(table), vars);
}

function yuan(cents: number): string {
  return fromCents(cents).toFixed(2);
}

function perKind(f: (kind: InsuranceKind) => number): Contributions {
  return {
    pension: f('pension'),
    medical: f('medical'),
    unemployment: f('unemployment'),
    workInjury: f('workInjury'),
    maternity: f('maternity'),
    housingFund: f('housingFund'),
  };
}

function contributions(base: number, rates: PayTable['insurance'], side: 'employee' | 'employer') {
  const cents = perKind((kind) => roundHalfUp(base * rates[kind][side]));
  const total = INSURANCE_KINDS.reduce((sum, kind) => sum + cents[kind], 0);
  return { cents, total };
}

function centsToYuan(c: Contributions): Contributions {
  return perKind((kind) => fromCents(c[kind]));
}

const SNAKE: Readonly<Record<InsuranceKind, string>> = {
  pension: 'pension',
  medical: 'medical',
  unemployment: 'unemployment',
  workInjury: 'work_injury',
  maternity: 'maternity',
  housingFund: 'housing_fund',
};

export function monthlyPay(table: PayTable, input: MonthlyPayInput): MonthlyPay {
  if (!Number.isInteger(input.grade) || input.grade < 1 || input.grade > table.grades) {
    throw new RuleEngineError('GRADE_OUT_OF_RANGE', `等级应为 1 至 ${table.grades} 之间的整数`);
  }
  const notes: string[] = [];

  // Probation: either a share of the standard pay, or the pay of a lower grade.
  let payGrade = input.grade;
  let share = 1;
  if (input.probation && table.probation.mode === 'grade_lower') {
    payGrade = Math.max(1, input.grade - table.probation.grades);
    notes.push(`试用期按低 ${table.probation.grades} 个等级计发：按 ${payGrade} 级`);
  } else if (input.probation && table.probation.mode === 'percent') {
    share = table.probation.percent / 100;
    notes.push(`试用期按标准工资的 ${table.probation.percent}% 计发`);
  }

  const gradeCoefficient = gradeCoefficientOf(table, payGrade);
  const standardCents = toCents(standardPayOf(table, payGrade) * share);
  notes.push(
    `标准工资 ${yuan(standardCents)} 元（${table.formula}，等级系数 ${gradeCoefficient}）`,
  );

  const baseCents = roundHalfUp(standardCents * table.split.base);
  const performanceStandardCents = standardCents - baseCents;
  const performanceFactor =
    input.rating === null ? table.unratedPerformanceFactor : table.performanceFactors[input.rating];
  const performanceCents = roundHalfUp(performanceStandardCents * performanceFactor);
  notes.push(
    `绩效工资 ${yuan(performanceStandardCents)} × ${performanceFactor}` +
      `（${input.rating === null ? '无年度考核结果' : `年度考核${ASSESSMENT_RATING_LABELS[input.rating]}`}）` +
      ` = ${yuan(performanceCents)} 元`,
  );

  const allowance = input.qualification
    ? table.qualificationAllowances.find((a) => a.qualification === input.qualification)
    : undefined;
  const allowanceCents = allowance ? toCents(allowance.amount) : 0;

  const grossCents = baseCents + performanceCents + allowanceCents;
  const requestedBase =
    input.insuranceBase === null || input.insuranceBase === undefined
      ? grossCents
      : toCents(input.insuranceBase);
  if (requestedBase < 0) throw new RuleEngineError('INVALID_INPUT', '缴费基数不能为负数');
  const floorCents = toCents(table.contributionBase.floor);
  const ceilingCents = toCents(table.contributionBase.ceiling);
  const insuranceBaseCents = Math.min(Math.max(requestedBase, floorCents), ceilingCents);
  if (insuranceBaseCents !== requestedBase) {
    notes.push(`缴费基数 ${yuan(requestedBase)} 元按上下限调整为 ${yuan(insuranceBaseCents)} 元`);
  }

  const employee = contributions(insuranceBaseCents, table.insurance, 'employee');
  const employer = contributions(insuranceBaseCents, table.insurance, 'employer');
  const netCents = grossCents - employee.total;

  const lines: PayLine[] = [
    { code: 'base_pay', label: '基本工资', amount: fromCents(baseCents), kind: 'earning' },
    {
      code: 'performance_pay',
      label: '绩效工资',
      amount: fromCents(performanceCents),
      kind: 'earning',
    },
  ];
  if (allowanceCents !== 0) {
    lines.push({
      code: 'qualification_allowance',
      label: '职业资格津贴',
      amount: fromCents(allowanceCents),
      kind: 'earning',
    });
  }
  lines.push({
    code: 'gross_pay',
    label: '应发工资',
    amount: fromCents(grossCents),
    kind: 'total',
  });
  for (const kind of INSURANCE_KINDS) {
    lines.push({
      code: `employee_${SNAKE[kind]}`,
      label: `个人缴纳${INSURANCE_LABELS[kind]}`,
      amount: fromCents(employee.cents[kind]),
      kind: 'deduction',
    });
  }
  lines.push({ code: 'net_pay', label: '实发工资', amount: fromCents(netCents), kind: 'net' });
  for (const kind of INSURANCE_KINDS) {
    lines.push({
      code: `employer_${SNAKE[kind]}`,
      label: `单位缴纳${INSURANCE_LABELS[kind]}`,
      amount: fromCents(employer.cents[kind]),
      kind: 'employer',
    });
  }

  return {
    grade: input.grade,
    payGrade,
    gradeCoefficient,
    standard: fromCents(standardCents),
    base: fromCents(baseCents),
    performanceStandard: fromCents(performanceStandardCents),
    performanceFactor,
    performance: fromCents(performanceCents),
    allowances: fromCents(allowanceCents),
    gross: fromCents(grossCents),
    insuranceBase: fromCents(insuranceBaseCents),
    employeeContributions: centsToYuan(employee.cents),
    employerContributions: centsToYuan(employer.cents),
    employeeContributionsTotal: fromCents(employee.total),
    employerContributionsTotal: fromCents(employer.total),
    net: fromCents(netCents),
    lines,
    notes,
  };
}
