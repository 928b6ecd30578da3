// Payroll tables (薪酬发放): one run per subdistrict and month, its pay slips (one per worker,
// every component of core's monthlyPay in its own column, so summaries are plain SQL sums and
// 100,000 slips are written with one COPY), per-worker adjustments with a reason, and the payee
// bank account a transfer list needs (encrypted like the dossier's phone).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser, orgUnit, worker } from './schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => numeric(name, { precision: 14, scale: 2 });

/**
 * A monthly payroll run of one subdistrict: draft (computed, adjustable, recomputable) →
 * submitted (in the approval flow) → locked (approved; never changes again). A returned or
 * withdrawn run goes back to draft. One run per unit and month: a locked month is corrected by
 * adjustments in a later month's run.
 */
export const payrollRun = pgTable(
  'payroll_run',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** YYYY-MM */
    month: text('month').notNull(),
    /** draft | submitted | locked */
    status: text('status').notNull().default('draft'),
    /** The pay table governing the subdistrict itself on the month's first day. */
    ruleSetId: bigint('rule_set_id', { mode: 'number' }).notNull(),
    ruleVersionNo: integer('rule_version_no').notNull(),
    workerCount: integer('worker_count').notNull().default(0),
    /** Workers that could not be computed (no grade, grade outside the table), with the reason. */
    problems: jsonb('problems')
      .notNull()
      .default(sql`'[]'::jsonb`),
    grossTotal: money('gross_total').notNull().default('0'),
    employeeTotal: money('employee_total').notNull().default('0'),
    employerTotal: money('employer_total').notNull().default('0'),
    netTotal: money('net_total').notNull().default('0'),
    adjustmentTotal: money('adjustment_total').notNull().default('0'),
    computedAt: ts('computed_at').notNull(),
    computedBy: bigint('computed_by', { mode: 'number' }).references(() => appUser.id),
    submittedBy: bigint('submitted_by', { mode: 'number' }).references(() => appUser.id),
    submittedAt: ts('submitted_at'),
    lockedBy: bigint('locked_by', { mode: 'number' }).references(() => appUser.id),
    lockedAt: ts('locked_at'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payroll_run_unit_month_uq').on(t.orgUnitId, t.month),
    index('payroll_run_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.month),
  ],
);

/**
 * One worker's pay for a run's month, as computed by core's monthlyPay, with the pay-table version
 * that governed the worker's own unit. A derived table written 100,000 rows at a time by COPY:
 * no foreign keys (a per-row key check costs more than the write); runs are never deleted.
 */
export const payrollSlip = pgTable(
  'payroll_slip',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' }).notNull(),
    workerId: bigint('worker_id', { mode: 'number' }).notNull(),
    /** The worker's unit and its path at computation time. */
    orgUnitId: bigint('org_unit_id', { mode: 'number' }).notNull(),
    orgPath: text('org_path').notNull(),
    workerName: text('worker_name').notNull(),
    post: text('post').notNull(),
    grade: integer('grade').notNull(),
    payGrade: integer('pay_grade').notNull(),
    probation: boolean('probation').notNull(),
    /** The annual rating used for performance pay, and its year; null when there was none. */
    rating: text('rating'),
    ratingYear: integer('rating_year'),
    performanceFactor: numeric('performance_factor', { precision: 8, scale: 4 }).notNull(),
    ruleSetId: bigint('rule_set_id', { mode: 'number' }).notNull(),
    ruleVersionNo: integer('rule_version_no').notNull(),
    basePay: money('base_pay').notNull(),
    performancePay: money('performance_pay').notNull(),
    allowance: money('allowance').notNull(),
    grossPay: money('gross_pay').notNull(),
    insuranceBase: money('insurance_base').notNull(),
    eePension: money('ee_pension').notNull(),
    eeMedical: money('ee_medical').notNull(),
    eeUnemployment: money('ee_unemployment').notNull(),
    eeWorkInjury: money('ee_work_injury').notNull(),
    eeMaternity: money('ee_maternity').notNull(),
    eeHousingFund: money('ee_housing_fund').notNull(),
    employeeTotal: money('employee_total').notNull(),
    erPension: money('er_pension').notNull(),
    erMedical: money('er_medical').notNull(),
    erUnemployment: money('er_unemployment').notNull(),
    erWorkInjury: money('er_work_injury').notNull(),
    erMaternity: money('er_maternity').notNull(),
    erHousingFund: money('er_housing_fund').notNull(),
    employerTotal: money('employer_total').notNull(),
    /** Gross less the employee contributions, before adjustments. */
    netPay: money('net_pay').notNull(),
    /** Sum of the worker's adjustments in this run; paid = net_pay + adjustment_total. */
    adjustmentTotal: money('adjustment_total').notNull().default('0'),
    /** How the figures were reached, in Chinese (core's notes joined by newlines). */
    notes: text('notes').notNull(),
  },
  (t) => [
    uniqueIndex('payroll_slip_run_worker_uq').on(t.runId, t.workerId),
    index('payroll_slip_worker_idx').on(t.workerId, t.runId),
  ],
);

/**
 * A manual amount added to (or deducted from) one worker's pay in a draft run, with a reason;
 * `corrects_month` names an earlier, locked month it corrects (更正以往月份).
 */
export const payrollAdjustment = pgTable(
  'payroll_adjustment',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => payrollRun.id),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    amount: money('amount').notNull(),
    reason: text('reason').notNull(),
    correctsMonth: text('corrects_month'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('payroll_adjustment_run_idx').on(t.runId, t.workerId)],
);

/** The bank account a worker's pay is transferred to (收款账户); the number is encrypted. */
export const payrollPayee = pgTable(
  'payroll_payee',
  {
    workerId: bigint('worker_id', { mode: 'number' })
      .primaryKey()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    bankName: text('bank_name').notNull(),
    accountEnc: text('account_enc').notNull(),
    accountMasked: text('account_masked').notNull(),
    version: integer('version').notNull().default(1),
    updatedBy: bigint('updated_by', { mode: 'number' }).references(() => appUser.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('payroll_payee_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);
