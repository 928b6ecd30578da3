// The survey mixer: moves answers from the ballot box (survey_ballot) into survey_response in
// shuffled batches, so that nothing readable with SQL pairs an answer with its code.
//
// A submission spends its code and inserts its ballot in one statement: until the mix, the code
// row and the ballot share a transaction id (`xmin`) and both sit in arrival order on their pages.
// The mix, per campaign and in ONE transaction: deletes the campaign's pending ballots, inserts
// them into survey_response in random order (new random ids), and rewrites every code spent since
// the last mix (`pending`) in another random order. Every answer and every code of the batch then
// carries the mixer's transaction id, and the physical order within the batch is shuffled on both
// sides, independently. Right after the commit the ballot and code tables are vacuumed (outside
// the transaction) so the dead versions that still carried the submissions' ids are gone.
//
// When: a campaign that still takes answers is mixed once at least K ballots are pending
// (SURVEY_MIX_BATCH, default 20), never for fewer — a smaller batch, e.g. one forced by asking
// for results after every answer, would let the organiser pair that answer with its code. A
// campaign that no longer takes answers (closed, published, or past its closing day) is mixed
// whatever is pending (the close and the results flush it); if that final batch is smaller than
// K, it is topped up with randomly chosen answers and codes already mixed, so it again holds K of
// each (fewer only when the campaign has fewer than K answers in all).
//
// Who: a `survey.mix` job (modules/jobs): every instance checks every SURVEY_MIX_INTERVAL_SECONDS
// (default 30) whether a campaign is due and enqueues one job unless one is queued or running
// (under an advisory lock); the runner hands it to exactly one instance (SKIP LOCKED). A per-
// campaign advisory lock keeps two mixes of one campaign (the job, a close, a results request)
// from overlapping; a ballot is deleted in the transaction that moves it, so none is mixed twice.
import { randomInt, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { Db } from '../../db/client';
import type { JobRunner } from '../jobs/runner';
import { todayIso } from '../workers/mapping';

export const SURVEY_MIX_JOB = 'survey.mix';
/** Advisory lock class of one campaign's mix: (MIX_LOCK, campaign id). */
const MIX_LOCK = 7420101;
const INSERT_CHUNK = 2000;
const UPDATE_CHUNK = 500;

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? '');
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** K: the smallest batch mixed while a campaign still takes answers. */
export function mixBatchSize(): number {
  return envInt('SURVEY_MIX_BATCH', 20);
}

function mixIntervalMs(): number {
  return envInt('SURVEY_MIX_INTERVAL_SECONDS', 30) * 1000;
}

/** Fisher–Yates with a cryptographic source, in place. */
export function shuffle<T>(items: T[], rand: (n: number) => number = randomInt): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

interface AnswerRow {
  answered_on: string;
  respondent_type: string;
  answers: unknown;
  comment: string | null;
  pattern_hash: string;
  straight_lined: boolean;
}

export interface MixResult {
  /** Ballots moved into survey_response. */
  answers: number;
  /** Codes spent since the last mix, rewritten. */
  codes: number;
  /** Already mixed answers (and as many codes) added to a small final batch. */
  toppedUp: number;
}

const NOTHING: MixResult = { answers: 0, codes: 0, toppedUp: 0 };

const ANSWER_COLS = `answered_on::text as answered_on, respondent_type, answers, comment,
                     pattern_hash, straight_lined`;

async function insertShuffled(client: pg.PoolClient, campaignId: number, rows: AnswerRow[]) {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({ ...r, id: randomUUID() }));
    // ORDER BY n: rows are written in the (shuffled) order of the array.
    await client.query(
      `insert into survey_response (id, campaign_id, answered_on, respondent_type, answers, comment,
                                    pattern_hash, straight_lined)
       select (e->>'id')::uuid, $1, (e->>'answered_on')::date, e->>'respondent_type', e->'answers',
              e->>'comment', e->>'pattern_hash', (e->>'straight_lined')::boolean
         from jsonb_array_elements($2::jsonb) with ordinality as x(e, n)
        order by n`,
      [campaignId, JSON.stringify(chunk)],
    );
  }
}

async function rewriteCodes(client: pg.PoolClient, ids: number[]) {
  // One UPDATE per row, sent in chunks as multi-statement queries, so the rows are written in
  // exactly the shuffled order (a set-based UPDATE writes them in scan order). Ids are integers.
  for (let i = 0; i < ids.length; i += UPDATE_CHUNK) {
    await client.query(
      ids
        .slice(i, i + UPDATE_CHUNK)
        .map((id) => `update survey_code set pending = false where id = ${Math.trunc(id)};`)
        .join('\n'),
    );
  }
}

/**
 * Mixes one campaign if it is due (see the file comment), in one transaction. `wait`: wait for a
 * mix of the same campaign that is running (a close, a results request); otherwise skip it.
 * Does not vacuum: call vacuumAfterMix afterwards, outside any transaction.
 */
export async function mixCampaign(
  client: pg.PoolClient,
  campaignId: number,
  opts: { wait: boolean; batch?: number },
): Promise<MixResult> {
  const k = opts.batch ?? mixBatchSize();
  await client.query('begin');
  try {
    const locked = await client.query<{ ok: boolean }>(
      opts.wait
        ? `select true as ok from pg_advisory_xact_lock(${MIX_LOCK}, $1::int)`
        : `select pg_try_advisory_xact_lock(${MIX_LOCK}, $1::int) as ok`,
      [campaignId],
    );
    const state = locked.rows[0]?.ok
      ? (
          await client.query<{ ended: boolean; pending: number }>(
            `select (c.status <> 'open' or c.closes_on < $2::date) as ended,
                    (select count(*)::int from survey_ballot b where b.campaign_id = c.id) as pending
               from survey_campaign c where c.id = $1`,
            [campaignId, todayIso()],
          )
        ).rows[0]
      : undefined;
    if (!state || (!state.ended && state.pending < k) || (state.ended && state.pending === 0)) {
      await client.query('rollback');
      return NOTHING;
    }
    // One statement, so one snapshot: the ballots taken and the codes marked pending are exactly
    // the submissions committed before it (a submission writes both or neither).
    const taken = (
      await client.query<{ ballots: AnswerRow[]; codes: number[] }>(
        `with moved as (delete from survey_ballot where campaign_id = $1 returning ${ANSWER_COLS})
         select (select coalesce(jsonb_agg(to_jsonb(moved)), '[]'::jsonb) from moved) as ballots,
                (select coalesce(jsonb_agg(id), '[]'::jsonb) from survey_code
                  where campaign_id = $1 and pending) as codes`,
        [campaignId],
      )
    ).rows[0]!;
    const answers = taken.ballots;
    const codes = taken.codes.map(Number);
    let toppedUp = 0;
    if (state.ended && answers.length < k) {
      const extra = k - answers.length;
      const oldAnswers = await client.query<AnswerRow>(
        `delete from survey_response
          where id in (select id from survey_response where campaign_id = $1
                        order by random() limit $2)
          returning ${ANSWER_COLS}`,
        [campaignId, extra],
      );
      const oldCodes = await client.query<{ id: number }>(
        `select id from survey_code where campaign_id = $1 and used_on is not null and not pending
          order by random() limit $2`,
        [campaignId, extra],
      );
      toppedUp = oldAnswers.rows.length;
      answers.push(...oldAnswers.rows);
      codes.push(...oldCodes.rows.map((r) => Number(r.id)));
    }
    await insertShuffled(client, campaignId, shuffle(answers));
    await rewriteCodes(client, shuffle(codes));
    await client.query('commit');
    return { answers: answers.length - toppedUp, codes: codes.length - toppedUp, toppedUp };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * Vacuums what a mix left dead: the deleted ballots and the old code versions (and the answers of
 * a top-up). Needs owner rights on the tables (the application's user owns them). A transaction
 * older than the mix that is still open keeps its dead versions until the next vacuum.
 */
export async function vacuumAfterMix(client: pg.PoolClient, toppedUp: boolean): Promise<void> {
  await client.query(
    toppedUp
      ? 'vacuum survey_ballot, survey_code, survey_response'
      : 'vacuum survey_ballot, survey_code',
  );
}

/** Mixes one campaign now if due (waiting for a running mix of it), then vacuums. */
export async function flushCampaign(pool: pg.Pool, campaignId: number): Promise<MixResult> {
  const client = await pool.connect();
  try {
    const r = await mixCampaign(client, campaignId, { wait: true });
    if (r.answers + r.codes + r.toppedUp > 0) await vacuumAfterMix(client, r.toppedUp > 0);
    return r;
  } finally {
    client.release();
  }
}

const DUE = `
  select b.campaign_id from survey_ballot b join survey_campaign c on c.id = b.campaign_id
   group by b.campaign_id, c.status, c.closes_on
  having count(*) >= $1 or c.status <> 'open' or c.closes_on < $2::date
   order by b.campaign_id`;

/** Mixes every due campaign (skipping one being mixed elsewhere), then vacuums once. */
export async function mixDue(
  pool: pg.Pool,
): Promise<{ campaigns: number; answers: number; codes: number }> {
  const client = await pool.connect();
  try {
    const due = await client.query<{ campaign_id: number }>(DUE, [mixBatchSize(), todayIso()]);
    const out = { campaigns: 0, answers: 0, codes: 0 };
    let toppedUp = false;
    for (const { campaign_id } of due.rows) {
      const r = await mixCampaign(client, Number(campaign_id), { wait: false });
      if (r.answers + r.codes + r.toppedUp === 0) continue;
      out.campaigns += 1;
      out.answers += r.answers;
      out.codes += r.codes;
      toppedUp ||= r.toppedUp > 0;
    }
    if (out.campaigns > 0) await vacuumAfterMix(client, toppedUp);
    return out;
  } finally {
    client.release();
  }
}

/**
 * Enqueues one `survey.mix` job when a campaign is due and no such job is queued or running;
 * returns its id, or null. Finished mix jobs older than a day are removed on the way.
 */
export async function claimMixRun(db: Db): Promise<number | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${SURVEY_MIX_JOB}))`);
    await tx.execute(sql`
      delete from job where kind = ${SURVEY_MIX_JOB} and status in ('succeeded', 'failed')
         and finished_at < now() - interval '1 day'`);
    const busy = await tx.execute(sql`
      select 1 from job where kind = ${SURVEY_MIX_JOB} and status in ('queued', 'running')
       limit 1`);
    if (busy.rows.length > 0) return null;
    const due = await tx.execute(sql`
      select 1 from survey_ballot b join survey_campaign c on c.id = b.campaign_id
       group by b.campaign_id, c.status, c.closes_on
      having count(*) >= ${mixBatchSize()} or c.status <> 'open' or c.closes_on < ${todayIso()}::date
       limit 1`);
    if (due.rows.length === 0) return null;
    const { rows } = await tx.execute<{ id: number }>(
      sql`insert into job (kind, payload) values (${SURVEY_MIX_JOB}, '{}'::jsonb) returning id`,
    );
    return rows[0] ? Number(rows[0].id) : null;
  });
}

/**
 * Registers the mix job's handler and, unless `schedule` is false (tests call mixDue and
 * flushCampaign themselves), the check every SURVEY_MIX_INTERVAL_SECONDS.
 */
export function registerSurveyMixer(
  app: FastifyInstance,
  deps: { db: Db; pool: pg.Pool },
  runner: JobRunner,
  schedule: boolean,
): void {
  runner.register(SURVEY_MIX_JOB, () => mixDue(deps.pool));
  if (!schedule) return;
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    try {
      if ((await claimMixRun(deps.db)) !== null) runner.kick();
    } catch (err) {
      app.log.error({ err }, `${SURVEY_MIX_JOB} schedule failed`);
    }
  };
  app.addHook('onReady', async () => {
    void tick();
    timer = setInterval(() => void tick(), mixIntervalMs());
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
