// Career channels (职业发展通道): records of a worker's move into a civil-service or
// public-institution post (career_transfer), a tutor role or a reserve pool, and their counts per
// kind for a unit subtree and a year (the leaders' figures). Each record keeps the worker's unit
// at the time, so the counts do not move when the worker does.
import {
  CAREER_RECORD_KINDS,
  type CareerRecordView,
  type CareerStatsQuery,
  type CareerStatsView,
  type CreateCareerRecordBody,
} from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { careerRecord } from '../../db/schema-contracts';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError } from '../../lib/errors';
import { unitPathInScope, workerInScope } from './queries';

interface Row extends Record<string, unknown> {
  id: number;
  worker_id: number;
  worker_name: string;
  kind: CareerRecordView['kind'];
  occurred_on: string;
  end_date: string | null;
  destination: string;
  note: string | null;
  org_unit_id: number;
  org_unit_name: string;
  version: number;
  created_at: Date | string;
}

function present(r: Row): CareerRecordView {
  return {
    id: Number(r.id),
    workerId: Number(r.worker_id),
    workerName: r.worker_name,
    kind: r.kind,
    occurredOn: r.occurred_on,
    endDate: r.end_date,
    destination: r.destination,
    note: r.note,
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: r.org_unit_name,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function workerCareerRecords(
  db: DbOrTx,
  auth: AuthContext,
  workerId: number,
): Promise<CareerRecordView[]> {
  const w = await workerInScope(db, auth, workerId);
  const { rows } = await db.execute<Row>(sql`
    select r.id, r.worker_id, w.name as worker_name, r.kind,
           to_char(r.occurred_on, 'YYYY-MM-DD') as occurred_on,
           to_char(r.end_date, 'YYYY-MM-DD') as end_date, r.destination, r.note, r.org_unit_id,
           o.name as org_unit_name, r.version, r.created_at
      from career_record r join worker w on w.id = r.worker_id join org_unit o on o.id = r.org_unit_id
     where r.worker_id = ${w.id}
     order by r.occurred_on desc, r.id desc`);
  return rows.map(present);
}

export async function addCareerRecord(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  workerId: number,
  body: CreateCareerRecordBody,
): Promise<CareerRecordView[]> {
  if (body.endDate && body.endDate < body.occurredOn)
    throw fieldError('endDate', '结束日期不能早于开始日期');
  await db.transaction(async (tx) => {
    const w = await workerInScope(tx, auth, workerId);
    const [row] = await tx
      .insert(careerRecord)
      .values({
        workerId: w.id,
        kind: body.kind,
        occurredOn: body.occurredOn,
        endDate: body.endDate ?? null,
        destination: body.destination,
        note: body.note ?? null,
        orgUnitId: w.orgUnitId,
        orgPath: w.orgPath,
        createdBy: ctx.actorId,
      })
      .returning({ id: careerRecord.id });
    await writeAudit(tx, ctx, [
      {
        action: 'career_record.create',
        entityType: 'career_record',
        entityId: row?.id ?? null,
        orgPath: w.orgPath,
        changes: { workerId: w.id, ...body },
      },
    ]);
  });
  return workerCareerRecords(db, auth, workerId);
}

/** Deletes a record entered by mistake (audited with its content). */
export async function deleteCareerRecord(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.execute<{
      org_path: string;
      worker_path: string;
      version: number;
      kind: string;
      destination: string;
      occurred_on: string;
      worker_id: number;
    }>(sql`
      select r.org_path, w.org_path as worker_path, r.version, r.kind, r.destination,
             to_char(r.occurred_on, 'YYYY-MM-DD') as occurred_on, r.worker_id
        from career_record r join worker w on w.id = r.worker_id
       where r.id = ${id} for update of r`);
    const r = rows[0];
    if (!r || !r.worker_path.startsWith(auth.orgPath)) throw new AppError('NOT_FOUND');
    if (r.version !== version) throw new AppError('CONFLICT');
    await tx.execute(sql`delete from career_record where id = ${id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'career_record.delete',
        entityType: 'career_record',
        entityId: id,
        orgPath: r.worker_path,
        changes: {
          workerId: Number(r.worker_id),
          kind: r.kind,
          destination: r.destination,
          occurredOn: r.occurred_on,
        },
      },
    ]);
  });
}

/** Records per kind whose date falls in the year, for the unit and everything under it. */
export async function careerStats(
  db: DbOrTx,
  auth: AuthContext,
  q: CareerStatsQuery,
): Promise<CareerStatsView> {
  const unit = await unitPathInScope(db, auth, q.orgUnitId);
  const { rows } = await db.execute<{ kind: string; n: number }>(sql`
    select kind, count(*)::int as n from career_record
     where org_path like ${`${unit.path}%`}
       and occurred_on >= ${`${q.year}-01-01`}::date and occurred_on <= ${`${q.year}-12-31`}::date
     group by kind`);
  const byKind = new Map(rows.map((r) => [r.kind, Number(r.n)]));
  const counts = CAREER_RECORD_KINDS.map((kind) => ({ kind, count: byKind.get(kind) ?? 0 }));
  return {
    orgUnitId: unit.id,
    orgUnitName: unit.name,
    year: q.year,
    counts,
    total: counts.reduce((s, c) => s + c.count, 0),
  };
}
