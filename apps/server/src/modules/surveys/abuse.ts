// Abuse signals for the organiser (异常提示). They never name an answer, a code or an address:
// a flag is a kind, a day and a count. Identical answer patterns arriving in a short span are
// noticed in memory as answers come in (per instance); straight-lining and repeated patterns per
// day are counted from the stored answers when the results are read.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { todayIso } from '../workers/mapping';

export const BURST_WINDOW_MS = 10 * 60_000;
export const BURST_THRESHOLD = 10;

/** Sliding windows of arrival times per campaign and answer pattern (in memory, bounded). */
export class BurstDetector {
  private readonly seen = new Map<string, number[]>();
  constructor(
    private readonly windowMs = BURST_WINDOW_MS,
    readonly threshold = BURST_THRESHOLD,
  ) {}

  /** Records an arrival; true when this arrival makes the pattern reach the threshold again. */
  note(campaignId: number, pattern: string, now = Date.now()): boolean {
    const key = `${campaignId}:${pattern}`;
    const times = (this.seen.get(key) ?? []).filter((t) => now - t < this.windowMs);
    times.push(now);
    this.seen.set(key, times);
    if (this.seen.size > 50_000) this.prune(now);
    return times.length >= this.threshold && times.length % this.threshold === 0;
  }

  private prune(now: number) {
    for (const [k, times] of this.seen) {
      if (times.every((t) => now - t >= this.windowMs)) this.seen.delete(k);
    }
    if (this.seen.size > 50_000) this.seen.clear();
  }
}

export type FlagKind = 'identical_burst' | 'rejected_codes' | 'rate_limited';

/** Adds to today's count of a flag kind for the campaign. */
export async function raiseFlag(
  db: DbOrTx,
  campaignId: number,
  kind: FlagKind,
  by = 1,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.execute(sql`
    insert into survey_flag (campaign_id, kind, day, count, detail)
    select ${campaignId}, ${kind}, ${todayIso()}::date, ${by}, ${JSON.stringify(detail)}::jsonb
     where exists (select 1 from survey_campaign where id = ${campaignId})
    on conflict (campaign_id, kind, day)
    do update set count = survey_flag.count + excluded.count,
                  detail = survey_flag.detail || excluded.detail`);
}

export interface DerivedFlag {
  kind: 'identical_burst' | 'straight_lining';
  day: string;
  count: number;
  detail: Record<string, unknown>;
}

/**
 * Flags computed from the stored answers: per day, answers that share one pattern with at least
 * `minRepeat` others, and straight-lined answers (every rating the same) when they are more than
 * a fifth of the day's answers.
 */
export async function derivedFlags(
  db: DbOrTx,
  campaignId: number,
  minRepeat = BURST_THRESHOLD,
): Promise<DerivedFlag[]> {
  const rows = await db.execute<{
    day: string;
    total: number;
    straight: number;
    repeated: number;
    patterns: number;
  }>(sql`
    with per_day as (
      select answered_on, count(*)::int as total,
             count(*) filter (where straight_lined)::int as straight
        from survey_response where campaign_id = ${campaignId} group by answered_on
    ), reps as (
      select answered_on, count(*)::int as patterns, sum(n)::int as repeated
        from (select answered_on, pattern_hash, count(*) as n from survey_response
               where campaign_id = ${campaignId} group by 1, 2
              having count(*) >= ${minRepeat}) p
       group by answered_on
    )
    select d.answered_on::text as day, d.total, d.straight,
           coalesce(r.repeated, 0) as repeated, coalesce(r.patterns, 0) as patterns
      from per_day d left join reps r using (answered_on)
     order by d.answered_on`);
  const out: DerivedFlag[] = [];
  for (const r of rows.rows) {
    if (r.repeated > 0) {
      out.push({
        kind: 'identical_burst',
        day: r.day,
        count: r.repeated,
        detail: { patterns: r.patterns, total: r.total },
      });
    }
    if (r.straight > 0 && r.straight * 5 > r.total) {
      out.push({
        kind: 'straight_lining',
        day: r.day,
        count: r.straight,
        detail: { total: r.total },
      });
    }
  }
  return out;
}
