// Disclosures (党务公开 / 居务公开 / 财务公开): request and response schemas for the staff screens
// and the public, no-login pages per community. Amounts are in fen (分) on the wire.
import { z } from 'zod';
import { filterText, hasNoControlChars, text } from './common';

export const DISCLOSURE_KINDS = ['party', 'affairs', 'finance'] as const;
export const disclosureKind = z.enum(DISCLOSURE_KINDS, { error: '公开类别应为党务、居务或财务' });
export const DISCLOSURE_STATUSES = [
  'draft',
  'pending',
  'published',
  'superseded',
  'withdrawn',
  'rejected',
] as const;
export const disclosureStatus = z.enum(DISCLOSURE_STATUSES);

const isoDate = z
  .string({ error: '日期格式应为 YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });

export const disclosureFinanceRow = z.strictObject({
  category: text(60, '科目'),
  direction: z.enum(['income', 'spending'], { error: '收支方向应为收入或支出' }),
  amount: z
    .number({ error: '金额应为数字（分）' })
    .int({ error: '金额最多两位小数' })
    .min(0, { error: '金额不能为负数' })
    .max(100_000_000_000, { error: '金额过大' }),
});
export const disclosureFinanceTable = z.strictObject({
  rows: z.array(disclosureFinanceRow).min(1, { error: '财务公开表至少需要一行' }).max(200),
  totalIncome: z.number({ error: '缺少收入合计' }).int(),
  totalSpending: z.number({ error: '缺少支出合计' }).int(),
  balance: z.number({ error: '缺少结余' }).int(),
});
export type FinanceTableInput = z.infer<typeof disclosureFinanceTable>;

const optionalReason = z
  .string()
  .trim()
  .max(500, { error: '原因不能超过 500 个字符' })
  .refine(hasNoControlChars, { error: '原因包含不允许的控制字符' })
  .nullish();

export const createDisclosureBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择社区' }).int().positive(),
  kind: disclosureKind,
  title: text(200, '标题'),
  body: z
    .string()
    .max(20_000, { error: '正文不能超过 20000 个字符' })
    .refine(hasNoControlChars, { error: '正文包含不允许的控制字符' })
    .default(''),
  periodKey: z
    .string()
    .regex(/^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/, {
      error: '公开期间格式应为 2026-Q3、2026-H1、2026-07 或 2026',
    })
    .nullish(),
  eventDate: isoDate.nullish(),
  finance: disclosureFinanceTable.nullish(),
});
export type CreateDisclosureBody = z.infer<typeof createDisclosureBody>;

export const updateDisclosureBody = createDisclosureBody
  .omit({ orgUnitId: true, kind: true })
  .extend({ version: z.number({ error: '缺少版本号' }).int().positive() });

export const correctDisclosureBody = createDisclosureBody
  .omit({ orgUnitId: true, kind: true })
  .extend({
    version: z.number({ error: '缺少版本号' }).int().positive(),
    correctionNote: text(500, '更正说明'),
  });

export const publishDisclosureBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int().positive(),
  offScheduleReason: optionalReason,
});
export const disclosureReasonBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int().positive(),
  reason: text(500, '原因'),
});
export const disclosureVersionBody = z.strictObject({
  version: z.number({ error: '缺少版本号' }).int().positive(),
});

export const disclosureView = z.object({
  id: z.number(),
  seriesId: z.number(),
  revision: z.number(),
  correctsId: z.number().nullable(),
  correctedById: z.number().nullable(),
  correctionNote: z.string().nullable(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  kind: disclosureKind,
  title: z.string(),
  body: z.string(),
  periodKey: z.string().nullable(),
  eventDate: z.string().nullable(),
  finance: disclosureFinanceTable.nullable(),
  status: disclosureStatus,
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  scheduleId: z.number().nullable(),
  scheduleVersion: z.number().nullable(),
  offScheduleReason: z.string().nullable(),
  rejectReason: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  publishedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
});
export type DisclosureView = z.infer<typeof disclosureView>;

export const disclosureListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  kind: disclosureKind.optional(),
  status: disclosureStatus.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: filterText(50).optional(),
  /** Keyset cursor: items with id below it (newest first). */
  before: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const disclosurePage = z.object({
  items: z.array(disclosureView),
  nextCursor: z.number().nullable(),
});

export const disclosureScheduleRule = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('periodic'),
      period: z.enum(['month', 'quarter', 'half', 'year'], { error: '周期应为月、季、半年或年' }),
      graceDays: z
        .number({ error: '期满后公开天数应为整数' })
        .int({ error: '期满后公开天数应为整数' })
        .min(0, { error: '期满后公开天数不能为负数' })
        .max(366, { error: '期满后公开天数不能超过 366 天' }),
    }),
    z.strictObject({
      type: z.literal('event'),
      withinDays: z
        .number({ error: '事件后公开天数应为整数' })
        .int({ error: '事件后公开天数应为整数' })
        .min(0, { error: '事件后公开天数不能为负数' })
        .max(366, { error: '事件后公开天数不能超过 366 天' }),
    }),
  ],
  { error: '公开时限类型应为定期或事件后' },
);
export const upsertDisclosureScheduleBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择单位' }).int().positive(),
  kind: disclosureKind,
  rule: disclosureScheduleRule,
  note: z
    .string()
    .trim()
    .max(200, { error: '说明不能超过 200 个字符' })
    .refine(hasNoControlChars, { error: '说明包含不允许的控制字符' })
    .nullish(),
  /**
   * First day the version governs (today or later for a new dated version); omitted or null for
   * the base version that applies from the start. (unit, kind, effectiveFrom) names a version.
   */
  effectiveFrom: isoDate.nullish(),
  /** Present when replacing an existing version (optimistic locking). */
  version: z.number().int().positive().optional(),
});
export type UpsertDisclosureScheduleBody = z.infer<typeof upsertDisclosureScheduleBody>;
export const disclosureScheduleView = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  kind: disclosureKind,
  rule: disclosureScheduleRule,
  note: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  /** True for the unit's version of this kind that governs today. */
  inForce: z.boolean(),
  version: z.number(),
});
export type DisclosureScheduleView = z.infer<typeof disclosureScheduleView>;
export const disclosureScheduleList = z.object({ items: z.array(disclosureScheduleView) });

export const disclosureOverdueRunBody = z.strictObject({ date: isoDate.optional() });
export const disclosureOverdueRunResult = z.object({
  date: z.string(),
  alerts: z.number(),
  notifications: z.number(),
});

// Public, no-login pages.
export const publicDisclosureSummary = z.object({
  id: z.number(),
  kind: disclosureKind,
  title: z.string(),
  periodKey: z.string().nullable(),
  eventDate: z.string().nullable(),
  revision: z.number(),
  status: z.enum(['published', 'superseded', 'withdrawn']),
  publishedAt: z.string(),
});
export const publicDisclosureList = z.object({
  community: z.object({ id: z.number(), name: z.string() }),
  current: z.array(publicDisclosureSummary),
  past: z.array(publicDisclosureSummary),
});
export const publicDisclosureItem = publicDisclosureSummary.extend({
  body: z.string(),
  finance: disclosureFinanceTable.nullable(),
  correctionNote: z.string().nullable(),
  correctsId: z.number().nullable(),
  correctedById: z.number().nullable(),
  withdrawReason: z.string().nullable(),
  communityName: z.string(),
});
export type PublicDisclosureList = z.infer<typeof publicDisclosureList>;
export type PublicDisclosureItem = z.infer<typeof publicDisclosureItem>;
export const communityDisclosureParams = z.strictObject({
  id: z.coerce.number().int().positive(),
});
export const communityDisclosureItemParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  itemId: z.coerce.number().int().positive(),
});
