// Evaluation of regions' progress (评估指导): the content schema of the rule-set kind
// `evaluation_indicators` (weights, targets and scoring per indicator; how each computed metric is
// measured lives in core's catalogue) and the API of evaluation rounds: a year, an evaluating unit
// and the level it evaluates, the indicator set in force recorded by id and version, computed and
// entered values (with evidence), weighted scores, ranks and the finalized report.
import {
  EVALUATION_METRICS,
  EVALUATION_SCORING_METHODS,
  EVALUATION_SOURCES,
  checkEvaluationIndicators,
} from '@cwp/core';
import { z } from 'zod';
import { hasNoControlChars, pageQuery, text } from './common';

// ---------------------------------------------------------------------------------------------
// Rule-set content

const number = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}应为数字` })
    .min(min, { error: `${label}不能小于 ${min}`, abort: true })
    .max(max, { error: `${label}不能大于 ${max}`, abort: true });

const indicatorCode = z
  .string({ error: '指标代码不能为空' })
  .trim()
  .regex(/^[A-Za-z0-9_]{1,32}$/, { error: '指标代码应为 1–32 位字母、数字或下划线' });

const shortLabel = (max: number, name: string) =>
  z
    .string({ error: `${name}应为文字` })
    .trim()
    .min(1, { error: `${name}不能为空` })
    .max(max, { error: `${name}不能超过 ${max} 个字符` })
    .refine(hasNoControlChars, { error: `${name}包含不允许的控制字符` });

export const evaluationIndicator = z.strictObject(
  {
    code: indicatorCode,
    name: shortLabel(50, '指标名称'),
    weight: number('权重', 0, 100).gt(0, { error: '权重应大于 0' }),
    source: z.enum(EVALUATION_SOURCES, { error: '数据来源应为系统计算或填报' }),
    metric: z
      .enum(EVALUATION_METRICS, {
        error: `计算口径无效，应为 ${EVALUATION_METRICS.join(' / ')} 之一`,
      })
      .nullish(),
    parameter: number('口径参数', 0, 1_000_000).nullish(),
    unit: z
      .string({ error: '计量单位应为文字' })
      .trim()
      .max(10, { error: '计量单位不能超过 10 个字符' })
      .refine(hasNoControlChars, { error: '计量单位包含不允许的控制字符' })
      .nullish(),
    target: number('目标值', 0, 1_000_000),
    scoring: z.enum(EVALUATION_SCORING_METHODS, { error: '计分方法应为按比例计分或达标计分' }),
  },
  {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `指标包含不允许的字段：${iss.keys.join('、')}`
        : '指标应为对象',
  },
);

export const evaluationIndicatorsContent = z
  .strictObject(
    {
      indicators: z
        .array(evaluationIndicator, { error: '指标应为列表' })
        .min(1, { error: '至少需要 1 项指标' })
        .max(50, { error: '最多 50 项指标' }),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `评估指标体系包含不允许的字段：${iss.keys.join('、')}`
          : '评估指标体系应为对象',
    },
  )
  .superRefine((value, ctx) => {
    for (const issue of checkEvaluationIndicators(value)) {
      ctx.addIssue({
        code: 'custom',
        path:
          issue.path === ''
            ? []
            : issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        message: issue.message,
      });
    }
  });

// ---------------------------------------------------------------------------------------------
// Rounds

export const EVALUATION_LEVELS = ['district', 'subdistrict'] as const;
export type EvaluationLevel = (typeof EVALUATION_LEVELS)[number];
export const EVALUATION_LEVEL_LABELS: Readonly<Record<EvaluationLevel, string>> = {
  district: '区（县）',
  subdistrict: '街道（乡镇）',
};

export const EVALUATION_STATUSES = ['draft', 'computed', 'finalized'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const EVALUATION_STATUS_LABELS: Readonly<Record<EvaluationStatus, string>> = {
  draft: '草稿',
  computed: '已计算',
  finalized: '已定稿',
};

const version = z.number({ error: '缺少版本号' }).int().positive();

export const evaluationRoundListQuery = pageQuery.extend({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const createEvaluationRoundBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择评估单位' }).int().positive(),
  year: z
    .number({ error: '请填写评估年度' })
    .int({ error: '评估年度应为整数' })
    .min(2000, { error: '评估年度不能早于 2000 年' })
    .max(2100, { error: '评估年度不能晚于 2100 年' }),
  level: z.enum(EVALUATION_LEVELS, { error: '被评估层级应为区（县）或街道（乡镇）' }),
  title: text(100, '评估名称'),
});
export type CreateEvaluationRoundBody = z.infer<typeof createEvaluationRoundBody>;

export const versionBody = z.strictObject({ version });

/** Multipart fields of an entered value (the evidence file is the part `file`). */
export const enterEvaluationValueFields = z.strictObject({
  version: z.coerce.number({ error: '缺少版本号' }).int().positive(),
  orgUnitId: z.coerce.number({ error: '请选择被评估单位' }).int().positive(),
  code: indicatorCode,
  value: z.coerce
    .number({ error: '填报值应为数字' })
    .min(0, { error: '填报值不能小于 0' })
    .max(1_000_000, { error: '填报值不能大于 1000000' }),
  note: z
    .string()
    .trim()
    .max(500, { error: '说明不能超过 500 个字符' })
    .refine(hasNoControlChars, { error: '说明包含不允许的控制字符' })
    .optional(),
});

export const evaluationRoundView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  year: z.number().int(),
  level: z.enum(EVALUATION_LEVELS),
  title: z.string(),
  referenceDate: z.string(),
  ruleSetId: z.number().int(),
  ruleVersionNo: z.number().int(),
  ruleSetName: z.string(),
  status: z.enum(EVALUATION_STATUSES),
  units: z.number().int(),
  computedAt: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  version: z.number().int(),
});
export type EvaluationRoundView = z.infer<typeof evaluationRoundView>;

export const evaluationRoundPage = z.object({
  items: z.array(evaluationRoundView),
  total: z.number().int(),
});

export const evaluationIndicatorView = z.object({
  code: z.string(),
  name: z.string(),
  weight: z.number(),
  source: z.enum(EVALUATION_SOURCES),
  metric: z.enum(EVALUATION_METRICS).nullable(),
  metricName: z.string().nullable(),
  how: z.string().nullable(),
  parameter: z.number().nullable(),
  unit: z.string().nullable(),
  target: z.number(),
  scoring: z.enum(EVALUATION_SCORING_METHODS),
});
export type EvaluationIndicatorView = z.infer<typeof evaluationIndicatorView>;

export const evaluationValueView = z.object({
  code: z.string(),
  value: z.number().nullable(),
  points: z.number(),
  /** For computed values: what was counted (e.g. 182 of 200). */
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  evidence: z
    .object({
      fileName: z.string(),
      mimeType: z.string(),
      size: z.number().int(),
      sha256: z.string(),
    })
    .nullable(),
  note: z.string().nullable(),
});
export type EvaluationValueView = z.infer<typeof evaluationValueView>;

export const evaluationUnitView = z.object({
  orgUnitId: z.number().int(),
  name: z.string(),
  divisionCode: z.string().nullable(),
  total: z.number().nullable(),
  rank: z.number().int().nullable(),
  values: z.array(evaluationValueView),
});
export type EvaluationUnitView = z.infer<typeof evaluationUnitView>;

export const evaluationRoundDetail = evaluationRoundView.extend({
  indicators: z.array(evaluationIndicatorView),
  unitsDetail: z.array(evaluationUnitView),
  computeMillis: z.number().int().nullable(),
});
export type EvaluationRoundDetail = z.infer<typeof evaluationRoundDetail>;
