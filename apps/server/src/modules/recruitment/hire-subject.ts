// The hire approval subject: on approval, inside the deciding transaction, each candidate gets a
// worker dossier (workers service), a labour contract with probation (contracts service) and an
// initial grade (grades service) under the rule sets in force on the hire date; on return or
// withdrawal the candidates go back to the list. Imports nothing from the approvals service, so
// approvals/subjects.ts can list it without an import cycle.
import { isPermission, type Permission } from '@cwp/contracts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import {
  recruitmentApplication,
  recruitmentHire,
  recruitmentPost,
} from '../../db/schema-recruitment';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import type { ApprovalSubjectHandler } from '../approvals/subjects';
import { contractRuleFor, createLaborContract } from '../contracts/service';
import { periodEnd } from '../contracts/terms';
import type { DictionaryCache } from '../dictionaries/cache';
import { computeInitialGrade } from '../grades/initial';
import { resolveInForce } from '../rule-sets/resolve';
import { createWorker } from '../workers/service';

export interface HireDeps {
  db: Db;
  pii: Pii;
  dictionaries: DictionaryCache;
}

type HireRow = typeof recruitmentHire.$inferSelect;

export function idsOf(row: HireRow): number[] {
  return Array.isArray(row.applicationIds)
    ? row.applicationIds.filter((x): x is number => typeof x === 'number')
    : [];
}

/**
 * The approval flow hands the subject only a transaction; hiring also needs the PII keys and the
 * dictionaries, bound once when the recruitment routes are registered.
 */
let bound: HireDeps | null = null;

export function bindHireDeps(deps: HireDeps): void {
  bound = deps;
}

/** The approver acting on the hire: their own unit, roles and permissions, loaded in the tx. */
async function actingAuth(tx: Tx, userId: number): Promise<AuthContext> {
  const { rows } = await tx.execute<{
    username: string;
    display_name: string;
    worker_id: number | null;
    org_id: number;
    org_name: string;
    org_level: AuthContext['orgLevel'];
    org_path: string;
    permissions: string[] | null;
  }>(sql`
    select u.username, u.display_name, u.worker_id, o.id as org_id, o.name as org_name,
           o.level as org_level, o.path as org_path,
           (select array_agg(distinct p) from user_role ur join role r on r.id = ur.role_id,
                   unnest(r.permissions) p where ur.user_id = u.id) as permissions
      from app_user u join org_unit o on o.id = u.org_unit_id
     where u.id = ${userId}`);
  const r = rows[0];
  if (!r) throw new AppError('INTERNAL', undefined, `审批人 ${userId} 不存在`);
  const permissions = new Set<Permission>();
  for (const p of r.permissions ?? []) if (isPermission(p)) permissions.add(p);
  return {
    sessionId: '',
    csrfToken: '',
    userId,
    username: r.username,
    displayName: r.display_name,
    mustChangePassword: false,
    workerId: r.worker_id === null ? null : Number(r.worker_id),
    orgUnitId: Number(r.org_id),
    orgName: r.org_name,
    orgLevel: r.org_level,
    orgPath: r.org_path,
    roles: [],
    permissions,
  };
}

async function hireOne(
  deps: HireDeps,
  tx: Tx,
  ctx: AuditContext,
  auth: AuthContext,
  hire: HireRow,
  applicationId: number,
): Promise<void> {
  const [a] = await tx
    .select()
    .from(recruitmentApplication)
    .where(eq(recruitmentApplication.id, applicationId))
    .for('update');
  if (!a || a.status !== 'hire_pending' || a.hireId !== hire.id)
    throw new AppError('CONFLICT', undefined, '拟聘用人员的状态已变化，请刷新后重试');
  const [post] = await tx.select().from(recruitmentPost).where(eq(recruitmentPost.id, a.postId));
  if (!post) throw new AppError('INTERNAL');
  const { rows: unitRows } = await tx.execute<{ path: string }>(
    sql`select path from org_unit where id = ${post.orgUnitId}`,
  );
  const unitPath = unitRows[0]?.path ?? hire.orgPath;
  const recruitRule = await resolveInForce(tx, 'recruitment_conditions', unitPath, hire.hireDate);
  const contractRule = await contractRuleFor(tx, unitPath, hire.hireDate, 'hireDate');
  const probationMonths =
    recruitRule?.content.probationMonths ?? contractRule.params.probationMonths;
  const grade = await computeInitialGrade(tx, {
    orgUnitId: post.orgUnitId,
    post: post.post,
    workStartDate: hire.hireDate,
    education: a.education,
    qualification: a.qualification,
    onDate: hire.hireDate,
  });
  // The same period arithmetic as the contract's probation end (Civil Code art. 203), so the
  // dossier and the contract agree for hires on the 29th-31st.
  const probationEnd = probationMonths > 0 ? periodEnd(hire.hireDate, probationMonths) : null;
  // createWorker opens its own transaction on the handle it is given: with the deciding
  // transaction that is a savepoint, so the dossier commits or rolls back with the decision.
  const created = await createWorker(
    { db: txAsDb(tx), pii: deps.pii, dictionaries: deps.dictionaries },
    auth,
    ctx,
    {
      name: a.name,
      idNumber: deps.pii.decrypt(a.idNumberEnc),
      phone: deps.pii.decrypt(a.phoneEnc),
      ethnicity: a.ethnicity,
      politicalStatus: a.politicalStatus,
      educationFullTime: a.education,
      school: a.school,
      major: a.major,
      category: post.category,
      orgUnitId: post.orgUnitId,
      post: post.post,
      grade: grade.grade,
      status: probationEnd ? 'probation' : 'active',
      workStartDate: hire.hireDate,
      hireDate: hire.hireDate,
      probationEnd,
      qualification: a.qualification,
      certNumber: a.certNumber,
    },
  );
  const contract = await createLaborContract(tx, ctx, {
    workerId: created.id,
    type: 'fixed_term',
    startDate: hire.hireDate,
    termYears: contractRule.params.firstTermYears,
    probationMonths,
    note: `选聘录用（招聘计划 ${hire.planId}）`,
  });
  await tx
    .update(recruitmentApplication)
    .set({ status: 'hired', workerId: created.id, version: a.version + 1, updatedAt: new Date() })
    .where(eq(recruitmentApplication.id, a.id));
  await writeAudit(tx, ctx, [
    {
      action: 'recruitment_application.hire',
      entityType: 'recruitment_application',
      entityId: a.id,
      orgPath: hire.orgPath,
      changes: {
        workerId: created.id,
        contractId: contract.id,
        grade: grade.grade,
        gradeRuleSetId: grade.ruleSetId,
        gradeRuleVersionNo: grade.ruleVersionNo,
        gradeExplanation: grade.explanation,
        contractRuleSetId: contractRule.ruleSetId,
        contractRuleVersionNo: contractRule.versionNo,
        probationMonths,
        probationRuleSetId: recruitRule?.id ?? contractRule.ruleSetId,
      },
    },
  ]);
}

/**
 * The workers service takes the application's database handle; the deciding transaction offers
 * everything it uses (select, insert, update, nested transaction).
 */
function txAsDb(tx: Tx): Db {
  return tx as unknown as Db;
}

const NEXT_STATUS = { approve: 'approved', return: 'returned', withdraw: 'withdrawn' } as const;

export const hireApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'recruit:manage',
  link: (id) => `/recruitment/hires/${id}`,
  async onDecided(tx, ctx, id, decision, by) {
    const [row] = await tx
      .select()
      .from(recruitmentHire)
      .where(eq(recruitmentHire.id, id))
      .for('update');
    if (!row) throw new AppError('INTERNAL', undefined, `审批事项对应的聘用申请 ${id} 不存在`);
    if (by.expectedVersion !== undefined && row.version !== by.expectedVersion)
      throw new AppError('CONFLICT');
    if (row.status !== 'pending') throw new AppError('CONFLICT');
    const ids = idsOf(row);
    if (decision === 'approve') {
      if (!bound) throw new AppError('INTERNAL', undefined, '聘用模块未初始化');
      const auth = await actingAuth(tx, by.userId);
      for (const applicationId of ids) await hireOne(bound, tx, ctx, auth, row, applicationId);
    } else {
      await tx
        .update(recruitmentApplication)
        .set({
          status: 'candidate',
          hireId: null,
          version: sql`${recruitmentApplication.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(inArray(recruitmentApplication.id, ids), eq(recruitmentApplication.hireId, id)));
    }
    const status = NEXT_STATUS[decision];
    await tx
      .update(recruitmentHire)
      .set({ status, decidedBy: by.userId, decidedAt: new Date(), version: row.version + 1 })
      .where(eq(recruitmentHire.id, id));
    await writeAudit(tx, ctx, [
      {
        action: `recruitment_hire.${decision}`,
        entityType: 'recruitment_hire',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: row.status, to: status }, comment: by.comment },
      },
    ]);
  },
};
