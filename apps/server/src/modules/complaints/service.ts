// Complaints and reports (信访举报): residents submit without a login (named or anonymous) and get
// a long random tracking code, stored only as its SHA-256; the complaint is routed to the
// subdistrict above the community (its handlers hold complaint:manage), with acceptance and reply
// deadlines from the nearest complaint_setting (15 / 60 days when none). Handlers accept (and may
// link the worker it is about), reject with a reason, reply with the outcome and close; the
// submitter rates the outcome with the code. Every change is audited; the submitter's phone is
// encrypted.
import { createHash, randomBytes } from 'node:crypto';
import { COMPLAINT_CODE_ALPHABET, type SubmitComplaintBody } from '@cwp/contracts';
import { complaintDeadlines } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { complaint, complaintAttachment, complaintEvent } from '../../db/schema-disclosure';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import { inScope } from '../../lib/scope';
import { notifyUsers } from '../notifications/service';
import { sniffType, storeFile } from '../workers/attachments';
import { todayIso } from '../workers/mapping';
import { loadComplaint, type ComplaintRow } from './queries';
import { deadlinesFor } from './settings';

/** Timestamps arrive as Date from node-pg and as text from the embedded database. */
const isoOf = (v: Date | string): string => new Date(v).toISOString();

export const COMPLAINT_ATTACHMENT_LIMIT = 5 * 1024 * 1024;
const MAX_ATTACHMENTS = 5;
/** Attachments may be added for this long after submission, with the code. */
const ATTACH_WINDOW_MS = 2 * 3_600_000;

/** 24 characters from a 32-letter alphabet: 120 random bits, no modulo bias (256 = 8 × 32). */
export function newTrackingCode(): string {
  const bytes = randomBytes(24);
  let out = '';
  for (const b of bytes) out += COMPLAINT_CODE_ALPHABET[b & 31];
  return out;
}

export const hashCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');
export const formatCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code;

async function handlersAt(tx: DbOrTx, unitId: number): Promise<number[]> {
  const { rows } = await tx.execute<{ id: number }>(sql`
    select distinct u.id from app_user u join user_role ur on ur.user_id = u.id
      join role r on r.id = ur.role_id
     where u.active and u.org_unit_id = ${unitId} and 'complaint:manage' = any(r.permissions)`);
  return rows.map((r) => Number(r.id));
}

export async function submitComplaint(
  db: Db,
  pii: Pii,
  ctx: AuditContext,
  body: SubmitComplaintBody,
): Promise<{ code: string; acceptDue: string }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: number; name: string; path: string }>(sql`
      select id, name, path from org_unit where id = ${body.orgUnitId}
         and level = 'community' and active`);
    const unit = rows[0];
    if (!unit) throw fieldError('orgUnitId', '请选择所在社区');
    const { rows: handlers } = await tx.execute<{ id: number; path: string }>(sql`
      select id, path from org_unit where level = 'subdistrict' and ${unit.path} like path || '%'
       order by length(path) desc limit 1`);
    const handler = handlers[0] ?? { id: unit.id, path: unit.path };
    const today = todayIso();
    const due = complaintDeadlines(today, await deadlinesFor(tx, unit.path));
    const code = newTrackingCode();
    const [row] = await tx
      .insert(complaint)
      .values({
        codeHash: hashCode(code),
        codeHint: code.slice(0, 4),
        orgUnitId: Number(unit.id),
        orgPath: unit.path,
        handlerUnitId: Number(handler.id),
        handlerPath: handler.path,
        category: body.category,
        text: body.text,
        anonymous: body.anonymous,
        submitterName: body.anonymous ? null : (body.name ?? null),
        submitterPhone: body.anonymous || !body.phone ? null : pii.encrypt(body.phone),
        subjectName: body.subjectName || null,
        acceptDue: due.acceptDue,
        replyDue: due.replyDue,
      })
      .returning({ id: complaint.id });
    if (!row) throw new Error('insert returned nothing');
    await tx.insert(complaintEvent).values({ complaintId: row.id, action: 'submitted' });
    await notifyUsers(tx, await handlersAt(tx, Number(handler.id)), {
      kind: 'complaint.submitted',
      title: `新的信访举报：${unit.name}（${code.slice(0, 4)}）`,
      body: `请于 ${due.acceptDue} 前受理。`,
      link: `/complaints/${row.id}`,
    });
    await writeAudit(tx, ctx, [
      {
        action: 'complaint.submit',
        entityType: 'complaint',
        entityId: row.id,
        orgPath: unit.path,
        // Never the text or the submitter: the audit trail is read more widely than complaints.
        changes: { category: body.category, anonymous: body.anonymous },
      },
    ]);
    return { code: formatCode(code), acceptDue: due.acceptDue };
  });
}

interface Tracked extends Record<string, unknown> {
  id: number;
  category: string;
  name: string;
  status: string;
  created_at: Date | string;
  accept_due: string;
  reply_due: string;
  outcome: string | null;
  rating: number | null;
  org_path: string;
}

async function byCode(tx: DbOrTx, code: string, lock = false): Promise<Tracked> {
  const { rows } = await tx.execute<Tracked>(sql`
    select c.id, c.category, o.name, c.status, c.created_at,
           to_char(c.accept_due, 'YYYY-MM-DD') as accept_due,
           to_char(c.reply_due, 'YYYY-MM-DD') as reply_due, c.outcome, c.rating, c.org_path
      from complaint c join org_unit o on o.id = c.org_unit_id
     where c.code_hash = ${hashCode(code)}${lock ? sql` for update of c` : sql``}`);
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND', undefined, '查询码不正确，请核对后重试');
  return r;
}

export async function trackComplaint(db: DbOrTx, code: string) {
  const r = await byCode(db, code);
  const { rows: events } = await db.execute<{
    action: string;
    note: string | null;
    at: Date | string;
  }>(sql`
    select action, note, at from complaint_event where complaint_id = ${r.id} and public
     order by id`);
  return {
    category: r.category as SubmitComplaintBody['category'],
    communityName: r.name,
    status: r.status as 'submitted',
    submittedAt: isoOf(r.created_at),
    acceptDue: r.accept_due,
    replyDue: r.reply_due,
    outcome: r.outcome,
    rating: r.rating,
    events: events.map((e) => ({ action: e.action, note: e.note, at: isoOf(e.at) })),
  };
}

export async function rateComplaint(
  db: Db,
  ctx: AuditContext,
  body: { code: string; rating: number; comment?: string | null | undefined },
): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await byCode(tx, body.code, true);
    if (r.status !== 'replied' && r.status !== 'closed')
      throw fieldError('rating', '答复后才能评价办理结果');
    if (r.rating !== null) throw fieldError('rating', '已评价过，不能重复评价');
    await tx.execute(sql`update complaint set rating = ${body.rating},
      rating_comment = ${body.comment ?? null}, rated_at = now(), version = version + 1,
      updated_at = now() where id = ${r.id}`);
    await tx.insert(complaintEvent).values({ complaintId: r.id, action: 'rated' });
    await writeAudit(tx, ctx, [
      {
        action: 'complaint.rate',
        entityType: 'complaint',
        entityId: r.id,
        orgPath: r.org_path,
        changes: { rating: body.rating },
      },
    ]);
  });
}

export async function attachToComplaint(
  db: Db,
  dataDir: string,
  ctx: AuditContext,
  code: string,
  file: { fileName: string; buf: Buffer },
): Promise<{ id: number; fileName: string }> {
  const type = sniffType(file.buf);
  if (!type) throw fieldError('file', '附件只能是 PDF、PNG 或 JPG 文件（按文件内容识别）');
  const stored = await storeFile(dataDir, file.buf);
  return db.transaction(async (tx) => {
    const r = await byCode(tx, code, true);
    if (
      Date.now() - new Date(r.created_at).getTime() > ATTACH_WINDOW_MS ||
      r.status !== 'submitted'
    )
      throw fieldError('file', '只能在提交后两小时内、受理前补充附件');
    const { rows } = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from complaint_attachment where complaint_id = ${r.id}`);
    if ((rows[0]?.n ?? 0) >= MAX_ATTACHMENTS)
      throw fieldError('file', `每件最多 ${MAX_ATTACHMENTS} 个附件`);
    const safeName = file.fileName.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 100) || 'file';
    const [att] = await tx
      .insert(complaintAttachment)
      .values({
        complaintId: r.id,
        fileName: safeName,
        mime: type.mime,
        size: file.buf.length,
        sha256: stored.sha256,
        storagePath: stored.storagePath,
      })
      .returning({ id: complaintAttachment.id });
    if (!att) throw new Error('insert returned nothing');
    await writeAudit(tx, ctx, [
      {
        action: 'complaint.attach',
        entityType: 'complaint',
        entityId: r.id,
        orgPath: r.org_path,
        changes: { mime: type.mime, size: file.buf.length },
      },
    ]);
    return { id: att.id, fileName: safeName };
  });
}

// ---- handling (complaint:manage) ----

function expectState(row: ComplaintRow, version: number, allowed: string[], message: string) {
  if (row.version !== version) throw new AppError('CONFLICT');
  if (!allowed.includes(row.status)) throw new AppError('BAD_REQUEST', undefined, message);
}

async function act(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
  allowed: string[],
  message: string,
  apply: (
    tx: DbOrTx,
    row: ComplaintRow,
  ) => Promise<{ action: string; note: string | null; changes?: unknown; public?: boolean }>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await loadComplaint(tx, auth, id, true);
    expectState(row, version, allowed, message);
    const e = await apply(tx, row);
    await tx.execute(sql`update complaint set version = version + 1, updated_at = now(),
      handled_by = ${auth.userId} where id = ${id}`);
    await tx.insert(complaintEvent).values({
      complaintId: id,
      action: e.action,
      note: e.note,
      public: e.public ?? true,
      actorId: auth.userId,
    });
    await writeAudit(tx, ctx, [
      {
        action: `complaint.${e.action}`,
        entityType: 'complaint',
        entityId: id,
        orgPath: row.org_path,
        changes: e.changes ?? null,
      },
    ]);
  });
}

export async function acceptComplaint(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: {
    version: number;
    note?: string | null | undefined;
    subjectWorkerId?: number | null | undefined;
  },
): Promise<void> {
  await act(
    db,
    auth,
    ctx,
    id,
    body.version,
    ['submitted'],
    '只有待受理的件可以受理',
    async (tx, row) => {
      if (body.subjectWorkerId) {
        const { rows } = await tx.execute<{ org_path: string }>(sql`
        select org_path from worker where id = ${body.subjectWorkerId}`);
        const w = rows[0];
        if (!w || !inScope(auth, w.org_path))
          throw fieldError('subjectWorkerId', '被反映人不存在或不在管辖范围内');
        if (body.subjectWorkerId === auth.workerId)
          throw fieldError('subjectWorkerId', '反映本人的件应由上级办理');
      }
      await tx.execute(sql`update complaint set status = 'accepted', accepted_at = now(),
      subject_worker_id = ${body.subjectWorkerId ?? row.subject_worker_id} where id = ${id}`);
      return {
        action: 'accepted',
        note: body.note ?? null,
        changes: { subjectWorkerId: body.subjectWorkerId ?? null },
      };
    },
  );
}

export async function rejectComplaint(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; reason: string },
): Promise<void> {
  await act(
    db,
    auth,
    ctx,
    id,
    body.version,
    ['submitted'],
    '只有待受理的件可以不予受理',
    async (tx) => {
      await tx.execute(sql`update complaint set status = 'rejected', reject_reason = ${body.reason},
      closed_at = now() where id = ${id}`);
      return { action: 'rejected', note: body.reason };
    },
  );
}

export async function replyComplaint(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; outcome: string },
): Promise<void> {
  await act(db, auth, ctx, id, body.version, ['accepted'], '受理后才能答复', async (tx) => {
    await tx.execute(sql`update complaint set status = 'replied', outcome = ${body.outcome},
      replied_at = now() where id = ${id}`);
    return { action: 'replied', note: body.outcome };
  });
}

export async function closeComplaint(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
): Promise<void> {
  await act(db, auth, ctx, id, version, ['replied'], '答复后才能办结', async (tx) => {
    await tx.execute(
      sql`update complaint set status = 'closed', closed_at = now() where id = ${id}`,
    );
    return { action: 'closed', note: null };
  });
}

export async function noteComplaint(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; note: string; public: boolean },
): Promise<void> {
  await act(
    db,
    auth,
    ctx,
    id,
    body.version,
    ['submitted', 'accepted', 'replied'],
    '已办结的件不能再添加记录',
    async () => ({ action: 'note', note: body.note, public: body.public }),
  );
}
