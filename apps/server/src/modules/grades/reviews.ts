// The annual grade review (晋级评审) for a unit subtree and year: start a run (the compute is a
// background job), list and read runs, the proposals table with HR exclusions and adjustments,
// submit for approval, discard, and export. Applying is in review-apply.ts (on approval).
import type {
  CreateGradeReviewBody,
  GradeProposalView,
  GradeReviewView,
  UpdateProposalBody,
} from '@cwp/contracts';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Db, DbOrTx } from '../../db/client';
import * as schema from '../../db/schema';
import { appUser, job, orgUnit } from '../../db/schema';
import { ruleSet } from '../../db/schema-career';
import { gradeReview, gradeReviewProposal } from '../../db/schema-grades';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { decidersOf, openRequest } from '../approvals/service';
import { latestRequestOf } from '../approvals/view';
import { JobFailure, type JobRunner } from '../jobs/runner';
import { computeProposalsOn, FINAL_GRADE, refreshTotals } from './review-compute';

export const GRADE_REVIEW_JOB = 'grade.review';
const CREATE_LOCK = 7_420_400;
export type ReviewRow = typeof gradeReview.$inferSelect;
const EDITABLE = new Set(['draft', 'returned']);
const STATUS_ZH: Record<string, string> = {
  computing: '计算中',
  draft: '草稿',
  pending: '审批中',
  returned: '已退回',
  applied: '已生效',
};

export function canManage(auth: AuthContext, path: string): boolean {
  return auth.permissions.has('grade:manage') && inScope(auth, path);
}

/** A review the caller may see (grade:read and its unit in scope), else 404. */
export async function loadReview(
  db: DbOrTx,
  auth: AuthContext | null,
  id: number,
  lock = false,
): Promise<ReviewRow> {
  const q = db.select().from(gradeReview).where(eq(gradeReview.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  if (auth && !inScope(auth, row.orgPath)) throw notFound();
  return row;
}

function conflictIfStale(row: ReviewRow, version: number) {
  if (row.version !== version) throw new AppError('CONFLICT');
}

function notInState(action: string, row: ReviewRow): AppError {
  const msg = `评审当前为“${STATUS_ZH[row.status] ?? row.status}”状态，不能${action}`;
  return new AppError('CONFLICT', [{ path: 'status', message: msg }], msg);
}

// ---------------------------------------------------------------------------------------------
// Start and compute

/** Creates the run (status computing) and queues its compute; refuses a second live run. */
export async function startReview(
  deps: { db: Db; jobs: JobRunner },
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateGradeReviewBody,
): Promise<GradeReviewView> {
  // The run and its compute job are written together: a run never waits for a job that was lost.
  const id = await deps.db.transaction(async (tx) => {
    const [unit] = await tx.select().from(orgUnit).where(eq(orgUnit.id, body.orgUnitId));
    if (!unit || !inScope(auth, unit.path)) throw fieldError('orgUnitId', '单位不存在或无权访问');
    if (!unit.active) throw fieldError('orgUnitId', '单位已停用');
    const review = await insertReview(tx, ctx, auth.userId, unit, body.year, body.note ?? null);
    const [queued] = await tx
      .insert(job)
      .values({
        kind: GRADE_REVIEW_JOB,
        payload: { reviewId: review.id, ctx },
        createdBy: auth.userId,
      })
      .returning({ id: job.id });
    if (!queued) throw new AppError('INTERNAL');
    await tx.update(gradeReview).set({ jobId: queued.id }).where(eq(gradeReview.id, review.id));
    return review.id;
  });
  deps.jobs.kick();
  return getReview(deps.db, auth, id);
}

/** The run row (status computing), after the one-live-run-per-unit-and-year check. */
export async function insertReview(
  tx: DbOrTx,
  ctx: AuditContext,
  userId: number | null,
  unit: { id: number; path: string; name: string },
  year: number,
  note: string | null,
): Promise<ReviewRow> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CREATE_LOCK})`);
  // A live run of the same year on this unit, above it or below it would review a worker twice.
  const { rows: live } = await tx.execute<{ id: number; status: string; name: string }>(sql`
    select r.id, r.status, o.name
      from grade_review r join org_unit o on o.id = r.org_unit_id
     where r.year = ${year} and r.status not in ('discarded', 'failed')
       and (r.org_path like ${`${unit.path}%`} or ${unit.path} like r.org_path || '%')
     order by r.id limit 1`);
  const clash = live[0];
  if (clash) {
    const msg =
      clash.status === 'pending' || clash.status === 'applied'
        ? `${clash.name} ${year} 年度的晋级评审${STATUS_ZH[clash.status]}（第 ${clash.id} 号），不能重复发起`
        : `${clash.name} ${year} 年度已有${STATUS_ZH[clash.status] ?? ''}的晋级评审（第 ${clash.id} 号），请在其中修改，或作废后重新发起`;
    throw new AppError('CONFLICT', [{ path: 'year', message: msg }], msg);
  }
  const [row] = await tx
    .insert(gradeReview)
    .values({
      orgUnitId: unit.id,
      orgPath: unit.path,
      year,
      reviewDate: `${year}-01-01`,
      status: 'computing',
      note,
      createdBy: userId,
    })
    .returning();
  if (!row) throw new AppError('INTERNAL');
  await writeAudit(tx, ctx, [
    {
      action: 'grade_review.create',
      entityType: 'grade_review',
      entityId: row.id,
      orgPath: unit.path,
      changes: { orgUnitId: unit.id, year, note },
    },
  ]);
  return row;
}

/**
 * Computes a run's proposals in one transaction of its own (COPY needs a raw client) and moves it
 * to draft; on failure the run is marked failed with the reason.
 */
export async function computeReview(
  pool: pg.Pool,
  ctx: AuditContext,
  reviewId: number,
  onProgress?: (percent: number) => Promise<void>,
): Promise<{ total: number }> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const tx: Db = drizzle(client, { schema });
    const review = await loadReview(tx, null, reviewId, true);
    if (review.status !== 'computing') throw new JobFailure('该评审不在计算中状态');
    const result = await computeProposalsOn(client, review, onProgress);
    await refreshTotals(tx, reviewId);
    const [after] = await tx
      .update(gradeReview)
      .set({ status: 'draft', computedAt: new Date(), version: review.version + 1 })
      .where(eq(gradeReview.id, reviewId))
      .returning();
    await writeAudit(tx, ctx, [
      {
        action: 'grade_review.compute',
        entityType: 'grade_review',
        entityId: reviewId,
        orgPath: review.orgPath,
        changes: {
          total: after?.total,
          promoted: after?.promoted,
          blocked: after?.blocked,
          ruleSets: await ruleSetsUsed(tx, reviewId),
        },
      },
    ]);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    const message = err instanceof JobFailure ? err.message : '计算出错，请重新发起';
    await pool.query(
      `update grade_review set status = 'failed', error = $2, version = version + 1,
              updated_at = now() where id = $1 and status = 'computing'`,
      [reviewId, message],
    );
    throw err;
  } finally {
    client.release();
  }
}

export function registerGradeReviewJob(deps: { pool: pg.Pool }, runner: JobRunner): void {
  runner.register(GRADE_REVIEW_JOB, async (run) => {
    const payload = run.job.payload as { reviewId: number; ctx: AuditContext };
    await computeReview(deps.pool, payload.ctx, payload.reviewId, (p) => run.progress(p));
    return null;
  });
}

async function ruleSetsUsed(db: DbOrTx, reviewId: number) {
  const { rows } = await db.execute<{
    rule_set_id: number;
    rule_version_no: number;
    name: string;
    n: number;
  }>(sql`
    select p.rule_set_id, p.rule_version_no, r.name, count(*)::int as n
      from grade_review_proposal p join rule_set r on r.id = p.rule_set_id
     where p.review_id = ${reviewId}
     group by p.rule_set_id, p.rule_version_no, r.name
     order by p.rule_set_id`);
  return rows.map((r) => ({
    ruleSetId: Number(r.rule_set_id),
    ruleVersionNo: r.rule_version_no,
    name: r.name,
    workers: r.n,
  }));
}

// ---------------------------------------------------------------------------------------------
// Views

async function present(db: DbOrTx, auth: AuthContext, row: ReviewRow): Promise<GradeReviewView> {
  const [[unit], [creator], ruleSets, request, progress] = await Promise.all([
    db.select({ name: orgUnit.name }).from(orgUnit).where(eq(orgUnit.id, row.orgUnitId)),
    row.createdBy
      ? db
          .select({ id: appUser.id, displayName: appUser.displayName })
          .from(appUser)
          .where(eq(appUser.id, row.createdBy))
      : Promise.resolve([]),
    row.status === 'computing' ? Promise.resolve([]) : ruleSetsUsed(db, row.id),
    latestRequestOf(db, 'grade_review', row.id),
    row.status === 'computing' && row.jobId
      ? db.execute<{ progress: number }>(sql`select progress from job where id = ${row.jobId}`)
      : Promise.resolve(null),
  ]);
  const editable = EDITABLE.has(row.status) && canManage(auth, row.orgPath);
  return {
    id: row.id,
    orgUnitId: row.orgUnitId,
    orgUnitName: unit?.name ?? '',
    year: row.year,
    reviewDate: row.reviewDate,
    status: row.status as GradeReviewView['status'],
    progress: row.status === 'computing' ? (progress?.rows[0]?.progress ?? 0) : 100,
    error: row.error,
    total: row.total,
    promoted: row.promoted,
    blocked: row.blocked,
    excluded: row.excluded,
    adjusted: row.adjusted,
    appliedCount: row.appliedCount,
    note: row.note,
    ruleSets,
    createdBy: creator ?? null,
    createdAt: row.createdAt.toISOString(),
    computedAt: row.computedAt?.toISOString() ?? null,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    appliedAt: row.appliedAt?.toISOString() ?? null,
    approvalId: request?.id ?? null,
    version: row.version,
    abilities: {
      edit: editable,
      submit: editable,
      discard: (editable || row.status === 'failed') && canManage(auth, row.orgPath),
    },
  };
}

export async function getReview(db: Db, auth: AuthContext, id: number): Promise<GradeReviewView> {
  return present(db, auth, await loadReview(db, auth, id));
}

export async function listReviews(
  db: Db,
  auth: AuthContext,
  q: { orgUnitId?: number | undefined; year?: number | undefined; page: number; pageSize: number },
): Promise<{ items: GradeReviewView[]; total: number }> {
  let prefix = auth.orgPath;
  if (q.orgUnitId !== undefined) {
    const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, q.orgUnitId));
    if (!unit || !inScope(auth, unit.path)) throw notFound();
    prefix = unit.path;
  }
  const where = and(
    sql`${gradeReview.orgPath} like ${`${prefix}%`}`,
    q.year !== undefined ? eq(gradeReview.year, q.year) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(gradeReview)
      .where(where)
      .orderBy(desc(gradeReview.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(gradeReview)
      .where(where),
  ]);
  return {
    items: await Promise.all(rows.map((r) => present(db, auth, r))),
    total: total?.n ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Proposals

function filterSql(filter: string | undefined): SQL {
  switch (filter) {
    case 'promoted':
      return sql`and not p.excluded and p.adjusted_grade is null and p.outcome = 'promoted'`;
    case 'blocked':
      return sql`and not p.excluded and p.adjusted_grade is null and p.outcome = 'blocked'`;
    case 'excluded':
      return sql`and p.excluded`;
    case 'adjusted':
      return sql`and not p.excluded and p.adjusted_grade is not null`;
    default:
      return sql``;
  }
}

interface ProposalSqlRow extends Record<string, unknown> {
  worker_id: string;
  worker_name: string;
  org_unit_id: string;
  org_unit_name: string;
  post: string;
  current_grade: number | null;
  proposed_grade: number | null;
  outcome: string;
  reason: string;
  years_in_grade: string | null;
  grade_since: string | null;
  last_rating: string | null;
  last_rating_year: number | null;
  effective_from: string | null;
  rule_set_id: string | null;
  rule_version_no: number | null;
  excluded: boolean;
  adjusted_grade: number | null;
  final_grade: number | null;
  hr_reason: string | null;
  version: number;
}

function proposalFrom(r: ProposalSqlRow): GradeProposalView {
  return {
    workerId: Number(r.worker_id),
    workerName: r.worker_name,
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: r.org_unit_name,
    post: r.post,
    currentGrade: r.current_grade,
    proposedGrade: r.proposed_grade,
    outcome: r.outcome as GradeProposalView['outcome'],
    reason: r.reason,
    yearsInGrade: r.years_in_grade === null ? null : Number(r.years_in_grade),
    gradeSince: r.grade_since,
    lastRating: r.last_rating as GradeProposalView['lastRating'],
    lastRatingYear: r.last_rating_year,
    effectiveFrom: r.effective_from,
    ruleSetId: r.rule_set_id === null ? null : Number(r.rule_set_id),
    ruleVersionNo: r.rule_version_no,
    excluded: r.excluded,
    adjustedGrade: r.adjusted_grade,
    finalGrade: r.final_grade,
    hrReason: r.hr_reason,
    version: r.version,
  };
}

function proposalSelect(reviewId: number, where: SQL, tail: SQL): SQL {
  return sql`
    select p.worker_id, w.name as worker_name, p.org_unit_id, o.name as org_unit_name, p.post,
           p.current_grade, p.proposed_grade, p.outcome, p.reason, p.years_in_grade,
           to_char(p.grade_since, 'YYYY-MM-DD') as grade_since, p.last_rating,
           p.last_rating_year, to_char(p.effective_from, 'YYYY-MM-DD') as effective_from,
           p.rule_set_id, p.rule_version_no, p.excluded, p.adjusted_grade,
           ${FINAL_GRADE} as final_grade, p.hr_reason, p.version
      from grade_review_proposal p
      join worker w on w.id = p.worker_id
      join org_unit o on o.id = p.org_unit_id
     where p.review_id = ${reviewId} ${where}
     ${tail}`;
}

export async function listProposals(
  db: Db,
  auth: AuthContext,
  reviewId: number,
  q: {
    filter?: string | undefined;
    q?: string | undefined;
    after?: number | undefined;
    pageSize: number;
  },
): Promise<{ items: GradeProposalView[]; total: number; nextAfter: number | null }> {
  await loadReview(db, auth, reviewId);
  // The caller sees the proposals of their own subtree (a run may cover more than their scope).
  let where = sql`and p.org_path like ${`${auth.orgPath}%`} ${filterSql(q.filter)}`;
  if (q.q) where = sql`${where} and w.name like ${`%${q.q.replace(/[\\%_]/g, '\\$&')}%`}`;
  const page = q.after !== undefined ? sql`${where} and p.worker_id > ${q.after}` : where;
  const [{ rows }, { rows: totals }] = await Promise.all([
    db.execute<ProposalSqlRow>(
      proposalSelect(reviewId, page, sql`order by p.worker_id limit ${q.pageSize + 1}`),
    ),
    // The name search needs the worker; the filters alone do not.
    db.execute<{ n: number }>(sql`
      select count(*)::int as n from grade_review_proposal p
        ${q.q ? sql`join worker w on w.id = p.worker_id` : sql``}
       where p.review_id = ${reviewId} ${where}`),
  ]);
  const more = rows.length > q.pageSize;
  const items = rows.slice(0, q.pageSize).map(proposalFrom);
  return {
    items,
    total: totals[0]?.n ?? 0,
    nextAfter: more ? (items.at(-1)?.workerId ?? null) : null,
  };
}

export async function updateProposal(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  reviewId: number,
  workerId: number,
  body: UpdateProposalBody,
): Promise<GradeProposalView> {
  if (body.excluded === undefined && body.adjustedGrade === undefined) {
    throw fieldError('excluded', '请选择排除或调整等级');
  }
  await db.transaction(async (tx) => {
    const review = await loadReview(tx, auth, reviewId, true);
    if (!canManage(auth, review.orgPath)) throw notFound();
    if (!EDITABLE.has(review.status)) throw notInState('修改', review);
    const [p] = await tx
      .select()
      .from(gradeReviewProposal)
      .where(
        and(eq(gradeReviewProposal.reviewId, reviewId), eq(gradeReviewProposal.workerId, workerId)),
      )
      .for('update');
    if (!p || !inScope(auth, p.orgPath)) throw notFound();
    if (p.version !== body.version) throw new AppError('CONFLICT');
    const set: Partial<typeof gradeReviewProposal.$inferInsert> = {};
    if (body.excluded !== undefined) set.excluded = body.excluded;
    if (body.adjustedGrade !== undefined) {
      let adjusted = body.adjustedGrade;
      if (adjusted !== null) {
        await checkGradeInLadder(tx, p.ruleSetId, adjusted, 'adjustedGrade');
        if (adjusted === p.proposedGrade) adjusted = null;
      }
      set.adjustedGrade = adjusted;
    }
    await tx
      .update(gradeReviewProposal)
      .set({
        ...set,
        hrReason: body.reason,
        hrBy: auth.userId,
        hrAt: new Date(),
        version: p.version + 1,
      })
      .where(
        and(eq(gradeReviewProposal.reviewId, reviewId), eq(gradeReviewProposal.workerId, workerId)),
      );
    await refreshTotals(tx, reviewId);
    await tx
      .update(gradeReview)
      .set({ version: review.version + 1 })
      .where(eq(gradeReview.id, reviewId));
    await writeAudit(tx, ctx, [
      {
        action: 'grade_review.proposal.update',
        entityType: 'grade_review',
        entityId: reviewId,
        orgPath: p.orgPath,
        changes: {
          workerId,
          ...(set.excluded !== undefined
            ? { excluded: { from: p.excluded, to: set.excluded } }
            : {}),
          ...(set.adjustedGrade !== undefined
            ? { adjustedGrade: { from: p.adjustedGrade, to: set.adjustedGrade } }
            : {}),
          reason: body.reason,
        },
      },
    ]);
  });
  const { rows } = await db.execute<ProposalSqlRow>(
    proposalSelect(reviewId, sql`and p.worker_id = ${workerId}`, sql``),
  );
  const row = rows[0];
  if (!row) throw notFound();
  return proposalFrom(row);
}

/** A grade must exist on the ladder that computed the proposal. */
export async function checkGradeInLadder(
  db: DbOrTx,
  ruleSetId: number | null,
  grade: number,
  field: string,
): Promise<void> {
  if (ruleSetId === null) return;
  const [rule] = await db
    .select({ content: ruleSet.content })
    .from(ruleSet)
    .where(eq(ruleSet.id, ruleSetId));
  const grades = (rule?.content as { grades?: number } | undefined)?.grades;
  if (grades !== undefined && grade > grades) {
    throw fieldError(field, `等级应在 1 至 ${grades} 之间`);
  }
}

// ---------------------------------------------------------------------------------------------
// Submit, discard

export async function submitReview(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; comment?: string | undefined },
): Promise<GradeReviewView> {
  await db.transaction(async (tx) => {
    const row = await loadReview(tx, auth, id, true);
    if (!canManage(auth, row.orgPath)) throw notFound();
    conflictIfStale(row, body.version);
    if (!EDITABLE.has(row.status)) throw notInState('提交审批', row);
    const deciders = await decidersOf(tx, row.orgPath, 'grade:approve', auth.userId);
    if (deciders.length === 0) {
      const msg = '本级及上级没有其他持有“审批晋级与等级调整”权限的用户，无法提交审批';
      throw new AppError('BAD_REQUEST', [{ path: '', message: msg }], msg);
    }
    const now = new Date();
    await tx
      .update(gradeReview)
      .set({
        status: 'pending',
        submittedBy: auth.userId,
        submittedAt: now,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(gradeReview.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'grade_review.submit',
        entityType: 'grade_review',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: row.status, to: 'pending' }, comment: body.comment ?? null },
      },
    ]);
    const [unit] = await tx
      .select({ name: orgUnit.name })
      .from(orgUnit)
      .where(eq(orgUnit.id, row.orgUnitId));
    await openRequest(tx, ctx, {
      subjectType: 'grade_review',
      subjectId: id,
      title: `${unit?.name ?? ''} ${row.year} 年度晋级评审（晋级 ${row.promoted} 人，调整 ${row.adjusted} 人）`,
      decidingUnit: { id: row.orgUnitId, path: row.orgPath },
      subjectOrgPath: row.orgPath,
      requiredPermission: 'grade:approve',
      submitter: { userId: auth.userId, displayName: auth.displayName },
      comment: body.comment ?? null,
    });
  });
  return getReview(db, auth, id);
}

export async function discardReview(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; comment?: string | undefined },
): Promise<GradeReviewView> {
  await db.transaction(async (tx) => {
    const row = await loadReview(tx, auth, id, true);
    if (!canManage(auth, row.orgPath)) throw notFound();
    conflictIfStale(row, body.version);
    if (!EDITABLE.has(row.status) && row.status !== 'failed') throw notInState('作废', row);
    await tx
      .update(gradeReview)
      .set({ status: 'discarded', version: row.version + 1, updatedAt: new Date() })
      .where(eq(gradeReview.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'grade_review.discard',
        entityType: 'grade_review',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: row.status, to: 'discarded' }, comment: body.comment ?? null },
      },
    ]);
  });
  return getReview(db, auth, id);
}

/** Every proposal the caller may see, for the export (rows in worker id order). */
export async function allProposals(
  db: Db,
  auth: AuthContext,
  reviewId: number,
): Promise<{ review: ReviewRow; rows: GradeProposalView[] }> {
  const review = await loadReview(db, auth, reviewId);
  const { rows } = await db.execute<ProposalSqlRow>(
    proposalSelect(
      reviewId,
      sql`and p.org_path like ${`${auth.orgPath}%`}`,
      sql`order by p.worker_id`,
    ),
  );
  return { review, rows: rows.map(proposalFrom) };
}
