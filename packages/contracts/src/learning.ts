// Online learning (线上培训) and social-work qualifications (职业资格): request and response
// schemas shared by the server and the web forms.
import { ABILITY_AREAS } from '@cwp/core';
import { z } from 'zod';
import { hasNoControlChars, text } from './common';
import { isoDate } from './workers';

export const ONLINE_COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export const ONLINE_ITEM_KINDS = ['pdf', 'video', 'text'] as const;
export const QUIZ_QUESTION_KINDS = ['single', 'multiple'] as const;
export const QUALIFICATION_LEVELS = ['assistant', 'intermediate', 'senior'] as const;
export const QUALIFICATION_EXAM_STATUSES = ['registered', 'passed', 'failed', 'absent'] as const;

const optionalLongText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}不能超过 ${max} 个字符` })
    .refine(hasNoControlCharsExceptNewlines, { error: `${label}包含不允许的控制字符` })
    .nullable()
    .optional();

// Rich text keeps line breaks and tabs; other control characters are refused.
function hasNoControlCharsExceptNewlines(v: string): boolean {
  return hasNoControlChars(v.replace(/[\n\r\t]/g, ' '));
}

const hours = z
  .number({ error: '学时应为数字' })
  .positive({ error: '学时应大于 0' })
  .max(200, { error: '学时不能超过 200' })
  .refine((v) => Math.round(v * 10) === v * 10, { error: '学时最多一位小数' });

export const createOnlineCourseBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择所属单位' }).int().positive(),
  title: text(200, '课程名称'),
  description: optionalLongText(2000, '课程简介'),
  ability: z.enum(ABILITY_AREAS, { error: '请选择能力领域' }),
  hours,
  passMark: z
    .number({ error: '及格分应为整数' })
    .int({ error: '及格分应为整数' })
    .min(0, { error: '及格分应在 0–100 之间' })
    .max(100, { error: '及格分应在 0–100 之间' }),
  maxAttempts: z
    .number({ error: '答题次数应为整数' })
    .int({ error: '答题次数应为整数' })
    .min(1, { error: '答题次数至少 1 次' })
    .max(20, { error: '答题次数不能超过 20 次' }),
});
export type CreateOnlineCourseBody = z.infer<typeof createOnlineCourseBody>;

export const updateOnlineCourseBody = createOnlineCourseBody
  .omit({ orgUnitId: true })
  .partial()
  .extend({
    status: z.enum(ONLINE_COURSE_STATUSES, { error: '状态无效' }).optional(),
    version: z.number({ error: '缺少版本号' }).int().positive(),
  });
export type UpdateOnlineCourseBody = z.infer<typeof updateOnlineCourseBody>;

export const onlineItemView = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  kind: z.enum(ONLINE_ITEM_KINDS),
  title: z.string(),
  body: z.string().nullable(),
  fileName: z.string().nullable(),
  mimeType: z.string().nullable(),
  size: z.number().nullable(),
  sha256: z.string().nullable(),
  durationSeconds: z.number().int().nullable(),
});
export type OnlineItemView = z.infer<typeof onlineItemView>;

export const addTextItemBody = z.strictObject({
  title: text(200, '标题'),
  body: z
    .string({ error: '正文不能为空' })
    .trim()
    .min(1, { error: '正文不能为空' })
    .max(50_000, { error: '正文不能超过 50000 个字符' })
    .refine(hasNoControlCharsExceptNewlines, { error: '正文包含不允许的控制字符' }),
});

export const quizQuestionBody = z
  .strictObject({
    kind: z.enum(QUIZ_QUESTION_KINDS, { error: '题型无效' }),
    prompt: text(1000, '题干'),
    options: z
      .array(text(300, '选项'), { error: '请填写选项' })
      .min(2, { error: '至少两个选项' })
      .max(8, { error: '最多八个选项' }),
    correct: z
      .array(z.number().int().min(0), { error: '请选择正确答案' })
      .min(1, { error: '请选择正确答案' }),
    points: z
      .number({ error: '分值应为整数' })
      .int({ error: '分值应为整数' })
      .min(1, { error: '分值至少 1 分' })
      .max(100, { error: '分值不能超过 100 分' }),
  })
  .superRefine((q, ctx) => {
    if (q.correct.some((c) => c >= q.options.length))
      ctx.addIssue({ code: 'custom', path: ['correct'], message: '正确答案不在选项中' });
    if (new Set(q.correct).size !== q.correct.length)
      ctx.addIssue({ code: 'custom', path: ['correct'], message: '正确答案重复' });
    if (q.kind === 'single' && q.correct.length !== 1)
      ctx.addIssue({ code: 'custom', path: ['correct'], message: '单选题只能有一个正确答案' });
  });
export type QuizQuestionBody = z.infer<typeof quizQuestionBody>;

export const replaceQuizBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int().positive(),
  questions: z.array(quizQuestionBody).max(100, { error: '最多 100 道题' }),
});
export type ReplaceQuizBody = z.infer<typeof replaceQuizBody>;

/** A question as the manager sees it (with the answer). */
export const quizQuestionView = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  kind: z.enum(QUIZ_QUESTION_KINDS),
  prompt: z.string(),
  options: z.array(z.string()),
  correct: z.array(z.number().int()),
  points: z.number().int(),
});
/** A question as the worker sees it (never the answer). */
export const quizQuestionPublic = quizQuestionView.omit({ correct: true });

export const onlineCourseView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  ability: z.string(),
  hours: z.number(),
  passMark: z.number().int(),
  maxAttempts: z.number().int(),
  status: z.enum(ONLINE_COURSE_STATUSES),
  itemCount: z.number().int(),
  questionCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type OnlineCourseView = z.infer<typeof onlineCourseView>;

export const onlineCourseDetail = onlineCourseView.extend({
  items: z.array(onlineItemView),
  questions: z.array(quizQuestionView),
});
export type OnlineCourseDetail = z.infer<typeof onlineCourseDetail>;

export const onlineCourseListQuery = z.strictObject({
  status: z.enum(ONLINE_COURSE_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const onlineCoursePage = z.object({
  items: z.array(onlineCourseView),
  total: z.number().int(),
});

// ---- the worker's side ----

export const itemProgressView = z.object({
  itemId: z.number().int(),
  watchedSeconds: z.number(),
  position: z.number(),
  completed: z.boolean(),
});

export const myCourseView = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  ability: z.string(),
  hours: z.number(),
  passMark: z.number().int(),
  maxAttempts: z.number().int(),
  itemCount: z.number().int(),
  itemsCompleted: z.number().int(),
  attemptsUsed: z.number().int(),
  bestScore: z.number().nullable(),
  quizPassed: z.boolean(),
  completedAt: z.string().nullable(),
});
export type MyCourseView = z.infer<typeof myCourseView>;

export const myCourseDetail = myCourseView.extend({
  items: z.array(onlineItemView),
  progress: z.array(itemProgressView),
  questions: z.array(quizQuestionPublic),
});
export type MyCourseDetail = z.infer<typeof myCourseDetail>;

export const heartbeatBody = z.strictObject({
  position: z
    .number({ error: '播放位置应为数字' })
    .min(0, { error: '播放位置不能为负数' })
    .max(86_400, { error: '播放位置过大' }),
});
export const heartbeatResult = z.object({
  accepted: z.boolean(),
  /** Why a heartbeat was ignored, in Chinese, or null. */
  message: z.string().nullable(),
  progress: itemProgressView,
  courseCompleted: z.boolean(),
});
export type HeartbeatResult = z.infer<typeof heartbeatResult>;

export const markReadResult = z.object({
  progress: itemProgressView,
  courseCompleted: z.boolean(),
});

export const submitQuizBody = z.strictObject({
  /** Chosen by the client once per answer sheet; a repeat of the same key is counted once. */
  submissionKey: z
    .string({ error: '缺少提交标识' })
    .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: '提交标识格式无效' }),
  answers: z
    .array(
      z.strictObject({
        questionId: z.number({ error: '题目编号无效' }).int().positive(),
        chosen: z.array(z.number().int().min(0)).max(8),
      }),
    )
    .max(100),
});
export type SubmitQuizBody = z.infer<typeof submitQuizBody>;

export const quizResult = z.object({
  attemptNo: z.number().int(),
  score: z.number(),
  passed: z.boolean(),
  attemptsLeft: z.number().int(),
  /** True when this post repeated an earlier submission (nothing new was counted). */
  repeated: z.boolean(),
  courseCompleted: z.boolean(),
  hoursGranted: z.boolean(),
});
export type QuizResult = z.infer<typeof quizResult>;

// ---- qualifications ----

export const createExamBody = z.strictObject({
  workerId: z.number({ error: '请选择人员' }).int().positive(),
  year: z
    .number({ error: '年度应为整数' })
    .int({ error: '年度应为整数' })
    .min(2000, { error: '年度无效' })
    .max(2100, { error: '年度无效' }),
  level: z.enum(QUALIFICATION_LEVELS, { error: '请选择考试级别' }),
});
export const examResultBody = z.strictObject({
  status: z.enum(['passed', 'failed', 'absent'], { error: '请选择考试结果' }),
  score: z
    .number({ error: '成绩应为数字' })
    .min(0, { error: '成绩不能为负数' })
    .max(1000, { error: '成绩过大' })
    .nullable()
    .optional(),
  version: z.number({ error: '缺少版本号' }).int().positive(),
});
export const examView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  year: z.number().int(),
  level: z.enum(QUALIFICATION_LEVELS),
  status: z.enum(QUALIFICATION_EXAM_STATUSES),
  score: z.number().nullable(),
  version: z.number().int(),
});
export type ExamView = z.infer<typeof examView>;
export const examListQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  workerId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const examPage = z.object({ items: z.array(examView), total: z.number().int() });

export const createCertificateBody = z.strictObject({
  workerId: z.number({ error: '请选择人员' }).int().positive(),
  level: z.enum(QUALIFICATION_LEVELS, { error: '请选择证书级别' }),
  certNumber: text(50, '证书编号'),
  certDate: isoDate('取得证书日期'),
  examId: z.number().int().positive().nullable().optional(),
});
export type CreateCertificateBody = z.infer<typeof createCertificateBody>;
export const certificateView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  level: z.enum(QUALIFICATION_LEVELS),
  certNumber: z.string(),
  certDate: z.string(),
  examId: z.number().int().nullable(),
  gradeChangeId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type CertificateView = z.infer<typeof certificateView>;
export const certificateResult = certificateView.extend({
  /** Why no grade change was proposed (or why it could not be), or null when one was. */
  gradeNote: z.string().nullable(),
});
export const certificateListQuery = z.strictObject({
  workerId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const certificatePage = z.object({
  items: z.array(certificateView),
  total: z.number().int(),
});

export const goalQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
});
export const goalRow = z.object({
  orgUnitId: z.number().int(),
  name: z.string(),
  level: z.string(),
  workers: z.number().int(),
  certified: z.number().int(),
  share: z.number(),
  /** The goal in force for this unit (own or nearest ancestor's), null when none is set. */
  target: z.number().nullable(),
  meets: z.boolean().nullable(),
});
export type GoalRow = z.infer<typeof goalRow>;
export const goalReport = z.object({ unit: goalRow, children: z.array(goalRow) });
export type GoalReport = z.infer<typeof goalReport>;
export const setGoalBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择单位' }).int().positive(),
  targetShare: z
    .number({ error: '目标比例应为数字' })
    .min(0, { error: '目标比例应在 0–1 之间' })
    .max(1, { error: '目标比例应在 0–1 之间' }),
});

// ---- self-service summary ----

export const myLearningSummary = z.object({
  year: z.number().int(),
  hoursThisYear: z.number(),
  /** Hours the training rule in force asks for over its window, when known. */
  requiredHours: z.number().nullable(),
  ruleNote: z.string().nullable(),
  abilityHours: z.array(z.object({ ability: z.string(), hours: z.number() })),
  hoursRecords: z.array(
    z.object({
      year: z.number().int(),
      hours: z.number(),
      ability: z.string(),
      source: z.string(),
    }),
  ),
  upcomingSessions: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      startsAt: z.string(),
      location: z.string().nullable(),
    }),
  ),
  certificates: z.array(certificateView),
  courses: z.array(myCourseView),
});
export type MyLearningSummary = z.infer<typeof myLearningSummary>;
