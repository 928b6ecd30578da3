// Supervision (监督约束): disclosures (党务/居务/财务公开) published to residents on a schedule, and
// complaints and reports (信访举报) filed by residents and handled by the subdistrict.
// drizzle.config.ts reads every schema*.ts.
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
import { appUser, orgUnit, worker } from './schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A disclosure schedule (公开时限), data per region: an org unit's schedule applies to every
 * community below it unless a nearer unit has one for the same kind. `rule` is the JSON of
 * DisclosureScheduleRule in @cwp/core (periodic: quarterly/monthly/yearly with a grace of N days;
 * or event-driven: within N days after the event).
 */
export const disclosureSchedule = pgTable(
  'disclosure_schedule',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** party | affairs | finance */
    kind: text('kind').notNull(),
    rule: jsonb('rule').notNull(),
    note: text('note'),
    /**
     * First day this version governs; null for the base version that applies from the start. The
     * rule on a date is the deepest unit's version with the latest effective_from <= date.
     */
    effectiveFrom: date('effective_from', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('disclosure_schedule_unit_kind_from_uq').on(
      t.orgUnitId,
      t.kind,
      sql`coalesce(${t.effectiveFrom}, '-infinity'::date)`,
    ),
  ],
);

/**
 * One version of one disclosure item (公开事项). `series_id` groups the versions of an item (the
 * first version's id); a correction is a new row with `corrects_id` pointing at the version it
 * replaces and a `correction_note`; a published row is never edited except to mark it superseded
 * or withdrawn. status: draft | pending | published | superseded | withdrawn | rejected.
 */
export const disclosure = pgTable(
  'disclosure',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    seriesId: bigint('series_id', { mode: 'number' }),
    revision: integer('revision').notNull().default(1),
    correctsId: bigint('corrects_id', { mode: 'number' }),
    correctionNote: text('correction_note'),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** For periodic items, the period key (e.g. 2026-Q3); for event items, the event date. */
    periodKey: text('period_key'),
    eventDate: date('event_date', { mode: 'string' }),
    /** Finance table: { rows: [{ category, direction: income|spending, amount (fen) }], totals }. */
    finance: jsonb('finance'),
    status: text('status').notNull().default('draft'),
    /** Due date from the schedule in force when drafted; null when no schedule applies. */
    dueDate: date('due_date', { mode: 'string' }),
    scheduleId: bigint('schedule_id', { mode: 'number' }),
    scheduleVersion: integer('schedule_version'),
    offScheduleReason: text('off_schedule_reason'),
    rejectReason: text('reject_reason'),
    withdrawReason: text('withdraw_reason'),
    publishedAt: ts('published_at'),
    publishedBy: bigint('published_by', { mode: 'number' }).references(() => appUser.id),
    withdrawnAt: ts('withdrawn_at'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('disclosure_path_idx').on(t.orgPath.op('text_pattern_ops'), t.id),
    index('disclosure_public_idx')
      .on(t.orgUnitId, t.publishedAt)
      .where(sql`status in ('published', 'superseded', 'withdrawn')`),
    index('disclosure_series_idx').on(t.seriesId),
  ],
);

/**
 * One overdue alert per (community, kind, period) so the daily job never repeats itself.
 */
export const disclosureOverdueAlert = pgTable(
  'disclosure_overdue_alert',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    kind: text('kind').notNull(),
    periodKey: text('period_key').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    recipients: integer('recipients').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('disclosure_overdue_alert_uq').on(t.orgUnitId, t.kind, t.periodKey)],
);

/**
 * A complaint or report (信访举报). Handled by the subdistrict above the community
 * (`handler_path`); `org_path` is the community's path. `subject_worker_id` names the worker it is
 * about: that worker and the users of that community never see it. The tracking code is stored
 * only as its SHA-256, so a database reader cannot follow a complaint as its submitter.
 * status: submitted | accepted | rejected | replied | closed.
 */
export const complaint = pgTable(
  'complaint',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    codeHash: text('code_hash').notNull(),
    /** The first characters of the code, shown to staff so a caller can be matched. */
    codeHint: text('code_hint').notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    handlerUnitId: bigint('handler_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    handlerPath: text('handler_path').notNull(),
    category: text('category').notNull(),
    text: text('text').notNull(),
    anonymous: boolean('anonymous').notNull().default(false),
    submitterName: text('submitter_name'),
    submitterPhone: text('submitter_phone'),
    subjectWorkerId: bigint('subject_worker_id', { mode: 'number' }).references(() => worker.id),
    subjectName: text('subject_name'),
    status: text('status').notNull().default('submitted'),
    acceptDue: date('accept_due', { mode: 'string' }).notNull(),
    replyDue: date('reply_due', { mode: 'string' }).notNull(),
    acceptedAt: ts('accepted_at'),
    repliedAt: ts('replied_at'),
    closedAt: ts('closed_at'),
    handledBy: bigint('handled_by', { mode: 'number' }).references(() => appUser.id),
    rejectReason: text('reject_reason'),
    outcome: text('outcome'),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: ts('rated_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('complaint_code_uq').on(t.codeHash),
    index('complaint_handler_idx').on(t.handlerPath.op('text_pattern_ops'), t.id),
    index('complaint_org_idx').on(t.orgPath.op('text_pattern_ops')),
  ],
);

/** Files attached to a complaint, stored by content hash under DATA_DIR (type sniffed). */
export const complaintAttachment = pgTable(
  'complaint_attachment',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: bigint('complaint_id', { mode: 'number' })
      .notNull()
      .references(() => complaint.id),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storagePath: text('storage_path').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('complaint_attachment_complaint_idx').on(t.complaintId)],
);

/** Progress notes on a complaint; `public` ones are shown to the submitter with the code. */
export const complaintEvent = pgTable(
  'complaint_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: bigint('complaint_id', { mode: 'number' })
      .notNull()
      .references(() => complaint.id),
    action: text('action').notNull(),
    note: text('note'),
    public: boolean('public').notNull().default(true),
    actorId: bigint('actor_id', { mode: 'number' }).references(() => appUser.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('complaint_event_complaint_idx').on(t.complaintId)],
);

/** Complaint deadlines (days) per region; the nearest unit's row applies, else 15 / 60 days. */
export const complaintSetting = pgTable(
  'complaint_setting',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    acceptDays: integer('accept_days').notNull(),
    replyDays: integer('reply_days').notNull(),
    /** As for disclosure_schedule: null = from the start; the latest version <= date governs. */
    effectiveFrom: date('effective_from', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('complaint_setting_unit_from_uq').on(
      t.orgUnitId,
      sql`coalesce(${t.effectiveFrom}, '-infinity'::date)`,
    ),
  ],
);
