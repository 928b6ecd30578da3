// Shared helpers of the training module: the unit a record belongs to (in the caller's scope),
// optimistic-lock checks and numeric conversion.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';

export interface UnitRef {
  id: number;
  path: string;
  name: string;
  level: string;
}

/** The unit, when it exists and lies in the caller's subtree; 404 otherwise. */
export async function unitInScope(
  db: DbOrTx,
  auth: Pick<AuthContext, 'orgPath'>,
  orgUnitId: number,
): Promise<UnitRef> {
  const rows = await db.execute<{ id: number; path: string; name: string; level: string }>(
    sql`select id, path, name, level from org_unit where id = ${orgUnitId}`,
  );
  const row = rows.rows[0];
  if (!row || !inScope(auth, row.path)) throw notFound();
  return { ...row, id: Number(row.id) };
}

export function checkVersion(actual: number, expected: number): void {
  if (actual !== expected) throw new AppError('CONFLICT');
}

export const num = (v: string | number | null | undefined): number => (v == null ? 0 : Number(v));
export const hoursText = (h: number): string => (Math.round(h * 10) / 10).toFixed(1);

/**
 * Array parameters as one PostgreSQL array literal: Drizzle's sql`` expands a JS array into a
 * parenthesised list, which cannot be cast to an array.
 */
export const pgTextArray = (values: readonly string[]): string =>
  `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
export const pgIntArray = (values: readonly number[]): string =>
  `{${values.map((v) => String(Math.trunc(v))).join(',')}}`;
