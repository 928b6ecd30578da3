// Resident satisfaction surveys end to end through the real API: campaigns scoped to the
// organiser's subtree, one-time codes (once only, also under concurrent use; unknown, used and
// expired refused politely), answers checked against the campaign (a worker outside the community,
// a rating above the cap), anonymity (no column, timestamp or log line links an answer to its
// code; answers reach the results only through the mixer, in shuffled batches that no xmin join,
// ctid order or dead row version pairs with their codes), the sample rules, satisfactionByWorker
// for the assessment, the results and the export.
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { satisfactionByWorker, checkSample } from '../src/modules/surveys/results';
import { checkAnswers } from '../src/modules/surveys/submit';
import { codeHasher } from '../src/modules/surveys/campaigns';
import { claimMixRun, mixDue, shuffle, SURVEY_MIX_JOB } from '../src/modules/surveys/mixer';
import { redactUrl } from '../src/lib/request-log';
import { BurstDetector } from '../src/modules/surveys/abuse';
import { todayIso } from '../src/modules/workers/mapping';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { toArrayBuffer } from './excel-helpers';
import { capturedLog, demoTree, expectError, expectOk, one, rows } from './helpers';

let t: TestApp;
let street: Session;
let community: Session;
let tree: Awaited<ReturnType<typeof demoTree>>;
const c1Workers: number[] = [];
let c2Worker = 0;
const YEAR = new Date().getFullYear();
/** Campaigns closed by the tests before the assessment-feed test use another year. */
const OTHER_YEAR = YEAR - 1;

function daysFromToday(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

let seq = 0;
async function addWorker(unitId: number, name: string): Promise<number> {
  seq++;
  const r = await one<{ id: number }>(
    t,
    `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date, sex,
       ethnicity, political_status, phone_enc, phone_hash, phone_masked, category, org_unit_id,
       org_path, post, status, work_start_date, hire_date)
     values ($2, 'x', 'survey-test-' || $3::text, '3301**********0000', '1990-01-01', 'female',
       '01', '13', 'x', 'x', '139****0000', 'full_time', $1::bigint,
       (select path from org_unit where id = $1::bigint), '社区专职工作者', 'active',
       '2015-01-01', '2015-01-01')
     returning id`,
    [unitId, name, seq],
  );
  return Number(r.id);
}

const QUESTIONS = [
  { key: 'team_service', text: '社区工作者团队的服务态度', target: 'team' },
  { key: 'team_result', text: '社区为民办实事的成效', target: 'team' },
  { key: 'worker_attitude', text: '这位社区工作者的服务态度', target: 'worker' },
  { key: 'worker_ability', text: '这位社区工作者解决问题的能力', target: 'worker' },
];

function campaignBody(overrides: Record<string, unknown> = {}) {
  return {
    orgUnitId: tree.c1.id,
    title: `${YEAR} 年度居民满意度测评`,
    year: YEAR,
    period: 'annual',
    opensOn: daysFromToday(-1),
    closesOn: daysFromToday(10),
    questions: QUESTIONS,
    scaleMax: 5,
    satisfiedMin: 4,
    minRespondents: 3,
    minOrdinaryPct: 60,
    workerIds: c1Workers,
    ...overrides,
  };
}

interface Campaign {
  id: number;
  status: string;
  version: number;
  workers: { workerId: number }[];
}

async function createOpen(s: Session, overrides: Record<string, unknown> = {}): Promise<Campaign> {
  const res = await as(t.app, s).post('/api/surveys', campaignBody(overrides));
  expectOk(res);
  const c = res.json<Campaign>();
  const opened = await as(t.app, s).post(`/api/surveys/${c.id}/status`, {
    version: c.version,
    status: 'open',
  });
  expectOk(opened);
  return opened.json<Campaign>();
}

async function codes(s: Session, id: number, count: number, expiresOn?: string) {
  const res = await as(t.app, s).post(`/api/surveys/${id}/codes`, {
    count,
    ...(expiresOn ? { expiresOn } : {}),
  });
  expectOk(res);
  return res.json<{ codes: string[]; batchNo: number }>().codes;
}

/** A full answer: every team question and every worker question for every worker. */
function answers(workerIds: number[], rating: (i: number) => number = () => 5) {
  const out: { questionKey: string; workerId: number | null; rating: number }[] = [];
  for (const q of QUESTIONS) {
    if (q.target === 'team')
      out.push({ questionKey: q.key, workerId: null, rating: rating(out.length) });
    else
      for (const w of workerIds)
        out.push({ questionKey: q.key, workerId: w, rating: rating(out.length) });
  }
  return out;
}

function submit(campaignId: number, body: Record<string, unknown>) {
  return t.app.inject({
    method: 'POST',
    url: `/api/public/surveys/${campaignId}/responses`,
    payload: body,
  });
}

async function responseCount(campaignId: number): Promise<number> {
  return (
    await one<{ n: number }>(
      t,
      'select count(*)::int as n from survey_response where campaign_id = $1',
      [campaignId],
    )
  ).n;
}

async function ballotCount(campaignId: number): Promise<number> {
  return (
    await one<{ n: number }>(
      t,
      'select count(*)::int as n from survey_ballot where campaign_id = $1',
      [campaignId],
    )
  ).n;
}

/** Answers taken: mixed into the results or still in the ballot box. */
async function takenCount(campaignId: number): Promise<number> {
  return (await responseCount(campaignId)) + (await ballotCount(campaignId));
}

async function usedCodes(campaignId: number): Promise<number> {
  return (
    await one<{ n: number }>(
      t,
      'select count(*)::int as n from survey_code where campaign_id = $1 and used_on is not null',
      [campaignId],
    )
  ).n;
}

/**
 * Dead tuples per table: pgstattuple where it can be installed (the embedded PostgreSQL ships it;
 * needs a superuser), else null (the statistics collector's n_dead_tup is not exact enough).
 */
async function deadTuples(tables: string[]): Promise<Record<string, number> | null> {
  try {
    await t.db.pool.query('create extension if not exists pgstattuple');
  } catch {
    return null;
  }
  const out: Record<string, number> = {};
  for (const table of tables) {
    out[table] = (
      await one<{ n: number }>(t, 'select dead_tuple_count::int as n from pgstattuple($1)', [table])
    ).n;
  }
  return out;
}

/** Closes the campaign through the API (which mixes its pending answers). */
async function close(s: Session, id: number): Promise<void> {
  const view = (await as(t.app, s).get(`/api/surveys/${id}`)).json<Campaign>();
  expectOk(
    await as(t.app, s).post(`/api/surveys/${id}/status`, {
      version: view.version,
      status: 'closed',
    }),
  );
}

beforeAll(async () => {
  process.env.SURVEY_SUBMITS_PER_IP_PER_MINUTE = '10000';
  t = await createTestApp();
  tree = await demoTree(t);
  street = await login(t.app, 'street');
  community = await login(t.app, 'community');
  c1Workers.push(await addWorker(tree.c1.id, '张晓梅'), await addWorker(tree.c1.id, '李建国'));
  c2Worker = await addWorker(tree.c2.id, '王芳');
}, 120_000);

afterAll(async () => {
  delete process.env.SURVEY_SUBMITS_PER_IP_PER_MINUTE;
  await t?.close();
});

describe('campaigns', () => {
  it('creates a campaign for a community with its workers, audited', async () => {
    const res = await as(t.app, community).post('/api/surveys', campaignBody());
    expectOk(res);
    const c = res.json<Campaign & { status: string }>();
    expect(c.status).toBe('draft');
    expect(c.workers.map((w) => w.workerId)).toEqual(c1Workers);
    const audit = await rows(
      t,
      `select action from audit_log where entity_type = 'survey_campaign' and entity_id = $1`,
      [String(c.id)],
    );
    expect(audit.map((a) => a.action)).toContain('survey.create');
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    const before = (await one<{ n: number }>(t, 'select count(*)::int as n from survey_campaign'))
      .n;
    const cases: [Record<string, unknown>, string][] = [
      [{ workerIds: [c1Workers[0], c2Worker] }, 'workerIds.1'],
      [{ closesOn: daysFromToday(-5) }, 'closesOn'],
      [{ satisfiedMin: 6 }, 'satisfiedMin'],
      [{ minOrdinaryPct: 101 }, 'minOrdinaryPct'],
      [{ questions: [] }, 'questions'],
      [{ orgUnitId: tree.s1.id }, 'orgUnitId'],
      [{ title: '' }, 'title'],
    ];
    for (const [override, path] of cases) {
      const res = await as(t.app, street).post('/api/surveys', campaignBody(override));
      expectError(res, { status: 400, code: 'VALIDATION_FAILED', path });
    }
    const after = (await one<{ n: number }>(t, 'select count(*)::int as n from survey_campaign')).n;
    expect(after).toBe(before);
  });

  it('keeps campaigns within the organiser subtree and needs survey:manage', async () => {
    const other = await as(t.app, street).post(
      '/api/surveys',
      campaignBody({ orgUnitId: tree.c2.id, workerIds: [c2Worker] }),
    );
    expectOk(other);
    const id = other.json<Campaign>().id;
    // The c1 community leader sees neither the c2 campaign nor can touch it.
    expectError(await as(t.app, community).get(`/api/surveys/${id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, community).post(`/api/surveys/${id}/codes`, { count: 1 }), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const list = await as(t.app, community).get('/api/surveys');
    expect(list.json<{ items: { id: number }[] }>().items.map((i) => i.id)).not.toContain(id);
    // The subdistrict above both sees it.
    expectOk(await as(t.app, street).get(`/api/surveys/${id}`));
    // A community cannot create for a sibling community.
    const sibling = await as(t.app, community).post(
      '/api/surveys',
      campaignBody({ orgUnitId: tree.c2.id, workerIds: [c2Worker] }),
    );
    expectError(sibling, { status: 400, code: 'VALIDATION_FAILED', path: 'orgUnitId' });
    // Without a session: 401; the auditor role lacks survey:manage: 403.
    expect((await t.app.inject({ method: 'GET', url: '/api/surveys' })).statusCode).toBe(401);
    const auditor = await login(t.app, 'auditor');
    expect((await as(t.app, auditor).get('/api/surveys')).statusCode).toBe(403);
  });

  it('refuses a stale version (409)', async () => {
    const res = await as(t.app, community).post('/api/surveys', campaignBody());
    const c = res.json<Campaign>();
    expectOk(
      await as(t.app, community).post(`/api/surveys/${c.id}/status`, {
        version: c.version,
        status: 'open',
      }),
    );
    expectError(
      await as(t.app, community).post(`/api/surveys/${c.id}/status`, {
        version: c.version,
        status: 'closed',
      }),
      {
        status: 409,
        code: 'CONFLICT',
      },
    );
  });
});

describe('codes and the public form', () => {
  it('shows the open form without a login; a draft campaign is not open', async () => {
    const draft = (
      await as(t.app, community).post('/api/surveys', campaignBody())
    ).json<Campaign>();
    const closed = await t.app.inject({ method: 'GET', url: `/api/public/surveys/${draft.id}` });
    expect(closed.statusCode).toBe(400);
    const c = await createOpen(community);
    const res = await t.app.inject({ method: 'GET', url: `/api/public/surveys/${c.id}` });
    expectOk(res);
    const view = res.json<{ workers: { name: string }[]; questions: unknown[] }>();
    expect(view.workers.map((w) => w.name)).toEqual(['张晓梅', '李建国']);
    expect(view.questions).toHaveLength(4);
  });

  it('stores codes only as keyed hashes', async () => {
    const c = await createOpen(community);
    const list = await codes(community, c.id, 20);
    expect(new Set(list).size).toBe(20);
    for (const code of list) expect(code).toMatch(/^[A-Z2-9]{20}$/);
    const stored = await rows<{ code_hash: string }>(
      t,
      'select code_hash from survey_code where campaign_id = $1',
      [c.id],
    );
    expect(stored).toHaveLength(20);
    for (const s of stored) expect(list).not.toContain(s.code_hash);
    const dump = JSON.stringify(
      await rows(t, 'select * from survey_code where campaign_id = $1', [c.id]),
    );
    for (const code of list) expect(dump).not.toContain(code);
  });

  it('takes codes issued before a PII_KEY rotation while the old key is in PII_OLD_KEYS', async () => {
    const c = await createOpen(community);
    const [early, late] = await codes(community, c.id, 2);
    const rotated = { ...t.cfg.pii, current: randomBytes(32), old: [t.cfg.pii.current] };
    const withOld = await buildApp({
      cfg: { ...t.cfg, pii: rotated },
      db: t.db.db,
      pool: t.db.pool,
      logger: false,
    });
    const withoutOld = await buildApp({
      cfg: { ...t.cfg, pii: { ...rotated, old: [] } },
      db: t.db.db,
      pool: t.db.pool,
      logger: false,
    });
    try {
      const post = (app: FastifyInstance, code: string | undefined) =>
        app.inject({
          method: 'POST',
          url: `/api/public/surveys/${c.id}/responses`,
          payload: { code, respondentType: 'ordinary', answers: answers(c1Workers) },
        });
      // Once the old key is dropped, its codes are unknown...
      const dropped = await post(withoutOld, early);
      expectError(dropped, { status: 400, code: 'BAD_REQUEST', path: 'code' });
      expect(dropped.json<{ message: string }>().message).toContain('未找到');
      // ...while it is listed they are taken, once.
      expectOk(await post(withOld, early));
      expectError(await post(withOld, early), { status: 409, code: 'DUPLICATE', path: 'code' });
      expectOk(await post(t.app, late));
    } finally {
      await withOld.close();
      await withoutOld.close();
    }
  });

  it('takes a code once; used, unknown and expired codes are refused politely', async () => {
    const c = await createOpen(community);
    const [code] = await codes(community, c.id, 1);
    const body = { code, respondentType: 'ordinary', answers: answers(c1Workers) };
    const ok = await submit(c.id, body);
    expectOk(ok);
    expect(ok.json<{ message: string }>().message).toContain('感谢');
    const again = await submit(c.id, body);
    expectError(again, { status: 409, code: 'DUPLICATE', path: 'code' });
    expect(again.json<{ message: string }>().message).toContain('已经使用过');
    const unknown = await submit(c.id, { ...body, code: 'ABCDEFGHJKMNPQRSTUVW' });
    expectError(unknown, { status: 400, code: 'BAD_REQUEST', path: 'code' });
    expect(unknown.json<{ message: string }>().message).toContain('未找到');
    const [old] = await codes(community, c.id, 1, daysFromToday(-1));
    const expired = await submit(c.id, { ...body, code: old });
    expectError(expired, { status: 400, code: 'BAD_REQUEST', path: 'code' });
    expect(expired.json<{ message: string }>().message).toContain('有效期');
    // A code of another campaign does not work here.
    const c2 = await createOpen(community);
    const [foreign] = await codes(community, c2.id, 1);
    expectError(await submit(c.id, { ...body, code: foreign }), {
      status: 400,
      code: 'BAD_REQUEST',
      path: 'code',
    });
    expect(await takenCount(c.id)).toBe(1);
    const flags = await rows<{ kind: string; count: number }>(
      t,
      'select kind, count from survey_flag where campaign_id = $1',
      [c.id],
    );
    expect(flags.find((f) => f.kind === 'rejected_codes')?.count).toBe(4);
  });

  it('counts a code once when two clients send it at the same moment', async () => {
    const c = await createOpen(community, { year: OTHER_YEAR });
    const list = await codes(community, c.id, 3);
    for (const code of list) {
      const body = { code, respondentType: 'ordinary', answers: answers(c1Workers) };
      const results = await Promise.all([
        submit(c.id, body),
        submit(c.id, body),
        submit(c.id, body),
      ]);
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
      expect(results.filter((r) => r.statusCode === 409)).toHaveLength(2);
    }
    expect(await ballotCount(c.id)).toBe(3);
    expect(await usedCodes(c.id)).toBe(3);
    // Closing mixes them into the results: still three answers for three codes.
    await close(community, c.id);
    expect(await ballotCount(c.id)).toBe(0);
    expect(await responseCount(c.id)).toBe(3);
    expect(await usedCodes(c.id)).toBe(3);
  });

  it('refuses a worker outside the community and a rating above the cap, counting nothing', async () => {
    const c = await createOpen(community);
    const [code] = await codes(community, c.id, 1);
    const outside = answers(c1Workers);
    const idx = outside.findIndex((a) => a.workerId === c1Workers[1]);
    outside[idx] = { ...outside[idx]!, workerId: c2Worker };
    expectError(await submit(c.id, { code, respondentType: 'ordinary', answers: outside }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: `answers.${idx}.workerId`,
    });
    const tooHigh = answers(c1Workers);
    tooHigh[0] = { ...tooHigh[0]!, rating: 6 };
    const high = await submit(c.id, { code, respondentType: 'ordinary', answers: tooHigh });
    expectError(high, { status: 400, code: 'VALIDATION_FAILED', path: 'answers.0.rating' });
    expect(high.json<{ details: { message: string }[] }>().details[0]!.message).toContain('满分 5');
    expectError(
      await submit(c.id, {
        code,
        respondentType: 'ordinary',
        answers: answers(c1Workers).slice(1),
      }),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'answers',
      },
    );
    expectError(
      await submit(c.id, { code, respondentType: 'alien', answers: answers(c1Workers) }),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'respondentType',
      },
    );
    expect(await takenCount(c.id)).toBe(0);
    // The code was not spent by the refused attempts.
    expectOk(await submit(c.id, { code, respondentType: 'ordinary', answers: answers(c1Workers) }));
  });

  it('limits tries per code', async () => {
    const c = await createOpen(community);
    const body = {
      code: 'ZZZZZZZZZZZZZZZZZZZZ',
      respondentType: 'ordinary',
      answers: answers(c1Workers),
    };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await submit(c.id, body)).statusCode);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[5]).toBe(429);
  });
});

describe('anonymity', () => {
  it('answers carry no code, sequence or time finer than the day', async () => {
    const cols = await rows<{
      column_name: string;
      data_type: string;
      column_default: string | null;
    }>(
      t,
      `select column_name, data_type, column_default from information_schema.columns
        where table_name = 'survey_response' order by ordinal_position`,
    );
    expect(cols.map((c) => c.column_name).sort()).toEqual(
      [
        'answered_on',
        'answers',
        'campaign_id',
        'comment',
        'id',
        'pattern_hash',
        'respondent_type',
        'straight_lined',
      ].sort(),
    );
    for (const c of cols) {
      expect(c.data_type).not.toMatch(/timestamp|time /);
      expect(c.column_default ?? '').not.toMatch(/nextval|now\(\)/);
    }
    expect(cols.find((c) => c.column_name === 'id')!.data_type).toBe('uuid');
    expect(cols.find((c) => c.column_name === 'answered_on')!.data_type).toBe('date');
    // The ballot box holds the same, and nothing more.
    const ballotCols = await rows<{
      column_name: string;
      data_type: string;
      column_default: string | null;
    }>(
      t,
      `select column_name, data_type, column_default from information_schema.columns
        where table_name = 'survey_ballot'`,
    );
    expect(ballotCols.map((c) => c.column_name).sort()).toEqual(
      cols.map((c) => c.column_name).sort(),
    );
    for (const c of ballotCols) {
      expect(c.data_type).not.toMatch(/timestamp|time /);
      expect(c.column_default ?? '').not.toMatch(/nextval|now\(\)/);
    }
    // No foreign key from an answer to a code, nor from a code to an answer.
    const fks = await rows<{ table_name: string; ref: string }>(
      t,
      `select tc.table_name, ccu.table_name as ref
         from information_schema.table_constraints tc
         join information_schema.constraint_column_usage ccu using (constraint_name)
        where tc.constraint_type = 'FOREIGN KEY'
          and tc.table_name in ('survey_response', 'survey_code', 'survey_ballot')`,
    );
    expect(
      fks.filter((f) => ['survey_code', 'survey_response', 'survey_ballot'].includes(f.ref)),
    ).toEqual([]);
    const codeCols = await rows<{ column_name: string; data_type: string }>(
      t,
      `select column_name, data_type from information_schema.columns where table_name = 'survey_code'`,
    );
    expect(codeCols.find((c) => c.column_name === 'used_on')!.data_type).toBe('date');
    for (const c of codeCols) expect(c.data_type).not.toMatch(/timestamp/);

    // Answers get random ids: the order of ids says nothing about the order codes were used in.
    const c = await createOpen(community, { year: OTHER_YEAR });
    const list = await codes(community, c.id, 6);
    for (const code of list) {
      expectOk(
        await submit(c.id, { code, respondentType: 'ordinary', answers: answers(c1Workers) }),
      );
    }
    const boxed = JSON.stringify(
      await rows(t, 'select * from survey_ballot where campaign_id = $1', [c.id]),
    );
    for (const code of list) expect(boxed).not.toContain(code);
    await close(community, c.id);
    const stored = await rows<{ id: string; answered_on: string }>(
      t,
      `select id::text, answered_on::text from survey_response where campaign_id = $1`,
      [c.id],
    );
    for (const r of stored) {
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.answered_on).toBe(todayIso());
    }
    const dump = JSON.stringify(
      await rows(t, 'select * from survey_response where campaign_id = $1', [c.id]),
    );
    for (const code of list) expect(dump).not.toContain(code);
    expect(stored).toHaveLength(6);
    // No audit row per answer (it would hold the resident's time and address).
    const audits = await rows(
      t,
      `select 1 from audit_log where action like 'survey.%' and action not in ('survey.create','survey.update','survey.open','survey.closed','survey.published','survey.codes','survey.export')`,
    );
    expect(audits).toEqual([]);
  });

  it('mixes answers into the results in shuffled batches that nothing pairs with their codes', async () => {
    // 30 answers, told apart by their comment (their submission position), sent with the codes
    // in an order unlike the order they were generated in.
    const N = 30;
    const K = 20; // the default batch (SURVEY_MIX_BATCH unset)
    const c = await createOpen(community, { title: '打乱批次测评', year: OTHER_YEAR });
    const list = await codes(community, c.id, N);
    const hash = codeHasher(t.cfg.pii.current);
    const positionOfCode = new Map<string, number>();
    for (let n = 0; n < N; n++) {
      const code = list[(n * 7) % N]!;
      positionOfCode.set(hash(code), n);
      const rating = (i: number) => 1 + ((n + i) % 5);
      expectOk(
        await submit(c.id, {
          code,
          respondentType: 'ordinary',
          answers: answers(c1Workers, rating),
          comment: `answer-${n}`,
        }),
      );
    }
    // Before the mix: in the ballot box, not in the results.
    expect(await ballotCount(c.id)).toBe(N);
    expect(await responseCount(c.id)).toBe(0);
    const early = (await as(t.app, community).get(`/api/surveys/${c.id}/results`)).json<{
      respondents: number;
    }>();
    // The results request mixes a due campaign (30 pending ≥ K) first.
    expect(early.respondents).toBe(N);
    expect(await ballotCount(c.id)).toBe(0);
    expect(await usedCodes(c.id)).toBe(N);
    const pending = await one<{ n: number }>(
      t,
      'select count(*)::int as n from survey_code where campaign_id = $1 and pending',
      [c.id],
    );
    expect(pending.n).toBe(0);

    // xmin: every answer and every code of the batch carry the mixer's transaction id, so a join
    // on xmin gives each answer all N codes, never one.
    const perAnswer = await rows<{ codes: number }>(
      t,
      `select (select count(*)::int from survey_code k
                where k.campaign_id = r.campaign_id and k.xmin = r.xmin) as codes
         from survey_response r where r.campaign_id = $1`,
      [c.id],
    );
    expect(perAnswer).toHaveLength(N);
    for (const a of perAnswer) expect(a.codes).toBe(N);
    const ballotPairs = await one<{ n: number }>(
      t,
      `select count(*)::int as n from survey_ballot b join survey_code k on k.xmin = b.xmin
        where b.campaign_id = $1`,
      [c.id],
    );
    expect(ballotPairs.n).toBe(0);

    // ctid: the physical order of the answers is not the order they came in, and pairing the
    // i-th code with the i-th answer (both ordered by transaction id, then ctid) does not pair
    // them. A uniform shuffle has one fixed point on average; more than 10 of 30 has a chance
    // below 1e-7. (Before the mixer, answers sat in arrival order: 30 of 30.)
    const answersInOrder = (
      await rows<{ comment: string }>(
        t,
        `select comment from survey_response where campaign_id = $1
          order by xmin::text::bigint, ctid`,
        [c.id],
      )
    ).map((r) => Number(r.comment.replace('answer-', '')));
    const codesInOrder = (
      await rows<{ code_hash: string }>(
        t,
        `select code_hash from survey_code where campaign_id = $1 and used_on is not null
          order by xmin::text::bigint, ctid`,
        [c.id],
      )
    ).map((r) => positionOfCode.get(r.code_hash)!);
    expect([...answersInOrder].sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
    const physical = (
      await rows<{ comment: string }>(
        t,
        'select comment from survey_response where campaign_id = $1 order by ctid',
        [c.id],
      )
    ).map((r) => Number(r.comment.replace('answer-', '')));
    const sameAsArrival = physical.filter((n, i) => n === i).length;
    const paired = answersInOrder.filter((n, i) => n === codesInOrder[i]).length;
    expect(sameAsArrival).toBeLessThanOrEqual(10);
    expect(paired).toBeLessThanOrEqual(10);

    // A small final batch: 3 more answers, then the close mixes them together with 17 answers
    // and 17 codes already mixed, so the last batch again holds K of each.
    const more = await codes(community, c.id, 3);
    for (const code of more) {
      expectOk(
        await submit(c.id, { code, respondentType: 'ordinary', answers: answers(c1Workers) }),
      );
    }
    await close(community, c.id);
    expect(await ballotCount(c.id)).toBe(0);
    expect(await responseCount(c.id)).toBe(N + 3);
    expect(await usedCodes(c.id)).toBe(N + 3);
    const groups = await rows<{ x: string; answers: number; codes: number }>(
      t,
      `select r.xmin::text as x, count(*)::int as answers,
              (select count(*)::int from survey_code k
                where k.campaign_id = $1 and k.xmin = r.xmin) as codes
         from survey_response r where r.campaign_id = $1 group by r.xmin order by 2`,
      [c.id],
    );
    expect(groups.map((g) => [g.answers, g.codes])).toEqual([
      [N - (K - 3), N - (K - 3)],
      [K, K],
    ]);
  });

  it('vacuums right after the mix: no dead version with a submission transaction id is left', async () => {
    // The embedded PostgreSQL always has pgstattuple; a server named by TEST_DATABASE_URL may not.
    const probe = await deadTuples([]);
    if (!process.env.TEST_DATABASE_URL) expect(probe).not.toBeNull();
    if (!probe) return;
    const c = await createOpen(community, { title: '清理测评', year: OTHER_YEAR });
    // A statement of another session (the job runner polls every second) that straddles the
    // mix's commit holds those versions until the next vacuum; one more round then settles it.
    let dead: Record<string, number> | null = null;
    for (let round = 0; round < 3; round++) {
      for (const code of await codes(community, c.id, 20)) {
        expectOk(
          await submit(c.id, { code, respondentType: 'ordinary', answers: answers(c1Workers) }),
        );
      }
      expect(await ballotCount(c.id)).toBe(20);
      expectOk(await as(t.app, community).get(`/api/surveys/${c.id}/results`));
      expect(await ballotCount(c.id)).toBe(0);
      dead = await deadTuples(['survey_code', 'survey_ballot']);
      if (dead?.survey_code === 0 && dead.survey_ballot === 0) break;
    }
    expect(dead).toEqual({ survey_code: 0, survey_ballot: 0 });
    expect(await responseCount(c.id)).toBe(await usedCodes(c.id));
  });

  it('runs the mix as one job however many instances ask, counting every answer once', async () => {
    process.env.SURVEY_MIX_BATCH = '5';
    try {
      const c = await createOpen(community, { title: '任务测评' });
      const list = await codes(community, c.id, 5);
      // Two clients per code: one answer each.
      for (const code of list) {
        const body = { code, respondentType: 'ordinary', answers: answers(c1Workers) };
        const sent = await Promise.all([submit(c.id, body), submit(c.id, body)]);
        expect(sent.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      }
      // Two instances check at once: one job.
      const claims = await Promise.all([claimMixRun(t.db.db), claimMixRun(t.db.db)]);
      const ids = claims.filter((x): x is number => x !== null);
      expect(ids).toHaveLength(1);
      expect(await claimMixRun(t.db.db)).toBeNull();
      await t.app.ready();
      await expect
        .poll(
          async () =>
            (await one<{ status: string }>(t, 'select status from job where id = $1', [ids[0]]))
              .status,
          { timeout: 15_000, interval: 200 },
        )
        .toBe('succeeded');
      const job = await one<{ kind: string; result: { answers: number } }>(
        t,
        'select kind, result from job where id = $1',
        [ids[0]],
      );
      expect(job.kind).toBe(SURVEY_MIX_JOB);
      expect(job.result.answers).toBeGreaterThanOrEqual(5);
      expect(await ballotCount(c.id)).toBe(0);
      expect(await responseCount(c.id)).toBe(5);
      expect(await usedCodes(c.id)).toBe(5);
      // Nothing is due any more; a direct run finds nothing either.
      expect(await claimMixRun(t.db.db)).toBeNull();
      const again = await mixDue(t.db.pool);
      expect(again.answers).toBe(0);
    } finally {
      delete process.env.SURVEY_MIX_BATCH;
    }
  });

  it('shuffles uniformly enough (Fisher-Yates on a cryptographic source)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(shuffle([1, 2, 3]).join(''));
    expect(seen.size).toBe(6);
  });

  it('writes no log line holding a code (page URL or request body)', async () => {
    expect(redactUrl('/public/surveys/3?code=ABCD&x=1')).toBe(
      '/public/surveys/3?code=[redacted]&x=1',
    );
    const text = await capturedLog(t, async (app) => {
      const c = await createOpen(community);
      const [code, other] = await codes(community, c.id, 2);
      await app.inject({ method: 'GET', url: `/public/surveys/${c.id}?code=${code}` });
      await app.inject({ method: 'GET', url: `/api/public/surveys/${c.id}?code=${code}` });
      const ok = await app.inject({
        method: 'POST',
        url: `/api/public/surveys/${c.id}/responses`,
        payload: { code, respondentType: 'ordinary', answers: answers(c1Workers) },
      });
      expectOk(ok);
      // A refused submission (the error path logs too).
      await app.inject({
        method: 'POST',
        url: `/api/public/surveys/${c.id}/responses`,
        payload: { code, respondentType: 'ordinary', answers: answers(c1Workers) },
      });
      await app.inject({
        method: 'POST',
        url: `/api/public/surveys/${c.id}/responses`,
        payload: { code: other, respondentType: 'ordinary', answers: 'bad' },
      });
    });
    expect(text).toContain('/api/public/surveys/');
    expect(text).toContain('[redacted]');
    const issued = await rows<{ code_hash: string }>(t, 'select code_hash from survey_code');
    expect(issued.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/[A-Z2-9]{20}/);
  });
});

describe('results, sample rules and the assessment feed', () => {
  it('checks the sample rules', () => {
    expect(checkSample({ minRespondents: 50, minOrdinaryPct: 70 }, 50, 35).valid).toBe(true);
    const few = checkSample({ minRespondents: 50, minOrdinaryPct: 70 }, 49, 49);
    expect(few.valid).toBe(false);
    expect(few.reasons[0]).toContain('49');
    const notOrdinary = checkSample({ minRespondents: 50, minOrdinaryPct: 70 }, 100, 69);
    expect(notOrdinary.valid).toBe(false);
    expect(notOrdinary.reasons[0]).toContain('69');
  });

  it('flags identical bursts in memory', () => {
    const d = new BurstDetector(1000, 3);
    expect([d.note(1, 'p', 0), d.note(1, 'p', 10), d.note(1, 'p', 20)]).toEqual([
      false,
      false,
      true,
    ]);
    expect(d.note(1, 'p', 5000)).toBe(false);
  });

  it('computes satisfaction per worker with the sample check, and exports', async () => {
    const c = await createOpen(community, {
      title: '结果测评',
      minRespondents: 4,
      minOrdinaryPct: 60,
    });
    const list = await codes(community, c.id, 5);
    const [w1, w2] = c1Workers as [number, number];
    // Three ordinary residents and one representative; w1 always 5, w2 gets 5, 3, 2, 4.
    const w2Ratings = [5, 3, 2, 4];
    const types = ['ordinary', 'ordinary', 'ordinary', 'representative'];
    for (let i = 0; i < 4; i++) {
      const a = answers(c1Workers).map((x) => ({
        ...x,
        rating: x.workerId === w2 ? w2Ratings[i]! : 5,
      }));
      expectOk(await submit(c.id, { code: list[i], respondentType: types[i], answers: a }));
    }
    // While the campaign is open, four answers (fewer than a batch) wait in the ballot box: the
    // results say so and do not count yet.
    const waiting = await as(t.app, community).get(`/api/surveys/${c.id}/results`);
    expectOk(waiting);
    const w = waiting.json<{ respondents: number; valid: boolean; reasons: string[] }>();
    expect(w.respondents).toBe(0);
    expect(w.valid).toBe(false);
    expect(w.reasons.join()).toContain('另有 4 份答卷已收到、尚未计入结果');
    expect(
      (await as(t.app, community).get(`/api/surveys/${c.id}`)).json<
        Campaign & { respondents: number }
      >().respondents,
    ).toBe(4);
    // Only closed or published campaigns feed the assessment.
    const c1Path = tree.c1.path;
    expect((await satisfactionByWorker(t.db.db, { year: YEAR, orgPath: c1Path })).has(w2)).toBe(
      false,
    );
    // Closing mixes them in.
    await close(community, c.id);
    const res = await as(t.app, community).get(`/api/surveys/${c.id}/results`);
    expectOk(res);
    const r = res.json<{
      respondents: number;
      ordinaryPct: number;
      valid: boolean;
      workers: { workerId: number; satisfactionPct: number; respondents: number }[];
      team: { satisfactionPct: number };
    }>();
    expect(r.respondents).toBe(4);
    expect(r.ordinaryPct).toBe(75);
    expect(r.valid).toBe(true);
    expect(r.team.satisfactionPct).toBe(100);
    expect(r.workers.find((w) => w.workerId === w1)!.satisfactionPct).toBe(100);
    // w2: 2 questions × 4 answers = 8 ratings, satisfied (≥4) in 4 of them → 50 %.
    expect(r.workers.find((w) => w.workerId === w2)!.satisfactionPct).toBe(50);

    const fed = await satisfactionByWorker(t.db.db, { year: YEAR, orgPath: tree.s1.path });
    expect(fed.get(w2)).toEqual({ satisfactionPct: 50, respondents: 4, valid: true, reasons: [] });
    expect((await satisfactionByWorker(t.db.db, { year: YEAR, orgPath: tree.d2.path })).size).toBe(
      0,
    );

    // A campaign that missed its sample makes the worker's figure invalid, with the reason.
    const thin = await createOpen(community, { title: '样本不足测评', minRespondents: 50 });
    const [one1] = await codes(community, thin.id, 1);
    expectOk(
      await submit(thin.id, {
        code: one1,
        respondentType: 'party_member',
        answers: answers(c1Workers),
      }),
    );
    await close(community, thin.id);
    const after = (await satisfactionByWorker(t.db.db, { year: YEAR, orgPath: c1Path })).get(w1)!;
    expect(after.valid).toBe(false);
    expect(after.reasons.join()).toContain('少于最低样本 50');
    expect(after.reasons.join()).toContain('普通居民占比 0%');
    // A page's read (workerIds): the same figures for those workers, nobody else.
    const whole = await satisfactionByWorker(t.db.db, { year: YEAR, orgPath: c1Path });
    const paged = await satisfactionByWorker(t.db.db, {
      year: YEAR,
      orgPath: c1Path,
      workerIds: [w2],
    });
    expect([...paged.keys()]).toEqual([w2]);
    expect(paged.get(w2)).toEqual(whole.get(w2));
    expect(whole.get(w2)?.reasons.join()).toContain('少于最低样本 50');
    expect(
      (await satisfactionByWorker(t.db.db, { year: YEAR, orgPath: c1Path, workerIds: [] })).size,
    ).toBe(0);

    const xlsx = await as(t.app, community).get(`/api/surveys/${c.id}/results.xlsx`);
    expectOk(xlsx);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(toArrayBuffer(xlsx.rawPayload));
    const sheet = wb.getWorksheet('社区工作者')!;
    expect(sheet.getRow(3).getCell(1).value).toBe('李建国');
    expect(sheet.getRow(3).getCell(3).value).toBe(50);
  });

  it('flags straight-lining to the organiser without naming answers', async () => {
    const c = await createOpen(community);
    const list = await codes(community, c.id, 3);
    for (const code of list) {
      expectOk(
        await submit(c.id, {
          code,
          respondentType: 'ordinary',
          answers: answers(c1Workers, () => 1),
        }),
      );
    }
    await close(community, c.id);
    const r = (await as(t.app, community).get(`/api/surveys/${c.id}/results`)).json<{
      flags: { kind: string; count: number; detail: Record<string, unknown> }[];
    }>();
    const flag = r.flags.find((f) => f.kind === 'straight_lining');
    expect(flag?.count).toBe(3);
    expect(JSON.stringify(r.flags)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('checks answers purely', () => {
    const campaign = {
      id: 1,
      title: '',
      orgUnitName: '',
      status: 'open',
      opensOn: '2026-01-01',
      closesOn: '2026-12-31',
      scaleMax: 5,
      questions: QUESTIONS as never,
      workers: [{ workerId: 7, name: 'a', post: 'p', hasPhoto: false }],
      workerIds: new Set([7]),
      loadedAt: 0,
    };
    const ok = checkAnswers(campaign, {
      code: 'x',
      respondentType: 'ordinary',
      answers: answers([7], (i) => (i % 2) + 3),
    });
    expect(ok.answers).toHaveLength(4);
    expect(ok.straightLined).toBe(false);
  });
});
