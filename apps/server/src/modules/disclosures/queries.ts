// Reads of disclosures for the staff screens: one presenter, scope by the community's org path,
// keyset pages newest first, and the schedule that governs a community's items of one kind.
import type { DisclosureView } from '@cwp/contracts';
import { overdueItem, type DisclosureScheduleRule } from '@cwp/core';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { AuthContext } from '../../lib/auth-context';
import { notFound } from '../../lib/errors';
import { todayIso } from '../workers/mapping';

export interface DisclosureRow extends Record<string, unknown> {
  id: number;
  series_id: number | null;
  revision: number;
  corrects_id: number | null;
  corrected_by_id: number | null;
  correction_note: string | null;
  org_unit_id: number;
  org_unit_name: string;
  org_path: string;
  kind: string;
  title: string;
  body: string;
  period_key: string | null;
  event_date: string | null;
  finance: DisclosureView['finance'];
  status: string;
  due_date: string | null;
  schedule_id: number | null;
  schedule_version: number | null;
  off_schedule_reason: string | null;
  reject_reason: string | null;
  withdraw_reason: string | null;
  published_at: Date | null;
  withdrawn_at: Date | null;
  created_at: Date;
  version: number;
}

export const SELECT_DISCLOSURE = sql`
  select d.id, d.series_id, d.revision, d.corrects_id,
         (select n.id from disclosure n where n.corrects_id = d.id
           and n.status in ('published', 'superseded', 'withdrawn') order by n.id desc limit 1)
           as corrected_by_id,
         d.correction_note, d.org_unit_id, o.name as org_unit_name, d.org_path, d.kind, d.title,
         d.body, d.period_key, to_char(d.event_date, 'YYYY-MM-DD') as event_date, d.finance,
         d.status, to_char(d.due_date, 'YYYY-MM-DD') as due_date, d.schedule_id,
         d.schedule_version, d.off_schedule_reason, d.reject_reason, d.withdraw_reason,
         d.published_at, d.withdrawn_at, d.created_at, d.version
    from disclosure d join org_unit o on o.id = d.org_unit_id`;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) =>
  v instanceof Date || typeof v === 'string' ? new Date(v).toISOString() : null;

export function presentDisclosure(r: DisclosureRow, today = todayIso()): DisclosureView {
  return {
    id: Number(r.id),
    seriesId: Number(r.series_id ?? r.id),
    revision: r.revision,
    correctsId: num(r.corrects_id),
    correctedById: num(r.corrected_by_id),
    correctionNote: r.correction_note,
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: r.org_unit_name,
    kind: r.kind as DisclosureView['kind'],
    title: r.title,
    body: r.body,
    periodKey: r.period_key,
    eventDate: r.event_date,
    finance: r.finance ?? null,
    status: r.status as DisclosureView['status'],
    dueDate: r.due_date,
    overdue: overdueItem({ status: r.status, dueDate: r.due_date }, today),
    scheduleId: num(r.schedule_id),
    scheduleVersion: r.schedule_version,
    offScheduleReason: r.off_schedule_reason,
    rejectReason: r.reject_reason,
    withdrawReason: r.withdraw_reason,
    publishedAt: iso(r.published_at),
    withdrawnAt: iso(r.withdrawn_at),
    createdAt: iso(r.created_at) ?? '',
    version: r.version,
  };
}

/** One disclosure version in the caller's scope, or 404. */
export async function loadDisclosure(
  tx: DbOrTx,
  auth: Pick<AuthContext, 'orgPath'>,
  id: number,
  lock = false,
): Promise<DisclosureRow> {
  const { rows } = await tx.execute<DisclosureRow>(sql`${SELECT_DISCLOSURE}
    where d.id = ${id} and d.org_path like ${`${auth.orgPath}%`}${lock ? sql` for update of d` : sql``}`);
  const row = rows[0];
  if (!row) throw notFound();
  return row;
}

export async function listDisclosures(
  db: DbOrTx,
  auth: Pick<AuthContext, 'orgPath'>,
  q: {
    orgUnitId?: number | undefined;
    kind?: string | undefined;
    status?: string | undefined;
    overdue?: boolean | undefined;
    q?: string | undefined;
    before?: number | undefined;
    pageSize: number;
  },
): Promise<{ items: DisclosureView[]; nextCursor: number | null }> {
  const today = todayIso();
  const conds: SQL[] = [sql`d.org_path like ${`${auth.orgPath}%`}`];
  if (q.orgUnitId) conds.push(sql`d.org_unit_id = ${q.orgUnitId}`);
  if (q.kind) conds.push(sql`d.kind = ${q.kind}`);
  if (q.status) conds.push(sql`d.status = ${q.status}`);
  if (q.q) conds.push(sql`strpos(d.title, ${q.q}) > 0`);
  if (q.before) conds.push(sql`d.id < ${q.before}`);
  if (q.overdue !== undefined) {
    const overdue = sql`(d.due_date is not null and d.due_date < ${today}::date
      and d.status in ('draft', 'pending', 'rejected'))`;
    conds.push(q.overdue ? overdue : sql`not ${overdue}`);
  }
  const { rows } = await db.execute<DisclosureRow>(sql`${SELECT_DISCLOSURE}
    where ${sql.join(conds, sql` and `)} order by d.id desc limit ${q.pageSize + 1}`);
  const items = rows.slice(0, q.pageSize).map((r) => presentDisclosure(r, today));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.pageSize && last ? last.id : null };
}

export interface GoverningSchedule {
  id: number;
  version: number;
  rule: DisclosureScheduleRule;
}

/**
 * The schedule for a kind in force on `date` (today by default): the nearest unit above (or at)
 * the community that has a version in force then, and of its versions the latest started; null
 * when none applies.
 */
export async function governingSchedule(
  tx: DbOrTx,
  communityPath: string,
  kind: string,
  date: string = todayIso(),
): Promise<GoverningSchedule | null> {
  const from = sql.raw(`coalesce(effective_from, '-infinity'::date)`);
  const { rows } = await tx.execute<{ id: number; version: number; rule: DisclosureScheduleRule }>(
    sql`select id, version, rule from disclosure_schedule
         where kind = ${kind} and ${communityPath} like org_path || '%' and ${from} <= ${date}::date
         order by length(org_path) desc, ${from} desc limit 1`,
  );
  const r = rows[0];
  return r ? { id: Number(r.id), version: r.version, rule: r.rule } : null;
}
