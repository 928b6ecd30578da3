// Recruitment plans: create and edit (draft or returned), validated against the recruitment
// conditions rule in force for the plan's unit; submit into the approval flow; approve / return /
// withdraw; publish once approved. Every change is audited in its transaction.
import type {
  CreatePlanBody,
  PlanConditions,
  PlanPostInput,
  PlanView,
  UpdatePlanBody,
} from '@cwp/contracts';
import { RECRUITMENT_PLAN_STATUSES } from '@cwp/contracts';
import { TIE_BREAK_RULES } from '@cwp/core';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { inTurn, type Db, type DbOrTx, type Tx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import {
  recruitmentApplication,
  recruitmentPlan,
  recruitmentPost,
} from '../../db/schema-recruitment';
import { diff, writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { narrow } from '../../lib/narrow';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { decidersOf, decideInTx, openRequest } from '../approvals/service';
import { latestRequestOf } from '../approvals/view';
import type { DictionaryCache } from '../dictionaries/cache';
import { resolveInForce } from '../rule-sets/resolve';
import { todayIso } from '../workers/mapping';
import { checkPlanTerms } from './rules';

export type PlanRow = typeof recruitmentPlan.$inferSelect;
type PostRow = typeof recruitmentPost.$inferSelect;
const EDITABLE = new Set(['draft', 'returned']);

export interface PlanDeps {
  db: Db;
  dictionaries: DictionaryCache;
}

export function conditionsOf(row: PlanRow): PlanConditions {
  // Written only from a validated body (planConditions), read back as such.
  return row.conditions as PlanConditions;
}

/** The plan if the caller's subtree holds it; 404 otherwise. */
export async function loadPlan(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
  lock = false,
): Promise<PlanRow> {
  const q = db.select().from(recruitmentPlan).where(eq(recruitmentPlan.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || !inScope(auth, row.orgPath)) throw notFound();
  return row;
}

async function planUnit(db: DbOrTx, auth: AuthContext, orgUnitId: number) {
  const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, orgUnitId));
  if (!unit || !inScope(auth, unit.path)) throw fieldError('orgUnitId', '招聘单位不存在或无权访问');
  if (unit.level !== 'subdistrict' && unit.level !== 'district')
    throw fieldError('orgUnitId', '招聘计划应由街道或区（县）制定');
  if (!unit.active) throw fieldError('orgUnitId', '招聘单位已停用');
  return unit;
}

/** Posts must sit in the plan's subtree, at a community or subdistrict, with valid codes. */
async function checkPosts(
  deps: PlanDeps,
  db: DbOrTx,
  planPath: string,
  posts: readonly PlanPostInput[],
): Promise<Map<number, { id: number; name: string }>> {
  const ids = [...new Set(posts.map((p) => p.orgUnitId))];
  const units = await db.select().from(orgUnit).where(inArray(orgUnit.id, ids));
  const byId = new Map(units.map((u) => [u.id, u]));
  const problems: { path: string; message: string }[] = [];
  for (const [i, p] of posts.entries()) {
    const u = byId.get(p.orgUnitId);
    if (!u || !u.path.startsWith(planPath)) {
      problems.push({ path: `posts.${i}.orgUnitId`, message: '岗位所在单位应在招聘单位范围内' });
    } else if (u.level !== 'community' && u.level !== 'subdistrict') {
      problems.push({ path: `posts.${i}.orgUnitId`, message: '岗位所在单位应为社区或街道' });
    }
    if (!(await deps.dictionaries.has('post', p.post)))
      problems.push({ path: `posts.${i}.post`, message: `“${p.post}”不是有效的岗位代码` });
    if (!(await deps.dictionaries.has('worker_category', p.category)))
      problems.push({
        path: `posts.${i}.category`,
        message: `“${p.category}”不是有效的人员类别代码`,
      });
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
  return new Map(units.map((u) => [u.id, { id: u.id, name: u.name }]));
}

interface Terms {
  conditions: PlanConditions;
  weights: { writtenExam: number; interview: number };
  publicNoticeWorkingDays: number;
  applicationStart: string;
  applicationEnd: string;
  examDate?: string | null | undefined;
}

/** Checks the terms against the rule in force; returns the rule's id and version. */
async function checkTerms(
  deps: PlanDeps,
  db: DbOrTx,
  unitPath: string,
  terms: Terms,
): Promise<{ ruleSetId: number | null; ruleVersionNo: number | null }> {
  const c = terms.conditions;
  const problems: { path: string; message: string }[] = [];
  if (!(await deps.dictionaries.has('education', c.minEducation)))
    problems.push({
      path: 'conditions.minEducation',
      message: `“${c.minEducation}”不是有效的学历代码`,
    });
  if (
    c.requiredQualification &&
    !(await deps.dictionaries.has('social_work_qualification', c.requiredQualification))
  )
    problems.push({
      path: 'conditions.requiredQualification',
      message: `“${c.requiredQualification}”不是有效的职业资格代码`,
    });
  const rule = await resolveInForce(db, 'recruitment_conditions', unitPath, terms.applicationStart);
  const edu = await deps.dictionaries.get('education');
  const label = (code: string) => edu?.items.find((i) => i.code === code)?.labelZh ?? code;
  problems.push(...checkPlanTerms(terms, rule?.content ?? null, label));
  if (!rule) {
    problems.push({
      path: 'orgUnitId',
      message: `招聘单位在 ${terms.applicationStart} 没有生效的选聘条件规则，请先制定规则`,
    });
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
  return { ruleSetId: rule?.id ?? null, ruleVersionNo: rule?.versionNo ?? null };
}

async function insertPosts(tx: Tx, planId: number, posts: readonly PlanPostInput[]) {
  await tx.insert(recruitmentPost).values(
    posts.map((p, i) => ({
      planId,
      orgUnitId: p.orgUnitId,
      title: p.title,
      post: p.post,
      category: p.category,
      headcount: p.headcount,
      sortOrder: i,
    })),
  );
}

export async function createPlan(
  deps: PlanDeps,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreatePlanBody,
): Promise<PlanView> {
  const id = await deps.db.transaction(async (tx) => {
    const unit = await planUnit(tx, auth, body.orgUnitId);
    await checkPosts(deps, tx, unit.path, body.posts);
    const rule = await checkTerms(deps, tx, unit.path, body);
    const [row] = await tx
      .insert(recruitmentPlan)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        title: body.title,
        announcement: body.announcement,
        applicationStart: body.applicationStart,
        applicationEnd: body.applicationEnd,
        examDate: body.examDate ?? null,
        conditions: body.conditions,
        writtenWeight: body.weights.writtenExam,
        interviewWeight: body.weights.interview,
        tieBreak: body.tieBreak,
        publicNoticeWorkingDays: body.publicNoticeWorkingDays,
        ...rule,
        createdBy: auth.userId,
      })
      .returning({ id: recruitmentPlan.id });
    if (!row) throw new AppError('INTERNAL');
    await insertPosts(tx, row.id, body.posts);
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_plan.create',
        entityType: 'recruitment_plan',
        entityId: row.id,
        orgPath: unit.path,
        changes: { ...body, ...rule },
      },
    ]);
    return row.id;
  });
  return getPlan(deps.db, auth, id);
}

function conflict(): AppError {
  return new AppError('CONFLICT');
}

export async function updatePlan(
  deps: PlanDeps,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: UpdatePlanBody,
): Promise<PlanView> {
  await deps.db.transaction(async (tx) => {
    const row = await loadPlan(tx, auth, id, true);
    if (row.version !== body.version) throw conflict();
    if (!EDITABLE.has(row.status)) throw fieldError('status', '只有草稿或已退回的计划可以修改');
    const terms: Terms = {
      conditions: body.conditions ?? conditionsOf(row),
      weights: body.weights ?? { writtenExam: row.writtenWeight, interview: row.interviewWeight },
      publicNoticeWorkingDays: body.publicNoticeWorkingDays ?? row.publicNoticeWorkingDays,
      applicationStart: body.applicationStart ?? row.applicationStart,
      applicationEnd: body.applicationEnd ?? row.applicationEnd,
      examDate: body.examDate !== undefined ? body.examDate : row.examDate,
    };
    if (body.posts) await checkPosts(deps, tx, row.orgPath, body.posts);
    const rule = await checkTerms(deps, tx, row.orgPath, terms);
    const set: Partial<PlanRow> = {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.announcement !== undefined ? { announcement: body.announcement } : {}),
      applicationStart: terms.applicationStart,
      applicationEnd: terms.applicationEnd,
      examDate: terms.examDate ?? null,
      conditions: terms.conditions,
      writtenWeight: terms.weights.writtenExam,
      interviewWeight: terms.weights.interview,
      ...(body.tieBreak !== undefined ? { tieBreak: body.tieBreak } : {}),
      publicNoticeWorkingDays: terms.publicNoticeWorkingDays,
      ...rule,
    };
    const changes = diff(row, set);
    await tx
      .update(recruitmentPlan)
      .set({ ...set, version: row.version + 1, updatedAt: new Date() })
      .where(eq(recruitmentPlan.id, id));
    if (body.posts) {
      await tx.delete(recruitmentPost).where(eq(recruitmentPost.planId, id));
      await insertPosts(tx, id, body.posts);
      changes.posts = { from: null, to: body.posts };
    }
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_plan.update',
        entityType: 'recruitment_plan',
        entityId: id,
        orgPath: row.orgPath,
        changes,
      },
    ]);
  });
  return getPlan(deps.db, auth, id);
}

export async function submitPlan(
  deps: PlanDeps,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; comment?: string | undefined },
): Promise<PlanView> {
  await deps.db.transaction(async (tx) => {
    const row = await loadPlan(tx, auth, id, true);
    if (row.version !== body.version) throw conflict();
    if (!EDITABLE.has(row.status)) throw fieldError('status', '只有草稿或已退回的计划可以提交审批');
    // The rule may have changed since the draft was saved: check again at submission.
    const rule = await checkTerms(deps, tx, row.orgPath, {
      conditions: conditionsOf(row),
      weights: { writtenExam: row.writtenWeight, interview: row.interviewWeight },
      publicNoticeWorkingDays: row.publicNoticeWorkingDays,
      applicationStart: row.applicationStart,
      applicationEnd: row.applicationEnd,
      examDate: row.examDate,
    });
    const deciders = await decidersOf(tx, row.orgPath, 'recruit:approve', auth.userId);
    if (deciders.length === 0) {
      const message = '本级及上级没有其他持有“审批选聘计划与聘用”权限的用户，无法提交审批';
      throw new AppError('BAD_REQUEST', [{ path: '', message }], message);
    }
    await tx
      .update(recruitmentPlan)
      .set({
        status: 'pending',
        submittedBy: auth.userId,
        ...rule,
        version: row.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(recruitmentPlan.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_plan.submit',
        entityType: 'recruitment_plan',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: row.status, to: 'pending' }, comment: body.comment ?? null },
      },
    ]);
    await openRequest(tx, ctx, {
      subjectType: 'recruitment_plan',
      subjectId: id,
      title: `选聘计划：${row.title}`,
      decidingUnit: { id: row.orgUnitId, path: row.orgPath },
      subjectOrgPath: row.orgPath,
      requiredPermission: 'recruit:approve',
      submitter: { userId: auth.userId, displayName: auth.displayName },
      comment: body.comment ?? null,
    });
  });
  return getPlan(deps.db, auth, id);
}

export async function decidePlan(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  decision: 'approve' | 'return' | 'withdraw',
  body: { version: number; comment?: string | undefined },
): Promise<PlanView> {
  await db.transaction(async (tx) => {
    const row = await loadPlan(tx, auth, id);
    if (decision === 'withdraw' && EDITABLE.has(row.status)) {
      const locked = await loadPlan(tx, auth, id, true);
      if (locked.version !== body.version) throw conflict();
      await tx
        .update(recruitmentPlan)
        .set({ status: 'withdrawn', version: locked.version + 1, updatedAt: new Date() })
        .where(eq(recruitmentPlan.id, id));
      await writeAudit(tx, ctx, [
        {
          action: 'recruitment_plan.withdraw',
          entityType: 'recruitment_plan',
          entityId: id,
          orgPath: row.orgPath,
          changes: { status: { from: locked.status, to: 'withdrawn' } },
        },
      ]);
      return;
    }
    if (row.status !== 'pending') throw fieldError('status', '该计划不在待审批状态');
    const request = await latestRequestOf(tx, 'recruitment_plan', id);
    if (!request || request.status !== 'pending') throw conflict();
    await decideInTx(tx, auth, ctx, request.id, decision, {
      comment: body.comment ?? null,
      subjectVersion: body.version,
    });
  });
  return getPlan(db, auth, id);
}

export async function publishPlan(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number },
): Promise<PlanView> {
  await db.transaction(async (tx) => {
    const row = await loadPlan(tx, auth, id, true);
    if (row.version !== body.version) throw conflict();
    if (row.status !== 'approved') throw fieldError('status', '只有审批通过的计划可以发布');
    const today = todayIso();
    if (row.applicationEnd < today)
      throw fieldError('applicationEnd', '报名截止日期已过，请修改计划后重新报批');
    await tx
      .update(recruitmentPlan)
      .set({
        status: 'published',
        publishedOn: today,
        version: row.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(recruitmentPlan.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_plan.publish',
        entityType: 'recruitment_plan',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: 'approved', to: 'published' }, publishedOn: today },
      },
    ]);
  });
  return getPlan(db, auth, id);
}

export async function postsOf(db: DbOrTx, planIds: number[]) {
  if (planIds.length === 0) return [];
  return db
    .select({ p: recruitmentPost, unitName: orgUnit.name })
    .from(recruitmentPost)
    .innerJoin(orgUnit, eq(orgUnit.id, recruitmentPost.orgUnitId))
    .where(inArray(recruitmentPost.planId, planIds))
    .orderBy(asc(recruitmentPost.planId), asc(recruitmentPost.sortOrder), asc(recruitmentPost.id));
}

function presentPost(p: PostRow, unitName: string) {
  return {
    id: p.id,
    orgUnitId: p.orgUnitId,
    orgUnitName: unitName,
    title: p.title,
    post: p.post,
    category: p.category,
    headcount: p.headcount,
  };
}

async function presentPlans(db: DbOrTx, auth: AuthContext, rows: PlanRow[]): Promise<PlanView[]> {
  const ids = rows.map((r) => r.id);
  const [posts, units, counts, requests] = await inTurn(
    db,
    () => postsOf(db, ids),
    () =>
      rows.length
        ? db
            .select({ id: orgUnit.id, name: orgUnit.name })
            .from(orgUnit)
            .where(inArray(orgUnit.id, [...new Set(rows.map((r) => r.orgUnitId))]))
        : Promise.resolve([]),
    () =>
      ids.length
        ? db
            .select({ planId: recruitmentApplication.planId, n: count() })
            .from(recruitmentApplication)
            .where(inArray(recruitmentApplication.planId, ids))
            .groupBy(recruitmentApplication.planId)
        : Promise.resolve([]),
    () =>
      ids.length
        ? db.execute<{ subject_id: number; id: number }>(sql`
            select distinct on (subject_id) subject_id, id from approval_request
             where subject_type = 'recruitment_plan' and subject_id = any(${sql.param(ids)}::bigint[])
             order by subject_id, id desc`)
        : Promise.resolve({ rows: [] }),
  );
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const countOf = new Map(counts.map((c) => [c.planId, c.n]));
  const approvalOf = new Map(requests.rows.map((r) => [Number(r.subject_id), Number(r.id)]));
  const manage = auth.permissions.has('recruit:manage');
  const approve = auth.permissions.has('recruit:approve');
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    orgUnitId: r.orgUnitId,
    orgUnitName: unitName.get(r.orgUnitId) ?? '',
    status: narrow(RECRUITMENT_PLAN_STATUSES, r.status, '计划状态'),
    announcement: r.announcement,
    applicationStart: r.applicationStart,
    applicationEnd: r.applicationEnd,
    examDate: r.examDate,
    publishedOn: r.publishedOn,
    conditions: conditionsOf(r),
    weights: { writtenExam: r.writtenWeight, interview: r.interviewWeight },
    tieBreak: narrow(TIE_BREAK_RULES, r.tieBreak, '同分排序规则'),
    publicNoticeWorkingDays: r.publicNoticeWorkingDays,
    ruleSetId: r.ruleSetId,
    ruleVersionNo: r.ruleVersionNo,
    posts: posts.filter((p) => p.p.planId === r.id).map((p) => presentPost(p.p, p.unitName)),
    applications: countOf.get(r.id) ?? 0,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    approvalId: approvalOf.get(r.id) ?? null,
    abilities: {
      edit: manage && EDITABLE.has(r.status),
      submit: manage && EDITABLE.has(r.status),
      decide: approve && r.status === 'pending' && r.submittedBy !== auth.userId,
      publish: manage && r.status === 'approved',
      manage: manage && (r.status === 'published' || r.status === 'closed'),
    },
  }));
}

export async function getPlan(db: DbOrTx, auth: AuthContext, id: number): Promise<PlanView> {
  const row = await loadPlan(db, auth, id);
  const [view] = await presentPlans(db, auth, [row]);
  if (!view) throw notFound();
  return view;
}

export async function listPlans(
  db: Db,
  auth: AuthContext,
  q: { status?: string | undefined; q?: string | undefined; page: number; pageSize: number },
): Promise<{ items: PlanView[]; total: number }> {
  const where = and(
    scopeToOrgUnits(auth, recruitmentPlan.orgPath),
    q.status ? eq(recruitmentPlan.status, q.status) : undefined,
    q.q ? sql`${recruitmentPlan.title} ilike ${`%${q.q.replace(/[\\%_]/g, '\\$&')}%`}` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(recruitmentPlan)
      .where(where)
      .orderBy(desc(recruitmentPlan.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(recruitmentPlan).where(where),
  ]);
  return { items: await presentPlans(db, auth, rows), total: total?.n ?? 0 };
}
