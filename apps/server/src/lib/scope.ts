// Data scope: the one place that limits queries to the caller's org subtree. Every list, count,
// dashboard and export filters with scopeToOrgUnits; every single-record read checks inScope and
// answers 404 (not 403) outside it, so the existence of a record is not revealed.
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { AuthContext } from './auth-context';
import { notFound } from './errors';

export function scopeToOrgUnits(
  auth: Pick<AuthContext, 'orgPath'>,
  pathColumn: AnyColumn | SQL,
): SQL {
  return sql`${pathColumn} like ${scopePrefix(auth)}`;
}

/** The LIKE pattern of the caller's subtree (for statements written without Drizzle). */
export function scopePrefix(auth: Pick<AuthContext, 'orgPath'>): string {
  // Paths hold only digits and dots, so the prefix needs no LIKE escaping.
  return `${auth.orgPath}%`;
}

export function inScope(auth: Pick<AuthContext, 'orgPath'>, path: string): boolean {
  return path.startsWith(auth.orgPath);
}

export function assertInScope(
  auth: Pick<AuthContext, 'orgPath'>,
  path: string | null | undefined,
): void {
  if (!path || !inScope(auth, path)) throw notFound();
}
