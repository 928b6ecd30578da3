// Dashboards (领导驾驶舱): the monthly statistical snapshot. One row per org unit × month ×
// indicator × category holds the figure of the unit's whole subtree, computed set-based over the
// tree by the scheduled job (modules/dashboard/snapshot.ts). Trend charts read it, and dashboards of
// the top of the tree read the current month's rows when the live query would be slower.
// drizzle.config.ts reads every schema*.ts.
import {
  bigint,
  date,
  index,
  integer,
  primaryKey,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A derived table only the snapshot job writes (whole months at a time): no foreign keys, like
 * unit_quota. `month` is the first day of the month; the current month's rows are refreshed by
 * every daily run and freeze when the month ends. `category` is '' for a single-valued indicator.
 */
export const dashboardSnapshot = pgTable(
  'dashboard_snapshot',
  {
    month: date('month', { mode: 'string' }).notNull(),
    orgUnitId: bigint('org_unit_id', { mode: 'number' }).notNull(),
    indicator: text('indicator').notNull(),
    category: text('category').notNull(),
    value: integer('value').notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgUnitId, t.indicator, t.month, t.category] }),
    index('dashboard_snapshot_month_idx').on(t.month),
  ],
);
