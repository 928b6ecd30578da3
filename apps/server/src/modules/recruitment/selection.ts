// From exams to notice: written and interview scores (entered or imported), the combined score
// and ranking per post with the plan's tie rule, medical exam and background review outcomes,
// calling the next-ranked candidate, the public notice in working days, and objections.
import {
  APPLICATION_STATUSES,
  OBJECTION_OUTCOMES,
  scoreRow,
  type ObjectionView,
  type RankingView,
  type ScoresBody,
} from '@cwp/contracts';
import { TIE_BREAK_RULES } from '@cwp/core';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db, Tx } from '../../db/client';
import {
  recruitmentApplication,
  recruitmentObjection,
  recruitmentPost,
} from '../../db/schema-recruitment';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { narrow } from '../../lib/narrow';
import { getApplication, loadApplication, type ApplicationRow } from './applications';
import { loadPlan, type PlanRow } from './plans';
import { combinedScore, noticeEnd, rank } from './rules';

const SCORABLE = new Set(['qualified', 'candidate', 'not_selected']);

function requireRunning(plan: PlanRow): void {
  if (plan.status !== 'published' && plan.status !== 'closed')
    throw fieldError('status', '计划尚未发布');
}

async function noticeStarted(tx: Tx | Db, planId: number): Promise<boolean> {
  const { rows } = await tx.execute<{ n: number }>(sql`
    select count(*)::int as n from recruitment_application
     where plan_id = ${planId} and notice_start is not null`);
  return (rows[0]?.n ?? 0) > 0;
}

/** Writes a set of scores (all or nothing); errors name the row index in the body. */
async function writeScores(
  tx: Tx,
  ctx: AuditContext,
  plan: PlanRow,
  scores: ScoresBody['scores'],
  rowLabel: (i: number) => string,
  source: 'manual' | 'import',
): Promise<number> {
  if (await noticeStarted(tx, plan.id)) throw fieldError('scores', '公示已开始，成绩不能再修改');
  const ids = scores.map((s) => s.applicationId);
  const apps = await tx
    .select()
    .from(recruitmentApplication)
    .where(and(eq(recruitmentApplication.planId, plan.id), inArray(recruitmentApplication.id, ids)))
    .for('update');
  const byId = new Map(apps.map((a) => [a.id, a]));
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<number>();
  scores.forEach((s, i) => {
    const a = byId.get(s.applicationId);
    if (!a) problems.push({ path: rowLabel(i), message: '不是本计划的报名' });
    else if (!SCORABLE.has(a.status))
      problems.push({ path: rowLabel(i), message: `${a.name} 未通过资格审查，不能录入成绩` });
    if (seen.has(s.applicationId)) problems.push({ path: rowLabel(i), message: '重复的报名' });
    seen.add(s.applicationId);
  });
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
  for (const s of scores) {
    await tx
      .update(recruitmentApplication)
      .set({
        writtenScore: s.writtenScore,
        interviewScore: s.interviewScore,
        updatedAt: new Date(),
        version: sql`${recruitmentApplication.version} + 1`,
      })
      .where(eq(recruitmentApplication.id, s.applicationId));
  }
  await writeAudit(tx, ctx, [
    {
      action: 'recruitment.scores',
      entityType: 'recruitment_plan',
      entityId: plan.id,
      orgPath: plan.orgPath,
      changes: { source, scores },
    },
  ]);
  return scores.length;
}

export async function saveScores(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  planId: number,
  body: ScoresBody,
): Promise<{ ok: boolean; saved: number; errors: never[] }> {
  const saved = await db.transaction(async (tx) => {
    const plan = await loadPlan(tx, auth, planId, true);
    requireRunning(plan);
    return writeScores(tx, ctx, plan, body.scores, (i) => `scores.${i}`, 'manual');
  });
  return { ok: true, saved, errors: [] };
}

const TEMPLATE_COLUMNS = ['报名编号', '姓名', '报考岗位', '笔试成绩', '面试成绩'] as const;

/** The .xlsx template: one row per qualified applicant, scores to fill in. */
export async function scoreTemplate(db: Db, auth: AuthContext, planId: number): Promise<Buffer> {
  await loadPlan(db, auth, planId);
  const rows = await db
    .select({ a: recruitmentApplication, postTitle: recruitmentPost.title })
    .from(recruitmentApplication)
    .innerJoin(recruitmentPost, eq(recruitmentPost.id, recruitmentApplication.postId))
    .where(
      and(
        eq(recruitmentApplication.planId, planId),
        inArray(recruitmentApplication.status, [...SCORABLE]),
      ),
    )
    .orderBy(asc(recruitmentPost.sortOrder), asc(recruitmentApplication.id));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('成绩');
  ws.columns = TEMPLATE_COLUMNS.map((h) => ({ header: h, width: h === '报考岗位' ? 24 : 14 }));
  ws.getRow(1).font = { bold: true };
  // Names and titles are people's input: neutralise anything a spreadsheet would run.
  const safe = (v: string) => (/^[=+\-@]/.test(v) ? `'${v}` : v);
  for (const { a, postTitle } of rows) {
    ws.addRow([a.code, safe(a.name), safe(postTitle), a.writtenScore, a.interviewScore]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellNumber(v: ExcelJS.CellValue): number | null | 'invalid' {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === '') return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : 'invalid';
  }
  if (typeof v === 'object' && 'result' in v && typeof v.result === 'number') return v.result;
  return 'invalid';
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim();
  if (typeof v === 'object' && 'richText' in v)
    return v.richText
      .map((r) => r.text)
      .join('')
      .trim();
  return '';
}

/** Imports scores from the template; any error anywhere means nothing is written. */
export async function importScores(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  planId: number,
  buf: Buffer,
): Promise<{ ok: boolean; saved: number; errors: never[] }> {
  const plan = await loadPlan(db, auth, planId);
  requireRunning(plan);
  const wb = new ExcelJS.Workbook();
  try {
    const copy = new Uint8Array(buf.length);
    copy.set(buf);
    await wb.xlsx.load(copy.buffer);
  } catch {
    throw fieldError('file', '无法读取该文件，请使用下载的 .xlsx 模板');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw fieldError('file', '文件中没有工作表');
  const header = TEMPLATE_COLUMNS.map((_, i) => cellText(ws.getRow(1).getCell(i + 1).value));
  if (header[0] !== '报名编号' || header[3] !== '笔试成绩' || header[4] !== '面试成绩')
    throw fieldError('file', '表头与模板不一致，请使用下载的模板');
  const codes = await db
    .select({ id: recruitmentApplication.id, code: recruitmentApplication.code })
    .from(recruitmentApplication)
    .where(eq(recruitmentApplication.planId, planId));
  const idOf = new Map(codes.map((c) => [c.code, c.id]));
  const problems: { path: string; message: string }[] = [];
  const scores: ScoresBody['scores'] = [];
  const excelRows: number[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const code = cellText(row.getCell(1).value).toUpperCase();
    const written = cellNumber(row.getCell(4).value);
    const interview = cellNumber(row.getCell(5).value);
    if (!code && written === null && interview === null) continue;
    const at = (col: string) => `第 ${r} 行 ${col}`;
    const id = idOf.get(code);
    if (!id) {
      problems.push({ path: at('报名编号'), message: `报名编号“${code}”不属于本计划` });
      continue;
    }
    if (written === 'invalid') problems.push({ path: at('笔试成绩'), message: '应为数字' });
    if (interview === 'invalid') problems.push({ path: at('面试成绩'), message: '应为数字' });
    if (written === 'invalid' || interview === 'invalid') continue;
    const parsed = scoreRow.safeParse({
      applicationId: id,
      writtenScore: written,
      interviewScore: interview,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const col = issue.path[0] === 'interviewScore' ? '面试成绩' : '笔试成绩';
        problems.push({ path: at(col), message: issue.message });
      }
      continue;
    }
    scores.push(parsed.data);
    excelRows.push(r);
  }
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
  if (scores.length === 0) throw fieldError('file', '文件中没有成绩');
  const saved = await db.transaction(async (tx) => {
    const locked = await loadPlan(tx, auth, planId, true);
    return writeScores(tx, ctx, locked, scores, (i) => `第 ${excelRows[i] ?? '?'} 行`, 'import');
  });
  return { ok: true, saved, errors: [] };
}

export async function rankPlan(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  planId: number,
): Promise<RankingView> {
  await db.transaction(async (tx) => {
    const plan = await loadPlan(tx, auth, planId, true);
    requireRunning(plan);
    if (await noticeStarted(tx, planId)) throw fieldError('status', '公示已开始，不能重新排名');
    const tieBreak = narrow(TIE_BREAK_RULES, plan.tieBreak, '同分排序规则');
    const weights = { writtenExam: plan.writtenWeight, interview: plan.interviewWeight };
    const posts = await tx.select().from(recruitmentPost).where(eq(recruitmentPost.planId, planId));
    const apps = await tx
      .select()
      .from(recruitmentApplication)
      .where(
        and(
          eq(recruitmentApplication.planId, planId),
          inArray(recruitmentApplication.status, [...SCORABLE, 'removed']),
        ),
      )
      .for('update');
    const missing = apps.filter(
      (a) => a.status !== 'removed' && (a.writtenScore === null || a.interviewScore === null),
    );
    if (missing.length > 0) {
      throw fieldError(
        'scores',
        `还有 ${missing.length} 人的成绩未录入（如 ${missing[0]?.name}），缺考请录入 0 分`,
      );
    }
    const summary: Record<string, unknown>[] = [];
    for (const post of posts) {
      const inPost = apps.filter((a) => a.postId === post.id && a.status !== 'removed');
      const ranked = rank(
        inPost.map((a) => ({
          id: a.id,
          written: a.writtenScore ?? 0,
          interview: a.interviewScore ?? 0,
          combined: combinedScore(a.writtenScore ?? 0, a.interviewScore ?? 0, weights),
          submittedAt: a.submittedAt.getTime(),
        })),
        tieBreak,
      );
      for (const r of ranked) {
        const a = inPost.find((x) => x.id === r.id);
        if (!a) continue;
        const combined = combinedScore(a.writtenScore ?? 0, a.interviewScore ?? 0, weights);
        await tx
          .update(recruitmentApplication)
          .set({
            combinedScore: combined,
            rank: r.rank,
            tieNote: r.tieNote,
            status: r.rank <= post.headcount ? 'candidate' : 'not_selected',
            medicalResult: null,
            medicalNote: null,
            backgroundResult: null,
            backgroundNote: null,
            version: a.version + 1,
            updatedAt: new Date(),
          })
          .where(eq(recruitmentApplication.id, a.id));
        summary.push({ id: a.id, post: post.id, combined, rank: r.rank });
      }
    }
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment.rank',
        entityType: 'recruitment_plan',
        entityId: planId,
        orgPath: plan.orgPath,
        changes: { weights, tieBreak, ruleSetId: plan.ruleSetId, ranking: summary },
      },
    ]);
  });
  return ranking(db, auth, planId);
}

export async function ranking(db: Db, auth: AuthContext, planId: number): Promise<RankingView> {
  await loadPlan(db, auth, planId);
  const posts = await db
    .select()
    .from(recruitmentPost)
    .where(eq(recruitmentPost.planId, planId))
    .orderBy(asc(recruitmentPost.sortOrder), asc(recruitmentPost.id));
  const apps = await db
    .select()
    .from(recruitmentApplication)
    .where(
      and(
        eq(recruitmentApplication.planId, planId),
        inArray(recruitmentApplication.status, [...SCORABLE, 'removed', 'hire_pending', 'hired']),
      ),
    )
    .orderBy(sql`${recruitmentApplication.rank} asc nulls last`, asc(recruitmentApplication.id));
  return {
    planId,
    posts: posts.map((p) => ({
      postId: p.id,
      title: p.title,
      headcount: p.headcount,
      rows: apps
        .filter((a) => a.postId === p.id)
        .map((a) => ({
          applicationId: a.id,
          name: a.name,
          writtenScore: a.writtenScore,
          interviewScore: a.interviewScore,
          combinedScore: a.combinedScore,
          rank: a.rank,
          status: narrow(APPLICATION_STATUSES, a.status, '报名状态'),
          tieNote: a.tieNote,
        })),
    })),
  };
}

export async function recordCheck(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: {
    version: number;
    kind: 'medical' | 'background';
    outcome: 'pass' | 'fail';
    note?: string | undefined;
  },
) {
  await db.transaction(async (tx) => {
    const a = await loadApplication(tx, auth, id, true);
    if (a.version !== body.version) throw new AppError('CONFLICT');
    if (a.status !== 'candidate') throw fieldError('kind', '只有进入体检考察的人员可以记录结论');
    if (a.noticeStart) throw fieldError('kind', '已进入公示，体检和考察结论不能再修改');
    if (body.kind === 'background' && a.medicalResult !== 'pass')
      throw fieldError('kind', '请先记录体检合格，再记录考察结论');
    const label = body.kind === 'medical' ? '体检' : '考察';
    const fail = body.outcome === 'fail';
    await tx
      .update(recruitmentApplication)
      .set({
        ...(body.kind === 'medical'
          ? { medicalResult: body.outcome, medicalNote: body.note ?? null }
          : { backgroundResult: body.outcome, backgroundNote: body.note ?? null }),
        ...(fail ? { status: 'removed', removedReason: `${label}不合格：${body.note ?? ''}` } : {}),
        version: a.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(recruitmentApplication.id, id));
    await writeAudit(tx, ctx, [
      {
        action: `recruitment_application.${body.kind}`,
        entityType: 'recruitment_application',
        entityId: id,
        orgPath: a.orgPath,
        // Health details are sensitive: the trail keeps the outcome, not the note.
        changes: {
          outcome: body.outcome,
          ...(body.kind === 'background' ? { note: body.note ?? null } : {}),
          ...(fail ? { status: { from: a.status, to: 'removed' } } : {}),
        },
      },
    ]);
  });
  return getApplication(db, auth, id);
}

const ACTIVE = ['candidate', 'hire_pending', 'hired'];

/** Calls the next-ranked applicant of a post when a place became free. */
export async function callNext(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  planId: number,
  postId: number,
) {
  const calledId = await db.transaction(async (tx) => {
    const plan = await loadPlan(tx, auth, planId, true);
    requireRunning(plan);
    const [post] = await tx
      .select()
      .from(recruitmentPost)
      .where(and(eq(recruitmentPost.id, postId), eq(recruitmentPost.planId, planId)));
    if (!post) throw notFound();
    const apps = await tx
      .select()
      .from(recruitmentApplication)
      .where(eq(recruitmentApplication.postId, postId))
      .for('update');
    const active = apps.filter((a) => ACTIVE.includes(a.status)).length;
    if (active >= post.headcount)
      throw fieldError('postId', `该岗位已有 ${active} 名人选，达到招聘人数 ${post.headcount}`);
    const next = apps
      .filter((a) => a.status === 'not_selected' && a.rank !== null)
      .sort((x, y) => (x.rank ?? 0) - (y.rank ?? 0))[0];
    if (!next) throw fieldError('postId', '该岗位没有可递补的人员');
    await tx
      .update(recruitmentApplication)
      .set({ status: 'candidate', version: next.version + 1, updatedAt: new Date() })
      .where(eq(recruitmentApplication.id, next.id));
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_application.call_next',
        entityType: 'recruitment_application',
        entityId: next.id,
        orgPath: plan.orgPath,
        changes: { postId, rank: next.rank, status: { from: 'not_selected', to: 'candidate' } },
      },
    ]);
    return next.id;
  });
  return getApplication(db, auth, calledId);
}

/** Starts the public notice for every candidate who passed both checks and has none yet. */
export async function startNotice(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  planId: number,
  body: { startDate: string },
): Promise<{ noticeStart: string; noticeEnd: string; applications: number }> {
  return db.transaction(async (tx) => {
    const plan = await loadPlan(tx, auth, planId, true);
    requireRunning(plan);
    if (body.startDate <= plan.applicationEnd)
      throw fieldError('startDate', '公示开始日期应在报名截止日期之后');
    const ready = await tx
      .select()
      .from(recruitmentApplication)
      .where(
        and(
          eq(recruitmentApplication.planId, planId),
          eq(recruitmentApplication.status, 'candidate'),
          eq(recruitmentApplication.medicalResult, 'pass'),
          eq(recruitmentApplication.backgroundResult, 'pass'),
          isNull(recruitmentApplication.noticeStart),
        ),
      )
      .for('update');
    if (ready.length === 0)
      throw fieldError('startDate', '没有体检和考察均合格、尚未公示的拟聘用人员');
    const end = noticeEnd(body.startDate, plan.publicNoticeWorkingDays);
    await tx
      .update(recruitmentApplication)
      .set({
        noticeStart: body.startDate,
        noticeEnd: end,
        version: sql`${recruitmentApplication.version} + 1`,
        updatedAt: new Date(),
      })
      .where(
        inArray(
          recruitmentApplication.id,
          ready.map((a) => a.id),
        ),
      );
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment.notice',
        entityType: 'recruitment_plan',
        entityId: planId,
        orgPath: plan.orgPath,
        changes: {
          startDate: body.startDate,
          endDate: end,
          workingDays: plan.publicNoticeWorkingDays,
          applications: ready.map((a) => a.id),
        },
      },
    ]);
    return { noticeStart: body.startDate, noticeEnd: end, applications: ready.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Objections (异议)

type ObjectionRow = typeof recruitmentObjection.$inferSelect;

function presentObjection(o: ObjectionRow, applicantName: string): ObjectionView {
  return {
    id: o.id,
    applicationId: o.applicationId,
    applicantName,
    receivedOn: o.receivedOn,
    objector: o.objector,
    content: o.content,
    status: o.status === 'handled' ? 'handled' : 'received',
    outcome: o.outcome === null ? null : narrow(OBJECTION_OUTCOMES, o.outcome, '处理结论'),
    note: o.note,
    handledAt: o.handledAt?.toISOString() ?? null,
    version: o.version,
  };
}

export async function listObjections(
  db: Db,
  auth: AuthContext,
  planId: number,
): Promise<ObjectionView[]> {
  await loadPlan(db, auth, planId);
  const rows = await db
    .select({ o: recruitmentObjection, name: recruitmentApplication.name })
    .from(recruitmentObjection)
    .innerJoin(
      recruitmentApplication,
      eq(recruitmentApplication.id, recruitmentObjection.applicationId),
    )
    .where(eq(recruitmentObjection.planId, planId))
    .orderBy(desc(recruitmentObjection.id));
  return rows.map(({ o, name }) => presentObjection(o, name));
}

export async function recordObjection(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  planId: number,
  body: {
    applicationId: number;
    receivedOn: string;
    objector?: string | undefined;
    content: string;
  },
): Promise<ObjectionView> {
  return db.transaction(async (tx) => {
    const plan = await loadPlan(tx, auth, planId);
    const a: ApplicationRow = await loadApplication(tx, auth, body.applicationId);
    if (a.planId !== planId) throw fieldError('applicationId', '不是本计划的报名');
    if (!a.noticeStart || a.status !== 'candidate')
      throw fieldError('applicationId', '只能对公示中的拟聘用人员登记异议');
    if (body.receivedOn < a.noticeStart)
      throw fieldError('receivedOn', `收到日期不能早于公示开始日期 ${a.noticeStart}`);
    const [row] = await tx
      .insert(recruitmentObjection)
      .values({
        planId,
        applicationId: a.id,
        receivedOn: body.receivedOn,
        objector: body.objector ?? null,
        content: body.content,
        recordedBy: auth.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_objection.create',
        entityType: 'recruitment_objection',
        entityId: row.id,
        orgPath: plan.orgPath,
        changes: { applicationId: a.id, receivedOn: body.receivedOn, content: body.content },
      },
    ]);
    return presentObjection(row, a.name);
  });
}

export async function handleObjection(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; outcome: 'sustained' | 'dismissed'; note: string },
): Promise<ObjectionView> {
  return db.transaction(async (tx) => {
    const [o] = await tx
      .select()
      .from(recruitmentObjection)
      .where(eq(recruitmentObjection.id, id))
      .for('update');
    if (!o) throw notFound();
    const plan = await loadPlan(tx, auth, o.planId);
    if (o.version !== body.version) throw new AppError('CONFLICT');
    if (o.status === 'handled') throw fieldError('outcome', '该异议已处理');
    const a = await loadApplication(tx, auth, o.applicationId, true);
    const now = new Date();
    const [row] = await tx
      .update(recruitmentObjection)
      .set({
        status: 'handled',
        outcome: body.outcome,
        note: body.note,
        handledBy: auth.userId,
        handledAt: now,
        version: o.version + 1,
      })
      .where(eq(recruitmentObjection.id, id))
      .returning();
    if (!row) throw new AppError('INTERNAL');
    if (body.outcome === 'sustained') {
      if (a.status !== 'candidate')
        throw fieldError('outcome', '该人员已不在拟聘用名单中，无需取消资格');
      await tx
        .update(recruitmentApplication)
        .set({
          status: 'removed',
          removedReason: `公示期间异议查实：${body.note}`,
          version: a.version + 1,
          updatedAt: now,
        })
        .where(eq(recruitmentApplication.id, a.id));
    }
    await writeAudit(tx, ctx, [
      {
        action: 'recruitment_objection.handle',
        entityType: 'recruitment_objection',
        entityId: id,
        orgPath: plan.orgPath,
        changes: {
          outcome: body.outcome,
          note: body.note,
          ...(body.outcome === 'sustained'
            ? { applicationId: a.id, status: { from: a.status, to: 'removed' } }
            : {}),
        },
      },
    ]);
    return presentObjection(row, a.name);
  });
}
