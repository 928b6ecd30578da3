// Complaint deadlines as data per region (受理、答复时限), effective-dated like the disclosure
// schedules: per unit a base version (effective_from null, from the start) and dated versions
// that take over on their first day. A complaint takes the deadlines in force on the day it is
// filed, from the nearest unit above its community that has a version in force then (15 / 60 days
// when none). Managed with complaint:manage; every change is audited.
import type { ComplaintSettingBody, ComplaintSettingVersion } from '@cwp/contracts';
import { DEFAULT_COMPLAINT_DAYS } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { todayIso } from '../workers/mapping';

const FROM = (alias: string) => sql.raw(`coalesce(${alias}.effective_from, '-infinity'::date)`);

/** The deadlines in force for a community path on a date. */
export async function deadlinesFor(tx: DbOrTx, path: string, date: string = todayIso()) {
  const { rows } = await tx.execute<{ accept_days: number; reply_days: number }>(sql`
    select s.accept_days, s.reply_days from complaint_setting s
     where ${path} like s.org_path || '%' and ${FROM('s')} <= ${date}::date
     order by length(s.org_path) desc, ${FROM('s')} desc limit 1`);
  const s = rows[0];
  return s ? { acceptDays: s.accept_days, replyDays: s.reply_days } : DEFAULT_COMPLAINT_DAYS;
}

interface Row extends Record<string, unknown> {
  id: number;
  org_unit_id: number;
  name: string;
  accept_days: number;
  reply_days: number;
  effective_from: string | null;
  in_force: boolean;
  version: number;
}

const present = (r: Row): ComplaintSettingVersion => ({
  id: Number(r.id),
  orgUnitId: Number(r.org_unit_id),
  orgUnitName: r.name,
  acceptDays: r.accept_days,
  replyDays: r.reply_days,
  effectiveFrom: r.effective_from,
  inForce: Boolean(r.in_force),
  version: r.version,
});

const selectSql = (today: string) => sql`
  select s.id, s.org_unit_id, o.name, s.accept_days, s.reply_days, s.version,
         to_char(s.effective_from, 'YYYY-MM-DD') as effective_from,
         s.id = (select s2.id from complaint_setting s2
                  where s2.org_unit_id = s.org_unit_id and ${FROM('s2')} <= ${today}::date
                  order by ${FROM('s2')} desc limit 1) as in_force
    from complaint_setting s join org_unit o on o.id = s.org_unit_id`;

/** Every version in the caller's subtree and above it (the rules they work under). */
export async function listComplaintSettings(
  db: DbOrTx,
  auth: Pick<AuthContext, 'orgPath'>,
  orgUnitId?: number,
): Promise<{ items: ComplaintSettingVersion[] }> {
  const { rows } = await db.execute<Row>(sql`${selectSql(todayIso())}
     where (s.org_path like ${`${auth.orgPath}%`} or ${auth.orgPath} like s.org_path || '%')
       ${orgUnitId === undefined ? sql`` : sql`and s.org_unit_id = ${orgUnitId}`}
     order by length(s.org_path), o.name, ${FROM('s')} desc`);
  return { items: rows.map(present) };
}

export async function upsertComplaintSetting(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: ComplaintSettingBody,
): Promise<ComplaintSettingVersion> {
  const today = todayIso();
  const from = body.effectiveFrom ?? null;
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ path: string }>(
      sql`select path from org_unit where id = ${body.orgUnitId}`,
    );
    const unit = rows[0];
    if (!unit || !inScope(auth, unit.path))
      throw fieldError('orgUnitId', '单位不存在或不在管辖范围内');
    if (body.replyDays < body.acceptDays) throw fieldError('replyDays', '答复时限不能短于受理时限');
    const { rows: existing } = await tx.execute<{
      id: number;
      version: number;
      accept_days: number;
      reply_days: number;
    }>(sql`select id, version, accept_days, reply_days from complaint_setting
            where org_unit_id = ${body.orgUnitId}
              and effective_from is not distinct from ${from}::date for update`);
    const old = existing[0];
    if (old && body.version !== old.version) throw new AppError('CONFLICT');
    if (!old && from !== null && from < today)
      throw fieldError('effectiveFrom', '新版本的生效日期不能早于今天');
    const { rows: saved } = old
      ? await tx.execute<{ id: number }>(sql`
          update complaint_setting set accept_days = ${body.acceptDays},
                 reply_days = ${body.replyDays}, version = version + 1, updated_at = now()
           where id = ${old.id} returning id`)
      : await tx.execute<{ id: number }>(sql`
          insert into complaint_setting (org_unit_id, org_path, accept_days, reply_days,
                                         effective_from)
          values (${body.orgUnitId}, ${unit.path}, ${body.acceptDays}, ${body.replyDays},
                  ${from}::date)
          returning id`);
    const id = Number(saved[0]?.id);
    await writeAudit(tx, ctx, [
      {
        action: old ? 'complaint_setting.update' : 'complaint_setting.create',
        entityType: 'complaint_setting',
        entityId: id,
        orgPath: unit.path,
        changes: {
          effectiveFrom: from,
          acceptDays: { from: old?.accept_days ?? null, to: body.acceptDays },
          replyDays: { from: old?.reply_days ?? null, to: body.replyDays },
        },
      },
    ]);
    const { rows: out } = await tx.execute<Row>(sql`${selectSql(today)} where s.id = ${id}`);
    const row = out[0];
    if (!row) throw new AppError('INTERNAL');
    return present(row);
  });
}

/** The deadlines in force today for one unit in the caller's scope (404 outside it). */
export async function complaintSettingFor(db: DbOrTx, auth: AuthContext, orgUnitId: number) {
  const { rows } = await db.execute<{ path: string }>(
    sql`select path from org_unit where id = ${orgUnitId}`,
  );
  const unit = rows[0];
  if (!unit || !inScope(auth, unit.path)) throw notFound();
  return { orgUnitId, ...(await deadlinesFor(db, unit.path)) };
}
