// Disclosure schedules as data per region (公开时限), effective-dated: a unit's schedule for a kind
// applies to every community below it unless a nearer unit has its own. Each (unit, kind) keeps
// versions: a base version (effective_from null, in force from the start) and dated versions that
// take over on their first day; the one in force on a date is the latest with effective_from <=
// date. A new dated version starts today or later, so history that disclosures were checked
// against is not rewritten by a new version; editing a version bumps its `version` (disclosures
// store the schedule id and version they were checked against). Managed with disclosure:approve.
import { checkScheduleRule, type DisclosureScheduleRule } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { DisclosureScheduleView, UpsertDisclosureScheduleBody } from '@cwp/contracts';
import type { Db, DbOrTx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { todayIso } from '../workers/mapping';

interface Row extends Record<string, unknown> {
  id: number;
  org_unit_id: number;
  name: string;
  org_path: string;
  kind: DisclosureScheduleView['kind'];
  rule: DisclosureScheduleRule;
  note: string | null;
  effective_from: string | null;
  in_force: boolean;
  version: number;
}

const present = (r: Row): DisclosureScheduleView => ({
  id: Number(r.id),
  orgUnitId: Number(r.org_unit_id),
  orgUnitName: r.name,
  kind: r.kind,
  rule: r.rule,
  note: r.note,
  effectiveFrom: r.effective_from,
  inForce: Boolean(r.in_force),
  version: r.version,
});

/** `coalesce(effective_from, -infinity)`: the base version sorts before every dated one. */
export const FROM = (alias: string) =>
  sql.raw(`coalesce(${alias}.effective_from, '-infinity'::date)`);

const selectSql = (today: string) => sql`
  select s.id, s.org_unit_id, o.name, s.org_path, s.kind, s.rule, s.note, s.version,
         to_char(s.effective_from, 'YYYY-MM-DD') as effective_from,
         s.id = (select s2.id from disclosure_schedule s2
                  where s2.org_unit_id = s.org_unit_id and s2.kind = s.kind
                    and ${FROM('s2')} <= ${today}::date
                  order by ${FROM('s2')} desc limit 1) as in_force
    from disclosure_schedule s join org_unit o on o.id = s.org_unit_id`;

/**
 * The schedules that govern the caller's units: those in their subtree and those above them
 * (a community sees the city's rule it must follow); optionally one unit's versions only.
 */
export async function listSchedules(
  db: DbOrTx,
  auth: Pick<AuthContext, 'orgPath'>,
  orgUnitId?: number,
): Promise<{ items: DisclosureScheduleView[] }> {
  const { rows } = await db.execute<Row>(sql`${selectSql(todayIso())}
     where (s.org_path like ${`${auth.orgPath}%`} or ${auth.orgPath} like s.org_path || '%')
       ${orgUnitId === undefined ? sql`` : sql`and s.org_unit_id = ${orgUnitId}`}
     order by length(s.org_path), o.name, s.kind, ${FROM('s')} desc`);
  return { items: rows.map(present) };
}

export async function upsertSchedule(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: UpsertDisclosureScheduleBody,
): Promise<DisclosureScheduleView> {
  const today = todayIso();
  const from = body.effectiveFrom ?? null;
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
           where org_unit_id = ${body.orgUnitId} and kind = ${body.kind}
             and effective_from is not distinct from ${from}::date for update`,
    );
    const old = existing[0];
    if (old && body.version !== old.version) throw new AppError('CONFLICT');
    if (!old && from !== null && from < today)
      throw fieldError('effectiveFrom', '新版本的生效日期不能早于今天');
    const { rows } = old
      ? await tx.execute<{ id: number }>(sql`
          update disclosure_schedule set rule = ${JSON.stringify(body.rule)}::jsonb,
                 note = ${body.note ?? null}, version = version + 1, updated_at = now()
           where id = ${old.id} returning id`)
      : await tx.execute<{ id: number }>(sql`
          insert into disclosure_schedule (org_unit_id, org_path, kind, rule, note, effective_from)
          values (${body.orgUnitId}, ${unit.path}, ${body.kind},
                  ${JSON.stringify(body.rule)}::jsonb, ${body.note ?? null}, ${from}::date)
          returning id`);
    const id = Number(rows[0]?.id);
    await writeAudit(tx, ctx, [
      {
        action: old ? 'disclosure_schedule.update' : 'disclosure_schedule.create',
        entityType: 'disclosure_schedule',
        entityId: id,
        orgPath: unit.path,
        changes: { kind: body.kind, effectiveFrom: from, from: old?.rule ?? null, to: body.rule },
      },
    ]);
    const { rows: out } = await tx.execute<Row>(sql`${selectSql(today)} where s.id = ${id}`);
    const row = out[0];
    if (!row) throw new Error('schedule vanished');
    return present(row);
  });
}
