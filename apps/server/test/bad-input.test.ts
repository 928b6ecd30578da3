// Hostile and malformed input: broken JSON, oversize bodies, unknown fields, wrong types, odd
// content types, and text that looks like SQL or HTML. Every refusal is a 4xx with a stable code
// and writes nothing; text that is accepted is stored exactly as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { databaseDigest, demoTree, expectError, expectOk, one, send, unit } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  admin = await login(t.app, 'admin');
});
afterAll(async () => {
  await t?.close();
});

const raw = (
  url: string,
  payload: string | Buffer,
  contentType = 'application/json',
  method: 'POST' | 'PATCH' = 'POST',
) =>
  send(t.app, { method, url, session: admin, payload, headers: { 'content-type': contentType } });

const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });

describe('malformed requests', () => {
  it('answers broken JSON with 400 MALFORMED_JSON, also on the public login', async () => {
    const digest = await databaseDigest(t);
    for (const body of ['{"parentId": 1,', '{bad json}', 'null x', '"unterminated']) {
      expectError(await raw('/api/org-units', body), {
        status: 400,
        code: 'MALFORMED_JSON',
        message: '请求内容不是有效的 JSON',
      });
    }
    expectError(
      await send(t.app, {
        method: 'POST',
        url: '/api/auth/login',
        payload: '{"username":',
        headers: { 'content-type': 'application/json' },
      }),
      { status: 400, code: 'MALFORMED_JSON' },
    );
    expectError(await raw('/api/org-units', ''), { status: 400, code: 'MALFORMED_JSON' });
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('answers a body over 1 MB with 413 and keeps serving', async () => {
    const digest = await databaseDigest(t);
    const big = JSON.stringify({
      parentId: tree.d1.id,
      level: 'subdistrict',
      name: 'x'.repeat(1024 * 1024 + 10),
      divisionCode: '330102095',
    });
    expectError(await raw('/api/org-units', big), {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: '提交的内容过大',
    });
    expectError(
      await send(t.app, {
        method: 'POST',
        url: '/api/auth/login',
        payload: JSON.stringify({ username: 'admin', password: 'p'.repeat(1024 * 1024 + 10) }),
        headers: { 'content-type': 'application/json' },
      }),
      { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    );
    expect(await databaseDigest(t)).toEqual(digest);
    expectOk(await as(t.app, null).get('/api/health'));
  });

  it('refuses other content types with 415', async () => {
    const digest = await databaseDigest(t);
    expectError(
      await raw(
        '/api/org-units',
        'parentId=1&level=subdistrict',
        'application/x-www-form-urlencoded',
      ),
      {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
    );
    expectError(await raw('/api/org-units', '<unit/>', 'application/xml'), {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect(await databaseDigest(t)).toEqual(digest);
  });
});

describe('schema violations', () => {
  it('names unknown fields, wrong types and missing fields; writes nothing', async () => {
    const digest = await databaseDigest(t);
    const good = {
      parentId: tree.d1.id,
      level: 'subdistrict',
      name: '街道',
      divisionCode: '330102095',
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, id: 1 }, 'id'],
      [{ ...good, path: '1.' }, 'path'],
      [{ ...good, active: false }, 'active'],
      [{ ...good, parentId: '7' }, 'parentId'],
      [{ ...good, parentId: 1.5 }, 'parentId'],
      [{ ...good, parentId: -3 }, 'parentId'],
      [{ ...good, name: 42 }, 'name'],
      [{ ...good, name: null }, 'name'],
      [{ ...good, name: ['a'] }, 'name'],
      [{ ...good, name: { $ne: '' } }, 'name'],
      [{ ...good, divisionCode: 330102095 }, 'divisionCode'],
      [{ ...good, level: 'LEVEL' }, 'level'],
      [{ ...good, residentPopulation: '100' }, 'residentPopulation'],
      [{ ...good, residentPopulation: 1e12 }, 'residentPopulation'],
      [{ ...good, name: 'a\u0000b' }, 'name'],
      [{ ...good, name: 'line\u0007bell' }, 'name'],
      [{ level: 'subdistrict', name: '街道', divisionCode: '330102095' }, 'parentId'],
    ];
    for (const [body, path] of cases) {
      const res = await as(t.app, admin).post('/api/org-units', body);
      expectError(res, invalid(path));
      expect(res.json<{ message: string }>().message).toBe('输入内容有误，请检查标出的字段');
    }
    // Several problems are reported together.
    const many = await as(t.app, admin).post('/api/org-units', { level: 'x', name: '', extra: 1 });
    const paths = many.json<{ details: { path: string }[] }>().details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['parentId', 'level', 'name', 'divisionCode', 'extra']),
    );
    // An array where an object belongs.
    expectError(await as(t.app, admin).post('/api/org-units', [good]), {
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('validates path and query parameters', async () => {
    expectError(await as(t.app, admin).get('/api/org-units/1.5'), invalid('id'));
    expectError(await as(t.app, admin).get('/api/org-units/abc'), invalid('id'));
    expectError(await as(t.app, admin).get('/api/org-units/-1'), invalid('id'));
    expectError(await as(t.app, admin).get(`/api/org-units/${'9'.repeat(30)}`), invalid('id'));
    expectError(await as(t.app, admin).get('/api/org-units?page=1&page=2'), invalid('page'));
    expectError(await as(t.app, admin).get('/api/org-units?q=%00'), invalid('q'));
    expectError(await as(t.app, admin).get('/api/users?q=%00'), invalid('q'));
    expectError(await as(t.app, admin).get('/api/audit-logs?entityId=%00'), invalid('entityId'));
    // A NUL byte anywhere else the schemas let through still ends as a 400, not a crash.
    const res = await as(t.app, admin).patch('/api/dictionaries/se%00x/items/1', { version: 1 });
    expect([400, 404]).toContain(res.statusCode);
  });

  it('answers unknown routes with 404 in the catalogue format', async () => {
    expectError(await as(t.app, admin).get('/api/nothing-here'), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, admin).delete('/api/org-units/1'), {
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});

describe('text that looks like code', () => {
  const samples = [
    `'; drop table org_unit; --`,
    `Robert'); DELETE FROM app_user WHERE ('1'='1`,
    `<script>alert("x")</script>`,
    `<img src=x onerror=alert(1)>&amp;`,
    `\\x27 OR 1=1 -- 中文 ✓ 🏘️`,
    `%_\\%`,
  ];

  it('stores SQL-ish and HTML names verbatim (as bound parameters) and keeps serving', async () => {
    const units = await one<{ n: number }>(t, 'select count(*)::int as n from org_unit');
    const users = await one<{ n: number }>(t, 'select count(*)::int as n from app_user');
    let code = 81;
    for (const name of samples) {
      const divisionCode = `3301020${code++}`;
      const res = await as(t.app, admin).post('/api/org-units', {
        parentId: tree.d1.id,
        level: 'subdistrict',
        name,
        divisionCode,
      });
      expectOk(res);
      const id = res.json<{ id: number }>().id;
      expect((await unit(t, id)).name).toBe(name);
      const read = await as(t.app, admin).get(`/api/org-units/${id}`);
      expect(read.json<{ name: string }>().name).toBe(name);
      expect(read.headers['content-type']).toContain('application/json');
    }
    expect((await one<{ n: number }>(t, 'select count(*)::int as n from org_unit')).n).toBe(
      units.n + samples.length,
    );
    expect((await one<{ n: number }>(t, 'select count(*)::int as n from app_user')).n).toBe(
      users.n,
    );
    expectOk(await as(t.app, null).get('/api/health'));
    expectOk(await as(t.app, admin).get('/api/auth/me'));
  });

  it('treats search terms as literal text, wildcards included', async () => {
    const search = async (q: string) =>
      (await as(t.app, admin).get(`/api/org-units?q=${encodeURIComponent(q)}&pageSize=100`)).json<{
        items: { name: string }[];
        total: number;
      }>();
    expect((await search(`' or '1'='1`)).total).toBe(0);
    expect((await search('%')).items.map((u) => u.name)).toEqual([`%_\\%`]);
    expect((await search('_')).items.map((u) => u.name).sort()).toEqual(
      samples.filter((x) => x.includes('_')).sort(),
    );
    expect((await search('<script>')).items.map((u) => u.name)).toEqual([
      `<script>alert("x")</script>`,
    ]);
    const users = await as(t.app, admin).get(`/api/users?q=${encodeURIComponent("' or 1=1 --")}`);
    expect(users.json<{ total: number }>().total).toBe(0);
  });

  it('refuses an SQL-ish username at login like any unknown user', async () => {
    const res = await send(t.app, {
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: `admin' --`, password: 'x' },
    });
    expectError(res, { status: 401, code: 'INVALID_CREDENTIALS' });
  });
});
