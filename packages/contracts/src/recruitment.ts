// Recruitment (选聘): plans with posts and conditions, the public announcement and application
// form, eligibility and manual review, scores, ranking, medical and background outcomes, the
// public notice with objections, and the hire. One schema per form, shared by server and web.
import { AGE_REFERENCE_DATES, TIE_BREAK_RULES } from '@cwp/core';
import { z } from 'zod';
import { filterText, text } from './common';
import { idNumberField, isoDate, phoneField } from './workers';

export const RECRUITMENT_PLAN_STATUSES = [
  'draft',
  'pending',
  'returned',
  'approved',
  'published',
  'closed',
  'withdrawn',
] as const;
export type RecruitmentPlanStatus = (typeof RECRUITMENT_PLAN_STATUSES)[number];

export const APPLICATION_STATUSES = [
  /** Submitted, waiting for the manual review. */
  'submitted',
  /** Review failed (不通过). */
  'rejected',
  /** Review passed: takes the exams. */
  'qualified',
  /** Ranked within the post's number: proceeds to medical exam and background review. */
  'candidate',
  /** Ranked below the post's number. */
  'not_selected',
  /** Failed the medical exam or background review, or removed by a sustained objection. */
  'removed',
  /** Put forward for hire (approval pending). */
  'hire_pending',
  'hired',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const CHECK_OUTCOMES = ['pass', 'fail'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export const OBJECTION_OUTCOMES = ['sustained', 'dismissed'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];

const code = (label: string) =>
  z
    .string({ error: `请选择${label}` })
    .trim()
    .min(1, { error: `请选择${label}` })
    .max(32, { error: `${label}代码过长` });

const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}应为整数` })
    .int({ error: `${label}应为整数` })
    .min(min, { error: `${label}不能小于 ${min}` })
    .max(max, { error: `${label}不能大于 ${max}` });

const weight = (label: string) =>
  z
    .number({ error: `${label}应为 0–1 之间的数` })
    .min(0, { error: `${label}不能小于 0` })
    .max(1, { error: `${label}不能大于 1` });

/** The plan's conditions (选聘条件), checked against the recruitment rule in force. */
export const planConditions = z.strictObject({
  ageMin: int('最低年龄', 16, 70),
  ageMax: int('最高年龄', 16, 70),
  ageReference: z.enum(AGE_REFERENCE_DATES, { error: '请选择年龄计算基准日' }),
  minEducation: code('最低学历'),
  majors: z
    .array(text(50, '专业'), { error: '专业应为列表' })
    .max(100, { error: '专业最多 100 个' })
    .nullish(),
  householdRegistration: text(200, '户籍要求').nullish(),
  requiredQualification: code('职业资格要求').nullish(),
});
export type PlanConditions = z.infer<typeof planConditions>;

export const planPostInput = z.strictObject({
  /** The community or subdistrict the hire will belong to (in the plan's subtree). */
  orgUnitId: z.number({ error: '请选择岗位所在单位' }).int().positive(),
  title: text(50, '岗位名称'),
  /** Post dictionary code (principal / deputy / staff). */
  post: code('岗位'),
  /** Worker category dictionary code (e.g. full_time). */
  category: code('人员类别'),
  headcount: int('招聘人数', 1, 500),
});
export type PlanPostInput = z.infer<typeof planPostInput>;

const planFields = {
  title: text(100, '计划名称'),
  orgUnitId: z.number({ error: '请选择招聘单位' }).int().positive(),
  announcement: text(5000, '公告正文'),
  applicationStart: isoDate('报名开始日期'),
  applicationEnd: isoDate('报名截止日期'),
  examDate: isoDate('考试日期').nullish(),
  conditions: planConditions,
  weights: z.strictObject({
    writtenExam: weight('笔试成绩权重'),
    interview: weight('面试成绩权重'),
  }),
  tieBreak: z.enum(TIE_BREAK_RULES, { error: '请选择同分排序规则' }),
  publicNoticeWorkingDays: int('公示期（工作日）', 1, 30),
  posts: z
    .array(planPostInput, { error: '请填写招聘岗位' })
    .min(1, { error: '至少设置一个招聘岗位' })
    .max(50, { error: '招聘岗位最多 50 个' }),
};

export const createPlanBody = z.strictObject(planFields);
export type CreatePlanBody = z.infer<typeof createPlanBody>;

export const updatePlanBody = z
  .strictObject(planFields)
  .omit({ orgUnitId: true })
  .partial()
  .extend({ version: z.number().int() });
export type UpdatePlanBody = z.infer<typeof updatePlanBody>;

export const planActionBody = z.strictObject({
  version: z.number().int(),
  comment: text(1000, '意见').optional(),
});
export const planReturnBody = z.strictObject({
  version: z.number().int(),
  comment: text(1000, '退回理由'),
});

export const planPostView = planPostInput.extend({
  id: z.number().int(),
  orgUnitName: z.string(),
});
export type PlanPostView = z.infer<typeof planPostView>;

export const planView = z.object({
  id: z.number().int(),
  title: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  status: z.enum(RECRUITMENT_PLAN_STATUSES),
  announcement: z.string(),
  applicationStart: z.string(),
  applicationEnd: z.string(),
  examDate: z.string().nullable(),
  publishedOn: z.string().nullable(),
  conditions: planConditions,
  weights: z.object({ writtenExam: z.number(), interview: z.number() }),
  tieBreak: z.enum(TIE_BREAK_RULES),
  publicNoticeWorkingDays: z.number().int(),
  /** The recruitment-conditions rule the plan was checked against. */
  ruleSetId: z.number().int().nullable(),
  ruleVersionNo: z.number().int().nullable(),
  posts: z.array(planPostView),
  applications: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  approvalId: z.number().int().nullable(),
  abilities: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    decide: z.boolean(),
    publish: z.boolean(),
    manage: z.boolean(),
  }),
});
export type PlanView = z.infer<typeof planView>;

export const planListQuery = z.strictObject({
  status: z.enum(RECRUITMENT_PLAN_STATUSES).optional(),
  q: filterText(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const planPage = z.object({ items: z.array(planView), total: z.number().int() });

// ---------------------------------------------------------------------------------------------
// Public pages (no login)

export const publicPlanView = z.object({
  id: z.number().int(),
  title: z.string(),
  orgUnitName: z.string(),
  announcement: z.string(),
  applicationStart: z.string(),
  applicationEnd: z.string(),
  examDate: z.string().nullable(),
  publishedOn: z.string().nullable(),
  conditions: planConditions,
  weights: z.object({ writtenExam: z.number(), interview: z.number() }),
  posts: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      orgUnitName: z.string(),
      headcount: z.number().int(),
    }),
  ),
  /** True while today is inside the application window. */
  open: z.boolean(),
  /** Candidates on public notice (公示), with masked ID numbers. */
  notice: z.array(
    z.object({
      name: z.string(),
      sex: z.string(),
      idNumberMasked: z.string(),
      postTitle: z.string(),
      combinedScore: z.number().nullable(),
      noticeStart: z.string(),
      noticeEnd: z.string(),
    }),
  ),
});
export type PublicPlanView = z.infer<typeof publicPlanView>;

export const publicPlanList = z.array(
  z.object({
    id: z.number().int(),
    title: z.string(),
    orgUnitName: z.string(),
    applicationStart: z.string(),
    applicationEnd: z.string(),
    open: z.boolean(),
  }),
);

export const applyBody = z
  .strictObject({
    postId: z.number({ error: '请选择报考岗位' }).int().positive(),
    name: text(50, '姓名'),
    idNumber: idNumberField,
    phone: phoneField,
    ethnicity: code('民族'),
    politicalStatus: code('政治面貌'),
    education: code('学历'),
    school: text(100, '毕业院校').nullish(),
    major: text(100, '专业').nullish(),
    householdRegistration: text(200, '户籍所在地'),
    qualification: code('社会工作者职业资格').nullish(),
    certNumber: text(50, '证书编号').nullish(),
  })
  .superRefine((v, ctx) => {
    if (v.qualification && !v.certNumber) {
      ctx.addIssue({ code: 'custom', path: ['certNumber'], message: '有职业资格时请填写证书编号' });
    }
  });
export type ApplyBody = z.infer<typeof applyBody>;

export const applyResult = z.object({
  applicationId: z.number().int(),
  code: z.string(),
  /** Automatic eligibility: what the applicant can already see. */
  eligible: z.boolean(),
  reasons: z.array(z.string()),
});
export type ApplyResult = z.infer<typeof applyResult>;

export const statusLookupBody = z.strictObject({
  idNumber: idNumberField,
  code: z
    .string({ error: '请填写报名编号' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{10}$/, { error: '报名编号应为 10 位字母或数字' }),
});

export const statusLookupResult = z.object({
  planTitle: z.string(),
  postTitle: z.string(),
  name: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  /** One sentence for the applicant, e.g. why the review failed. */
  message: z.string(),
  writtenScore: z.number().nullable(),
  interviewScore: z.number().nullable(),
  combinedScore: z.number().nullable(),
  rank: z.number().int().nullable(),
  attachments: z.number().int(),
});
export type StatusLookupResult = z.infer<typeof statusLookupResult>;

export const attachmentUploaded = z.object({ id: z.number().int(), fileName: z.string() });

// ---------------------------------------------------------------------------------------------
// Applications (HR side)

export const applicationView = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  postId: z.number().int(),
  postTitle: z.string(),
  code: z.string(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  ethnicity: z.string(),
  politicalStatus: z.string(),
  education: z.string(),
  school: z.string().nullable(),
  major: z.string().nullable(),
  householdRegistration: z.string(),
  qualification: z.string().nullable(),
  submittedAt: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  eligible: z.boolean(),
  eligibilityReasons: z.array(z.string()),
  reviewReason: z.string().nullable(),
  writtenScore: z.number().nullable(),
  interviewScore: z.number().nullable(),
  combinedScore: z.number().nullable(),
  rank: z.number().int().nullable(),
  medicalResult: z.enum(CHECK_OUTCOMES).nullable(),
  medicalNote: z.string().nullable(),
  backgroundResult: z.enum(CHECK_OUTCOMES).nullable(),
  backgroundNote: z.string().nullable(),
  noticeStart: z.string().nullable(),
  noticeEnd: z.string().nullable(),
  removedReason: z.string().nullable(),
  workerId: z.number().int().nullable(),
  attachments: z.array(
    z.object({
      id: z.number().int(),
      fileName: z.string(),
      mimeType: z.string(),
      size: z.number(),
    }),
  ),
  version: z.number().int(),
});
export type ApplicationView = z.infer<typeof applicationView>;

export const applicationListQuery = z.strictObject({
  status: z.enum(APPLICATION_STATUSES).optional(),
  postId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export const applicationPage = z.object({
  items: z.array(applicationView),
  total: z.number().int(),
});

export const reviewBody = z
  .strictObject({
    version: z.number().int(),
    outcome: z.enum(CHECK_OUTCOMES, { error: '请选择审查结论' }),
    reason: text(500, '审查意见').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'fail' && !v.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '不通过时须填写理由' });
    }
  });

const score = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .min(0, { error: `${label}不能小于 0` })
    .max(100, { error: `${label}不能大于 100` })
    .refine((v) => Math.round(v * 100) === v * 100, { error: `${label}最多两位小数` })
    .nullable();

export const scoreRow = z.strictObject({
  applicationId: z.number().int().positive(),
  writtenScore: score('笔试成绩'),
  interviewScore: score('面试成绩'),
});
export const scoresBody = z.strictObject({
  scores: z.array(scoreRow).min(1, { error: '没有要保存的成绩' }).max(5000),
});
export type ScoresBody = z.infer<typeof scoresBody>;

export const scoreImportResult = z.object({
  ok: z.boolean(),
  saved: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
});
export type ScoreImportResult = z.infer<typeof scoreImportResult>;

export const rankingView = z.object({
  planId: z.number().int(),
  posts: z.array(
    z.object({
      postId: z.number().int(),
      title: z.string(),
      headcount: z.number().int(),
      rows: z.array(
        z.object({
          applicationId: z.number().int(),
          name: z.string(),
          writtenScore: z.number().nullable(),
          interviewScore: z.number().nullable(),
          combinedScore: z.number().nullable(),
          rank: z.number().int().nullable(),
          status: z.enum(APPLICATION_STATUSES),
          /** How a tie with the previous row was broken, if it was. */
          tieNote: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type RankingView = z.infer<typeof rankingView>;

export const checkBody = z
  .strictObject({
    version: z.number().int(),
    kind: z.enum(['medical', 'background'], { error: '请选择体检或考察' }),
    outcome: z.enum(CHECK_OUTCOMES, { error: '请选择结论' }),
    note: text(500, '说明').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === 'fail' && !v.note) {
      ctx.addIssue({ code: 'custom', path: ['note'], message: '不合格时须填写说明' });
    }
  });

export const noticeBody = z.strictObject({
  startDate: isoDate('公示开始日期'),
});

export const objectionBody = z.strictObject({
  applicationId: z.number().int().positive(),
  receivedOn: isoDate('收到日期'),
  objector: text(50, '反映人').optional(),
  content: text(2000, '反映内容'),
});
export const handleObjectionBody = z.strictObject({
  version: z.number().int(),
  outcome: z.enum(OBJECTION_OUTCOMES, { error: '请选择处理结论' }),
  note: text(1000, '处理意见'),
});
export const objectionView = z.object({
  id: z.number().int(),
  applicationId: z.number().int(),
  applicantName: z.string(),
  receivedOn: z.string(),
  objector: z.string().nullable(),
  content: z.string(),
  status: z.enum(['received', 'handled']),
  outcome: z.enum(OBJECTION_OUTCOMES).nullable(),
  note: z.string().nullable(),
  handledAt: z.string().nullable(),
  version: z.number().int(),
});
export type ObjectionView = z.infer<typeof objectionView>;

export const hireBody = z.strictObject({
  applicationIds: z
    .array(z.number().int().positive())
    .min(1, { error: '请选择拟聘用人员' })
    .max(500),
  hireDate: isoDate('聘用日期'),
  comment: text(1000, '说明').optional(),
});
export const hireView = z.object({
  id: z.number().int(),
  planId: z.number().int(),
  status: z.enum(['pending', 'approved', 'returned', 'withdrawn']),
  hireDate: z.string(),
  applicationIds: z.array(z.number().int()),
  approvalId: z.number().int().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type HireView = z.infer<typeof hireView>;
export const hireDecisionBody = planActionBody;
export const hireReturnBody = planReturnBody;
