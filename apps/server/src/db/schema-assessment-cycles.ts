// Assessment cycles (考核周期): one cycle per unit and period under the region's scheme (a rule set
// of kind assessment_scheme), one entry per assessed worker (self-assessment, computed proposal with reasons,
// adjustment, appeal), the raters' scores, source data entered by hand, and the effect proposals.
// The final rating of each entry is written to assessment_result (source 'cycle').
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser, orgUnit, textC, worker } from './schema';
import { ruleSet } from './schema-career';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One cycle for a unit's subtree and one period. status: open (self-assessment and ratings) →
 * computed (proposal, adjustable) → pending (approval) → approved → published (appeal window) →
 * final. A returned approval goes back to computed.
 */
export const assessmentCycle = pgTable(
  'assessment_cycle',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    year: integer('year').notNull(),
    /** annual | q1..q4 | m01..m12 */
    period: text('period').notNull(),
    title: text('title').notNull(),
    /** The rule set (kind assessment_scheme) in force for the unit when the cycle opened. */
    schemeId: bigint('scheme_id', { mode: 'number' })
      .notNull()
      .references(() => ruleSet.id),
    /** That rule set's version number. */
    schemeVersion: integer('scheme_version').notNull(),
    status: text('status').notNull().default('open'),
    computedAt: ts('computed_at'),
    publishedAt: ts('published_at'),
    appealDeadline: date('appeal_deadline', { mode: 'string' }),
    finalizedAt: ts('finalized_at'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('assessment_cycle_unit_period_uq').on(t.orgUnitId, t.year, t.period),
    index('assessment_cycle_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
  ],
);

/** One assessed worker in a cycle. */
export const assessmentCycleEntry = pgTable(
  'assessment_cycle_entry',
  {
    cycleId: bigint('cycle_id', { mode: 'number' })
      .notNull()
      .references(() => assessmentCycle.id),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    /**
     * The worker's unit path when the cycle opened (scope inside the cycle), byte-wise so
     * `assessment_cycle_entry_path_idx` serves the scope and the lists' order.
     */
    orgPath: textC('org_path').notNull(),
    selfSummary: text('self_summary'),
    selfSubmittedAt: ts('self_submitted_at'),
    /** Source data used by the last computation (survey %, unexcused absence days). */
    satisfactionPct: numeric('satisfaction_pct', { precision: 5, scale: 2, mode: 'number' }),
    absenceDays: numeric('absence_days', { precision: 6, scale: 1, mode: 'number' }),
    /** Where absenceDays came from: attendance (monthly summary) | entered (for the cycle). */
    absenceSource: text('absence_source'),
    score: numeric('score', { precision: 5, scale: 2, mode: 'number' }),
    sourceScores: jsonb('source_scores'),
    proposedRating: text('proposed_rating'),
    reasons: jsonb('reasons'),
    /** The rating in force: the proposal, or the adjustment. */
    rating: text('rating'),
    adjustReason: text('adjust_reason'),
    adjustedBy: bigint('adjusted_by', { mode: 'number' }).references(() => appUser.id),
    /** none | pending | upheld | changed */
    appealStatus: text('appeal_status').notNull().default('none'),
    appealText: text('appeal_text'),
    appealedAt: ts('appealed_at'),
    appealReply: text('appeal_reply'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.cycleId, t.workerId] }),
    index('assessment_cycle_entry_worker_idx').on(t.workerId),
    index('assessment_cycle_entry_path_idx').on(t.cycleId, t.orgPath, t.workerId),
  ],
);

/** One rater's scores (0–100 per dimension) for one worker from one source. */
export const assessmentCycleScore = pgTable(
  'assessment_cycle_score',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cycleId: bigint('cycle_id', { mode: 'number' })
      .notNull()
      .references(() => assessmentCycle.id),
    workerId: bigint('worker_id', { mode: 'number' }).notNull(),
    /** self | community_panel | subdistrict_panel | peer */
    source: text('source').notNull(),
    /** Who rated (a user, a panel member's name, or "self"). */
    rater: text('rater').notNull(),
    politicalQuality: numeric('political_quality', { precision: 5, scale: 2, mode: 'number' }),
    performance: numeric('performance', { precision: 5, scale: 2, mode: 'number' }),
    residentSatisfaction: numeric('resident_satisfaction', {
      precision: 5,
      scale: 2,
      mode: 'number',
    }),
    recordedBy: bigint('recorded_by', { mode: 'number' }).references(() => appUser.id),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('assessment_cycle_score_uq').on(t.cycleId, t.workerId, t.source, t.rater)],
);

/**
 * Source data entered for a cycle (satisfaction %, unexcused absence days) where the survey or
 * attendance modules have none; entered values take precedence over the modules' figures.
 */
export const assessmentCycleInput = pgTable(
  'assessment_cycle_input',
  {
    cycleId: bigint('cycle_id', { mode: 'number' })
      .notNull()
      .references(() => assessmentCycle.id),
    workerId: bigint('worker_id', { mode: 'number' }).notNull(),
    satisfactionPct: numeric('satisfaction_pct', { precision: 5, scale: 2, mode: 'number' }),
    absenceDays: numeric('absence_days', { precision: 6, scale: 1, mode: 'number' }),
    recordedBy: bigint('recorded_by', { mode: 'number' }).references(() => appUser.id),
    recordedAt: ts('recorded_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cycleId, t.workerId] })],
);

/**
 * What a final result proposes (grade promotion, performance pay level, contract): decided by a
 * person (assessment:approve). An approved contract proposal adds a note to the active contract.
 * status: pending | approved | rejected
 */
export const assessmentEffect = pgTable(
  'assessment_effect',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cycleId: bigint('cycle_id', { mode: 'number' })
      .notNull()
      .references(() => assessmentCycle.id),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: textC('org_path').notNull(),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('pending'),
    contractId: bigint('contract_id', { mode: 'number' }),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => appUser.id),
    decidedAt: ts('decided_at'),
    comment: text('comment'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('assessment_effect_uq').on(t.cycleId, t.workerId, t.kind),
    // The list walks a scope's proposals in unit order (contract proposals first, from their own
    // small index) and stops after the page; org_path is byte-wise, so one btree serves the scope's
    // LIKE and the order.
    index('assessment_effect_path_idx').on(t.orgPath, t.workerId, t.id),
    index('assessment_effect_contract_idx')
      .on(t.orgPath, t.workerId, t.id)
      .where(sql`kind = 'contract'`),
  ],
);
