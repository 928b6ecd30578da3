// Effect proposals of final results (grade promotion, performance pay level, contract): listed in
// scope and decided one by one by a holder of assessment:approve. Grade reviews and payroll read
// the rating in assessment_result themselves, so an approved promotion or pay proposal is a record
// of the decision; an approved contract proposal adds a note to the worker's active contract.
import type { AssessmentEffectView } from '@cwp/contracts';
import type { EffectKind } from '@cwp/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { worker } from '../../db/schema';
import { assessmentEffect } from '../../db/schema-assessment-cycles';
import { laborContract } from '../../db/schema-contracts';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import { cappedCount, inOrderOf } from '../../lib/paging';
import { inScope, scopeToOrgUnits } from '../../lib/scope';

type Row = typeof assessmentEffect.$inferSelect;

function present(r: Row, workerName: string): AssessmentEffectView {
  return {
    id: r.id,
    cycleId: r.cycleId,
    workerId: r.workerId,
    workerName,
    kind: r.kind as EffectKind,
    value: r.value,
    reason: r.reason,
    status: r.status as AssessmentEffectView['status'],
    comment: r.comment,
    contractId: r.contractId,
    version: r.version,
  };
}

/**
 * A page of proposals in scope: contract proposals first (they matter most), each part in unit
 * order (the worker's unit path, the worker, the proposal). Each part walks its own index in that
 * order and stops after the rows the pages so far need, so a page costs the same for a community
 * and for a province with millions of proposals; the total is counted up to LIST_COUNT_CAP.
 */
export async function listEffects(
  db: Db,
  auth: AuthContext,
  q: {
    cycleId?: number | undefined;
    status?: 'pending' | 'approved' | 'rejected' | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: AssessmentEffectView[]; total: number; totalCapped: boolean }> {
  const where = and(
    scopeToOrgUnits(auth, assessmentEffect.orgPath),
    q.cycleId !== undefined ? eq(assessmentEffect.cycleId, q.cycleId) : undefined,
    q.status !== undefined ? eq(assessmentEffect.status, q.status) : undefined,
  );
  const upTo = q.page * q.pageSize;
  const part = (contract: boolean) => sql`(
    select ${assessmentEffect.id} as id, ${sql.raw(contract ? 'true' : 'false')} as first, ${assessmentEffect.orgPath} as path,
           ${assessmentEffect.workerId} as worker_id
      from ${assessmentEffect}
     where ${where} and ${assessmentEffect.kind} ${contract ? sql`=` : sql`<>`} 'contract'
     order by ${assessmentEffect.orgPath}, ${assessmentEffect.workerId}, ${assessmentEffect.id}
     limit ${upTo})`;
  const [page, counted] = await Promise.all([
    db.execute<{ id: string }>(sql`
      select id from (${part(true)} union all ${part(false)}) x
       order by first desc, path, worker_id, id
       limit ${q.pageSize} offset ${upTo - q.pageSize}`),
    cappedCount(db, sql`select 1 from ${assessmentEffect} where ${where}`),
  ]);
  const ids = page.rows.map((r) => Number(r.id));
  const rows = ids.length
    ? await db
        .select({ e: assessmentEffect, name: worker.name })
        .from(assessmentEffect)
        .innerJoin(worker, eq(worker.id, assessmentEffect.workerId))
        .where(inArray(assessmentEffect.id, ids))
    : [];
  return {
    items: inOrderOf(ids, rows, (r) => r.e.id).map((r) => present(r.e, r.name)),
    ...counted,
  };
}

const CONTRACT_NOTE: Readonly<Record<string, string>> = {
  end: '考核不合格，经审批建议解除劳动合同',
  no_renewal: '合同期内两次考核基本合格，经审批合同期满不再续订',
};

export async function decideEffect(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; decision: 'approve' | 'reject'; comment?: string | null | undefined },
): Promise<AssessmentEffectView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ e: assessmentEffect, name: worker.name })
      .from(assessmentEffect)
      .innerJoin(worker, eq(worker.id, assessmentEffect.workerId))
      .where(eq(assessmentEffect.id, id))
      .for('update', { of: assessmentEffect });
    if (!row || !inScope(auth, row.e.orgPath)) throw notFound();
    if (row.e.version !== body.version) throw new AppError('CONFLICT');
    if (row.e.status !== 'pending') {
      const msg = '该建议已处理，不能重复决定';
      throw new AppError('BAD_REQUEST', [{ path: 'status', message: msg }], msg);
    }
    const status = body.decision === 'approve' ? 'approved' : 'rejected';
    const [updated] = await tx
      .update(assessmentEffect)
      .set({
        status,
        decidedBy: auth.userId,
        decidedAt: new Date(),
        comment: body.comment ?? null,
        version: row.e.version + 1,
      })
      .where(eq(assessmentEffect.id, id))
      .returning();
    if (!updated) throw new AppError('INTERNAL');
    const audit = [
      {
        action: `assessment_effect.${body.decision}`,
        entityType: 'assessment_effect',
        entityId: id,
        orgPath: row.e.orgPath,
        changes: {
          workerId: row.e.workerId,
          kind: row.e.kind,
          value: row.e.value,
          status: { from: row.e.status, to: status },
          comment: body.comment ?? null,
        },
      },
    ];
    if (status === 'approved' && row.e.kind === 'contract' && row.e.contractId !== null) {
      const [lc] = await tx
        .select()
        .from(laborContract)
        .where(eq(laborContract.id, row.e.contractId))
        .for('update');
      if (lc) {
        const line = `${CONTRACT_NOTE[row.e.value] ?? row.e.value}（考核结果运用 #${id}）`;
        const note = lc.note ? `${lc.note}\n${line}` : line;
        await tx
          .update(laborContract)
          .set({ note, version: lc.version + 1, updatedAt: new Date() })
          .where(eq(laborContract.id, lc.id));
        audit.push({
          action: 'labor_contract.note',
          entityType: 'labor_contract',
          entityId: lc.id,
          orgPath: lc.orgPath,
          changes: {
            workerId: lc.workerId,
            kind: row.e.kind,
            value: row.e.value,
            status: { from: lc.note ?? '', to: note },
            comment: null,
          },
        });
      }
    }
    await writeAudit(tx, ctx, audit);
    return present(updated, row.name);
  });
}
