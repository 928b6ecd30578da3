// Reads of complaints for the handling screens. Scope is the community's org path (a
// subdistrict sees its communities', a district all below it). On top of scope, a complaint about
// a worker is hidden from that worker and from the users of the worker's (and the complaint's)
// community, so the people complained about never read it: the `visible` fragment below is used
// by every list, count, detail and figure.
import type { ComplaintView } from '@cwp/contracts';
import { complaintOverdue } from '@cwp/core';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { AuthContext } from '../../lib/auth-context';
import { notFound } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import { todayIso } from '../workers/mapping';

/** Timestamps arrive as Date from node-pg and as text from the embedded database. */
const isoOf = (v: Date | string): string => new Date(v).toISOString();

type Viewer = Pick<AuthContext, 'orgPath' | 'orgUnitId' | 'workerId' | 'permissions'>;

/** Scope plus the rule that hides a complaint from the worker it is about and their leadership. */
export function visible(auth: Viewer): SQL {
  return sql`c.org_path like ${`${auth.orgPath}%`} and not (c.subject_worker_id is not null and (
      c.subject_worker_id = ${auth.workerId ?? -1}
      or c.org_path = ${auth.orgPath}
      or exists (select 1 from worker sw where sw.id = c.subject_worker_id
                  and (sw.org_unit_id = ${auth.orgUnitId} or sw.org_path = ${auth.orgPath}))))`;
}

export interface ComplaintRow extends Record<string, unknown> {
  id: number;
  code_hint: string;
  org_unit_id: number;
  org_unit_name: string;
  org_path: string;
  handler_unit_id: number;
  handler_unit_name: string;
  category: ComplaintView['category'];
  text: string;
  anonymous: boolean;
  submitter_name: string | null;
  submitter_phone: string | null;
  subject_worker_id: number | null;
  subject_worker_name: string | null;
  subject_name: string | null;
  status: ComplaintView['status'];
  accept_due: string;
  reply_due: string;
  reject_reason: string | null;
  outcome: string | null;
  rating: number | null;
  rating_comment: string | null;
  created_at: Date | string;
  version: number;
}

const SELECT = sql`
  select c.id, c.code_hint, c.org_unit_id, o.name as org_unit_name, c.org_path,
         c.handler_unit_id, h.name as handler_unit_name, c.category, c.text, c.anonymous,
         c.submitter_name, c.submitter_phone, c.subject_worker_id, w.name as subject_worker_name,
         c.subject_name, c.status, to_char(c.accept_due, 'YYYY-MM-DD') as accept_due,
         to_char(c.reply_due, 'YYYY-MM-DD') as reply_due, c.reject_reason, c.outcome, c.rating,
         c.rating_comment, c.created_at, c.version
    from complaint c
    join org_unit o on o.id = c.org_unit_id
    join org_unit h on h.id = c.handler_unit_id
    left join worker w on w.id = c.subject_worker_id`;

function maskPhone(p: string): string {
  return p.length > 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****';
}

export function presentComplaint(
  r: ComplaintRow,
  auth: Viewer,
  pii: Pii,
  today = todayIso(),
): Omit<ComplaintView, 'attachments' | 'events'> {
  let phone: string | null = null;
  if (r.submitter_phone) {
    const plain = pii.decrypt(r.submitter_phone);
    phone = auth.permissions.has('worker:pii') ? plain : maskPhone(plain);
  }
  return {
    id: Number(r.id),
    codeHint: r.code_hint,
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: r.org_unit_name,
    handlerUnitName: r.handler_unit_name,
    category: r.category,
    text: r.text,
    anonymous: r.anonymous,
    submitterName: r.anonymous ? null : r.submitter_name,
    submitterPhone: r.anonymous ? null : phone,
    subjectWorkerId: r.subject_worker_id === null ? null : Number(r.subject_worker_id),
    subjectWorkerName: r.subject_worker_name,
    subjectName: r.subject_name,
    status: r.status,
    acceptDue: r.accept_due,
    replyDue: r.reply_due,
    overdue: complaintOverdue(
      { status: r.status, acceptDue: r.accept_due, replyDue: r.reply_due },
      today,
    ),
    rejectReason: r.reject_reason,
    outcome: r.outcome,
    rating: r.rating,
    ratingComment: r.rating_comment,
    createdAt: isoOf(r.created_at),
    version: r.version,
  };
}

export async function loadComplaint(
  tx: DbOrTx,
  auth: Viewer,
  id: number,
  lock = false,
): Promise<ComplaintRow> {
  const { rows } = await tx.execute<ComplaintRow>(sql`${SELECT}
    where c.id = ${id} and ${visible(auth)}${lock ? sql` for update of c` : sql``}`);
  const row = rows[0];
  if (!row) throw notFound();
  return row;
}

export async function getComplaint(
  db: DbOrTx,
  auth: Viewer,
  pii: Pii,
  id: number,
): Promise<ComplaintView> {
  const row = await loadComplaint(db, auth, id);
  const [att, ev] = await Promise.all([
    db.execute<{ id: number; file_name: string; mime: string; size: number }>(sql`
      select id, file_name, mime, size from complaint_attachment where complaint_id = ${id}
       order by id`),
    db.execute<{ action: string; note: string | null; public: boolean; at: Date | string }>(sql`
      select action, note, public, at from complaint_event where complaint_id = ${id}
       order by id`),
  ]);
  return {
    ...presentComplaint(row, auth, pii),
    attachments: att.rows.map((a) => ({
      id: Number(a.id),
      fileName: a.file_name,
      mime: a.mime,
      size: a.size,
    })),
    events: ev.rows.map((e) => ({
      action: e.action,
      note: e.note,
      public: e.public,
      at: isoOf(e.at),
    })),
  };
}

export async function listComplaints(
  db: DbOrTx,
  auth: Viewer,
  pii: Pii,
  q: {
    orgUnitId?: number | undefined;
    category?: string | undefined;
    status?: string | undefined;
    overdue?: boolean | undefined;
    q?: string | undefined;
    before?: number | undefined;
    pageSize: number;
  },
) {
  const today = todayIso();
  const conds: SQL[] = [visible(auth)];
  if (q.orgUnitId) conds.push(sql`c.org_unit_id = ${q.orgUnitId}`);
  if (q.category) conds.push(sql`c.category = ${q.category}`);
  if (q.status) conds.push(sql`c.status = ${q.status}`);
  if (q.q) conds.push(sql`(strpos(c.text, ${q.q}) > 0 or c.code_hint = ${q.q.toUpperCase()})`);
  if (q.before) conds.push(sql`c.id < ${q.before}`);
  if (q.overdue !== undefined) {
    const overdue = sql`((c.status = 'submitted' and c.accept_due < ${today}::date)
      or (c.status in ('submitted', 'accepted') and c.reply_due < ${today}::date))`;
    conds.push(q.overdue ? overdue : sql`not ${overdue}`);
  }
  const { rows } = await db.execute<ComplaintRow>(sql`${SELECT}
    where ${sql.join(conds, sql` and `)} order by c.id desc limit ${q.pageSize + 1}`);
  const items = rows.slice(0, q.pageSize).map((r) => presentComplaint(r, auth, pii, today));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.pageSize && last ? last.id : null };
}

/** Figures per community and category (same visibility as the list). */
export async function complaintFigures(
  db: DbOrTx,
  auth: Viewer,
  q: { from?: string | undefined; to?: string | undefined },
) {
  const today = todayIso();
  const conds: SQL[] = [visible(auth)];
  if (q.from) conds.push(sql`c.created_at >= ${q.from}::date`);
  if (q.to) conds.push(sql`c.created_at < (${q.to}::date + 1)`);
  const { rows } = await db.execute<{
    org_unit_id: number;
    name: string;
    category: ComplaintView['category'];
    total: number;
    open: number;
    overdue: number;
    avg: string | null;
  }>(sql`
    select c.org_unit_id, o.name, c.category, count(*)::int as total,
           count(*) filter (where c.status in ('submitted', 'accepted'))::int as open,
           count(*) filter (where (c.status = 'submitted' and c.accept_due < ${today}::date)
             or (c.status in ('submitted', 'accepted') and c.reply_due < ${today}::date))::int
             as overdue,
           round(avg(c.rating), 2)::text as avg
      from complaint c join org_unit o on o.id = c.org_unit_id
     where ${sql.join(conds, sql` and `)}
     group by c.org_unit_id, o.name, c.category
     order by o.name, c.category`);
  return {
    rows: rows.map((r) => ({
      orgUnitId: Number(r.org_unit_id),
      orgUnitName: r.name,
      category: r.category,
      total: r.total,
      open: r.open,
      overdue: r.overdue,
      averageRating: r.avg === null ? null : Number(r.avg),
    })),
  };
}
