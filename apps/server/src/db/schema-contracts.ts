// Contracts and insurance (劳动合同与社保) and career channels (职业发展通道): labour contracts
// signed by the subdistrict, their expiry reminders, the five insurances and housing fund per
// worker as effective-dated records, and records of moves into civil-service or public-institution
// posts, tutor roles and reserve pools. drizzle.config.ts reads every schema*.ts.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser, orgUnit, worker } from './schema';
import { ruleSet } from './schema-career';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One labour contract (劳动合同). A renewal is a new row linked to the previous one through
 * previous_id; `seq` counts a worker's contracts (1, 2, 3 …). The signing unit is the subdistrict
 * above the worker's unit at signing time; scope follows the worker's current unit (worker.org_path).
 * Term and probation come from the contract_insurance rule set in force, whose id and version
 * number are stored with the row.
 */
export const laborContract = pgTable(
  'labor_contract',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    seq: integer('seq').notNull(),
    previousId: bigint('previous_id', { mode: 'number' }),
    /** The signing subdistrict (or the worker's own unit when it has no subdistrict above it). */
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** fixed_term | open_ended */
    type: text('type').notNull(),
    /** Whole months of a fixed-term contract; null when open-ended. */
    termMonths: integer('term_months'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    /** Last day of a fixed-term contract; null when open-ended. */
    endDate: date('end_date', { mode: 'string' }),
    probationMonths: integer('probation_months').notNull().default(0),
    probationEnd: date('probation_end', { mode: 'string' }),
    /** active | renewed | terminated */
    status: text('status').notNull().default('active'),
    terminationDate: date('termination_date', { mode: 'string' }),
    terminationReason: text('termination_reason'),
    ruleSetId: bigint('rule_set_id', { mode: 'number' }).references(() => ruleSet.id),
    ruleSetVersion: integer('rule_set_version'),
    note: text('note'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('labor_contract_worker_seq_uq').on(t.workerId, t.seq),
    // At most one active contract per worker.
    uniqueIndex('labor_contract_one_active_uq')
      .on(t.workerId)
      .where(sql`status = 'active'`),
    // With the worker and the id, the expiring list and its count read a unit's expiring
    // contracts from the index alone (joined to the unit's workers), not each one's row.
    index('labor_contract_expiry_idx')
      .on(t.endDate, t.workerId, t.id)
      .where(sql`status = 'active'`),
    index('labor_contract_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
  ],
);

/**
 * One expiry reminder sent (or being sent) for one contract and one threshold. The primary key
 * makes the daily run idempotent: a second run, or a second instance, inserts nothing.
 */
export const laborContractReminder = pgTable(
  'labor_contract_reminder',
  {
    contractId: bigint('contract_id', { mode: 'number' })
      .notNull()
      .references(() => laborContract.id),
    daysBefore: integer('days_before').notNull(),
    remindOn: date('remind_on', { mode: 'string' }).notNull(),
    recipients: integer('recipients').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.contractId, t.daysBefore] })],
);

/**
 * Runs of scheduled tasks keyed by task and period (e.g. `contract_reminders:2026-11-26`): the
 * first instance to insert the key runs the task; the others see the conflict and skip it.
 */
export const scheduledRun = pgTable('scheduled_run', {
  key: text('key').primaryKey(),
  jobId: bigint('job_id', { mode: 'number' }),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * Five insurances and housing fund (五险一金) as effective-dated records: each row is the state of
 * one kind for one worker from effective_from until the next row of the same kind. Kinds are
 * @cwp/core INSURANCE_KINDS (pension, medical, unemployment, workInjury, maternity, housingFund).
 * The base is money in cents and sensitive.
 */
export const socialInsurance = pgTable(
  'social_insurance',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    kind: text('kind').notNull(),
    /** paying | suspended | stopped */
    status: text('status').notNull(),
    baseCents: bigint('base_cents', { mode: 'number' }).notNull(),
    /** When the worker first joined this insurance (参保日期); copied forward on changes. */
    startDate: date('start_date', { mode: 'string' }).notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    accountNo: text('account_no'),
    note: text('note'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('social_insurance_worker_kind_from_uq').on(t.workerId, t.kind, t.effectiveFrom),
  ],
);

/**
 * Career-channel records (职业发展通道): `civil_service` and `public_institution` transfers
 * (career_transfer), `tutor` roles and `reserve_pool` entries. org_path is the worker's unit at
 * the time, so the leaders' counts stay right after the worker moves or leaves.
 */
export const careerRecord = pgTable(
  'career_record',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }),
    /** The destination organisation, tutor role or reserve pool. */
    destination: text('destination').notNull(),
    note: text('note'),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('career_record_worker_idx').on(t.workerId, t.occurredOn),
    index('career_record_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.occurredOn),
  ],
);
