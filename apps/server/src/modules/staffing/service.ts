// The staffing view (员额配备情况): a unit and its children with their own quota (computed by
// recompute.ts, after any manual adjustment), headcount (active and probation workers attached to
// the unit), vacancies and excess, and the same summed over each subtree with core's rollUp. A
// subdistrict's own quota comes from its own recorded population/households (residents it serves
// directly), never from its communities', which roll up into its totals instead.
import type { StaffingRow, StaffingView } from '@cwp/contracts';
import { rollUp, type StaffingTotals } from '@cwp/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { quotaAdjustment, ruleSet, unitQuota } from '../../db/schema-career';
import type { AuthContext } from '../../lib/auth-context';
import { notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { effectiveQuota, presentAdjustment, type AdjustmentRow } from './adjustments';

export async function unitInScope(db: DbOrTx, auth: AuthContext | null, id: number) {
  const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, id));
  if (!unit || (auth && !inScope(auth, unit.path))) throw notFound();
  return unit;
}

// ---------------------------------------------------------------------------------------------

interface TreeRow extends Record<string, unknown> {
  id: number;
  parent_id: number | null;
  quota: number | null;
  mode: string | null;
  value: number | null;
}

interface UseRow extends Record<string, unknown> {
  rule_set_id: number | null;
  units: number;
  first: Date | null;
  last: Date | null;
  /** Active communities and subdistricts without a quota row (only on the null-rule row). */
  uncomputed: number;
}

/** The unit and its active children with own figures and subtree totals. */
export async function getStaffing(
  db: Db,
  auth: AuthContext,
  orgUnitId: number | undefined,
): Promise<StaffingView> {
  const root = await unitInScope(db, auth, orgUnitId ?? auth.orgUnitId);
  const prefix = `${root.path}%`;
  // Four queries in parallel; the tree carries only what rollUp needs, since turning 100,000 rows
  // into objects is a good part of the cost. The bookkeeping is aggregated by PostgreSQL.
  const [tree, heads, uses, detail] = await Promise.all([
    db.execute<TreeRow>(sql`
      select o.id, o.parent_id, q.quota, a.mode, a.value
        from org_unit o
        left join unit_quota q on q.org_unit_id = o.id
        left join quota_adjustment a on a.org_unit_id = o.id and a.active
       where o.path like ${prefix}`),
    db.execute<{ org_unit_id: number; n: number }>(sql`
      select org_unit_id, count(*)::int as n
        from worker
       where org_path like ${prefix} and status in ('active', 'probation')
       group by org_unit_id`),
    db.execute<UseRow>(sql`
      select q.rule_set_id, count(q.org_unit_id)::int as units, min(q.computed_at) as first,
             max(q.computed_at) as last,
             count(*) filter (where q.org_unit_id is null and o.active
                                and o.level in ('community', 'subdistrict'))::int as uncomputed
        from org_unit o
        left join unit_quota q on q.org_unit_id = o.id
       where o.path like ${prefix}
       group by q.rule_set_id`),
    db
      .select({ unit: orgUnit, quota: unitQuota, adjustment: quotaAdjustment })
      .from(orgUnit)
      .leftJoin(unitQuota, eq(unitQuota.orgUnitId, orgUnit.id))
      .leftJoin(
        quotaAdjustment,
        and(eq(quotaAdjustment.orgUnitId, orgUnit.id), eq(quotaAdjustment.active, true)),
      )
      .where(
        sql`${orgUnit.id} = ${root.id} or (${orgUnit.parentId} = ${root.id} and ${orgUnit.active})`,
      )
      .orderBy(orgUnit.divisionCode),
  ]);
  const headcount = new Map<number, number>();
  for (const h of heads.rows) headcount.set(Number(h.org_unit_id), h.n);
  const units = tree.rows.map((r) => {
    const id = Number(r.id);
    return {
      id,
      // The root's parent lies outside the subtree; rollUp treats it as a root.
      parentId: r.parent_id === null ? null : Number(r.parent_id),
      quota: effectiveQuota(r.quota, r.mode, r.value),
      headcount: headcount.get(id) ?? 0,
    };
  });
  const totals = rollUp(units);
  const used = new Map<number, number>();
  let uncomputed = 0;
  let first: number | null = null;
  let last: number | null = null;
  for (const u of uses.rows) {
    uncomputed += u.uncomputed;
    if (u.rule_set_id !== null) used.set(Number(u.rule_set_id), u.units);
    const f = u.first ? new Date(u.first).getTime() : null;
    const l = u.last ? new Date(u.last).getTime() : null;
    if (f !== null && (first === null || f < first)) first = f;
    if (l !== null && (last === null || l > last)) last = l;
  }
  const names =
    used.size > 0
      ? await db
          .select({
            id: ruleSet.id,
            versionNo: ruleSet.versionNo,
            name: ruleSet.name,
            orgUnitId: ruleSet.orgUnitId,
            orgUnitName: orgUnit.name,
          })
          .from(ruleSet)
          .innerJoin(orgUnit, eq(orgUnit.id, ruleSet.orgUnitId))
          .where(inArray(ruleSet.id, [...used.keys()]))
      : [];
  const rows = detail.map((d) => presentRow(d, totals, headcount));
  const unit = rows.find((r) => r.orgUnitId === root.id);
  if (!unit) throw notFound();
  return {
    unit,
    children: rows.filter((r) => r.orgUnitId !== root.id),
    ruleSets: names.map((n) => ({
      ruleSetId: n.id,
      versionNo: n.versionNo,
      name: n.name,
      orgUnitId: n.orgUnitId,
      orgUnitName: n.orgUnitName,
      units: used.get(n.id) ?? 0,
    })),
    computedFrom: first === null ? null : new Date(first).toISOString(),
    computedTo: last === null ? null : new Date(last).toISOString(),
    uncomputed,
  };
}

function presentRow(
  d: {
    unit: typeof orgUnit.$inferSelect;
    quota: typeof unitQuota.$inferSelect | null;
    adjustment: AdjustmentRow | null;
  },
  totals: Map<number, StaffingTotals>,
  headcount: Map<number, number>,
): StaffingRow {
  const t = totals.get(d.unit.id);
  const own = t?.own;
  return {
    orgUnitId: d.unit.id,
    name: d.unit.name,
    level: d.unit.level,
    divisionCode: d.unit.divisionCode,
    own: {
      computedQuota: d.quota?.quota ?? null,
      adjustment: d.adjustment ? presentAdjustment(d.adjustment, d.unit.name, null, null) : null,
      quota: own?.quota ?? null,
      headcount: headcount.get(d.unit.id) ?? 0,
      vacancies: own?.vacancies ?? 0,
      excess: own?.excess ?? 0,
      residentPopulation: d.unit.residentPopulation,
      households: d.unit.households,
      ruleSetId: d.quota?.ruleSetId ?? null,
      ruleVersionNo: d.quota?.ruleVersionNo ?? null,
      explanation: d.quota?.explanation ?? null,
      computedAt: d.quota?.computedAt.toISOString() ?? null,
    },
    totals: {
      quota: t?.quota ?? 0,
      headcount: t?.headcount ?? 0,
      vacancies: t?.vacancies ?? 0,
      excess: t?.excess ?? 0,
      headcountWithoutQuota: t?.headcountWithoutQuota ?? 0,
    },
  };
}
