// Career-system tables (职业体系): versioned rule sets, the reusable approval flow, in-app
// notifications, and staffing quotas with their manual adjustments. Kept apart from schema.ts so
// the career modules evolve without touching the foundation's file; drizzle.config.ts reads both.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { appUser, orgUnit } from './schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One version of one kind of rule at one org unit. `content` is the validated value (defaults
 * filled in). `in_force` means approved; whether it applies on a date depends on effective_from
 * and on newer versions, deeper units overriding shallower ones (see rule-sets/resolve.ts).
 */
export const ruleSet = pgTable(
  'rule_set',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    /** Copy of the unit's path (like worker.org_path), for scoped lists with one index. */
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    /** 1, 2, 3 … per (kind, org unit), in order of creation. */
    versionNo: integer('version_no').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    /** draft | pending | in_force | returned | withdrawn */
    status: text('status').notNull().default('draft'),
    content: jsonb('content').notNull(),
    note: text('note'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    submittedBy: bigint('submitted_by', { mode: 'number' }).references(() => appUser.id),
    submittedAt: ts('submitted_at'),
    approvedBy: bigint('approved_by', { mode: 'number' }).references(() => appUser.id),
    approvedAt: ts('approved_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rule_set_version_uq').on(t.kind, t.orgUnitId, t.versionNo),
    index('rule_set_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('rule_set_in_force_idx')
      .on(t.kind, t.orgUnitId, t.effectiveFrom)
      .where(sql`status = 'in_force'`),
  ],
);

/**
 * One request through the approval flow (submit → approve or return), for any subject: a rule
 * set today; recruitment plans, hires, grade changes, payroll and exits later. Deciders are the
 * holders of `required_permission` whose org unit is the deciding unit or one of its ancestors.
 */
export const approvalRequest = pgTable(
  'approval_request',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subjectType: text('subject_type').notNull(),
    subjectId: bigint('subject_id', { mode: 'number' }).notNull(),
    /** Shown in lists and notifications. */
    title: text('title').notNull(),
    /** The deciding unit: its users and those of its ancestors may decide. */
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** Path of the subject's own unit (the same as org_path unless decided higher up). */
    subjectOrgPath: text('subject_org_path').notNull(),
    requiredPermission: text('required_permission').notNull(),
    /** pending | approved | returned | withdrawn */
    status: text('status').notNull().default('pending'),
    submittedBy: bigint('submitted_by', { mode: 'number' })
      .notNull()
      .references(() => appUser.id),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => appUser.id),
    decidedAt: ts('decided_at'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('approval_request_subject_idx').on(t.subjectType, t.subjectId),
    index('approval_request_status_path_idx').on(t.status, t.orgPath.op('text_pattern_ops')),
    index('approval_request_submitter_idx').on(t.submittedBy, t.id),
  ],
);

export const approvalEvent = pgTable(
  'approval_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: bigint('request_id', { mode: 'number' })
      .notNull()
      .references(() => approvalRequest.id),
    /** submit | approve | return | withdraw | comment */
    kind: text('kind').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }).references(() => appUser.id),
    comment: text('comment'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('approval_event_request_idx').on(t.requestId, t.id)],
);

/** In-app notifications (站内消息). */
export const notification = pgTable(
  'notification',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** Web route to open, e.g. /approvals/12. */
    link: text('link'),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [
    index('notification_user_idx').on(t.userId, t.id),
    index('notification_unread_idx')
      .on(t.userId)
      .where(sql`read_at is null`),
  ],
);

/**
 * The last computed quota (员额) of each community and subdistrict, with the rule version and the
 * inputs it was computed from. A unit with no rule in force or missing inputs has quota null.
 * A derived table that only the recompute writes, 100,000 rows at a time: it has no foreign keys
 * (a per-row key check tripled the write), and needs none — units and rule versions are never
 * deleted, only deactivated or superseded.
 */
export const unitQuota = pgTable('unit_quota', {
  orgUnitId: bigint('org_unit_id', { mode: 'number' }).primaryKey(),
  quota: integer('quota'),
  byPopulation: integer('by_population'),
  byHouseholds: integer('by_households'),
  residentPopulation: integer('resident_population'),
  households: integer('households'),
  ruleSetId: bigint('rule_set_id', { mode: 'number' }),
  ruleVersionNo: integer('rule_version_no'),
  /** The date whose rule in force was used. */
  ruleDate: date('rule_date', { mode: 'string' }).notNull(),
  explanation: text('explanation').notNull(),
  computedAt: ts('computed_at').notNull(),
});

/**
 * A manual change of one unit's quota, with its reason. At most one is active per unit: a new one
 * supersedes the previous, which stays as history. `delta` adds to the computed quota; `override`
 * replaces it.
 */
export const quotaAdjustment = pgTable(
  'quota_adjustment',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** delta | override */
    mode: text('mode').notNull(),
    value: integer('value').notNull(),
    reason: text('reason').notNull(),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    active: boolean('active').notNull().default(true),
    endedBy: bigint('ended_by', { mode: 'number' }).references(() => appUser.id),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('quota_adjustment_unit_idx').on(t.orgUnitId, t.id),
    index('quota_adjustment_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    uniqueIndex('quota_adjustment_active_uq')
      .on(t.orgUnitId)
      .where(sql`active`),
  ],
);
