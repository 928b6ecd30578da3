// Where a click on a dashboard chart leads: a row's unit drills the tree; a bar opens the roster
// filtered to exactly the people it counts (unit subtree, status, the category's filter).
import type { IndicatorView } from '@cwp/contracts';

export function rosterLink(
  view: IndicatorView,
  rowIndex: number,
  categoryIndex: number,
): string | null {
  const row = view.rows[rowIndex];
  const cat = view.categories[categoryIndex];
  if (!row || !cat?.roster || row.orgUnitId === null || view.indicator.axis !== 'unit') return null;
  const params = new URLSearchParams({ orgUnitId: String(row.orgUnitId) });
  if (view.indicator.usesStatus) params.set('status', view.status);
  for (const [k, v] of Object.entries(cat.roster)) params.set(k, v);
  return `/workers?${params.toString()}`;
}

/** The child unit a row drills into, or null (the unit itself, a leaf, a month). */
export function drillTarget(view: IndicatorView, rowIndex: number): number | null {
  const row = view.rows[rowIndex];
  if (!row || row.orgUnitId === null || row.orgUnitId === view.unit.id) return null;
  return row.orgUnitId;
}
