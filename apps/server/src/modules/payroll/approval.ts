// A payroll run through the approval flow: submit (draft → submitted) opens a request decided by
// holders of payroll:approve at or above the run's subdistrict; approve locks the run for good,
// return and withdraw put it back to draft. The handler runs inside the deciding transaction.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { payrollRun } from '../../db/schema-payroll';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { decidersOf, decideInTx, openRequest } from '../approvals/service';
import type { ApprovalSubjectHandler } from '../approvals/subjects';
import { latestRequestOf } from '../approvals/view';
import { assertDraft, lockRun, lockedMessage } from './runs';

const NEXT_STATUS = { approve: 'locked', return: 'draft', withdraw: 'draft' } as const;

export const payrollRunApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'payroll:manage',
  link: (id) => `/payroll/${id}`,
  async onDecided(tx, ctx, id, decision, by) {
    const [row] = await tx.select().from(payrollRun).where(eq(payrollRun.id, id)).for('update');
    if (!row) throw new AppError('INTERNAL', undefined, `审批事项对应的工资核算 ${id} 不存在`);
    if (by.expectedVersion !== undefined && row.version !== by.expectedVersion) {
      throw new AppError('CONFLICT');
    }
    if (row.status !== 'submitted') throw new AppError('CONFLICT');
    const now = new Date();
    const status = NEXT_STATUS[decision];
    await tx
      .update(payrollRun)
      .set({
        status,
        ...(decision === 'approve' ? { lockedBy: by.userId, lockedAt: now } : {}),
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(payrollRun.id, id));
    await writeAudit(tx, ctx, [
      {
        action: `payroll_run.${decision}`,
        entityType: 'payroll_run',
        entityId: id,
        orgPath: row.orgPath,
        changes: {
          status: { from: row.status, to: status },
          month: row.month,
          comment: by.comment,
        },
      },
    ]);
  },
};

export async function submitRun(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; comment?: string | undefined },
): Promise<void> {
  await db.transaction(async (tx) => {
    const run = await lockRun(tx, auth, id, body.version);
    assertDraft(run, '提交审批');
    if (run.workerCount === 0) throw fieldError('status', '本次核算没有工资条，不能提交审批');
    const deciders = await decidersOf(tx, run.orgPath, 'payroll:approve', auth.userId);
    if (deciders.length === 0) {
      const message = '本级及上级没有其他持有“审批并锁定薪酬”权限的用户，无法提交审批';
      throw new AppError('BAD_REQUEST', [{ path: '', message }], message);
    }
    const now = new Date();
    await tx
      .update(payrollRun)
      .set({
        status: 'submitted',
        submittedBy: auth.userId,
        submittedAt: now,
        version: run.version + 1,
        updatedAt: now,
      })
      .where(eq(payrollRun.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'payroll_run.submit',
        entityType: 'payroll_run',
        entityId: id,
        orgPath: run.orgPath,
        changes: {
          status: { from: run.status, to: 'submitted' },
          month: run.month,
          comment: body.comment ?? null,
        },
      },
    ]);
    const [unit] = await tx
      .select({ id: orgUnit.id, path: orgUnit.path })
      .from(orgUnit)
      .where(eq(orgUnit.id, run.orgUnitId));
    if (!unit) throw new AppError('INTERNAL');
    await openRequest(tx, ctx, {
      subjectType: 'payroll_run',
      subjectId: id,
      title: `工资核算：${run.unitName} ${run.month}`,
      decidingUnit: unit,
      subjectOrgPath: run.orgPath,
      requiredPermission: 'payroll:approve',
      submitter: { userId: auth.userId, displayName: auth.displayName },
      comment: body.comment ?? null,
    });
  });
}

/** Approve (lock), return or withdraw a submitted run from its own screen. */
export async function decideRun(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  decision: 'approve' | 'return' | 'withdraw',
  body: { version: number; comment?: string | undefined },
): Promise<void> {
  await db.transaction(async (tx) => {
    // Read without a lock: decideInTx locks the request first, then the handler the run, the
    // same order as a decision taken from the approvals screen.
    const [row] = await tx
      .select({ run: payrollRun, unitName: orgUnit.name })
      .from(payrollRun)
      .innerJoin(orgUnit, eq(orgUnit.id, payrollRun.orgUnitId))
      .where(eq(payrollRun.id, id));
    if (!row || !inScope(auth, row.run.orgPath)) throw notFound();
    const run = { ...row.run, unitName: row.unitName };
    if (run.status === 'locked') {
      const message = lockedMessage(run.unitName, run.month);
      throw new AppError('CONFLICT', [{ path: 'status', message }], message);
    }
    if (run.status !== 'submitted') throw fieldError('status', '该核算不在审批中');
    if (run.version !== body.version) throw new AppError('CONFLICT');
    const request = await latestRequestOf(tx, 'payroll_run', id);
    if (!request || request.status !== 'pending') throw new AppError('CONFLICT');
    await decideInTx(tx, auth, ctx, request.id, decision, {
      comment: body.comment ?? null,
      subjectVersion: body.version,
    });
  });
}
