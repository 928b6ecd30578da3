// Complaints and reports (信访举报): public submission (named or anonymous) with a long random
// tracking code, follow-up and rating with the code (guesses find nothing and are throttled),
// attachments sniffed and size-limited, routing to the community's subdistrict, deadlines from
// settings, handling with optimistic locking, the rule that hides a complaint about a worker from
// that worker and their community's users, figures per community and category, and 100
// concurrent submitters all stored with distinct codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { count, createUserSession, demoTree, expectError, expectOk, one, send } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

interface Complaint {
  id: number;
  status: string;
  version: number;
  anonymous: boolean;
  submitterName: string | null;
  submitterPhone: string | null;
  subjectWorkerId: number | null;
  acceptDue: string;
  handlerUnitName: string;
  overdue: string | null;
}

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let workerId: number;
let ipSeq = 0;

const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const inDays = (n: number) => iso(new Date(Date.now() + n * 86_400_000));

/** A public request from its own client address, so per-address limits do not interfere. */
function anon(method: 'GET' | 'POST', url: string, payload?: unknown, ip?: string) {
  ipSeq += 1;
  return t.app.inject({
    method,
    url,
    remoteAddress: ip ?? `10.1.${Math.floor(ipSeq / 250)}.${(ipSeq % 250) + 1}`,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function submit(body: Record<string, unknown>): Promise<{ code: string; acceptDue: string }> {
  const res = await anon('POST', '/api/public/complaints', body);
  expectOk(res);
  return res.json();
}

async function idOf(code: string): Promise<number> {
  const row = await one<{ id: number }>(
    t,
    `select id from complaint where code_hint = $1 order by id desc limit 1`,
    [code.slice(0, 4)],
  );
  return Number(row.id);
}

function multipart(code: string, fileName: string, content: Buffer) {
  const boundary = 'cwpcomplaint';
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="code"\r\n\r\n${code}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  [admin, district, street] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
  ]);
  const w = await one<{ id: number }>(
    t,
    `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date, sex,
       ethnicity, political_status, phone_enc, phone_hash, phone_masked, category, org_unit_id,
       org_path, post, status, work_start_date, hire_date)
     values ('被反映人', 'x', md5('complaint-id'), '3301**', '1985-06-15', '1', '01', '01', 'x',
             md5('complaint-ph'), '138****', 'community_worker', $1::bigint,
             (select path from org_unit where id = $1::bigint), 'principal', 'active',
             '2020-01-01', '2020-01-01')
     returning id`,
    [tree.c1.id],
  );
  workerId = Number(w.id);
});
afterAll(async () => {
  await t.close();
});

describe('public submission and follow-up', () => {
  it('takes an anonymous complaint without a login and answers a long tracking code', async () => {
    const r = await submit({
      orgUnitId: tree.c1.id,
      category: 'service',
      text: '社区服务中心周末无人值班。',
      anonymous: true,
    });
    expect(r.code).toMatch(/^([2-9A-HJ-NP-Z]{4}-){5}[2-9A-HJ-NP-Z]{4}$/);
    expect(r.acceptDue).toBe(inDays(15));
    // The code is stored only as a hash.
    expect(await count(t, 'select 1 from complaint where code_hash = $1', [r.code])).toBe(0);
    const track = await anon('POST', '/api/public/complaints/track', {
      code: r.code.replaceAll('-', '').toLowerCase(),
    });
    expectOk(track);
    expect(track.json()).toMatchObject({
      status: 'submitted',
      category: 'service',
      communityName: tree.c1.name,
      outcome: null,
    });
  });

  it('refuses bad input with a message naming the field, writing nothing', async () => {
    const before = await count(t, 'select 1 from complaint');
    const cases: [Record<string, unknown>, string][] = [
      [{ orgUnitId: tree.c1.id, category: 'service', text: '内容', anonymous: false }, 'name'],
      [{ orgUnitId: tree.s1.id, category: 'service', text: '内容', anonymous: true }, 'orgUnitId'],
      [{ orgUnitId: tree.c1.id, category: 'nope', text: '内容', anonymous: true }, 'category'],
      [{ orgUnitId: tree.c1.id, category: 'service', text: '  ', anonymous: true }, 'text'],
      [
        {
          orgUnitId: tree.c1.id,
          category: 'service',
          text: '内容',
          anonymous: false,
          name: '张三',
          phone: '12345',
        },
        'phone',
      ],
    ];
    for (const [body, path] of cases)
      expectError(await anon('POST', '/api/public/complaints', body), {
        status: 400,
        code: 'VALIDATION_FAILED',
        path,
      });
    expect(await count(t, 'select 1 from complaint')).toBe(before);
  });

  it('finds nothing for a guessed code, refuses a malformed one, and throttles lookups', async () => {
    const guess = await anon('POST', '/api/public/complaints/track', {
      code: 'ABCD-EFGH-JKLM-NPQR-STUV-WXYZ',
    });
    expectError(guess, { status: 404, code: 'NOT_FOUND', message: '查询码不正确，请核对后重试' });
    expectError(await anon('POST', '/api/public/complaints/track', { code: '1234' }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'code',
    });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++)
      statuses.push(
        (
          await anon(
            'POST',
            '/api/public/complaints/track',
            { code: 'ABCD-EFGH-JKLM-NPQR-STUV-WXY2' },
            '10.9.9.9',
          )
        ).statusCode,
      );
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('accepts a sniffed image and refuses a disguised or oversized file', async () => {
    const { code } = await submit({
      orgUnitId: tree.c1.id,
      category: 'environment',
      text: '楼道堆放杂物。',
      anonymous: true,
    });
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100, 1),
    ]);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/public/complaints/attachments',
      remoteAddress: '10.8.0.1',
      ...multipart(code, 'photo.png', png),
    });
    expectOk(ok);
    const disguised = await t.app.inject({
      method: 'POST',
      url: '/api/public/complaints/attachments',
      remoteAddress: '10.8.0.1',
      ...multipart(code, 'photo.png', Buffer.from('MZ\x90\x00 this is a program')),
    });
    expectError(disguised, { status: 400, code: 'VALIDATION_FAILED', path: 'file' });
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/public/complaints/attachments',
      remoteAddress: '10.8.0.1',
      ...multipart(code, 'big.png', Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024, 0)])),
    });
    expectError(big, { status: 400, code: 'VALIDATION_FAILED', path: 'file' });
    expect(
      await count(t, 'select 1 from complaint_attachment where complaint_id = $1', [
        await idOf(code),
      ]),
    ).toBe(1);
  });
});

describe('handling, deadlines and rating', () => {
  it('routes to the subdistrict, tells its handlers, and hides it from another district', async () => {
    const { code } = await submit({
      orgUnitId: tree.c1.id,
      category: 'finance',
      text: '社区活动经费使用不透明。',
      anonymous: false,
      name: '李四',
      phone: '13800138000',
    });
    const id = await idOf(code);
    const view = await as(t.app, street).get(`/api/complaints/${id}`);
    expectOk(view);
    expect(view.json<Complaint>()).toMatchObject({
      handlerUnitName: tree.s1.name,
      submitterName: '李四',
      submitterPhone: '13800138000',
      status: 'submitted',
    });
    const notes = await as(t.app, street).get('/api/notifications');
    expect(
      notes
        .json<{ items: { kind: string }[] }>()
        .items.some((n) => n.kind === 'complaint.submitted'),
    ).toBe(true);
    const other = await createUserSession(t, admin, {
      username: 'd2-complaints',
      orgUnitId: tree.d2.id,
      roles: ['hr_officer'],
    });
    expectError(await as(t.app, other).get(`/api/complaints/${id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, null).get('/api/complaints'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    const community = await login(t.app, 'community');
    expectError(await as(t.app, community).get('/api/complaints'), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('accepts, replies, closes (409 on a stale version); the submitter sees it and rates once', async () => {
    const { code } = await submit({
      orgUnitId: tree.c2.id,
      category: 'service',
      text: '办证窗口排队时间长。',
      anonymous: true,
    });
    const id = await idOf(code);
    let c = (await as(t.app, street).get(`/api/complaints/${id}`)).json<Complaint>();
    expect(c.submitterName).toBeNull();
    expectError(
      await as(t.app, street).post(`/api/complaints/${id}/reply`, {
        version: c.version,
        outcome: '已处理',
      }),
      { status: 400, code: 'BAD_REQUEST' },
    );
    const accepted = await as(t.app, street).post(`/api/complaints/${id}/accept`, {
      version: c.version,
      note: '已转社区核实',
    });
    expectOk(accepted);
    c = accepted.json<Complaint>();
    expectError(
      await as(t.app, street).post(`/api/complaints/${id}/reply`, {
        version: c.version - 1,
        outcome: '已增开窗口',
      }),
      { status: 409, code: 'CONFLICT' },
    );
    expectError(await anon('POST', '/api/public/complaints/rate', { code, rating: 5 }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'rating',
    });
    c = (
      await as(t.app, street).post(`/api/complaints/${id}/reply`, {
        version: c.version,
        outcome: '已增开一个办证窗口，周六上午加班。',
      })
    ).json<Complaint>();
    expect(c.status).toBe('replied');
    const track = await anon('POST', '/api/public/complaints/track', { code });
    expect(track.json()).toMatchObject({
      status: 'replied',
      outcome: '已增开一个办证窗口，周六上午加班。',
    });
    expect(track.json<{ events: { action: string }[] }>().events.map((e) => e.action)).toEqual([
      'submitted',
      'accepted',
      'replied',
    ]);
    expectError(await anon('POST', '/api/public/complaints/rate', { code, rating: 6 }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'rating',
    });
    expectOk(
      await anon('POST', '/api/public/complaints/rate', { code, rating: 4, comment: '满意' }),
    );
    expectError(await anon('POST', '/api/public/complaints/rate', { code, rating: 5 }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'rating',
    });
    // The rating changed the record: the handler closes the version they now see.
    c = (await as(t.app, street).get(`/api/complaints/${id}`)).json<Complaint>();
    expectOk(await as(t.app, street).post(`/api/complaints/${id}/close`, { version: c.version }));
    const stats = await as(t.app, street).get('/api/complaints/stats');
    expectOk(stats);
    expect(
      stats
        .json<{ rows: { orgUnitId: number; category: string; averageRating: number | null }[] }>()
        .rows.find((r) => r.orgUnitId === tree.c2.id && r.category === 'service')?.averageRating,
    ).toBe(4);
  });

  it('takes acceptance and reply deadlines from the nearest setting', async () => {
    const put = await send(t.app, {
      method: 'PUT',
      url: '/api/complaints/settings',
      session: street,
      payload: { orgUnitId: tree.s1.id, acceptDays: 3, replyDays: 20 },
    });
    expectOk(put);
    expectError(
      await send(t.app, {
        method: 'PUT',
        url: '/api/complaints/settings',
        session: street,
        payload: { orgUnitId: tree.s1.id, acceptDays: 30, replyDays: 20 },
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'replyDays' },
    );
    const r = await submit({
      orgUnitId: tree.c1.id,
      category: 'other',
      text: '路灯不亮。',
      anonymous: true,
    });
    expect(r.acceptDue).toBe(inDays(3));
    // An overdue complaint is flagged in the list.
    const id = await idOf(r.code);
    await t.db.pool.query(`update complaint set accept_due = current_date - 1 where id = $1`, [id]);
    const list = await as(t.app, street).get('/api/complaints?overdue=true');
    expect(list.json<{ items: Complaint[] }>().items.find((c) => c.id === id)?.overdue).toBe(
      'accept',
    );
  });
});

describe('a complaint about a worker', () => {
  it('is hidden from that worker and from their community’s users, not from the subdistrict', async () => {
    const { code } = await submit({
      orgUnitId: tree.c1.id,
      category: 'conduct',
      text: '某社区工作者办事态度差。',
      anonymous: true,
      subjectName: '被反映人',
    });
    const id = await idOf(code);
    const c = (await as(t.app, street).get(`/api/complaints/${id}`)).json<Complaint>();
    const accepted = await as(t.app, street).post(`/api/complaints/${id}/accept`, {
      version: c.version,
      subjectWorkerId: workerId,
    });
    expectOk(accepted);
    expect(accepted.json<Complaint>().subjectWorkerId).toBe(workerId);

    // The worker, with handling rights at the subdistrict, still cannot see it.
    const self = await createUserSession(t, admin, {
      username: 'subject-worker',
      orgUnitId: tree.s1.id,
      roles: ['hr_officer'],
      workerId: workerId,
    });
    // The community's leadership (a user whose unit is that community) cannot either.
    const leader = await createUserSession(t, admin, {
      username: 'c1-complaints',
      orgUnitId: tree.c1.id,
      roles: ['hr_officer'],
    });
    for (const s of [self, leader]) {
      expectError(await as(t.app, s).get(`/api/complaints/${id}`), {
        status: 404,
        code: 'NOT_FOUND',
      });
      const list = await as(t.app, s).get('/api/complaints?pageSize=100');
      expectOk(list);
      expect(list.json<{ items: Complaint[] }>().items.map((x) => x.id)).not.toContain(id);
      const stats = await as(t.app, s).get('/api/complaints/stats');
      expect(
        stats
          .json<{ rows: { orgUnitId: number; category: string }[] }>()
          .rows.some((r) => r.orgUnitId === tree.c1.id && r.category === 'conduct'),
      ).toBe(false);
      expectError(
        await as(t.app, s).post(`/api/complaints/${id}/reply`, { version: 2, outcome: 'x' }),
        { status: 404, code: 'NOT_FOUND' },
      );
    }
    // The subdistrict and the district still handle it.
    expectOk(await as(t.app, street).get(`/api/complaints/${id}`));
    expectOk(await as(t.app, district).get(`/api/complaints/${id}`));
  });
});

describe('concurrency', () => {
  it('stores 100 concurrent submissions, each with its own code', async () => {
    const before = await count(t, 'select 1 from complaint');
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        anon('POST', '/api/public/complaints', {
          orgUnitId: i % 2 ? tree.c1.id : tree.c2.id,
          category: 'other',
          text: `并发提交 ${i}`,
          anonymous: true,
        }),
      ),
    );
    for (const r of results) expectOk(r);
    const codes = new Set(results.map((r) => r.json<{ code: string }>().code));
    expect(codes.size).toBe(100);
    expect(await count(t, 'select 1 from complaint')).toBe(before + 100);
    expect(await count(t, `select distinct text from complaint where text like '并发提交 %'`)).toBe(
      100,
    );
  });
});
