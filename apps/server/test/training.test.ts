// Training core: plans with approval and progress, libraries, sessions with enrolment, capacity and
// waiting list, the rotating QR sign-in (valid now, expired after its window, forged, not
// enrolled), manual correction, completion granting hours once, feedback, external training,
// training requirements as rule sets of the engine and the compliance report (numbers equal to @cwp/core's) with its export; scope (404),
// permissions (401/403) and bad input (400, nothing written).
import { evaluateCompliance, type TrainingRuleSet } from '@cwp/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../src/lib/audit';
import { grantHours } from '../src/modules/training/ledger';
import { issueCode, qrKey } from '../src/modules/training/qr';
import { outsideSignInWindow } from '../src/modules/training/signin';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  auditSince,
  createUserSession,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  one,
  rows,
  send,
  tableCounts,
} from './helpers';
import { approve, createRuleSet, submit } from './career-helpers';
import { multipart, toArrayBuffer } from './excel-helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;
let t: TestApp;
let tree: Tree;
let admin: Session;
let street: Session;
let otherStreet: Session;
let community: Session;
let auditor: Session;
let seq = 0;
const YEAR = 2026;

async function freshWorker(unitId: number, post = 'staff'): Promise<number> {
  seq++;
  const r = await one<{ id: number }>(
    t,
    `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date, sex,
       ethnicity, political_status, phone_enc, phone_hash, phone_masked, category, org_unit_id,
       org_path, post, status, work_start_date, hire_date)
     select '培训测试' || $2::text, id_number_enc, md5(random()::text || $2::text),
            id_number_masked, birth_date, sex, ethnicity, political_status, phone_enc, phone_hash,
            phone_masked, 'full_time', $1::bigint, (select path from org_unit where id = $1::bigint),
            $3, 'active', work_start_date, hire_date
       from worker order by id limit 1
     returning id`,
    [unitId, seq, post],
  );
  return Number(r.id);
}

async function workerSession(unitId: number, workerId: number): Promise<Session> {
  const s = await createUserSession(t, admin, {
    username: `trainee${workerId}`,
    orgUnitId: unitId,
    roles: ['worker'],
    workerId,
  });
  return s;
}

async function course(s: Session, orgUnitId: number): Promise<{ id: number }> {
  const res = await as(t.app, s).post('/api/training/courses', {
    orgUnitId,
    title: '矛盾纠纷调解实务',
    abilities: ['mediation', 'rule_of_law'],
    format: 'classroom',
    hours: 4,
  });
  expectOk(res);
  return res.json();
}

interface SessionOut {
  id: number;
  version: number;
  enrolled: number;
  waitlisted: number;
  signedIn: number;
  signInOpensMinutes: number;
  hours: number;
  ability: string;
  status: string;
}

interface When {
  startsAt: string;
  endsAt: string;
  signInOpensMinutes?: number;
}
const FIXED: When = { startsAt: `${YEAR}-11-20T01:00:00Z`, endsAt: `${YEAR}-11-20T05:00:00Z` };
/** A session running now: started 10 minutes ago, ends in 3 hours (QR sign-in open). */
const runningNow = (): When => ({
  startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
  endsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
});

async function session(
  s: Session,
  orgUnitId: number,
  courseId: number,
  capacity = 50,
  when: When = FIXED,
) {
  const res = await as(t.app, s).post('/api/training/sessions', {
    orgUnitId,
    courseId,
    title: `调解培训第${++seq}期`,
    ...when,
    location: '街道党群服务中心',
    capacity,
  });
  expectOk(res);
  return res.json<SessionOut>();
}

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  admin = await login(t.app, 'admin');
  street = await login(t.app, 'street');
  community = await login(t.app, 'community');
  auditor = await login(t.app, 'auditor');
  otherStreet = await createUserSession(t, admin, {
    username: 'street_train_s2',
    orgUnitId: Number(tree.s2.id),
    roles: ['hr_officer'],
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('permissions and scope', () => {
  it('401 without a session, 403 without training permission, 403 manage for a reader', async () => {
    expect((await as(t.app, null).get('/api/training/sessions')).statusCode).toBe(401);
    expectError(await as(t.app, auditor).get('/api/training/sessions'), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectOk(await as(t.app, community).get('/api/training/sessions'));
    expectError(
      await as(t.app, community).post('/api/training/courses', {
        orgUnitId: Number(tree.c1.id),
        title: 'x',
        abilities: ['mediation'],
        format: 'classroom',
        hours: 1,
      }),
      { status: 403, code: 'FORBIDDEN' },
    );
  });

  it('another subdistrict cannot see or change a session (404)', async () => {
    const c = await course(street, Number(tree.s1.id));
    const s = await session(street, Number(tree.s1.id), c.id);
    expectError(await as(t.app, otherStreet).get(`/api/training/sessions/${s.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(
      await as(t.app, otherStreet).post(`/api/training/sessions/${s.id}/enrolments`, {
        orgUnitIds: [Number(tree.s2.id)],
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
    const list = await as(t.app, otherStreet).get('/api/training/sessions');
    expect(list.json<{ items: { id: number }[] }>().items.map((x) => x.id)).not.toContain(s.id);
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const c = await course(street, Number(tree.s1.id));
    const counts = await tableCounts(t);
    const base = {
      orgUnitId: Number(tree.s1.id),
      courseId: c.id,
      title: '班次',
      startsAt: `${YEAR}-11-20T01:00:00Z`,
      endsAt: `${YEAR}-11-20T05:00:00Z`,
      capacity: 10,
    };
    const cases: [string, Record<string, unknown>, string][] = [
      ['/api/training/sessions', { ...base, endsAt: `${YEAR}-11-19T01:00:00Z` }, 'endsAt'],
      ['/api/training/sessions', { ...base, capacity: 0 }, 'capacity'],
      ['/api/training/sessions', { ...base, courseId: 999999 }, 'courseId'],
      ['/api/training/sessions', { ...base, hours: 1.25 }, 'hours'],
      [
        '/api/training/courses',
        {
          orgUnitId: Number(tree.s1.id),
          title: '课',
          abilities: ['cooking'],
          format: 'classroom',
          hours: 1,
        },
        'abilities.0',
      ],
      [
        '/api/training/courses',
        {
          orgUnitId: Number(tree.s1.id),
          title: '课',
          abilities: [],
          format: 'classroom',
          hours: 1,
        },
        'abilities',
      ],
      [
        '/api/training/plans',
        {
          orgUnitId: Number(tree.s1.id),
          level: 'subdistrict',
          year: YEAR,
          title: '计划',
          requiredHours: -1,
        },
        'requiredHours',
      ],
    ];
    for (const [url, body, path] of cases) {
      expectError(await as(t.app, street).post(url, body), {
        status: 400,
        code: 'VALIDATION_FAILED',
        path,
      });
    }
    expect(await tableCounts(t)).toEqual(counts);
  });
});

describe('sessions, enrolment and waiting list', () => {
  it('enrols a whole community up to capacity, waitlists the rest, promotes on withdrawal', async () => {
    const unit = Number(tree.c2.id);
    const ids = [await freshWorker(unit), await freshWorker(unit), await freshWorker(unit)];
    const c = await course(street, Number(tree.s1.id));
    const s = await session(street, Number(tree.s1.id), c.id, 2);
    const r = await as(t.app, street).post(`/api/training/sessions/${s.id}/enrolments`, {
      workerIds: ids,
    });
    expectOk(r);
    expect(r.json()).toMatchObject({ enrolled: 2, waitlisted: 1 });
    const w = await as(t.app, street).post(`/api/training/sessions/${s.id}/withdraw`, {
      workerId: ids[0],
    });
    expectOk(w);
    expect(w.json()).toEqual({ promotedWorkerId: ids[2] });
    const list = await as(t.app, street).get(`/api/training/sessions/${s.id}/enrolments`);
    const items = list.json<{ items: { workerId: number; status: string }[] }>().items;
    expect(
      items
        .filter((x) => x.status === 'enrolled')
        .map((x) => x.workerId)
        .sort(),
    ).toEqual([ids[1], ids[2]].sort());
    // Enrolling a whole unit adds every worker in post there not yet enrolled.
    const all = await as(t.app, street).post(`/api/training/sessions/${s.id}/enrolments`, {
      orgUnitIds: [unit],
    });
    expectOk(all);
    expect(all.json<{ enrolled: number }>().enrolled).toBe(0);
  });
});

describe('QR sign-in and hours', () => {
  let sessionOut: SessionOut;
  let workerId: number;
  let outsider: number;
  let me: Session;
  let stranger: Session;
  let secretKey: Buffer;

  beforeAll(async () => {
    secretKey = qrKey(t.cfg.sessionSecret);
    workerId = await freshWorker(Number(tree.c1.id));
    outsider = await freshWorker(Number(tree.c1.id));
    me = await workerSession(Number(tree.c1.id), workerId);
    stranger = await workerSession(Number(tree.c1.id), outsider);
    const c = await course(street, Number(tree.s1.id));
    sessionOut = await session(street, Number(tree.s1.id), c.id, 50, runningNow());
    expectOk(
      await as(t.app, street).post(`/api/training/sessions/${sessionOut.id}/enrolments`, {
        workerIds: [workerId],
      }),
    );
  });

  it('the organiser gets the current code; a worker cannot', async () => {
    const r = await as(t.app, street).get(`/api/training/sessions/${sessionOut.id}/sign-in-code`);
    expectOk(r);
    const body = r.json<{ code: string; url: string; expiresAt: string }>();
    expect(body.code.startsWith(`${sessionOut.id}.`)).toBe(true);
    expect(body.url).toContain('/training/sign-in?code=');
    expectError(await as(t.app, me).get(`/api/training/sessions/${sessionOut.id}/sign-in-code`), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('refuses forged, expired and malformed codes and a worker not enrolled', async () => {
    const now = issueCode(secretKey, sessionOut.id, Date.now()).code;
    const forged = issueCode(Buffer.alloc(32, 7), sessionOut.id, Date.now()).code;
    const old = issueCode(secretKey, sessionOut.id, Date.now() - 3 * 60_000).code;
    const otherSession = issueCode(secretKey, sessionOut.id + 1000, Date.now()).code;
    for (const [code, message] of [
      [forged, '签到码无效'],
      [old, '签到码已过期，请扫描屏幕上最新的二维码'],
      ['hello', '签到码无效'],
      [`${now.slice(0, -1)}${now.endsWith('A') ? 'B' : 'A'}`, '签到码无效'],
    ] as const) {
      const r = await as(t.app, me).post('/api/training/sign-in', { code });
      expectError(r, { status: 400, code: 'VALIDATION_FAILED', path: 'code' });
      expect(r.json<{ details: { message: string }[] }>().details[0]?.message).toBe(message);
    }
    expectError(await as(t.app, me).post('/api/training/sign-in', { code: otherSession }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'code',
    });
    expectError(await as(t.app, stranger).post('/api/training/sign-in', { code: now }), {
      status: 403,
      code: 'FORBIDDEN',
    });
    const signed = await one<{ n: number }>(
      t,
      'select count(*)::int as n from training_enrolment where session_id = $1 and signed_in_at is not null',
      [sessionOut.id],
    );
    expect(signed.n).toBe(0);
  });

  it('accepts the current code and the previous minute, once', async () => {
    const prev = issueCode(secretKey, sessionOut.id, Date.now() - 60_000).code;
    const r = await as(t.app, me).post('/api/training/sign-in', { code: prev });
    expectOk(r);
    expect(r.json()).toMatchObject({ sessionId: sessionOut.id, alreadySignedIn: false });
    const again = await as(t.app, me).post('/api/training/sign-in', {
      code: issueCode(secretKey, sessionOut.id, Date.now()).code,
    });
    expectOk(again);
    expect(again.json<{ alreadySignedIn: boolean }>().alreadySignedIn).toBe(true);
    expect(
      (
        await rows(t, 'select 1 from training_sign_in where session_id = $1 and method = $2', [
          sessionOut.id,
          'qr',
        ])
      ).length,
    ).toBe(1);
  });

  it('manual correction needs a reason; completion grants hours once', async () => {
    expectError(
      await as(t.app, street).post(`/api/training/sessions/${sessionOut.id}/corrections`, {
        workerId,
        signedIn: true,
        reason: '',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'reason' },
    );
    expectError(
      await as(t.app, street).post(`/api/training/sessions/${sessionOut.id}/corrections`, {
        workerId: outsider,
        signedIn: true,
        reason: '补签',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'workerId' },
    );
    const before = await maxAuditId(t);
    const cur = await as(t.app, street).get(`/api/training/sessions/${sessionOut.id}`);
    const done = await as(t.app, street).post(`/api/training/sessions/${sessionOut.id}/complete`, {
      version: cur.json<SessionOut>().version,
    });
    expectOk(done);
    expect(done.json()).toEqual({ attended: 1, absent: 0, hoursGranted: 1 });
    expect((await auditSince(t, before)).map((a) => a.action)).toContain('training.hours.grant');
    expectError(
      await as(t.app, street).post(`/api/training/sessions/${sessionOut.id}/complete`, {
        version: cur.json<SessionOut>().version + 1,
      }),
      { status: 409, code: 'CONFLICT' },
    );
    // A second grant for the same session is a no-op.
    const again = await t.db.db.transaction((tx) =>
      grantHours(tx, SYSTEM_CONTEXT, {
        workerId,
        year: YEAR,
        hours: 4,
        ability: 'mediation',
        sourceType: 'session',
        sourceId: sessionOut.id,
      }),
    );
    expect(again.granted).toBe(false);
    const mine = await as(t.app, me).get(`/api/training/my/hours?year=${YEAR}`);
    expectOk(mine);
    expect(mine.json()).toMatchObject({ totalHours: 4, byAbility: { mediation: 4 } });
    const sessions = await as(t.app, me).get('/api/training/my/sessions');
    expect(sessions.json<{ items: { sessionId: number }[] }>().items[0]?.sessionId).toBe(
      sessionOut.id,
    );
  });

  it('an attendee rates the trainer once', async () => {
    const r = await as(t.app, me).post(`/api/training/my/sessions/${sessionOut.id}/feedback`, {
      rating: 5,
      feedback: '很实用',
    });
    expectOk(r);
    expectError(
      await as(t.app, me).post(`/api/training/my/sessions/${sessionOut.id}/feedback`, {
        rating: 4,
      }),
      { status: 409, code: 'CONFLICT' },
    );
    expectError(
      await as(t.app, stranger).post(`/api/training/my/sessions/${sessionOut.id}/feedback`, {
        rating: 4,
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
  });
});

describe('sign-in bound to the session time', () => {
  it('the window runs from the configured minutes before the start to the end', () => {
    const s = {
      startsAt: new Date('2026-11-20T01:00:00Z'),
      endsAt: new Date('2026-11-20T05:00:00Z'),
      opensMinutes: 30,
    };
    expect(outsideSignInWindow(s, Date.parse('2026-11-20T00:29:59Z'))).toBe(
      '签到尚未开始：本班次 11月20日 09:00 开始，开始前 30 分钟起可扫码签到',
    );
    expect(outsideSignInWindow(s, Date.parse('2026-11-20T00:30:00Z'))).toBeNull();
    expect(outsideSignInWindow(s, Date.parse('2026-11-20T05:00:00Z'))).toBeNull();
    expect(outsideSignInWindow(s, Date.parse('2026-11-20T05:00:01Z'))).toBe(
      '本班次已于 11月20日 13:00 结束，不能再扫码签到；如确已参加，请联系组织者补签',
    );
    expect(
      outsideSignInWindow({ ...s, opensMinutes: 0 }, Date.parse('2026-11-20T00:59:00Z')),
    ).not.toBeNull();
  });

  it('refuses a QR sign-in before the window or after the end; the organiser may still correct', async () => {
    const key = qrKey(t.cfg.sessionSecret);
    const w = await freshWorker(Number(tree.c1.id));
    const me = await workerSession(Number(tree.c1.id), w);
    const c = await course(street, Number(tree.s1.id));
    const hour = 3600_000;
    const later = await session(street, Number(tree.s1.id), c.id, 50, {
      startsAt: new Date(Date.now() + 2 * hour).toISOString(),
      endsAt: new Date(Date.now() + 4 * hour).toISOString(),
      signInOpensMinutes: 30,
    });
    expect(later.signInOpensMinutes).toBe(30);
    const soon = await session(street, Number(tree.s1.id), c.id, 50, {
      startsAt: new Date(Date.now() + 20 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * hour).toISOString(),
    });
    const ended = await session(street, Number(tree.s1.id), c.id, 50, {
      startsAt: new Date(Date.now() - 3 * hour).toISOString(),
      endsAt: new Date(Date.now() - hour).toISOString(),
    });
    for (const s of [later, soon, ended])
      expectOk(
        await as(t.app, street).post(`/api/training/sessions/${s.id}/enrolments`, {
          workerIds: [w],
        }),
      );
    const scan = (id: number) =>
      as(t.app, me).post('/api/training/sign-in', { code: issueCode(key, id, Date.now()).code });

    const early = await scan(later.id);
    expectError(early, { status: 400, code: 'VALIDATION_FAILED', path: 'code' });
    expect(early.json<{ details: { message: string }[] }>().details[0]?.message).toMatch(
      /^签到尚未开始：本班次 .+ 开始，开始前 30 分钟起可扫码签到$/,
    );
    const late = await scan(ended.id);
    expectError(late, { status: 400, code: 'VALIDATION_FAILED', path: 'code' });
    expect(late.json<{ details: { message: string }[] }>().details[0]?.message).toContain(
      '结束，不能再扫码签到',
    );
    // Within 30 minutes of the start the scan is accepted.
    expectOk(await scan(soon.id));
    const signed = await rows<{ session_id: number; sign_in_method: string | null }>(
      t,
      `select session_id, sign_in_method from training_enrolment
        where worker_id = $1 and signed_in_at is not null order by session_id`,
      [w],
    );
    expect(signed).toEqual([{ session_id: soon.id, sign_in_method: 'qr' }]);

    // The organiser's manual correction is not bound to the window.
    expectOk(
      await as(t.app, street).post(`/api/training/sessions/${ended.id}/corrections`, {
        workerId: w,
        signedIn: true,
        reason: '现场签到设备故障，补签',
      }),
    );
    const corrected = await one<{ sign_in_method: string | null }>(
      t,
      'select sign_in_method from training_enrolment where session_id = $1 and worker_id = $2',
      [ended.id, w],
    );
    expect(corrected.sign_in_method).toBe('manual');
  });

  it('refuses an out-of-range sign-in margin naming the field', async () => {
    const c = await course(street, Number(tree.s1.id));
    const before = await tableCounts(t);
    expectError(
      await as(t.app, street).post('/api/training/sessions', {
        orgUnitId: Number(tree.s1.id),
        courseId: c.id,
        title: '提前量过大',
        ...FIXED,
        signInOpensMinutes: 500,
        capacity: 10,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'signInOpensMinutes' },
    );
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('plans', () => {
  it('a subdistrict plan is approved by someone else; provincial plans are records', async () => {
    const res = await as(t.app, street).post('/api/training/plans', {
      orgUnitId: Number(tree.s1.id),
      level: 'subdistrict',
      year: YEAR,
      title: '2026 年街道社区工作者轮训计划',
      targetPosts: ['staff'],
      requiredHours: 4,
      themes: ['矛盾调解'],
    });
    expectOk(res);
    const plan = res.json<{ id: number; version: number; status: string }>();
    expect(plan.status).toBe('draft');
    const sub = await as(t.app, street).post(`/api/training/plans/${plan.id}/submit`, {
      version: plan.version,
    });
    expectOk(sub);
    const approval = await one<{ id: number; version: number }>(
      t,
      `select id, version from approval_request where subject_type = 'training_plan' and subject_id = $1`,
      [plan.id],
    );
    // The submitter cannot decide their own request; the city administrator can.
    expect(
      (
        await as(t.app, street).post(`/api/approvals/${approval.id}/approve`, {
          version: approval.version,
        })
      ).statusCode,
    ).not.toBe(200);
    expectOk(
      await as(t.app, admin).post(`/api/approvals/${approval.id}/approve`, {
        version: approval.version,
      }),
    );
    const approved = await as(t.app, street).get(`/api/training/plans/${plan.id}`);
    expect(approved.json<{ status: string }>().status).toBe('approved');
    const progress = await as(t.app, street).get(`/api/training/plans/${plan.id}/progress`);
    expectOk(progress);
    const p = progress.json<{ targetWorkers: number; reachedWorkers: number }>();
    expect(p.targetWorkers).toBeGreaterThan(0);
    expect(p.reachedWorkers).toBeGreaterThanOrEqual(1);

    const record = await as(t.app, street).post('/api/training/plans', {
      orgUnitId: Number(tree.s1.id),
      level: 'provincial',
      year: YEAR,
      title: '省级示范培训（备案）',
      requiredHours: 16,
    });
    expectOk(record);
    expect(record.json()).toMatchObject({ isRecord: true, status: 'approved' });
  });
});

describe('rules and the compliance report', () => {
  const rules: TrainingRuleSet = {
    rules: [
      {
        code: 'principal_yearly',
        posts: ['principal'],
        categories: [],
        periodYears: 1,
        minTrainings: 1,
        minHours: 0,
      },
      {
        code: 'others_biennial',
        posts: [],
        categories: [],
        periodYears: 2,
        minTrainings: 1,
        minHours: 8,
      },
    ],
    certificateHours: 32,
  };

  it('matches @cwp/core for worked examples and exports .xlsx', async () => {
    const unit = Number(tree.d2c1.id);
    const d2 = await createUserSession(t, admin, {
      username: 'district2_training',
      orgUnitId: Number(tree.d2.id),
      roles: ['dept_admin'],
    });
    // Before the demo city's example rules take effect (2024-01-01) nothing governs: 400.
    expectError(await as(t.app, d2).get(`/api/training/compliance?year=2023&orgUnitId=${unit}`), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'year',
    });
    // The rules are a rule set of the career-system engine: bad content is refused by field.
    expectError(
      await as(t.app, d2).post('/api/rule-sets', {
        kind: 'training_requirements',
        orgUnitId: Number(tree.d2.id),
        name: '区培训要求',
        effectiveFrom: `${YEAR}-01-01`,
        content: { ...rules, rules: [{ ...rules.rules[0], periodYears: 9 }] },
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'content.rules.0.periodYears' },
    );
    // A draft does not govern; once approved, the district's version wins over the city's.
    const draft = await createRuleSet(t, d2, {
      kind: 'training_requirements',
      orgUnitId: Number(tree.d2.id),
      name: '区培训要求',
      effectiveFrom: `${YEAR}-01-01`,
      content: rules,
    });
    const before = await as(t.app, d2).get(
      `/api/training/compliance?year=${YEAR}&orgUnitId=${unit}`,
    );
    expectOk(before);
    expect(before.json<{ ruleSets: { id: number }[] }>().ruleSets.map((r) => r.id)).not.toContain(
      draft.id,
    );
    const inForce = await approve(t, admin, await submit(t, d2, draft));
    const secretary = await freshWorker(unit, 'principal');
    const staffOk = await freshWorker(unit, 'staff');
    const staffShort = await freshWorker(unit, 'staff');
    const grants: [number, number, number][] = [
      [secretary, YEAR - 1, 40],
      [staffOk, YEAR - 1, 6],
      [staffOk, YEAR, 2.5],
      [staffShort, YEAR, 3],
    ];
    await t.db.db.transaction(async (tx) => {
      let src = 900000;
      for (const [w, y, h] of grants)
        await grantHours(tx, SYSTEM_CONTEXT, {
          workerId: w,
          year: y,
          hours: h,
          ability: 'coordination',
          sourceType: 'external',
          sourceId: src++,
        });
    });
    const all: Record<number, ComplianceRowOut> = {};
    let after: number | null = 0;
    while (after !== null) {
      const r = await as(t.app, d2).get(
        `/api/training/compliance?year=${YEAR}&orgUnitId=${unit}&pageSize=100&after=${after}`,
      );
      expectOk(r);
      const body = r.json<{
        behind: ComplianceRowOut[];
        nextAfter: number | null;
        totals: { workers: number; behind: number };
        ruleSets: { id: number }[];
      }>();
      expect(body.ruleSets[0]?.id).toBe(inForce.id);
      for (const b of body.behind) all[b.workerId] = b;
      after = body.nextAfter;
    }
    const expectFor = (w: number, post: string) =>
      evaluateCompliance(
        rules,
        { post, category: 'full_time' },
        grants.filter((g) => g[0] === w).map(([, year, hours]) => ({ year, hours, trainings: 1 })),
        YEAR,
      );
    const sec = expectFor(secretary, 'principal');
    expect(sec.meets).toBe(false);
    expect(all[secretary]).toMatchObject({
      trainingsShort: sec.trainingsShort,
      hoursShort: 0,
      ruleCode: 'principal_yearly',
    });
    expect(expectFor(staffOk, 'staff').meets).toBe(true);
    expect(all[staffOk]).toBeUndefined();
    const short = expectFor(staffShort, 'staff');
    expect(all[staffShort]).toMatchObject({
      hoursShort: short.hoursShort,
      hours: 3,
      certificateHoursShort: 29,
    });
    expect(short.hoursShort).toBe(5);

    const x = await as(t.app, d2).get(
      `/api/training/compliance/export?year=${YEAR}&orgUnitId=${unit}`,
    );
    expectOk(x);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(toArrayBuffer(x.rawPayload));
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).getCell(2).value).toBe('姓名');
    expect((ws?.rowCount ?? 0) - 1).toBeGreaterThanOrEqual(3);

    // Out of scope unit -> 404.
    expectError(
      await as(t.app, otherStreet).get(`/api/training/compliance?year=${YEAR}&orgUnitId=${unit}`),
      { status: 404, code: 'NOT_FOUND' },
    );
  });

  it('external training is entered with hours once and refuses a worker out of scope', async () => {
    const w = await freshWorker(Number(tree.c1.id));
    const body = {
      workerId: w,
      title: '省社会工作培训班',
      provider: '省民政厅',
      startDate: `${YEAR}-05-01`,
      endDate: `${YEAR}-05-03`,
      hours: 16,
      ability: 'political_policy',
    };
    const r = await as(t.app, street).post('/api/training/external', body);
    expectOk(r);
    expect(r.json()).toMatchObject({ totalHours: 16 });
    expectError(await as(t.app, otherStreet).post('/api/training/external', body), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'workerId',
    });
    expectError(
      await send(t.app, {
        method: 'POST',
        url: '/api/training/external',
        session: street,
        payload: { ...body, endDate: `${YEAR}-04-01` },
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'endDate' },
    );
  });
});

describe('external training evidence', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const sendFile = (s: Session | null, workerId: number, file: Buffer, name = '结业证书.pdf') => {
    const body = multipart(file, name);
    return t.app.inject({
      method: 'POST',
      url: `/api/training/workers/${workerId}/evidence`,
      headers: { ...body.headers, ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrfToken } : {}) },
      payload: body.payload,
    });
  };

  it('uploads evidence (sniffed, checksummed), attaches it to the entry and serves it to readers in scope and the worker', async () => {
    const w = await freshWorker(Number(tree.c1.id));
    const me = await workerSession(Number(tree.c1.id), w);
    expectError(await sendFile(null, w, PDF), { status: 401, code: 'UNAUTHENTICATED' });
    expectError(await sendFile(otherStreet, w, PDF), { status: 404, code: 'NOT_FOUND' });
    const before = await tableCounts(t);
    const fake = await sendFile(street, w, Buffer.from('MZ not a pdf at all'), 'evil.pdf');
    expectError(fake, { status: 400, code: 'VALIDATION_FAILED', path: 'file' });
    expect(fake.json<{ details: { message: string }[] }>().details[0]?.message).toContain(
      'PDF、PNG 或 JPEG',
    );
    expect(await tableCounts(t)).toEqual(before);

    const up = await sendFile(street, w, PDF);
    expectOk(up);
    const info = up.json<{ id: number; mimeType: string; sha256: string; kind: string }>();
    expect(info).toMatchObject({ mimeType: 'application/pdf', kind: 'training_evidence' });
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);

    // Evidence of another worker cannot be attached.
    const other = await freshWorker(Number(tree.c1.id));
    const entry = {
      title: '市级社区治理骨干培训',
      provider: '市民政局',
      startDate: `${YEAR}-06-01`,
      endDate: `${YEAR}-06-02`,
      hours: 12,
      ability: 'coordination',
    };
    expectError(
      await as(t.app, street).post('/api/training/external', {
        ...entry,
        workerId: other,
        evidenceAttachmentId: info.id,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'evidenceAttachmentId' },
    );
    // Nor another kind of the worker's attachments: an ID card scan would then be served to
    // every training reader.
    const idCard = await one<{ id: number }>(
      t,
      `insert into worker_attachment (worker_id, kind, file_name, mime_type, size, sha256, storage_path)
       select worker_id, 'id_card', '身份证.pdf', mime_type, size, sha256, storage_path
         from worker_attachment where id = $1 returning id`,
      [info.id],
    );
    const refused = await as(t.app, street).post('/api/training/external', {
      ...entry,
      workerId: w,
      evidenceAttachmentId: idCard.id,
    });
    expectError(refused, { status: 400, code: 'VALIDATION_FAILED', path: 'evidenceAttachmentId' });
    expect(refused.body).toContain('只能引用作为培训证明材料上传的文件');
    const saved = await as(t.app, street).post('/api/training/external', {
      ...entry,
      workerId: w,
      evidenceAttachmentId: info.id,
    });
    expectOk(saved);
    const e = saved
      .json<{ entries: { sourceType: string; evidenceUrl: string | null }[] }>()
      .entries.find((x) => x.sourceType === 'external');
    expect(e?.evidenceUrl).toMatch(/^\/api\/training\/external\/\d+\/evidence$/);
    const url = e?.evidenceUrl ?? '';

    for (const reader of [street, me]) {
      const dl = await as(t.app, reader).get(url);
      expectOk(dl);
      expect(dl.headers['content-type']).toContain('application/pdf');
      expect(Buffer.compare(dl.rawPayload, PDF)).toBe(0);
    }
    const stranger = await workerSession(Number(tree.c1.id), other);
    expectError(await as(t.app, stranger).get(url), { status: 404, code: 'NOT_FOUND' });
    expectError(await as(t.app, otherStreet).get(url), { status: 404, code: 'NOT_FOUND' });
    expectError(await as(t.app, street).get('/api/training/external/99999999/evidence'), {
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});

describe('compliance from the running totals (training_hours_total)', () => {
  interface ReportRow {
    workerId: number;
    ruleCode: string | null;
    hours: number;
    trainings: number;
    hoursShort: number;
    trainingsShort: number;
    yearHours: number;
    certificateHoursShort: number;
  }
  interface ReportBody {
    totals: { workers: number; meeting: number; behind: number; certificateMet: number };
    ruleSets: { id: number }[];
    behind: ReportRow[];
    nextAfter: number | null;
  }

  /** Every page of the report for a unit. */
  async function report(s: Session, unitId: number): Promise<ReportBody> {
    let first: ReportBody | null = null;
    const behind: ReportRow[] = [];
    let after: number | null = 0;
    while (after !== null) {
      const r = await as(t.app, s).get(
        `/api/training/compliance?year=${YEAR}&orgUnitId=${unitId}&pageSize=50&after=${after}`,
      );
      expectOk(r);
      const body = r.json<ReportBody>();
      first ??= body;
      behind.push(...body.behind);
      after = body.nextAfter;
    }
    if (!first) throw new Error('no report');
    return { ...first, behind, nextAfter: null };
  }

  /**
   * The report computed independently: the raw ledger rows of every worker in post under the
   * unit, the governing rule set (deepest in-force set whose unit contains the worker) and
   * @cwp/core evaluateCompliance — no SQL aggregate, no totals table.
   */
  async function fromRawLedger(unitId: number, ruleSetIds: number[]) {
    const { path } = await one<{ path: string }>(t, 'select path from org_unit where id = $1', [
      unitId,
    ]);
    const sets = await rows<{ org_path: string; content: TrainingRuleSet }>(
      t,
      'select org_path, content from rule_set where id = any($1::bigint[])',
      [ruleSetIds],
    );
    const workers = await rows<{ id: number; post: string; category: string; org_path: string }>(
      t,
      `select id::int, post, category, org_path from worker
        where org_path like $1 || '%' and status in ('active', 'probation') order by id`,
      [path],
    );
    const ledger = await rows<{ worker_id: number; year: number; hours: string }>(
      t,
      'select worker_id::int, year, hours::text from training_hours where worker_id = any($1::int[])',
      [workers.map((w) => w.id)],
    );
    const byWorker = new Map<number, typeof ledger>();
    for (const l of ledger) byWorker.set(l.worker_id, [...(byWorker.get(l.worker_id) ?? []), l]);
    let meeting = 0;
    let certificateMet = 0;
    const behind: ReportRow[] = [];
    for (const w of workers) {
      const set = sets
        .filter((x) => w.org_path.startsWith(x.org_path))
        .sort((a, b) => b.org_path.length - a.org_path.length)[0];
      expect(set, `worker ${w.id} governed`).toBeDefined();
      if (!set) continue;
      const entries = (byWorker.get(w.id) ?? []).map((l) => ({
        year: l.year,
        hours: Number(l.hours),
        trainings: 1,
      }));
      const c = evaluateCompliance(set.content, w, entries, YEAR);
      if (c.meets) meeting++;
      else
        behind.push({
          workerId: w.id,
          ruleCode: c.ruleCode,
          hours: c.hours,
          trainings: c.trainings,
          hoursShort: c.hoursShort,
          trainingsShort: c.trainingsShort,
          yearHours: c.yearHours,
          certificateHoursShort: c.certificateHoursShort,
        });
      if (c.certificateMet) certificateMet++;
    }
    return {
      totals: {
        workers: workers.length,
        meeting,
        behind: workers.length - meeting,
        certificateMet,
      },
      behind,
    };
  }

  const pick = (r: ReportRow): ReportRow => ({
    workerId: r.workerId,
    ruleCode: r.ruleCode,
    hours: r.hours,
    trainings: r.trainings,
    hoursShort: r.hoursShort,
    trainingsShort: r.trainingsShort,
    yearHours: r.yearHours,
    certificateHoursShort: r.certificateHoursShort,
  });

  async function expectSameAsRawLedger(unitId: number, ids: number[], s: Session = street) {
    // The totals rows are exactly the ledger grouped by worker and year.
    const agg = await rows(
      t,
      `select worker_id::int, year, sum(hours)::float8 as hours, count(*)::int as trainings
         from training_hours where worker_id = any($1::int[]) group by 1, 2 order by 1, 2`,
      [ids],
    );
    const totals = await rows(
      t,
      `select worker_id::int, year, hours::float8 as hours, trainings
         from training_hours_total where worker_id = any($1::int[]) order by 1, 2`,
      [ids],
    );
    expect(totals).toEqual(agg);
    const got = await report(s, unitId);
    const want = await fromRawLedger(
      unitId,
      got.ruleSets.map((r) => r.id),
    );
    expect(got.totals).toMatchObject(want.totals);
    expect(got.behind.map(pick)).toEqual(want.behind);
    return got;
  }

  it('equals the raw ledger after grants, a revoke, a correction and an external entry', async () => {
    const unit = Number(tree.c2.id);
    const head = await freshWorker(unit, 'principal');
    const steady = await freshWorker(unit, 'staff');
    const corrected = await freshWorker(unit, 'staff');
    const idle = await freshWorker(unit, 'staff');
    const ids = [head, steady, corrected, idle];
    const grants: [number, number, number, number][] = [
      // worker, year, hours, source id
      [head, YEAR, 6, 1],
      [head, YEAR - 1, 4, 2],
      [steady, YEAR - 1, 30, 3],
      [steady, YEAR - 2, 10, 4],
      [corrected, YEAR, 3, 5],
    ];
    await t.db.db.transaction(async (tx) => {
      for (const [w, y, h, src] of grants)
        await grantHours(tx, SYSTEM_CONTEXT, {
          workerId: w,
          year: y,
          hours: h,
          ability: 'mediation',
          sourceType: 'session',
          sourceId: 800000 + src,
        });
      // A repeated grant writes nothing, and adds nothing to the totals.
      expect(
        await grantHours(tx, SYSTEM_CONTEXT, {
          workerId: head,
          year: YEAR,
          hours: 6,
          ability: 'mediation',
          sourceType: 'session',
          sourceId: 800001,
        }),
      ).toEqual({ granted: false });
    });
    const before = await expectSameAsRawLedger(unit, ids);
    expect(before.behind.map((r) => r.workerId)).not.toContain(head);

    // Revoke the head's only training of the year: now behind on the yearly rule.
    await t.db.pool.query(
      'delete from training_hours where worker_id = $1 and year = $2 and source_id = $3',
      [head, YEAR, 800001],
    );
    // Correct the only entry of a worker to a year outside every window.
    await t.db.pool.query(
      'update training_hours set year = $2 where worker_id = $1 and source_id = $3',
      [corrected, YEAR - 3, 800005],
    );
    // External training with 32 hours: the steady worker's certificate hours for the year.
    const ext = await as(t.app, street).post('/api/training/external', {
      workerId: steady,
      title: '省级社区工作者示范培训',
      provider: '省民政厅',
      startDate: `${YEAR}-03-01`,
      endDate: `${YEAR}-03-04`,
      hours: 32,
      ability: 'political_policy',
    });
    expectOk(ext);
    const after = await expectSameAsRawLedger(unit, ids);
    const row = (w: number) => after.behind.find((r) => r.workerId === w);
    expect(row(head)).toMatchObject({ ruleCode: 'principal_yearly', trainingsShort: 1 });
    expect(row(steady)).toBeUndefined();
    expect(row(corrected)).toMatchObject({ hours: 0, trainings: 0, trainingsShort: 1 });
    expect(row(idle)).toMatchObject({ hours: 0, trainings: 0 });

    // The totals are derived only: a row written to them directly is ignored.
    const direct = await t.db.pool.query(
      'insert into training_hours_total (worker_id, year, hours, trainings) values ($1, $2, 99, 9)',
      [idle, YEAR],
    );
    expect(direct.rowCount).toBe(0);
    // Revoking every entry of a worker removes the worker's totals rows.
    await t.db.pool.query('delete from training_hours where worker_id = $1', [head]);
    expect(
      await rows(t, 'select * from training_hours_total where worker_id = $1', [head]),
    ).toEqual([]);
    await expectSameAsRawLedger(unit, ids);
    // The whole city: its unit totals are the merge-join statement of a province or city
    // (wideReportSettings), the community's above the per-worker look-ups; both equal the ledger
    // (the first page of the behind list too: the same per-worker statement as above).
    const cityId = Number(tree.city.id);
    const first = await as(t.app, admin).get(
      `/api/training/compliance?year=${YEAR}&orgUnitId=${cityId}&pageSize=100`,
    );
    expectOk(first);
    const city = first.json<ReportBody>();
    const want = await fromRawLedger(
      cityId,
      city.ruleSets.map((r) => r.id),
    );
    expect(city.totals).toMatchObject(want.totals);
    expect(city.totals.workers).toBeGreaterThan(ids.length);
    expect(city.totals.meeting).toBeGreaterThan(0);
    expect(city.totals.behind).toBeGreaterThan(0);
    expect(city.behind.map(pick)).toEqual(want.behind.slice(0, city.behind.length));
  });
});

const put = (session: Session, url: string, payload: unknown) =>
  send(t.app, { method: 'PUT', url, session, payload });

describe('editing the libraries', () => {
  it('edits a course with its version (stale version 409), deactivates it, audited; out of scope 404', async () => {
    const c = await course(street, Number(tree.s1.id));
    const got = await as(t.app, street).get('/api/training/courses?page=1&pageSize=100');
    const view = got
      .json<{ items: { id: number; version: number }[] }>()
      .items.find((x) => x.id === c.id);
    expect(view).toBeDefined();
    const body = {
      orgUnitId: Number(tree.s1.id),
      title: '矛盾纠纷调解实务（修订）',
      abilities: ['mediation'],
      format: 'case',
      hours: 6,
      version: view?.version ?? 0,
    };
    expectError(await put(street, `/api/training/courses/${c.id}`, { ...body, hours: -1 }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'hours',
    });
    expectError(await put(otherStreet, `/api/training/courses/${c.id}`, body), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const before = await maxAuditId(t);
    const edited = await put(street, `/api/training/courses/${c.id}`, body);
    expectOk(edited);
    expect(edited.json()).toMatchObject({
      title: '矛盾纠纷调解实务（修订）',
      hours: 6,
      format: 'case',
    });
    expectError(await put(street, `/api/training/courses/${c.id}`, body), {
      status: 409,
      code: 'CONFLICT',
    });
    const off = await put(street, `/api/training/courses/${c.id}`, {
      ...body,
      version: edited.json<{ version: number }>().version,
      active: false,
    });
    expectOk(off);
    expect(off.json<{ active: boolean }>().active).toBe(false);
    expect((await auditSince(t, before)).length).toBeGreaterThanOrEqual(2);
  });
});

interface ComplianceRowOut {
  workerId: number;
  hours: number;
  hoursShort: number;
  trainingsShort: number;
  certificateHoursShort: number;
  ruleCode: string | null;
}
