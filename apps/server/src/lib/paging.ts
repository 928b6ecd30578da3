// Helpers for lists that read a page in two steps (the page's ids first, then its rows) and for
// lists whose total is counted only up to LIST_COUNT_CAP (tables that grow without bound).
import { LIST_COUNT_CAP } from '@cwp/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';

/** `rows` keyed by `idOf`, in the order of `ids` (an id without a row is left out). */
export function inOrderOf<R>(
  ids: readonly number[],
  rows: readonly R[],
  idOf: (r: R) => number,
): R[] {
  const byId = new Map(rows.map((r) => [idOf(r), r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [r] : [];
  });
}

/**
 * The number of rows `matching` (a `select 1 from … where …` statement) yields, counted up to
 * `cap` (LIST_COUNT_CAP unless given) and one more: past the cap `total` is the cap and
 * `totalCapped` is true.
 */
export async function cappedCount(
  db: DbOrTx,
  matching: SQL,
  cap = LIST_COUNT_CAP,
): Promise<{ total: number; totalCapped: boolean }> {
  const { rows } = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (${matching} limit ${cap + 1}) x`);
  const n = Number(rows[0]?.n ?? 0);
  return { total: Math.min(n, cap), totalCapped: n > cap };
}
