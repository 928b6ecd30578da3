// Shared lookups for the management modules (attendance, rewards, exits): the unit a list is
// limited to (in the caller's subtree, else 404) and the worker a record is about.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { AuthContext } from '../../lib/auth-context';
import { fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';

export interface UnitRef extends Record<string, unknown> {
  id: number;
  path: string;
  name: string;
}

/** The unit `orgUnitId` (default: the caller's own) when it is in the caller's subtree, else 404. */
export async function scopedUnit(
  db: DbOrTx,
  auth: AuthContext,
  orgUnitId: number | undefined,
): Promise<UnitRef> {
  const id = orgUnitId ?? auth.orgUnitId;
  const { rows } = await db.execute<UnitRef>(
    sql`select id, path, name from org_unit where id = ${id}`,
  );
  const u = rows[0];
  if (!u || !inScope(auth, u.path)) throw notFound();
  return u;
}

export interface WorkerRef extends Record<string, unknown> {
  id: number;
  name: string;
  orgUnitId: number;
  orgPath: string;
  status: string;
  version: number;
}

/** A worker in the caller's subtree (404 otherwise); `lock` takes the row lock. */
export async function scopedWorker(
  db: DbOrTx,
  auth: AuthContext,
  workerId: number,
  lock = false,
): Promise<WorkerRef> {
  const { rows } = await db.execute<WorkerRef>(sql`
    select id, name, org_unit_id as "orgUnitId", org_path as "orgPath", status, version
      from worker where id = ${workerId}${lock ? sql` for update` : sql``}`);
  const w = rows[0];
  if (!w || !inScope(auth, w.orgPath)) throw notFound();
  return w;
}

/** The caller's own dossier (self-service), or a 400 naming why there is none. */
export async function ownWorker(db: DbOrTx, auth: AuthContext, lock = false): Promise<WorkerRef> {
  if (auth.workerId == null) throw fieldError('workerId', '当前账号未关联社区工作者档案');
  const { rows } = await db.execute<WorkerRef>(sql`
    select id, name, org_unit_id as "orgUnitId", org_path as "orgPath", status, version
      from worker where id = ${auth.workerId}${lock ? sql` for update` : sql``}`);
  const w = rows[0];
  if (!w) throw fieldError('workerId', '当前账号未关联社区工作者档案');
  if (w.status === 'exited') throw fieldError('workerId', '已退出人员不能办理自助事项');
  return w;
}

/** A timestamp from a raw query (drizzle hands them over as text) as ISO 8601, or null. */
export const iso = (d: Date | string | null): string | null =>
  d === null ? null : new Date(d).toISOString();
/** A non-null timestamp from a raw query as ISO 8601. */
export const isoTs = (d: Date | string): string => new Date(d).toISOString();

/** Today's date where the workers are (China Standard Time), whatever the server's time zone. */
export function workdayToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}
