// Who a due item concerns: the active users holding a permission, placed at their unit's path.
// Two rules: an item notification goes to the holders at the nearest unit at or above the item
// that has any (the officers who handle it, as contract reminders do), and a digest count is the
// number of items anywhere in the holder's subtree (what is waiting in their scope).
import type { Permission } from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';

export interface Holder {
  id: number;
  path: string;
  orgUnitId: number;
  level: string;
  permissions: Set<string>;
}

/** Active users holding at least one of `perms`, with all their permissions. */
export async function holders(db: DbOrTx, perms: readonly Permission[]): Promise<Holder[]> {
  const { rows } = await db.execute<{
    id: number;
    path: string;
    org_unit_id: number;
    level: string;
    permissions: string[];
  }>(sql`
    select u.id, o.path, u.org_unit_id, o.level, array_agg(distinct p) as permissions
      from app_user u
      join org_unit o on o.id = u.org_unit_id
      join user_role ur on ur.user_id = u.id
      join role r on r.id = ur.role_id
     cross join unnest(r.permissions) as p
     where u.active
     group by u.id, o.path, u.org_unit_id, o.level
    having array_agg(distinct p) && ${`{${perms.join(',')}}`}::text[]`);
  return rows.map((r) => ({
    id: Number(r.id),
    path: r.path,
    orgUnitId: Number(r.org_unit_id),
    level: r.level,
    permissions: new Set(r.permissions),
  }));
}

/** The ancestor-or-self paths of a materialized path ('1.5.23.' → '1.', '1.5.', '1.5.23.'). */
export function prefixes(path: string): string[] {
  const out: string[] = [];
  let i = path.indexOf('.');
  while (i >= 0) {
    out.push(path.slice(0, i + 1));
    i = path.indexOf('.', i + 1);
  }
  return out;
}

/** Resolves items' paths to the holders of the nearest unit at or above them (memoised). */
export function nearestResolver(list: readonly Holder[]): (path: string) => number[] {
  const byPath = new Map<string, number[]>();
  for (const h of list) byPath.set(h.path, [...(byPath.get(h.path) ?? []), h.id]);
  const memo = new Map<string, number[]>();
  return (path) => {
    const hit = memo.get(path);
    if (hit) return hit;
    const ps = prefixes(path);
    let found: number[] = [];
    for (let i = ps.length - 1; i >= 0; i--) {
      const ids = byPath.get(ps[i] ?? '');
      if (ids) {
        found = ids;
        break;
      }
    }
    memo.set(path, found);
    return found;
  };
}

/** userId → the sum of `n` over the rows inside the holder's subtree. */
export function countsInScope(
  list: readonly Holder[],
  rows: readonly { path: string; n: number }[],
): Map<number, number> {
  const byPrefix = new Map<string, number>();
  for (const r of rows)
    for (const p of prefixes(r.path)) byPrefix.set(p, (byPrefix.get(p) ?? 0) + r.n);
  const out = new Map<number, number>();
  for (const h of list) {
    const n = byPrefix.get(h.path) ?? 0;
    if (n > 0) out.set(h.id, n);
  }
  return out;
}

export function addCount(m: Map<number, number>, userId: number, n: number): void {
  if (n > 0) m.set(userId, (m.get(userId) ?? 0) + n);
}

export const monthKey = (date: string): string => date.slice(0, 7);
