// A worker's credit-hours record (学时档案) for a year: entries with their source, totals per
// ability area (the competency radar reads the same figures), and external training entered with
// evidence, which grants its hours through the ledger.
import type { z } from 'zod';
import type { externalTrainingBody, WorkerHoursView } from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { trainingExternal } from '../../db/schema-training';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { hoursText, num } from './common';
import { grantHours } from './ledger';

export const currentYear = (): number => new Date(Date.now() + 8 * 3600_000).getUTCFullYear();

export async function assertWorkerInScope(db: Db, auth: AuthContext, workerId: number) {
  const r = await db.execute<{ org_path: string }>(
    sql`select org_path from worker where id = ${workerId}`,
  );
  const p = r.rows[0]?.org_path;
  if (!p || !inScope(auth, p)) throw notFound();
  return p;
}

export async function workerHours(
  db: Db,
  workerId: number,
  year: number,
): Promise<WorkerHoursView> {
  const rows = await db.execute<{
    id: number;
    year: number;
    hours: string;
    ability: string;
    source_type: WorkerHoursView['entries'][number]['sourceType'];
    source_id: number | null;
    source_title: string | null;
    note: string | null;
    granted_at: Date | string;
    evidence_attachment_id: number | null;
  }>(sql`
    select h.*,
           case h.source_type
             when 'session' then (select title from training_session s where s.id = h.source_id)
             when 'external' then (select title from training_external x where x.id = h.source_id)
             else null end as source_title
      from training_hours h
     where h.worker_id = ${workerId} and h.year = ${year}
     order by h.granted_at desc, h.id desc`);
  const byAbility: Record<string, number> = {};
  let total = 0;
  const entries = rows.rows.map((r) => {
    const hours = num(r.hours);
    total += hours;
    byAbility[r.ability] = Math.round(((byAbility[r.ability] ?? 0) + hours) * 10) / 10;
    return {
      id: Number(r.id),
      year: r.year,
      hours,
      ability: r.ability,
      sourceType: r.source_type,
      sourceId: r.source_id == null ? null : Number(r.source_id),
      sourceTitle: r.source_title ?? r.note,
      note: r.note,
      grantedAt: new Date(r.granted_at).toISOString(),
      evidenceUrl:
        r.source_type === 'external' && r.evidence_attachment_id != null && r.source_id != null
          ? `/api/training/external/${Number(r.source_id)}/evidence`
          : null,
    };
  });
  return { workerId, year, totalHours: Math.round(total * 10) / 10, byAbility, entries };
}

export async function addExternalTraining(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof externalTrainingBody>,
): Promise<WorkerHoursView> {
  const orgPath = await assertWorkerInScope(db, auth, body.workerId).catch(() => {
    throw fieldError('workerId', '人员不存在');
  });
  const year = Number(body.endDate.slice(0, 4));
  await db.transaction(async (tx) => {
    if (body.evidenceAttachmentId) {
      // Only the worker's own training evidence: any other attachment (an ID card scan, say)
      // would become downloadable by every training reader through the entry.
      const a = await tx.execute<{ worker_id: number; kind: string }>(
        sql`select worker_id, kind from worker_attachment where id = ${body.evidenceAttachmentId}`,
      );
      const found = a.rows[0];
      if (Number(found?.worker_id) !== body.workerId)
        throw fieldError('evidenceAttachmentId', '证明材料不存在');
      if (found?.kind !== 'training_evidence')
        throw fieldError('evidenceAttachmentId', '只能引用作为培训证明材料上传的文件');
    }
    const [row] = await tx
      .insert(trainingExternal)
      .values({
        workerId: body.workerId,
        title: body.title,
        provider: body.provider,
        startDate: body.startDate,
        endDate: body.endDate,
        hours: hoursText(body.hours),
        ability: body.ability,
        evidenceAttachmentId: body.evidenceAttachmentId ?? null,
        note: body.note ?? null,
        createdBy: auth.userId,
      })
      .returning({ id: trainingExternal.id });
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'training_external.create',
        entityType: 'training_external',
        entityId: row.id,
        orgPath,
        changes: body,
      },
    ]);
    await grantHours(tx, ctx, {
      workerId: body.workerId,
      year,
      hours: body.hours,
      ability: body.ability,
      sourceType: 'external',
      sourceId: row.id,
      note: body.title,
      evidenceAttachmentId: body.evidenceAttachmentId ?? null,
    });
  });
  return workerHours(db, body.workerId, year);
}

/** The caller's own upcoming and past sessions (self-service). */
export async function mySessions(db: Db, workerId: number) {
  const rows = await db.execute<{
    id: number;
    title: string;
    starts_at: Date | string;
    ends_at: Date | string;
    location: string | null;
    hours: string;
    status: string;
    enrolment_status: string;
    signed_in_at: Date | string | null;
    rating: number | null;
  }>(sql`
    select s.id, s.title, s.starts_at, s.ends_at, s.location, s.hours, s.status,
           e.status as enrolment_status, e.signed_in_at, e.rating
      from training_enrolment e join training_session s on s.id = e.session_id
     where e.worker_id = ${workerId} and e.status <> 'withdrawn'
     order by s.starts_at desc limit 100`);
  return rows.rows.map((r) => ({
    sessionId: Number(r.id),
    title: r.title,
    startsAt: new Date(r.starts_at).toISOString(),
    endsAt: new Date(r.ends_at).toISOString(),
    location: r.location,
    hours: num(r.hours),
    sessionStatus: r.status,
    enrolmentStatus: r.enrolment_status,
    signedInAt: r.signed_in_at ? new Date(r.signed_in_at).toISOString() : null,
    rating: r.rating,
  }));
}
