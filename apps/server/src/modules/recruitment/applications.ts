// Applications: the public side (announcement, apply, attachments, status lookup — no login, so
// every answer is polite and reveals nothing about other people) and the HR side (list with the
// automatic eligibility reasons, manual review with a reason).
import { randomInt } from 'node:crypto';
import {
  APPLICATION_STATUSES,
  CHECK_OUTCOMES,
  type ApplicationView,
  type ApplyBody,
  type ApplyResult,
  type PublicPlanView,
  type StatusLookupResult,
} from '@cwp/contracts';
import { and, asc, count, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { inTurn, type Db, type DbOrTx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import {
  recruitmentApplication,
  recruitmentAttachment,
  recruitmentPlan,
  recruitmentPost,
} from '../../db/schema-recruitment';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { narrow } from '../../lib/narrow';
import type { Pii } from '../../lib/pii';
import type { DictionaryCache } from '../dictionaries/cache';
import { sniffType, storeFile } from '../workers/attachments';
import { identityColumns, phoneColumns, todayIso } from '../workers/mapping';
import { conditionsOf, loadPlan, postsOf, type PlanRow } from './plans';
import { eligibilityReasons } from './rules';

export type ApplicationRow = typeof recruitmentApplication.$inferSelect;

export interface ApplicationDeps {
  db: Db;
  pii: Pii;
  dictionaries: DictionaryCache;
  dataDir: string;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const MAX_ATTACHMENTS = 5;

function newCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

const PLAN_GONE = '招聘公告不存在或已结束';

async function publishedPlan(db: DbOrTx, id: number): Promise<PlanRow> {
  const [row] = await db.select().from(recruitmentPlan).where(eq(recruitmentPlan.id, id));
  if (!row || (row.status !== 'published' && row.status !== 'closed'))
    throw new AppError('NOT_FOUND', undefined, PLAN_GONE);
  return row;
}

export function isOpen(plan: PlanRow, today = todayIso()): boolean {
  return (
    plan.status === 'published' && plan.applicationStart <= today && today <= plan.applicationEnd
  );
}

/** The date the age limits apply at (the plan names which). */
export function referenceDate(plan: PlanRow): string {
  const ref = conditionsOf(plan).ageReference;
  if (ref === 'exam_date' && plan.examDate) return plan.examDate;
  if (ref === 'announcement_date' && plan.publishedOn) return plan.publishedOn;
  return plan.applicationEnd;
}

export async function listPublicPlans(db: Db) {
  const rows = await db
    .select({ p: recruitmentPlan, unitName: orgUnit.name })
    .from(recruitmentPlan)
    .innerJoin(orgUnit, eq(orgUnit.id, recruitmentPlan.orgUnitId))
    .where(eq(recruitmentPlan.status, 'published'))
    .orderBy(desc(recruitmentPlan.applicationEnd))
    .limit(100);
  const today = todayIso();
  return rows.map(({ p, unitName }) => ({
    id: p.id,
    title: p.title,
    orgUnitName: unitName,
    applicationStart: p.applicationStart,
    applicationEnd: p.applicationEnd,
    open: isOpen(p, today),
  }));
}

export async function getPublicPlan(db: Db, id: number): Promise<PublicPlanView> {
  const plan = await publishedPlan(db, id);
  const [posts, [unit], notice] = await Promise.all([
    postsOf(db, [id]),
    db.select({ name: orgUnit.name }).from(orgUnit).where(eq(orgUnit.id, plan.orgUnitId)),
    db
      .select({ a: recruitmentApplication, postTitle: recruitmentPost.title })
      .from(recruitmentApplication)
      .innerJoin(recruitmentPost, eq(recruitmentPost.id, recruitmentApplication.postId))
      .where(
        and(
          eq(recruitmentApplication.planId, id),
          isNotNull(recruitmentApplication.noticeStart),
          inArray(recruitmentApplication.status, ['candidate', 'hire_pending', 'hired']),
        ),
      )
      .orderBy(asc(recruitmentPost.sortOrder), asc(recruitmentApplication.rank)),
  ]);
  return {
    id: plan.id,
    title: plan.title,
    orgUnitName: unit?.name ?? '',
    announcement: plan.announcement,
    applicationStart: plan.applicationStart,
    applicationEnd: plan.applicationEnd,
    examDate: plan.examDate,
    publishedOn: plan.publishedOn,
    conditions: conditionsOf(plan),
    weights: { writtenExam: plan.writtenWeight, interview: plan.interviewWeight },
    posts: posts.map(({ p, unitName }) => ({
      id: p.id,
      title: p.title,
      orgUnitName: unitName,
      headcount: p.headcount,
    })),
    open: isOpen(plan),
    notice: notice.map(({ a, postTitle }) => ({
      name: a.name,
      sex: a.sex,
      idNumberMasked: a.idNumberMasked,
      postTitle,
      combinedScore: a.combinedScore,
      noticeStart: a.noticeStart ?? '',
      noticeEnd: a.noticeEnd ?? '',
    })),
  };
}

async function checkCodes(dictionaries: DictionaryCache, body: ApplyBody): Promise<void> {
  const fields = [
    ['ethnicity', 'ethnicity', body.ethnicity],
    ['politicalStatus', 'political_status', body.politicalStatus],
    ['education', 'education', body.education],
    ['qualification', 'social_work_qualification', body.qualification],
  ] as const;
  const problems: { path: string; message: string }[] = [];
  for (const [path, dict, value] of fields) {
    if (value && !(await dictionaries.has(dict, value)))
      problems.push({ path, message: '请从列表中选择' });
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
}

const DUPLICATE_MESSAGE =
  '您已报名本次招聘，每人限报一次，无需重复提交。如需了解进度，请使用报名编号查询。';

export async function apply(
  deps: ApplicationDeps,
  ctx: AuditContext,
  planId: number,
  body: ApplyBody,
): Promise<ApplyResult> {
  await checkCodes(deps.dictionaries, body);
  const edu = await deps.dictionaries.get('education');
  const qual = await deps.dictionaries.get('social_work_qualification');
  const labelIn = (d: typeof edu) => (c: string) =>
    d?.items.find((i) => i.code === c)?.labelZh ?? c;
  return deps.db.transaction(async (tx) => {
    const plan = await publishedPlan(tx, planId);
    const today = todayIso();
    if (!isOpen(plan, today)) {
      throw new AppError(
        'BAD_REQUEST',
        [{ path: '', message: `报名时间为 ${plan.applicationStart} 至 ${plan.applicationEnd}` }],
        `报名时间为 ${plan.applicationStart} 至 ${plan.applicationEnd}，当前不在报名时间内，感谢您的关注`,
      );
    }
    const [post] = await tx
      .select()
      .from(recruitmentPost)
      .where(and(eq(recruitmentPost.id, body.postId), eq(recruitmentPost.planId, planId)));
    if (!post) throw fieldError('postId', '请选择本次招聘的岗位');
    const ident = identityColumns(deps.pii, body.idNumber);
    // Serialise applications of one person to one plan, so the duplicate check cannot race.
    await tx.execute(
      sql`select pg_advisory_xact_lock(${planId}::int, hashtext(${ident.idNumberHash}))`,
    );
    const [dup] = await tx
      .select({ id: recruitmentApplication.id })
      .from(recruitmentApplication)
      .where(
        and(
          eq(recruitmentApplication.planId, planId),
          eq(recruitmentApplication.idNumberHash, ident.idNumberHash),
        ),
      );
    if (dup)
      throw new AppError(
        'DUPLICATE',
        [{ path: 'idNumber', message: DUPLICATE_MESSAGE }],
        DUPLICATE_MESSAGE,
      );
    const reasons = eligibilityReasons(
      conditionsOf(plan),
      referenceDate(plan),
      {
        birthDate: ident.birthDate,
        education: body.education,
        major: body.major,
        householdRegistration: body.householdRegistration,
        qualification: body.qualification,
      },
      { education: labelIn(edu), qualification: labelIn(qual) },
    );
    const code = newCode();
    const [row] = await tx
      .insert(recruitmentApplication)
      .values({
        planId,
        postId: post.id,
        orgPath: plan.orgPath,
        code,
        name: body.name,
        ...ident,
        ...phoneColumns(deps.pii, body.phone),
        ethnicity: body.ethnicity,
        politicalStatus: body.politicalStatus,
        education: body.education,
        school: body.school ?? null,
        major: body.major ?? null,
        householdRegistration: body.householdRegistration,
        qualification: body.qualification ?? null,
        certNumber: body.certNumber ?? null,
        eligible: reasons.length === 0,
        eligibilityReasons: reasons,
      })
      .returning({ id: recruitmentApplication.id });
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_application.create',
        entityType: 'recruitment_application',
        entityId: row.id,
        orgPath: plan.orgPath,
        changes: {
          planId,
          postId: post.id,
          name: body.name,
          idNumber: ident.idNumberMasked,
          eligible: reasons.length === 0,
          reasons,
        },
      },
    ]);
    return { applicationId: row.id, code, eligible: reasons.length === 0, reasons };
  });
}

const LOOKUP_MISS = '未找到报名记录，请核对身份证号和报名编号';

/** The application of this ID number and code, or a polite 404 that says nothing more. */
async function byCode(
  deps: ApplicationDeps,
  db: DbOrTx,
  idNumber: string,
  code: string,
): Promise<ApplicationRow> {
  const [row] = await db
    .select()
    .from(recruitmentApplication)
    .where(eq(recruitmentApplication.code, code));
  if (!row || row.idNumberHash !== deps.pii.blindIndex('id_number', idNumber))
    throw new AppError('NOT_FOUND', undefined, LOOKUP_MISS);
  return row;
}

function applicantMessage(a: ApplicationRow, plan: PlanRow): string {
  switch (a.status) {
    case 'submitted':
      return a.eligible
        ? '报名信息已提交，正在等待资格审查'
        : '报名信息已提交，正在等待资格审查（系统初审提示您可能不符合部分条件，以人工审查结论为准）';
    case 'rejected':
      return `资格审查未通过：${a.reviewReason ?? ''}`;
    case 'qualified':
      return plan.examDate
        ? `资格审查已通过，请按时参加考试（考试日期 ${plan.examDate}）`
        : '资格审查已通过，请留意考试安排';
    case 'candidate':
      return a.noticeStart
        ? `您已进入公示环节（${a.noticeStart} 至 ${a.noticeEnd}）`
        : '您已进入体检和考察环节，请保持电话畅通';
    case 'not_selected':
      return '很遗憾，您的综合成绩未进入体检考察范围，感谢您的参与';
    case 'removed':
      return '很遗憾，您未能进入下一环节，感谢您的参与';
    case 'hire_pending':
      return '公示期满，正在办理聘用审批';
    case 'hired':
      return '您已被聘用，请按通知办理入职手续';
    default:
      return '';
  }
}

export async function lookupStatus(
  deps: ApplicationDeps,
  body: { idNumber: string; code: string },
): Promise<StatusLookupResult> {
  const a = await byCode(deps, deps.db, body.idNumber, body.code);
  const [plan] = await deps.db
    .select()
    .from(recruitmentPlan)
    .where(eq(recruitmentPlan.id, a.planId));
  const [post] = await deps.db
    .select()
    .from(recruitmentPost)
    .where(eq(recruitmentPost.id, a.postId));
  if (!plan || !post) throw new AppError('NOT_FOUND', undefined, LOOKUP_MISS);
  const [files] = await deps.db
    .select({ n: count() })
    .from(recruitmentAttachment)
    .where(eq(recruitmentAttachment.applicationId, a.id));
  const ranked = a.rank !== null;
  return {
    planTitle: plan.title,
    postTitle: post.title,
    name: a.name,
    status: narrow(APPLICATION_STATUSES, a.status, '报名状态'),
    message: applicantMessage(a, plan),
    writtenScore: ranked ? a.writtenScore : null,
    interviewScore: ranked ? a.interviewScore : null,
    combinedScore: ranked ? a.combinedScore : null,
    rank: a.rank,
    attachments: files?.n ?? 0,
  };
}

function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').trim();
  return (cleaned || 'file').slice(-100);
}

export async function addAttachment(
  deps: ApplicationDeps,
  ctx: AuditContext,
  who: { idNumber: string; code: string },
  file: { fileName: string; buf: Buffer },
): Promise<{ id: number; fileName: string }> {
  const type = sniffType(file.buf);
  if (!type) throw fieldError('file', '附件只支持 PDF、PNG 或 JPG 格式');
  const stored = await storeFile(deps.dataDir, file.buf);
  return deps.db.transaction(async (tx) => {
    const a = await byCode(deps, tx, who.idNumber, who.code);
    const plan = await publishedPlan(tx, a.planId);
    if (!isOpen(plan)) throw fieldError('file', '报名已截止，不能再上传附件');
    await tx.execute(sql`select 1 from recruitment_application where id = ${a.id} for update`);
    const [n] = await tx
      .select({ n: count() })
      .from(recruitmentAttachment)
      .where(eq(recruitmentAttachment.applicationId, a.id));
    if ((n?.n ?? 0) >= MAX_ATTACHMENTS)
      throw fieldError('file', `每份报名最多上传 ${MAX_ATTACHMENTS} 个附件`);
    const fileName = safeFileName(file.fileName);
    const [row] = await tx
      .insert(recruitmentAttachment)
      .values({
        applicationId: a.id,
        fileName,
        mimeType: type.mime,
        size: file.buf.length,
        sha256: stored.sha256,
        storagePath: stored.storagePath,
      })
      .returning({ id: recruitmentAttachment.id });
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_application.attach',
        entityType: 'recruitment_application',
        entityId: a.id,
        orgPath: a.orgPath,
        changes: { fileName, mimeType: type.mime, size: file.buf.length, sha256: stored.sha256 },
      },
    ]);
    return { id: row.id, fileName };
  });
}

// ---------------------------------------------------------------------------------------------
// HR side

/** Health details (the medical note) need `worker:pii`; the outcome itself does not. */
export async function presentApplications(
  db: DbOrTx,
  rows: ApplicationRow[],
  canPii: boolean,
): Promise<ApplicationView[]> {
  const ids = rows.map((r) => r.id);
  const postIds = [...new Set(rows.map((r) => r.postId))];
  const [posts, files] = await inTurn(
    db,
    () =>
      postIds.length
        ? db
            .select({ id: recruitmentPost.id, title: recruitmentPost.title })
            .from(recruitmentPost)
            .where(inArray(recruitmentPost.id, postIds))
        : Promise.resolve([]),
    () =>
      ids.length
        ? db
            .select()
            .from(recruitmentAttachment)
            .where(inArray(recruitmentAttachment.applicationId, ids))
            .orderBy(asc(recruitmentAttachment.id))
        : Promise.resolve([]),
  );
  const titleOf = new Map(posts.map((p) => [p.id, p.title]));
  const outcome = (v: string | null) => (v === null ? null : narrow(CHECK_OUTCOMES, v, '结论'));
  return rows.map((r) => ({
    id: r.id,
    planId: r.planId,
    postId: r.postId,
    postTitle: titleOf.get(r.postId) ?? '',
    code: r.code,
    name: r.name,
    sex: r.sex,
    birthDate: r.birthDate,
    idNumberMasked: r.idNumberMasked,
    phoneMasked: r.phoneMasked,
    ethnicity: r.ethnicity,
    politicalStatus: r.politicalStatus,
    education: r.education,
    school: r.school,
    major: r.major,
    householdRegistration: r.householdRegistration,
    qualification: r.qualification,
    submittedAt: r.submittedAt.toISOString(),
    status: narrow(APPLICATION_STATUSES, r.status, '报名状态'),
    eligible: r.eligible,
    eligibilityReasons: Array.isArray(r.eligibilityReasons)
      ? r.eligibilityReasons.filter((x): x is string => typeof x === 'string')
      : [],
    reviewReason: r.reviewReason,
    writtenScore: r.writtenScore,
    interviewScore: r.interviewScore,
    combinedScore: r.combinedScore,
    rank: r.rank,
    medicalResult: outcome(r.medicalResult),
    medicalNote: canPii ? r.medicalNote : null,
    backgroundResult: outcome(r.backgroundResult),
    backgroundNote: r.backgroundNote,
    noticeStart: r.noticeStart,
    noticeEnd: r.noticeEnd,
    removedReason: r.removedReason,
    workerId: r.workerId,
    attachments: files
      .filter((f) => f.applicationId === r.id)
      .map((f) => ({ id: f.id, fileName: f.fileName, mimeType: f.mimeType, size: f.size })),
    version: r.version,
  }));
}

export async function listApplications(
  db: Db,
  auth: AuthContext,
  planId: number,
  q: { status?: string | undefined; postId?: number | undefined; page: number; pageSize: number },
): Promise<{ items: ApplicationView[]; total: number }> {
  await loadPlan(db, auth, planId);
  const where = and(
    eq(recruitmentApplication.planId, planId),
    q.status ? eq(recruitmentApplication.status, q.status) : undefined,
    q.postId ? eq(recruitmentApplication.postId, q.postId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(recruitmentApplication)
      .where(where)
      .orderBy(asc(recruitmentApplication.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(recruitmentApplication).where(where),
  ]);
  return {
    items: await presentApplications(db, rows, auth.permissions.has('worker:pii')),
    total: total?.n ?? 0,
  };
}

/** The application (locked when asked) if its plan is in the caller's subtree; 404 otherwise. */
export async function loadApplication(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
  lock = false,
): Promise<ApplicationRow> {
  const q = db.select().from(recruitmentApplication).where(eq(recruitmentApplication.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || !row.orgPath.startsWith(auth.orgPath)) throw notFound();
  return row;
}

export async function getApplication(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
): Promise<ApplicationView> {
  const row = await loadApplication(db, auth, id);
  const [view] = await presentApplications(db, [row], auth.permissions.has('worker:pii'));
  if (!view) throw notFound();
  return view;
}

export async function reviewApplication(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; outcome: 'pass' | 'fail'; reason?: string | undefined },
): Promise<ApplicationView> {
  await db.transaction(async (tx) => {
    const a = await loadApplication(tx, auth, id, true);
    if (a.version !== body.version) throw new AppError('CONFLICT');
    if (!['submitted', 'qualified', 'rejected'].includes(a.status))
      throw fieldError('outcome', '已进入考试排名环节的报名不能再改变审查结论');
    if (a.rank !== null) throw fieldError('outcome', '已排名的报名不能再改变审查结论');
    const status = body.outcome === 'pass' ? 'qualified' : 'rejected';
    await tx
      .update(recruitmentApplication)
      .set({
        status,
        reviewReason: body.reason ?? null,
        reviewedBy: auth.userId,
        reviewedAt: new Date(),
        version: a.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(recruitmentApplication.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_application.review',
        entityType: 'recruitment_application',
        entityId: id,
        orgPath: a.orgPath,
        changes: { status: { from: a.status, to: status }, reason: body.reason ?? null },
      },
    ]);
  });
  return getApplication(db, auth, id);
}

export async function attachmentOf(
  db: Db,
  auth: AuthContext,
  applicationId: number,
  attachmentId: number,
) {
  await loadApplication(db, auth, applicationId);
  const [f] = await db
    .select()
    .from(recruitmentAttachment)
    .where(
      and(
        eq(recruitmentAttachment.id, attachmentId),
        eq(recruitmentAttachment.applicationId, applicationId),
      ),
    );
  if (!f) throw notFound();
  return f;
}
