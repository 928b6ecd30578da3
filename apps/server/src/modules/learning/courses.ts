// Online course management (training:manage): courses owned by a unit in the caller's scope,
// their content items and quiz. A course is edited while in draft; publishing needs at least one
// item. Every change is audited in the same transaction.
import type {
  CreateOnlineCourseBody,
  OnlineCourseDetail,
  OnlineCourseView,
  OnlineItemView,
  ReplaceQuizBody,
  UpdateOnlineCourseBody,
} from '@cwp/contracts';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import {
  onlineCompletion,
  onlineCourse,
  onlineCourseItem,
  onlineQuizQuestion,
} from '../../db/schema-learning';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope, scopeToOrgUnits } from '../../lib/scope';

export type CourseRow = typeof onlineCourse.$inferSelect;
type ItemRow = typeof onlineCourseItem.$inferSelect;

/** A course in the caller's scope, else 404. */
export async function courseInScope(db: DbOrTx, auth: AuthContext, id: number, lock = false) {
  const q = db.select().from(onlineCourse).where(eq(onlineCourse.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || !inScope(auth, row.orgPath)) throw notFound();
  return row;
}

export function presentItem(i: ItemRow): OnlineItemView {
  return {
    id: i.id,
    seq: i.seq,
    kind: i.kind as OnlineItemView['kind'],
    title: i.title,
    body: i.body,
    fileName: i.fileName,
    mimeType: i.mimeType,
    size: i.size,
    sha256: i.sha256,
    durationSeconds: i.durationSeconds,
  };
}

async function presentCourse(db: DbOrTx, row: CourseRow): Promise<OnlineCourseView> {
  const [[unit], [items], [questions]] = await Promise.all([
    db.select({ name: orgUnit.name }).from(orgUnit).where(eq(orgUnit.id, row.orgUnitId)),
    db.select({ n: count() }).from(onlineCourseItem).where(eq(onlineCourseItem.courseId, row.id)),
    db
      .select({ n: count() })
      .from(onlineQuizQuestion)
      .where(eq(onlineQuizQuestion.courseId, row.id)),
  ]);
  return {
    id: row.id,
    orgUnitId: row.orgUnitId,
    orgUnitName: unit?.name ?? '',
    title: row.title,
    description: row.description,
    ability: row.ability,
    hours: Number(row.hours),
    passMark: row.passMark,
    maxAttempts: row.maxAttempts,
    status: row.status as OnlineCourseView['status'],
    itemCount: items?.n ?? 0,
    questionCount: questions?.n ?? 0,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listCourses(
  db: Db,
  auth: AuthContext,
  q: { status?: string | undefined; page: number; pageSize: number },
) {
  const where = and(
    scopeToOrgUnits(auth, onlineCourse.orgPath),
    q.status ? eq(onlineCourse.status, q.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(onlineCourse)
      .where(where)
      .orderBy(desc(onlineCourse.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(onlineCourse).where(where),
  ]);
  return {
    items: await Promise.all(rows.map((r) => presentCourse(db, r))),
    total: total?.n ?? 0,
  };
}

export async function getCourse(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
): Promise<OnlineCourseDetail> {
  const row = await courseInScope(db, auth, id);
  const [view, items, questions] = await Promise.all([
    presentCourse(db, row),
    db
      .select()
      .from(onlineCourseItem)
      .where(eq(onlineCourseItem.courseId, id))
      .orderBy(asc(onlineCourseItem.seq)),
    db
      .select()
      .from(onlineQuizQuestion)
      .where(eq(onlineQuizQuestion.courseId, id))
      .orderBy(asc(onlineQuizQuestion.seq)),
  ]);
  return {
    ...view,
    items: items.map(presentItem),
    questions: questions.map((q) => ({
      id: q.id,
      seq: q.seq,
      kind: q.kind as 'single' | 'multiple',
      prompt: q.prompt,
      options: q.options,
      correct: q.correct,
      points: q.points,
    })),
  };
}

export async function createCourse(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateOnlineCourseBody,
): Promise<OnlineCourseDetail> {
  const id = await db.transaction(async (tx) => {
    const [unit] = await tx.select().from(orgUnit).where(eq(orgUnit.id, body.orgUnitId));
    if (!unit || !inScope(auth, unit.path))
      throw fieldError('orgUnitId', '所属单位不存在或不在管辖范围内');
    const [row] = await tx
      .insert(onlineCourse)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        title: body.title,
        description: body.description ?? null,
        ability: body.ability,
        hours: body.hours.toFixed(1),
        passMark: body.passMark,
        maxAttempts: body.maxAttempts,
        createdBy: auth.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'online_course.create',
        entityType: 'online_course',
        entityId: row.id,
        orgPath: row.orgPath,
        changes: { ...body },
      },
    ]);
    return row.id;
  });
  return getCourse(db, auth, id);
}

function assertDraft(row: CourseRow) {
  if (row.status !== 'draft') {
    throw new AppError(
      'BAD_REQUEST',
      [{ path: 'status', message: '课程已发布，内容和测验不能再修改；如需修改请先改回草稿' }],
      '课程已发布，内容和测验不能再修改；如需修改请先改回草稿',
    );
  }
}

export async function updateCourse(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: UpdateOnlineCourseBody,
): Promise<OnlineCourseDetail> {
  await db.transaction(async (tx) => {
    const row = await courseInScope(tx, auth, id, true);
    if (row.version !== body.version) throw new AppError('CONFLICT');
    const { version: _v, hours, ...rest } = body;
    const touchesContent =
      hours !== undefined ||
      rest.passMark !== undefined ||
      rest.maxAttempts !== undefined ||
      rest.ability !== undefined;
    // Hours, ability and the quiz rules are what completions were granted under; frozen once live.
    if (touchesContent && row.status !== 'draft') assertDraft(row);
    if (rest.status === 'published') {
      const [items] = await tx
        .select({ n: count() })
        .from(onlineCourseItem)
        .where(eq(onlineCourseItem.courseId, id));
      if (!items?.n) throw fieldError('status', '课程还没有学习内容，不能发布');
    }
    if (rest.status === 'draft' && row.status !== 'draft') {
      const [done] = await tx
        .select({ n: count() })
        .from(onlineCompletion)
        .where(eq(onlineCompletion.courseId, id));
      if (done?.n) throw fieldError('status', '已有人员完成该课程，不能改回草稿；请新建课程');
    }
    const set = {
      ...rest,
      ...(hours !== undefined ? { hours: hours.toFixed(1) } : {}),
    };
    await tx
      .update(onlineCourse)
      .set({ ...set, version: row.version + 1, updatedAt: new Date() })
      .where(eq(onlineCourse.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'online_course.update',
        entityType: 'online_course',
        entityId: id,
        orgPath: row.orgPath,
        changes: { ...set },
      },
    ]);
  });
  return getCourse(db, auth, id);
}

/** Appends an item (file already stored, or rich text) to a draft course. */
export async function addItem(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  courseId: number,
  item: Omit<typeof onlineCourseItem.$inferInsert, 'courseId' | 'seq' | 'id' | 'createdAt'>,
): Promise<OnlineItemView> {
  return db.transaction(async (tx) => {
    const row = await courseInScope(tx, auth, courseId, true);
    assertDraft(row);
    const [last] = await tx
      .select({ seq: sql<number>`coalesce(max(${onlineCourseItem.seq}), 0)::int` })
      .from(onlineCourseItem)
      .where(eq(onlineCourseItem.courseId, courseId));
    const [created] = await tx
      .insert(onlineCourseItem)
      .values({ ...item, courseId, seq: (last?.seq ?? 0) + 1 })
      .returning();
    if (!created) throw new AppError('INTERNAL');
    await tx
      .update(onlineCourse)
      .set({ version: row.version + 1, updatedAt: new Date() })
      .where(eq(onlineCourse.id, courseId));
    await writeAudit(tx, ctx, [
      {
        action: 'online_course.item.add',
        entityType: 'online_course',
        entityId: courseId,
        orgPath: row.orgPath,
        changes: {
          itemId: created.id,
          kind: created.kind,
          title: created.title,
          fileName: created.fileName,
          size: created.size,
          sha256: created.sha256,
          durationSeconds: created.durationSeconds,
        },
      },
    ]);
    return presentItem(created);
  });
}

export async function replaceQuiz(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  courseId: number,
  body: ReplaceQuizBody,
): Promise<OnlineCourseDetail> {
  await db.transaction(async (tx) => {
    const row = await courseInScope(tx, auth, courseId, true);
    if (row.version !== body.version) throw new AppError('CONFLICT');
    assertDraft(row);
    await tx.delete(onlineQuizQuestion).where(eq(onlineQuizQuestion.courseId, courseId));
    if (body.questions.length > 0) {
      await tx.insert(onlineQuizQuestion).values(
        body.questions.map((q, i) => ({
          courseId,
          seq: i + 1,
          kind: q.kind,
          prompt: q.prompt,
          options: q.options,
          correct: [...q.correct].sort((a, b) => a - b),
          points: q.points,
        })),
      );
    }
    await tx
      .update(onlineCourse)
      .set({ version: row.version + 1, updatedAt: new Date() })
      .where(eq(onlineCourse.id, courseId));
    await writeAudit(tx, ctx, [
      {
        action: 'online_course.quiz.replace',
        entityType: 'online_course',
        entityId: courseId,
        orgPath: row.orgPath,
        changes: { questions: body.questions.length },
      },
    ]);
  });
  return getCourse(db, auth, courseId);
}
