// Hire (聘用): candidates whose notice ended without a standing objection are put forward in one
// request (one person or a batch); on approval, inside the deciding transaction, each gets a
// worker dossier (workers service), a labour contract with probation (contracts service) and an
// initial grade (grades service), all under the rule sets in force on the hire date (see
// hire-subject.ts).
import type { HireView } from '@cwp/contracts';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { worker } from '../../db/schema';
import {
  recruitmentApplication,
  recruitmentHire,
  recruitmentObjection,
} from '../../db/schema-recruitment';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { decidersOf, decideInTx, openRequest } from '../approvals/service';
import { latestRequestOf } from '../approvals/view';
import { todayIso } from '../workers/mapping';
import { idsOf } from './hire-subject';
import { loadPlan } from './plans';

type HireRow = typeof recruitmentHire.$inferSelect;

async function presentHire(db: Db | Tx, row: HireRow): Promise<HireView> {
  const request = await latestRequestOf(db, 'hire', row.id);
  const status = row.status;
  return {
    id: row.id,
    planId: row.planId,
    status:
      status === 'approved' || status === 'returned' || status === 'withdrawn' ? status : 'pending',
    hireDate: row.hireDate,
    applicationIds: idsOf(row),
    approvalId: request?.id ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listHires(db: Db, auth: AuthContext, planId: number): Promise<HireView[]> {
  await loadPlan(db, auth, planId);
  const rows = await db
    .select()
    .from(recruitmentHire)
    .where(eq(recruitmentHire.planId, planId))
    .orderBy(desc(recruitmentHire.id));
  return Promise.all(rows.map((r) => presentHire(db, r)));
}

export async function getHire(db: Db, auth: AuthContext, id: number): Promise<HireView> {
  const [row] = await db.select().from(recruitmentHire).where(eq(recruitmentHire.id, id));
  if (!row || !inScope(auth, row.orgPath)) throw notFound();
  return presentHire(db, row);
}

export async function submitHire(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  planId: number,
  body: { applicationIds: number[]; hireDate: string; comment?: string | undefined },
): Promise<HireView> {
  const id = await db.transaction(async (tx) => {
    const plan = await loadPlan(tx, auth, planId, true);
    const ids = [...new Set(body.applicationIds)];
    const apps = await tx
      .select()
      .from(recruitmentApplication)
      .where(
        and(eq(recruitmentApplication.planId, planId), inArray(recruitmentApplication.id, ids)),
      )
      .for('update');
    if (apps.length !== ids.length) throw fieldError('applicationIds', '包含不属于本计划的报名');
    const today = todayIso();
    const open = await tx
      .select({ applicationId: recruitmentObjection.applicationId })
      .from(recruitmentObjection)
      .where(
        and(
          inArray(recruitmentObjection.applicationId, ids),
          eq(recruitmentObjection.status, 'received'),
        ),
      );
    const hashes = apps.map((a) => a.idNumberHash);
    const known = await tx
      .select({ hash: worker.idNumberHash })
      .from(worker)
      .where(inArray(worker.idNumberHash, hashes));
    const problems: { path: string; message: string }[] = [];
    for (const [i, a] of apps.entries()) {
      const path = `applicationIds.${i}`;
      if (a.status !== 'candidate') problems.push({ path, message: `${a.name} 不在拟聘用名单中` });
      else if (a.medicalResult !== 'pass' || a.backgroundResult !== 'pass')
        problems.push({ path, message: `${a.name} 的体检或考察尚未合格` });
      else if (!a.noticeEnd) problems.push({ path, message: `${a.name} 尚未公示` });
      else if (a.noticeEnd >= today)
        problems.push({ path, message: `${a.name} 的公示期至 ${a.noticeEnd}，期满后方可聘用` });
      else if (open.some((o) => o.applicationId === a.id))
        problems.push({ path, message: `${a.name} 有未处理的异议` });
      else if (known.some((k) => k.hash === a.idNumberHash))
        problems.push({ path, message: `${a.name} 的身份证号已在社区工作者档案中登记` });
      else if (body.hireDate <= a.noticeEnd)
        problems.push({ path: 'hireDate', message: `聘用日期应在公示期满（${a.noticeEnd}）之后` });
    }
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
    const deciders = await decidersOf(tx, plan.orgPath, 'recruit:approve', auth.userId);
    if (deciders.length === 0) {
      const message = '本级及上级没有其他持有“审批选聘计划与聘用”权限的用户，无法提交审批';
      throw new AppError('BAD_REQUEST', [{ path: '', message }], message);
    }
    const [row] = await tx
      .insert(recruitmentHire)
      .values({
        planId,
        orgPath: plan.orgPath,
        hireDate: body.hireDate,
        applicationIds: ids,
        submittedBy: auth.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await tx
      .update(recruitmentApplication)
      .set({
        status: 'hire_pending',
        hireId: row.id,
        version: sql`${recruitmentApplication.version} + 1`,
        updatedAt: new Date(),
      })
      .where(inArray(recruitmentApplication.id, ids));
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_hire.submit',
        entityType: 'recruitment_hire',
        entityId: row.id,
        orgPath: plan.orgPath,
        changes: { planId, applicationIds: ids, hireDate: body.hireDate },
      },
    ]);
    const names = apps.map((a) => a.name).join('、');
    await openRequest(tx, ctx, {
      subjectType: 'hire',
      subjectId: row.id,
      title: `聘用：${plan.title}（${names.length > 40 ? `${names.slice(0, 40)}…` : names}）`,
      decidingUnit: { id: plan.orgUnitId, path: plan.orgPath },
      subjectOrgPath: plan.orgPath,
      requiredPermission: 'recruit:approve',
      submitter: { userId: auth.userId, displayName: auth.displayName },
      comment: body.comment ?? null,
    });
    return row.id;
  });
  const [row] = await db.select().from(recruitmentHire).where(eq(recruitmentHire.id, id));
  if (!row) throw notFound();
  return presentHire(db, row);
}

export async function decideHire(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  decision: 'approve' | 'return' | 'withdraw',
  body: { version: number; comment?: string | undefined },
): Promise<HireView> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(recruitmentHire).where(eq(recruitmentHire.id, id));
    if (!row || !inScope(auth, row.orgPath)) throw notFound();
    if (row.status !== 'pending') throw fieldError('status', '该聘用申请不在待审批状态');
    const request = await latestRequestOf(tx, 'hire', id);
    if (!request || request.status !== 'pending') throw new AppError('CONFLICT');
    await decideInTx(tx, auth, ctx, request.id, decision, {
      comment: body.comment ?? null,
      subjectVersion: body.version,
    });
  });
  const [row] = await db.select().from(recruitmentHire).where(eq(recruitmentHire.id, id));
  if (!row) throw notFound();
  return presentHire(db, row);
}
