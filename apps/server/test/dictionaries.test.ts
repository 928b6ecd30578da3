// Data dictionaries (national-standard code lists). Global, readable by any signed-in user;
// items are managed with dict:manage, and reads reflect a change at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { auditSince, databaseDigest, expectError, expectOk, maxAuditId, one } from './helpers';

interface Item {
  id: number;
  code: string;
  labelZh: string;
  labelEn: string;
  sort: number;
  active: boolean;
  version: number;
}
interface Dict {
  code: string;
  nameZh: string;
  nameEn: string;
  standard: string | null;
  items: Item[];
}

let t: TestApp;
let admin: Session;
let district: Session;
let community: Session;

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, 'admin');
  district = await login(t.app, 'district');
  community = await login(t.app, 'community');
});
afterAll(async () => {
  await t?.close();
});

const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });
const forbidden = { status: 403, code: 'FORBIDDEN' };
const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' };
const notFound = { status: 404, code: 'NOT_FOUND' };

describe('GET /api/dictionaries', () => {
  it('needs a session', async () => {
    expectError(await as(t.app, null).get('/api/dictionaries'), unauthenticated);
    expectError(await as(t.app, null).get('/api/dictionaries/education'), unauthenticated);
  });

  it('returns every dictionary with its items, matching the database', async () => {
    const res = await as(t.app, community).get('/api/dictionaries');
    expectOk(res);
    const dicts = res.json<Dict[]>();
    const { n: dictCount } = await one<{ n: number }>(
      t,
      'select count(*)::int as n from dictionary',
    );
    const { n: itemCount } = await one<{ n: number }>(
      t,
      'select count(*)::int as n from dictionary_item',
    );
    expect(dicts).toHaveLength(dictCount);
    expect(dicts.reduce((s, d) => s + d.items.length, 0)).toBe(itemCount);
    expect(dicts.map((d) => d.code)).toContain('education');
  });

  it('returns one dictionary; 404 for an unknown code; 400 for an overlong one', async () => {
    const res = await as(t.app, community).get('/api/dictionaries/sex');
    expectOk(res);
    expect(res.json<Dict>()).toMatchObject({ code: 'sex', standard: 'GB/T 2261.1-2003' });
    expect(res.json<Dict>().items.length).toBeGreaterThan(1);
    expectError(await as(t.app, community).get('/api/dictionaries/no_such_dict'), notFound);
    expectError(
      await as(t.app, community).get(`/api/dictionaries/${'x'.repeat(65)}`),
      invalid('code'),
    );
  });
});

describe('POST /api/dictionaries/:code/items', () => {
  const body = (extra: Record<string, unknown> = {}) => ({
    code: 'T99',
    labelZh: '测试岗位',
    labelEn: 'Test post',
    ...extra,
  });

  it('needs a session and dict:manage', async () => {
    expectError(
      await as(t.app, null).post('/api/dictionaries/post/items', body()),
      unauthenticated,
    );
    expectError(await as(t.app, district).post('/api/dictionaries/post/items', body()), forbidden);
    expectError(await as(t.app, community).post('/api/dictionaries/post/items', body()), forbidden);
  });

  it('validates (400 naming the field), 404 for an unknown dictionary; writes nothing', async () => {
    const digest = await databaseDigest(t);
    const existing = await one<{ code: string }>(
      t,
      `select code from dictionary_item where dictionary_code = 'post' limit 1`,
    );
    const cases: [Record<string, unknown>, string][] = [
      [body({ code: 'has space' }), 'code'],
      [body({ code: '' }), 'code'],
      [body({ code: existing.code }), 'code'],
      [body({ labelZh: '' }), 'labelZh'],
      [body({ labelEn: 'x'.repeat(81) }), 'labelEn'],
      [body({ sort: -1 }), 'sort'],
      [body({ sort: '10' }), 'sort'],
      [body({ active: false }), 'active'],
    ];
    for (const [b, path] of cases) {
      expectError(await as(t.app, admin).post('/api/dictionaries/post/items', b), invalid(path));
    }
    expectError(
      await as(t.app, admin).post('/api/dictionaries/no_such_dict/items', body()),
      notFound,
    );
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('adds an item after the last one, audits it, and reads show it at once', async () => {
    const { max } = await one<{ max: number }>(
      t,
      `select max(sort)::int as max from dictionary_item where dictionary_code = 'post'`,
    );
    const cached = await as(t.app, community).get('/api/dictionaries/post'); // warm the cache
    expect(cached.json<Dict>().items.map((i) => i.code)).not.toContain('T99');
    const before = await maxAuditId(t);
    const res = await as(t.app, admin).post('/api/dictionaries/post/items', body());
    expectOk(res);
    const item = res.json<Item>();
    expect(item).toMatchObject({
      code: 'T99',
      labelZh: '测试岗位',
      sort: max + 10,
      active: true,
      version: 1,
    });
    const row = await one<{ dictionary_code: string; sort: number }>(
      t,
      'select * from dictionary_item where id = $1',
      [item.id],
    );
    expect(row).toMatchObject({ dictionary_code: 'post', sort: max + 10 });
    const [audit] = await auditSince(t, before);
    expect(audit).toMatchObject({
      action: 'dictionary_item.create',
      entity_type: 'dictionary_item',
      entity_id: String(item.id),
      actor_name: 'admin',
      changes: { dictionary: 'post', code: 'T99', labelZh: '测试岗位' },
    });
    const after = await as(t.app, community).get('/api/dictionaries/post');
    expect(after.json<Dict>().items.map((i) => i.code)).toContain('T99');
  });
});

describe('PATCH /api/dictionaries/:code/items/:itemId', () => {
  const itemOf = (dict: string) =>
    one<{ id: number; version: number; label_zh: string; active: boolean }>(
      t,
      'select * from dictionary_item where dictionary_code = $1 order by id limit 1',
      [dict],
    );

  it('needs a session and dict:manage; 404 for an item of another dictionary; 409 when stale', async () => {
    const it1 = await itemOf('sex');
    const url = `/api/dictionaries/sex/items/${it1.id}`;
    expectError(await as(t.app, null).patch(url, { version: it1.version }), unauthenticated);
    expectError(
      await as(t.app, district).patch(url, { version: it1.version, active: false }),
      forbidden,
    );
    expectError(
      await as(t.app, admin).patch(`/api/dictionaries/education/items/${it1.id}`, {
        version: it1.version,
        active: false,
      }),
      notFound,
    );
    expectError(
      await as(t.app, admin).patch('/api/dictionaries/sex/items/99999999', { version: 1 }),
      notFound,
    );
    expectError(await as(t.app, admin).patch(url, { version: it1.version + 1, active: false }), {
      status: 409,
      code: 'CONFLICT',
    });
    expect((await itemOf('sex')).active).toBe(true);
  });

  it('validates (400 naming the field) and writes nothing', async () => {
    const it1 = await itemOf('sex');
    const url = `/api/dictionaries/sex/items/${it1.id}`;
    const digest = await databaseDigest(t);
    expectError(await as(t.app, admin).patch(url, { active: false }), invalid('version'));
    expectError(
      await as(t.app, admin).patch(url, { version: it1.version, labelZh: '' }),
      invalid('labelZh'),
    );
    expectError(
      await as(t.app, admin).patch(url, { version: it1.version, code: 'X' }),
      invalid('code'),
    );
    expectError(
      await as(t.app, admin).patch(url, { version: it1.version, active: 'no' }),
      invalid('active'),
    );
    expectError(
      await as(t.app, admin).patch('/api/dictionaries/sex/items/abc', { version: 1 }),
      invalid('itemId'),
    );
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('relabels and deactivates with a field-level audit diff', async () => {
    const it1 = await itemOf('political_status');
    const before = await maxAuditId(t);
    const res = await as(t.app, admin).patch(`/api/dictionaries/political_status/items/${it1.id}`, {
      version: it1.version,
      labelZh: '新标签',
      active: false,
    });
    expectOk(res);
    expect(res.json<Item>()).toMatchObject({
      labelZh: '新标签',
      active: false,
      version: it1.version + 1,
    });
    expect(await itemOf('political_status')).toMatchObject({ label_zh: '新标签', active: false });
    const [audit] = await auditSince(t, before);
    expect(audit).toMatchObject({
      action: 'dictionary_item.update',
      entity_id: String(it1.id),
      changes: {
        dictionary: 'political_status',
        labelZh: { from: it1.label_zh, to: '新标签' },
        active: { from: true, to: false },
      },
    });
    const read = await as(t.app, community).get('/api/dictionaries/political_status');
    expect(read.json<Dict>().items.find((i) => i.id === it1.id)).toMatchObject({
      labelZh: '新标签',
      active: false,
    });
  });
});
