// The cycle's workflow after computation: submit for approval (subject 'assessment_cycle', decided
// by holders of assessment:approve at or above the cycle's unit) → publish to the workers (appeal
// window from the scheme) → answer appeals → final: the ratings go to assessment_result (source
// 'cycle') and, for annual cycles, the effect proposals are created.
import {
  ASSESSMENT_RATINGS,
  excellentCapViolation,
  proposeEffects,
  type AssessmentRating,
} from '@cwp/core';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { assessmentCycle, assessmentCycleEntry } from '../../db/schema-assessment-cycles';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError } from '../../lib/errors';
import { decidersOf, openRequest } from '../approvals/service';
import type { ApprovalSubjectHandler } from '../approvals/subjects';
import { notifyUsers } from '../notifications/service';
import { lockCycle, ratingZh, today, type CycleRow } from './cycles';
import { schemeById } from './scheme';
import { assertCapAfter, lockEntry } from './entries';

const isRating = (v: unknown): v is AssessmentRating =>
  typeof v === 'string' && (ASSESSMENT_RATINGS as readonly string[]).includes(v);

function schemeContent(tx: DbOrTx, c: CycleRow) {
  return schemeById(tx, c.schemeId);
}

function bad(path: string, msg: string): AppError {
  return new AppError('BAD_REQUEST', [{ path, message: msg }], msg);
}

const NEXT_STATUS = { approve: 'approved', return: 'computed', withdraw: 'computed' } as const;

export const assessmentCycleApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'assessment:manage',
  link: (id) => `/assessment-cycles/${id}`,
  async onDecided(tx, ctx, id, decision, by) {
    const [row] = await tx
      .select()
      .from(assessmentCycle)
      .where(eq(assessmentCycle.id, id))
      .for('update');
    if (!row) throw new AppError('INTERNAL', undefined, `审批事项对应的考核 ${id} 不存在`);
    if (by.expectedVersion !== undefined && row.version !== by.expectedVersion) {
      throw new AppError('CONFLICT');
    }
    if (row.status !== 'pending') throw new AppError('CONFLICT');
    const status = NEXT_STATUS[decision];
    await tx
      .update(assessmentCycle)
      .set({ status, version: row.version + 1, updatedAt: new Date() })
      .where(eq(assessmentCycle.id, id));
    await writeAudit(tx, ctx, [
      {
        action: `assessment_cycle.${decision}`,
        entityType: 'assessment_cycle',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: row.status, to: status }, comment: by.comment },
      },
    ]);
  },
};

export async function submitCycle(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; comment?: string | null | undefined },
): Promise<void> {
  await db.transaction(async (tx) => {
    const c = await lockCycle(tx, auth, id, {
      version: body.version,
      status: ['computed'],
      action: '提交审批（请先计算）',
    });
    const scheme = await schemeContent(tx, c);
    const [n] = await tx
      .select({
        total: sql<number>`count(*)::int`,
        excellent: sql<number>`count(*) filter (where ${assessmentCycleEntry.rating} = 'excellent')::int`,
      })
      .from(assessmentCycleEntry)
      .where(eq(assessmentCycleEntry.cycleId, id));
    if (!n || n.total === 0) throw bad('status', '本次考核没有人员，不能提交审批');
    const cap = excellentCapViolation(scheme, n.total, n.excellent);
    if (cap) throw bad('rating', cap);
    const deciders = await decidersOf(tx, c.orgPath, 'assessment:approve', auth.userId);
    if (deciders.length === 0) {
      throw bad('status', '本级及上级没有其他持有“审批考核结果”权限的用户，无法提交审批');
    }
    await tx
      .update(assessmentCycle)
      .set({ status: 'pending', version: c.version + 1, updatedAt: new Date() })
      .where(eq(assessmentCycle.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_cycle.submit',
        entityType: 'assessment_cycle',
        entityId: id,
        orgPath: c.orgPath,
        changes: { status: { from: c.status, to: 'pending' }, comment: body.comment ?? null },
      },
    ]);
    const [unit] = await tx
      .select({ id: orgUnit.id, path: orgUnit.path })
      .from(orgUnit)
      .where(eq(orgUnit.id, c.orgUnitId));
    if (!unit) throw new AppError('INTERNAL');
    await openRequest(tx, ctx, {
      subjectType: 'assessment_cycle',
      subjectId: id,
      title: `考核结果：${c.title}`,
      decidingUnit: unit,
      subjectOrgPath: c.orgPath,
      requiredPermission: 'assessment:approve',
      submitter: { userId: auth.userId, displayName: auth.displayName },
      comment: body.comment ?? null,
    });
  });
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export async function publishCycle(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const c = await lockCycle(tx, auth, id, {
      version: body.version,
      status: ['approved'],
      action: '公示（须先审批通过）',
    });
    const scheme = await schemeContent(tx, c);
    const deadline = addDays(today(), scheme.appealWindowDays);
    await tx
      .update(assessmentCycle)
      .set({
        status: 'published',
        publishedAt: new Date(),
        appealDeadline: deadline,
        version: c.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(assessmentCycle.id, id));
    // Every assessed worker with an account hears of the result.
    const { rows } = await tx.execute<{ id: number }>(sql`
      select u.id from app_user u
        join assessment_cycle_entry e on e.worker_id = u.worker_id
       where e.cycle_id = ${id} and u.active`);
    await notifyUsers(
      tx,
      rows.map((r) => Number(r.id)),
      {
        kind: 'assessment.published',
        title: `考核结果已公示：${c.title}`,
        body: `如有异议，请在 ${deadline} 前提出申诉`,
        link: '/me/assessments',
      },
    );
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_cycle.publish',
        entityType: 'assessment_cycle',
        entityId: id,
        orgPath: c.orgPath,
        changes: { status: { from: c.status, to: 'published' }, appealDeadline: deadline },
      },
    ]);
  });
}

/** Answers an appeal: the same rating means not upheld, another rating changes the result. */
export async function replyAppeal(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  cycleId: number,
  workerId: number,
  body: { version: number; rating: AssessmentRating; reply: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const c = await lockCycle(tx, auth, cycleId, { status: ['published'], action: '答复申诉' });
    const e = await lockEntry(tx, auth, cycleId, workerId, body.version);
    if (e.appealStatus !== 'pending') throw bad('appealStatus', '该人员没有待答复的申诉');
    if (e.rating !== 'excellent') await assertCapAfter(tx, c, workerId, body.rating);
    const changed = body.rating !== e.rating;
    await tx
      .update(assessmentCycleEntry)
      .set({
        appealStatus: changed ? 'changed' : 'upheld',
        appealReply: body.reply,
        rating: body.rating,
        ...(changed ? { adjustReason: `申诉复核：${body.reply}`, adjustedBy: auth.userId } : {}),
        version: e.version + 1,
      })
      .where(
        and(eq(assessmentCycleEntry.cycleId, cycleId), eq(assessmentCycleEntry.workerId, workerId)),
      );
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_cycle.appeal_reply',
        entityType: 'assessment_cycle_entry',
        entityId: cycleId,
        orgPath: e.orgPath,
        changes: {
          workerId,
          rating: changed ? { from: e.rating, to: body.rating } : body.rating,
          reply: body.reply,
        },
      },
    ]);
    const { rows } = await tx.execute<{ id: number }>(
      sql`select id from app_user where worker_id = ${workerId} and active`,
    );
    await notifyUsers(
      tx,
      rows.map((r) => Number(r.id)),
      {
        kind: 'assessment.appeal_reply',
        title: `申诉已答复：${c.title}`,
        body: changed ? `考核等次改为“${ratingZh(body.rating)}”` : '维持原考核等次',
        link: '/me/assessments',
      },
    );
  });
}

interface FinalRow extends Record<string, unknown> {
  worker_id: number;
  org_path: string;
  rating: string;
  contract_id: number | null;
  earlier: string[] | null;
}

/**
 * Final: after the appeal window, with every appeal answered. Writes assessment_result (source
 * 'cycle', replacing an earlier manual or imported rating of the same period) and, for an annual
 * cycle, the effect proposals.
 */
export async function finalizeCycle(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const c = await lockCycle(tx, auth, id, {
      version: body.version,
      status: ['published'],
      action: '定档（须先公示）',
    });
    if (c.appealDeadline !== null && today() <= c.appealDeadline) {
      throw bad('appealDeadline', `申诉期至 ${c.appealDeadline}，申诉期结束后才能定档`);
    }
    const [pending] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(assessmentCycleEntry)
      .where(
        and(eq(assessmentCycleEntry.cycleId, id), eq(assessmentCycleEntry.appealStatus, 'pending')),
      );
    if ((pending?.n ?? 0) > 0)
      throw bad('appealStatus', `还有 ${pending?.n} 件申诉未答复，不能定档`);
    const written = await tx.execute(sql`
      insert into assessment_result (worker_id, year, period, rating, source, note, recorded_by)
      select e.worker_id, ${c.year}, ${c.period}, e.rating, 'cycle', ${c.title}, ${auth.userId}
        from assessment_cycle_entry e where e.cycle_id = ${id} and e.rating is not null
      on conflict (worker_id, year, period) do update
         set rating = excluded.rating, source = 'cycle', note = excluded.note,
             recorded_by = excluded.recorded_by, recorded_at = now(),
             version = assessment_result.version + 1`);
    let effects = 0;
    if (c.period === 'annual') {
      const scheme = await schemeContent(tx, c);
      // Earlier annual ratings inside the current contract term, per worker.
      const { rows } = await tx.execute<FinalRow>(sql`
        select e.worker_id, e.org_path, e.rating, lc.id as contract_id,
               (select array_agg(r.rating) from assessment_result r
                 where r.worker_id = e.worker_id and r.period = 'annual' and r.year <> ${c.year}
                   and r.year >= extract(year from lc.start_date)::int
                   and (lc.end_date is null or r.year <= extract(year from lc.end_date)::int)) as earlier
          from assessment_cycle_entry e
          left join labor_contract lc on lc.worker_id = e.worker_id and lc.status = 'active'
         where e.cycle_id = ${id} and e.rating is not null`);
      const cols = {
        worker: [] as number[],
        path: [] as string[],
        kind: [] as string[],
        value: [] as string[],
        reason: [] as string[],
        contract: [] as (number | null)[],
      };
      for (const r of rows) {
        if (!isRating(r.rating)) continue;
        const proposals = proposeEffects(scheme.effects, {
          rating: r.rating,
          earlierRatingsInTerm: (r.earlier ?? []).filter(isRating),
          hasActiveContract: r.contract_id !== null,
        });
        for (const p of proposals) {
          cols.worker.push(Number(r.worker_id));
          cols.path.push(r.org_path);
          cols.kind.push(p.kind);
          cols.value.push(p.value);
          cols.reason.push(p.reason);
          cols.contract.push(
            p.kind === 'contract' && r.contract_id !== null ? Number(r.contract_id) : null,
          );
        }
      }
      const inserted = await tx.execute(sql`
        insert into assessment_effect (cycle_id, worker_id, org_path, kind, value, reason, contract_id)
        select ${id}, u.w, u.p, u.k, u.v, u.r, u.c
          from unnest(${sql.param(cols.worker)}::bigint[], ${sql.param(cols.path)}::text[],
                      ${sql.param(cols.kind)}::text[], ${sql.param(cols.value)}::text[],
                      ${sql.param(cols.reason)}::text[], ${sql.param(cols.contract)}::bigint[])
               as u(w, p, k, v, r, c)
        on conflict do nothing`);
      effects = inserted.rowCount ?? 0;
    }
    await tx
      .update(assessmentCycle)
      .set({
        status: 'final',
        finalizedAt: new Date(),
        version: c.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(assessmentCycle.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_cycle.finalize',
        entityType: 'assessment_cycle',
        entityId: id,
        orgPath: c.orgPath,
        changes: {
          status: { from: c.status, to: 'final' },
          results: written.rowCount ?? 0,
          effects,
        },
      },
    ]);
  });
}
