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
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { appUser, orgUnit, worker } from '../../db/schema';
import { assessmentResult } from '../../db/schema-assessment';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
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

export async function listAssessments(
  db: Db,
  auth: AuthContext,
  q: AssessmentListQuery,
): Promise<{ items: AssessmentView[]; total: number }> {
  let prefix = auth.orgPath;
  if (q.orgUnitId !== undefined) {
    const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, q.orgUnitId));
    if (!unit || !inScope(auth, unit.path)) throw notFound();
    prefix = unit.path;
  }
  const conds: (SQL | undefined)[] = [
    sql`${worker.orgPath} like ${`${prefix}%`}`,
    q.workerId !== undefined ? eq(assessmentResult.workerId, q.workerId) : undefined,
    q.year !== undefined ? eq(assessmentResult.year, q.year) : undefined,
    q.rating !== undefined ? eq(assessmentResult.rating, q.rating) : undefined,
    q.q ? sql`${worker.name} like ${`%${q.q.replace(/[\\%_]/g, '\\$&')}%`}` : undefined,
  ];
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    baseQuery(db)
      .where(where)
      .orderBy(desc(assessmentResult.year), worker.orgPath, worker.id)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(assessmentResult)
      .innerJoin(worker, eq(worker.id, assessmentResult.workerId))
      .where(where),
  ]);
  return { items: rows.map(present), total: total?.n ?? 0 };
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
