// Payroll (薪酬发放): a monthly run per subdistrict under the pay table in force, per-worker
// adjustments, approval and lock, pay slips (self-service for the worker), the bank transfer list
// and the summary as .xlsx, a budget forecast for a year and a what-if between two pay tables.
// Per-worker amounts are personal data: null without `worker:pii` (the worker always sees their own).
import { z } from 'zod';
import { filterText, text } from './common';
import { approvalEventView } from './rule-set-api';

export const PAYROLL_RUN_STATUSES = ['draft', 'submitted', 'locked'] as const;
export type PayrollRunStatus = (typeof PAYROLL_RUN_STATUSES)[number];

export const PAYROLL_RUN_STATUS_LABELS: Readonly<
  Record<PayrollRunStatus, { zh: string; en: string }>
> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '审批中', en: 'In approval' },
  locked: { zh: '已锁定', en: 'Locked' },
};

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar month `YYYY-MM` (years 2000–2099). */
export function payrollMonth(label: string) {
  return z
    .string({ error: `${label}不能为空` })
    .regex(MONTH_RE, { error: `${label}应为“年-月”格式，例如 2026-05` })
    .refine((v) => v >= '2000-01' && v <= '2099-12', { error: `${label}超出可选范围` });
}

/** Yuan with at most two decimals, bounded. */
function amount(label: string) {
  return z
    .number({ error: `${label}应为数字` })
    .finite({ error: `${label}应为数字` })
    .min(-1_000_000, { error: `${label}不能小于 -1,000,000 元` })
    .max(1_000_000, { error: `${label}不能大于 1,000,000 元` })
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, {
      error: `${label}最多保留两位小数`,
    })
    .refine((v) => v !== 0, { error: `${label}不能为 0` });
}

export const createPayrollRunBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择街道' }).int().positive(),
  month: payrollMonth('核算月份'),
});
export type CreatePayrollRunBody = z.infer<typeof createPayrollRunBody>;

export const payrollVersionBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int(),
  comment: text(1000, '意见').optional(),
});
export const payrollReturnBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int(),
  comment: text(1000, '退回理由'),
});

export const payrollRunListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  month: payrollMonth('月份').optional(),
  status: z.enum(PAYROLL_RUN_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PayrollRunListQuery = z.infer<typeof payrollRunListQuery>;

const ruleRef = z.object({
  ruleSetId: z.number().int(),
  versionNo: z.number().int(),
  name: z.string(),
});

export const payrollProblem = z.object({
  workerId: z.number().int(),
  name: z.string(),
  message: z.string(),
});

export const payrollRunView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  month: z.string(),
  status: z.enum(PAYROLL_RUN_STATUSES),
  rule: ruleRef,
  workerCount: z.number().int(),
  problemCount: z.number().int(),
  totals: z.object({
    gross: z.number(),
    employee: z.number(),
    employer: z.number(),
    net: z.number(),
    adjustments: z.number(),
    /** net + adjustments: what is transferred. */
    paid: z.number(),
  }),
  computedAt: z.string(),
  submittedAt: z.string().nullable(),
  lockedAt: z.string().nullable(),
  version: z.number().int(),
});
export type PayrollRunView = z.infer<typeof payrollRunView>;

export const payrollRunPage = z.object({
  items: z.array(payrollRunView),
  total: z.number().int(),
});

/** Sums of one component over a run (or a community of it). */
export const PAYROLL_COMPONENTS = [
  'basePay',
  'performancePay',
  'allowance',
  'grossPay',
  'employeeTotal',
  'employerTotal',
  'netPay',
  'adjustmentTotal',
] as const;
export type PayrollComponent = (typeof PAYROLL_COMPONENTS)[number];

export const PAYROLL_COMPONENT_LABELS: Readonly<
  Record<PayrollComponent, { zh: string; en: string }>
> = {
  basePay: { zh: '基本工资', en: 'Base pay' },
  performancePay: { zh: '绩效工资', en: 'Performance pay' },
  allowance: { zh: '津贴', en: 'Allowances' },
  grossPay: { zh: '应发工资', en: 'Gross pay' },
  employeeTotal: { zh: '个人缴纳五险一金', en: 'Employee contributions' },
  employerTotal: { zh: '单位缴纳五险一金', en: 'Employer contributions' },
  netPay: { zh: '实发工资（调整前）', en: 'Net pay (before adjustments)' },
  adjustmentTotal: { zh: '调整', en: 'Adjustments' },
};

const componentTotals = z.object(
  Object.fromEntries(PAYROLL_COMPONENTS.map((c) => [c, z.number()])) as Record<
    PayrollComponent,
    z.ZodNumber
  >,
);
export type ComponentTotals = z.infer<typeof componentTotals>;

export const payrollRunDetail = payrollRunView.extend({
  problems: z.array(payrollProblem),
  components: componentTotals,
  byCommunity: z.array(
    z.object({
      orgUnitId: z.number().int(),
      name: z.string(),
      workers: z.number().int(),
      components: componentTotals,
    }),
  ),
  /** Pay-table versions used for the slips (a community may override its subdistrict). */
  rulesUsed: z.array(ruleRef.extend({ workers: z.number().int() })),
  approval: z
    .object({
      id: z.number().int(),
      status: z.string(),
      events: z.array(approvalEventView),
    })
    .nullable(),
  abilities: z.object({
    recompute: z.boolean(),
    adjust: z.boolean(),
    submit: z.boolean(),
    decide: z.boolean(),
    withdraw: z.boolean(),
    exportBank: z.boolean(),
    seeAmounts: z.boolean(),
  }),
});
export type PayrollRunDetail = z.infer<typeof payrollRunDetail>;

export const PAY_LINE_KINDS = [
  'earning',
  'total',
  'deduction',
  'net',
  'employer',
  'adjustment',
] as const;

export const payLineView = z.object({
  code: z.string(),
  label: z.string(),
  /** null when the caller may not see pay amounts. */
  amount: z.number().nullable(),
  kind: z.enum(PAY_LINE_KINDS),
});

export const payrollSlipView = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  month: z.string(),
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  post: z.string(),
  grade: z.number().int(),
  payGrade: z.number().int(),
  probation: z.boolean(),
  rating: z.string().nullable(),
  ratingYear: z.number().int().nullable(),
  rule: ruleRef,
  /** Amounts are null without `worker:pii`. */
  gross: z.number().nullable(),
  employee: z.number().nullable(),
  net: z.number().nullable(),
  adjustments: z.number().nullable(),
  paid: z.number().nullable(),
  amountsMasked: z.boolean(),
});
export type PayrollSlipView = z.infer<typeof payrollSlipView>;

export const payrollSlipDetail = payrollSlipView.extend({
  lines: z.array(payLineView),
  notes: z.array(z.string()),
  adjustmentItems: z.array(
    z.object({
      amount: z.number().nullable(),
      reason: z.string(),
      correctsMonth: z.string().nullable(),
    }),
  ),
});
export type PayrollSlipDetail = z.infer<typeof payrollSlipDetail>;

export const payrollSlipQuery = z.strictObject({
  q: filterText(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const payrollSlipPage = z.object({
  items: z.array(payrollSlipView),
  total: z.number().int(),
});

export const createPayrollAdjustmentBody = z.strictObject({
  workerId: z.number({ error: '请选择工作人员' }).int().positive(),
  amount: amount('调整金额'),
  reason: text(200, '调整理由'),
  /** An earlier locked month this adjustment corrects. */
  correctsMonth: payrollMonth('更正月份').optional(),
});
export type CreatePayrollAdjustmentBody = z.infer<typeof createPayrollAdjustmentBody>;

export const payrollAdjustmentView = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  amount: z.number().nullable(),
  reason: z.string(),
  correctsMonth: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type PayrollAdjustmentView = z.infer<typeof payrollAdjustmentView>;
export const payrollAdjustmentList = z.object({ items: z.array(payrollAdjustmentView) });

export const payrollAdjustmentParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  adjustmentId: z.coerce.number().int().positive(),
});

// ---------------------------------------------------------------------------------------------
// Payee bank account (收款账户)

export const payeeParams = z.strictObject({ workerId: z.coerce.number().int().positive() });

export const updatePayeeBody = z.strictObject({
  bankName: text(60, '开户银行'),
  account: z
    .string({ error: '银行账号不能为空' })
    .trim()
    .regex(/^\d{8,30}$/, { error: '银行账号应为 8 至 30 位数字' }),
  /** The payee's current version; omit when it has none yet. */
  version: z.number().int().optional(),
});
export type UpdatePayeeBody = z.infer<typeof updatePayeeBody>;

export const payeeView = z.object({
  workerId: z.number().int(),
  bankName: z.string().nullable(),
  /** Full with `worker:pii`, masked otherwise; null when none is recorded. */
  account: z.string().nullable(),
  version: z.number().int().nullable(),
});
export type PayeeView = z.infer<typeof payeeView>;

// ---------------------------------------------------------------------------------------------
// Budget forecast and what-if

export const budgetQuery = z.strictObject({
  orgUnitId: z.coerce.number({ error: '请选择单位' }).int().positive(),
  year: z.coerce
    .number({ error: '请填写年度' })
    .int({ error: '年度应为整数' })
    .min(2000, { error: '年度应在 2000 至 2099 之间' })
    .max(2099, { error: '年度应在 2000 至 2099 之间' }),
});
export type BudgetQuery = z.infer<typeof budgetQuery>;

const budgetComponents = z.object({
  basePay: z.number(),
  performancePay: z.number(),
  allowance: z.number(),
  grossPay: z.number(),
  employeeTotal: z.number(),
  employerTotal: z.number(),
  netPay: z.number(),
  /** gross + employer contributions: what the budget must hold. */
  totalCost: z.number(),
});
export type BudgetComponents = z.infer<typeof budgetComponents>;

export const budgetForecast = z.object({
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  year: z.number().int(),
  workers: z.number().int(),
  /** Workers left out (no grade, grade outside the table, no pay table in force). */
  skipped: z.number().int(),
  months: z.array(
    z.object({
      month: z.string(),
      workers: z.number().int(),
      components: budgetComponents,
      rules: z.array(ruleRef.extend({ workers: z.number().int() })),
    }),
  ),
  total: budgetComponents,
});
export type BudgetForecast = z.infer<typeof budgetForecast>;

export const whatIfQuery = z.strictObject({
  orgUnitId: z.coerce.number({ error: '请选择单位' }).int().positive(),
  baseRuleSetId: z.coerce.number({ error: '请选择现行薪酬标准' }).int().positive(),
  altRuleSetId: z.coerce.number({ error: '请选择比较的薪酬标准' }).int().positive(),
  /** How many of the largest per-worker changes to list. */
  top: z.coerce.number().int().min(1).max(500).default(50),
});
export type WhatIfQuery = z.infer<typeof whatIfQuery>;

export const whatIfResult = z.object({
  orgUnitId: z.number().int(),
  workers: z.number().int(),
  skipped: z.number().int(),
  base: ruleRef.extend({ monthly: budgetComponents, annual: budgetComponents }),
  alt: ruleRef.extend({ monthly: budgetComponents, annual: budgetComponents }),
  /** alt − base, a month and a year. */
  monthlyDifference: z.number(),
  annualDifference: z.number(),
  increased: z.number().int(),
  decreased: z.number().int(),
  unchanged: z.number().int(),
  /** The largest per-worker changes of monthly gross pay, by absolute value. */
  changes: z.array(
    z.object({
      workerId: z.number().int(),
      name: z.string(),
      orgUnitName: z.string(),
      grade: z.number().int(),
      /** Monthly gross under each; null without `worker:pii`. */
      base: z.number().nullable(),
      alt: z.number().nullable(),
      difference: z.number().nullable(),
    }),
  ),
});
export type WhatIfResult = z.infer<typeof whatIfResult>;
