// Recruitment tables (选聘): plans with their posts, the applications received on the public form
// (personal data encrypted like the worker's), their attachments, objections raised during the
// public notice, and hire requests that go through the approval flow.
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
const score = (name: string) => numeric(name, { precision: 6, scale: 2, mode: 'number' });

/**
 * A recruitment plan of a subdistrict or district. `conditions` holds the plan's own conditions
 * (age, education, majors, household registration, qualification); the rule set they were
 * checked against is kept with the plan.
 */
export const recruitmentPlan = pgTable(
  'recruitment_plan',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    announcement: text('announcement').notNull(),
    /** draft | pending | returned | approved | published | closed | withdrawn */
    status: text('status').notNull().default('draft'),
    applicationStart: date('application_start', { mode: 'string' }).notNull(),
    applicationEnd: date('application_end', { mode: 'string' }).notNull(),
    examDate: date('exam_date', { mode: 'string' }),
    publishedOn: date('published_on', { mode: 'string' }),
    conditions: jsonb('conditions').notNull(),
    writtenWeight: numeric('written_weight', { precision: 4, scale: 3, mode: 'number' }).notNull(),
    interviewWeight: numeric('interview_weight', {
      precision: 4,
      scale: 3,
      mode: 'number',
    }).notNull(),
    tieBreak: text('tie_break').notNull(),
    publicNoticeWorkingDays: integer('public_notice_working_days').notNull(),
    ruleSetId: bigint('rule_set_id', { mode: 'number' }),
    ruleVersionNo: integer('rule_version_no'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    submittedBy: bigint('submitted_by', { mode: 'number' }).references(() => appUser.id),
    approvedBy: bigint('approved_by', { mode: 'number' }).references(() => appUser.id),
    approvedAt: ts('approved_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('recruitment_plan_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.id),
    index('recruitment_plan_published_idx')
      .on(t.applicationEnd)
      .where(sql`status = 'published'`),
  ],
);

/** One post of a plan: where the hire will work, which post and category, how many. */
export const recruitmentPost = pgTable(
  'recruitment_post',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    planId: bigint('plan_id', { mode: 'number' })
      .notNull()
      .references(() => recruitmentPlan.id, { onDelete: 'cascade' }),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    title: text('title').notNull(),
    post: text('post').notNull(),
    category: text('category').notNull(),
    headcount: integer('headcount').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('recruitment_post_plan_idx').on(t.planId)],
);

/**
 * An application from the public form. ID number and phone are ciphertext + blind index + mask
 * (as on `worker`); one application per person per plan is the unique (plan, id hash) key.
 */
export const recruitmentApplication = pgTable(
  'recruitment_application',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    planId: bigint('plan_id', { mode: 'number' })
      .notNull()
      .references(() => recruitmentPlan.id),
    postId: bigint('post_id', { mode: 'number' })
      .notNull()
      .references(() => recruitmentPost.id),
    /** Copy of the plan's org path, for scoped lists. */
    orgPath: text('org_path').notNull(),
    /** The applicant's code (报名编号) for the status lookup. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberHash: text('id_number_hash').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    sex: text('sex').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    ethnicity: text('ethnicity').notNull(),
    politicalStatus: text('political_status').notNull(),
    education: text('education').notNull(),
    school: text('school'),
    major: text('major'),
    householdRegistration: text('household_registration').notNull(),
    qualification: text('qualification'),
    certNumber: text('cert_number'),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    /** submitted | rejected | qualified | candidate | not_selected | removed | hire_pending | hired */
    status: text('status').notNull().default('submitted'),
    eligible: boolean('eligible').notNull(),
    eligibilityReasons: jsonb('eligibility_reasons').notNull(),
    reviewReason: text('review_reason'),
    reviewedBy: bigint('reviewed_by', { mode: 'number' }).references(() => appUser.id),
    reviewedAt: ts('reviewed_at'),
    writtenScore: score('written_score'),
    interviewScore: score('interview_score'),
    combinedScore: numeric('combined_score', { precision: 7, scale: 3, mode: 'number' }),
    rank: integer('rank'),
    tieNote: text('tie_note'),
    medicalResult: text('medical_result'),
    medicalNote: text('medical_note'),
    backgroundResult: text('background_result'),
    backgroundNote: text('background_note'),
    noticeStart: date('notice_start', { mode: 'string' }),
    noticeEnd: date('notice_end', { mode: 'string' }),
    removedReason: text('removed_reason'),
    hireId: bigint('hire_id', { mode: 'number' }),
    workerId: bigint('worker_id', { mode: 'number' }).references(() => worker.id),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('recruitment_application_person_uq').on(t.planId, t.idNumberHash),
    uniqueIndex('recruitment_application_code_uq').on(t.code),
    index('recruitment_application_plan_idx').on(t.planId, t.postId, t.id),
  ],
);

export const recruitmentAttachment = pgTable(
  'recruitment_attachment',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: bigint('application_id', { mode: 'number' })
      .notNull()
      .references(() => recruitmentApplication.id),
    fileName: text('file_name').notNull(),
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storagePath: text('storage_path').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('recruitment_attachment_application_idx').on(t.applicationId)],
);

/** An objection (异议) received during the public notice, and how it was handled. */
export const recruitmentObjection = pgTable(
  'recruitment_objection',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    planId: bigint('plan_id', { mode: 'number' })
      .notNull()
      .references(() => recruitmentPlan.id),
    applicationId: bigint('application_id', { mode: 'number' })
      .notNull()
      .references(() => recruitmentApplication.id),
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    objector: text('objector'),
    content: text('content').notNull(),
    /** received | handled */
    status: text('status').notNull().default('received'),
    /** sustained | dismissed */
    outcome: text('outcome'),
    note: text('note'),
    recordedBy: bigint('recorded_by', { mode: 'number' }).references(() => appUser.id),
    handledBy: bigint('handled_by', { mode: 'number' }).references(() => appUser.id),
    handledAt: ts('handled_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('recruitment_objection_plan_idx').on(t.planId)],
);

/** A hire request for one or more candidates of a plan, decided through the approval flow. */
export const recruitmentHire = pgTable(
  'recruitment_hire',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    planId: bigint('plan_id', { mode: 'number' })
      .notNull()
      .references(() => recruitmentPlan.id),
    orgPath: text('org_path').notNull(),
    /** pending | approved | returned | withdrawn */
    status: text('status').notNull().default('pending'),
    hireDate: date('hire_date', { mode: 'string' }).notNull(),
    applicationIds: jsonb('application_ids').notNull(),
    submittedBy: bigint('submitted_by', { mode: 'number' }).references(() => appUser.id),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => appUser.id),
    decidedAt: ts('decided_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('recruitment_hire_plan_idx').on(t.planId)],
);
