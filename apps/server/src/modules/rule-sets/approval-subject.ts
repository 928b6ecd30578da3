// What a decision in the approval flow does to a rule set: approve → in force (from its effective
// date), return → back to its editors, withdraw → withdrawn. Runs in the deciding transaction,
// after the request is locked, so the lock order is always request → rule set.
import { eq } from 'drizzle-orm';
import { ruleSet } from '../../db/schema-career';
import { writeAudit } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import type { ApprovalSubjectHandler } from '../approvals/subjects';

const NEXT_STATUS = { approve: 'in_force', return: 'returned', withdraw: 'withdrawn' } as const;

export const ruleSetApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'rule:manage',
  link: (id) => `/rule-sets/${id}`,
  async onDecided(tx, ctx, id, decision, by) {
    const [row] = await tx.select().from(ruleSet).where(eq(ruleSet.id, id)).for('update');
    if (!row) throw new AppError('INTERNAL', undefined, `审批事项对应的规则集 ${id} 不存在`);
    if (by.expectedVersion !== undefined && row.version !== by.expectedVersion) {
      throw new AppError('CONFLICT');
    }
    if (row.status !== 'pending') throw new AppError('CONFLICT');
    const now = new Date();
    const status = NEXT_STATUS[decision];
    await tx
      .update(ruleSet)
      .set({
        status,
        ...(decision === 'approve' ? { approvedBy: by.userId, approvedAt: now } : {}),
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(ruleSet.id, id));
    await writeAudit(tx, ctx, [
      {
        action: `rule_set.${decision}`,
        entityType: 'rule_set',
        entityId: id,
        orgPath: row.orgPath,
        changes: {
          status: { from: row.status, to: status },
          effectiveFrom: row.effectiveFrom,
          comment: by.comment,
        },
      },
    ]);
  },
};
