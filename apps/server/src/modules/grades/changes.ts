// Single grade changes outside the annual review: a manual adjustment with a reason, or the
// initial grading (定级) of an existing worker by the ladder in force. Each goes to approval at
// once (subject 'grade_change') and is applied on approval: worker.grade, the effective-dated
// grade history and the audit trail, in the deciding transaction.
import type { CreateGradeChangeBody, GradeChangeView } from '@cwp/contracts';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { appUser, worker, workerHistory } from '../../db/schema';
import { gradeChange } from '../../db/schema-grades';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { decidersOf, openRequest } from '../approvals/service';
import { latestRequestOf } from '../approvals/view';
import { todayIso } from '../workers/mapping';
import { computeInitialGrade, type InitialGradeResult } from './initial';
import { checkGradeInLadder } from './reviews';

type ChangeRow = typeof gradeChange.$inferSelect;
type WorkerRow = typeof worker.$inferSelect;

/** A worker the caller may grade (grade:read to see, in scope), else 404. */
async function workerInScope(db: DbOrTx, auth: AuthContext, id: number, lock = false) {
  const q = db.select().from(worker).where(eq(worker.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || !inScope(auth, row.orgPath)) throw notFound();
  return row;
}

function initialFor(db: DbOrTx, w: WorkerRow, onDate: string): Promise<InitialGradeResult> {
  return computeInitialGrade(db, {
    orgUnitId: w.orgUnitId,
    post: w.post,
    workStartDate: w.workStartDate,
    education: w.education,
    qualification: w.qualification,
    onDate,
  });
}

/** The starting grade the ladder in force gives an existing worker (nothing is written). */
export async function proposeInitialGrade(
  db: Db,
  auth: AuthContext,
  workerId: number,
  onDate: string | undefined,
) {
  const w = await workerInScope(db, auth, workerId);
  const date = onDate ?? todayIso();
  const r = await initialFor(db, w, date);
  return { workerId, currentGrade: w.grade, onDate: date, ...r };
}

async function present(db: DbOrTx, row: ChangeRow): Promise<GradeChangeView> {
  const [[w], [creator], request] = await Promise.all([
    db.select({ name: worker.name }).from(worker).where(eq(worker.id, row.workerId)),
    row.createdBy
      ? db
          .select({ id: appUser.id, displayName: appUser.displayName })
          .from(appUser)
          .where(eq(appUser.id, row.createdBy))
      : Promise.resolve([]),
    latestRequestOf(db, 'grade_change', row.id),
  ]);
  return {
    id: row.id,
    workerId: row.workerId,
    workerName: w?.name ?? '',
    kind: row.kind as GradeChangeView['kind'],
    fromGrade: row.fromGrade,
    toGrade: row.toGrade,
    effectiveDate: row.effectiveDate,
    reason: row.reason,
    explanation: row.explanation,
    ruleSetId: row.ruleSetId,
    ruleVersionNo: row.ruleVersionNo,
    status: row.status as GradeChangeView['status'],
    createdBy: creator ?? null,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
    approvalId: request?.id ?? null,
    version: row.version,
  };
}

export async function createGradeChange(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateGradeChangeBody,
): Promise<GradeChangeView> {
  const id = await db.transaction(async (tx) => {
    const w = await workerInScope(tx, auth, body.workerId, true);
    if (w.status === 'exited') throw fieldError('workerId', '已退出人员不能调整等级');
    let toGrade: number;
    let computed: InitialGradeResult | null = null;
    if (body.kind === 'initial') {
      computed = await initialFor(tx, w, body.effectiveDate);
      toGrade = computed.grade;
    } else {
      if (body.toGrade === undefined) throw fieldError('toGrade', '请填写调整后等级');
      toGrade = body.toGrade;
      const rule = await computeRuleId(tx, w, body.effectiveDate);
      await checkGradeInLadder(tx, rule, toGrade, 'toGrade');
    }
    if (toGrade === w.grade) throw fieldError('toGrade', `该人员当前已是 ${toGrade} 级`);
    const [open] = await tx
      .select({ from: workerHistory.effectiveFrom })
      .from(workerHistory)
      .where(
        and(
          eq(workerHistory.workerId, w.id),
          eq(workerHistory.kind, 'grade'),
          isNull(workerHistory.effectiveTo),
        ),
      );
    if (open && open.from > body.effectiveDate) {
      throw fieldError('effectiveDate', `生效日期不能早于当前等级的起始日期 ${open.from}`);
    }
    const [pending] = await tx
      .select({ id: gradeChange.id })
      .from(gradeChange)
      .where(and(eq(gradeChange.workerId, w.id), eq(gradeChange.status, 'pending')));
    if (pending) {
      const msg = '该人员已有审批中的等级调整，请等待审批结果';
      throw new AppError('CONFLICT', [{ path: 'workerId', message: msg }], msg);
    }
    const deciders = await decidersOf(tx, w.orgPath, 'grade:approve', auth.userId);
    if (deciders.length === 0) {
      const msg = '本级及上级没有其他持有“审批晋级与等级调整”权限的用户，无法提交审批';
      throw new AppError('BAD_REQUEST', [{ path: '', message: msg }], msg);
    }
    const [row] = await tx
      .insert(gradeChange)
      .values({
        workerId: w.id,
        orgUnitId: w.orgUnitId,
        orgPath: w.orgPath,
        kind: body.kind,
        fromGrade: w.grade,
        toGrade,
        effectiveDate: body.effectiveDate,
        reason: body.reason,
        explanation: computed?.explanation ?? null,
        ruleSetId: computed?.ruleSetId ?? null,
        ruleVersionNo: computed?.ruleVersionNo ?? null,
        createdBy: auth.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'grade_change.create',
        entityType: 'grade_change',
        entityId: row.id,
        orgPath: w.orgPath,
        changes: {
          workerId: w.id,
          kind: body.kind,
          grade: { from: w.grade, to: toGrade },
          effectiveDate: body.effectiveDate,
          reason: body.reason,
          ruleSetId: row.ruleSetId,
          ruleVersionNo: row.ruleVersionNo,
        },
      },
    ]);
    await openRequest(tx, ctx, {
      subjectType: 'grade_change',
      subjectId: row.id,
      title: `${w.name} 等级${body.kind === 'initial' ? '定级' : '调整'}：${w.grade ?? '未定级'} → ${toGrade} 级`,
      decidingUnit: { id: w.orgUnitId, path: w.orgPath },
      subjectOrgPath: w.orgPath,
      requiredPermission: 'grade:approve',
      submitter: { userId: auth.userId, displayName: auth.displayName },
      comment: body.reason,
    });
    return row.id;
  });
  const [row] = await db.select().from(gradeChange).where(eq(gradeChange.id, id));
  if (!row) throw notFound();
  return present(db, row);
}

/** The ladder governing the worker on a date (for range checks), or null. */
async function computeRuleId(db: DbOrTx, w: WorkerRow, date: string): Promise<number | null> {
  const { rows } = await db.execute<{ id: number }>(sql`
    select r.id from rule_set r
     where r.kind = 'grade_scheme' and r.status = 'in_force' and r.effective_from <= ${date}::date
       and ${w.orgPath} like r.org_path || '%'
     order by length(r.org_path) desc, r.effective_from desc, r.version_no desc limit 1`);
  return rows[0] ? Number(rows[0].id) : null;
}

export async function getGradeChange(
  db: Db,
  auth: AuthContext,
  id: number,
): Promise<GradeChangeView> {
  const [row] = await db.select().from(gradeChange).where(eq(gradeChange.id, id));
  if (!row || !inScope(auth, row.orgPath)) throw notFound();
  return present(db, row);
}

export async function listGradeChanges(
  db: Db,
  auth: AuthContext,
  q: { workerId?: number | undefined; status?: string | undefined; page: number; pageSize: number },
): Promise<{ items: GradeChangeView[]; total: number }> {
  if (q.workerId !== undefined) await workerInScope(db, auth, q.workerId);
  const where = and(
    sql`${gradeChange.orgPath} like ${`${auth.orgPath}%`}`,
    q.workerId !== undefined ? eq(gradeChange.workerId, q.workerId) : undefined,
    q.status !== undefined ? eq(gradeChange.status, q.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(gradeChange)
      .where(where)
      .orderBy(desc(gradeChange.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(gradeChange)
      .where(where),
  ]);
  return { items: await Promise.all(rows.map((r) => present(db, r))), total: total?.n ?? 0 };
}
