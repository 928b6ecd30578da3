// The dashboard's indicators are registered modules: each one names its chart, the permission
// that may see it, its categories and one SQL source of (org_path, category, n) rows counting the
// figures at the unit where they belong. The service sums that source per direct child of any unit
// (live) and the snapshot job sums it per ancestor of every unit (snapshot), so a module that lands
// later adds a chart, its drill-down and its monthly trend by registering one indicator.
import type { IndicatorInfo, Permission } from '@cwp/contracts';
import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { AuthContext } from '../../lib/auth-context';
import type { AppDeps } from '../../lib/context';

export interface IndicatorCategoryDef {
  key: string;
  labelZh: string;
  labelEn: string;
  /** Roster query parameters selecting exactly the people counted here; null if none can. */
  roster: Record<string, string> | null;
  /** Drawn as a line over the bars, or only used for the summary; default a stacked bar. */
  display?: 'line' | 'hidden';
  /**
   * Shown value = counted value × scale (e.g. 0.1 for hours counted in tenths, so the counts stay
   * integers that add up the tree); default 1.
   */
  scale?: number;
  /**
   * A line computed per row (child unit or month) from additive categories: numerator ÷ the sum
   * of the denominator categories × factor, one decimal; null where the denominator is 0. Drawn
   * on a second axis (a percentage or an average is not a count). Needs `display: 'line'`.
   */
  ratio?: {
    numerator: string;
    denominator: string[];
    factor: number;
    unit: 'percent' | 'average';
  };
}

export interface SourceArgs {
  /** Org path prefix of the subtree to count ('' = everything). */
  prefix: string;
  /** Restricts a status-dependent source to one status; null = all three (snapshots). */
  status: string | null;
  /** The reference date (YYYY-MM-DD): ages, the last 12 months, the assessed year. */
  today: string;
  /**
   * Where the statement will run (the pool, or the snapshot's transaction): for sources that read
   * configuration (e.g. the training rules in force) to build their statement.
   */
  db: DbOrTx;
  /**
   * The reader, for a live view; absent in the monthly snapshot, which is the same for every
   * reader. A source whose module hides rows from some readers applies the same rule here
   * (complaints: never counted for the worker complained about or their community's users).
   */
  viewer?: AuthContext;
}

export interface Indicator {
  info: IndicatorInfo;
  permission: Permission;
  /**
   * Rows of (org_path text, category text, n int). Status-dependent indicators prefix each
   * category with `<status>|`. The org path is where each counted item belongs (worker.org_path).
   * May be built asynchronously (after reading configuration through `args.db`); still one
   * statement.
   */
  source(args: SourceArgs): SQL | Promise<SQL>;
  /**
   * Set when the source is a count of workers by status and one expression over worker columns
   * (indicators.ts workerSource): the snapshot then counts all such indicators in one scan of
   * the worker table (grouping sets) instead of one scan each. Must equal the source.
   */
  workerCategory?(today: string): SQL;
  /**
   * The categories to show, in order, given the category keys present in the data (without the
   * status prefix). Month-axis indicators give their series here and rows via `monthRows`.
   */
  categories(deps: AppDeps, present: string[], today: string): Promise<IndicatorCategoryDef[]>;
  /** Headline figures from the unit's per-category totals (all categories, any display). */
  summary?(
    totals: Record<string, number>,
  ): { key: string; labelZh: string; labelEn: string; value: number | null }[];
  /**
   * Read from the current month's snapshot at every level when it is fresh, not only for the top
   * of the tree: for a source too slow to run live even for a district (e.g. one that reads every
   * survey answer). The snapshot places every figure at its own unit, so any unit's figures are
   * exact as of the snapshot (at most a day old); without a fresh one the source runs live.
   */
  snapshotEverywhere?: boolean;
  /** Month-axis indicators: the month labels (YYYY-MM) shown as rows, oldest first. */
  months?(today: string): string[];
}

const registry = new Map<string, Indicator>();

export function registerIndicator(indicator: Indicator): void {
  if (registry.has(indicator.info.key))
    throw new Error(`indicator ${indicator.info.key} registered twice`);
  registry.set(indicator.info.key, indicator);
}

export function getIndicator(key: string): Indicator | undefined {
  return registry.get(key);
}

export function allIndicators(): Indicator[] {
  return [...registry.values()];
}
