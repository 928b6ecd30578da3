// The worker's side of online learning (self:service): courses open to the worker's unit, video
// heartbeats checked against the duration and the wall clock (packages/core/src/learning), documents
// marked read, quiz attempts graded automatically, and completion — all items done and the quiz
// passed — which grants the course's hours once through the training ledger.
import {
  applyHeartbeat,
  gradeQuiz,
  isVideoComplete,
  QuizAnswerError,
  type HeartbeatOutcome,
} from '@cwp/core';
import type {
  HeartbeatResult,
  MyCourseDetail,
  MyCourseView,
  QuizResult,
  SubmitQuizBody,
} from '@cwp/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { worker } from '../../db/schema';
import {
  onlineCompletion,
  onlineCourse,
  onlineCourseItem,
  onlineProgress,
  onlineQuizAttempt,
  onlineQuizQuestion,
} from '../../db/schema-learning';
import type { AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { grantHours } from '../training/ledger';
import { todayIso } from '../workers/mapping';
import { presentItem, type CourseRow } from './courses';

type ProgressRow = typeof onlineProgress.$inferSelect;

/** The caller's own worker record (self-service), else 404. */
export async function myWorker(db: DbOrTx, auth: AuthContext, lock = false) {
  if (!auth.workerId) throw notFound();
  const q = db
    .select({ id: worker.id, orgPath: worker.orgPath, status: worker.status, name: worker.name })
    .from(worker)
    .where(eq(worker.id, auth.workerId));
  const [w] = lock ? await q.for('update') : await q;
  if (!w) throw notFound();
  return w;
}
type Me = Awaited<ReturnType<typeof myWorker>>;

/** A published course open to the worker's unit (the course's unit or one above it), else 404. */
async function openCourse(db: DbOrTx, me: Me, courseId: number): Promise<CourseRow> {
  const [c] = await db.select().from(onlineCourse).where(eq(onlineCourse.id, courseId));
  if (!c || !me.orgPath.startsWith(c.orgPath)) throw notFound();
  if (c.status !== 'published') {
    // A completed course stays visible in the worker's record even after it is archived.
    const [done] = await db
      .select({ c: onlineCompletion.courseId })
      .from(onlineCompletion)
      .where(and(eq(onlineCompletion.workerId, me.id), eq(onlineCompletion.courseId, c.id)));
    if (!done) throw notFound();
  }
  return c;
}

async function summaryOf(db: DbOrTx, me: Me, c: CourseRow): Promise<MyCourseView> {
  const { rows } = await db.execute<{
    items: number;
    done: number;
    attempts: number;
    best: string | null;
    passed: boolean;
    completed_at: Date | string | null;
  }>(sql`
    select (select count(*)::int from online_course_item i where i.course_id = ${c.id}) as items,
           (select count(*)::int from online_progress p
             where p.course_id = ${c.id} and p.worker_id = ${me.id} and p.completed_at is not null) as done,
           (select count(*)::int from online_quiz_attempt a
             where a.course_id = ${c.id} and a.worker_id = ${me.id}) as attempts,
           (select max(score)::text from online_quiz_attempt a
             where a.course_id = ${c.id} and a.worker_id = ${me.id}) as best,
           exists(select 1 from online_quiz_attempt a
             where a.course_id = ${c.id} and a.worker_id = ${me.id} and a.passed = 1) as passed,
           (select completed_at from online_completion o
             where o.course_id = ${c.id} and o.worker_id = ${me.id}) as completed_at`);
  const r = rows[0];
  const completedAt = r?.completed_at ? new Date(r.completed_at).toISOString() : null;
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    ability: c.ability,
    hours: Number(c.hours),
    passMark: c.passMark,
    maxAttempts: c.maxAttempts,
    itemCount: r?.items ?? 0,
    itemsCompleted: r?.done ?? 0,
    attemptsUsed: r?.attempts ?? 0,
    bestScore: r?.best === null || r?.best === undefined ? null : Number(r.best),
    quizPassed: r?.passed ?? false,
    completedAt,
  };
}

export async function listMyCourses(db: Db, auth: AuthContext): Promise<MyCourseView[]> {
  const me = await myWorker(db, auth);
  const rows = await db
    .select()
    .from(onlineCourse)
    .where(
      sql`${me.orgPath} like ${onlineCourse.orgPath} || '%' and (${onlineCourse.status} = 'published'
        or exists (select 1 from online_completion o
                    where o.course_id = ${onlineCourse.id} and o.worker_id = ${me.id}))`,
    )
    .orderBy(asc(onlineCourse.id))
    .limit(200);
  return Promise.all(rows.map((c) => summaryOf(db, me, c)));
}

function presentProgress(p: ProgressRow | undefined, itemId: number) {
  return {
    itemId,
    watchedSeconds: p ? Math.round(p.watchedSeconds * 10) / 10 : 0,
    position: p ? Math.round(p.position * 10) / 10 : 0,
    completed: Boolean(p?.completedAt),
  };
}

export async function getMyCourse(db: Db, auth: AuthContext, id: number): Promise<MyCourseDetail> {
  const me = await myWorker(db, auth);
  const c = await openCourse(db, me, id);
  const [summary, items, progress, questions] = await Promise.all([
    summaryOf(db, me, c),
    db
      .select()
      .from(onlineCourseItem)
      .where(eq(onlineCourseItem.courseId, id))
      .orderBy(asc(onlineCourseItem.seq)),
    db
      .select()
      .from(onlineProgress)
      .where(and(eq(onlineProgress.workerId, me.id), eq(onlineProgress.courseId, id))),
    db
      .select()
      .from(onlineQuizQuestion)
      .where(eq(onlineQuizQuestion.courseId, id))
      .orderBy(asc(onlineQuizQuestion.seq)),
  ]);
  return {
    ...summary,
    items: items.map(presentItem),
    progress: items.map((i) =>
      presentProgress(
        progress.find((p) => p.itemId === i.id),
        i.id,
      ),
    ),
    questions: questions.map((q) => ({
      id: q.id,
      seq: q.seq,
      kind: q.kind as 'single' | 'multiple',
      prompt: q.prompt,
      options: q.options,
      points: q.points,
    })),
  };
}

/** The item, its course open to the worker, and the worker's progress row locked for update. */
async function lockProgress(tx: Tx, auth: AuthContext, itemId: number) {
  const me = await myWorker(tx, auth);
  const [item] = await tx.select().from(onlineCourseItem).where(eq(onlineCourseItem.id, itemId));
  if (!item) throw notFound();
  const course = await openCourse(tx, me, item.courseId);
  if (course.status !== 'published') throw fieldError('itemId', '课程已下线，不能继续学习');
  await tx
    .insert(onlineProgress)
    .values({ workerId: me.id, itemId, courseId: course.id })
    .onConflictDoNothing();
  const [p] = await tx
    .select()
    .from(onlineProgress)
    .where(and(eq(onlineProgress.workerId, me.id), eq(onlineProgress.itemId, itemId)))
    .for('update');
  if (!p) throw new AppError('INTERNAL');
  return { me, item, course, p };
}

const IGNORED: Record<Exclude<HeartbeatOutcome, { accepted: true }>['reason'], string> = {
  jump: '播放进度跳跃超过实际经过的时间，本次进度不计入',
  backwards: '播放进度倒退，本次进度不计入',
  beyond_duration: '播放位置超出视频时长，本次进度不计入',
  invalid: '播放位置无效，本次进度不计入',
};

export async function heartbeat(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  itemId: number,
  position: number,
  now = Date.now(),
): Promise<HeartbeatResult> {
  return db.transaction(async (tx) => {
    const { me, item, course, p } = await lockProgress(tx, auth, itemId);
    if (item.kind !== 'video' || !item.durationSeconds)
      throw fieldError('itemId', '只有视频内容需要上报播放进度');
    const out = applyHeartbeat(
      {
        watchedSeconds: p.watchedSeconds,
        position: p.position,
        lastHeartbeatAt: p.lastHeartbeatAt?.getTime() ?? null,
      },
      { position, at: now },
      item.durationSeconds,
    );
    if (!out.accepted) {
      await tx
        .update(onlineProgress)
        .set({ ignoredHeartbeats: p.ignoredHeartbeats + 1, updatedAt: new Date(now) })
        .where(and(eq(onlineProgress.workerId, me.id), eq(onlineProgress.itemId, itemId)));
      return {
        accepted: false,
        message: IGNORED[out.reason],
        progress: presentProgress(p, itemId),
        courseCompleted: false,
      };
    }
    const completedAt =
      p.completedAt ??
      (isVideoComplete(out.state.watchedSeconds, item.durationSeconds) ? new Date(now) : null);
    const [updated] = await tx
      .update(onlineProgress)
      .set({
        watchedSeconds: out.state.watchedSeconds,
        position: out.state.position,
        lastHeartbeatAt: new Date(now),
        completedAt,
        updatedAt: new Date(now),
      })
      .where(and(eq(onlineProgress.workerId, me.id), eq(onlineProgress.itemId, itemId)))
      .returning();
    const done = completedAt && !p.completedAt ? await completeIfDone(tx, ctx, me, course) : null;
    return {
      accepted: true,
      message: null,
      progress: presentProgress(updated, itemId),
      courseCompleted: done?.completed ?? false,
    };
  });
}

export async function markRead(db: Db, auth: AuthContext, ctx: AuditContext, itemId: number) {
  return db.transaction(async (tx) => {
    const { me, item, course, p } = await lockProgress(tx, auth, itemId);
    if (item.kind === 'video') throw fieldError('itemId', '视频须观看完成，不能直接标记为已学');
    if (p.completedAt) return { progress: presentProgress(p, itemId), courseCompleted: false };
    const [updated] = await tx
      .update(onlineProgress)
      .set({ completedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(onlineProgress.workerId, me.id), eq(onlineProgress.itemId, itemId)))
      .returning();
    const done = await completeIfDone(tx, ctx, me, course);
    return { progress: presentProgress(updated, itemId), courseCompleted: done.completed };
  });
}

export async function submitQuiz(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  courseId: number,
  body: SubmitQuizBody,
): Promise<QuizResult> {
  return db.transaction(async (tx) => {
    // Locking the worker row serialises one worker's posts, so a double post cannot race.
    const me = await myWorker(tx, auth, true);
    const course = await openCourse(tx, me, courseId);
    const attempts = await tx
      .select()
      .from(onlineQuizAttempt)
      .where(and(eq(onlineQuizAttempt.workerId, me.id), eq(onlineQuizAttempt.courseId, courseId)))
      .orderBy(asc(onlineQuizAttempt.attemptNo));
    const repeat = attempts.find((a) => a.submissionKey === body.submissionKey);
    const [completion] = await tx
      .select()
      .from(onlineCompletion)
      .where(and(eq(onlineCompletion.workerId, me.id), eq(onlineCompletion.courseId, courseId)));
    if (repeat) {
      return {
        attemptNo: repeat.attemptNo,
        score: Number(repeat.score),
        passed: repeat.passed === 1,
        attemptsLeft: Math.max(0, course.maxAttempts - attempts.length),
        repeated: true,
        courseCompleted: Boolean(completion),
        hoursGranted: false,
      };
    }
    if (course.status !== 'published') throw fieldError('courseId', '课程已下线，不能答题');
    if (attempts.some((a) => a.passed === 1))
      throw fieldError('answers', '已通过本课程测验，无需再答');
    if (attempts.length >= course.maxAttempts)
      throw fieldError('answers', `答题次数已用完（共 ${course.maxAttempts} 次）`);
    const questions = await tx
      .select()
      .from(onlineQuizQuestion)
      .where(eq(onlineQuizQuestion.courseId, courseId));
    if (questions.length === 0) throw fieldError('answers', '本课程没有测验');
    let graded;
    try {
      graded = gradeQuiz(
        questions.map((q) => ({
          id: q.id,
          kind: q.kind as 'single' | 'multiple',
          optionCount: q.options.length,
          correct: q.correct,
          points: q.points,
        })),
        body.answers,
        course.passMark,
      );
    } catch (e) {
      if (e instanceof QuizAnswerError) {
        const i = body.answers.findIndex((a) => a.questionId === e.questionId);
        throw fieldError(i >= 0 ? `answers.${i}` : 'answers', e.message);
      }
      throw e;
    }
    const attemptNo = attempts.length + 1;
    await tx.insert(onlineQuizAttempt).values({
      courseId,
      workerId: me.id,
      attemptNo,
      submissionKey: body.submissionKey,
      answers: body.answers,
      score: graded.score.toFixed(1),
      passed: graded.passed ? 1 : 0,
    });
    const done = graded.passed ? await completeIfDone(tx, ctx, me, course) : null;
    return {
      attemptNo,
      score: graded.score,
      passed: graded.passed,
      attemptsLeft: course.maxAttempts - attemptNo,
      repeated: false,
      courseCompleted: done?.completed ?? false,
      hoursGranted: done?.hoursGranted ?? false,
    };
  });
}

/**
 * Completes the course when every item is done and the quiz (if any) is passed: one
 * online_completion row, and the hours through grantHours — both idempotent.
 */
async function completeIfDone(
  tx: Tx,
  ctx: AuditContext,
  me: Me,
  course: CourseRow,
): Promise<{ completed: boolean; hoursGranted: boolean }> {
  const { rows } = await tx.execute<{ missing: number; questions: number; passed: boolean }>(sql`
    select (select count(*)::int from online_course_item i
             where i.course_id = ${course.id}
               and not exists (select 1 from online_progress p
                                where p.item_id = i.id and p.worker_id = ${me.id}
                                  and p.completed_at is not null)) as missing,
           (select count(*)::int from online_quiz_question q where q.course_id = ${course.id}) as questions,
           exists(select 1 from online_quiz_attempt a
                   where a.course_id = ${course.id} and a.worker_id = ${me.id} and a.passed = 1) as passed`);
  const r = rows[0];
  if (!r || r.missing > 0 || (r.questions > 0 && !r.passed))
    return { completed: false, hoursGranted: false };
  const year = Number(todayIso().slice(0, 4));
  const inserted = await tx
    .insert(onlineCompletion)
    .values({
      workerId: me.id,
      courseId: course.id,
      hours: course.hours,
      ability: course.ability,
      year,
    })
    .onConflictDoNothing()
    .returning({ workerId: onlineCompletion.workerId });
  if (inserted.length === 0) return { completed: true, hoursGranted: false };
  const g = await grantHours(tx, ctx, {
    workerId: me.id,
    year,
    hours: Number(course.hours),
    ability: course.ability,
    sourceType: 'online_course',
    sourceId: course.id,
    note: `线上课程：${course.title}`,
  });
  return { completed: true, hoursGranted: g.granted };
}

/** The course when it is open to the calling worker (for serving its content), else 404. */
export async function courseOpenToMe(db: DbOrTx, auth: AuthContext, courseId: number) {
  const me = await myWorker(db, auth);
  return openCourse(db, me, courseId);
}
