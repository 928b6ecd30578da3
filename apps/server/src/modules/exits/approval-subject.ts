// What a decision in the approval flow does to an exit: approve → the exit is approved and the
// worker's status becomes exited from the exit date (the dossier is then read-only), with a
// career-channel record for a transfer into the civil service or a public institution; return →
// back to the handler; withdraw → back to draft. Runs in the deciding transaction.
import { sql } from 'drizzle-orm';
import { writeAudit } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import type { ApprovalSubjectHandler } from '../approvals/subjects';
import { recordStatus, selectExits } from './service';

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
      const { rows } = await tx.execute<{ status: string; org_unit_id: number; org_path: string }>(
        sql`select status, org_unit_id, org_path from worker where id = ${e.worker_id} for update`,
      );
      const w = rows[0];
      await tx.execute(sql`
        update worker set status = 'exited', version = version + 1, updated_at = now(),
               updated_by = ${ctx.actorName}
         where id = ${e.worker_id}`);
      await recordStatus(
        tx,
        e.worker_id,
        'exited',
        e.exit_date,
        `退出：${e.reason}`,
        ctx.actorName,
      );
      changes.workerStatus = { from: w?.status ?? null, to: 'exited' };
      if (
        e.type === 'transfer_out' &&
        (e.destination_kind === 'civil_service' || e.destination_kind === 'public_institution') &&
        w
      ) {
        const { rows: cr } = await tx.execute<{ id: number }>(sql`
          insert into career_record (worker_id, kind, occurred_on, destination, note, org_unit_id,
                                     org_path, created_by)
          values (${e.worker_id}, ${e.destination_kind}, ${e.exit_date}, ${e.destination ?? ''},
                  ${`退出调出（退出记录 ${id}）`}, ${w.org_unit_id}, ${w.org_path}, ${by.userId})
          returning id`);
        changes.careerRecordId = cr[0]?.id ?? null;
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
