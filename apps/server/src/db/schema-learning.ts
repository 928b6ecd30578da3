// Online learning (线上培训) and social-work qualifications (职业资格): online courses with content
// items stored under DATA_DIR, per-worker progress (video heartbeats, documents read), quizzes and
// attempts, completions (which grant credit hours once through training/ledger.ts), exam
// registrations, certificates and the certification goal per region. drizzle.config.ts reads
// every schema*.ts.
import {
  bigint,
  bigserial,
  date,
  doublePrecision,
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
import { appUser, orgUnit, worker } from './schema';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An online course (线上课程) owned by a unit; the workers of that unit's subtree may take it once
 * published. Hours and ability are what completion grants (copied to the ledger on completion).
 */
export const onlineCourse = pgTable(
  'online_course',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' })
      .notNull()
      .references(() => orgUnit.id),
    orgPath: text('org_path').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /** One of ABILITY_AREAS. */
    ability: text('ability').notNull(),
    hours: numeric('hours', { precision: 7, scale: 1 }).notNull(),
    /** Pass mark of the quiz, percent (0–100). */
    passMark: integer('pass_mark').notNull(),
    /** Quiz attempts allowed per worker. */
    maxAttempts: integer('max_attempts').notNull(),
    /** draft | published | archived */
    status: text('status').notNull().default('draft'),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('online_course_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.status)],
);

/**
 * One content item of a course: a PDF or video file (stored by content hash, type sniffed from
 * the bytes) or rich text (plain paragraphs, rendered as text, never as HTML).
 */
export const onlineCourseItem = pgTable(
  'online_course_item',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    courseId: bigint('course_id', { mode: 'number' })
      .notNull()
      .references(() => onlineCourse.id),
    seq: integer('seq').notNull(),
    /** pdf | video | text */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    fileName: text('file_name'),
    mimeType: text('mime_type'),
    size: bigint('size', { mode: 'number' }),
    sha256: text('sha256'),
    storagePath: text('storage_path'),
    /** Video length in seconds, entered by the course manager; progress is checked against it. */
    durationSeconds: integer('duration_seconds'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('online_course_item_seq_uq').on(t.courseId, t.seq)],
);

/** A worker's progress on one item; video state is what the heartbeat check needs. */
export const onlineProgress = pgTable(
  'online_progress',
  {
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    itemId: bigint('item_id', { mode: 'number' })
      .notNull()
      .references(() => onlineCourseItem.id),
    courseId: bigint('course_id', { mode: 'number' })
      .notNull()
      .references(() => onlineCourse.id),
    watchedSeconds: doublePrecision('watched_seconds').notNull().default(0),
    position: doublePrecision('position').notNull().default(0),
    lastHeartbeatAt: ts('last_heartbeat_at'),
    ignoredHeartbeats: integer('ignored_heartbeats').notNull().default(0),
    completedAt: ts('completed_at'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workerId, t.itemId] }),
    index('online_progress_course_idx').on(t.workerId, t.courseId),
  ],
);

/** A quiz question of a course: single or multiple choice; `correct` holds option indexes. */
export const onlineQuizQuestion = pgTable(
  'online_quiz_question',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    courseId: bigint('course_id', { mode: 'number' })
      .notNull()
      .references(() => onlineCourse.id),
    seq: integer('seq').notNull(),
    /** single | multiple */
    kind: text('kind').notNull(),
    prompt: text('prompt').notNull(),
    options: jsonb('options').$type<string[]>().notNull(),
    correct: jsonb('correct').$type<number[]>().notNull(),
    points: integer('points').notNull(),
  },
  (t) => [uniqueIndex('online_quiz_question_seq_uq').on(t.courseId, t.seq)],
);

/**
 * A graded quiz attempt. `submission_key` is chosen by the client per attempt, so an answer sheet
 * posted twice (double click, retry after a lost response) is counted once.
 */
export const onlineQuizAttempt = pgTable(
  'online_quiz_attempt',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    courseId: bigint('course_id', { mode: 'number' })
      .notNull()
      .references(() => onlineCourse.id),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    attemptNo: integer('attempt_no').notNull(),
    submissionKey: text('submission_key').notNull(),
    answers: jsonb('answers').$type<{ questionId: number; chosen: number[] }[]>().notNull(),
    score: numeric('score', { precision: 5, scale: 1 }).notNull(),
    passed: integer('passed').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('online_quiz_attempt_key_uq').on(t.workerId, t.courseId, t.submissionKey),
    uniqueIndex('online_quiz_attempt_no_uq').on(t.workerId, t.courseId, t.attemptNo),
  ],
);

/** Completion of a course by a worker: written once; the hours go to training_hours with it. */
export const onlineCompletion = pgTable(
  'online_completion',
  {
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    courseId: bigint('course_id', { mode: 'number' })
      .notNull()
      .references(() => onlineCourse.id),
    hours: numeric('hours', { precision: 7, scale: 1 }).notNull(),
    ability: text('ability').notNull(),
    year: integer('year').notNull(),
    completedAt: ts('completed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workerId, t.courseId] })],
);

/** Registration for the national social-work qualification exam (职业资格考试报名). */
export const qualificationExam = pgTable(
  'qualification_exam',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    year: integer('year').notNull(),
    /** assistant | intermediate | senior */
    level: text('level').notNull(),
    /** registered | passed | failed | absent */
    status: text('status').notNull().default('registered'),
    score: numeric('score', { precision: 5, scale: 1 }),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('qualification_exam_uq').on(t.workerId, t.year, t.level),
    index('qualification_exam_org_path_idx').on(t.orgPath.op('text_pattern_ops'), t.year),
  ],
);

/**
 * A social-work qualification certificate held by a worker. Recording one updates the dossier
 * (worker.qualification / cert_number / cert_date through the workers service) and, when the
 * ladder's qualification bonus changes the grade, proposes a grade change (grade_change_id).
 */
export const qualificationCertificate = pgTable(
  'qualification_certificate',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerId: bigint('worker_id', { mode: 'number' })
      .notNull()
      .references(() => worker.id),
    orgPath: text('org_path').notNull(),
    level: text('level').notNull(),
    certNumber: text('cert_number').notNull(),
    certDate: date('cert_date', { mode: 'string' }).notNull(),
    examId: bigint('exam_id', { mode: 'number' }).references(() => qualificationExam.id),
    gradeChangeId: bigint('grade_change_id', { mode: 'number' }),
    createdBy: bigint('created_by', { mode: 'number' }).references(() => appUser.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('qualification_certificate_number_uq').on(t.certNumber),
    index('qualification_certificate_worker_idx').on(t.workerId),
    index('qualification_certificate_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
  ],
);

/**
 * The certification goal (持证目标) of a unit: the share of its workers that should hold a
 * qualification. A unit without its own goal uses the nearest ancestor's.
 */
export const qualificationGoal = pgTable('qualification_goal', {
  orgUnitId: bigint('org_unit_id', { mode: 'number' })
    .primaryKey()
    .references(() => orgUnit.id),
  orgPath: text('org_path').notNull(),
  targetShare: numeric('target_share', { precision: 4, scale: 3 }).notNull(),
  updatedBy: bigint('updated_by', { mode: 'number' }).references(() => appUser.id),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
