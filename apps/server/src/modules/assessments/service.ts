// Assessment results (考核结果): list in scope, enter one, edit one (optimistic locking), every
// change audited. The import (import.ts) writes the same rows. Grade reviews read the annual
// rating of the year before the review; payroll reads them for performance pay.
import type {
  AssessmentListQuery,
  AssessmentView,
  CreateAssessmentBody,
  UpdateAssessmentBody,
} from '@cwp/contracts';
import { ASSESSMENT_RATING_LABELS, type AssessmentRating } from '@cwp/core';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { appUser, orgUnit, worker } from '../../db/schema';
import { assessmentResult } from '../../db/schema-assessment';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import { cappedCount, inOrderOf } from '../../lib/paging';
import { inScope } from '../../lib/scope';

const columns = {
  id: assessmentResult.id,
  workerId: assessmentResult.workerId,
  workerName: worker.name,
  orgUnitId: worker.orgUnitId,
  orgUnitName: orgUnit.name,
  orgPath: worker.orgPath,
  year: assessmentResult.year,
  period: assessmentResult.period,
  rating: assessmentResult.rating,
  source: assessmentResult.source,
  note: assessmentResult.note,
  recordedBy: appUser.displayName,
  recordedAt: assessmentResult.recordedAt,
  version: assessmentResult.version,
};

function baseQuery(db: DbOrTx) {
  return db
    .select(columns)
    .from(assessmentResult)
    .innerJoin(worker, eq(worker.id, assessmentResult.workerId))
    .innerJoin(orgUnit, eq(orgUnit.id, worker.orgUnitId))
    .leftJoin(appUser, eq(appUser.id, assessmentResult.recordedBy));
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function present(r: Row): AssessmentView {
  return {
    id: r.id,
    workerId: r.workerId,
    workerName: r.workerName,
    orgUnitId: r.orgUnitId,
    orgUnitName: r.orgUnitName,
    year: r.year,
    period: r.period,
    rating: r.rating as AssessmentView['rating'],
    source: r.source as AssessmentView['source'],
    note: r.note,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt.toISOString(),
    version: r.version,
  };
}

/** The assessed years that have results, newest first (a loose scan of the year index). */
async function resultYears(db: DbOrTx): Promise<number[]> {
  const { rows } = await db.execute<{ y: number }>(sql`
    with recursive y as (
      select max(year) as y from assessment_result
      union all
      select (select max(year) from assessment_result where year < y.y) from y where y.y is not null
    )
    select y from y where y is not null`);
  return rows.map((r) => Number(r.y));
}

/**
 * Results in scope, newest year first, then by the worker's unit path and id. Each year is one
 * branch that walks the subtree's workers in path order (`worker_org_path_id_idx`) and probes
 * that year's results (`assessment_result_worker_period_uq`), stopping after the rows the page
 * needs; the page's rows are then read in full. The total is counted up to LIST_COUNT_CAP.
 */
export async function listAssessments(
  db: Db,
  auth: AuthContext,
  q: AssessmentListQuery,
): Promise<{ items: AssessmentView[]; total: number; totalCapped: boolean }> {
  let prefix = auth.orgPath;
  if (q.orgUnitId !== undefined) {
    const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, q.orgUnitId));
    if (!unit || !inScope(auth, unit.path)) throw notFound();
    prefix = unit.path;
  }
  const where = (year: SQL | undefined) =>
    and(
      sql`${worker.orgPath} like ${`${prefix}%`}`,
      year,
      q.workerId !== undefined ? eq(assessmentResult.workerId, q.workerId) : undefined,
      q.rating !== undefined ? eq(assessmentResult.rating, q.rating) : undefined,
      q.q ? sql`${worker.name} like ${`%${q.q.replace(/[\\%_]/g, '\\$&')}%`}` : undefined,
    ) ?? sql`true`;
  const from = sql`${worker} join ${assessmentResult} on ${assessmentResult.workerId} = ${worker.id}`;
  const offset = (q.page - 1) * q.pageSize;
  const [years, counted] = await Promise.all([
    q.year !== undefined ? Promise.resolve([q.year]) : resultYears(db),
    cappedCount(
      db,
      sql`select 1 from ${from}
           where ${where(q.year !== undefined ? eq(assessmentResult.year, q.year) : undefined)}`,
    ),
  ]);
  if (years.length === 0 || counted.total === 0) return { items: [], ...counted };
  const branches = years.map(
    (y) => sql`(
      select ${assessmentResult.id} as id, ${assessmentResult.year} as year,
             ${worker.orgPath} as org_path, ${worker.id} as worker_id, ${assessmentResult.period} as period
        from ${from}
       where ${where(eq(assessmentResult.year, y))}
       order by ${worker.orgPath}, ${worker.id}, ${assessmentResult.period}
       limit ${offset + q.pageSize})`,
  );
  const { rows: page } = await db.execute<{ id: number }>(sql`
    select id from (${sql.join(branches, sql` union all `)}) x
     order by year desc, org_path, worker_id, period
     limit ${q.pageSize} offset ${offset}`);
  const ids = page.map((r) => Number(r.id));
  const rows = ids.length === 0 ? [] : await baseQuery(db).where(inArray(assessmentResult.id, ids));
  return { items: inOrderOf(ids, rows, (r) => r.id).map(present), ...counted };
}

async function getOne(db: DbOrTx, id: number): Promise<AssessmentView> {
  const [row] = await baseQuery(db).where(eq(assessmentResult.id, id));
  if (!row) throw notFound();
  return present(row);
}

export async function createAssessment(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateAssessmentBody,
): Promise<AssessmentView> {
  const id = await db.transaction(async (tx) => {
    const [w] = await tx
      .select({ id: worker.id, orgPath: worker.orgPath, name: worker.name })
      .from(worker)
      .where(eq(worker.id, body.workerId));
    if (!w || !inScope(auth, w.orgPath)) {
      throw new AppError('VALIDATION_FAILED', [
        { path: 'workerId', message: '人员不存在或无权访问' },
      ]);
    }
    const [existing] = await tx
      .select({ id: assessmentResult.id })
      .from(assessmentResult)
      .where(
        and(
          eq(assessmentResult.workerId, w.id),
          eq(assessmentResult.year, body.year),
          eq(assessmentResult.period, 'annual'),
        ),
      );
    if (existing) {
      const msg = `${w.name} ${body.year} 年度已有考核结果，请修改原记录`;
      throw new AppError('DUPLICATE', [{ path: 'year', message: msg }], msg);
    }
    const [row] = await tx
      .insert(assessmentResult)
      .values({
        workerId: w.id,
        year: body.year,
        period: 'annual',
        rating: body.rating,
        source: 'manual',
        note: body.note ?? null,
        recordedBy: auth.userId,
      })
      .onConflictDoNothing()
      .returning({ id: assessmentResult.id });
    if (!row) {
      const msg = `${w.name} ${body.year} 年度已有考核结果，请修改原记录`;
      throw new AppError('DUPLICATE', [{ path: 'year', message: msg }], msg);
    }
    await writeAudit(tx, ctx, [
      {
        action: 'assessment.create',
        entityType: 'assessment_result',
        entityId: row.id,
        orgPath: w.orgPath,
        changes: { workerId: w.id, year: body.year, rating: body.rating, note: body.note ?? null },
      },
    ]);
    return row.id;
  });
  return getOne(db, id);
}

export async function updateAssessment(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: UpdateAssessmentBody,
): Promise<AssessmentView> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ a: assessmentResult, orgPath: worker.orgPath })
      .from(assessmentResult)
      .innerJoin(worker, eq(worker.id, assessmentResult.workerId))
      .where(eq(assessmentResult.id, id))
      .for('update', { of: assessmentResult });
    if (!row || !inScope(auth, row.orgPath)) throw notFound();
    if (row.a.version !== body.version) throw new AppError('CONFLICT');
    const note = body.note === undefined ? row.a.note : body.note;
    await tx
      .update(assessmentResult)
      .set({
        rating: body.rating,
        note,
        source: 'manual',
        recordedBy: auth.userId,
        recordedAt: new Date(),
        version: row.a.version + 1,
      })
      .where(eq(assessmentResult.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'assessment.update',
        entityType: 'assessment_result',
        entityId: id,
        orgPath: row.orgPath,
        changes: {
          workerId: row.a.workerId,
          year: row.a.year,
          ...(row.a.rating !== body.rating
            ? { rating: { from: row.a.rating, to: body.rating } }
            : {}),
          ...(row.a.note !== note ? { note: { from: row.a.note, to: note } } : {}),
        },
      },
    ]);
  });
  return getOne(db, id);
}

/** Rating from a cell: the code or its Chinese label. */
export function ratingFrom(text: string): AssessmentRating | null {
  const t = text.trim();
  for (const [code, label] of Object.entries(ASSESSMENT_RATING_LABELS)) {
    if (t === code || t === label) return code as AssessmentRating;
  }
  return null;
}
