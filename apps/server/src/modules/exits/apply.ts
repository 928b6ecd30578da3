// An approved exit takes effect on its exit date, not at approval: the worker's status becomes
// exited (with its status-history record), their accounts are disabled and sessions ended, an
// active labour contract is terminated, and a transfer into the civil service or a public
// institution gets its career record. Exits dated today or earlier apply inside the approving
// transaction; later ones are applied by the daily job `exits.apply-due` on their date. Applying
// is idempotent: the exit row is locked and `applied_at` marks it done, so two instances, a rerun
// of the job or an approval racing the job apply it once.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db, Tx } from '../../db/client';
import { SYSTEM_CONTEXT, writeAudit, type AuditContext } from '../../lib/audit';
import { registerDailyJob } from '../jobs/daily';
import type { JobRunner } from '../jobs/runner';
import { terminateLaborContract } from '../contracts/service';
import { recordStatus, selectExits, type ExitRow } from './service';

export const EXIT_APPLY_JOB = 'exits.apply-due';

const TYPE_ZH: Readonly<Record<ExitRow['type'], string>> = {
  resignation: '辞职',
  dismissal: '解聘',
  non_renewal: '合同期满不续订',
  retirement: '退休',
  transfer_out: '调出',
};

/**
 * Applies one approved exit (locked by the caller through selectExits(…, lock)). Returns false
 * when it was already applied or is not approved.
 */
export async function applyExit(
  tx: Tx,
  ctx: AuditContext,
  e: ExitRow & { applied_at?: Date | null },
  actorUserId: number | null,
): Promise<boolean> {
  const { rows: marks } = await tx.execute<{ applied: boolean }>(
    sql`select applied_at is not null as applied from worker_exit where id = ${e.id}`,
  );
  if (e.status !== 'approved' || marks[0]?.applied !== false) return false;
  const { rows } = await tx.execute<{ status: string; org_unit_id: number; org_path: string }>(
    sql`select status, org_unit_id, org_path from worker where id = ${e.worker_id} for update`,
  );
  const w = rows[0];
  const changes: Record<string, unknown> = { exitDate: e.exit_date };
  if (w && w.status !== 'exited') {
    await tx.execute(sql`
      update worker set status = 'exited', version = version + 1, updated_at = now(),
             updated_by = ${ctx.actorName}
       where id = ${e.worker_id}`);
    await recordStatus(tx, e.worker_id, 'exited', e.exit_date, `退出：${e.reason}`, ctx.actorName);
    changes.workerStatus = { from: w.status, to: 'exited' };
  }
  // Accounts: disabled and signed out.
  const { rows: users } = await tx.execute<{ id: number }>(sql`
    update app_user set active = false, version = version + 1, updated_at = now()
     where worker_id = ${e.worker_id} and active returning id`);
  const userIds = users.map((u) => Number(u.id));
  if (userIds.length > 0)
    await tx.execute(sql`delete from session where user_id = any(${sql.param(userIds)}::bigint[])`);
  changes.disabledUserIds = userIds;
  // Contract: ended on the exit date (or its own end, if earlier).
  const { rows: contracts } = await tx.execute<{
    id: number;
    version: number;
    start_date: string;
    end_date: string | null;
  }>(sql`
    select id, version, start_date::text as start_date, end_date::text as end_date
      from labor_contract where worker_id = ${e.worker_id} and status = 'active'`);
  const c = contracts[0];
  if (c) {
    const end = c.end_date !== null && c.end_date < e.exit_date ? c.end_date : e.exit_date;
    await terminateLaborContract(
      tx,
      ctx,
      Number(c.id),
      {
        version: c.version,
        terminationDate: end < c.start_date ? c.start_date : end,
        reason: `人员退出：${TYPE_ZH[e.type]}`,
      },
      () => true,
    );
    changes.terminatedContractId = Number(c.id);
  }
  if (
    e.type === 'transfer_out' &&
    (e.destination_kind === 'civil_service' || e.destination_kind === 'public_institution') &&
    w
  ) {
    const { rows: cr } = await tx.execute<{ id: number }>(sql`
      insert into career_record (worker_id, kind, occurred_on, destination, note, org_unit_id,
                                 org_path, created_by)
      values (${e.worker_id}, ${e.destination_kind}, ${e.exit_date}, ${e.destination ?? ''},
              ${`退出调出（退出记录 ${e.id}）`}, ${w.org_unit_id}, ${w.org_path}, ${actorUserId})
      returning id`);
    changes.careerRecordId = cr[0]?.id ?? null;
  }
  await tx.execute(sql`
    update worker_exit set applied_at = now(), version = version + 1, updated_at = now()
     where id = ${e.id}`);
  await writeAudit(tx, ctx, [
    {
      action: 'worker_exit.apply',
      entityType: 'worker_exit',
      entityId: e.id,
      orgPath: e.org_path,
      changes,
    },
  ]);
  return true;
}

/** Applies every approved exit dated on or before `date` not yet applied; one transaction each. */
export async function applyDueExits(
  db: Db,
  date: string,
  ctx: AuditContext = SYSTEM_CONTEXT,
): Promise<{ applied: number }> {
  const { rows } = await db.execute<{ id: number }>(sql`
    select id from worker_exit
     where status = 'approved' and applied_at is null and exit_date <= ${date}::date
     order by exit_date, id`);
  let applied = 0;
  for (const { id } of rows) {
    const done = await db.transaction(async (tx) => {
      const [e] = await selectExits(tx, sql`e.id = ${Number(id)}`, 1, true);
      return e ? applyExit(tx, ctx, e, null) : false;
    });
    if (done) applied += 1;
  }
  return { applied };
}

export function registerExitApplication(
  app: FastifyInstance,
  db: Db,
  runner: JobRunner,
  schedule: boolean,
): void {
  registerDailyJob(app, db, runner, {
    kind: EXIT_APPLY_JOB,
    schedule,
    run: (date) => applyDueExits(db, date),
  });
}
