// Dashboards (领导驾驶舱): each chart is a registered indicator. An indicator answers for one org
// unit with rows (its direct children, or months) × categories (stacked series); a row's
// `orgUnitId` drills down the tree and a cell's roster filter opens the people behind the bar.
// Monthly snapshots hold the same figures per unit and month for exact, fast trends.
import { z } from 'zod';
import { ORG_LEVELS } from '@cwp/core';

/** The worker statuses a dashboard may count; the roster filters by exactly one of them. */
export const DASHBOARD_STATUSES = ['active', 'probation', 'suspended'] as const;
export type DashboardStatus = (typeof DASHBOARD_STATUSES)[number];

export const dashboardQuery = z.strictObject({
  /** Defaults to the caller's own unit. */
  orgUnitId: z.coerce
    .number({ error: '单位无效' })
    .int()
    .positive({ error: '单位无效' })
    .optional(),
  /** Population of the structure charts; defaults to active (在岗). */
  status: z.enum(DASHBOARD_STATUSES, { error: '人员状态无效' }).optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const indicatorParam = z.strictObject({
  indicator: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, { error: '指标无效' }),
});

export const trendQuery = z.strictObject({
  orgUnitId: z.coerce
    .number({ error: '单位无效' })
    .int()
    .positive({ error: '单位无效' })
    .optional(),
  /** Months back from the latest snapshot, 1–120; defaults to 24. */
  months: z.coerce
    .number({ error: '月数无效' })
    .int()
    .min(1)
    .max(120, { error: '月数最多 120' })
    .optional(),
});

export const unitRef = z.object({
  id: z.number().int(),
  name: z.string(),
  level: z.enum(ORG_LEVELS),
});

export const indicatorInfo = z.object({
  key: z.string(),
  titleZh: z.string(),
  titleEn: z.string(),
  /** Rows are the unit's direct children (drillable) or calendar months. */
  axis: z.enum(['unit', 'month']),
  /** The figures depend on the status filter. */
  usesStatus: z.boolean(),
});
export type IndicatorInfo = z.infer<typeof indicatorInfo>;

export const indicatorCategory = z.object({
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  /** Roster query parameters selecting exactly the people counted here (besides unit and
   * status), or null when the roster cannot filter by this category. */
  roster: z.record(z.string(), z.string()).nullable(),
});

export const indicatorRow = z.object({
  /** The child unit (drill-down target); null for workers directly in the unit, or a month row. */
  orgUnitId: z.number().int().nullable(),
  label: z.string(),
  /** The child has children of its own. */
  hasChildren: z.boolean(),
  values: z.array(z.number()),
});

export const indicatorLine = z.object({
  key: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  /** Set for a ratio (a percentage or an average), drawn on a second axis; absent for counts. */
  unit: z.enum(['percent', 'average']).optional(),
  values: z.array(z.number().nullable()),
});

export const indicatorView = z.object({
  indicator: indicatorInfo,
  unit: unitRef,
  /** From the root of the caller's scope down to this unit. */
  path: z.array(unitRef),
  status: z.enum(DASHBOARD_STATUSES),
  /** live = computed from the raw tables now; snapshot = the current month's snapshot. */
  source: z.enum(['live', 'snapshot']),
  asOf: z.string(),
  categories: z.array(indicatorCategory),
  rows: z.array(indicatorRow),
  /** Extra series drawn as lines over the bars (e.g. the quota). */
  lines: z.array(indicatorLine),
  /** Per-category totals for the whole unit. */
  totals: z.array(z.number()),
  /** Headline figures of the unit (e.g. per 10,000 residents). */
  summary: z.array(
    z.object({
      key: z.string(),
      labelZh: z.string(),
      labelEn: z.string(),
      value: z.number().nullable(),
    }),
  ),
});
export type IndicatorView = z.infer<typeof indicatorView>;

export const dashboardView = z.object({
  unit: unitRef,
  path: z.array(unitRef),
  indicators: z.array(indicatorInfo),
});
export type DashboardView = z.infer<typeof dashboardView>;

export const trendView = z.object({
  unit: unitRef,
  months: z.array(z.string()),
  series: z.array(indicatorLine),
});
export type TrendView = z.infer<typeof trendView>;

export const snapshotRunBody = z.strictObject({
  /** First day of any date in the month to compute; defaults to today. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
    .optional(),
});
export const snapshotRunResult = z.object({
  month: z.string(),
  units: z.number().int(),
  rows: z.number().int(),
});
export type SnapshotRunResult = z.infer<typeof snapshotRunResult>;
