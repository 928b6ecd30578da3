// Assessment results: entered one by one (audited, versioned), listed within the caller's subtree,
// imported from a spreadsheet by ID number or worker id (errors per row, nothing written on any
// error), with permissions and bad input.
import { composeIdNumber } from '@cwp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { buildXlsx, multipart } from './excel-helpers';
import {
  auditSince,
  databaseDigest,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  rows,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let street: Session;
let community: Session;
let seq = 300;

const forbidden = { status: 403, code: 'FORBIDDEN' };
const notFound = { status: 404, code: 'NOT_FOUND' };
const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });
const HEADERS = ['身份证号', '人员编号', '姓名', '考核年度', '考核等次', '备注'];

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  [admin, street, community] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'street'),
    login(t.app, 'community'),
  ]);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function hire(s: Session, orgUnitId: number): Promise<{ id: number; idNumber: string }> {
  const idNumber = composeIdNumber({
    divisionCode: '330106',
    birthDate: '1990-02-03',
    sequence: seq,
    sex: seq++ % 2 === 0 ? 'female' : 'male',
  });
  const res = await as(t.app, s).post('/api/workers', {
    name: `考核${seq}`,
    idNumber,
    ethnicity: '01',
    politicalStatus: '13',
    phone: '13800138000',
    category: 'full_time',
    orgUnitId,
    post: 'staff',
    grade: 3,
    status: 'active',
    workStartDate: '2018-01-01',
    hireDate: '2018-01-01',
    educationFullTime: '20',
  });
  expectOk(res);
  return { id: res.json<{ id: number }>().id, idNumber };
}

function importXlsx(s: Session, file: Buffer, mode: 'validate' | 'commit') {
  const body = multipart(file, 'assessments.xlsx');
  return t.app.inject({
    method: 'POST',
    url: `/api/assessments/import?mode=${mode}`,
    headers: { ...body.headers, cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    payload: body.payload,
  });
}

interface Assessment {
  id: number;
  workerId: number;
  year: number;
  rating: string;
  source: string;
  version: number;
}

describe('assessment results', () => {
  let a: { id: number; idNumber: string };
  let b: { id: number; idNumber: string };
  let far: { id: number; idNumber: string };
  let created: Assessment;

  beforeAll(async () => {
    a = await hire(street, tree.c1.id);
    b = await hire(street, tree.c2.id);
    far = await hire(admin, tree.d2c1.id);
  });

  it('enters one result, audited, and refuses a second for the same year', async () => {
    const before = await maxAuditId(t);
    const res = await as(t.app, street).post('/api/assessments', {
      workerId: a.id,
      year: 2025,
      rating: 'excellent',
      note: '年度优秀',
    });
    expectOk(res);
    created = res.json<Assessment>();
    expect(created).toMatchObject({
      workerId: a.id,
      year: 2025,
      rating: 'excellent',
      source: 'manual',
      version: 1,
    });
    const audit = await auditSince(t, before);
    expect(audit.map((x) => x.action)).toEqual(['assessment.create']);
    expectError(
      await as(t.app, street).post('/api/assessments', {
        workerId: a.id,
        year: 2025,
        rating: 'competent',
      }),
      { status: 409, code: 'DUPLICATE', path: 'year' },
    );
  });

  it('edits with optimistic locking', async () => {
    const url = `/api/assessments/${created.id}`;
    expectError(await as(t.app, street).patch(url, { version: 9, rating: 'competent' }), {
      status: 409,
      code: 'CONFLICT',
    });
    const res = await as(t.app, street).patch(url, {
      version: created.version,
      rating: 'competent',
    });
    expectOk(res);
    expect(res.json()).toMatchObject({ rating: 'competent', version: 2 });
    expectError(
      await as(t.app, admin).patch(`/api/assessments/999999`, { version: 1, rating: 'competent' }),
      notFound,
    );
  });

  it('rejects bad input naming the field', async () => {
    expectError(
      await as(t.app, street).post('/api/assessments', {
        workerId: a.id,
        year: 2025,
        rating: 'great',
      }),
      invalid('rating'),
    );
    expectError(
      await as(t.app, street).post('/api/assessments', {
        workerId: a.id,
        year: 1999,
        rating: 'competent',
      }),
      invalid('year'),
    );
    expectError(
      await as(t.app, street).post('/api/assessments', {
        workerId: far.id,
        year: 2025,
        rating: 'competent',
      }),
      invalid('workerId'),
    );
  });

  it('lists within the caller’s subtree and needs the permission', async () => {
    expectOk(
      await as(t.app, admin).post('/api/assessments', {
        workerId: far.id,
        year: 2025,
        rating: 'excellent',
      }),
    );
    const mine = await as(t.app, street).get('/api/assessments?year=2025');
    expectOk(mine);
    const ids = mine.json<{ items: Assessment[] }>().items.map((x) => x.workerId);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(far.id);
    const all = await as(t.app, admin).get(`/api/assessments?workerId=${far.id}`);
    expect(all.json()).toMatchObject({ total: 1 });
    expectError(await as(t.app, street).get(`/api/assessments?orgUnitId=${tree.d2.id}`), notFound);
    // A community leader reads results (assessment:read) but may not record them.
    expectOk(await as(t.app, community).get('/api/assessments'));
    expectError(
      await as(t.app, community).post('/api/assessments', {
        workerId: a.id,
        year: 2024,
        rating: 'excellent',
      }),
      forbidden,
    );
  });

  it('pages newest year first, then by unit and worker, with every filter', async () => {
    const more = [
      await hire(street, tree.c1.id),
      await hire(street, tree.c2.id),
      await hire(admin, tree.d2c1.id),
      await hire(street, tree.c1.id),
    ];
    const ratings = ['excellent', 'competent', 'basically_competent', 'incompetent'];
    let k = 0;
    for (const w of more)
      for (const year of [2022, 2023])
        for (const period of ['annual', 'q2'])
          await t.db.pool.query(
            `insert into assessment_result (worker_id, year, period, rating, source)
             values ($1, $2, $3, $4, 'import') on conflict do nothing`,
            [w.id, year, period, ratings[k++ % ratings.length]],
          );
    /** Independently: the same rows in the same order, by one plain statement. */
    const expected = async (prefix: string, extra = '', params: unknown[] = []) =>
      (
        await rows<{ id: string }>(
          t,
          `select a.id from assessment_result a join worker w on w.id = a.worker_id
            where w.org_path like $1 ${extra}
            order by a.year desc, w.org_path, w.id, a.period`,
          [`${prefix}%`, ...params],
        )
      ).map((r) => Number(r.id));
    const listed = async (s: Session, query: string) => {
      const ids: number[] = [];
      for (let p = 1; p <= 40; p++) {
        const res = await as(t.app, s).get(`/api/assessments?pageSize=4&page=${p}&${query}`);
        expectOk(res);
        const page = res.json<{ items: Assessment[]; total: number; totalCapped: boolean }>();
        expect(page.totalCapped).toBe(false);
        if (page.items.length === 0) {
          expect(page.total).toBe(ids.length);
          return ids;
        }
        ids.push(...page.items.map((x) => x.id));
      }
      throw new Error('more pages than expected');
    };
    const city = String(tree.city.path);
    const all = await expected(city);
    expect(all.length).toBeGreaterThanOrEqual(16);
    expect(await listed(admin, '')).toEqual(all);
    expect(await listed(street, '')).toEqual(await expected(String(tree.s1.path)));
    expect(await listed(admin, 'year=2023')).toEqual(
      await expected(city, 'and a.year = $2', [2023]),
    );
    expect(await listed(street, 'rating=competent')).toEqual(
      await expected(String(tree.s1.path), 'and a.rating = $2', ['competent']),
    );
    expect(await listed(admin, `orgUnitId=${tree.c1.id}&year=2022`)).toEqual(
      await expected(String(tree.c1.path), 'and a.year = $2', [2022]),
    );
    const name = (
      await rows<{ name: string }>(t, 'select name from worker where id = $1', [more[0]!.id])
    )[0]!.name;
    expect(await listed(admin, `q=${encodeURIComponent(name)}`)).toEqual(
      await expected(city, 'and w.name like $2', [`%${name}%`]),
    );
    expect(await listed(admin, `workerId=${more[2]!.id}`)).toEqual(
      await expected(city, 'and w.id = $2', [more[2]!.id]),
    );
  });

  it('downloads the import template', async () => {
    const res = await as(t.app, street).get('/api/assessments/import-template');
    expectOk(res);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('imports nothing when any row is wrong, and reports each row', async () => {
    const digest = await databaseDigest(t, { except: ['audit_log', 'session', 'app_user'] });
    const file = await buildXlsx(
      [
        { 身份证号: b.idNumber, 考核年度: '2025', 考核等次: '优秀' },
        { 人员编号: String(a.id), 考核年度: '2025', 考核等次: '很好' },
        { 身份证号: '110101199003077777', 考核年度: '2025', 考核等次: '合格' },
        { 身份证号: far.idNumber, 考核年度: '2025', 考核等次: '合格' },
        { 人员编号: String(b.id), 考核年度: '2025', 考核等次: '合格' },
        { 考核年度: '2024', 考核等次: '合格' },
        { 人员编号: String(a.id), 考核年度: '1990', 考核等次: '合格' },
      ],
      { headers: HEADERS },
    );
    const res = await importXlsx(street, file, 'commit');
    expectOk(res);
    const body = res.json<{
      committed: boolean;
      errors: { row: number; column: string; message: string }[];
    }>();
    expect(body.committed).toBe(false);
    expect(body.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '考核等次'],
      [4, '身份证号'],
      [5, '身份证号'],
      [6, '考核年度'],
      [7, '身份证号'],
      [8, '考核年度'],
    ]);
    expect(body.errors.find((e) => e.row === 6)?.message).toBe('与第 2 行是同一人员同一年度');
    expect(await databaseDigest(t, { except: ['audit_log', 'session', 'app_user'] })).toEqual(
      digest,
    );
    // Wrong headers.
    const bad = await importXlsx(
      street,
      await buildXlsx([{ 姓名: 'x' }], { headers: ['姓名'] }),
      'validate',
    );
    expectOk(bad);
    expect(bad.json<{ errors: { message: string }[] }>().errors[0]?.message).toMatch(/身份证号/);
    // Not a spreadsheet.
    expectError(await importXlsx(street, Buffer.from('hello'), 'validate'), invalid('file'));
  });

  it('imports a valid file: creates and updates, one audit row', async () => {
    const file = await buildXlsx(
      [
        { 身份证号: b.idNumber, 考核年度: '2025', 考核等次: '优秀' },
        { 人员编号: String(a.id), 考核年度: '2025', 考核等次: 'basically_competent', 备注: '复核' },
        { 身份证号: a.idNumber, 人员编号: String(a.id), 考核年度: '2024', 考核等次: '合格' },
      ],
      { headers: HEADERS },
    );
    const validate = await importXlsx(street, file, 'validate');
    expectOk(validate);
    expect(validate.json()).toMatchObject({ committed: false, errors: [], created: 2, updated: 1 });
    const before = await maxAuditId(t);
    const res = await importXlsx(street, file, 'commit');
    expectOk(res);
    expect(res.json()).toMatchObject({
      committed: true,
      total: 3,
      created: 2,
      updated: 1,
      unchanged: 0,
    });
    const stored = await rows<{ worker_id: string; year: number; rating: string; source: string }>(
      t,
      'select worker_id, year, rating, source from assessment_result where worker_id = any($1) order by worker_id, year',
      [[a.id, b.id]],
    );
    expect(stored.map((r) => [Number(r.worker_id), r.year, r.rating, r.source])).toEqual([
      [a.id, 2024, 'competent', 'import'],
      [a.id, 2025, 'basically_competent', 'import'],
      [b.id, 2025, 'excellent', 'import'],
    ]);
    const audit = await auditSince(t, before);
    expect(audit.map((x) => x.action)).toEqual(['assessment.import']);
    // The same file again changes nothing.
    const again = await importXlsx(street, file, 'commit');
    expect(again.json()).toMatchObject({ committed: true, created: 0, updated: 0, unchanged: 3 });
    expectError(await importXlsx(community, file, 'validate'), forbidden);
  });
});
