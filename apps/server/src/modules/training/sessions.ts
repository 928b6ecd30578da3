// Sessions (培训班次): scheduling, enrolment of named workers or whole units with capacity and a
// waiting list (the oldest waitlisted worker is promoted when an enrolled one withdraws), the
// organiser's sign-in corrections, completion (attendance, hours through grantHours) and the
// trainee's feedback. The session row is locked for every change of its enrolment, so capacity
// holds under concurrent requests.
import type { z } from 'zod';
import type {
  completeSessionResult,
  correctSignInBody,
  enrolBody,
  enrolResult,
  EnrolmentView,
  feedbackBody,
  sessionBody,
  sessionListQuery,
  SessionView,
} from '@cwp/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import {
  trainer,
  trainingEnrolment,
  trainingSession,
  trainingSignIn,
} from '../../db/schema-training';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { checkVersion, hoursText, num, pgIntArray, pgTextArray, unitInScope } from './common';
import { grantHours } from './ledger';
import { getCourseRow, visibleLibraryPath } from './libraries';

type SessionRow = typeof trainingSession.$inferSelect;

/** The year a session's hours count for: its start date in China Standard Time. */
export const sessionYear = (startsAt: Date): number =>
  new Date(startsAt.getTime() + 8 * 3600_000).getUTCFullYear();

const SESSION_SELECT = sql`
  select s.*, o.name as org_unit_name, c.title as course_title, t.name as trainer_name,
         (select count(*) from training_enrolment e where e.session_id = s.id and e.status = 'enrolled')::int as enrolled,
         (select count(*) from training_enrolment e where e.session_id = s.id and e.status = 'waitlisted')::int as waitlisted,
         (select count(*) from training_enrolment e where e.session_id = s.id and e.status = 'enrolled' and e.signed_in_at is not null)::int as signed_in
    from training_session s
    join org_unit o on o.id = s.org_unit_id
    join training_course c on c.id = s.course_id
    left join trainer t on t.id = s.trainer_id`;

interface SessionSqlRow {
  id: number;
  org_unit_id: number;
  org_unit_name: string;
  course_id: number;
  course_title: string;
  plan_id: number | null;
  trainer_id: number | null;
  trainer_name: string | null;
  base_id: number | null;
  title: string;
  starts_at: Date | string;
  ends_at: Date | string;
  location: string | null;
  capacity: number;
  sign_in_opens_minutes: number;
  hours: string;
  ability: string;
  status: SessionView['status'];
  enrolled: number;
  waitlisted: number;
  signed_in: number;
  version: number;
  org_path: string;
  [k: string]: unknown;
}

const iso = (v: Date | string): string => new Date(v).toISOString();

function presentSession(r: SessionSqlRow): SessionView {
  return {
    id: Number(r.id),
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: r.org_unit_name,
    courseId: Number(r.course_id),
    courseTitle: r.course_title,
    planId: r.plan_id == null ? null : Number(r.plan_id),
    trainerId: r.trainer_id == null ? null : Number(r.trainer_id),
    trainerName: r.trainer_name,
    baseId: r.base_id == null ? null : Number(r.base_id),
    title: r.title,
    startsAt: iso(r.starts_at),
    endsAt: iso(r.ends_at),
    location: r.location,
    capacity: r.capacity,
    signInOpensMinutes: r.sign_in_opens_minutes,
    hours: num(r.hours),
    ability: r.ability,
    status: r.status,
    enrolled: r.enrolled,
    waitlisted: r.waitlisted,
    signedIn: r.signed_in,
    version: r.version,
  };
}

export async function listSessions(
  db: Db,
  auth: AuthContext,
  q: z.infer<typeof sessionListQuery>,
): Promise<{ items: SessionView[]; total: number }> {
  const where = sql`s.org_path like ${`${auth.orgPath}%`} ${q.status ? sql`and s.status = ${q.status}` : sql``}`;
  const [rows, total] = await Promise.all([
    db.execute<SessionSqlRow>(
      sql`${SESSION_SELECT} where ${where} order by s.starts_at desc, s.id desc
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    db.execute<{ n: number }>(
      sql`select count(*)::int as n from training_session s where ${where}`,
    ),
  ]);
  return { items: rows.rows.map(presentSession), total: total.rows[0]?.n ?? 0 };
}

export async function getSession(db: Db | Tx, auth: AuthContext, id: number): Promise<SessionView> {
  const rows = await db.execute<SessionSqlRow>(sql`${SESSION_SELECT} where s.id = ${id}`);
  const row = rows.rows[0];
  if (!row || !inScope(auth, row.org_path)) throw notFound();
  return presentSession(row);
}

async function lockSession(tx: Tx, auth: AuthContext, id: number): Promise<SessionRow> {
  const [row] = await tx
    .select()
    .from(trainingSession)
    .where(eq(trainingSession.id, id))
    .for('update');
  if (!row || !inScope(auth, row.orgPath)) throw notFound();
  return row;
}

export async function createSession(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof sessionBody>,
): Promise<SessionView> {
  const course = await getCourseRow(db, auth, body.courseId).catch(() => {
    throw fieldError('courseId', '课程不存在');
  });
  const id = await db.transaction(async (tx) => {
    const unit = await unitInScope(tx, auth, body.orgUnitId);
    if (body.trainerId) {
      const [t] = await tx.select().from(trainer).where(eq(trainer.id, body.trainerId));
      if (!t || !visibleLibraryPath(auth, t.orgPath)) throw fieldError('trainerId', '师资不存在');
    }
    for (const [field, table, value] of [
      ['planId', 'training_plan', body.planId],
      ['baseId', 'training_base', body.baseId],
    ] as const) {
      if (!value) continue;
      const r = await tx.execute<{ org_path: string }>(
        sql`select org_path from ${sql.identifier(table)} where id = ${value}`,
      );
      const p = r.rows[0]?.org_path;
      if (!p || !visibleLibraryPath(auth, p))
        throw fieldError(field, field === 'planId' ? '培训计划不存在' : '培训基地不存在');
    }
    const ability = body.ability ?? course.abilities[0];
    if (!ability) throw fieldError('ability', '请选择能力领域');
    const [row] = await tx
      .insert(trainingSession)
      .values({
        courseId: course.id,
        planId: body.planId ?? null,
        trainerId: body.trainerId ?? null,
        baseId: body.baseId ?? null,
        orgUnitId: unit.id,
        orgPath: unit.path,
        title: body.title,
        startsAt: new Date(body.startsAt),
        endsAt: new Date(body.endsAt),
        location: body.location ?? null,
        capacity: body.capacity,
        signInOpensMinutes: body.signInOpensMinutes ?? 30,
        hours: hoursText(body.hours ?? num(course.hours)),
        ability,
        createdBy: auth.userId,
      })
      .returning({ id: trainingSession.id });
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'training_session.create',
        entityType: 'training_session',
        entityId: row.id,
        orgPath: unit.path,
        changes: body,
      },
    ]);
    return row.id;
  });
  return getSession(db, auth, id);
}

/** Enrols the named workers and every worker in post in the given units' subtrees (in scope). */
export async function enrol(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  sessionId: number,
  body: z.infer<typeof enrolBody>,
): Promise<z.infer<typeof enrolResult>> {
  return db.transaction(async (tx) => {
    const s = await lockSession(tx, auth, sessionId);
    if (s.status !== 'scheduled') throw new AppError('CONFLICT', undefined, '班次已结束或已取消');
    const unitPaths: string[] = [];
    for (const id of body.orgUnitIds) {
      const r = await tx.execute<{ path: string }>(sql`select path from org_unit where id = ${id}`);
      const p = r.rows[0]?.path;
      if (!p || !inScope(auth, p)) throw fieldError('orgUnitIds', `单位 ${id} 不存在`);
      unitPaths.push(p);
    }
    const named = await tx.execute<{ id: number; org_path: string }>(
      sql`select id, org_path from worker where id = any(${pgIntArray(body.workerIds)}::bigint[])`,
    );
    const found = new Map(named.rows.map((r) => [Number(r.id), r.org_path]));
    for (const id of body.workerIds) {
      const p = found.get(id);
      if (!p || !inScope(auth, p)) throw fieldError('workerIds', `人员 ${id} 不存在`);
    }
    const candidates = await tx.execute<{ id: number }>(sql`
      select w.id from worker w
       where (w.id = any(${pgIntArray(body.workerIds)}::bigint[])
              or (w.status in ('active', 'probation')
                  and w.org_path like any(${pgTextArray(unitPaths.map((p) => `${p}%`))}::text[])))
         and not exists (select 1 from training_enrolment e
                          where e.session_id = ${sessionId} and e.worker_id = w.id
                            and e.status <> 'withdrawn')
       order by w.id`);
    const taken = await tx.execute<{ n: number }>(
      sql`select count(*)::int as n from training_enrolment
           where session_id = ${sessionId} and status = 'enrolled'`,
    );
    let free = s.capacity - (taken.rows[0]?.n ?? 0);
    let enrolled = 0;
    let waitlisted = 0;
    const now = new Date();
    for (const c of candidates.rows) {
      const status = free > 0 ? 'enrolled' : 'waitlisted';
      if (status === 'enrolled') {
        free--;
        enrolled++;
      } else waitlisted++;
      await tx
        .insert(trainingEnrolment)
        .values({
          sessionId,
          workerId: Number(c.id),
          status,
          waitlistedAt: status === 'waitlisted' ? now : null,
          enrolledBy: auth.userId,
        })
        .onConflictDoUpdate({
          target: [trainingEnrolment.sessionId, trainingEnrolment.workerId],
          set: {
            status,
            waitlistedAt: status === 'waitlisted' ? now : null,
            version: sql`${trainingEnrolment.version} + 1`,
            updatedAt: now,
          },
        });
    }
    const requested = body.workerIds.length;
    const skipped = Math.max(
      0,
      requested - candidates.rows.filter((c) => found.has(Number(c.id))).length,
    );
    await writeAudit(tx, ctx, [
      {
        action: 'training_session.enrol',
        entityType: 'training_session',
        entityId: sessionId,
        orgPath: s.orgPath,
        changes: { ...body, enrolled, waitlisted },
      },
    ]);
    return { enrolled, waitlisted, skipped };
  });
}

/** Withdraws a worker; a freed place goes to the longest-waiting worker on the list. */
export async function withdraw(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  sessionId: number,
  workerId: number,
  self = false,
): Promise<{ promotedWorkerId: number | null }> {
  return db.transaction(async (tx) => {
    const [s] = await tx
      .select()
      .from(trainingSession)
      .where(eq(trainingSession.id, sessionId))
      .for('update');
    if (!s || (!self && !inScope(auth, s.orgPath))) throw notFound();
    if (s.status !== 'scheduled') throw new AppError('CONFLICT', undefined, '班次已结束或已取消');
    const [e] = await tx
      .select()
      .from(trainingEnrolment)
      .where(
        and(eq(trainingEnrolment.sessionId, sessionId), eq(trainingEnrolment.workerId, workerId)),
      );
    if (!e || e.status === 'withdrawn') throw notFound();
    await tx
      .update(trainingEnrolment)
      .set({ status: 'withdrawn', version: e.version + 1, updatedAt: new Date() })
      .where(eq(trainingEnrolment.id, e.id));
    let promoted: number | null = null;
    if (e.status === 'enrolled') {
      const next = await tx.execute<{ id: number; worker_id: number }>(sql`
        select id, worker_id from training_enrolment
         where session_id = ${sessionId} and status = 'waitlisted'
         order by waitlisted_at, id limit 1 for update`);
      const n = next.rows[0];
      if (n) {
        promoted = Number(n.worker_id);
        await tx.execute(sql`update training_enrolment
             set status = 'enrolled', waitlisted_at = null, version = version + 1, updated_at = now()
           where id = ${n.id}`);
      }
    }
    await writeAudit(tx, ctx, [
      {
        action: 'training_session.withdraw',
        entityType: 'training_enrolment',
        entityId: e.id,
        orgPath: s.orgPath,
        changes: { workerId, from: e.status, promotedWorkerId: promoted, self },
      },
    ]);
    return { promotedWorkerId: promoted };
  });
}

export async function listEnrolments(
  db: Db,
  auth: AuthContext,
  sessionId: number,
): Promise<EnrolmentView[]> {
  await getSession(db, auth, sessionId);
  const rows = await db.execute<{
    id: number;
    worker_id: number;
    worker_name: string;
    org_unit_name: string;
    status: EnrolmentView['status'];
    signed_in_at: Date | string | null;
    sign_in_method: string | null;
    attendance: string | null;
    correction_reason: string | null;
    rating: number | null;
    version: number;
  }>(sql`
    select e.*, w.name as worker_name, o.name as org_unit_name
      from training_enrolment e
      join worker w on w.id = e.worker_id
      join org_unit o on o.id = w.org_unit_id
     where e.session_id = ${sessionId}
     order by case e.status when 'enrolled' then 0 when 'waitlisted' then 1 else 2 end,
              e.waitlisted_at nulls first, e.id`);
  return rows.rows.map((r) => ({
    id: Number(r.id),
    workerId: Number(r.worker_id),
    workerName: r.worker_name,
    orgUnitName: r.org_unit_name,
    status: r.status,
    signedInAt: r.signed_in_at ? iso(r.signed_in_at) : null,
    signInMethod: r.sign_in_method,
    attendance: r.attendance,
    correctionReason: r.correction_reason,
    rating: r.rating,
    version: r.version,
  }));
}

async function grantForSession(tx: Tx, ctx: AuditContext, s: SessionRow, workerId: number) {
  return grantHours(tx, ctx, {
    workerId,
    year: sessionYear(s.startsAt),
    hours: num(s.hours),
    ability: s.ability,
    sourceType: 'session',
    sourceId: s.id,
    note: s.title,
  });
}

/** The organiser marks a worker signed in or not, with a reason (补签 / 撤销签到). */
export async function correctSignIn(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  sessionId: number,
  body: z.infer<typeof correctSignInBody>,
): Promise<EnrolmentView[]> {
  await db.transaction(async (tx) => {
    const s = await lockSession(tx, auth, sessionId);
    if (s.status === 'cancelled') throw new AppError('CONFLICT', undefined, '班次已取消');
    const [e] = await tx
      .select()
      .from(trainingEnrolment)
      .where(
        and(
          eq(trainingEnrolment.sessionId, sessionId),
          eq(trainingEnrolment.workerId, body.workerId),
        ),
      );
    if (!e || e.status !== 'enrolled') throw fieldError('workerId', '该人员未报名此班次');
    if (!body.signedIn && s.status === 'completed')
      throw new AppError('CONFLICT', undefined, '班次已结业、学时已发放，不能撤销签到');
    const now = new Date();
    await tx
      .update(trainingEnrolment)
      .set({
        signedInAt: body.signedIn ? (e.signedInAt ?? now) : null,
        signInMethod: body.signedIn ? (e.signedInAt ? e.signInMethod : 'manual') : null,
        attendance:
          s.status === 'completed' ? (body.signedIn ? 'attended' : 'absent') : e.attendance,
        correctionReason: body.reason,
        version: e.version + 1,
        updatedAt: now,
      })
      .where(eq(trainingEnrolment.id, e.id));
    await tx.insert(trainingSignIn).values({
      sessionId,
      workerId: body.workerId,
      method: body.signedIn ? 'manual_in' : 'manual_out',
      reason: body.reason,
      userId: auth.userId,
    });
    if (body.signedIn && s.status === 'completed') await grantForSession(tx, ctx, s, body.workerId);
    await writeAudit(tx, ctx, [
      {
        action: 'training_session.correct_sign_in',
        entityType: 'training_enrolment',
        entityId: e.id,
        orgPath: s.orgPath,
        changes: body,
      },
    ]);
  });
  return listEnrolments(db, auth, sessionId);
}

/** Closes the session: signed-in enrolees attended and earn the hours (once), the rest absent. */
export async function completeSession(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  sessionId: number,
  version: number,
): Promise<z.infer<typeof completeSessionResult>> {
  return db.transaction(async (tx) => {
    const s = await lockSession(tx, auth, sessionId);
    checkVersion(s.version, version);
    if (s.status !== 'scheduled') throw new AppError('CONFLICT', undefined, '班次已结束或已取消');
    const rows = await tx
      .select()
      .from(trainingEnrolment)
      .where(
        and(eq(trainingEnrolment.sessionId, sessionId), eq(trainingEnrolment.status, 'enrolled')),
      );
    let attended = 0;
    let granted = 0;
    for (const e of rows) {
      const ok = e.signedInAt !== null;
      if (ok) {
        attended++;
        if ((await grantForSession(tx, ctx, s, e.workerId)).granted) granted++;
      }
    }
    await tx.execute(sql`update training_enrolment
        set attendance = case when signed_in_at is null then 'absent' else 'attended' end,
            version = version + 1, updated_at = now()
      where session_id = ${sessionId} and status = 'enrolled'`);
    await tx
      .update(trainingSession)
      .set({
        status: 'completed',
        completedAt: new Date(),
        version: s.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(trainingSession.id, sessionId));
    await writeAudit(tx, ctx, [
      {
        action: 'training_session.complete',
        entityType: 'training_session',
        entityId: sessionId,
        orgPath: s.orgPath,
        changes: { attended, absent: rows.length - attended, hoursGranted: granted },
      },
    ]);
    return { attended, absent: rows.length - attended, hoursGranted: granted };
  });
}

/** A trainee who attended rates the session's trainer once (1–5). */
export async function giveFeedback(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  sessionId: number,
  body: z.infer<typeof feedbackBody>,
): Promise<{ ok: true }> {
  const workerId = auth.workerId;
  if (workerId === null) throw notFound();
  await db.transaction(async (tx) => {
    const [e] = await tx
      .select()
      .from(trainingEnrolment)
      .where(
        and(eq(trainingEnrolment.sessionId, sessionId), eq(trainingEnrolment.workerId, workerId)),
      )
      .for('update');
    if (!e || e.status !== 'enrolled') throw notFound();
    if (e.signedInAt === null) throw new AppError('CONFLICT', undefined, '签到后才能评价');
    if (e.rating !== null) throw new AppError('CONFLICT', undefined, '已评价过此班次');
    await tx
      .update(trainingEnrolment)
      .set({ rating: body.rating, feedback: body.feedback ?? null, version: e.version + 1 })
      .where(eq(trainingEnrolment.id, e.id));
    const [s] = await tx.select().from(trainingSession).where(eq(trainingSession.id, sessionId));
    if (s?.trainerId) {
      await tx.execute(sql`update trainer set rating_sum = rating_sum + ${body.rating},
          rating_count = rating_count + 1 where id = ${s.trainerId}`);
    }
    await writeAudit(tx, ctx, [
      {
        action: 'training_session.feedback',
        entityType: 'training_enrolment',
        entityId: e.id,
        orgPath: s?.orgPath ?? null,
        changes: body,
      },
    ]);
  });
  return { ok: true };
}
