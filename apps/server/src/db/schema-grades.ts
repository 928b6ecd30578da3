// Post-grade ladder (岗位等级) records: the annual grade review (晋级评审) — one run per unit subtree
// and year with one proposal per worker in scope — and single grade changes (manual adjustments
// and initial grading of an existing worker). Both go through the approval flow and, once
// approved, change worker.grade and write effective-dated worker_history rows. Every computed
// figure keeps the id and version number of the grade ladder (rule set) that produced it.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser, orgUnit, worker } from './schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One annual review of a unit's subtree for a year. Status: computing (the background job is
 * filling the proposals) → draft (HR may exclude or adjust) → pending (in approval) → applied,
 * or returned (editable again) / discarded / failed. At most one live run (anything but
 * discarded or failed) per unit and year; overlapping subtrees are refused in code.
 */
export const gradeReview = pgTable(
  'grade_review',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    year: integer('year').notNull(),
    /** The date whose ladder in force applies and to which years in grade are counted. */
    reviewDate: date('review_date', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('computing'),
    jobId: bigint('job_id', { mode: 'number' }),
    error: text('error'),
    /** Totals, refreshed after the compute and after every exclusion or adjustment. */
    total: integer('total').notNull().default(0),
    promoted: integer('promoted').notNull().default(0),
    blocked: integer('blocked').notNull().default(0),
    excluded: integer('excluded').notNull().default(0),
    adjusted: integer('adjusted').notNull().default(0),
    note: text('note'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    computedAt: ts('computed_at'),
    submittedBy: bigint('submitted_by', { mode: 'number' }).references(() => appUser.id),
    submittedAt: ts('submitted_at'),
    appliedBy: bigint('applied_by', { mode: 'number' }).references(() => appUser.id),
    appliedAt: ts('applied_at'),
    /** Grade changes written when applied. */
    appliedCount: integer('applied_count'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('grade_review_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.year),
    uniqueIndex('grade_review_live_uq')
      .on(t.orgUnitId, t.year)
      .where(sql`status not in ('discarded', 'failed')`),
  ],
);

/**
 * One worker's proposal in a review. Written 100,000 at a time with COPY, so it has no foreign
 * keys (the review owns its rows and is never deleted; workers are never deleted). `outcome` is
 * the rule's answer (promoted | blocked) with its reason; HR may exclude the worker or adjust the
 * grade with a reason of their own. The grade applied is `adjusted_grade ?? proposed_grade`
 * unless excluded.
 */
export const gradeReviewProposal = pgTable(
  'grade_review_proposal',
  {
    reviewId: bigint('review_id', { mode: 'number' }).notNull(),
    workerId: bigint('worker_id', { mode: 'number' }).notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' }).notNull(),
    orgPath: text('org_path').notNull(),
    post: text('post').notNull(),
    currentGrade: integer('current_grade'),
    proposedGrade: integer('proposed_grade'),
    outcome: text('outcome').notNull(),
    reason: text('reason').notNull(),
    /** Years counted since the last grade change (null when not computed). */
    yearsInGrade: numeric('years_in_grade', { precision: 5, scale: 2, mode: 'number' }),
    gradeSince: date('grade_since', { mode: 'string' }),
    lastRating: text('last_rating'),
    lastRatingYear: integer('last_rating_year'),
    /** Date from which the promotion takes effect (the ladder's effective month). */
    effectiveFrom: date('effective_from', { mode: 'string' }),
    ruleSetId: bigint('rule_set_id', { mode: 'number' }),
    ruleVersionNo: integer('rule_version_no'),
    excluded: boolean('excluded').notNull().default(false),
    adjustedGrade: integer('adjusted_grade'),
    hrReason: text('hr_reason'),
    hrBy: bigint('hr_by', { mode: 'number' }),
    hrAt: ts('hr_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.reviewId, t.workerId] }),
    index('grade_review_proposal_outcome_idx').on(t.reviewId, t.outcome, t.workerId),
    index('grade_review_proposal_worker_idx').on(t.workerId),
  ],
);

/**
 * A change of one worker's grade outside the annual review: a manual adjustment with a reason,
 * or the initial grading of an existing worker (with the ladder version that computed it).
 * Status: pending → applied, or returned / withdrawn.
 */
export const gradeChange = pgTable(
  'grade_change',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** adjust | initial */
    kind: text('kind').notNull(),
    fromGrade: integer('from_grade'),
    toGrade: integer('to_grade').notNull(),
    effectiveDate: date('effective_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    explanation: text('explanation'),
    ruleSetId: bigint('rule_set_id', { mode: 'number' }),
    ruleVersionNo: integer('rule_version_no'),
    status: text('status').notNull().default('pending'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    decidedAt: ts('decided_at'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('grade_change_worker_idx').on(t.workerId, t.id),
    index('grade_change_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.id),
    uniqueIndex('grade_change_pending_uq')
      .on(t.workerId)
      .where(sql`status = 'pending'`),
  ],
);
