// Management (管理制度), daily work, rewards and sanctions, and exit: daily check-ins, duty rosters,
// work logs (民情日志), leave requests with per-region quotas, the holiday calendar, reward and
// sanction records, exits with their checklist, and the statutory retirement ages as data.
// drizzle.config.ts reads every schema*.ts.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser, orgUnit, worker } from './schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One daily check-in (打卡) of one worker; at most one per worker and day. */
export const attendanceCheckIn = pgTable(
  'attendance_check_in',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    /** The calendar day in Asia/Shanghai. */
    day: date('day', { mode: 'string' }).notNull(),
    checkedAt: ts('checked_at').notNull().defaultNow(),
    locationNote: text('location_note'),
    userId: bigint('user_id', { mode: 'number' }).references(() => appUser.id),
  },
  (t) => [
    uniqueIndex('attendance_check_in_worker_day_uq').on(t.workerId, t.day),
    index('attendance_check_in_org_day_idx').on(t.orgPath.op('text_pattern_ops'), t.day),
  ],
);

/** Who is on duty (值班) on which day in a community. */
export const dutyRoster = pgTable(
  'duty_roster',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    note: text('note'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('duty_roster_unit_day_worker_uq').on(t.orgUnitId, t.day, t.workerId),
    index('duty_roster_org_day_idx').on(t.orgPath.op('text_pattern_ops'), t.day),
    index('duty_roster_worker_day_idx').on(t.workerId, t.day),
  ],
);

/** A work log entry (民情日志) written by a worker, with a category. */
export const workLog = pgTable(
  'work_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    category: text('category').notNull(),
    content: text('content').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('work_log_worker_day_idx').on(t.workerId, t.day),
    index('work_log_org_day_idx').on(t.orgPath.op('text_pattern_ops'), t.day, t.id),
  ],
);

/**
 * Leave days per year and leave type granted in a region (the unit and its subtree); the nearest
 * ancestor's row applies to a worker. Data, not code: each region sets its own.
 */
export const leaveQuota = pgTable(
  'leave_quota',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    leaveType: text('leave_type').notNull(),
    daysPerYear: numeric('days_per_year', { precision: 5, scale: 1, mode: 'number' }).notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('leave_quota_unit_type_uq').on(t.orgUnitId, t.leaveType)],
);

/** A leave request (请假) of one worker, approved or rejected by the community/subdistrict. */
export const leaveRequest = pgTable(
  'leave_request',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    leaveType: text('leave_type').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** Working days the leave covers (weekends and holidays skipped), counted at submission. */
    days: integer('days').notNull(),
    reason: text('reason'),
    /** pending | approved | rejected | cancelled */
    status: text('status').notNull().default('pending'),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => appUser.id),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('leave_request_worker_idx').on(t.workerId, t.startDate),
    index('leave_request_org_idx').on(t.orgPath.op('text_pattern_ops'), t.status, t.id),
  ],
);

/**
 * The holiday calendar: `holiday` marks a weekday off, `workday` marks a weekend day worked
 * (调休). Days not listed follow Monday–Friday.
 */
export const holidayCalendar = pgTable('holiday_calendar', {
  day: date('day', { mode: 'string' }).primaryKey(),
  /** holiday | workday */
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** A reward (奖励) or sanction (处分) record of one worker. */
export const rewardSanction = pgTable(
  'reward_sanction',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    /** The worker's unit when recorded, for counts per unit. */
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** reward | sanction */
    kind: text('kind').notNull(),
    level: text('level').notNull(),
    title: text('title').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    issuingBody: text('issuing_body').notNull(),
    documentNo: text('document_no'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('reward_sanction_worker_idx').on(t.workerId, t.date),
    index('reward_sanction_org_idx').on(t.orgPath.op('text_pattern_ops'), t.date),
  ],
);

/**
 * One exit (离职/退出) of a worker: type, reason, the checklist (each item's completion time and
 * user), the approval, and its completion. At most one open exit per worker; a re-hire closes
 * the loop with rehired_at.
 */
export const workerExit = pgTable(
  'worker_exit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** resignation | dismissal | non_renewal | retirement | transfer_out */
    type: text('type').notNull(),
    reason: text('reason').notNull(),
    exitDate: date('exit_date', { mode: 'string' }).notNull(),
    /** For transfer_out: where to, and whether into the civil service / a public institution. */
    destination: text('destination'),
    destinationKind: text('destination_kind'),
    /** draft | pending | approved | returned | cancelled */
    status: text('status').notNull().default('draft'),
    handoverAt: ts('handover_at'),
    handoverBy: bigint('handover_by', { mode: 'number' }).references(() => appUser.id),
    contractEndedAt: ts('contract_ended_at'),
    contractEndedBy: bigint('contract_ended_by', { mode: 'number' }).references(() => appUser.id),
    insuranceStoppedAt: ts('insurance_stopped_at'),
    insuranceStoppedBy: bigint('insurance_stopped_by', { mode: 'number' }).references(
      () => appUser.id,
    ),
    accountsDisabledAt: ts('accounts_disabled_at'),
    accountsDisabledBy: bigint('accounts_disabled_by', { mode: 'number' }).references(
      () => appUser.id,
    ),
    finalPayAt: ts('final_pay_at'),
    finalPayBy: bigint('final_pay_by', { mode: 'number' }).references(() => appUser.id),
    /** The worker's status before the exit (restored on nothing; kept for the record). */
    previousStatus: text('previous_status'),
    approvalRequestId: bigint('approval_request_id', { mode: 'number' }),
    approvedAt: ts('approved_at'),
    /**
     * When the approved exit took effect (worker exited, accounts disabled, contract ended, status
     * history): at approval when the exit date has come, else by the daily job on that date.
     */
    appliedAt: ts('applied_at'),
    rehiredAt: ts('rehired_at'),
    rehireDate: date('rehire_date', { mode: 'string' }),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('worker_exit_one_open_uq')
      .on(t.workerId)
      .where(sql`status in ('draft', 'pending')`),
    index('worker_exit_worker_idx').on(t.workerId),
    index('worker_exit_org_date_idx').on(t.orgPath.op('text_pattern_ops'), t.exitDate),
    index('worker_exit_due_idx')
      .on(t.exitDate)
      .where(sql`status = 'approved' and applied_at is null`),
  ],
);

/**
 * Statutory retirement age per sex as data: the base age in months, and the gradual raise (e.g.
 * the 2025 rule: from raise_from, one month more for every raise_every_months months of birth
 * after the base cohort, up to target_age_months).
 */
export const retirementAgeRule = pgTable(
  'retirement_age_rule',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** male | female (as worker.sex) */
    sex: text('sex').notNull(),
    label: text('label').notNull(),
    baseAgeMonths: integer('base_age_months').notNull(),
    raiseFrom: date('raise_from', { mode: 'string' }),
    raiseEveryMonths: integer('raise_every_months'),
    targetAgeMonths: integer('target_age_months'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('retirement_age_rule_sex_uq').on(t.sex)],
);
