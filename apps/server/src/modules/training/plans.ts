// Training plans (培训计划): city, district and subdistrict plans go through approval (subject
// `training_plan`); national and provincial plans are kept as records and need none. Progress
// compares the target group's hours this year with the plan's required hours, set-based.
import type { z } from 'zod';
import type {
  PlanProgressView,
  submitPlanBody,
  TrainingPlanBody,
  trainingPlanListQuery,
  TrainingPlanView,
  updateTrainingPlanBody,
} from '@cwp/contracts';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { trainingPlan } from '../../db/schema-training';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { openRequest } from '../approvals/service';
import type { ApprovalSubjectHandler } from '../approvals/subjects';
import { checkVersion, hoursText, num, pgIntArray, pgTextArray, unitInScope } from './common';

type PlanRow = typeof trainingPlan.$inferSelect;
const EDITABLE = new Set(['draft', 'returned']);
const RECORD_LEVELS = new Set(['national', 'provincial']);

function present(row: PlanRow, unitName: string): TrainingPlanView {
  return {
    id: row.id,
    orgUnitId: row.orgUnitId,
    orgUnitName: unitName,
    level: row.level as TrainingPlanView['level'],
    isRecord: row.isRecord,
    year: row.year,
    title: row.title,
    targetPosts: row.targetPosts,
    targetCategories: row.targetCategories,
    targetOrgUnitIds: row.targetOrgUnitIds,
    requiredHours: num(row.requiredHours),
    themes: row.themes,
    description: row.description,
    status: row.status as TrainingPlanView['status'],
    approvalId: row.approvalId,
    version: row.version,
  };
}

async function loadPlan(db: Db | Tx, auth: AuthContext, id: number, lock = false) {
  const q = db
    .select({ plan: trainingPlan, unitName: orgUnit.name })
    .from(trainingPlan)
    .innerJoin(orgUnit, eq(orgUnit.id, trainingPlan.orgUnitId))
    .where(eq(trainingPlan.id, id));
  const [row] = lock ? await q.for('update', { of: trainingPlan }) : await q;
  if (!row || !inScope(auth, row.plan.orgPath)) throw notFound();
  return row;
}

export async function getPlan(db: Db, auth: AuthContext, id: number): Promise<TrainingPlanView> {
  const row = await loadPlan(db, auth, id);
  return present(row.plan, row.unitName);
}

export async function listPlans(
  db: Db,
  auth: AuthContext,
  q: z.infer<typeof trainingPlanListQuery>,
): Promise<{ items: TrainingPlanView[]; total: number }> {
  const where = and(
    scopeToOrgUnits(auth, trainingPlan.orgPath),
    q.year ? eq(trainingPlan.year, q.year) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ plan: trainingPlan, unitName: orgUnit.name })
      .from(trainingPlan)
      .innerJoin(orgUnit, eq(orgUnit.id, trainingPlan.orgUnitId))
      .where(where)
      .orderBy(desc(trainingPlan.year), desc(trainingPlan.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(trainingPlan).where(where),
  ]);
  return { items: rows.map((r) => present(r.plan, r.unitName)), total: total?.n ?? 0 };
}

async function checkTargets(tx: Tx, auth: AuthContext, ids: number[]): Promise<void> {
  for (const id of ids) {
    const rows = await tx.execute<{ path: string }>(
      sql`select path from org_unit where id = ${id}`,
    );
    const p = rows.rows[0]?.path;
    if (!p || !inScope(auth, p)) throw fieldError('targetOrgUnitIds', `目标单位 ${id} 不存在`);
  }
}

export async function createPlan(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: TrainingPlanBody,
): Promise<TrainingPlanView> {
  const id = await db.transaction(async (tx) => {
    const unit = await unitInScope(tx, auth, body.orgUnitId);
    await checkTargets(tx, auth, body.targetOrgUnitIds);
    const isRecord = RECORD_LEVELS.has(body.level);
    const [row] = await tx
      .insert(trainingPlan)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        level: body.level,
        isRecord,
        year: body.year,
        title: body.title,
        targetPosts: body.targetPosts,
        targetCategories: body.targetCategories,
        targetOrgUnitIds: body.targetOrgUnitIds,
        requiredHours: hoursText(body.requiredHours),
        themes: body.themes,
        description: body.description ?? null,
        status: isRecord ? 'approved' : 'draft',
        createdBy: auth.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'training_plan.create',
        entityType: 'training_plan',
        entityId: row.id,
        orgPath: unit.path,
        changes: body,
      },
    ]);
    return row.id;
  });
  return getPlan(db, auth, id);
}

export async function updatePlan(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: z.infer<typeof updateTrainingPlanBody>,
): Promise<TrainingPlanView> {
  await db.transaction(async (tx) => {
    const { plan } = await loadPlan(tx, auth, id, true);
    checkVersion(plan.version, body.version);
    if (!EDITABLE.has(plan.status) && !plan.isRecord)
      throw new AppError('CONFLICT', undefined, '计划已提交或已批准，不能修改');
    const unit = await unitInScope(tx, auth, body.orgUnitId);
    await checkTargets(tx, auth, body.targetOrgUnitIds);
    await tx
      .update(trainingPlan)
      .set({
        orgUnitId: unit.id,
        orgPath: unit.path,
        level: body.level,
        isRecord: RECORD_LEVELS.has(body.level),
        year: body.year,
        title: body.title,
        targetPosts: body.targetPosts,
        targetCategories: body.targetCategories,
        targetOrgUnitIds: body.targetOrgUnitIds,
        requiredHours: hoursText(body.requiredHours),
        themes: body.themes,
        description: body.description ?? null,
        version: plan.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(trainingPlan.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'training_plan.update',
        entityType: 'training_plan',
        entityId: id,
        orgPath: unit.path,
        changes: body,
      },
    ]);
  });
  return getPlan(db, auth, id);
}

export async function submitPlan(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: z.infer<typeof submitPlanBody>,
): Promise<TrainingPlanView> {
  await db.transaction(async (tx) => {
    const { plan } = await loadPlan(tx, auth, id, true);
    checkVersion(plan.version, body.version);
    if (plan.isRecord) throw new AppError('CONFLICT', undefined, '上级计划备案无需审批');
    if (!EDITABLE.has(plan.status)) throw new AppError('CONFLICT', undefined, '计划不可提交');
    const request = await openRequest(tx, ctx, {
      subjectType: 'training_plan',
      subjectId: id,
      title: `培训计划：${plan.title}`,
      decidingUnit: { id: plan.orgUnitId, path: plan.orgPath },
      subjectOrgPath: plan.orgPath,
      requiredPermission: 'training:manage',
      submitter: { userId: auth.userId, displayName: auth.displayName },
      comment: body.comment ?? null,
    });
    await tx
      .update(trainingPlan)
      .set({
        status: 'pending',
        approvalId: request.id,
        version: plan.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(trainingPlan.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'training_plan.submit',
        entityType: 'training_plan',
        entityId: id,
        orgPath: plan.orgPath,
        changes: { status: { from: plan.status, to: 'pending' } },
      },
    ]);
  });
  return getPlan(db, auth, id);
}

const NEXT_STATUS = { approve: 'approved', return: 'returned', withdraw: 'withdrawn' } as const;

export const trainingPlanApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'training:manage',
  link: (id) => `/training?plan=${id}`,
  async onDecided(tx, ctx, id, decision, by) {
    const [row] = await tx.select().from(trainingPlan).where(eq(trainingPlan.id, id)).for('update');
    if (!row) throw new AppError('INTERNAL', undefined, `培训计划 ${id} 不存在`);
    if (by.expectedVersion !== undefined && row.version !== by.expectedVersion)
      throw new AppError('CONFLICT');
    if (row.status !== 'pending') throw new AppError('CONFLICT');
    const status = NEXT_STATUS[decision];
    await tx
      .update(trainingPlan)
      .set({ status, version: row.version + 1, updatedAt: new Date() })
      .where(eq(trainingPlan.id, id));
    await writeAudit(tx, ctx, [
      {
        action: `training_plan.${decision}`,
        entityType: 'training_plan',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: row.status, to: status }, comment: by.comment },
      },
    ]);
  },
};

/** Target workers (in post, in the plan's unit subtree, matching its groups) and their hours. */
export async function planProgress(
  db: Db,
  auth: AuthContext,
  id: number,
): Promise<PlanProgressView> {
  const { plan } = await loadPlan(db, auth, id);
  const unitFilter =
    plan.targetOrgUnitIds.length === 0
      ? sql`true`
      : sql`exists (select 1 from org_unit t where t.id = any(${pgIntArray(plan.targetOrgUnitIds)}::bigint[])
                      and w.org_path like t.path || '%')`;
  const rows = await db.execute<{ n: number; reached: number; avg: string | null }>(sql`
    with target as (
      select w.id from worker w
       where w.org_path like ${`${plan.orgPath}%`} and w.status in ('active', 'probation')
         and (cardinality(${pgTextArray(plan.targetPosts)}::text[]) = 0 or w.post = any(${pgTextArray(plan.targetPosts)}::text[]))
         and (cardinality(${pgTextArray(plan.targetCategories)}::text[]) = 0
              or w.category = any(${pgTextArray(plan.targetCategories)}::text[]))
         and ${unitFilter}
    ), h as (
      select t.id, coalesce(sum(h.hours), 0) as hours
        from target t left join training_hours_total h on h.worker_id = t.id and h.year = ${plan.year}
       group by t.id
    )
    select count(*)::int as n,
           count(*) filter (where hours >= ${plan.requiredHours})::int as reached,
           avg(hours)::text as avg
      from h`);
  const sessions = await db.execute<{ n: number; done: number }>(sql`
    select count(*)::int as n, count(*) filter (where status = 'completed')::int as done
      from training_session where plan_id = ${id}`);
  const r = rows.rows[0];
  const s = sessions.rows[0];
  return {
    planId: id,
    targetWorkers: r?.n ?? 0,
    reachedWorkers: r?.reached ?? 0,
    sessions: s?.n ?? 0,
    completedSessions: s?.done ?? 0,
    averageHours: Math.round(num(r?.avg) * 10) / 10,
  };
}
