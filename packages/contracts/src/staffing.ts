// Staffing (员额): each community's and subdistrict's quota computed from its population and
// households under the staffing standard in force, compared with headcount (active and probation
// workers) and rolled up the org tree; manual adjustments with a reason.
import { z } from 'zod';
import { text } from './common';
import { isoDate } from './workers';

export const QUOTA_ADJUSTMENT_MODES = ['delta', 'override'] as const;
export type QuotaAdjustmentMode = (typeof QUOTA_ADJUSTMENT_MODES)[number];

export const recomputeBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择单位' }).int().positive(),
  /** Whose rule in force is used; defaults to today. */
  date: isoDate('日期').optional(),
});

const ruleUse = z.object({
  ruleSetId: z.number().int(),
  versionNo: z.number().int(),
  name: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  /** Units of the subtree computed with this version. */
  units: z.number().int(),
});

export const staffingTotals = z.object({
  /** Sums over the unit and everything under it. */
  quota: z.number().int(),
  headcount: z.number().int(),
  /** Σ max(0, quota − headcount) per unit: one unit's excess does not fill another's vacancy. */
  vacancies: z.number().int(),
  excess: z.number().int(),
  /** Workers in units without a quota (neither vacancy nor excess). */
  headcountWithoutQuota: z.number().int(),
});

export const recomputeResult = z.object({
  orgUnitId: z.number().int(),
  date: z.string(),
  /** Communities and subdistricts computed. */
  units: z.number().int(),
  withQuota: z.number().int(),
  /** Units under no staffing standard in force. */
  withoutRule: z.number().int(),
  /** Units whose population or households (as the rule needs) are not recorded. */
  missingInputs: z.number().int(),
  ruleSets: z.array(ruleUse),
  /** The unit's totals right after the run: new quotas (after adjustments) against headcount. */
  totals: staffingTotals,
  computedAt: z.string(),
});
export type RecomputeResult = z.infer<typeof recomputeResult>;

export const staffingQuery = z.strictObject({
  /** Defaults to the caller's own unit. */
  orgUnitId: z.coerce.number().int().positive().optional(),
});

export const adjustmentView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  mode: z.enum(QUOTA_ADJUSTMENT_MODES),
  value: z.number().int(),
  reason: z.string(),
  active: z.boolean(),
  createdBy: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
  endedBy: z.object({ id: z.number().int(), displayName: z.string() }).nullable(),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  version: z.number().int(),
});
export type AdjustmentView = z.infer<typeof adjustmentView>;

export const staffingRow = z.object({
  orgUnitId: z.number().int(),
  name: z.string(),
  level: z.string(),
  divisionCode: z.string(),
  /** The unit's own figures (workers attached to it, its own computed quota). */
  own: z.object({
    computedQuota: z.number().int().nullable(),
    adjustment: adjustmentView.nullable(),
    /** After the adjustment; null without a computed quota or override. */
    quota: z.number().int().nullable(),
    headcount: z.number().int(),
    vacancies: z.number().int(),
    excess: z.number().int(),
    residentPopulation: z.number().int().nullable(),
    households: z.number().int().nullable(),
    ruleSetId: z.number().int().nullable(),
    ruleVersionNo: z.number().int().nullable(),
    explanation: z.string().nullable(),
    computedAt: z.string().nullable(),
  }),
  totals: staffingTotals,
});
export type StaffingRow = z.infer<typeof staffingRow>;

export const staffingView = z.object({
  unit: staffingRow,
  /** Direct children (active), by division code. */
  children: z.array(staffingRow),
  /** Rule versions behind the quotas of the unit's subtree. */
  ruleSets: z.array(ruleUse),
  /** Earliest and latest computation of the subtree's quotas; null if never computed. */
  computedFrom: z.string().nullable(),
  computedTo: z.string().nullable(),
  /** Communities and subdistricts of the subtree with no quota row yet. */
  uncomputed: z.number().int(),
});
export type StaffingView = z.infer<typeof staffingView>;

export const createAdjustmentBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择单位' }).int().positive(),
  mode: z.enum(QUOTA_ADJUSTMENT_MODES, {
    error: '调整方式应为 delta（增减）或 override（核定为）',
  }),
  value: z
    .number({ error: '调整数应为整数' })
    .int({ error: '调整数应为整数' })
    .min(-10_000, { error: '调整数过小' })
    .max(10_000, { error: '调整数过大' }),
  reason: text(500, '调整理由'),
  /** Id of the unit's active adjustment the caller saw (null if none), which this replaces. */
  supersedes: z.number().int().positive().nullable(),
});
export type CreateAdjustmentBody = z.infer<typeof createAdjustmentBody>;

export const revokeAdjustmentBody = z.strictObject({
  version: z.number().int(),
  reason: text(500, '撤销理由'),
});

export const adjustmentListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  /** With orgUnitId: only that unit (`self`) or everything under it (`subtree`, the default). */
  orgScope: z.enum(['self', 'subtree']).default('subtree'),
  active: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const adjustmentPage = z.object({ items: z.array(adjustmentView), total: z.number().int() });
