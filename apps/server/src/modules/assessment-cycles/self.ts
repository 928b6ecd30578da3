// The worker's own assessments (self:service): the self-assessment while the cycle is open, the
// published result with its reasons, and an appeal inside the window (refused after it).
import type { MyAssessmentView } from '@cwp/contracts';
import type { AssessmentRating } from '@cwp/core';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { assessmentCycle, assessmentCycleEntry } from '../../db/schema-assessment-cycles';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import type { CycleStatus } from '@cwp/contracts';
import { today } from './cycles';

const VISIBLE: readonly string[] = ['published', 'final'];

function workerOf(auth: AuthContext): number {
  if (auth.workerId === null) {
    const msg = '当前账号未关联人员档案';
    throw new AppError('BAD_REQUEST', [{ path: 'workerId', message: msg }], msg);
  }
  return auth.workerId;
}

export async function myAssessments(db: Db, auth: AuthContext): Promise<MyAssessmentView[]> {
  if (auth.workerId === null) return [];
  const rows = await db
    .select({ e: assessmentCycleEntry, c: assessmentCycle })
    .from(assessmentCycleEntry)
    .innerJoin(assessmentCycle, eq(assessmentCycle.id, assessmentCycleEntry.cycleId))
    .where(eq(assessmentCycleEntry.workerId, auth.workerId))
    .orderBy(desc(assessmentCycle.year), desc(assessmentCycle.id))
    .limit(100);
  const now = today();
  return rows.map(({ e, c }) => {
    const shown = VISIBLE.includes(c.status);
    return {
      cycleId: c.id,
      title: c.title,
      year: c.year,
      period: c.period,
      status: c.status as CycleStatus,
      selfSummary: e.selfSummary,
      selfSubmittedAt: e.selfSubmittedAt?.toISOString() ?? null,
      canSelfAssess: c.status === 'open',
      rating: shown ? (e.rating as AssessmentRating | null) : null,
      score: shown ? e.score : null,
      reasons:
        shown && Array.isArray(e.reasons)
          ? e.reasons.filter((x): x is string => typeof x === 'string')
          : [],
      appealDeadline: shown ? c.appealDeadline : null,
      canAppeal:
        c.status === 'published' &&
        e.appealStatus === 'none' &&
        c.appealDeadline !== null &&
        now <= c.appealDeadline,
      appealStatus: e.appealStatus as MyAssessmentView['appealStatus'],
      appealText: e.appealText,
      appealReply: e.appealReply,
    };
  });
}

async function lockOwn(
  db: Parameters<Parameters<Db['transaction']>[0]>[0],
  workerId: number,
  cycleId: number,
) {
  const [row] = await db
    .select({ e: assessmentCycleEntry, c: assessmentCycle })
    .from(assessmentCycleEntry)
    .innerJoin(assessmentCycle, eq(assessmentCycle.id, assessmentCycleEntry.cycleId))
    .where(
      and(eq(assessmentCycleEntry.cycleId, cycleId), eq(assessmentCycleEntry.workerId, workerId)),
    )
    .for('update', { of: assessmentCycleEntry });
  if (!row) throw notFound();
  return row;
}

export async function submitSelfAssessment(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  cycleId: number,
  summary: string,
): Promise<void> {
  const workerId = workerOf(auth);
  await db.transaction(async (tx) => {
    const { e, c } = await lockOwn(tx, workerId, cycleId);
    if (c.status !== 'open') {
      const msg = '本次考核已结束自评阶段，不能再提交个人总结';
      throw new AppError('BAD_REQUEST', [{ path: 'summary', message: msg }], msg);
    }
    await tx
      .update(assessmentCycleEntry)
      .set({ selfSummary: summary, selfSubmittedAt: new Date(), version: e.version + 1 })
      .where(
        and(eq(assessmentCycleEntry.cycleId, cycleId), eq(assessmentCycleEntry.workerId, workerId)),
      );
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_cycle.self_assessment',
        entityType: 'assessment_cycle_entry',
        entityId: cycleId,
        orgPath: e.orgPath,
        changes: { workerId, summary: { from: e.selfSummary, to: summary } },
      },
    ]);
  });
}

export async function submitAppeal(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  cycleId: number,
  text: string,
): Promise<void> {
  const workerId = workerOf(auth);
  await db.transaction(async (tx) => {
    const { e, c } = await lockOwn(tx, workerId, cycleId);
    if (c.status !== 'published' || c.appealDeadline === null) {
      const msg = '考核结果尚未公示或已定档，不能申诉';
      throw new AppError('BAD_REQUEST', [{ path: 'text', message: msg }], msg);
    }
    if (today() > c.appealDeadline) {
      const msg = `申诉期已于 ${c.appealDeadline} 结束，不能再申诉`;
      throw new AppError('BAD_REQUEST', [{ path: 'text', message: msg }], msg);
    }
    if (e.appealStatus !== 'none') {
      const msg = '本次考核已提出过申诉';
      throw new AppError('BAD_REQUEST', [{ path: 'text', message: msg }], msg);
    }
    await tx
      .update(assessmentCycleEntry)
      .set({
        appealStatus: 'pending',
        appealText: text,
        appealedAt: new Date(),
        version: e.version + 1,
      })
      .where(
        and(eq(assessmentCycleEntry.cycleId, cycleId), eq(assessmentCycleEntry.workerId, workerId)),
      );
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_cycle.appeal',
        entityType: 'assessment_cycle_entry',
        entityId: cycleId,
        orgPath: e.orgPath,
        changes: { workerId, rating: e.rating, text },
      },
    ]);
  });
}
