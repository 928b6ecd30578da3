// Resident satisfaction surveys (居民满意度测评): campaigns per community and cycle, one-time
// household codes, the public phone form and the results. One schema per form, shared by server
// and web.
import { z } from 'zod';
import { filterText, text } from './common';
import { isoDate } from './workers';

export const SURVEY_CAMPAIGN_STATUSES = ['draft', 'open', 'closed', 'published'] as const;
export type SurveyCampaignStatus = (typeof SURVEY_CAMPAIGN_STATUSES)[number];

export const SURVEY_PERIODS = [
  'annual',
  'q1',
  'q2',
  'q3',
  'q4',
  ...Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`),
] as const;

/** Who answered (asked on the form); the sample rules count "ordinary" residents. */
export const RESPONDENT_TYPES = [
  'ordinary',
  'representative',
  'party_member',
  'grid_member',
  'other',
] as const;
export type RespondentType = (typeof RESPONDENT_TYPES)[number];

export const SURVEY_QUESTION_TARGETS = ['team', 'worker'] as const;
export const SURVEY_FLAG_KINDS = [
  'identical_burst',
  'straight_lining',
  'rejected_codes',
  'rate_limited',
] as const;

const int = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}应为整数` })
    .int({ error: `${label}应为整数` })
    .min(min, { error: `${label}不能小于 ${min}` })
    .max(max, { error: `${label}不能大于 ${max}` });

export const surveyQuestion = z.strictObject({
  key: z
    .string({ error: '题目编号不能为空' })
    .regex(/^[a-z][a-z0-9_]{0,19}$/, { error: '题目编号只能包含小写字母、数字和下划线' }),
  text: text(200, '题目'),
  textEn: z.string().trim().max(200, { error: '英文题目不能超过 200 个字符' }).optional(),
  target: z.enum(SURVEY_QUESTION_TARGETS, { error: '请选择题目针对社区团队还是每位社区工作者' }),
});
export type SurveyQuestion = z.infer<typeof surveyQuestion>;

const campaignFields = {
  title: text(100, '测评名称'),
  year: int('年度', 2000, 2100),
  period: z.enum(SURVEY_PERIODS, { error: '请选择测评周期' }),
  opensOn: isoDate('开始日期'),
  closesOn: isoDate('截止日期'),
  questions: z
    .array(surveyQuestion, { error: '请填写题目' })
    .min(1, { error: '至少需要一道题目' })
    .max(30, { error: '题目不能超过 30 道' }),
  scaleMax: int('评分满分', 3, 10),
  satisfiedMin: int('“满意”最低分', 1, 10),
  minRespondents: int('最低样本数', 1, 100000),
  minOrdinaryPct: int('普通居民最低占比', 0, 100),
  workerIds: z
    .array(z.number().int().positive(), { error: '请选择参评的社区工作者' })
    .max(200, { error: '参评人员不能超过 200 人' }),
};

function checkCampaign(
  v: {
    opensOn: string;
    closesOn: string;
    questions: SurveyQuestion[];
    scaleMax: number;
    satisfiedMin: number;
  },
  ctx: z.RefinementCtx,
) {
  if (v.closesOn < v.opensOn) {
    ctx.addIssue({ code: 'custom', path: ['closesOn'], message: '截止日期不能早于开始日期' });
  }
  if (v.satisfiedMin > v.scaleMax) {
    ctx.addIssue({ code: 'custom', path: ['satisfiedMin'], message: '“满意”最低分不能超过满分' });
  }
  const seen = new Set<string>();
  v.questions.forEach((q, i) => {
    if (seen.has(q.key)) {
      ctx.addIssue({ code: 'custom', path: ['questions', i, 'key'], message: '题目编号重复' });
    }
    seen.add(q.key);
  });
}

export const createSurveyCampaignBody = z
  .strictObject({
    orgUnitId: z.number({ error: '请选择社区' }).int().positive({ error: '请选择社区' }),
    ...campaignFields,
  })
  .superRefine(checkCampaign);
export type CreateSurveyCampaignBody = z.infer<typeof createSurveyCampaignBody>;

export const updateSurveyCampaignBody = z
  .strictObject({ version: z.number().int().positive(), ...campaignFields })
  .superRefine(checkCampaign);
export type UpdateSurveyCampaignBody = z.infer<typeof updateSurveyCampaignBody>;

export const surveyStatusBody = z.strictObject({
  version: z.number().int().positive(),
  status: z.enum(['open', 'closed', 'published'], { error: '请选择目标状态' }),
});

export const surveyCampaignQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  status: z.enum(SURVEY_CAMPAIGN_STATUSES).optional(),
  q: filterText(50).optional(),
  /** Keyset: the last id of the previous page. */
  after: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const surveyCampaignWorker = z.object({
  workerId: z.number().int(),
  name: z.string(),
  post: z.string(),
  hasPhoto: z.boolean(),
});

export const surveyCampaignView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  title: z.string(),
  year: z.number().int(),
  period: z.string(),
  status: z.enum(SURVEY_CAMPAIGN_STATUSES),
  opensOn: z.string(),
  closesOn: z.string(),
  questions: z.array(surveyQuestion),
  scaleMax: z.number().int(),
  satisfiedMin: z.number().int(),
  minRespondents: z.number().int(),
  minOrdinaryPct: z.number().int(),
  workers: z.array(surveyCampaignWorker),
  codesIssued: z.number().int(),
  codesUsed: z.number().int(),
  respondents: z.number().int(),
  version: z.number().int(),
});
export type SurveyCampaignView = z.infer<typeof surveyCampaignView>;

export const surveyCampaignListItem = surveyCampaignView.omit({ questions: true, workers: true });
export const surveyCampaignList = z.object({
  items: z.array(surveyCampaignListItem),
  nextAfter: z.number().int().nullable(),
});

export const generateCodesBody = z.strictObject({
  count: int('生成数量', 1, 5000),
  /** Last day a code of this batch can be used; defaults to the campaign's closing day. */
  expiresOn: isoDate('有效期').optional(),
});

/** The plaintext codes exist only in this answer (for the printed sheet); the server keeps hashes. */
export const generatedCodes = z.object({
  batchNo: z.number().int(),
  expiresOn: z.string(),
  codes: z.array(z.string()),
});

// ---- public form ----

export const publicSurveyParams = z.strictObject({
  campaignId: z.coerce.number().int().positive(),
});

export const publicSurveyView = z.object({
  id: z.number().int(),
  title: z.string(),
  orgUnitName: z.string(),
  closesOn: z.string(),
  scaleMax: z.number().int(),
  questions: z.array(surveyQuestion),
  workers: z.array(
    z.object({
      workerId: z.number().int(),
      name: z.string(),
      post: z.string(),
      photoUrl: z.string().nullable(),
    }),
  ),
});
export type PublicSurveyView = z.infer<typeof publicSurveyView>;

export const surveyCodeField = z
  .string({ error: '请填写测评码' })
  .trim()
  .regex(/^[A-Za-z0-9]{16,40}$/, { error: '测评码格式不正确，请核对纸条上的测评码' });

export const surveyAnswer = z.strictObject({
  questionKey: z.string().max(20),
  /** null: a question about the community team. */
  workerId: z.number().int().positive().nullable(),
  rating: z
    .number({ error: '评分应为整数' })
    .int({ error: '评分应为整数' })
    .min(1, { error: '评分不能小于 1' })
    .max(10, { error: '评分超出范围' }),
});

export const submitSurveyBody = z.strictObject({
  code: surveyCodeField,
  respondentType: z.enum(RESPONDENT_TYPES, { error: '请选择您的身份' }),
  answers: z.array(surveyAnswer).min(1, { error: '请作答' }).max(2000),
  comment: z.string().trim().max(500, { error: '意见建议不能超过 500 个字符' }).optional(),
});
export type SubmitSurveyBody = z.infer<typeof submitSurveyBody>;

export const submitSurveyResult = z.object({ ok: z.literal(true), message: z.string() });

// ---- results ----

export const surveyTally = z.object({
  respondents: z.number().int(),
  ratings: z.number().int(),
  satisfactionPct: z.number(),
  averageRating: z.number(),
  byQuestion: z.array(
    z.object({
      questionKey: z.string(),
      ratings: z.number().int(),
      satisfactionPct: z.number(),
      averageRating: z.number(),
    }),
  ),
});

export const surveyFlagView = z.object({
  kind: z.enum(SURVEY_FLAG_KINDS),
  day: z.string(),
  count: z.number().int(),
  detail: z.record(z.string(), z.unknown()),
});

export const surveyResults = z.object({
  campaignId: z.number().int(),
  respondents: z.number().int(),
  ordinary: z.number().int(),
  ordinaryPct: z.number(),
  valid: z.boolean(),
  reasons: z.array(z.string()),
  byRespondentType: z.record(z.string(), z.number().int()),
  team: surveyTally,
  workers: z.array(surveyTally.extend({ workerId: z.number().int(), name: z.string() })),
  flags: z.array(surveyFlagView),
});
export type SurveyResults = z.infer<typeof surveyResults>;
