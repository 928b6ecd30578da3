// Capacity building (能力建设), training core: plans with approval, the course library, trainers,
// training and internship bases, sessions with enrolment, waiting list and rotating-QR sign-in,
// the credit-hours ledger with external training, training rules (versioned data) and the
// compliance report per unit subtree. Online learning and qualifications live in learning.ts.
import { ABILITY_AREAS, TRAINING_SOURCE_TYPES } from '@cwp/core';
import { z } from 'zod';
import { pageQuery, text } from './common';
import { isoDate } from './workers';

export { ABILITY_AREAS, TRAINING_SOURCE_TYPES };
export const TRAINING_PLAN_LEVELS = [
  'national',
  'provincial',
  'city',
  'district',
  'subdistrict',
] as const;
export const TRAINING_PLAN_STATUSES = [
  'draft',
  'pending',
  'approved',
  'returned',
  'withdrawn',
] as const;
export const COURSE_FORMATS = ['classroom', 'online', 'on_site', 'case', 'simulation'] as const;
export const TRAINER_KINDS = ['internal', 'external'] as const;
export const TRAINING_BASE_KINDS = ['training', 'internship'] as const;
export const SESSION_STATUSES = ['scheduled', 'completed', 'cancelled'] as const;
export const ENROLMENT_STATUSES = ['enrolled', 'waitlisted', 'withdrawn'] as const;

const version = z.number({ error: '缺少版本号' }).int().positive();
const hours = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .positive({ error: `${label}应大于 0` })
    .max(1000, { error: `${label}不能超过 1000` })
    .refine((v) => Math.round(v * 10) === v * 10, { error: `${label}最多一位小数` });
const ability = z.enum(ABILITY_AREAS, { error: '能力领域无效' });
const year = z.number({ error: '年度应为数字' }).int().min(2000).max(2100);
const orgUnitId = z.number({ error: '请选择单位' }).int().positive();
const shortList = (max: number, label: string) => z.array(text(64, label)).max(max).default([]);

// ---- plans ----
export const trainingPlanBody = z.strictObject({
  orgUnitId,
  level: z.enum(TRAINING_PLAN_LEVELS, { error: '计划层级无效' }),
  year,
  title: text(200, '计划名称'),
  targetPosts: shortList(20, '岗位'),
  targetCategories: shortList(20, '人员类别'),
  targetOrgUnitIds: z.array(z.number().int().positive()).max(200).default([]),
  requiredHours: hours('要求学时'),
  themes: shortList(30, '主题'),
  description: text(2000, '说明').nullable().optional(),
});
export type TrainingPlanBody = z.infer<typeof trainingPlanBody>;
export const updateTrainingPlanBody = trainingPlanBody.extend({ version });
export const trainingPlanView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  level: z.enum(TRAINING_PLAN_LEVELS),
  isRecord: z.boolean(),
  year: z.number().int(),
  title: z.string(),
  targetPosts: z.array(z.string()),
  targetCategories: z.array(z.string()),
  targetOrgUnitIds: z.array(z.number().int()),
  requiredHours: z.number(),
  themes: z.array(z.string()),
  description: z.string().nullable(),
  status: z.enum(TRAINING_PLAN_STATUSES),
  approvalId: z.number().int().nullable(),
  version: z.number().int(),
});
export type TrainingPlanView = z.infer<typeof trainingPlanView>;
export const trainingPlanListQuery = pageQuery.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const trainingPlanPage = z.object({ items: z.array(trainingPlanView), total: z.number() });
export const submitPlanBody = z.strictObject({
  version,
  comment: text(500, '说明').nullable().optional(),
});
export const planProgressView = z.object({
  planId: z.number().int(),
  targetWorkers: z.number().int(),
  /** Target workers whose hours this year reach the plan's required hours. */
  reachedWorkers: z.number().int(),
  sessions: z.number().int(),
  completedSessions: z.number().int(),
  averageHours: z.number(),
});
export type PlanProgressView = z.infer<typeof planProgressView>;

// ---- libraries ----
export const courseBody = z.strictObject({
  orgUnitId,
  title: text(200, '课程名称'),
  abilities: z.array(ability).min(1, { error: '至少选择一个能力领域' }).max(ABILITY_AREAS.length),
  format: z.enum(COURSE_FORMATS, { error: '课程形式无效' }),
  hours: hours('学时'),
  description: text(2000, '简介').nullable().optional(),
});
export const updateCourseBody = courseBody.extend({ version, active: z.boolean().optional() });
export const courseView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  title: z.string(),
  abilities: z.array(z.string()),
  format: z.enum(COURSE_FORMATS),
  hours: z.number(),
  description: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type CourseView = z.infer<typeof courseView>;
export const libraryListQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional(),
});
export const coursePage = z.object({ items: z.array(courseView), total: z.number() });

export const trainerBody = z.strictObject({
  orgUnitId,
  name: text(50, '姓名'),
  kind: z.enum(TRAINER_KINDS, { error: '师资类型无效' }),
  workerId: z.number().int().positive().nullable().optional(),
  organisation: text(200, '单位').nullable().optional(),
  title: text(100, '职称').nullable().optional(),
  fields: shortList(20, '擅长领域'),
  contact: text(100, '联系方式').nullable().optional(),
});
export const updateTrainerBody = trainerBody.extend({ version, active: z.boolean().optional() });
export const trainerView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  name: z.string(),
  kind: z.enum(TRAINER_KINDS),
  workerId: z.number().int().nullable(),
  organisation: z.string().nullable(),
  title: z.string().nullable(),
  fields: z.array(z.string()),
  contact: z.string().nullable(),
  rating: z.number().nullable(),
  ratingCount: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});
export type TrainerView = z.infer<typeof trainerView>;
export const trainerPage = z.object({ items: z.array(trainerView), total: z.number() });

export const trainingBaseBody = z.strictObject({
  orgUnitId,
  kind: z.enum(TRAINING_BASE_KINDS, { error: '基地类型无效' }),
  name: text(200, '基地名称'),
  address: text(200, '地址').nullable().optional(),
  capacity: z.number({ error: '容量应为整数' }).int().min(1, { error: '容量至少为 1' }).max(100000),
  contactName: text(50, '联系人').nullable().optional(),
  contactPhone: text(30, '联系电话').nullable().optional(),
  description: text(2000, '简介').nullable().optional(),
});
export const updateTrainingBaseBody = trainingBaseBody.extend({
  version,
  active: z.boolean().optional(),
});
export const trainingBaseView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  kind: z.enum(TRAINING_BASE_KINDS),
  name: z.string(),
  address: z.string().nullable(),
  capacity: z.number().int(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  description: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type TrainingBaseView = z.infer<typeof trainingBaseView>;
export const trainingBasePage = z.object({ items: z.array(trainingBaseView), total: z.number() });

// ---- sessions ----
export const sessionBody = z
  .strictObject({
    orgUnitId,
    courseId: z.number({ error: '请选择课程' }).int().positive(),
    planId: z.number().int().positive().nullable().optional(),
    trainerId: z.number().int().positive().nullable().optional(),
    baseId: z.number().int().positive().nullable().optional(),
    title: text(200, '班次名称'),
    startsAt: z.iso.datetime({ offset: true, error: '开始时间格式无效' }),
    endsAt: z.iso.datetime({ offset: true, error: '结束时间格式无效' }),
    location: text(200, '地点').nullable().optional(),
    capacity: z.number({ error: '人数上限应为整数' }).int().min(1).max(10000),
    /** QR sign-in opens this many minutes before the start (default 30) and closes at the end. */
    signInOpensMinutes: z
      .number({ error: '提前签到分钟数应为整数' })
      .int({ error: '提前签到分钟数应为整数' })
      .min(0, { error: '提前签到分钟数不能小于 0' })
      .max(240, { error: '提前签到分钟数不能超过 240' })
      .optional(),
    /** Defaults to the course's hours. */
    hours: hours('学时').optional(),
    /** Defaults to the course's first ability. */
    ability: ability.optional(),
  })
  .refine((b) => Date.parse(b.endsAt) > Date.parse(b.startsAt), {
    path: ['endsAt'],
    error: '结束时间应晚于开始时间',
  });
export const sessionView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  courseId: z.number().int(),
  courseTitle: z.string(),
  planId: z.number().int().nullable(),
  trainerId: z.number().int().nullable(),
  trainerName: z.string().nullable(),
  baseId: z.number().int().nullable(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  location: z.string().nullable(),
  capacity: z.number().int(),
  signInOpensMinutes: z.number().int(),
  hours: z.number(),
  ability: z.string(),
  status: z.enum(SESSION_STATUSES),
  enrolled: z.number().int(),
  waitlisted: z.number().int(),
  signedIn: z.number().int(),
  version: z.number().int(),
});
export type SessionView = z.infer<typeof sessionView>;
export const sessionListQuery = pageQuery.extend({
  status: z.enum(SESSION_STATUSES).optional(),
});
export const sessionPage = z.object({ items: z.array(sessionView), total: z.number() });

export const enrolBody = z
  .strictObject({
    workerIds: z.array(z.number().int().positive()).max(1000).default([]),
    /** Every worker in post in these units' subtrees. */
    orgUnitIds: z.array(z.number().int().positive()).max(50).default([]),
  })
  .refine((b) => b.workerIds.length + b.orgUnitIds.length > 0, {
    path: ['workerIds'],
    error: '请选择人员或单位',
  });
export const enrolResult = z.object({
  enrolled: z.number().int(),
  waitlisted: z.number().int(),
  skipped: z.number().int(),
});
export const enrolmentView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitName: z.string(),
  status: z.enum(ENROLMENT_STATUSES),
  signedInAt: z.string().nullable(),
  signInMethod: z.string().nullable(),
  attendance: z.string().nullable(),
  correctionReason: z.string().nullable(),
  rating: z.number().int().nullable(),
  version: z.number().int(),
});
export type EnrolmentView = z.infer<typeof enrolmentView>;
export const enrolmentList = z.object({ items: z.array(enrolmentView) });
export const withdrawBody = z.strictObject({ workerId: z.number().int().positive() });
export const signInCodeView = z.object({
  code: z.string(),
  /** ISO time the code stops being shown (the next minute); it is accepted one minute longer. */
  expiresAt: z.string(),
  url: z.string(),
});
export const signInBody = z.strictObject({
  code: z
    .string({ error: '签到码不能为空' })
    .trim()
    .min(1, { error: '签到码不能为空' })
    .max(200, { error: '签到码无效' }),
});
export const signInResult = z.object({
  sessionId: z.number().int(),
  sessionTitle: z.string(),
  signedInAt: z.string(),
  alreadySignedIn: z.boolean(),
});
export const correctSignInBody = z.strictObject({
  workerId: z.number().int().positive(),
  signedIn: z.boolean(),
  reason: text(200, '更正原因'),
});
export const completeSessionBody = z.strictObject({ version });
export const completeSessionResult = z.object({
  attended: z.number().int(),
  absent: z.number().int(),
  hoursGranted: z.number().int(),
});
export const feedbackBody = z.strictObject({
  rating: z.number({ error: '评分应为 1–5' }).int().min(1, { error: '评分应为 1–5' }).max(5, {
    error: '评分应为 1–5',
  }),
  feedback: text(500, '意见').nullable().optional(),
});

// ---- ledger ----
export const hoursEntryView = z.object({
  id: z.number().int(),
  year: z.number().int(),
  hours: z.number(),
  ability: z.string(),
  sourceType: z.enum(TRAINING_SOURCE_TYPES),
  sourceId: z.number().int().nullable(),
  sourceTitle: z.string().nullable(),
  note: z.string().nullable(),
  grantedAt: z.string(),
  /** Download link of the evidence of an external training entry, when one was attached. */
  evidenceUrl: z.string().nullable(),
});
export const workerHoursView = z.object({
  workerId: z.number().int(),
  year: z.number().int(),
  totalHours: z.number(),
  byAbility: z.record(z.string(), z.number()),
  entries: z.array(hoursEntryView),
});
export type WorkerHoursView = z.infer<typeof workerHoursView>;
export const workerHoursQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const externalTrainingBody = z
  .strictObject({
    workerId: z.number().int().positive(),
    title: text(200, '培训名称'),
    provider: text(200, '举办单位'),
    startDate: isoDate('开始日期'),
    endDate: isoDate('结束日期'),
    hours: hours('学时'),
    ability,
    evidenceAttachmentId: z.number().int().positive().nullable().optional(),
    note: text(500, '备注').nullable().optional(),
  })
  .refine((b) => b.endDate >= b.startDate, {
    path: ['endDate'],
    error: '结束日期不能早于开始日期',
  });

// ---- rules and compliance ----
export const complianceQuery = z.object({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100),
  /** Keyset cursor: the last worker id of the previous page of workers behind. */
  after: z.coerce.number().int().min(0).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export const complianceUnitRow = z.object({
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  workers: z.number().int(),
  meeting: z.number().int(),
  behind: z.number().int(),
  certificateMet: z.number().int(),
});
export const complianceWorkerRow = z.object({
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitName: z.string(),
  post: z.string(),
  ruleCode: z.string().nullable(),
  hours: z.number(),
  trainings: z.number().int(),
  hoursShort: z.number(),
  trainingsShort: z.number().int(),
  yearHours: z.number(),
  certificateHoursShort: z.number(),
});
export type ComplianceWorkerRow = z.infer<typeof complianceWorkerRow>;
export const complianceReport = z.object({
  year: z.number().int(),
  ruleSets: z.array(z.object({ id: z.number().int(), versionNo: z.number().int() })),
  totals: complianceUnitRow,
  units: z.array(complianceUnitRow),
  behind: z.array(complianceWorkerRow),
  nextAfter: z.number().int().nullable(),
});
export type ComplianceReport = z.infer<typeof complianceReport>;

// ---- self-service (the worker's own sessions) ----
export const mySessionView = z.object({
  sessionId: z.number().int(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  location: z.string().nullable(),
  hours: z.number(),
  sessionStatus: z.string(),
  enrolmentStatus: z.string(),
  signedInAt: z.string().nullable(),
  rating: z.number().int().nullable(),
});
export type MySessionView = z.infer<typeof mySessionView>;
export const mySessionList = z.object({ items: z.array(mySessionView) });
export const promotedResult = z.object({ promotedWorkerId: z.number().int().nullable() });
export const complianceExportQuery = complianceQuery.omit({ after: true, pageSize: true });
