// Recruitment (选聘) end to end through the real API: plan validation against the rule in force,
// approval, the public form (invalid and duplicate ID numbers refused politely), eligibility
// reasons, scores entered and imported, ranking with a tie, notice working days, objections,
// the hire creating worker + contract + grade, the status lookup, scope and permissions.
import { randomBytes } from 'node:crypto';
import { composeIdNumber } from '@cwp/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeEnd, rank } from '../src/modules/recruitment/rules';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { toArrayBuffer } from './excel-helpers';
import {
  createUserSession,
  databaseDigest,
  demoTree,
  expectError,
  expectOk,
  one,
  rows,
  send,
} from './helpers';
import { recruitmentPlanBody } from './recruitment-helpers';

let t: TestApp;
let street: Session;
let district: Session;
let community: Session;
let otherHr: Session;
let tree: Awaited<ReturnType<typeof demoTree>>;

function iso(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function daysFromToday(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return iso(d);
}

let seq = 100;
function idNumber(birthDate: string, sex: 'male' | 'female' = 'female'): string {
  seq += 2;
  return composeIdNumber({ divisionCode: '330102', birthDate, sequence: seq, sex });
}
function phone(): string {
  return `139${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`;
}

interface Plan {
  id: number;
  status: string;
  version: number;
  posts: { id: number; headcount: number }[];
  ruleSetId: number | null;
  approvalId: number | null;
}

function planBody(overrides: Record<string, unknown> = {}) {
  return recruitmentPlanBody(
    { subdistrictId: Number(tree.s1.id), communityId: Number(tree.c1.id) },
    overrides,
  );
}

async function createPlan(s: Session, overrides: Record<string, unknown> = {}): Promise<Plan> {
  const res = await as(t.app, s).post('/api/recruitment/plans', planBody(overrides));
  expectOk(res);
  return res.json<Plan>();
}

async function publishedPlan(overrides: Record<string, unknown> = {}): Promise<Plan> {
  const draft = await createPlan(street, overrides);
  const submitted = await as(t.app, street).post(`/api/recruitment/plans/${draft.id}/submit`, {
    version: draft.version,
  });
  expectOk(submitted);
  const approved = await as(t.app, district).post(`/api/recruitment/plans/${draft.id}/approve`, {
    version: submitted.json<Plan>().version,
    comment: '同意',
  });
  expectOk(approved);
  const published = await as(t.app, street).post(`/api/recruitment/plans/${draft.id}/publish`, {
    version: approved.json<Plan>().version,
  });
  expectOk(published);
  return published.json<Plan>();
}

function applicant(postId: number, overrides: Record<string, unknown> = {}) {
  return {
    postId,
    name: '张晓敏',
    idNumber: idNumber('1998-05-04'),
    phone: phone(),
    ethnicity: '01',
    politicalStatus: '13',
    education: '20',
    school: '浙江大学',
    major: '社会工作',
    householdRegistration: '浙江省杭州市',
    ...overrides,
  };
}

async function applyAs(planId: number, body: Record<string, unknown>) {
  return send(t.app, {
    method: 'POST',
    url: `/api/public/recruitment/plans/${planId}/applications`,
    payload: body,
  });
}

/** Moves the plan's application window into the past, as if the weeks had gone by. */
async function closeWindow(planId: number): Promise<void> {
  await t.db.pool.query(
    `update recruitment_plan set application_start = $2::date, application_end = $3::date,
            exam_date = null where id = $1`,
    [planId, daysFromToday(-60), daysFromToday(-40)],
  );
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  street = await login(t.app, 'street');
  district = await login(t.app, 'district');
  community = await login(t.app, 'community');
  const admin = await login(t.app, 'admin');
  otherHr = await createUserSession(t, admin, {
    username: 'hr_s2',
    orgUnitId: tree.s2.id,
    roles: ['hr_officer'],
  });
});

afterAll(async () => {
  await t.close();
});

describe('pure rules', () => {
  it('counts notice working days, skipping weekends', () => {
    // 2026-11-27 is a Friday: Fri, Mon, Tue, Wed, Thu → five working days end on Thursday.
    expect(noticeEnd('2026-11-27', 5)).toBe('2026-12-03');
    // Starting on a Saturday: the first working day is Monday.
    expect(noticeEnd('2026-11-28', 5)).toBe('2026-12-04');
    expect(noticeEnd('2026-11-30', 1)).toBe('2026-11-30');
  });

  it('breaks ties by the stated rule, then by the earlier application', () => {
    const rows = [
      { id: 1, written: 80, interview: 90, combined: 84, submittedAt: 3 },
      { id: 2, written: 90, interview: 75, combined: 84, submittedAt: 2 },
      { id: 3, written: 85, interview: 85, combined: 85, submittedAt: 1 },
    ];
    expect(rank(rows, 'written_exam_first').map((r) => r.id)).toEqual([3, 2, 1]);
    expect(rank(rows, 'interview_first').map((r) => r.id)).toEqual([3, 1, 2]);
    expect(rank(rows, 'earlier_application').map((r) => r.id)).toEqual([3, 2, 1]);
    expect(rank(rows, 'written_exam_first')[1]?.tieNote).toContain('笔试成绩高者排前');
  });
});

describe('plans', () => {
  it('rejects a self-contradicting plan naming the field, and writes nothing', async () => {
    const before = await databaseDigest(t, { except: ['session'] });
    const res = await as(t.app, street).post(
      '/api/recruitment/plans',
      planBody({
        conditions: { ...planBody().conditions, ageMin: 30, ageMax: 25 },
        weights: { writtenExam: 0.6, interview: 0.6 },
      }),
    );
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'conditions.ageMax' });
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'weights' });
    expect(await databaseDigest(t, { except: ['session'] })).toEqual(before);
  });

  it('rejects a plan looser than the recruitment rule in force', async () => {
    const res = await as(t.app, street).post(
      '/api/recruitment/plans',
      planBody({
        conditions: { ...planBody().conditions, ageMax: 40, minEducation: '30' },
        publicNoticeWorkingDays: 3,
      }),
    );
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'conditions.ageMax' });
    const details = res.json<{ details: { path: string; message: string }[] }>().details;
    expect(details.find((d) => d.path === 'conditions.ageMax')?.message).toContain('35 岁');
    expect(details.map((d) => d.path)).toContain('conditions.minEducation');
    expect(details.map((d) => d.path)).toContain('publicNoticeWorkingDays');
  });

  it('rejects a post outside the plan unit and an unknown field', async () => {
    const res = await as(t.app, street).post(
      '/api/recruitment/plans',
      planBody({
        posts: [
          {
            orgUnitId: tree.d2c1.id,
            title: '岗位',
            post: 'staff',
            category: 'full_time',
            headcount: 1,
          },
        ],
      }),
    );
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'posts.0.orgUnitId' });
    const extra = await as(t.app, street).post('/api/recruitment/plans', {
      ...planBody(),
      salary: 1,
    });
    expectError(extra, { status: 400, code: 'VALIDATION_FAILED', path: 'salary' });
  });

  it('stores the rule version, goes through approval and is published', async () => {
    const draft = await createPlan(street);
    const rule = await one<{ id: number; version_no: number }>(
      t,
      `select id::int, version_no from rule_set where kind = 'recruitment_conditions' and status = 'in_force'`,
    );
    expect(draft.ruleSetId).toBe(rule.id);
    expect(draft.status).toBe('draft');
    // An HR officer cannot approve; the submitter cannot approve their own plan.
    const submitted = await as(t.app, street).post(`/api/recruitment/plans/${draft.id}/submit`, {
      version: draft.version,
    });
    expectOk(submitted);
    const sub = submitted.json<Plan>();
    expect(sub.status).toBe('pending');
    expectError(
      await as(t.app, street).post(`/api/recruitment/plans/${draft.id}/approve`, {
        version: sub.version,
      }),
      { status: 403, code: 'FORBIDDEN' },
    );
    const notices = await rows<{ title: string }>(
      t,
      `select title from notification where user_id = $1 and kind = 'approval.pending'`,
      [district.userId],
    );
    expect(notices.some((n) => n.title.includes(draft.id ? '选聘计划' : ''))).toBe(true);
    const returned = await as(t.app, district).post(`/api/recruitment/plans/${draft.id}/return`, {
      version: sub.version,
      comment: '请补充公告内容',
    });
    expectOk(returned);
    expect(returned.json<Plan>().status).toBe('returned');
    const edited = await as(t.app, street).patch(`/api/recruitment/plans/${draft.id}`, {
      version: returned.json<Plan>().version,
      announcement: '补充后的公告正文。',
    });
    expectOk(edited);
    // A stale version is a conflict.
    expectError(
      await as(t.app, street).patch(`/api/recruitment/plans/${draft.id}`, {
        version: returned.json<Plan>().version,
        title: 'x',
      }),
      { status: 409, code: 'CONFLICT' },
    );
    const again = await as(t.app, street).post(`/api/recruitment/plans/${draft.id}/submit`, {
      version: edited.json<Plan>().version,
    });
    expectOk(again);
    const approved = await as(t.app, district).post(`/api/recruitment/plans/${draft.id}/approve`, {
      version: again.json<Plan>().version,
    });
    expectOk(approved);
    expect(approved.json<Plan>().status).toBe('approved');
    // Through the generic approval inbox the request is decided too.
    const req = await one<{ status: string }>(
      t,
      `select status from approval_request where subject_type = 'recruitment_plan' and subject_id = $1 order by id desc limit 1`,
      [draft.id],
    );
    expect(req.status).toBe('approved');
    const published = await as(t.app, street).post(`/api/recruitment/plans/${draft.id}/publish`, {
      version: approved.json<Plan>().version,
    });
    expectOk(published);
    expect(published.json<Plan>().status).toBe('published');
    const pub = await send(t.app, {
      method: 'GET',
      url: `/api/public/recruitment/plans/${draft.id}`,
    });
    expectOk(pub);
    expect(pub.json<{ open: boolean; announcement: string }>()).toMatchObject({
      open: true,
      announcement: '补充后的公告正文。',
    });
  });

  it('keeps plans inside the subtree: 401, 403, 404', async () => {
    const plan = await createPlan(street);
    expectError(await send(t.app, { method: 'GET', url: `/api/recruitment/plans/${plan.id}` }), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expectError(await as(t.app, community).get(`/api/recruitment/plans/${plan.id}`), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectError(await as(t.app, otherHr).get(`/api/recruitment/plans/${plan.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const list = await as(t.app, otherHr).get('/api/recruitment/plans');
    expectOk(list);
    expect(list.json<{ items: { id: number }[] }>().items.map((p) => p.id)).not.toContain(plan.id);
    const mine = await as(t.app, district).get('/api/recruitment/plans');
    expect(mine.json<{ items: { id: number }[] }>().items.map((p) => p.id)).toContain(plan.id);
    // Drafts are not public.
    expectError(
      await send(t.app, { method: 'GET', url: `/api/public/recruitment/plans/${plan.id}` }),
      { status: 404, code: 'NOT_FOUND' },
    );
  });
});

describe('public application', () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await publishedPlan({
      conditions: { ...planBody().conditions, majors: ['社会工作', '行政管理'] },
    });
  });

  it('refuses an invalid ID number politely, naming the field', async () => {
    const post = plan.posts[0]?.id ?? 0;
    const res = await applyAs(plan.id, applicant(post, { idNumber: '330102199805041230' }));
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'idNumber' });
    const detail = res.json<{ details: { path: string; message: string }[] }>().details[0];
    expect(detail?.message).toBe('身份证号校验码不正确');
  });

  it('accepts an application, encrypts the ID number, and refuses the duplicate politely', async () => {
    const post = plan.posts[0]?.id ?? 0;
    const body = applicant(post);
    const res = await applyAs(plan.id, body);
    expectOk(res);
    const out = res.json<{ code: string; eligible: boolean }>();
    expect(out.code).toMatch(/^[A-Z0-9]{10}$/);
    expect(out.eligible).toBe(true);
    const row = await one<{ id_number_enc: string; id_number_masked: string }>(
      t,
      'select id_number_enc, id_number_masked from recruitment_application where code = $1',
      [out.code],
    );
    expect(row.id_number_enc).not.toContain(body.idNumber);
    expect(row.id_number_masked).toMatch(/^330102\*{8}/);
    const dup = await applyAs(plan.id, {
      ...body,
      idNumber: body.idNumber.toLowerCase(),
      name: '又一次',
    });
    expectError(dup, { status: 409, code: 'DUPLICATE', path: 'idNumber' });
    expect(dup.json<{ message: string }>().message).toContain('您已报名本次招聘');

    // Status lookup needs the ID number and the code.
    const ok = await send(t.app, {
      method: 'POST',
      url: '/api/public/recruitment/status',
      payload: { idNumber: body.idNumber, code: out.code.toLowerCase() },
    });
    expectOk(ok);
    expect(ok.json<{ status: string; message: string }>()).toMatchObject({ status: 'submitted' });
    const wrong = await send(t.app, {
      method: 'POST',
      url: '/api/public/recruitment/status',
      payload: { idNumber: idNumber('1990-01-01'), code: out.code },
    });
    expectError(wrong, { status: 404, code: 'NOT_FOUND' });
    expect(wrong.json<{ message: string }>().message).toContain('请核对身份证号和报名编号');

    // Attachments: sniffed by content, counted on the status.
    const boundary = 'cwprecruit';
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const upload = (content: Buffer, filename: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/public/recruitment/attachments',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([
          Buffer.from(
            part('idNumber', body.idNumber) +
              part('code', out.code) +
              `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`,
          ),
          content,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    expectOk(await upload(Buffer.from('%PDF-1.4 diploma'), '学历证书.pdf'));
    expectError(await upload(Buffer.from('MZ not a pdf'), 'evil.pdf'), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'file',
    });
    const after = await send(t.app, {
      method: 'POST',
      url: '/api/public/recruitment/status',
      payload: { idNumber: body.idNumber, code: out.code },
    });
    expect(after.json<{ attachments: number }>().attachments).toBe(1);
  });

  it('gives eligibility reasons, and HR reviews with a reason', async () => {
    const post = plan.posts[0]?.id ?? 0;
    const res = await applyAs(
      plan.id,
      applicant(post, {
        name: '李年长',
        idNumber: idNumber('1985-03-01', 'male'),
        education: '30',
        major: '土木工程',
      }),
    );
    expectOk(res);
    const out = res.json<{ applicationId: number; eligible: boolean; reasons: string[] }>();
    expect(out.eligible).toBe(false);
    expect(out.reasons.some((r) => r.includes('超过 35 周岁'))).toBe(true);
    expect(out.reasons.some((r) => r.includes('大学专科') && r.includes('大学本科'))).toBe(true);
    expect(out.reasons.some((r) => r.includes('土木工程'))).toBe(true);

    const list = await as(t.app, street).get(`/api/recruitment/plans/${plan.id}/applications`);
    expectOk(list);
    const item = list
      .json<{
        items: {
          id: number;
          eligibilityReasons: string[];
          version: number;
          idNumberMasked: string;
        }[];
      }>()
      .items.find((a) => a.id === out.applicationId);
    expect(item?.eligibilityReasons.length).toBe(3);
    expect(item?.idNumberMasked).toContain('****');
    expectError(
      await as(t.app, street).post(`/api/recruitment/applications/${out.applicationId}/review`, {
        version: item?.version,
        outcome: 'fail',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'reason' },
    );
    expectError(
      await as(t.app, otherHr).post(`/api/recruitment/applications/${out.applicationId}/review`, {
        version: item?.version,
        outcome: 'fail',
        reason: '年龄不符',
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
    const reviewed = await as(t.app, street).post(
      `/api/recruitment/applications/${out.applicationId}/review`,
      { version: item?.version, outcome: 'fail', reason: '年龄和学历不符合招聘条件' },
    );
    expectOk(reviewed);
    expect(reviewed.json<{ status: string }>().status).toBe('rejected');
  });
});

describe('from scores to hire', () => {
  let plan: Plan;
  const people: { id: number; code: string; idNumber: string; name: string }[] = [];

  beforeAll(async () => {
    plan = await publishedPlan({
      posts: [
        {
          orgUnitId: tree.c1.id,
          title: '社区专职工作者',
          post: 'staff',
          category: 'full_time',
          headcount: 1,
        },
      ],
    });
    const post = plan.posts[0]?.id ?? 0;
    for (const name of ['王一', '赵二', '孙三', '周四']) {
      const body = applicant(post, { name, idNumber: idNumber('1997-07-07') });
      const res = await applyAs(plan.id, body);
      expectOk(res);
      const out = res.json<{ applicationId: number; code: string }>();
      people.push({ id: out.applicationId, code: out.code, idNumber: body.idNumber, name });
    }
    for (const p of people) {
      const a = await as(t.app, street).get(`/api/recruitment/applications/${p.id}`);
      const r = await as(t.app, street).post(`/api/recruitment/applications/${p.id}/review`, {
        version: a.json<{ version: number }>().version,
        outcome: 'pass',
      });
      expectOk(r);
    }
  });

  it('imports scores from the template; a bad row writes nothing', async () => {
    const tpl = await as(t.app, street).get(`/api/recruitment/plans/${plan.id}/scores/template`);
    expectOk(tpl);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(toArrayBuffer(tpl.rawPayload));
    const ws = wb.worksheets[0];
    if (!ws) throw new Error('no sheet');
    expect(ws.rowCount).toBe(5);
    const scores: Record<string, [number | string, number]> = {
      王一: [80, 90], // 0.6*80 + 0.4*90 = 84
      赵二: [90, 75], // 54 + 30 = 84 → tie with 王一, higher written
      孙三: [70, 70],
      周四: ['九十', 60],
    };
    for (let r = 2; r <= ws.rowCount; r++) {
      const name = String(ws.getRow(r).getCell(2).value);
      const s = scores[name];
      if (!s) continue;
      ws.getRow(r).getCell(4).value = s[0];
      ws.getRow(r).getCell(5).value = s[1];
    }
    const boundary = 'cwpscores';
    const uploadXlsx = async (w: ExcelJS.Workbook) => {
      const file = Buffer.from(await w.xlsx.writeBuffer());
      return t.app.inject({
        method: 'POST',
        url: `/api/recruitment/plans/${plan.id}/scores/import`,
        headers: {
          cookie: street.cookie,
          'x-csrf-token': street.csrfToken,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
          ),
          file,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    };
    const bad = await uploadXlsx(wb);
    expectError(bad, { status: 400, code: 'VALIDATION_FAILED' });
    const details = bad.json<{ details: { path: string; message: string }[] }>().details;
    expect(details).toHaveLength(1);
    expect(details[0]?.path).toMatch(/^第 \d 行 笔试成绩$/);
    const written = await rows(
      t,
      'select 1 from recruitment_application where plan_id = $1 and written_score is not null',
      [plan.id],
    );
    expect(written).toHaveLength(0);
    for (let r = 2; r <= ws.rowCount; r++) {
      if (ws.getRow(r).getCell(2).value === '周四') ws.getRow(r).getCell(4).value = 60;
    }
    const good = await uploadXlsx(wb);
    expectOk(good);
    expect(good.json<{ saved: number }>().saved).toBe(4);
  });

  it('validates scores entered on screen', async () => {
    const first = people[0];
    const res = await send(t.app, {
      method: 'PUT',
      url: `/api/recruitment/plans/${plan.id}/scores`,
      session: street,
      payload: { scores: [{ applicationId: first?.id, writtenScore: 120, interviewScore: 90 }] },
    });
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'scores.0.writtenScore' });
  });

  it('ranks per post with the tie rule; the top N proceed', async () => {
    const res = await as(t.app, street).post(`/api/recruitment/plans/${plan.id}/rank`);
    expectOk(res);
    const post = res.json<{
      posts: {
        rows: {
          name: string;
          rank: number;
          combinedScore: number;
          status: string;
          tieNote: string | null;
        }[];
      }[];
    }>().posts[0];
    expect(post?.rows.map((r) => r.name)).toEqual(['赵二', '王一', '孙三', '周四']);
    expect(post?.rows[0]).toMatchObject({ combinedScore: 84, status: 'candidate', rank: 1 });
    expect(post?.rows[0]?.tieNote).toContain('笔试成绩高者排前');
    expect(post?.rows[1]?.status).toBe('not_selected');
  });

  it('records medical and background outcomes; a failure frees the place for the next', async () => {
    const zhao = people[1];
    const wang = people[0];
    if (!zhao || !wang) throw new Error('fixture');
    const get = async (id: number) =>
      (await as(t.app, street).get(`/api/recruitment/applications/${id}`)).json<{
        version: number;
        status: string;
      }>();
    expectError(
      await as(t.app, street).post(`/api/recruitment/applications/${zhao.id}/check`, {
        version: (await get(zhao.id)).version,
        kind: 'medical',
        outcome: 'fail',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'note' },
    );
    const failed = await as(t.app, street).post(`/api/recruitment/applications/${zhao.id}/check`, {
      version: (await get(zhao.id)).version,
      kind: 'medical',
      outcome: 'fail',
      note: '体检结论不合格',
    });
    expectOk(failed);
    expect(failed.json<{ status: string }>().status).toBe('removed');
    const postId = plan.posts[0]?.id ?? 0;
    const next = await as(t.app, street).post(
      `/api/recruitment/plans/${plan.id}/posts/${postId}/call-next`,
    );
    expectOk(next);
    expect(next.json<{ id: number; status: string }>()).toMatchObject({
      id: wang.id,
      status: 'candidate',
    });
    expectError(
      await as(t.app, street).post(`/api/recruitment/plans/${plan.id}/posts/${postId}/call-next`),
      { status: 400, code: 'VALIDATION_FAILED', path: 'postId' },
    );
    for (const kind of ['medical', 'background'] as const) {
      const r = await as(t.app, street).post(`/api/recruitment/applications/${wang.id}/check`, {
        version: (await get(wang.id)).version,
        kind,
        outcome: 'pass',
      });
      expectOk(r);
    }
  });

  it('shows health notes only with worker:pii; a reader cannot manage', async () => {
    const admin = await login(t.app, 'admin');
    expectOk(
      await as(t.app, admin).post('/api/roles', {
        code: 'recruit_viewer',
        nameZh: '选聘查看',
        nameEn: 'Recruitment viewer',
        permissions: ['recruit:read'],
      }),
    );
    const viewer = await createUserSession(t, admin, {
      username: 'recruit_viewer1',
      orgUnitId: tree.s1.id,
      roles: ['recruit_viewer'],
    });
    const zhao = people[1];
    if (!zhao) throw new Error('fixture');
    const seen = await as(t.app, viewer).get(`/api/recruitment/applications/${zhao.id}`);
    expectOk(seen);
    expect(seen.json<{ medicalResult: string; medicalNote: string | null }>()).toMatchObject({
      medicalResult: 'fail',
      medicalNote: null,
    });
    const hr = await as(t.app, street).get(`/api/recruitment/applications/${zhao.id}`);
    expect(hr.json<{ medicalNote: string }>().medicalNote).toBe('体检结论不合格');
    expectError(await as(t.app, viewer).post(`/api/recruitment/plans/${plan.id}/rank`), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('starts the notice in working days, records objections, and hires on approval', async () => {
    const wang = people[0];
    const sun = people[2];
    if (!wang || !sun) throw new Error('fixture');
    await closeWindow(plan.id);
    // A Monday three weeks back; 5 working days end on that Friday.
    const monday = new Date();
    monday.setDate(monday.getDate() - 21 - ((monday.getDay() + 6) % 7));
    const start = iso(monday);
    const friday = new Date(monday);
    friday.setDate(friday.getDate() + 4);
    const notice = await as(t.app, street).post(`/api/recruitment/plans/${plan.id}/notice`, {
      startDate: start,
    });
    expectOk(notice);
    expect(notice.json<{ noticeEnd: string; applications: number }>()).toEqual({
      noticeStart: start,
      noticeEnd: iso(friday),
      applications: 1,
    });
    const pub = await send(t.app, {
      method: 'GET',
      url: `/api/public/recruitment/plans/${plan.id}`,
    });
    const shown = pub.json<{ notice: { name: string; idNumberMasked: string }[] }>().notice;
    expect(shown.map((n) => n.name)).toEqual(['王一']);
    expect(shown[0]?.idNumberMasked).toContain('****');

    // Objection against a non-candidate is refused; against the candidate it is recorded.
    expectError(
      await as(t.app, street).post(`/api/recruitment/plans/${plan.id}/objections`, {
        applicationId: sun.id,
        receivedOn: start,
        content: '反映情况',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'applicationId' },
    );
    const obj = await as(t.app, street).post(`/api/recruitment/plans/${plan.id}/objections`, {
      applicationId: wang.id,
      receivedOn: start,
      objector: '群众来信',
      content: '反映其曾在其他单位有不良记录',
    });
    expectOk(obj);
    // An open objection blocks the hire.
    const blocked = await as(t.app, street).post(`/api/recruitment/plans/${plan.id}/hires`, {
      applicationIds: [wang.id],
      hireDate: daysFromToday(1),
    });
    expectError(blocked, { status: 400, code: 'VALIDATION_FAILED', path: 'applicationIds.0' });
    const handled = await as(t.app, street).post(
      `/api/recruitment/objections/${obj.json<{ id: number }>().id}/handle`,
      {
        version: obj.json<{ version: number }>().version,
        outcome: 'dismissed',
        note: '经核查不属实',
      },
    );
    expectOk(handled);
    expect(handled.json<{ status: string; outcome: string }>()).toMatchObject({
      status: 'handled',
      outcome: 'dismissed',
    });

    const workersBefore = (await one<{ n: number }>(t, 'select count(*)::int as n from worker')).n;
    const hire = await as(t.app, street).post(`/api/recruitment/plans/${plan.id}/hires`, {
      applicationIds: [wang.id],
      hireDate: daysFromToday(1),
    });
    expectOk(hire);
    const h = hire.json<{ id: number; version: number; status: string }>();
    expect(h.status).toBe('pending');
    expectError(
      await as(t.app, street).post(`/api/recruitment/hires/${h.id}/approve`, {
        version: h.version,
      }),
      { status: 403, code: 'FORBIDDEN' },
    );
    const approved = await as(t.app, district).post(`/api/recruitment/hires/${h.id}/approve`, {
      version: h.version,
      comment: '同意聘用',
    });
    expectOk(approved);
    expect(approved.json<{ status: string }>().status).toBe('approved');
    expect((await one<{ n: number }>(t, 'select count(*)::int as n from worker')).n).toBe(
      workersBefore + 1,
    );
    const app = await one<{ status: string; worker_id: number }>(
      t,
      'select status, worker_id::int from recruitment_application where id = $1',
      [wang.id],
    );
    expect(app.status).toBe('hired');
    const w = await one<{
      name: string;
      status: string;
      grade: number;
      probation_end: string;
      org_unit_id: number;
    }>(
      t,
      `select name, status, grade, to_char(probation_end, 'YYYY-MM-DD') as probation_end, org_unit_id::int
         from worker where id = $1`,
      [app.worker_id],
    );
    expect(w).toMatchObject({ name: '王一', status: 'probation', org_unit_id: tree.c1.id });
    expect(w.grade).toBeGreaterThanOrEqual(1);
    const contract = await one<{ probation_months: number; rule_set_id: number | null }>(
      t,
      'select probation_months, rule_set_id::int from labor_contract where worker_id = $1',
      [app.worker_id],
    );
    expect(contract.probation_months).toBe(6);
    expect(contract.rule_set_id).not.toBeNull();
    // The new worker is on the roster.
    const roster = await as(t.app, street).get(`/api/workers?q=${encodeURIComponent('王一')}`);
    expectOk(roster);
    expect(roster.json<{ items: { id: number }[] }>().items.map((x) => x.id)).toContain(
      app.worker_id,
    );

    const status = await send(t.app, {
      method: 'POST',
      url: '/api/public/recruitment/status',
      payload: { idNumber: wang.idNumber, code: wang.code },
    });
    expect(status.json<{ status: string; rank: number }>()).toMatchObject({
      status: 'hired',
      rank: 2,
    });
  });

  it('a sustained objection removes the candidate', async () => {
    const p2 = await publishedPlan();
    const post = p2.posts[0]?.id ?? 0;
    const res = await applyAs(
      p2.id,
      applicant(post, { name: '钱五', idNumber: idNumber('1999-09-09') }),
    );
    const id = res.json<{ applicationId: number }>().applicationId;
    const v = async () =>
      (await as(t.app, street).get(`/api/recruitment/applications/${id}`)).json<{
        version: number;
      }>().version;
    expectOk(
      await as(t.app, street).post(`/api/recruitment/applications/${id}/review`, {
        version: await v(),
        outcome: 'pass',
      }),
    );
    expectOk(
      await send(t.app, {
        method: 'PUT',
        url: `/api/recruitment/plans/${p2.id}/scores`,
        session: street,
        payload: { scores: [{ applicationId: id, writtenScore: 75.5, interviewScore: 80 }] },
      }),
    );
    expectOk(await as(t.app, street).post(`/api/recruitment/plans/${p2.id}/rank`));
    for (const kind of ['medical', 'background'])
      expectOk(
        await as(t.app, street).post(`/api/recruitment/applications/${id}/check`, {
          version: await v(),
          kind,
          outcome: 'pass',
        }),
      );
    await closeWindow(p2.id);
    const start = daysFromToday(-3);
    expectOk(
      await as(t.app, street).post(`/api/recruitment/plans/${p2.id}/notice`, { startDate: start }),
    );
    const obj = await as(t.app, street).post(`/api/recruitment/plans/${p2.id}/objections`, {
      applicationId: id,
      receivedOn: start,
      content: '学历证书系伪造',
    });
    const sustained = await as(t.app, street).post(
      `/api/recruitment/objections/${obj.json<{ id: number }>().id}/handle`,
      {
        version: obj.json<{ version: number }>().version,
        outcome: 'sustained',
        note: '经学信网核验属实',
      },
    );
    expectOk(sustained);
    const a = await as(t.app, street).get(`/api/recruitment/applications/${id}`);
    expect(a.json<{ status: string; removedReason: string }>()).toMatchObject({
      status: 'removed',
      removedReason: '公示期间异议查实：经学信网核验属实',
    });
    const list = await as(t.app, street).get(`/api/recruitment/plans/${p2.id}/objections`);
    expect(list.json<{ outcome: string }[]>()[0]?.outcome).toBe('sustained');
  });
});

describe('hire decided in the approval inbox', () => {
  it('returns a hire: the candidate goes back to the list and no worker is made', async () => {
    const p = await publishedPlan();
    const post = p.posts[0]?.id ?? 0;
    const res = await applyAs(
      p.id,
      applicant(post, { name: '吴六', idNumber: idNumber('1995-02-02') }),
    );
    expectOk(res);
    const id = res.json<{ applicationId: number }>().applicationId;
    const v = async () =>
      (await as(t.app, street).get(`/api/recruitment/applications/${id}`)).json<{
        version: number;
      }>().version;
    expectOk(
      await as(t.app, street).post(`/api/recruitment/applications/${id}/review`, {
        version: await v(),
        outcome: 'pass',
      }),
    );
    expectOk(
      await send(t.app, {
        method: 'PUT',
        url: `/api/recruitment/plans/${p.id}/scores`,
        session: street,
        payload: { scores: [{ applicationId: id, writtenScore: 70, interviewScore: 70 }] },
      }),
    );
    expectOk(await as(t.app, street).post(`/api/recruitment/plans/${p.id}/rank`));
    for (const kind of ['medical', 'background'])
      expectOk(
        await as(t.app, street).post(`/api/recruitment/applications/${id}/check`, {
          version: await v(),
          kind,
          outcome: 'pass',
        }),
      );
    await closeWindow(p.id);
    expectOk(
      await as(t.app, street).post(`/api/recruitment/plans/${p.id}/notice`, {
        startDate: daysFromToday(-20),
      }),
    );
    // The hire date must follow the end of the notice.
    expectError(
      await as(t.app, street).post(`/api/recruitment/plans/${p.id}/hires`, {
        applicationIds: [id],
        hireDate: daysFromToday(-20),
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'hireDate' },
    );
    const hire = await as(t.app, street).post(`/api/recruitment/plans/${p.id}/hires`, {
      applicationIds: [id],
      hireDate: daysFromToday(0),
    });
    expectOk(hire);
    const h = hire.json<{ id: number; approvalId: number }>();
    const inbox = await as(t.app, district).get('/api/approvals?box=decide&subjectType=hire');
    expectOk(inbox);
    const request = inbox
      .json<{ items: { id: number; version: number; link: string }[] }>()
      .items.find((r) => r.id === h.approvalId);
    expect(request?.link).toBe(`/recruitment/hires/${h.id}`);
    const byLink = await as(t.app, district).get(`/api/recruitment/hires/${h.id}`);
    expect(byLink.json<{ planId: number }>().planId).toBe(p.id);
    expectError(await as(t.app, otherHr).get(`/api/recruitment/hires/${h.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const workers = (await one<{ n: number }>(t, 'select count(*)::int as n from worker')).n;
    expectOk(
      await as(t.app, district).post(`/api/approvals/${h.approvalId}/return`, {
        version: request?.version,
        comment: '请补充政审材料',
      }),
    );
    const a = await as(t.app, street).get(`/api/recruitment/applications/${id}`);
    expect(a.json<{ status: string }>().status).toBe('candidate');
    expect((await one<{ n: number }>(t, 'select count(*)::int as n from worker')).n).toBe(workers);
    const hires = await as(t.app, street).get(`/api/recruitment/plans/${p.id}/hires`);
    expect(hires.json<{ status: string }[]>()[0]?.status).toBe('returned');
  });
});

describe('public pages are rate-limited', () => {
  it('answers 429 with a Chinese message after too many lookups', async () => {
    let last = 0;
    let body = '';
    for (let i = 0; i < 25; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/public/recruitment/status',
        remoteAddress: '10.9.8.7',
        payload: { idNumber: idNumber('1990-01-01'), code: 'ABCDEFGHJK' },
      });
      last = res.statusCode;
      body = res.body;
      if (last === 429) break;
    }
    expect(last).toBe(429);
    expect(body).toContain('请求过于频繁');
  });
});
