// Adjustments (调整项) of a draft run: an amount added to or deducted from one worker's pay with a
// reason, audited. A locked month is corrected here, in a later month's run, by an adjustment that
// names the corrected month (which must hold a locked slip of the same worker). The list shows
// the amounts only with `worker:pii`, and then leaves one audit row (disclosure.ts).
import type { CreatePayrollAdjustmentBody, PayrollAdjustmentView } from '@cwp/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { payrollAdjustment, payrollRun, payrollSlip } from '../../db/schema-payroll';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { fieldError, notFound } from '../../lib/errors';
import { auditPayDisclosure, othersThan, PAY_AMOUNTS_VIEW } from './disclosure';
import { assertDraft, lockRun, refreshTotals } from './runs';
import { runInScope, seesAmounts, userNames } from './view';

type AdjustmentRow = typeof payrollAdjustment.$inferSelect;

function present(
  a: AdjustmentRow,
  workerName: string,
  by: Map<number, string>,
  show: boolean,
): PayrollAdjustmentView {
  return {
    id: a.id,
    runId: a.runId,
    workerId: a.workerId,
    workerName,
    amount: show ? Number(a.amount) : null,
    reason: a.reason,
    correctsMonth: a.correctsMonth,
    createdBy: a.createdBy === null ? null : (by.get(a.createdBy) ?? null),
    createdAt: a.createdAt.toISOString(),
  };
}

export async function listAdjustments(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  runId: number,
): Promise<{ items: PayrollAdjustmentView[] }> {
  const { run } = await runInScope(db, auth, runId);
  const rows = await db
    .select({ a: payrollAdjustment, workerName: payrollSlip.workerName })
    .from(payrollAdjustment)
    .leftJoin(
      payrollSlip,
      and(
        eq(payrollSlip.runId, payrollAdjustment.runId),
        eq(payrollSlip.workerId, payrollAdjustment.workerId),
      ),
    )
    .where(eq(payrollAdjustment.runId, runId))
    .orderBy(asc(payrollAdjustment.id));
  const by = await userNames(
    db,
    rows.flatMap((r) => (r.a.createdBy === null ? [] : [r.a.createdBy])),
  );
  const show = seesAmounts(auth);
  if (show) {
    await auditPayDisclosure(db, ctx, {
      action: PAY_AMOUNTS_VIEW,
      view: 'adjustments',
      entityType: 'payroll_run',
      entityId: run.id,
      orgPath: run.orgPath,
      workerIds: othersThan(
        auth,
        rows.map((r) => r.a.workerId),
      ),
      detail: {
        month: run.month,
        adjustments: rows.filter((r) => r.a.workerId !== auth.workerId).length,
      },
    });
  }
  return { items: rows.map((r) => present(r.a, r.workerName ?? '', by, show)) };
}

async function applyTo(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  runId: number,
  workerId: number,
) {
  await tx.execute(sql`
    update payroll_slip s
       set adjustment_total = coalesce((select sum(a.amount) from payroll_adjustment a
                                         where a.run_id = s.run_id and a.worker_id = s.worker_id), 0)
     where s.run_id = ${runId} and s.worker_id = ${workerId}`);
  await refreshTotals(tx, [runId]);
}

export async function createAdjustment(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  runId: number,
  body: CreatePayrollAdjustmentBody,
): Promise<PayrollAdjustmentView> {
  return db.transaction(async (tx) => {
    const run = await lockRun(tx, auth, runId);
    assertDraft(run, '添加调整项');
    const [slip] = await tx
      .select({ workerName: payrollSlip.workerName, orgPath: payrollSlip.orgPath })
      .from(payrollSlip)
      .where(and(eq(payrollSlip.runId, runId), eq(payrollSlip.workerId, body.workerId)));
    if (!slip) throw fieldError('workerId', '该工作人员不在本次核算中');
    if (body.correctsMonth !== undefined) {
      if (body.correctsMonth >= run.month) {
        throw fieldError('correctsMonth', `更正月份应早于本次核算月份 ${run.month}`);
      }
      const [locked] = await tx
        .select({ id: payrollSlip.id })
        .from(payrollSlip)
        .innerJoin(payrollRun, eq(payrollRun.id, payrollSlip.runId))
        .where(
          and(
            eq(payrollSlip.workerId, body.workerId),
            eq(payrollRun.month, body.correctsMonth),
            eq(payrollRun.status, 'locked'),
          ),
        )
        .limit(1);
      if (!locked) {
        throw fieldError(
          'correctsMonth',
          `${slip.workerName} 在 ${body.correctsMonth} 没有已锁定的工资条，无需更正`,
        );
      }
    }
    const [row] = await tx
      .insert(payrollAdjustment)
      .values({
        runId,
        workerId: body.workerId,
        orgPath: slip.orgPath,
        amount: body.amount.toFixed(2),
        reason: body.reason,
        correctsMonth: body.correctsMonth ?? null,
        createdBy: auth.userId,
      })
      .returning();
    if (!row) throw notFound();
    await applyTo(tx, runId, body.workerId);
    await tx
      .update(payrollRun)
      .set({ version: run.version + 1, updatedAt: new Date() })
      .where(eq(payrollRun.id, runId));
    await writeAudit(tx, ctx, [
      {
        action: 'payroll_adjustment.create',
        entityType: 'payroll_run',
        entityId: runId,
        orgPath: slip.orgPath,
        changes: {
          adjustmentId: row.id,
          workerId: body.workerId,
          amount: row.amount,
          reason: body.reason,
          correctsMonth: body.correctsMonth ?? null,
        },
      },
    ]);
    return present(row, slip.workerName, new Map([[auth.userId, auth.displayName]]), true);
  });
}

export async function deleteAdjustment(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  runId: number,
  adjustmentId: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const run = await lockRun(tx, auth, runId);
    assertDraft(run, '删除调整项');
    const [row] = await tx
      .delete(payrollAdjustment)
      .where(and(eq(payrollAdjustment.id, adjustmentId), eq(payrollAdjustment.runId, runId)))
      .returning();
    if (!row) throw notFound();
    await applyTo(tx, runId, row.workerId);
    await tx
      .update(payrollRun)
      .set({ version: run.version + 1, updatedAt: new Date() })
      .where(eq(payrollRun.id, runId));
    await writeAudit(tx, ctx, [
      {
        action: 'payroll_adjustment.delete',
        entityType: 'payroll_run',
        entityId: runId,
        orgPath: row.orgPath,
        changes: {
          adjustmentId,
          workerId: row.workerId,
          amount: row.amount,
          reason: row.reason,
          correctsMonth: row.correctsMonth,
        },
      },
    ]);
  });
}
