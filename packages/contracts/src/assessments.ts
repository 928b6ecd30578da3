// Assessment results (考核结果): one rating per worker per period (annual for now). Entered one by
// one or imported from a spreadsheet today; the management module's assessment cycles will write
// the same table later. Grade reviews and payroll read them.
import { ASSESSMENT_RATINGS } from '@cwp/core';
import { z } from 'zod';
import { filterText, text } from './common';

export const ASSESSMENT_SOURCES = ['manual', 'import', 'cycle'] as const;
export type AssessmentSource = (typeof ASSESSMENT_SOURCES)[number];
export const ASSESSMENT_PERIODS = ['annual'] as const;

const year = (label: string) =>
  z.coerce
    .number({ error: `${label}应为年份` })
    .int({ error: `${label}应为整数年份` })
    .min(2000, { error: `${label}不能早于 2000 年` })
    .max(2100, { error: `${label}不能晚于 2100 年` });

export const assessmentYear = year;

const rating = z.enum(ASSESSMENT_RATINGS, {
  error: '考核等次应为 优秀、合格、基本合格 或 不合格',
});

export const assessmentView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  year: z.number().int(),
  period: z.string(),
  rating: z.enum(ASSESSMENT_RATINGS),
  source: z.enum(ASSESSMENT_SOURCES),
  note: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
  version: z.number().int(),
});
export type AssessmentView = z.infer<typeof assessmentView>;

export const assessmentListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  workerId: z.coerce.number().int().positive().optional(),
  year: year('考核年度').optional(),
  rating: rating.optional(),
  q: filterText(50).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type AssessmentListQuery = z.infer<typeof assessmentListQuery>;

/** Results pile up year after year: the list counts up to LIST_COUNT_CAP (common.ts). */
export const assessmentPage = z.object({
  items: z.array(assessmentView),
  total: z.number().int(),
  totalCapped: z.boolean(),
});

export const createAssessmentBody = z.strictObject({
  workerId: z.number({ error: '请选择人员' }).int().positive(),
  year: year('考核年度'),
  rating,
  note: text(500, '备注').nullable().optional(),
});
export type CreateAssessmentBody = z.infer<typeof createAssessmentBody>;

export const updateAssessmentBody = z.strictObject({
  version: z.number().int(),
  rating,
  note: text(500, '备注').nullable().optional(),
});
export type UpdateAssessmentBody = z.infer<typeof updateAssessmentBody>;

export const assessmentImportQuery = z.strictObject({
  mode: z.enum(['validate', 'commit'], {
    error: '导入方式应为 validate（仅校验）或 commit（正式导入）',
  }),
});

export const assessmentImportError = z.object({
  row: z.number().int(),
  column: z.string(),
  message: z.string(),
});

export const assessmentImportResult = z.object({
  mode: z.enum(['validate', 'commit']),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  errors: z.array(assessmentImportError),
  committed: z.boolean(),
});
export type AssessmentImportResult = z.infer<typeof assessmentImportResult>;
