// Online learning and qualifications: course building (upload type check and size limit, rich
// text, quiz), a worker learning (video heartbeats with a jump ignored, documents read, a quiz
// answer posted twice counted once, hours granted once on completion), certificates updating the
// dossier and proposing a grade change by the ladder, the certification goal per region, scope,
// permissions and bad input.
import { composeIdNumber } from '@cwp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { computeInitialGrade } from '../src/modules/grades/initial';
import { count, createUserSession, demoTree, expectError, expectOk, one, send } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;
let me: Session;
let other: Session;
let myWorkerId: number;
let otherWorkerId: number;
let seq = 300;

const notFound = { status: 404, code: 'NOT_FOUND' };
const forbidden = { status: 403, code: 'FORBIDDEN' };
const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const MP4 = Buffer.concat([
  Buffer.from([0, 0, 0, 0x18]),
  Buffer.from('ftypmp42'),
  Buffer.alloc(200, 1),
]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
  const boundary = `----cwp${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(
  s: Session,
  courseId: number,
  kind: 'pdf' | 'video',
  fields: Record<string, string>,
  file: { name: string; data: Buffer },
) {
  const m = multipart(fields, file);
  return send(t.app, {
    method: 'POST',
    url: `/api/learning/courses/${courseId}/items/${kind}`,
    session: s,
    payload: m.payload,
    headers: m.headers,
  });
}

async function hire(orgUnitId: number, grade: number | null, by: Session = street) {
  const res = await as(t.app, by).post('/api/workers', {
    name: `学员${seq}`,
    idNumber: composeIdNumber({
      divisionCode: '330106',
      birthDate: '1990-03-02',
      sequence: seq,
      sex: seq++ % 2 === 0 ? 'female' : 'male',
    }),
    ethnicity: '01',
    politicalStatus: '13',
    phone: '13800138000',
    category: 'full_time',
    orgUnitId,
    post: 'staff',
    grade,
    status: 'active',
    workStartDate: '2016-07-01',
    hireDate: '2016-07-01',
    educationFullTime: '20',
  });
  expectOk(res);
  return res.json<{ id: number }>().id;
}

function put(s: Session, url: string, payload: unknown) {
  return send(t.app, { method: 'PUT', url, session: s, payload });
}

async function workerSession(username: string, orgUnitId: number, workerId: number) {
  const s = await createUserSession(t, admin, {
    username,
    orgUnitId,
    roles: ['worker'],
    workerId: workerId,
  });
  return s;
}

interface CourseOut {
  id: number;
  version: number;
  status: string;
  items: { id: number; kind: string }[];
  questions: { id: number }[];
}

async function createCourse(s: Session, orgUnitId: number, title = '矛盾调解实务') {
  const res = await as(t.app, s).post('/api/learning/courses', {
    orgUnitId,
    title,
    description: '线上课程',
    ability: 'mediation',
    hours: 2.5,
    passMark: 60,
    maxAttempts: 2,
  });
  expectOk(res);
  return res.json<CourseOut>();
}

beforeAll(async () => {
  t = await createTestApp({ env: { UPLOAD_LIMIT_BYTES: '4096' } });
  tree = await demoTree(t);
  [admin, district, street, community] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
  ]);
  myWorkerId = await hire(tree.c1.id, null);
  otherWorkerId = await hire(tree.d2c1.id, null, admin);
  me = await workerSession('learner1', tree.c1.id, myWorkerId);
  other = await workerSession('learner2', tree.d2c1.id, otherWorkerId);
}, 90_000);
afterAll(async () => {
  await t?.close();
});

describe('course building', () => {
  it('uploads PDF and video checked by content and size, and rich text', async () => {
    const c = await createCourse(street, tree.s1.id);
    expectOk(await upload(street, c.id, 'pdf', { title: '讲义' }, { name: 'a.pdf', data: PDF }));
    // A PNG named .pdf is refused by its bytes.
    expectError(
      await upload(street, c.id, 'pdf', { title: '讲义' }, { name: 'x.pdf', data: PNG }),
      invalid('file'),
    );
    // A PDF sent as a video is refused too.
    expectError(
      await upload(
        street,
        c.id,
        'video',
        { title: '视频', durationSeconds: '2' },
        { name: 'v.mp4', data: PDF },
      ),
      invalid('file'),
    );
    // Over the limit (4096 bytes in this test app).
    const big = Buffer.concat([PDF, Buffer.alloc(5000, 0x20)]);
    expectError(
      await upload(street, c.id, 'pdf', { title: '大文件' }, { name: 'b.pdf', data: big }),
      invalid('file'),
    );
    expectError(
      await upload(street, c.id, 'video', { title: '视频' }, { name: 'v.mp4', data: MP4 }),
      invalid('durationSeconds'),
    );
    const v = await upload(
      street,
      c.id,
      'video',
      { title: '视频', durationSeconds: '2' },
      { name: 'v.mp4', data: MP4 },
    );
    expectOk(v);
    expect(v.json()).toMatchObject({ kind: 'video', mimeType: 'video/mp4', durationSeconds: 2 });
    expectOk(
      await as(t.app, street).post(`/api/learning/courses/${c.id}/items/text`, {
        title: '导读',
        body: '第一段\n第二段',
      }),
    );
    const detail = (await as(t.app, street).get(`/api/learning/courses/${c.id}`)).json<CourseOut>();
    expect(detail.items.map((i) => i.kind)).toEqual(['pdf', 'video', 'text']);
    const n = await count(
      t,
      `select 1 from audit_log where action = 'online_course.item.add' and entity_id = $1`,
      [c.id],
    );
    expect(n).toBe(3);
  });

  it('serves video with byte ranges', async () => {
    const c = await createCourse(street, tree.s1.id, '视频课');
    const v = (
      await upload(
        street,
        c.id,
        'video',
        { title: '视频', durationSeconds: '10' },
        { name: 'v.mp4', data: MP4 },
      )
    ).json<{ id: number }>();
    const part = await send(t.app, {
      method: 'GET',
      url: `/api/learning/items/${v.id}/content`,
      session: street,
      headers: { range: 'bytes=4-11' },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 4-11/${MP4.length}`);
    expect(part.rawPayload.toString()).toBe('ftypmp42');
    const bad = await send(t.app, {
      method: 'GET',
      url: `/api/learning/items/${v.id}/content`,
      session: street,
      headers: { range: `bytes=${MP4.length + 5}-` },
    });
    expect(bad.statusCode).toBe(416);
    // Not published yet: a worker of the unit cannot fetch it.
    expectError(await as(t.app, me).get(`/api/learning/items/${v.id}/content`), notFound);
  });

  it('validates quizzes, refuses publishing an empty course and checks permissions and scope', async () => {
    const c = await createCourse(street, tree.s1.id, '空课程');
    expectError(
      await put(street, `/api/learning/courses/${c.id}/quiz`, {
        version: c.version,
        questions: [
          { kind: 'single', prompt: '题', options: ['a', 'b'], correct: [0, 1], points: 5 },
        ],
      }),
      invalid('questions.0.correct'),
    );
    expectError(
      await as(t.app, street).patch(`/api/learning/courses/${c.id}`, {
        version: c.version,
        status: 'published',
      }),
      invalid('status'),
    );
    expectError(
      await as(t.app, street).patch(`/api/learning/courses/${c.id}`, { version: 99, title: 'x' }),
      { status: 409, code: 'CONFLICT' },
    );
    expectError(
      await as(t.app, street).post('/api/learning/courses', {
        orgUnitId: tree.s1.id,
        title: '',
        ability: 'nonsense',
        hours: -1,
        passMark: 60,
        maxAttempts: 1,
      }),
      invalid('title'),
    );
    // Another district's unit: refused; another district's course: not found.
    expectError(
      await as(t.app, street).post('/api/learning/courses', {
        orgUnitId: tree.d2.id,
        title: '越权',
        ability: 'mediation',
        hours: 1,
        passMark: 60,
        maxAttempts: 1,
      }),
      invalid('orgUnitId'),
    );
    const d2 = await createCourse(district, tree.d1.id, '区级课程');
    expectOk(await as(t.app, district).get(`/api/learning/courses/${d2.id}`));
    expectError(await as(t.app, street).get(`/api/learning/courses/${d2.id}`), notFound);
    expectError(await as(t.app, community).post('/api/learning/courses', {}), forbidden);
    expectError(await as(t.app, me).get('/api/learning/courses'), forbidden);
    expectError(await as(t.app, null).get('/api/learning/courses'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('a worker learning', () => {
  let course: CourseOut;
  let qIds: number[];

  beforeAll(async () => {
    const c = await createCourse(street, tree.s1.id, '调解课程（完整）');
    expectOk(await upload(street, c.id, 'pdf', { title: '讲义' }, { name: 'a.pdf', data: PDF }));
    expectOk(
      await upload(
        street,
        c.id,
        'video',
        { title: '视频', durationSeconds: '2' },
        { name: 'v.mp4', data: MP4 },
      ),
    );
    const withItems = (
      await as(t.app, street).get(`/api/learning/courses/${c.id}`)
    ).json<CourseOut>();
    const quiz = await put(street, `/api/learning/courses/${c.id}/quiz`, {
      version: withItems.version,
      questions: [
        {
          kind: 'single',
          prompt: '调解应坚持？',
          options: ['自愿', '强制'],
          correct: [0],
          points: 50,
        },
        {
          kind: 'multiple',
          prompt: '调解的原则包括？',
          options: ['合法', '自愿', '收费'],
          correct: [0, 1],
          points: 50,
        },
      ],
    });
    expectOk(quiz);
    const q = quiz.json<CourseOut>();
    const pub = await as(t.app, street).patch(`/api/learning/courses/${c.id}`, {
      version: q.version,
      status: 'published',
    });
    expectOk(pub);
    course = pub.json<CourseOut>();
    qIds = course.questions.map((x) => x.id);
  });

  it('shows the course to workers below its unit only', async () => {
    const mine = await as(t.app, me).get('/api/me/learning/courses');
    expectOk(mine);
    expect(mine.json<{ id: number }[]>().map((x) => x.id)).toContain(course.id);
    const theirs = await as(t.app, other).get('/api/me/learning/courses');
    expect(theirs.json<{ id: number }[]>().map((x) => x.id)).not.toContain(course.id);
    expectError(await as(t.app, other).get(`/api/me/learning/courses/${course.id}`), notFound);
    const detail = await as(t.app, me).get(`/api/me/learning/courses/${course.id}`);
    expectOk(detail);
    // The worker never sees the answers.
    expect(detail.body).not.toContain('"correct"');
    expectError(await as(t.app, street).get('/api/me/learning/courses'), forbidden);
  });

  it('ignores a video progress jump and credits real watching', async () => {
    const video = course.items.find((i) => i.kind === 'video');
    if (!video) throw new Error('no video');
    const url = `/api/me/learning/items/${video.id}/heartbeat`;
    const first = await as(t.app, me).post(url, { position: 0 });
    expectOk(first);
    expect(first.json()).toMatchObject({ accepted: true });
    const jump = await as(t.app, me).post(url, { position: 1500 });
    expectOk(jump);
    expect(jump.json()).toMatchObject({ accepted: false, progress: { watchedSeconds: 0 } });
    expect(jump.json<{ message: string }>().message).toContain('不计入');
    const ok = await as(t.app, me).post(url, { position: 2 });
    expect(ok.json()).toMatchObject({
      accepted: true,
      progress: { watchedSeconds: 2, completed: true },
      courseCompleted: false,
    });
    expectError(await as(t.app, me).post(url, { position: -1 }), invalid('position'));
    const row = await one<{ ignored_heartbeats: number }>(
      t,
      'select ignored_heartbeats from online_progress where worker_id = $1 and item_id = $2',
      [myWorkerId, video.id],
    );
    expect(row.ignored_heartbeats).toBe(1);
    // A video cannot just be marked as read.
    expectError(
      await as(t.app, me).post(`/api/me/learning/items/${video.id}/read`),
      invalid('itemId'),
    );
  });

  it('counts a quiz posted twice once, and grants the hours once on completion', async () => {
    const pdf = course.items.find((i) => i.kind === 'pdf');
    if (!pdf) throw new Error('no pdf');
    const url = `/api/me/learning/courses/${course.id}/quiz`;
    const wrong = {
      submissionKey: 'sheet-0001',
      answers: [
        { questionId: qIds[0], chosen: [1] },
        { questionId: qIds[1], chosen: [0] },
      ],
    };
    const a1 = await as(t.app, me).post(url, wrong);
    expectOk(a1);
    expect(a1.json()).toMatchObject({ attemptNo: 1, score: 0, passed: false, attemptsLeft: 1 });
    const again = await as(t.app, me).post(url, wrong);
    expect(again.json()).toMatchObject({ attemptNo: 1, repeated: true, attemptsLeft: 1 });
    expect(
      await count(t, 'select 1 from online_quiz_attempt where worker_id = $1', [myWorkerId]),
    ).toBe(1);
    expectError(
      await as(t.app, me).post(url, {
        submissionKey: 'sheet-bad',
        answers: [{ questionId: qIds[0], chosen: [0, 1] }],
      }),
      invalid('answers.0'),
    );
    expectError(
      await as(t.app, me).post(url, { submissionKey: 'x', answers: [] }),
      invalid('submissionKey'),
    );
    const right = {
      submissionKey: 'sheet-0002',
      answers: [
        { questionId: qIds[0], chosen: [0] },
        { questionId: qIds[1], chosen: [1, 0] },
      ],
    };
    const a2 = await as(t.app, me).post(url, right);
    expect(a2.json()).toMatchObject({ attemptNo: 2, score: 100, passed: true });
    // Passed, but the PDF is not read yet: no completion, no hours.
    expect(a2.json()).toMatchObject({ courseCompleted: false, hoursGranted: false });
    const hours = `select hours::text as hours, ability from training_hours
                    where worker_id = $1 and source_type = 'online_course' and source_id = $2`;
    expect(await count(t, hours, [myWorkerId, course.id])).toBe(0);
    const read = await as(t.app, me).post(`/api/me/learning/items/${pdf.id}/read`);
    expectOk(read);
    expect(read.json()).toMatchObject({ courseCompleted: true, progress: { completed: true } });
    expect(await one(t, hours, [myWorkerId, course.id])).toEqual({
      hours: '2.5',
      ability: 'mediation',
    });
    // Reading again, reposting the passing sheet, a new attempt: nothing more is granted.
    expectOk(await as(t.app, me).post(`/api/me/learning/items/${pdf.id}/read`));
    expect((await as(t.app, me).post(url, right)).json()).toMatchObject({ repeated: true });
    expectError(
      await as(t.app, me).post(url, { ...right, submissionKey: 'sheet-0003' }),
      invalid('answers'),
    );
    expect(await count(t, hours, [myWorkerId, course.id])).toBe(1);
    expect(
      await count(t, `select 1 from audit_log where action = 'training.hours.grant'`),
    ).toBeGreaterThanOrEqual(1);
    const summary = await as(t.app, me).get('/api/me/learning');
    expectOk(summary);
    const s = summary.json<{
      hoursThisYear: number;
      abilityHours: { ability: string; hours: number }[];
      courses: { id: number; completedAt: string | null }[];
    }>();
    expect(s.hoursThisYear).toBe(2.5);
    expect(s.abilityHours.find((a) => a.ability === 'mediation')?.hours).toBe(2.5);
    expect(s.abilityHours).toHaveLength(8);
    expect(s.courses.find((c) => c.id === course.id)?.completedAt).not.toBeNull();
    // A published course with completions cannot go back to draft.
    const cur = (
      await as(t.app, street).get(`/api/learning/courses/${course.id}`)
    ).json<CourseOut>();
    expectError(
      await as(t.app, street).patch(`/api/learning/courses/${course.id}`, {
        version: cur.version,
        status: 'draft',
      }),
      invalid('status'),
    );
    expectError(await as(t.app, street).get('/api/me/learning'), forbidden);
  });
});

describe('qualifications', () => {
  it('registers for the exam, records the result, and refuses duplicates and other scopes', async () => {
    const reg = await as(t.app, street).post('/api/qualifications/exams', {
      workerId: myWorkerId,
      year: 2026,
      level: 'intermediate',
    });
    expectOk(reg);
    const exam = reg.json<{ id: number; version: number }>();
    expectError(
      await as(t.app, street).post('/api/qualifications/exams', {
        workerId: myWorkerId,
        year: 2026,
        level: 'intermediate',
      }),
      { status: 409, code: 'DUPLICATE', path: 'level' },
    );
    expectError(
      await as(t.app, street).post('/api/qualifications/exams', {
        workerId: otherWorkerId,
        year: 2026,
        level: 'assistant',
      }),
      notFound,
    );
    expectError(
      await as(t.app, street).post('/api/qualifications/exams', {
        workerId: myWorkerId,
        year: 1990,
        level: 'master',
      }),
      invalid('year'),
    );
    const res = await as(t.app, street).post(`/api/qualifications/exams/${exam.id}/result`, {
      status: 'passed',
      score: 72,
      version: exam.version,
    });
    expectOk(res);
    expect(res.json()).toMatchObject({ status: 'passed', score: 72 });
    expectError(await as(t.app, community).post('/api/qualifications/exams', {}), forbidden);
    const list = await as(t.app, district).get('/api/qualifications/exams?year=2026');
    expect(list.json<{ total: number }>().total).toBe(1);
  });

  it('records a certificate: dossier updated through the workers service and a grade change proposed', async () => {
    const w = await one<{
      org_unit_id: number;
      post: string;
      work_start_date: string;
      education: string | null;
    }>(t, `select org_unit_id, post, work_start_date::text, education from worker where id = $1`, [
      myWorkerId,
    ]);
    const base = {
      orgUnitId: w.org_unit_id,
      post: w.post,
      workStartDate: w.work_start_date,
      education: w.education,
      onDate: new Date().toISOString().slice(0, 10),
    };
    const without = await computeInitialGrade(t.db.db, { ...base, qualification: null });
    const withCert = await computeInitialGrade(t.db.db, { ...base, qualification: 'intermediate' });
    expect(withCert.grade).toBeGreaterThan(without.grade);
    await t.db.pool.query('update worker set grade = $1 where id = $2', [
      without.grade,
      myWorkerId,
    ]);
    const exam = await one<{ id: number }>(
      t,
      'select id from qualification_exam where worker_id = $1',
      [myWorkerId],
    );
    const res = await as(t.app, street).post('/api/qualifications/certificates', {
      workerId: myWorkerId,
      level: 'intermediate',
      certNumber: 'SW2026-000123',
      certDate: '2026-06-20',
      examId: Number(exam.id),
    });
    expectOk(res);
    const cert = res.json<{ gradeChangeId: number | null; gradeNote: string | null }>();
    expect(cert.gradeNote).toBeNull();
    expect(cert.gradeChangeId).not.toBeNull();
    const dossier = await one<{ qualification: string; cert_number: string; cert_date: string }>(
      t,
      'select qualification, cert_number, cert_date::text from worker where id = $1',
      [myWorkerId],
    );
    expect(dossier).toEqual({
      qualification: 'intermediate',
      cert_number: 'SW2026-000123',
      cert_date: '2026-06-20',
    });
    expect(
      await count(
        t,
        `select 1 from audit_log where action = 'worker.update' and entity_id = $1
           and changes::text like '%SW2026-000123%'`,
        [myWorkerId],
      ),
    ).toBe(1);
    const change = await one<{ from_grade: number; to_grade: number; status: string }>(
      t,
      'select from_grade, to_grade, status from grade_change where id = $1',
      [cert.gradeChangeId],
    );
    expect(change).toEqual({
      from_grade: without.grade,
      to_grade: withCert.grade,
      status: 'pending',
    });
    expect(
      await count(
        t,
        `select 1 from approval_request where subject_type = 'grade_change' and subject_id = $1`,
        [cert.gradeChangeId],
      ),
    ).toBe(1);
    // The worker sees the certificate in their record.
    const mine = (await as(t.app, me).get('/api/me/learning')).json<{
      certificates: { certNumber: string }[];
    }>();
    expect(mine.certificates.map((c) => c.certNumber)).toEqual(['SW2026-000123']);
  });

  it('refuses a duplicate number, a lower certificate changes nothing, scope and permissions hold', async () => {
    expectError(
      await as(t.app, street).post('/api/qualifications/certificates', {
        workerId: myWorkerId,
        level: 'assistant',
        certNumber: 'SW2026-000123',
        certDate: '2026-06-20',
      }),
      { status: 409, code: 'DUPLICATE', path: 'certNumber' },
    );
    const lower = await as(t.app, street).post('/api/qualifications/certificates', {
      workerId: myWorkerId,
      level: 'assistant',
      certNumber: 'SW2019-000001',
      certDate: '2019-06-20',
    });
    expectOk(lower);
    expect(lower.json<{ gradeNote: string }>().gradeNote).toContain('档案和等级不变');
    const dossier = await one<{ qualification: string }>(
      t,
      'select qualification from worker where id = $1',
      [myWorkerId],
    );
    expect(dossier.qualification).toBe('intermediate');
    expectError(
      await as(t.app, street).post('/api/qualifications/certificates', {
        workerId: otherWorkerId,
        level: 'assistant',
        certNumber: 'SW-X',
        certDate: '2026-01-01',
      }),
      notFound,
    );
    expectError(
      await as(t.app, street).post('/api/qualifications/certificates', {
        workerId: myWorkerId,
        level: 'assistant',
        certNumber: 'SW-Y',
        certDate: '2026-13-01',
      }),
      invalid('certDate'),
    );
    expectError(await as(t.app, community).post('/api/qualifications/certificates', {}), forbidden);
    expect(
      (await as(t.app, community).get('/api/qualifications/certificates')).json<{ total: number }>()
        .total,
    ).toBe(2);
    expect(
      (await as(t.app, district).get('/api/qualifications/certificates')).json<{ total: number }>()
        .total,
    ).toBe(2);
    // Another district sees none of them.
    const d2 = await createUserSession(t, admin, {
      username: 'd2admin',
      orgUnitId: tree.d2.id,
      roles: ['dept_admin'],
    });
    expect(
      (await as(t.app, d2).get('/api/qualifications/certificates')).json<{ total: number }>().total,
    ).toBe(0);
  });

  it('reports the certified share per region against a configurable goal', async () => {
    const before = await as(t.app, street).get('/api/qualifications/goal');
    expectOk(before);
    expect(before.json()).toMatchObject({ unit: { target: null, meets: null } });
    expectError(
      await send(t.app, {
        method: 'PUT',
        url: '/api/qualifications/goal',
        session: admin,
        payload: { orgUnitId: tree.city.id, targetShare: 1.5 },
      }),
      invalid('targetShare'),
    );
    expectOk(
      await send(t.app, {
        method: 'PUT',
        url: '/api/qualifications/goal',
        session: admin,
        payload: { orgUnitId: tree.city.id, targetShare: 0.5 },
      }),
    );
    const res = await as(t.app, street).get(`/api/qualifications/goal?orgUnitId=${tree.s1.id}`);
    expectOk(res);
    const report = res.json<{
      unit: { workers: number; certified: number; share: number; target: number };
      children: { orgUnitId: number; workers: number; certified: number }[];
    }>();
    const expected = await one<{ workers: number; certified: number }>(
      t,
      `select count(*)::int as workers, count(qualification)::int as certified
         from worker where org_path like $1 and status <> 'exited'`,
      [`${tree.s1.path}%`],
    );
    expect(report.unit).toMatchObject({ ...expected, target: 0.5 });
    expect(report.children.map((c) => c.orgUnitId)).toContain(tree.c1.id);
    expectError(
      await as(t.app, street).get(`/api/qualifications/goal?orgUnitId=${tree.d2.id}`),
      notFound,
    );
    expectError(
      await send(t.app, {
        method: 'PUT',
        url: '/api/qualifications/goal',
        session: street,
        payload: { orgUnitId: tree.city.id, targetShare: 0.1 },
      }),
      invalid('orgUnitId'),
    );
  });
});
