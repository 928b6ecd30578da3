// Assessment cycles (考核周期): the region's scheme (weights, vetoes, cap, thresholds, effect rules),
// cycles per unit and period, raters' scores, adjustments, approval, publication, appeals and the
// effect proposals. The scheme's shape is @cwp/core AssessmentScheme; the checks here add the
// semantic rules (weights sum to 100, thresholds descend) with messages naming the field.
import {
  ASSESSMENT_DIMENSIONS,
  ASSESSMENT_FREQUENCIES,
  ASSESSMENT_RATINGS,
  ASSESSMENT_SCORE_SOURCES,
  EFFECT_KINDS,
  RATED_SOURCES,
  checkAssessmentScheme,
  type AssessmentScheme,
} from '@cwp/core';
import { z } from 'zod';
import { filterText, text } from './common';
import { assessmentYear } from './assessments';

const pct = (label: string) =>
  z
    .number({ error: `${label}应为数字` })
    .min(0, { error: `${label}不能小于 0` })
    .max(100, { error: `${label}不能大于 100` });

const rating = z.enum(ASSESSMENT_RATINGS, {
  error: '考核等次应为 优秀、合格、基本合格 或 不合格',
});

const weights = <K extends string>(keys: readonly K[], label: string) =>
  z.strictObject(
    Object.fromEntries(keys.map((k) => [k, pct(`${label}权重`)])) as Record<
      K,
      ReturnType<typeof pct>
    >,
    { error: `${label}权重应为各${label}的百分比` },
  );

export const assessmentSchemeContent = z
  .strictObject(
    {
      frequencies: z
        .array(z.enum(ASSESSMENT_FREQUENCIES, { error: '考核周期应为 年度、季度 或 月度' }), {
          error: '考核周期应为列表',
        })
        .min(1, { error: '至少选择一种考核周期' }),
      dimensionWeights: weights(ASSESSMENT_DIMENSIONS, '维度'),
      sourceWeights: weights(ASSESSMENT_SCORE_SOURCES, '来源'),
      thresholds: z.strictObject(
        {
          excellent: pct('优秀分数线'),
          competent: pct('合格分数线'),
          basically_competent: pct('基本合格分数线'),
        },
        { error: '等次分数线应包含优秀、合格、基本合格三条' },
      ),
      vetoes: z.strictObject(
        {
          minSatisfactionPct: pct('满意度否决线').nullable(),
          maxUnexcusedAbsenceDays: z
            .number({ error: '无故缺勤否决天数应为数字' })
            .int({ error: '无故缺勤否决天数应为整数' })
            .min(0, { error: '无故缺勤否决天数不能小于 0' })
            .max(366, { error: '无故缺勤否决天数不能超过 366' })
            .nullable(),
        },
        { error: '否决规则应包含满意度否决线和无故缺勤否决天数' },
      ),
      excellentCapPct: pct('优秀比例上限'),
      appealWindowDays: z
        .number({ error: '申诉期应为天数' })
        .int({ error: '申诉期应为整数天' })
        .min(1, { error: '申诉期至少 1 天' })
        .max(90, { error: '申诉期不能超过 90 天' }),
      effects: z.strictObject(
        {
          promotionRatings: z.array(rating, { error: '可晋级的考核等次应为列表' }),
          payLevels: z.strictObject(
            {
              excellent: text(20, '优秀的绩效档次'),
              competent: text(20, '合格的绩效档次'),
              basically_competent: text(20, '基本合格的绩效档次'),
              incompetent: text(20, '不合格的绩效档次'),
            },
            { error: '绩效档次应按四个考核等次填写' },
          ),
          incompetentEndsContract: z.boolean({ error: '“不合格解除合同”应为是或否' }),
          basicallyCompetentLimitPerTerm: z
            .number({ error: '基本合格次数应为整数' })
            .int({ error: '基本合格次数应为整数' })
            .min(0, { error: '基本合格次数不能小于 0' })
            .max(10, { error: '基本合格次数不能超过 10' }),
        },
        { error: '结果运用规则应为对象' },
      ),
    },
    { error: '考核方案应为对象' },
  )
  // The semantic rules (weights sum to 100, thresholds descend) are core's, shared with the
  // rule-set engine, where this scheme is the content of kind `assessment_scheme`.
  .superRefine((v, ctx) => {
    for (const issue of checkAssessmentScheme(v)) {
      ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message });
    }
  });

// Fails to compile when the zod shape drifts from the core type.
const _sameShape: AssessmentScheme = {} as z.infer<typeof assessmentSchemeContent>;
void _sameShape;

export const ASSESSMENT_PERIOD_PATTERN = /^(annual|q[1-4]|m(0[1-9]|1[0-2]))$/;
const period = z
  .string({ error: '考核期间不能为空' })
  .regex(ASSESSMENT_PERIOD_PATTERN, { error: '考核期间应为 annual、q1–q4 或 m01–m12' });

export const CYCLE_STATUSES = [
  'open',
  'computed',
  'pending',
  'approved',
  'published',
  'final',
] as const;
export type CycleStatus = (typeof CYCLE_STATUSES)[number];

export const cycleView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  year: z.number().int(),
  period: z.string(),
  title: z.string(),
  /** The rule set (kind assessment_scheme) the cycle runs under, its version number and name. */
  schemeId: z.number().int(),
  schemeVersion: z.number().int(),
  schemeName: z.string(),
  scheme: assessmentSchemeContent,
  status: z.enum(CYCLE_STATUSES),
  computedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  appealDeadline: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  workers: z.number().int(),
  selfSubmitted: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  pendingAppeals: z.number().int(),
  approvalId: z.number().int().nullable(),
  version: z.number().int(),
});
export type CycleView = z.infer<typeof cycleView>;

export const cycleListQuery = z.strictObject({
  year: assessmentYear('考核年度').optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const cyclePage = z.object({ items: z.array(cycleView), total: z.number().int() });

export const createCycleBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择考核单位' }).int().positive(),
  year: assessmentYear('考核年度'),
  period,
});
export type CreateCycleBody = z.infer<typeof createCycleBody>;

export const cycleVersionBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int(),
  comment: text(500, '说明').nullable().optional(),
});
export type CycleVersionBody = z.infer<typeof cycleVersionBody>;

export const cycleEntryView = z.object({
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitName: z.string(),
  selfSummary: z.string().nullable(),
  selfSubmittedAt: z.string().nullable(),
  satisfactionPct: z.number().nullable(),
  absenceDays: z.number().nullable(),
  /** Where the absence figure of the last computation came from; null = no figure. */
  absenceSource: z.enum(['attendance', 'entered']).nullable(),
  score: z.number().nullable(),
  sourceScores: z.record(z.string(), z.number()).nullable(),
  proposedRating: rating.nullable(),
  reasons: z.array(z.string()),
  rating: rating.nullable(),
  adjustReason: z.string().nullable(),
  appealStatus: z.enum(['none', 'pending', 'upheld', 'changed']),
  appealText: z.string().nullable(),
  appealedAt: z.string().nullable(),
  appealReply: z.string().nullable(),
  scoresEntered: z.number().int(),
  version: z.number().int(),
});
export type CycleEntryView = z.infer<typeof cycleEntryView>;

export const cycleEntryListQuery = z.strictObject({
  q: filterText(50).optional(),
  rating: rating.optional(),
  appeal: z.enum(['pending']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const cycleEntryPage = z.object({ items: z.array(cycleEntryView), total: z.number().int() });

export const cycleWorkerParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  workerId: z.coerce.number().int().positive(),
});

const dimScore = (label: string) => pct(label).nullable().optional();

export const cycleScoreItem = z.strictObject({
  workerId: z.number({ error: '缺少人员' }).int().positive(),
  source: z.enum(RATED_SOURCES.filter((s) => s !== 'self') as [string, ...string[]], {
    error: '评分来源应为 社区考核组、街道考核组 或 同事互评',
  }),
  rater: text(50, '评分人'),
  politicalQuality: dimScore('政治素质得分'),
  performance: dimScore('工作实绩得分'),
  residentSatisfaction: dimScore('群众满意度得分'),
});
export type CycleScoreItem = z.infer<typeof cycleScoreItem>;

export const cycleScoresBody = z.strictObject({
  items: z.array(cycleScoreItem).min(1, { error: '至少录入一条评分' }).max(5000, {
    error: '一次最多录入 5000 条评分',
  }),
});

export const cycleInputItem = z.strictObject({
  workerId: z.number({ error: '缺少人员' }).int().positive(),
  satisfactionPct: pct('满意度').nullable().optional(),
  absenceDays: z
    .number({ error: '无故缺勤天数应为数字' })
    .min(0, { error: '无故缺勤天数不能小于 0' })
    .max(366, { error: '无故缺勤天数不能超过 366' })
    .nullable()
    .optional(),
});
export const cycleInputsBody = z.strictObject({
  items: z.array(cycleInputItem).min(1, { error: '至少录入一条' }).max(5000),
});

export const cycleCountResult = z.object({ count: z.number().int() });

/** The figures a cycle will read for one worker now, with their sources (the inputs tab). */
export const cycleInputView = z.object({
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitName: z.string(),
  absenceDays: z.number().nullable(),
  absenceSource: z.enum(['attendance', 'entered']).nullable(),
  satisfactionPct: z.number().nullable(),
  satisfactionSource: z.enum(['survey', 'entered']).nullable(),
});
export type CycleInputView = z.infer<typeof cycleInputView>;
export const cycleInputListQuery = z.strictObject({
  q: filterText(50).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const cycleInputPage = z.object({ items: z.array(cycleInputView), total: z.number().int() });

/** Import of satisfaction and absence from the cycle's .xlsx template. */
export const cycleInputImportResult = z.object({
  mode: z.enum(['validate', 'commit']),
  /** Data rows in the file. */
  total: z.number().int(),
  /** Workers whose entered figures change (written on commit). */
  updated: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
  committed: z.boolean(),
});
export type CycleInputImportResult = z.infer<typeof cycleInputImportResult>;

export const cycleScoreImportResult = z.object({
  mode: z.enum(['validate', 'commit']),
  total: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
  committed: z.boolean(),
});

export const adjustCycleEntryBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int(),
  rating,
  reason: text(500, '调整理由'),
});

export const cycleAppealReplyBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int(),
  /** The rating after the appeal; the same rating means the appeal is not upheld. */
  rating,
  reply: text(500, '答复意见'),
});

export const selfAssessmentBody = z.strictObject({
  summary: text(5000, '个人总结'),
});
export const assessmentAppealBody = z.strictObject({
  text: text(2000, '申诉理由'),
});

export const myAssessmentView = z.object({
  cycleId: z.number().int(),
  title: z.string(),
  year: z.number().int(),
  period: z.string(),
  status: z.enum(CYCLE_STATUSES),
  selfSummary: z.string().nullable(),
  selfSubmittedAt: z.string().nullable(),
  canSelfAssess: z.boolean(),
  /** Shown once published. */
  rating: rating.nullable(),
  score: z.number().nullable(),
  reasons: z.array(z.string()),
  appealDeadline: z.string().nullable(),
  canAppeal: z.boolean(),
  appealStatus: z.enum(['none', 'pending', 'upheld', 'changed']),
  appealText: z.string().nullable(),
  appealReply: z.string().nullable(),
});
export type MyAssessmentView = z.infer<typeof myAssessmentView>;
export const myAssessmentList = z.object({ items: z.array(myAssessmentView) });

export const ASSESSMENT_EFFECT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const assessmentEffectView = z.object({
  id: z.number().int(),
  cycleId: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  kind: z.enum(EFFECT_KINDS),
  value: z.string(),
  reason: z.string(),
  status: z.enum(ASSESSMENT_EFFECT_STATUSES),
  comment: z.string().nullable(),
  contractId: z.number().int().nullable(),
  version: z.number().int(),
});
export type AssessmentEffectView = z.infer<typeof assessmentEffectView>;
export const assessmentEffectListQuery = z.strictObject({
  cycleId: z.coerce.number().int().positive().optional(),
  status: z.enum(ASSESSMENT_EFFECT_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
/** Proposals pile up cycle after cycle: the list counts up to LIST_COUNT_CAP (common.ts). */
export const assessmentEffectPage = z.object({
  items: z.array(assessmentEffectView),
  total: z.number().int(),
  totalCapped: z.boolean(),
});
export const decideAssessmentEffectBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int(),
  decision: z.enum(['approve', 'reject'], { error: '决定应为 approve 或 reject' }),
  comment: text(500, '意见').nullable().optional(),
});

export const CYCLE_STATUS_LABELS: Readonly<Record<CycleStatus, { zh: string; en: string }>> = {
  open: { zh: '自评与评分中', en: 'Self-assessment and rating' },
  computed: { zh: '已计算（可调整）', en: 'Computed (adjustable)' },
  pending: { zh: '审批中', en: 'In approval' },
  approved: { zh: '已审批', en: 'Approved' },
  published: { zh: '已公示（申诉期）', en: 'Published (appeal window)' },
  final: { zh: '已定档', en: 'Final' },
};
