// Oversight and care (监督约束与关心关爱): economic responsibility audits with findings and
// rectification items, nominations of "two deputies and one member" and commendations, health
// checks, care visits and hardship aid, and burden reduction (the community task admission list
// and the requests made of communities). Every row carries the org path it is scoped by.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
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
const created = () => ({
  createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * One economic responsibility audit (经济责任审计) of a party secretary or committee director.
 * Scope is the auditing unit's path (org_path): an auditor sees the audits of its subtree.
 */
export const econAudit = pgTable(
  'econ_audit',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The unit that runs the audit (a district or subdistrict). */
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    /** party_secretary | committee_director */
    auditedRole: text('audited_role').notNull(),
    /** end_of_term | leaving_office | on_demand */
    trigger: text('trigger').notNull(),
    title: text('title').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    scope: text('scope').notNull(),
    /** planned | in_progress | reported | closed */
    status: text('status').notNull().default('planned'),
    conclusion: text('conclusion'),
    reportedAt: ts('reported_at'),
    version: integer('version').notNull().default(1),
    ...created(),
  },
  (t) => [
    index('econ_audit_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.id),
    index('econ_audit_worker_idx').on(t.workerId),
  ],
);

/** A finding of an audit: category and, where money is involved, the amount in fen. */
export const econAuditFinding = pgTable(
  'econ_audit_finding',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    auditId: bigint('audit_id', { mode: 'number' })
      .notNull()
      .references(() => econAudit.id),
    /** fiscal_discipline | asset_management | project_funds | collective_economy | other */
    category: text('category').notNull(),
    description: text('description').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    ...created(),
  },
  (t) => [index('econ_audit_finding_audit_idx').on(t.auditId)],
);

/** A rectification item (整改事项): an owner and a deadline, open until closed with a note. */
export const econAuditRectification = pgTable(
  'econ_audit_rectification',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    auditId: bigint('audit_id', { mode: 'number' })
      .notNull()
      .references(() => econAudit.id),
    findingId: bigint('finding_id', { mode: 'number' }).references(() => econAuditFinding.id),
    description: text('description').notNull(),
    ownerName: text('owner_name').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    /** open | closed */
    status: text('status').notNull().default('open'),
    closedAt: date('closed_at', { mode: 'string' }),
    closureNote: text('closure_note'),
    version: integer('version').notNull().default(1),
    ...created(),
  },
  (t) => [
    index('econ_audit_rectification_audit_idx').on(t.auditId),
    index('econ_audit_rectification_open_idx')
      .on(t.deadline)
      .where(sql`status = 'open'`),
  ],
);

/**
 * A nomination round for "two deputies and one member" (两代表一委员) opened by a unit; the
 * eligibility criteria are data stored with the round (NominationCriteria in @cwp/core).
 */
export const nominationRound = pgTable(
  'nomination_round',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** party_congress | peoples_congress | cppcc */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** The date eligibility is evaluated on. */
    referenceDate: date('reference_date', { mode: 'string' }).notNull(),
    criteria: jsonb('criteria').notNull(),
    version: integer('version').notNull().default(1),
    ...created(),
  },
  (t) => [index('nomination_round_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

/** One nominee of a round; approved up the tree (approval subject `nomination`). */
export const nomination = pgTable(
  'nomination',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    roundId: bigint('round_id', { mode: 'number' })
      .notNull()
      .references(() => nominationRound.id),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    /** The worker's unit path at nomination (scope). */
    orgPath: text('org_path').notNull(),
    reason: text('reason').notNull(),
    /** The EligibilityResult at nomination time. */
    eligibility: jsonb('eligibility').notNull(),
    /** draft | pending | approved | returned | withdrawn */
    status: text('status').notNull().default('draft'),
    /** elected | not_elected (set after approval) */
    outcome: text('outcome'),
    version: integer('version').notNull().default(1),
    ...created(),
  },
  (t) => [
    uniqueIndex('nomination_round_worker_uq').on(t.roundId, t.workerId),
    index('nomination_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
  ],
);

/** A commendation or role model (表彰/先进典型) with its citation, optionally public. */
export const commendation = pgTable(
  'commendation',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    /** commendation | role_model */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    awardingBody: text('awarding_body').notNull(),
    awardedOn: date('awarded_on', { mode: 'string' }).notNull(),
    citation: text('citation').notNull(),
    isPublic: boolean('is_public').notNull().default(false),
    version: integer('version').notNull().default(1),
    ...created(),
  },
  (t) => [index('commendation_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

/** Care settings of a unit (the deepest ancestor-or-self row applies): health-check interval. */
export const careSetting = pgTable('care_setting', {
  orgUnitId: bigint('org_unit_id', { mode: 'number' })
    .primaryKey()
    .references(() => orgUnit.id),
  orgPath: text('org_path').notNull(),
  healthCheckIntervalMonths: integer('health_check_interval_months').notNull(),
  dueSoonDays: integer('due_soon_days').notNull().default(30),
  version: integer('version').notNull().default(1),
  ...created(),
});

/** One health check of a worker. The result is sensitive (worker + care:read with worker:pii). */
export const healthCheck = pgTable(
  'health_check',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    checkDate: date('check_date', { mode: 'string' }).notNull(),
    institution: text('institution').notNull(),
    /** normal | follow_up | treatment */
    conclusion: text('conclusion').notNull(),
    findings: text('findings'),
    ...created(),
  },
  (t) => [index('health_check_worker_idx').on(t.workerId, t.checkDate)],
);

/** A care visit (走访慰问) or hardship aid (困难帮扶); the amount (fen) is sensitive. */
export const careRecord = pgTable(
  'care_record',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    /** visit | hardship_aid */
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    visitor: text('visitor'),
    ...created(),
  },
  (t) => [index('care_record_worker_idx').on(t.workerId, t.occurredOn)],
);

/** An item of the community task admission list (社区工作事项准入清单). */
export const burdenTaskItem = pgTable(
  'burden_task_item',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** The unit whose list this is (applies to the communities below it). */
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    /** form | report | meeting | signboard | certificate | other */
    kind: text('kind').notNull(),
    legalBasis: text('legal_basis').notNull(),
    issuingDepartment: text('issuing_department').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    ...created(),
  },
  (t) => [index('burden_task_item_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

/** A request made of a community; flagged (out_of_list) when it matches no admitted item. */
export const burdenRequest = pgTable(
  'burden_request',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    communityId: bigint('community_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    requestingDepartment: text('requesting_department').notNull(),
    /** form | report | meeting | signboard | certificate | other */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    taskItemId: bigint('task_item_id', { mode: 'number' }).references(() => burdenTaskItem.id),
    outOfList: boolean('out_of_list').notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    estimatedHours: numeric('estimated_hours', { precision: 8, scale: 1 }).notNull(),
    note: text('note'),
    ...created(),
  },
  (t) => [
    index('burden_request_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.requestedOn),
    index('burden_request_dept_idx').on(t.requestingDepartment),
  ],
);
