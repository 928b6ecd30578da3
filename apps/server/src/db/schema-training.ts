// Capacity building (能力建设), training core: plans, the course library, trainers, training and
// internship bases, sessions with enrolment and sign-in, external training records, and the
// credit-hours ledger every other source writes into through modules/training/ledger.ts
// grantHours. The training rules are rule sets of kind training_requirements (schema-career.ts).
// drizzle.config.ts reads every schema*.ts.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
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
import { appUser, orgUnit, worker, workerAttachment } from './schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Credit hours: one decimal place (half-hour lessons are common). Read back as a string. */
const hoursCol = (name: string) => numeric(name, { precision: 7, scale: 1 });

/**
 * A training plan (培训计划) owned by a city, district or subdistrict unit, or a record of a
 * national or provincial plan (is_record: kept for reference, no approval). Target groups are
 * posts, worker categories and units (each empty array = everyone). Approval subject
 * `training_plan`.
 */
export const trainingPlan = pgTable(
  'training_plan',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** national | provincial | city | district | subdistrict */
    level: text('level').notNull(),
    isRecord: boolean('is_record').notNull().default(false),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    targetPosts: text('target_posts')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    targetCategories: text('target_categories')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    targetOrgUnitIds: bigint('target_org_unit_ids', { mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    requiredHours: hoursCol('required_hours').notNull(),
    themes: text('themes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    description: text('description'),
    /** draft | pending | approved | rejected */
    status: text('status').notNull().default('draft'),
    approvalId: bigint('approval_id', { mode: 'number' }),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('training_plan_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.year)],
);

/** A course in the library (课程库), tagged with abilities (ABILITY_AREAS). */
export const trainingCourse = pgTable(
  'training_course',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    abilities: text('abilities').array().notNull(),
    /** classroom | online | on_site | case | simulation */
    format: text('format').notNull(),
    hours: hoursCol('hours').notNull(),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('training_course_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

/** A trainer (师资库): internal (optionally a worker) or external; rated by trainees. */
export const trainer = pgTable(
  'trainer',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    /** internal | external */
    kind: text('kind').notNull(),
    workerId: bigint('worker_id', { mode: 'number' }).references(() => worker.id),
    organisation: text('organisation'),
    title: text('title'),
    fields: text('fields')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    contact: text('contact'),
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('trainer_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

/** Training bases (培训基地) and internship bases (实习实践基地). */
export const trainingBase = pgTable(
  'training_base',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    /** training | internship */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    address: text('address'),
    capacity: integer('capacity').notNull(),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    description: text('description'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('training_base_org_path_idx').on(t.orgPath.op('text_pattern_ops'))],
);

/**
 * A scheduled session (培训班次) of a course. Hours and ability are copied from the course when
 * scheduled so a later course edit does not change what a completed session granted.
 */
export const trainingSession = pgTable(
  'training_session',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    courseId: bigint('course_id', { mode: 'number' })
      .notNull()
      .references(() => trainingCourse.id),
    planId: bigint('plan_id', { mode: 'number' }).references(() => trainingPlan.id),
    trainerId: bigint('trainer_id', { mode: 'number' }).references(() => trainer.id),
    baseId: bigint('base_id', { mode: 'number' }).references(() => trainingBase.id),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    location: text('location'),
    capacity: integer('capacity').notNull(),
    /**
     * QR sign-in is accepted from this many minutes before starts_at until ends_at; outside that
     * window only the organiser's manual correction signs a worker in.
     */
    signInOpensMinutes: integer('sign_in_opens_minutes').notNull().default(30),
    hours: hoursCol('hours').notNull(),
    ability: text('ability').notNull(),
    /** scheduled | completed | cancelled */
    status: text('status').notNull().default('scheduled'),
    completedAt: ts('completed_at'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('training_session_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.startsAt),
    index('training_session_plan_idx').on(t.planId),
  ],
);

/**
 * One worker on one session: enrolled, waitlisted (ordered by waitlisted_at) or withdrawn. Sign-in
 * state lives here; every scan and correction is also appended to training_sign_in.
 */
export const trainingEnrolment = pgTable(
  'training_enrolment',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: bigint('session_id', { mode: 'number' })
      .notNull()
      .references(() => trainingSession.id),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    /** enrolled | waitlisted | withdrawn */
    status: text('status').notNull(),
    waitlistedAt: ts('waitlisted_at'),
    signedInAt: ts('signed_in_at'),
    /** qr | manual */
    signInMethod: text('sign_in_method'),
    /** attended | absent; null until the organiser completes the session or corrects it. */
    attendance: text('attendance'),
    correctionReason: text('correction_reason'),
    rating: integer('rating'),
    feedback: text('feedback'),
    enrolledBy: bigint('enrolled_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('training_enrolment_session_worker_uq').on(t.sessionId, t.workerId),
    index('training_enrolment_worker_idx').on(t.workerId),
  ],
);

/** Append-only log of sign-ins: each QR scan accepted and each manual correction. */
export const trainingSignIn = pgTable(
  'training_sign_in',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: bigint('session_id', { mode: 'number' })
      .notNull()
      .references(() => trainingSession.id),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    /** qr | manual_in | manual_out */
    method: text('method').notNull(),
    /** The minute window of the QR code used (unix minutes); null for manual corrections. */
    codeWindow: bigint('code_window', { mode: 'number' }),
    reason: text('reason'),
    userId: bigint('user_id', { mode: 'number' }).references(() => appUser.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('training_sign_in_session_idx').on(t.sessionId, t.workerId)],
);

/** External training (外部培训) entered with evidence; approved records grant hours. */
export const trainingExternal = pgTable(
  'training_external',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    title: text('title').notNull(),
    provider: text('provider').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    hours: hoursCol('hours').notNull(),
    ability: text('ability').notNull(),
    evidenceAttachmentId: bigint('evidence_attachment_id', { mode: 'number' }).references(
      () => workerAttachment.id,
    ),
    note: text('note'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('training_external_worker_idx').on(t.workerId)],
);

/**
 * The credit-hours ledger (学时台账): every hour a worker earns, by year, ability area and source.
 * Unique per (worker, source type, source id) so no source grants twice; external rows use the
 * training_external id as source id.
 */
export const trainingHours = pgTable(
  'training_hours',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    year: integer('year').notNull(),
    hours: hoursCol('hours').notNull(),
    /** One of ABILITY_AREAS (seven abilities + political_policy). */
    ability: text('ability').notNull(),
    /** session | online_course | external | exam */
    sourceType: text('source_type').notNull(),
    sourceId: bigint('source_id', { mode: 'number' }),
    evidenceAttachmentId: bigint('evidence_attachment_id', { mode: 'number' }).references(
      () => workerAttachment.id,
    ),
    note: text('note'),
    grantedAt: ts('granted_at').notNull().defaultNow(),
    grantedBy: bigint('granted_by', { mode: 'number' }).references(() => appUser.id),
  },
  (t) => [
    uniqueIndex('training_hours_source_uq').on(t.workerId, t.sourceType, t.sourceId),
    // A worker's entries by year (the record, plan progress); the compliance report reads
    // training_hours_total instead.
    index('training_hours_worker_year_idx').on(t.workerId, t.year, t.hours),
  ],
);

/**
 * Running totals of the ledger per worker and year (学时年度汇总): hours and number of entries
 * (trainings), which is all the training rules count. Derived data, kept in step by statement
 * triggers on training_hours (insert, update, delete, truncate: every writer, COPY included, in
 * the writer's transaction) — see drizzle/0026_training_totals_trigger.sql. Rows written to this
 * table directly (not from those triggers) are ignored, so a restore that COPYs the ledger (whose
 * trigger rebuilds the totals) and this table in either order ends consistent. The compliance
 * report reads this instead of aggregating the ledger. A row whose count falls to 0 is deleted.
 */
export const trainingHoursTotal = pgTable(
  'training_hours_total',
  {
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    year: integer('year').notNull(),
    hours: numeric('hours', { precision: 12, scale: 1 }).notNull(),
    trainings: integer('trainings').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workerId, t.year] }),
    // The primary key with the figures: the compliance report of a province or city merge-joins
    // the workers (in id order) to each year of the window by an index-only scan of this.
    index('training_hours_total_cover_idx').on(t.workerId, t.year, t.hours, t.trainings),
    check('training_hours_total_trainings_check', sql`${t.trainings} >= 0`),
  ],
);
