// Social-work qualifications (职业资格): exam registrations and results, certificates, and the
// certification goal per region. Recording a certificate updates the worker's dossier through the
// workers service (history and audit kept there) and, where the grade ladder's qualification bonus
// changes the worker's grade, opens a grade-change proposal through the grades service.
import type {
  CertificateView,
  CreateCertificateBody,
  ExamView,
  GoalReport,
  GoalRow,
} from '@cwp/contracts';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { orgUnit, worker } from '../../db/schema';
import {
  qualificationCertificate,
  qualificationExam,
  qualificationGoal,
} from '../../db/schema-learning';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { createGradeChange } from '../grades/changes';
import { computeInitialGrade } from '../grades/initial';
import { todayIso } from '../workers/mapping';
import { updateWorker, type WorkerDeps } from '../workers/service';

const LEVEL_RANK: Record<string, number> = { assistant: 1, intermediate: 2, senior: 3 };
const LEVEL_ZH: Record<string, string> = {
  assistant: '助理社会工作师',
  intermediate: '社会工作师',
  senior: '高级社会工作师',
};

async function workerInScope(db: DbOrTx, auth: AuthContext, id: number) {
  const [w] = await db.select().from(worker).where(eq(worker.id, id));
  if (!w || !inScope(auth, w.orgPath)) throw notFound();
  return w;
}

// ---- exams ----

type ExamRow = typeof qualificationExam.$inferSelect;

function presentExam(r: ExamRow, workerName: string): ExamView {
  return {
    id: r.id,
    workerId: r.workerId,
    workerName,
    year: r.year,
    level: r.level as ExamView['level'],
    status: r.status as ExamView['status'],
    score: r.score === null ? null : Number(r.score),
    version: r.version,
  };
}

export async function listExams(
  db: Db,
  auth: AuthContext,
  q: { year?: number | undefined; workerId?: number | undefined; page: number; pageSize: number },
) {
  const where = and(
    scopeToOrgUnits(auth, qualificationExam.orgPath),
    q.year ? eq(qualificationExam.year, q.year) : undefined,
    q.workerId ? eq(qualificationExam.workerId, q.workerId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ e: qualificationExam, name: worker.name })
      .from(qualificationExam)
      .innerJoin(worker, eq(worker.id, qualificationExam.workerId))
      .where(where)
      .orderBy(desc(qualificationExam.year), desc(qualificationExam.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(qualificationExam).where(where),
  ]);
  return { items: rows.map((r) => presentExam(r.e, r.name)), total: total?.n ?? 0 };
}

export async function registerExam(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: { workerId: number; year: number; level: string },
): Promise<ExamView> {
  return db.transaction(async (tx) => {
    const w = await workerInScope(tx, auth, body.workerId);
    if (w.status === 'exited') throw fieldError('workerId', '已退出人员不能报名');
    const [row] = await tx
      .insert(qualificationExam)
      .values({ ...body, orgPath: w.orgPath, createdBy: auth.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      const msg = `${w.name} 已报名 ${body.year} 年${LEVEL_ZH[body.level] ?? ''}考试`;
      throw new AppError('DUPLICATE', [{ path: 'level', message: msg }], msg);
    }
    await writeAudit(tx, ctx, [
      {
        action: 'qualification.exam.register',
        entityType: 'qualification_exam',
        entityId: row.id,
        orgPath: w.orgPath,
        changes: { ...body },
      },
    ]);
    return presentExam(row, w.name);
  });
}

export async function recordExamResult(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { status: string; score?: number | null | undefined; version: number },
): Promise<ExamView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(qualificationExam)
      .where(eq(qualificationExam.id, id))
      .for('update');
    if (!row || !inScope(auth, row.orgPath)) throw notFound();
    if (row.version !== body.version) throw new AppError('CONFLICT');
    const [updated] = await tx
      .update(qualificationExam)
      .set({
        status: body.status,
        score: body.score === null || body.score === undefined ? null : body.score.toFixed(1),
        version: row.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(qualificationExam.id, id))
      .returning();
    if (!updated) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'qualification.exam.result',
        entityType: 'qualification_exam',
        entityId: id,
        orgPath: row.orgPath,
        changes: {
          status: { from: row.status, to: body.status },
          score: body.score ?? null,
        },
      },
    ]);
    const [w] = await tx
      .select({ name: worker.name })
      .from(worker)
      .where(eq(worker.id, row.workerId));
    return presentExam(updated, w?.name ?? '');
  });
}

// ---- certificates ----

type CertRow = typeof qualificationCertificate.$inferSelect;

function presentCert(r: CertRow, workerName: string): CertificateView {
  return {
    id: r.id,
    workerId: r.workerId,
    workerName,
    level: r.level as CertificateView['level'],
    certNumber: r.certNumber,
    certDate: r.certDate,
    examId: r.examId,
    gradeChangeId: r.gradeChangeId,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listCertificates(
  db: Db,
  auth: Pick<AuthContext, 'orgPath'>,
  q: { workerId?: number | undefined; page: number; pageSize: number },
) {
  const where = and(
    scopeToOrgUnits(auth, qualificationCertificate.orgPath),
    q.workerId ? eq(qualificationCertificate.workerId, q.workerId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ c: qualificationCertificate, name: worker.name })
      .from(qualificationCertificate)
      .innerJoin(worker, eq(worker.id, qualificationCertificate.workerId))
      .where(where)
      .orderBy(desc(qualificationCertificate.certDate), desc(qualificationCertificate.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(qualificationCertificate).where(where),
  ]);
  return { items: rows.map((r) => presentCert(r.c, r.name)), total: total?.n ?? 0 };
}

export async function certificatesOfWorker(db: DbOrTx, workerId: number) {
  const rows = await db
    .select({ c: qualificationCertificate, name: worker.name })
    .from(qualificationCertificate)
    .innerJoin(worker, eq(worker.id, qualificationCertificate.workerId))
    .where(eq(qualificationCertificate.workerId, workerId))
    .orderBy(desc(qualificationCertificate.certDate));
  return rows.map((r) => presentCert(r.c, r.name));
}

export async function recordCertificate(
  deps: WorkerDeps,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateCertificateBody,
): Promise<CertificateView & { gradeNote: string | null }> {
  const { db } = deps;
  // The dossier is changed through the workers service, which requires worker:manage.
  if (!auth.permissions.has('worker:manage')) {
    const msg = '登记证书会更新人员档案，需要同时具有“管理社区工作者”权限';
    throw new AppError('FORBIDDEN', [{ path: '', message: msg }], msg);
  }
  const before = await workerInScope(db, auth, body.workerId);
  if (body.examId) {
    const [exam] = await db
      .select()
      .from(qualificationExam)
      .where(eq(qualificationExam.id, body.examId));
    if (!exam || exam.workerId !== before.id)
      throw fieldError('examId', '考试报名记录不属于该人员');
    if (exam.status !== 'passed') throw fieldError('examId', '该次考试未登记为通过');
  }
  const [taken] = await db
    .select({ id: qualificationCertificate.id })
    .from(qualificationCertificate)
    .where(eq(qualificationCertificate.certNumber, body.certNumber));
  if (taken) {
    const msg = `证书编号 ${body.certNumber} 已登记`;
    throw new AppError('DUPLICATE', [{ path: 'certNumber', message: msg }], msg);
  }
  const raises =
    !before.qualification ||
    (LEVEL_RANK[body.level] ?? 0) > (LEVEL_RANK[before.qualification] ?? 0) ||
    (body.level === before.qualification && body.certNumber !== before.certNumber);
  if (raises) {
    // History, dictionary checks, optimistic locking and the audit row happen in the workers service.
    await updateWorker(deps, auth, ctx, before.id, {
      version: before.version,
      qualification: body.level,
      certNumber: body.certNumber,
      certDate: body.certDate,
    });
  }
  const cert = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(qualificationCertificate)
      .values({
        workerId: before.id,
        orgPath: before.orgPath,
        level: body.level,
        certNumber: body.certNumber,
        certDate: body.certDate,
        examId: body.examId ?? null,
        createdBy: auth.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'qualification.certificate.record',
        entityType: 'qualification_certificate',
        entityId: row.id,
        orgPath: before.orgPath,
        changes: { ...body, dossierUpdated: raises },
      },
    ]);
    return row;
  });
  let gradeNote: string | null = null;
  let gradeChangeId: number | null = null;
  if (!raises) gradeNote = '该人员已持有同级或更高级别证书，档案和等级不变';
  else {
    const r = await proposeGrade(deps.db, auth, ctx, before, body);
    gradeNote = r.note;
    gradeChangeId = r.gradeChangeId;
  }
  if (gradeChangeId) {
    await db
      .update(qualificationCertificate)
      .set({ gradeChangeId })
      .where(eq(qualificationCertificate.id, cert.id));
  }
  return { ...presentCert({ ...cert, gradeChangeId }, before.name), gradeNote };
}

/**
 * The grade the ladder in force gives with the new qualification versus the old one; a change in
 * the qualification bonus becomes a grade-change proposal (subject 'grade_change') for approval.
 */
async function proposeGrade(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  w: typeof worker.$inferSelect,
  body: CreateCertificateBody,
): Promise<{ gradeChangeId: number | null; note: string | null }> {
  if (!auth.permissions.has('grade:manage'))
    return { gradeChangeId: null, note: '无定级权限，未生成等级调整建议' };
  if (w.grade === null) return { gradeChangeId: null, note: '该人员尚未定级，未生成等级调整建议' };
  const onDate = todayIso();
  try {
    const base = {
      orgUnitId: w.orgUnitId,
      post: w.post,
      workStartDate: w.workStartDate,
      education: w.education,
      onDate,
    };
    const [old, now] = await Promise.all([
      computeInitialGrade(db, { ...base, qualification: w.qualification }),
      computeInitialGrade(db, { ...base, qualification: body.level }),
    ]);
    const delta = now.grade - old.grade;
    if (delta === 0) return { gradeChangeId: null, note: '按等级规则，资格加级不变，无需调整等级' };
    const change = await createGradeChange(db, auth, ctx, {
      workerId: w.id,
      kind: 'adjust',
      toGrade: w.grade + delta,
      effectiveDate: onDate,
      reason:
        `取得${LEVEL_ZH[body.level] ?? body.level}证书（${body.certNumber}），按“${now.explanation.split('；').pop() ?? ''}”资格加级变化 ${delta > 0 ? '+' : ''}${delta} 级`.slice(
          0,
          500,
        ),
    });
    return { gradeChangeId: change.id, note: null };
  } catch (e) {
    if (e instanceof AppError) {
      return {
        gradeChangeId: null,
        note: `未生成等级调整建议：${e.details?.[0]?.message ?? e.message}`,
      };
    }
    throw e;
  }
}

// ---- goal per region ----

/** The share of (not exited) workers holding a qualification, for a unit and each child unit. */
export async function goalReport(
  db: Db,
  auth: AuthContext,
  orgUnitId: number | undefined,
): Promise<GoalReport> {
  const [unit] = await db
    .select()
    .from(orgUnit)
    .where(eq(orgUnit.id, orgUnitId ?? auth.orgUnitId));
  if (!unit || !inScope(auth, unit.path)) throw notFound();
  const { rows } = await db.execute<{
    id: number;
    name: string;
    level: string;
    is_self: boolean;
    workers: number;
    certified: number;
    target: string | null;
  }>(sql`
    with units as (
      select u.id, u.name, u.level, u.path, true as is_self from org_unit u where u.id = ${unit.id}
      union all
      select c.id, c.name, c.level, c.path, false from org_unit c where c.parent_id = ${unit.id}
    )
    select units.id::int as id, units.name, units.level, units.is_self,
           (select count(*)::int from worker w
             where w.org_path like units.path || '%' and w.status <> 'exited') as workers,
           (select count(*)::int from worker w
             where w.org_path like units.path || '%' and w.status <> 'exited'
               and w.qualification is not null) as certified,
           (select g.target_share::text from qualification_goal g
             where units.path like g.org_path || '%'
             order by length(g.org_path) desc limit 1) as target
      from units
     order by units.is_self desc, units.name`);
  const toRow = (r: (typeof rows)[number]): GoalRow => {
    const share = r.workers === 0 ? 0 : Math.round((r.certified / r.workers) * 1000) / 1000;
    const target = r.target === null ? null : Number(r.target);
    return {
      orgUnitId: Number(r.id),
      name: r.name,
      level: r.level,
      workers: r.workers,
      certified: r.certified,
      share,
      target,
      meets: target === null || r.workers === 0 ? null : share >= target,
    };
  };
  const self = rows.find((r) => r.is_self);
  if (!self) throw notFound();
  return { unit: toRow(self), children: rows.filter((r) => !r.is_self).map(toRow) };
}

export async function setGoal(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: { orgUnitId: number; targetShare: number },
) {
  await db.transaction(async (tx) => {
    const [unit] = await tx.select().from(orgUnit).where(eq(orgUnit.id, body.orgUnitId));
    if (!unit || !inScope(auth, unit.path))
      throw fieldError('orgUnitId', '单位不存在或不在管辖范围内');
    const [old] = await tx
      .select()
      .from(qualificationGoal)
      .where(eq(qualificationGoal.orgUnitId, unit.id));
    const share = body.targetShare.toFixed(3);
    await tx
      .insert(qualificationGoal)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        targetShare: share,
        updatedBy: auth.userId,
      })
      .onConflictDoUpdate({
        target: qualificationGoal.orgUnitId,
        set: {
          targetShare: share,
          updatedBy: auth.userId,
          updatedAt: new Date(),
          version: sql`${qualificationGoal.version} + 1`,
        },
      });
    await writeAudit(tx, ctx, [
      {
        action: 'qualification.goal.set',
        entityType: 'org_unit',
        entityId: unit.id,
        orgPath: unit.path,
        changes: {
          targetShare: { from: old ? Number(old.targetShare) : null, to: body.targetShare },
        },
      },
    ]);
  });
  return goalReport(db, auth, body.orgUnitId);
}
