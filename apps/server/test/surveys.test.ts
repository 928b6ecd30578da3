// Resident satisfaction surveys end to end through the real API: campaigns scoped to the
// organiser's subtree, one-time codes (once only, also under concurrent use; unknown, used and
// expired refused politely), answers checked against the campaign (a worker outside the community,
// a rating above the cap), anonymity (no column, timestamp or log line links an answer to its
// code), the sample rules, satisfactionByWorker for the assessment, the results and the export.
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { satisfactionByWorker, checkSample } from '../src/modules/surveys/results';
import { checkAnswers } from '../src/modules/surveys/submit';
import { redactSurveyCode } from '../src/modules/surveys/log';
import { BurstDetector } from '../src/modules/surveys/abuse';
import { todayIso } from '../src/modules/workers/mapping';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { toArrayBuffer } from './excel-helpers';
import { demoTree, expectError, expectOk, one, rows } from './helpers';

let t: TestApp;
let street: Session;
let community: Session;
let tree: Awaited<ReturnType<typeof demoTree>>;
const c1Workers: number[] = [];
let c2Worker = 0;
const YEAR = new Date().getFullYear();

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
    expect(await responseCount(c.id)).toBe(1);
    const flags = await rows<{ kind: string; count: number }>(
      t,
      'select kind, count from survey_flag where campaign_id = $1',
      [c.id],
    );
    expect(flags.find((f) => f.kind === 'rejected_codes')?.count).toBe(4);
  });

  it('counts a code once when two clients send it at the same moment', async () => {
    const c = await createOpen(community);
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
    expect(await responseCount(c.id)).toBe(3);
    const used = await one<{ n: number }>(
      t,
      'select count(*)::int as n from survey_code where campaign_id = $1 and used_on is not null',
      [c.id],
    );
    expect(used.n).toBe(3);
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
    expect(await responseCount(c.id)).toBe(0);
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
    // No foreign key from an answer to a code, nor from a code to an answer.
    const fks = await rows<{ table_name: string; ref: string }>(
      t,
      `select tc.table_name, ccu.table_name as ref
         from information_schema.table_constraints tc
         join information_schema.constraint_column_usage ccu using (constraint_name)
        where tc.constraint_type = 'FOREIGN KEY' and tc.table_name in ('survey_response', 'survey_code')`,
    );
    expect(fks.filter((f) => f.ref === 'survey_code' || f.ref === 'survey_response')).toEqual([]);
    const codeCols = await rows<{ column_name: string; data_type: string }>(
      t,
      `select column_name, data_type from information_schema.columns where table_name = 'survey_code'`,
    );
    expect(codeCols.find((c) => c.column_name === 'used_on')!.data_type).toBe('date');
    for (const c of codeCols) expect(c.data_type).not.toMatch(/timestamp/);

    // Answers get random ids: the order of ids says nothing about the order codes were used in.
    const c = await createOpen(community);
    const list = await codes(community, c.id, 6);
    for (const code of list) {
      expectOk(
        await submit(c.id, { code, respondentType: 'ordinary', answers: answers(c1Workers) }),
      );
    }
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
    // Nor does the transaction id that wrote the rows (the xmin system column) pair them.
    const pairs = await rows<{ n: number }>(
      t,
      `select count(*)::int as n from survey_response r
         join survey_code k on k.xmin = r.xmin
        where r.campaign_id = $1 and k.campaign_id = $1`,
      [c.id],
    );
    expect(pairs[0]?.n).toBe(0);
    // No audit row per answer (it would hold the resident's time and address).
    const audits = await rows(
      t,
      `select 1 from audit_log where action like 'survey.%' and action not in ('survey.create','survey.update','survey.open','survey.closed','survey.published','survey.codes','survey.export')`,
    );
    expect(audits).toEqual([]);
  });

  it('writes no log line holding a code (page URL or request body)', async () => {
    expect(redactSurveyCode('/public/surveys/3?code=ABCD&x=1')).toBe(
      '/public/surveys/3?code=[redacted]&x=1',
    );
    const logged = await buildApp({
      cfg: { ...t.cfg, LOG_LEVEL: 'trace' },
      db: t.db.db,
      pool: t.db.pool,
      logger: true,
    });
    await logged.ready();
    const lines: string[] = [];
    const original = fs.writeSync;
    const capture = (fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd === 1 || fd === 2) {
        lines.push(
          typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString() : String(data),
        );
        return typeof data === 'string' ? Buffer.byteLength(data) : (data as Buffer).length;
      }
      return (original as (...a: unknown[]) => number)(fd, data, ...rest);
    };
    (fs as { writeSync: unknown }).writeSync = capture;
    const originalAsync = fs.write;
    (fs as { write: unknown }).write = (fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd !== 1 && fd !== 2)
        return (originalAsync as (...a: unknown[]) => void)(fd, data, ...rest);
      const n = capture(fd, data);
      const cb = rest.find((r) => typeof r === 'function') as
        ((e: null, n: number) => void) | undefined;
      setImmediate(() => cb?.(null, n));
    };
    const originalWrite = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      const c = await createOpen(community);
      const [code, other] = await codes(community, c.id, 2);
      await logged.inject({ method: 'GET', url: `/public/surveys/${c.id}?code=${code}` });
      await logged.inject({ method: 'GET', url: `/api/public/surveys/${c.id}?code=${code}` });
      const ok = await logged.inject({
        method: 'POST',
        url: `/api/public/surveys/${c.id}/responses`,
        payload: { code, respondentType: 'ordinary', answers: answers(c1Workers) },
      });
      expectOk(ok);
      // A refused submission (the error path logs too).
      await logged.inject({
        method: 'POST',
        url: `/api/public/surveys/${c.id}/responses`,
        payload: { code, respondentType: 'ordinary', answers: answers(c1Workers) },
      });
      await logged.inject({
        method: 'POST',
        url: `/api/public/surveys/${c.id}/responses`,
        payload: { code: other, respondentType: 'ordinary', answers: 'bad' },
      });
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      (fs as { writeSync: unknown }).writeSync = original;
      (fs as { write: unknown }).write = originalAsync;
      process.stdout.write = originalWrite;
      await logged.close();
    }
    const text = lines.join('');
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

    // Only closed or published campaigns feed the assessment.
    const c1Path = tree.c1.path;
    expect((await satisfactionByWorker(t.db.db, { year: YEAR, orgPath: c1Path })).has(w2)).toBe(
      false,
    );
    const view = (await as(t.app, community).get(`/api/surveys/${c.id}`)).json<Campaign>();
    expectOk(
      await as(t.app, community).post(`/api/surveys/${c.id}/status`, {
        version: view.version,
        status: 'closed',
      }),
    );
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
    const tv = (await as(t.app, community).get(`/api/surveys/${thin.id}`)).json<Campaign>();
    expectOk(
      await as(t.app, community).post(`/api/surveys/${thin.id}/status`, {
        version: tv.version,
        status: 'closed',
      }),
    );
    const after = (await satisfactionByWorker(t.db.db, { year: YEAR, orgPath: c1Path })).get(w1)!;
    expect(after.valid).toBe(false);
    expect(after.reasons.join()).toContain('少于最低样本 50');
    expect(after.reasons.join()).toContain('普通居民占比 0%');

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
