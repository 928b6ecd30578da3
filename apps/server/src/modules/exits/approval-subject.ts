// What a decision in the approval flow does to an exit: approve → the exit is approved and takes
// effect on its exit date (apply.ts: now when the date has come, else by the daily job); return →
// back to the handler; withdraw → back to draft. Runs in the deciding transaction.
import { sql } from 'drizzle-orm';
import { writeAudit } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import type { ApprovalSubjectHandler } from '../approvals/subjects';
import { todayIso } from '../workers/mapping';
import { applyExit } from './apply';
import { selectExits } from './service';

const NEXT_STATUS = { approve: 'approved', return: 'returned', withdraw: 'draft' } as const;

export const exitApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'exit:manage',
  link: (id) => `/exits/${id}`,
  async onDecided(tx, ctx, id, decision, by) {
    const [e] = await selectExits(tx, sql`e.id = ${id}`, 1, true);
    if (!e) throw new AppError('INTERNAL', undefined, `审批事项对应的退出记录 ${id} 不存在`);
    if (by.expectedVersion !== undefined && e.version !== by.expectedVersion)
      throw new AppError('CONFLICT');
    if (e.status !== 'pending') throw new AppError('CONFLICT');
    const status = NEXT_STATUS[decision];
    await tx.execute(sql`
      update worker_exit set status = ${status},
             approved_at = ${decision === 'approve' ? sql`now()` : sql`null`},
             version = version + 1, updated_at = now()
       where id = ${id}`);
    const changes: Record<string, unknown> = {
      status: { from: e.status, to: status },
      comment: by.comment,
    };
    if (decision === 'approve') {
      // Takes effect on the exit date: now when that day has come, else by the daily job.
      if (e.exit_date <= todayIso()) {
        const [approved] = await selectExits(tx, sql`e.id = ${id}`, 1, true);
        changes.applied = approved ? await applyExit(tx, ctx, approved, by.userId) : false;
      } else {
        changes.applied = false;
        changes.appliesOn = e.exit_date;
      }
    }
    await writeAudit(tx, ctx, [
      {
        action: `worker_exit.${decision}`,
        entityType: 'worker_exit',
        entityId: id,
        orgPath: e.org_path,
        changes,
      },
    ]);
  },
};
