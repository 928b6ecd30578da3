// Disclosure schedules as data per region (公开时限): a unit's schedule for a kind applies to every
// community below it unless a nearer unit has its own. Managed with disclosure:approve.
import { checkScheduleRule, type DisclosureScheduleRule } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { disclosureScheduleView, upsertDisclosureScheduleBody } from '@cwp/contracts';
import type { Db, DbOrTx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError } from '../../lib/errors';
import { inScope } from '../../lib/scope';

type ScheduleView = z.infer<typeof disclosureScheduleView>;

interface Row extends Record<string, unknown> {
  id: number;
  org_unit_id: number;
  name: string;
  org_path: string;
  kind: ScheduleView['kind'];
  rule: DisclosureScheduleRule;
  note: string | null;
  version: number;
}

const present = (r: Row): ScheduleView => ({
  id: Number(r.id),
  orgUnitId: Number(r.org_unit_id),
  orgUnitName: r.name,
  kind: r.kind,
  rule: r.rule,
  note: r.note,
  version: r.version,
});

/**
 * The schedules that govern the caller's units: those in their subtree and those above them
 * (a community sees the city's rule it must follow).
 */
export async function listSchedules(
  db: DbOrTx,
  auth: Pick<AuthContext, 'orgPath'>,
): Promise<{ items: ScheduleView[] }> {
  const { rows } = await db.execute<Row>(sql`
    select s.id, s.org_unit_id, o.name, s.org_path, s.kind, s.rule, s.note, s.version
      from disclosure_schedule s join org_unit o on o.id = s.org_unit_id
     where s.org_path like ${`${auth.orgPath}%`} or ${auth.orgPath} like s.org_path || '%'
     order by length(s.org_path), s.kind`);
  return { items: rows.map(present) };
}

export async function upsertSchedule(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof upsertDisclosureScheduleBody>,
): Promise<ScheduleView> {
  return db.transaction(async (tx) => {
    const { rows: units } = await tx.execute<{ path: string; name: string }>(
      sql`select path, name from org_unit where id = ${body.orgUnitId}`,
    );
    const unit = units[0];
    if (!unit || !inScope(auth, unit.path))
      throw fieldError('orgUnitId', '单位不存在或不在管辖范围内');
    const problem = checkScheduleRule(body.rule);
    if (problem) throw fieldError('rule', problem);
    const { rows: existing } = await tx.execute<{ id: number; version: number; rule: unknown }>(
      sql`select id, version, rule from disclosure_schedule
           where org_unit_id = ${body.orgUnitId} and kind = ${body.kind} for update`,
    );
    const old = existing[0];
    if (old && body.version !== old.version) throw new AppError('CONFLICT');
    const { rows } = old
      ? await tx.execute<{ id: number }>(sql`
          update disclosure_schedule set rule = ${JSON.stringify(body.rule)}::jsonb,
                 note = ${body.note ?? null}, version = version + 1, updated_at = now()
           where id = ${old.id} returning id`)
      : await tx.execute<{ id: number }>(sql`
          insert into disclosure_schedule (org_unit_id, org_path, kind, rule, note)
          values (${body.orgUnitId}, ${unit.path}, ${body.kind},
                  ${JSON.stringify(body.rule)}::jsonb, ${body.note ?? null}) returning id`);
    const id = Number(rows[0]?.id);
    await writeAudit(tx, ctx, [
      {
        action: old ? 'disclosure_schedule.update' : 'disclosure_schedule.create',
        entityType: 'disclosure_schedule',
        entityId: id,
        orgPath: unit.path,
        changes: { kind: body.kind, from: old?.rule ?? null, to: body.rule },
      },
    ]);
    const { rows: out } = await tx.execute<Row>(sql`
      select s.id, s.org_unit_id, o.name, s.org_path, s.kind, s.rule, s.note, s.version
        from disclosure_schedule s join org_unit o on o.id = s.org_unit_id where s.id = ${id}`);
    const row = out[0];
    if (!row) throw new Error('schedule vanished');
    return present(row);
  });
}
