// Survey results (测评结果): satisfaction per worker and for the community team of each campaign,
// with the campaign's minimum sample rules checked. The assessment cycles read
// satisfactionByWorker for the resident-satisfaction dimension and its veto rule.
//
// Only mixed answers (survey_response) are counted. Answers still in the ballot box are counted
// as a number, never read: while there are any, the results say how many and are not valid (an
// open campaign mixes only full batches, see mixer.ts; a closed one is mixed at the close, by the
// results request and by the survey.mix job, so pending answers there are a passing state).
import type { SurveyResults } from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { DbOrTx } from '../../db/client';
import { derivedFlags } from './abuse';
import { mixBatchSize } from './mixer';

export interface SampleRules {
  minRespondents: number;
  minOrdinaryPct: number;
}

export interface SampleCheck {
  respondents: number;
  ordinary: number;
  ordinaryPct: number;
  valid: boolean;
  reasons: string[];
}

/** Percent with one decimal; 0 when there is nothing to divide. */
export function pct(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

/** Why results are incomplete while answers wait in the ballot box (Chinese). */
export function pendingReason(pending: number, batch = mixBatchSize()): string {
  return `另有 ${pending} 份答卷已收到、尚未计入结果（为保护匿名，每满 ${batch} 份或测评结束时打乱后一并计入）`;
}

/** Answers waiting in the ballot box, per campaign (a count: the mixer alone reads ballots). */
export async function pendingBallots(
  db: DbOrTx,
  campaignIds: number[],
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (campaignIds.length === 0) return out;
  const { rows } = await db.execute<{ campaign_id: number; n: number }>(sql`
    select campaign_id, count(*)::int as n from survey_ballot
     where campaign_id = any(array[${sql.join(
       campaignIds.map((id) => sql`${id}`),
       sql`, `,
     )}]::bigint[])
     group by campaign_id`);
  for (const r of rows) out.set(Number(r.campaign_id), r.n);
  return out;
}

/** The minimum sample rules of a campaign applied to its respondents (pure). */
export function checkSample(
  rules: SampleRules,
  respondents: number,
  ordinary: number,
): SampleCheck {
  const ordinaryPct = pct(ordinary, respondents);
  const reasons: string[] = [];
  if (respondents < rules.minRespondents) {
    reasons.push(`有效答卷 ${respondents} 份，少于最低样本 ${rules.minRespondents} 份`);
  }
  if (respondents === 0 || ordinaryPct < rules.minOrdinaryPct) {
    reasons.push(`普通居民占比 ${ordinaryPct}%，低于要求的 ${rules.minOrdinaryPct}%`);
  }
  return { respondents, ordinary, ordinaryPct, valid: reasons.length === 0, reasons };
}

export interface RatingTally {
  ratings: number;
  satisfied: number;
  sum: number;
  respondents: number;
}

export interface CampaignTallies {
  respondents: number;
  ordinary: number;
  /** key: worker id, or 0 for the community team; then question key. */
  byTarget: Map<number, { total: RatingTally; byQuestion: Map<string, RatingTally> }>;
}

const emptyTally = (): RatingTally => ({ ratings: 0, satisfied: 0, sum: 0, respondents: 0 });

/**
 * Counts of the anonymous answers of some campaigns, per target and question. With `targets`,
 * `byTarget` holds only those workers (the campaign-wide respondent counts stay whole).
 */
export async function tallyCampaigns(
  db: DbOrTx,
  campaignIds: number[],
  targets?: readonly number[],
): Promise<Map<number, CampaignTallies>> {
  const out = new Map<number, CampaignTallies>();
  if (campaignIds.length === 0) return out;
  const ids = sql`array[${sql.join(
    campaignIds.map((id) => sql`${id}`),
    sql`, `,
  )}]::bigint[]`;
  const onlyTargets = targets
    ? sql` and (a->>'w')::bigint = any(${sql.param(targets)}::bigint[])`
    : sql``;
  const heads = await db.execute<{ campaign_id: number; n: number; ordinary: number }>(sql`
    select campaign_id, count(*)::int as n,
           count(*) filter (where respondent_type = 'ordinary')::int as ordinary
      from survey_response where campaign_id = any(${ids}) group by campaign_id`);
  for (const id of campaignIds) out.set(id, { respondents: 0, ordinary: 0, byTarget: new Map() });
  for (const h of heads.rows) {
    const t = out.get(Number(h.campaign_id));
    if (t) {
      t.respondents = h.n;
      t.ordinary = h.ordinary;
    }
  }
  const rows = await db.execute<{
    campaign_id: number;
    w: number;
    q: string;
    ratings: number;
    satisfied: number;
    sum: number;
    respondents: number;
  }>(sql`
    select r.campaign_id, coalesce((a->>'w')::bigint, 0) as w, a->>'q' as q,
           count(*)::int as ratings,
           count(*) filter (where (a->>'r')::int >= c.satisfied_min)::int as satisfied,
           sum((a->>'r')::int)::int as sum,
           count(distinct r.id)::int as respondents
      from survey_response r
      join survey_campaign c on c.id = r.campaign_id
      cross join lateral jsonb_array_elements(r.answers) a
     where r.campaign_id = any(${ids})${onlyTargets}
     group by 1, 2, 3`);
  const respondentsPerTarget = await db.execute<{ campaign_id: number; w: number; n: number }>(sql`
    select r.campaign_id, coalesce((a->>'w')::bigint, 0) as w, count(distinct r.id)::int as n
      from survey_response r cross join lateral jsonb_array_elements(r.answers) a
     where r.campaign_id = any(${ids})${onlyTargets}
     group by 1, 2`);
  for (const row of rows.rows) {
    const t = out.get(Number(row.campaign_id));
    if (!t) continue;
    const w = Number(row.w);
    let target = t.byTarget.get(w);
    if (!target) {
      target = { total: emptyTally(), byQuestion: new Map() };
      t.byTarget.set(w, target);
    }
    const q: RatingTally = {
      ratings: row.ratings,
      satisfied: row.satisfied,
      sum: row.sum,
      respondents: row.respondents,
    };
    target.byQuestion.set(row.q, q);
    target.total.ratings += q.ratings;
    target.total.satisfied += q.satisfied;
    target.total.sum += q.sum;
  }
  for (const row of respondentsPerTarget.rows) {
    const target = out.get(Number(row.campaign_id))?.byTarget.get(Number(row.w));
    if (target) target.total.respondents = row.n;
  }
  return out;
}

export interface WorkerSatisfaction {
  satisfactionPct: number;
  respondents: number;
  valid: boolean;
  reasons: string[];
}

/**
 * Resident satisfaction per worker of the subtree `orgPath` for `year`, from the closed or
 * published campaigns of that year (all periods together). satisfactionPct is the share of the
 * worker's ratings at or above the campaign's "satisfied" level. `valid` is false when a campaign
 * the worker was rated in missed its minimum sample rules or still has answers in the ballot box
 * (not yet mixed: normally mixed at the close), or when nobody rated the worker; the
 * reasons say why in Chinese. With `workerIds` (a page of a list) only those workers are read,
 * and only the campaigns they were rated in are tallied.
 */
export async function satisfactionByWorker(
  db: DbOrTx,
  input: { year: number; orgPath: string; workerIds?: readonly number[] },
): Promise<Map<number, WorkerSatisfaction>> {
  const campaigns = await db.execute<{
    id: number;
    title: string;
    min_respondents: number;
    min_ordinary_pct: number;
  }>(sql`
    select id, title, min_respondents, min_ordinary_pct from survey_campaign
     where year = ${input.year} and status in ('closed', 'published')
       and org_path like ${`${input.orgPath}%`}
     order by id`);
  const out = new Map<number, WorkerSatisfaction>();
  if (campaigns.rows.length === 0) return out;
  const only = input.workerIds;
  const members = await db.execute<{ campaign_id: number; worker_id: number }>(sql`
    select campaign_id, worker_id from survey_campaign_worker
     where campaign_id = any(array[${sql.join(
       campaigns.rows.map((c) => sql`${Number(c.id)}`),
       sql`, `,
     )}]::bigint[])${only ? sql` and worker_id = any(${sql.param(only)}::bigint[])` : sql``}`);
  const ids = only
    ? [...new Set(members.rows.map((m) => Number(m.campaign_id)))]
    : campaigns.rows.map((c) => Number(c.id));
  if (ids.length === 0) return out;
  const tallies = await tallyCampaigns(db, ids, only);
  const pending = await pendingBallots(db, ids);
  const acc = new Map<
    number,
    { ratings: number; satisfied: number; respondents: number; reasons: string[] }
  >();
  const byId = new Map(campaigns.rows.map((c) => [Number(c.id), c]));
  for (const m of members.rows) {
    const campaign = byId.get(Number(m.campaign_id));
    const t = tallies.get(Number(m.campaign_id));
    if (!campaign || !t) continue;
    const workerId = Number(m.worker_id);
    let a = acc.get(workerId);
    if (!a) {
      a = { ratings: 0, satisfied: 0, respondents: 0, reasons: [] };
      acc.set(workerId, a);
    }
    const check = checkSample(
      { minRespondents: campaign.min_respondents, minOrdinaryPct: campaign.min_ordinary_pct },
      t.respondents,
      t.ordinary,
    );
    for (const r of check.reasons) a.reasons.push(`${campaign.title}：${r}`);
    const waiting = pending.get(Number(m.campaign_id)) ?? 0;
    if (waiting > 0) a.reasons.push(`${campaign.title}：${pendingReason(waiting)}`);
    const mine = t.byTarget.get(workerId)?.total;
    if (mine) {
      a.ratings += mine.ratings;
      a.satisfied += mine.satisfied;
      a.respondents += mine.respondents;
    }
  }
  for (const [workerId, a] of acc) {
    const reasons = [...a.reasons];
    if (a.ratings === 0) reasons.push('没有居民对其作出评价');
    out.set(workerId, {
      satisfactionPct: pct(a.satisfied, a.ratings),
      respondents: a.respondents,
      valid: reasons.length === 0,
      reasons,
    });
  }
  return out;
}

// ---- one campaign's results (organiser screen and export) ----

function tallyView(t: RatingTally | undefined, byQuestion: Map<string, RatingTally> | undefined) {
  const avg = (x: RatingTally) => (x.ratings > 0 ? Math.round((x.sum / x.ratings) * 100) / 100 : 0);
  const total = t ?? emptyTally();
  return {
    respondents: total.respondents,
    ratings: total.ratings,
    satisfactionPct: pct(total.satisfied, total.ratings),
    averageRating: avg(total),
    byQuestion: [...(byQuestion ?? new Map<string, RatingTally>())].map(([questionKey, q]) => ({
      questionKey,
      ratings: q.ratings,
      satisfactionPct: pct(q.satisfied, q.ratings),
      averageRating: avg(q),
    })),
  };
}

export async function campaignResults(
  db: DbOrTx,
  campaign: { id: number; min_respondents: number; min_ordinary_pct: number },
  workers: { workerId: number; name: string }[],
): Promise<SurveyResults> {
  const id = Number(campaign.id);
  const t = (await tallyCampaigns(db, [id])).get(id)!;
  const check = checkSample(
    { minRespondents: campaign.min_respondents, minOrdinaryPct: campaign.min_ordinary_pct },
    t.respondents,
    t.ordinary,
  );
  const waiting = (await pendingBallots(db, [id])).get(id) ?? 0;
  if (waiting > 0) {
    check.reasons.push(pendingReason(waiting));
    check.valid = false;
  }
  const types = await db.execute<{ respondent_type: string; n: number }>(sql`
    select respondent_type, count(*)::int as n from survey_response
     where campaign_id = ${id} group by 1`);
  const stored = await db.execute<{
    kind: string;
    day: string;
    count: number;
    detail: Record<string, unknown>;
  }>(
    sql`select kind, day::text as day, count, detail from survey_flag
         where campaign_id = ${id} order by day, kind`,
  );
  const derived = await derivedFlags(db, id);
  const team = t.byTarget.get(0);
  return {
    campaignId: id,
    respondents: t.respondents,
    ordinary: t.ordinary,
    ordinaryPct: check.ordinaryPct,
    valid: check.valid,
    reasons: check.reasons,
    byRespondentType: Object.fromEntries(types.rows.map((r) => [r.respondent_type, r.n])),
    team: tallyView(team?.total, team?.byQuestion),
    workers: workers.map((w) => {
      const mine = t.byTarget.get(w.workerId);
      return { workerId: w.workerId, name: w.name, ...tallyView(mine?.total, mine?.byQuestion) };
    }),
    flags: [
      ...stored.rows.map((f) => ({
        kind: f.kind as SurveyResults['flags'][number]['kind'],
        day: f.day,
        count: f.count,
        detail: f.detail,
      })),
      ...derived,
    ],
  };
}

const TYPE_LABELS: Record<string, string> = {
  ordinary: '普通居民',
  representative: '居民代表',
  party_member: '党员',
  grid_member: '网格员/楼栋长',
  other: '其他',
};

/** The results as an .xlsx workbook: summary, per worker, per question. */
export async function resultsWorkbook(
  title: string,
  questions: { key: string; text: string }[],
  r: SurveyResults,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet('汇总');
  summary.columns = [
    { header: '项目', key: 'k', width: 24 },
    { header: '数值', key: 'v', width: 60 },
  ];
  summary.addRows([
    { k: '测评', v: title },
    { k: '有效答卷', v: r.respondents },
    { k: '普通居民占比（%）', v: r.ordinaryPct },
    { k: '样本是否达标', v: r.valid ? '达标' : '未达标' },
    { k: '未达标原因', v: r.reasons.join('；') },
    { k: '社区团队满意率（%）', v: r.team.satisfactionPct },
    { k: '社区团队平均分', v: r.team.averageRating },
    ...Object.entries(r.byRespondentType).map(([k, v]) => ({
      k: `答卷人：${TYPE_LABELS[k] ?? k}`,
      v,
    })),
  ]);
  const byWorker = wb.addWorksheet('社区工作者');
  byWorker.columns = [
    { header: '姓名', key: 'name', width: 16 },
    { header: '评价人数', key: 'respondents', width: 10 },
    { header: '满意率（%）', key: 'pct', width: 12 },
    { header: '平均分', key: 'avg', width: 10 },
  ];
  for (const w of r.workers) {
    byWorker.addRow({
      name: w.name,
      respondents: w.respondents,
      pct: w.satisfactionPct,
      avg: w.averageRating,
    });
  }
  const byQ = wb.addWorksheet('分题');
  byQ.columns = [
    { header: '对象', key: 'who', width: 16 },
    { header: '题目', key: 'q', width: 40 },
    { header: '满意率（%）', key: 'pct', width: 12 },
    { header: '平均分', key: 'avg', width: 10 },
  ];
  const text = new Map(questions.map((q) => [q.key, q.text]));
  for (const q of r.team.byQuestion) {
    byQ.addRow({
      who: '社区团队',
      q: text.get(q.questionKey) ?? q.questionKey,
      pct: q.satisfactionPct,
      avg: q.averageRating,
    });
  }
  for (const w of r.workers) {
    for (const q of w.byQuestion) {
      byQ.addRow({
        who: w.name,
        q: text.get(q.questionKey) ?? q.questionKey,
        pct: q.satisfactionPct,
        avg: q.averageRating,
      });
    }
  }
  for (const ws of [summary, byWorker, byQ]) ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
