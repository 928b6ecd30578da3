// Applying an approved review, inside the deciding transaction, set-based: every proposal whose
// final grade differs from the current one (promoted, or adjusted by HR, and not excluded) sets
// worker.grade, closes the worker's open grade history row and opens a new one from the
// proposal's effective date with the reason and the ladder version. A worker whose grade changed
// since the compute, who left, or whose current grade record starts after the effective date is
// left alone (counted as stale). One audit row summarises the run; the
// proposals stay as the per-worker record.
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { gradeReview } from '../../db/schema-grades';
import { writeAudit, type AuditContext } from '../../lib/audit';
import { FINAL_GRADE } from './review-compute';

type ReviewRow = typeof gradeReview.$inferSelect;

export async function applyReview(
  tx: Tx,
  ctx: AuditContext,
  review: ReviewRow,
  userId: number | null,
): Promise<{ applied: number; stale: number }> {
  const actor = ctx.actorName ?? 'system';
  await tx.execute(sql`
    create temp table grade_review_apply on commit drop as
    select p.worker_id, ${FINAL_GRADE} as grade, p.current_grade,
           coalesce(p.effective_from, ${review.reviewDate}::date) as effective_from,
           case when p.adjusted_grade is not null
                then '晋级评审调整：' || coalesce(p.hr_reason, '')
                else '年度晋级：' || p.reason end
             || case when p.rule_set_id is not null
                then '（规则集 ' || p.rule_set_id || ' 第 ' || p.rule_version_no || ' 版）' else '' end
             as reason
      from grade_review_proposal p
     where p.review_id = ${review.id}`);
  await tx.execute(sql`delete from grade_review_apply where grade is null`);
  const { rows: staleRows } = await tx.execute<{ n: number }>(sql`
    with gone as (
      delete from grade_review_apply a using worker w
       where w.id = a.worker_id
         and (w.grade is distinct from a.current_grade or w.status not in ('active', 'probation')
              or exists (select 1 from worker_history h
                          where h.worker_id = a.worker_id and h.kind = 'grade'
                            and h.effective_to is null and h.effective_from > a.effective_from))
      returning 1)
    select count(*)::int as n from gone`);
  await tx.execute(sql`analyze grade_review_apply`);
  await tx.execute(sql`
    update worker_history h set effective_to = a.effective_from
      from grade_review_apply a
     where h.worker_id = a.worker_id and h.kind = 'grade' and h.effective_to is null`);
  await tx.execute(sql`
    insert into worker_history (worker_id, kind, value, effective_from, reason, created_by)
    select worker_id, 'grade', grade::text, effective_from, reason, ${actor}
      from grade_review_apply`);
  const updated = await tx.execute(sql`
    update worker w set grade = a.grade, version = w.version + 1, updated_at = now(),
                        updated_by = ${actor}
      from grade_review_apply a
     where w.id = a.worker_id`);
  const applied = updated.rowCount ?? 0;
  const stale = staleRows[0]?.n ?? 0;
  const now = new Date();
  await tx
    .update(gradeReview)
    .set({
      status: 'applied',
      appliedBy: userId,
      appliedAt: now,
      appliedCount: applied,
      version: review.version + 1,
      updatedAt: now,
    })
    .where(eq(gradeReview.id, review.id));
  await writeAudit(tx, ctx, [
    {
      action: 'grade_review.apply',
      entityType: 'grade_review',
      entityId: review.id,
      orgPath: review.orgPath,
      changes: {
        status: { from: review.status, to: 'applied' },
        year: review.year,
        applied,
        stale,
        promoted: review.promoted,
        adjusted: review.adjusted,
        excluded: review.excluded,
      },
    },
  ]);
  return { applied, stale };
}
