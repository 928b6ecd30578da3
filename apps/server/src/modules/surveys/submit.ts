// The public survey form: checking an answer against its campaign and taking it with one
// statement that both uses the code and puts the answer into the ballot box (survey_ballot), so a
// code counts once even when two clients send it at the same moment (the UPDATE ... WHERE used_on
// IS NULL lets one through) and neither can happen without the other.
//
// Anonymity: the ballot gets the day only and nothing of the code; the code row gets the day it
// was used and `pending`. Both rows carry this statement's transaction id (`xmin`) and sit in the
// order of arrival until the mixer (mixer.ts) moves the ballots into survey_response in a shuffled
// batch and rewrites the spent codes in the same transaction. No audit row or log line is written
// per answer (an audit row would carry the time and address of the resident).
import type { SubmitSurveyBody } from '@cwp/contracts';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { AppError, fieldError } from '../../lib/errors';
import { todayIso } from '../workers/mapping';
import type { OpenCampaign } from './campaigns';

export const REFUSALS = {
  closed: '本次测评未在进行中，感谢您的关注。',
  unknown: '未找到该测评码，请核对纸条上的测评码后再试。',
  used: '该测评码已经使用过，每户只能提交一次，感谢您的参与。',
  expired: '该测评码已过有效期，感谢您的关心。',
} as const;

function refuse(kind: keyof typeof REFUSALS, status: 'BAD_REQUEST' | 'DUPLICATE' = 'BAD_REQUEST') {
  return new AppError(
    status,
    [{ path: kind === 'closed' ? '' : 'code', message: REFUSALS[kind] }],
    REFUSALS[kind],
  );
}

export function isOpenOn(c: Pick<OpenCampaign, 'status' | 'opensOn' | 'closesOn'>, day: string) {
  return c.status === 'open' && c.opensOn <= day && day <= c.closesOn;
}

export interface CheckedAnswers {
  answers: { q: string; w: number | null; r: number }[];
  patternHash: string;
  straightLined: boolean;
}

/**
 * Every question answered exactly once (worker questions once per listed worker), each rating
 * within 1..scaleMax, no worker outside the campaign's community list. Pure.
 */
export function checkAnswers(campaign: OpenCampaign, body: SubmitSurveyBody): CheckedAnswers {
  const byKey = new Map(campaign.questions.map((q) => [q.key, q]));
  const seen = new Set<string>();
  const answers: CheckedAnswers['answers'] = [];
  body.answers.forEach((a, i) => {
    const q = byKey.get(a.questionKey);
    if (!q) throw fieldError(`answers.${i}.questionKey`, '题目不存在');
    if (q.target === 'team' && a.workerId !== null) {
      throw fieldError(`answers.${i}.workerId`, '该题是对社区团队的评价，不针对个人');
    }
    if (q.target === 'worker') {
      if (a.workerId === null) throw fieldError(`answers.${i}.workerId`, '请选择评价的社区工作者');
      if (!campaign.workerIds.has(a.workerId)) {
        throw fieldError(`answers.${i}.workerId`, '该社区工作者不在本社区的测评名单中');
      }
    }
    if (a.rating > campaign.scaleMax) {
      throw fieldError(`answers.${i}.rating`, `评分不能超过满分 ${campaign.scaleMax} 分`);
    }
    const k = `${a.questionKey}|${a.workerId ?? ''}`;
    if (seen.has(k)) throw fieldError(`answers.${i}`, '同一题目重复作答');
    seen.add(k);
    answers.push({ q: a.questionKey, w: a.workerId, r: a.rating });
  });
  const expected =
    campaign.questions.filter((q) => q.target === 'team').length +
    campaign.questions.filter((q) => q.target === 'worker').length * campaign.workers.length;
  if (answers.length !== expected)
    throw fieldError('answers', '还有题目没有作答，请全部作答后提交');
  answers.sort((x, y) => (x.q === y.q ? (x.w ?? 0) - (y.w ?? 0) : x.q < y.q ? -1 : 1));
  const patternHash = createHash('sha256')
    .update(answers.map((a) => `${a.q}:${a.w ?? ''}:${a.r}`).join(','))
    .digest('base64url')
    .slice(0, 22);
  const straightLined = answers.length >= 5 && answers.every((a) => a.r === answers[0]!.r);
  return { answers, patternHash, straightLined };
}

/** Anything that runs a parameterised query (the pool, or a client in a transaction). */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    config: pg.QueryConfig,
  ): Promise<pg.QueryResult<R>>;
}

// A named (prepared) statement: parsed and planned once per connection, as it runs per answer.
const TAKE = `
  with used as (
    update survey_code k set used_on = $1::date, pending = true
      from survey_campaign c
     where k.code_hash = any($2::text[]) and k.campaign_id = $3
       and k.used_on is null and not k.revoked and k.expires_on >= $1::date
       and c.id = k.campaign_id and c.status = 'open'
       and c.opens_on <= $1::date and c.closes_on >= $1::date
    returning 1
  )
  insert into survey_ballot (campaign_id, answered_on, respondent_type, answers, comment,
                             pattern_hash, straight_lined)
  select $3, $1::date, $4, $5::jsonb, $6, $7, $8 from used`;

/**
 * Use the code and put the answer into the ballot box in one statement. Returns when taken;
 * throws a polite refusal (unknown, used, expired or campaign not open) otherwise.
 */
export async function takeAnswer(
  db: Queryable,
  campaignId: number,
  /** The code's hash under each configured key (codeLookup): one of them is the stored one. */
  codeHashes: readonly string[],
  checked: CheckedAnswers,
  body: Pick<SubmitSurveyBody, 'respondentType' | 'comment'>,
): Promise<void> {
  const day = todayIso();
  const taken = await db.query({
    name: 'survey_take_ballot',
    text: TAKE,
    values: [
      day,
      codeHashes,
      campaignId,
      body.respondentType,
      JSON.stringify(checked.answers),
      body.comment || null,
      checked.patternHash,
      checked.straightLined,
    ],
  });
  if (taken.rowCount === 1) return;
  const code = (
    await db.query<{ used: boolean; expired: boolean; revoked: boolean }>({
      text: `select used_on is not null as used, expires_on < $1::date as expired, revoked
               from survey_code where code_hash = any($2::text[]) and campaign_id = $3`,
      values: [day, codeHashes, campaignId],
    })
  ).rows[0];
  if (!code || code.revoked) throw refuse('unknown');
  if (code.used) throw refuse('used', 'DUPLICATE');
  if (code.expired) throw refuse('expired');
  throw refuse('closed');
}

export { refuse };
