// What a decision in the approval flow does to a recruitment plan: approve → approved (ready to
// publish), return → back to its editors, withdraw → withdrawn. Runs in the deciding transaction,
// after the request is locked (lock order: request → plan).
import { eq } from 'drizzle-orm';
import { recruitmentPlan } from '../../db/schema-recruitment';
import { writeAudit } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import type { ApprovalSubjectHandler } from '../approvals/subjects';

const NEXT_STATUS = { approve: 'approved', return: 'returned', withdraw: 'withdrawn' } as const;

export const recruitmentPlanApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'recruit:manage',
  link: (id) => `/recruitment/${id}`,
  async onDecided(tx, ctx, id, decision, by) {
    const [row] = await tx
      .select()
      .from(recruitmentPlan)
      .where(eq(recruitmentPlan.id, id))
      .for('update');
    if (!row) throw new AppError('INTERNAL', undefined, `审批事项对应的招聘计划 ${id} 不存在`);
    if (by.expectedVersion !== undefined && row.version !== by.expectedVersion) {
      throw new AppError('CONFLICT');
    }
    if (row.status !== 'pending') throw new AppError('CONFLICT');
    const now = new Date();
    const status = NEXT_STATUS[decision];
    await tx
      .update(recruitmentPlan)
      .set({
        status,
        ...(decision === 'approve' ? { approvedBy: by.userId, approvedAt: now } : {}),
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(recruitmentPlan.id, id));
    await writeAudit(tx, ctx, [
      {
        action: `recruitment_plan.${decision}`,
        entityType: 'recruitment_plan',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: row.status, to: status }, comment: by.comment },
      },
    ]);
  },
};
