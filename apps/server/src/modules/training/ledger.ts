// The credit-hours ledger (学时台账): the one way hours are granted, by sessions here and by
// online courses, external training and exams elsewhere. Idempotent per (worker, source type,
// source id): a repeated grant inserts nothing and reports granted: false.
import { ABILITY_AREAS, TRAINING_SOURCE_TYPES } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { trainingHours } from '../../db/schema-training';
import { writeAudit, type AuditContext } from '../../lib/audit';
import { fieldError } from '../../lib/errors';

export interface GrantHoursInput {
  workerId: number;
  year: number;
  hours: number;
  ability: string;
  sourceType: 'session' | 'online_course' | 'external' | 'exam';
  sourceId: number | null;
  note?: string | null;
  evidenceAttachmentId?: number | null;
}

export async function grantHours(
  tx: Tx,
  ctx: AuditContext,
  input: GrantHoursInput,
): Promise<{ granted: boolean }> {
  if (!(ABILITY_AREAS as readonly string[]).includes(input.ability))
    throw fieldError('ability', '能力领域无效');
  if (!(TRAINING_SOURCE_TYPES as readonly string[]).includes(input.sourceType))
    throw fieldError('sourceType', '学时来源无效');
  if (!Number.isFinite(input.hours) || input.hours <= 0 || input.hours > 1000)
    throw fieldError('hours', '学时应大于 0 且不超过 1000');
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
    throw fieldError('year', '年度无效');
  const hours = (Math.round(input.hours * 10) / 10).toFixed(1);
  // A null source id is never "the same source" (NULLS DISTINCT); those rows always insert.
  const inserted = await tx
    .insert(trainingHours)
    .values({
      workerId: input.workerId,
      year: input.year,
      hours,
      ability: input.ability,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
      note: input.note ?? null,
      evidenceAttachmentId: input.evidenceAttachmentId ?? null,
      grantedBy: ctx.actorId,
    })
    .onConflictDoNothing()
    .returning({ id: trainingHours.id });
  const row = inserted[0];
  if (!row) return { granted: false };
  const path = await tx.execute<{ org_path: string }>(
    sql`select org_path from worker where id = ${input.workerId}`,
  );
  await writeAudit(tx, ctx, [
    {
      action: 'training.hours.grant',
      entityType: 'training_hours',
      entityId: row.id,
      orgPath: path.rows[0]?.org_path ?? null,
      changes: { ...input, hours: Number(hours) },
    },
  ]);
  return { granted: true };
}
