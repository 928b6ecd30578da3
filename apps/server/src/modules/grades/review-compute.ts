// The annual review compute: every active or probation worker of the run's subtree gets one
// proposal under the grade ladder governing their unit on the review date — promoted (years in
// grade reached and last year's annual rating one the ladder requires, per core's
// promotionProposal) or blocked, with the reason either way and the ladder's id and version.
// One set-based read (workers + open grade history + last year's rating), the rule engine in
// Node, and COPY into grade_review_proposal: 100,000 workers in a few seconds.
import {
  ASSESSMENT_RATINGS,
  completedYears,
  promotionProposal,
  RuleEngineError,
  type AssessmentRating,
} from '@cwp/core';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, DbOrTx } from '../../db/client';
import * as schema from '../../db/schema';
import { governingResolver, loadCandidates, type Candidate } from '../rule-sets/resolve';

/** Statuses whose workers a review considers. */
export const REVIEWED_STATUSES = ['active', 'probation'] as const;

export interface WorkerFacts extends Record<string, unknown> {
  id: string;
  org_unit_id: string;
  org_path: string;
  post: string;
  grade: number | null;
  qualification: string | null;
  grade_since: string | null;
  rating: string | null;
}

export interface ProposalRow {
  workerId: number;
  orgUnitId: number;
  orgPath: string;
  post: string;
  currentGrade: number | null;
  proposedGrade: number | null;
  outcome: 'promoted' | 'blocked';
  reason: string;
  yearsInGrade: number | null;
  gradeSince: string | null;
  lastRating: string | null;
  lastRatingYear: number | null;
  effectiveFrom: string | null;
  ruleSetId: number | null;
  ruleVersionNo: number | null;
}

export interface ReviewScope {
  id: number;
  orgPath: string;
  year: number;
  reviewDate: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const isRating = (v: string | null): v is AssessmentRating =>
  v !== null && (ASSESSMENT_RATINGS as readonly string[]).includes(v);

type GoverningRule = Candidate<'grade_scheme'> | null;

interface Decision {
  proposedGrade: number | null;
  outcome: 'promoted' | 'blocked';
  reason: string;
}

/**
 * Remembers answers across the workers of a run: a proposal depends only on the ladder, post,
 * grade, qualification, rating and years in grade (capped at the longest step, beyond which more
 * years change nothing), and years depend only on the two dates — so 100,000 workers need a few
 * thousand engine calls and date computations, not 100,000 of each.
 */
export class ProposalMemo {
  private readonly years = new Map<string, number>();
  private readonly decisions = new Map<string, Decision>();
  private readonly longestStep = new Map<number, number>();

  yearsBetween(since: string, until: string): number {
    const key = `${since}|${until}`;
    let y = this.years.get(key);
    if (y === undefined) {
      y = completedYears(since, until);
      this.years.set(key, y);
    }
    return y;
  }

  decide(
    rule: NonNullable<GoverningRule>,
    post: string,
    grade: number,
    qualification: string | null,
    rating: AssessmentRating | null,
    years: number,
  ): Decision {
    let cap = this.longestStep.get(rule.id);
    if (cap === undefined) {
      cap = Math.max(
        rule.content.yearsPerStep,
        ...rule.content.posts.map((p) => p.yearsPerStep ?? 0),
      );
      this.longestStep.set(rule.id, cap);
    }
    const key = `${rule.id}|${post}|${grade}|${qualification ?? ''}|${rating ?? ''}|${Math.min(years, cap)}`;
    let d = this.decisions.get(key);
    if (d === undefined) {
      try {
        const p = promotionProposal(rule.content, {
          post,
          grade,
          yearsSinceLastPromotion: years,
          lastRating: rating,
          qualification,
        });
        d = {
          proposedGrade: p.newGrade,
          outcome: p.promote ? 'promoted' : 'blocked',
          reason: p.reason,
        };
      } catch (e) {
        if (!(e instanceof RuleEngineError)) throw e;
        d = { proposedGrade: grade, outcome: 'blocked', reason: e.message };
      }
      this.decisions.set(key, d);
    }
    return d;
  }
}

/** The proposal of one worker (pure: the facts and the governing ladder). */
export function proposalOf(
  w: WorkerFacts,
  rule: GoverningRule,
  year: number,
  memo: ProposalMemo = new ProposalMemo(),
): ProposalRow {
  const rating = isRating(w.rating) ? w.rating : null;
  const row: ProposalRow = {
    workerId: Number(w.id),
    orgUnitId: Number(w.org_unit_id),
    orgPath: w.org_path,
    post: w.post,
    currentGrade: w.grade,
    proposedGrade: w.grade,
    outcome: 'blocked',
    reason: '',
    yearsInGrade: null,
    gradeSince: w.grade_since,
    lastRating: rating,
    lastRatingYear: rating === null ? null : year - 1,
    effectiveFrom: null,
    ruleSetId: rule?.id ?? null,
    ruleVersionNo: rule?.versionNo ?? null,
  };
  if (!rule) {
    row.reason = '所在单位没有生效的岗位等级规则';
    return row;
  }
  if (w.grade === null) {
    row.reason = '尚未定级，请先定级';
    return row;
  }
  const effectiveFrom = `${year}-${pad2(rule.content.promotion.effectiveMonth)}-01`;
  row.effectiveFrom = effectiveFrom;
  const since = w.grade_since;
  if (!since || since > effectiveFrom) {
    row.reason = '等级记录的起始日期晚于晋级生效日期，暂不晋级';
    return row;
  }
  const years = memo.yearsBetween(since, effectiveFrom);
  const d = memo.decide(rule, w.post, w.grade, w.qualification, rating, years);
  row.yearsInGrade = years;
  row.proposedGrade = d.proposedGrade;
  row.outcome = d.outcome;
  row.reason = d.reason;
  return row;
}

const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
const cn = (v: number | null) => (v === null ? '\\N' : String(v));
const ct = (v: string | null) =>
  v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch] ?? ch);

/**
 * Computes and stores the proposals of a review inside the caller's transaction on `client`
 * (COPY needs the raw client). Replaces any proposals the run already has.
 */
export async function computeProposalsOn(
  client: pg.PoolClient,
  review: ReviewScope,
  onProgress?: (percent: number) => Promise<void>,
): Promise<{ total: number }> {
  const tx: Db = drizzle(client, { schema });
  const prefix = `${review.orgPath}%`;
  const [candidates, facts] = await Promise.all([
    loadCandidates(tx, 'grade_scheme', review.orgPath, review.reviewDate),
    tx.execute<WorkerFacts>(sql`
      with w as (
        select id, org_unit_id, org_path, post, grade, qualification, hire_date
          from worker
         where org_path like ${prefix} and status in ('active', 'probation')
      ), g as (
        select h.worker_id, max(h.effective_from) as since
          from worker_history h join w on w.id = h.worker_id
         where h.kind = 'grade' and h.effective_to is null
         group by h.worker_id
      )
      select w.id, w.org_unit_id, w.org_path, w.post, w.grade, w.qualification,
             to_char(coalesce(g.since, w.hire_date), 'YYYY-MM-DD') as grade_since, a.rating
        from w
        left join g on g.worker_id = w.id
        left join assessment_result a
          on a.worker_id = w.id and a.year = ${review.year - 1} and a.period = 'annual'
       order by w.id`),
  ]);
  await onProgress?.(30);
  await client.query('delete from grade_review_proposal where review_id = $1', [review.id]);
  const resolve = governingResolver(candidates);
  const byPath = new Map<string, GoverningRule>();
  const governing = (path: string): GoverningRule => {
    let rule = byPath.get(path);
    if (rule === undefined) {
      rule = resolve(path);
      byPath.set(path, rule);
    }
    return rule;
  };
  const memo = new ProposalMemo();
  const stream = client.query(
    copyFrom(`copy grade_review_proposal (review_id, worker_id, org_unit_id, org_path, post,
      current_grade, proposed_grade, outcome, reason, years_in_grade, grade_since, last_rating,
      last_rating_year, effective_from, rule_set_id, rule_version_no) from stdin`),
  );
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  done.catch(() => undefined);
  let buf = '';
  const rows = facts.rows;
  const step = Math.max(1, Math.floor(rows.length / 5));
  for (let i = 0; i < rows.length; i++) {
    const w = rows[i] as WorkerFacts;
    const p = proposalOf(w, governing(w.org_path), review.year, memo);
    buf +=
      `${review.id}\t${p.workerId}\t${p.orgUnitId}\t${p.orgPath}\t${ct(p.post)}\t` +
      `${cn(p.currentGrade)}\t${cn(p.proposedGrade)}\t${p.outcome}\t${ct(p.reason)}\t` +
      `${cn(p.yearsInGrade)}\t${p.gradeSince ?? '\\N'}\t${p.lastRating ?? '\\N'}\t` +
      `${cn(p.lastRatingYear)}\t${p.effectiveFrom ?? '\\N'}\t${cn(p.ruleSetId)}\t` +
      `${cn(p.ruleVersionNo)}\n`;
    if (buf.length >= 1 << 16) {
      const chunk = buf;
      buf = '';
      if (!stream.write(chunk)) {
        await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), done]);
      }
    }
    if (onProgress && i > 0 && i % step === 0) {
      await onProgress(30 + Math.round((i / rows.length) * 60));
    }
  }
  stream.end(buf);
  await done;
  return { total: rows.length };
}

/** Refreshes a review's totals from its proposals. */
export async function refreshTotals(db: DbOrTx, reviewId: number): Promise<void> {
  await db.execute(sql`
    update grade_review r set
      total = s.total, promoted = s.promoted, blocked = s.blocked,
      excluded = s.excluded, adjusted = s.adjusted, updated_at = now()
      from (select count(*)::int as total,
                   count(*) filter (where not excluded and adjusted_grade is null
                                      and outcome = 'promoted')::int as promoted,
                   count(*) filter (where not excluded and adjusted_grade is null
                                      and outcome = 'blocked')::int as blocked,
                   count(*) filter (where excluded)::int as excluded,
                   count(*) filter (where not excluded and adjusted_grade is not null)::int as adjusted
              from grade_review_proposal where review_id = ${reviewId}) s
     where r.id = ${reviewId}`);
}

/** SQL for the grade a proposal applies, or null when nothing changes. */
export const FINAL_GRADE = sql.raw(`case when p.excluded then null
  when coalesce(p.adjusted_grade, p.proposed_grade) is distinct from p.current_grade
  then coalesce(p.adjusted_grade, p.proposed_grade) end`);
