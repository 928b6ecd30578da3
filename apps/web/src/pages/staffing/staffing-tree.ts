// The staffing table as a tree loaded on demand: the chosen unit's row with its direct children,
// each child's own children fetched when it is expanded. Pure functions (staffing-tree.test.ts).
import type { AdjustmentView, StaffingRow } from '@cwp/contracts';
import type { TFunction } from 'i18next';

export interface StaffingTreeRow extends StaffingRow {
  key: number;
  /** Loaded children; an empty list marks "may have children, not loaded yet". */
  children?: StaffingTreeRow[];
}

/** Communities are leaves; anything above may have children. */
export function mayHaveChildren(row: Pick<StaffingRow, 'level'>): boolean {
  return row.level !== 'community';
}

/**
 * The tree under `root` from the children loaded so far (per parent id). A unit whose children
 * came back empty is a leaf; one not loaded yet gets an empty list so the table offers to expand it.
 */
export function buildTree(
  root: StaffingRow,
  loaded: ReadonlyMap<number, readonly StaffingRow[]>,
): StaffingTreeRow {
  const seen = new Set<number>();
  const build = (row: StaffingRow): StaffingTreeRow => {
    seen.add(row.orgUnitId);
    const kids = loaded.get(row.orgUnitId);
    if (kids) {
      const children = kids.filter((k) => !seen.has(k.orgUnitId)).map(build);
      return children.length > 0
        ? { ...row, key: row.orgUnitId, children }
        : { ...row, key: row.orgUnitId };
    }
    return mayHaveChildren(row)
      ? { ...row, key: row.orgUnitId, children: [] }
      : { ...row, key: row.orgUnitId };
  };
  return build(root);
}

/** "+2" / "−1" for a delta, "核定 15" for an override. */
export function adjustmentText(a: Pick<AdjustmentView, 'mode' | 'value'>, t: TFunction): string {
  if (a.mode === 'override') return t('careerRules.staffing.overrideTo', { value: a.value });
  return a.value > 0 ? `+${a.value}` : a.value < 0 ? `−${Math.abs(a.value)}` : '±0';
}
