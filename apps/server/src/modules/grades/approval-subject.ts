// What a decision in the approval flow does to a grade review (approve → every promotion and
// adjustment applied by review-apply.ts, return → editable again, withdraw → back to draft) and to
// a single grade change (approve → applied to the worker and the grade history). Kept apart from
// the services, which import the approval flow, so the flow's subject table has no import cycle.
import { and, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { worker, workerHistory } from '../../db/schema';
import { gradeChange, gradeReview } from '../../db/schema-grades';
import type { AuditContext } from '../../lib/audit';
import { writeAudit } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import type { ApprovalSubjectHandler } from '../approvals/subjects';
import { applyReview } from './review-apply';

export const gradeReviewApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'grade:manage',
  link: (id) => `/grades/reviews/${id}`,
  async onDecided(tx, ctx, id, decision, by) {
    const [row] = await tx.select().from(gradeReview).where(eq(gradeReview.id, id)).for('update');
    if (!row) throw new AppError('INTERNAL', undefined, `审批事项对应的晋级评审 ${id} 不存在`);
    if (by.expectedVersion !== undefined && row.version !== by.expectedVersion) {
      throw new AppError('CONFLICT');
    }
    if (row.status !== 'pending') throw new AppError('CONFLICT');
    if (decision === 'approve') {
      await applyReview(tx, ctx, row, by.userId);
      return;
    }
    const status = decision === 'return' ? 'returned' : 'draft';
    await tx
      .update(gradeReview)
      .set({ status, version: row.version + 1, updatedAt: new Date() })
      .where(eq(gradeReview.id, id));
    await writeAudit(tx, ctx, [
      {
        action: `grade_review.${decision}`,
        entityType: 'grade_review',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: row.status, to: status }, comment: by.comment },
      },
    ]);
  },
};

type ChangeRow = typeof gradeChange.$inferSelect;

const NEXT_STATUS = { approve: 'applied', return: 'returned', withdraw: 'withdrawn' } as const;

async function applyChange(tx: Tx, ctx: AuditContext, row: ChangeRow): Promise<void> {
  const [w] = await tx.select().from(worker).where(eq(worker.id, row.workerId)).for('update');
  if (!w) throw new AppError('INTERNAL');
  if (w.grade !== row.fromGrade) {
    const msg = `该人员的等级已变为 ${w.grade ?? '未定级'}，与申请时的 ${row.fromGrade ?? '未定级'} 不符，请退回后重新申请`;
    throw new AppError('CONFLICT', [{ path: '', message: msg }], msg);
  }
  const actor = ctx.actorName ?? 'system';
  await tx
    .update(workerHistory)
    .set({ effectiveTo: row.effectiveDate })
    .where(
      and(
        eq(workerHistory.workerId, w.id),
        eq(workerHistory.kind, 'grade'),
        isNull(workerHistory.effectiveTo),
      ),
    );
  const source =
    row.ruleSetId !== null ? `（规则集 ${row.ruleSetId} 第 ${row.ruleVersionNo} 版）` : '';
  await tx.insert(workerHistory).values({
    workerId: w.id,
    kind: 'grade',
    value: String(row.toGrade),
    effectiveFrom: row.effectiveDate,
    reason: `${row.kind === 'initial' ? '定级' : '等级调整'}：${row.reason}${source}`,
    createdBy: actor,
  });
  await tx
    .update(worker)
    .set({ grade: row.toGrade, version: w.version + 1, updatedAt: new Date(), updatedBy: actor })
    .where(eq(worker.id, w.id));
}

export const gradeChangeApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'grade:manage',
  link: (id) => `/grades/changes/${id}`,
  async onDecided(tx, ctx, id, decision, by) {
    const [row] = await tx.select().from(gradeChange).where(eq(gradeChange.id, id)).for('update');
    if (!row) throw new AppError('INTERNAL', undefined, `审批事项对应的等级调整 ${id} 不存在`);
    if (by.expectedVersion !== undefined && row.version !== by.expectedVersion) {
      throw new AppError('CONFLICT');
    }
    if (row.status !== 'pending') throw new AppError('CONFLICT');
    if (decision === 'approve') await applyChange(tx, ctx, row);
    const status = NEXT_STATUS[decision];
    const now = new Date();
    await tx
      .update(gradeChange)
      .set({ status, decidedAt: now, version: row.version + 1, updatedAt: now })
      .where(eq(gradeChange.id, id));
    await writeAudit(tx, ctx, [
      {
        action: `grade_change.${decision}`,
        entityType: 'grade_change',
        entityId: id,
        orgPath: row.orgPath,
        changes: {
          status: { from: row.status, to: status },
          workerId: row.workerId,
          grade: { from: row.fromGrade, to: row.toGrade },
          effectiveDate: row.effectiveDate,
          comment: by.comment,
        },
      },
    ]);
  },
};
