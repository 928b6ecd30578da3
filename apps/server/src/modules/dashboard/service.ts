// Computes an indicator for one org unit: live from the raw tables (its source summed per direct
// child), or, for the top of the tree, from the current month's snapshot when one was taken in
// the last day (the live query over a whole province is slower than the dashboard may be).
import type { DashboardStatus, DashboardView, IndicatorView, TrendView } from '@cwp/contracts';
import type { OrgLevel } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { AuthContext } from '../../lib/auth-context';
import type { AppDeps } from '../../lib/context';
import { notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { todayIso } from '../workers/mapping';
import { allIndicators, getIndicator, type Indicator, type IndicatorCategoryDef } from './registry';

/** Levels whose dashboards read the snapshot when a fresh one exists. */
export const SNAPSHOT_LEVELS: readonly OrgLevel[] = ['province', 'city'];
/** Category of the row marking an indicator as computed for a unit (value 0, never shown). */
export const SNAPSHOT_MARKER = '#computed';
/** A snapshot counts as fresh for this long after it was computed. */
const SNAPSHOT_FRESH_MS = 26 * 3_600_000;

export type UnitRow = {
  id: number;
  name: string;
  level: OrgLevel;
  path: string;
};

type ChildRow = UnitRow & {
  has_children: boolean;
};

export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export async function unitForDashboard(
  deps: AppDeps,
  auth: AuthContext,
  orgUnitId: number | undefined,
): Promise<{ unit: UnitRow; path: UnitRow[]; children: ChildRow[] }> {
  const id = orgUnitId ?? auth.orgUnitId;
  const { rows } = await deps.db.execute<UnitRow>(
    sql`select id::int as id, name, level, path from org_unit where id = ${id}`,
  );
  const unit = rows[0];
  if (!unit || !inScope(auth, unit.path)) throw notFound();
  const ids = unit.path.split('.').filter(Boolean).map(Number);
  const [ancestors, children] = await Promise.all([
    deps.db.execute<UnitRow>(
      sql`select id::int as id, name, level, path from org_unit
           where id in (${sql.join(
             ids.map((i) => sql`${i}`),
             sql`, `,
           )})`,
    ),
    deps.db.execute<ChildRow>(sql`
      select o.id::int as id, o.name, o.level, o.path,
             exists (select 1 from org_unit c where c.parent_id = o.id) as has_children
        from org_unit o where o.parent_id = ${unit.id} and o.active
       order by o.division_code`),
  ]);
  const path = ancestors.rows
    .filter((a) => inScope(auth, a.path))
    .sort((a, b) => a.path.length - b.path.length);
  return { unit, path, children: children.rows };
}

function ref(u: UnitRow) {
  return { id: Number(u.id), name: u.name, level: u.level };
}

export function visibleIndicators(auth: AuthContext): Indicator[] {
  return allIndicators().filter((i) => auth.permissions.has(i.permission));
}

export async function getDashboard(
  deps: AppDeps,
  auth: AuthContext,
  orgUnitId: number | undefined,
): Promise<DashboardView> {
  const { unit, path } = await unitForDashboard(deps, auth, orgUnitId);
  return {
    unit: ref(unit),
    path: path.map(ref),
    indicators: visibleIndicators(auth).map((i) => i.info),
  };
}

/** (child id or '' for the unit itself) → category → n */
type Counts = Map<string, Map<string, number>>;

function add(counts: Counts, child: string, category: string, n: number) {
  let m = counts.get(child);
  if (!m) counts.set(child, (m = new Map()));
  m.set(category, (m.get(category) ?? 0) + n);
}

async function liveCounts(
  deps: AppDeps,
  ind: Indicator,
  unit: UnitRow,
  status: DashboardStatus,
  today: string,
  viewer: AuthContext,
): Promise<Counts> {
  const source = await ind.source({
    prefix: unit.path,
    status: ind.info.usesStatus ? status : null,
    today,
    db: deps.db,
    viewer,
  });
  const { rows } = await deps.db.execute<{ child: string; category: string; n: string }>(sql`
    select split_part(substr(s.org_path, ${unit.path.length + 1}), '.', 1) as child,
           s.category, sum(s.n)::bigint as n
      from (${source}) s
     group by 1, 2`);
  const counts: Counts = new Map();
  for (const r of rows) add(counts, r.child, r.category, Number(r.n));
  return counts;
}

/**
 * The live counts of every worker-dimension indicator (those with `workerCategory`) of one unit in
 * one scan of its workers: a grouping set per indicator, each giving exactly the rows its own
 * source would (`status|category` per direct child). A dashboard shows a dozen of these; scanning
 * the subtree's workers once instead of once per chart is what keeps a district's page fast.
 */
async function liveWorkerDimensions(
  deps: AppDeps,
  inds: Indicator[],
  unit: UnitRow,
  status: DashboardStatus,
  today: string,
): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  if (inds.length === 0) return out;
  const cols = inds.map((ind, i) => {
    const expr = ind.workerCategory?.(today) ?? sql`null`;
    return sql`coalesce((${expr})::text, '') as ${sql.raw(`c${i}`)}`;
  });
  const names = inds.map((_, i) => sql.raw(`c${i}`));
  const { rows } = await deps.db.execute<Record<string, string | null>>(sql`
    select child, status, grouping(${sql.join(names, sql`, `)})::int as g,
           ${sql.join(names, sql`, `)}, count(*)::bigint as n
      from (select split_part(substr(org_path, ${unit.path.length + 1}), '.', 1) as child, status,
                   ${sql.join(cols, sql`, `)}
              from worker
             where org_path like ${`${unit.path}%`} and status = ${status}) w
     group by grouping sets (${sql.join(
       names.map((c) => sql`(child, status, ${c})`),
       sql`, `,
     )})`);
  const n = inds.length;
  inds.forEach((ind) => out.set(ind.info.key, new Map()));
  for (const r of rows) {
    // grouping(c0 … cn-1) has a 0 bit for the one column grouped by (c0 is the highest bit).
    const i = inds.findIndex((_, k) => Number(r.g) === 2 ** n - 1 - 2 ** (n - 1 - k));
    const ind = inds[i];
    const counts = ind && out.get(ind.info.key);
    if (!counts) continue;
    add(counts, r.child ?? '', `${r.status ?? ''}|${r[`c${i}`] ?? ''}`, Number(r.n));
  }
  return out;
}

/** The current month's snapshot of the unit and its children, if fresh; else null. */
async function snapshotCounts(
  deps: AppDeps,
  ind: Indicator,
  unit: UnitRow,
  children: UnitRow[],
  today: string,
): Promise<{ counts: Counts; asOf: Date } | null> {
  const ids = [unit.id, ...children.map((c) => c.id)];
  // The run's time: the unit's own marker, or below the snapshot levels (snapshotEverywhere
  // indicators) the marker of the top of the tree, written by the same run.
  const markerUnit = SNAPSHOT_LEVELS.includes(unit.level)
    ? Number(unit.id)
    : Number(unit.path.split('.').find(Boolean));
  let { rows } = await deps.db.execute<{
    org_unit_id: string;
    category: string;
    value: number;
    computed_at: Date;
  }>(sql`
    select org_unit_id, category, value, computed_at from dashboard_snapshot
     where month = ${monthOf(today)} and indicator = ${ind.info.key}
       and (org_unit_id in (${sql.join(
         ids.map((i) => sql`${i}`),
         sql`, `,
       )}) or (org_unit_id = ${markerUnit} and category = ${SNAPSHOT_MARKER}))`);
  // The marker row is rewritten by every run (unchanged figures are not): its time is the
  // snapshot's.
  const marker = rows.find(
    (r) => Number(r.org_unit_id) === markerUnit && r.category === SNAPSHOT_MARKER,
  );
  if (!marker) return null;
  const asOf = new Date(marker.computed_at);
  if (Date.now() - asOf.getTime() > SNAPSHOT_FRESH_MS) return null;
  const counts: Counts = new Map();
  rows = rows.filter((r) => r.category !== SNAPSHOT_MARKER);
  // The unit's own row (workers attached to the unit itself) = its total − its children's.
  for (const r of rows) {
    const id = Number(r.org_unit_id);
    if (id === Number(unit.id)) add(counts, '', r.category, r.value);
    else {
      add(counts, String(id), r.category, r.value);
      add(counts, '', r.category, -r.value);
    }
  }
  return { counts, asOf };
}

export async function computeIndicator(
  deps: AppDeps,
  auth: AuthContext,
  key: string,
  orgUnitId: number | undefined,
  status: DashboardStatus = 'active',
  lang: 'zh' | 'en' = 'zh',
  preloaded?: Awaited<ReturnType<typeof unitForDashboard>>,
  /** Live counts already computed for this unit and status (computeAll), by indicator key. */
  liveByKey?: Map<string, Counts>,
): Promise<IndicatorView> {
  const ind = getIndicator(key);
  if (!ind || !auth.permissions.has(ind.permission)) throw notFound();
  const { unit, path, children } = preloaded ?? (await unitForDashboard(deps, auth, orgUnitId));
  const today = todayIso();
  let counts: Counts;
  let source: 'live' | 'snapshot' = 'live';
  let asOf = new Date();
  const snap =
    SNAPSHOT_LEVELS.includes(unit.level) || ind.snapshotEverywhere
      ? await snapshotCounts(deps, ind, unit, children, today)
      : null;
  if (snap) {
    counts = snap.counts;
    source = 'snapshot';
    asOf = snap.asOf;
  } else counts = liveByKey?.get(key) ?? (await liveCounts(deps, ind, unit, status, today, auth));

  // Strip the status prefix (keeping the chosen status only) and split month categories.
  const prefix = ind.info.usesStatus ? `${status}|` : null;
  const norm: Counts = new Map();
  for (const [child, m] of counts)
    for (const [cat, n] of m) {
      if (prefix !== null && !cat.startsWith(prefix)) continue;
      add(norm, child, prefix !== null ? cat.slice(prefix.length) : cat, n);
    }
  const totalsByKey: Record<string, number> = {};
  for (const m of norm.values())
    for (const [cat, n] of m) totalsByKey[cat] = (totalsByKey[cat] ?? 0) + n;

  const months = ind.info.axis === 'month' && ind.months ? ind.months(today) : null;
  const presentKeys = months
    ? [...new Set(Object.keys(totalsByKey).map((k) => k.split('|')[0] ?? ''))]
    : Object.keys(totalsByKey);
  const defs = await ind.categories(deps, presentKeys, today);
  const bars = defs.filter((d) => !d.display);
  const lineDefs = defs.filter((d) => d.display === 'line');
  const label = (zh: string, en: string) => (lang === 'en' ? en : zh);
  // Scaled categories (e.g. hours counted in tenths) are shown with one decimal.
  const shown = (d: IndicatorCategoryDef, n: number) =>
    d.scale === undefined ? n : Math.round(n * d.scale * 10) / 10;
  // A ratio line's value from one row's figures (get: category → n).
  const ratioOf = (l: IndicatorCategoryDef, get: (cat: string) => number): number | null => {
    if (!l.ratio) return null;
    const den = l.ratio.denominator.reduce((a, c) => a + get(c), 0);
    return den === 0 ? null : Math.round((get(l.ratio.numerator) / den) * l.ratio.factor * 10) / 10;
  };
  const lineOf = (l: IndicatorCategoryDef, values: (number | null)[]) => ({
    key: l.key,
    labelZh: l.labelZh,
    labelEn: l.labelEn,
    ...(l.ratio ? { unit: l.ratio.unit } : {}),
    values,
  });

  let rows: IndicatorView['rows'];
  let lines: IndicatorView['lines'];
  let totals: number[];
  if (months) {
    rows = months.map((mo) => ({
      orgUnitId: null,
      label: mo,
      hasChildren: false,
      values: bars.map((b) => shown(b, totalsByKey[`${b.key}|${mo}`] ?? 0)),
    }));
    // Month rows carry ratio lines only (e.g. the share satisfied per month).
    lines = lineDefs
      .filter((l) => l.ratio)
      .map((l) =>
        lineOf(
          l,
          months.map((mo) => ratioOf(l, (c) => totalsByKey[`${c}|${mo}`] ?? 0)),
        ),
      );
    totals = bars.map((b) =>
      shown(
        b,
        months.reduce((s, mo) => s + (totalsByKey[`${b.key}|${mo}`] ?? 0), 0),
      ),
    );
  } else {
    const own = norm.get('') ?? new Map<string, number>();
    const ownHasAny = [...own.values()].some((v) => v !== 0);
    const rowUnits: { id: number | null; label: string; hasChildren: boolean; key: string }[] = [
      ...children.map((c) => ({
        id: Number(c.id),
        label: c.name,
        hasChildren: c.has_children,
        key: String(c.id),
      })),
    ];
    // Workers attached to the unit itself: their own row; with no children it is the only row
    // and drills to the unit (whose roster is exactly them).
    if (children.length === 0)
      rowUnits.push({ id: Number(unit.id), label: unit.name, hasChildren: false, key: '' });
    else if (ownHasAny)
      rowUnits.push({ id: null, label: label('本级', 'Unit itself'), hasChildren: false, key: '' });
    const val = (key: string, cat: string) => norm.get(key)?.get(cat) ?? 0;
    rows = rowUnits.map((r) => ({
      orgUnitId: r.id,
      label: r.label,
      hasChildren: r.hasChildren,
      values: bars.map((b) => shown(b, val(r.key, b.key))),
    }));
    lines = lineDefs.map((l) =>
      lineOf(
        l,
        rowUnits.map((r) =>
          l.ratio
            ? ratioOf(l, (c) => val(r.key, c))
            : norm.get(r.key)?.has(l.key)
              ? val(r.key, l.key)
              : null,
        ),
      ),
    );
    totals = bars.map((b) => shown(b, totalsByKey[b.key] ?? 0));
  }
  return {
    indicator: ind.info,
    unit: ref(unit),
    path: path.map(ref),
    status,
    source,
    asOf: asOf.toISOString(),
    categories: bars.map(({ key, labelZh, labelEn, roster }) => ({
      key,
      labelZh,
      labelEn,
      roster,
    })),
    rows,
    lines,
    totals,
    summary: ind.summary ? ind.summary(totalsByKey) : [],
  };
}

/** Every indicator the caller may see, for one unit, in one answer. */
export async function computeAll(
  deps: AppDeps,
  auth: AuthContext,
  orgUnitId: number | undefined,
  status: DashboardStatus = 'active',
): Promise<IndicatorView[]> {
  const pre = await unitForDashboard(deps, auth, orgUnitId);
  const visible = visibleIndicators(auth);
  // Units that read the snapshot need no live scan; the others count every worker dimension in
  // one scan, run beside the other indicators' own queries.
  const live = SNAPSHOT_LEVELS.includes(pre.unit.level)
    ? Promise.resolve(undefined)
    : liveWorkerDimensions(
        deps,
        visible.filter((i) => i.workerCategory && i.info.usesStatus),
        pre.unit,
        status,
        todayIso(),
      );
  const others = visible.filter((i) => !(i.workerCategory && i.info.usesStatus));
  const [dims, rest] = await Promise.all([
    live,
    Promise.all(
      others.map((i) => computeIndicator(deps, auth, i.info.key, orgUnitId, status, 'zh', pre)),
    ),
  ]);
  const byKey = new Map(rest.map((v) => [v.indicator.key, v]));
  for (const i of visible) {
    if (byKey.has(i.info.key)) continue;
    byKey.set(
      i.info.key,
      await computeIndicator(deps, auth, i.info.key, orgUnitId, status, 'zh', pre, dims),
    );
  }
  return visible.map((i) => byKey.get(i.info.key)).filter((v): v is IndicatorView => !!v);
}

/** Monthly headcount by status from the snapshots of the last `months` months. */
export async function getTrend(
  deps: AppDeps,
  auth: AuthContext,
  orgUnitId: number | undefined,
  months = 24,
): Promise<TrendView> {
  const { unit } = await unitForDashboard(deps, auth, orgUnitId);
  const today = todayIso();
  const [y, m] = today.split('-').map(Number) as [number, number];
  const list: string[] = [];
  for (let i = months - 1; i >= 0; i--)
    list.push(new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 10));
  const { rows } = await deps.db.execute<{ month: string; category: string; value: number }>(sql`
    select to_char(month, 'YYYY-MM-DD') as month, category, value from dashboard_snapshot
     where org_unit_id = ${unit.id} and indicator = 'staffing'
       and category in ('active', 'probation', 'quota')
       and month >= ${list[0]} order by month`);
  const get = (mo: string, cat: string) => rows.find((r) => r.month === mo && r.category === cat);
  const series = (key: string, zh: string, en: string) => ({
    key,
    labelZh: zh,
    labelEn: en,
    values: list.map((mo) => {
      const r = get(mo, key);
      return r ? r.value : rows.some((x) => x.month === mo) ? 0 : null;
    }),
  });
  return {
    unit: ref(unit),
    months: list.map((mo) => mo.slice(0, 7)),
    series: [
      series('active', '在岗', 'Active'),
      series('probation', '试用', 'Probation'),
      // The quota is staffing data: only for those who may read staffing.
      ...(auth.permissions.has('staffing:read') ? [series('quota', '员额', 'Quota')] : []),
    ],
  };
}
