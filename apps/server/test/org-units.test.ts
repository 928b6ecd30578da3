// The org tree: reads limited to the caller's subtree (404 outside it), creation with division
// code rules, optimistic locking, moving whole subtrees, deactivation rules, and their audit rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  auditSince,
  count,
  createUserSession,
  databaseDigest,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  rows,
  send,
  unit,
  type Unit,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;
interface OrgUnitBody {
  id: number;
  parentId: number | null;
  level: string;
  name: string;
  divisionCode: string;
  path: string;
  depth: number;
  childCount: number;
  version: number;
  active: boolean;
}

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;
let workerOnly: Session;

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  admin = await login(t.app, 'admin');
  district = await login(t.app, 'district');
  street = await login(t.app, 'street');
  community = await login(t.app, 'community');
  workerOnly = await createUserSession(t, admin, {
    username: 'selfonly',
    orgUnitId: tree.c1.id,
    roles: ['worker'],
  });
});
afterAll(async () => {
  await t?.close();
});

const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });
const notFound = { status: 404, code: 'NOT_FOUND', message: '记录不存在或无权访问' };
const forbidden = { status: 403, code: 'FORBIDDEN', message: '没有权限执行此操作' };
const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' };

describe('GET /api/org-units', () => {
  it('needs a session and org:read; validates the query', async () => {
    expectError(await as(t.app, null).get('/api/org-units'), unauthenticated);
    expectError(await as(t.app, workerOnly).get('/api/org-units'), forbidden);
    expectError(await as(t.app, admin).get('/api/org-units?pageSize=101'), invalid('pageSize'));
    expectError(await as(t.app, admin).get('/api/org-units?level=planet'), invalid('level'));
    expectError(await as(t.app, admin).get('/api/org-units?parentId=abc'), invalid('parentId'));
    expectError(await as(t.app, admin).get('/api/org-units?sort=name'), invalid('sort'));
  });

  it('starts at the caller’s own unit', async () => {
    for (const [s, u] of [
      [admin, tree.city],
      [district, tree.d1],
      [community, tree.c1],
    ] as const) {
      const res = await as(t.app, s).get('/api/org-units');
      expectOk(res);
      expect(res.json<{ items: OrgUnitBody[] }>().items.map((x) => x.id)).toEqual([u.id]);
    }
  });

  it('lists children in division-code order with child counts', async () => {
    const res = await as(t.app, district).get(`/api/org-units?parentId=${tree.d1.id}`);
    expectOk(res);
    const body = res.json<{ items: OrgUnitBody[]; total: number }>();
    const expected = tree.childrenOf(tree.d1);
    expect(body.total).toBe(expected.length);
    expect(body.items.map((x) => x.divisionCode)).toEqual(expected.map((x) => x.division_code));
    const first = body.items[0];
    expect(first?.childCount).toBe(tree.childrenOf(tree.s1).length);
  });

  it('never lists units outside the caller’s subtree', async () => {
    const d2Children = await as(t.app, district).get(`/api/org-units?parentId=${tree.d2.id}`);
    expect(d2Children.json()).toEqual({ items: [], total: 0 });
    const siblings = await as(t.app, community).get(`/api/org-units?parentId=${tree.s1.id}`);
    expect(siblings.json<{ items: OrgUnitBody[] }>().items.map((x) => x.id)).toEqual([tree.c1.id]);
    const communities = await as(t.app, district).get(
      '/api/org-units?level=community&pageSize=100',
    );
    const expected = await count(
      t,
      `select 1 from org_unit where level = 'community' and path like $1`,
      [`${tree.d1.path}%`],
    );
    expect(communities.json<{ total: number }>().total).toBe(expected);
    const search = await as(t.app, district).get(
      `/api/org-units?q=${encodeURIComponent(tree.d2c1.division_code)}`,
    );
    expect(search.json<{ total: number }>().total).toBe(0);
    const adminSearch = await as(t.app, admin).get(
      `/api/org-units?q=${encodeURIComponent(tree.d2c1.division_code)}`,
    );
    expect(adminSearch.json<{ items: OrgUnitBody[] }>().items.map((x) => x.id)).toEqual([
      tree.d2c1.id,
    ]);
  });
});

describe('GET /api/org-units/:id and /ancestors', () => {
  it('needs a session and org:read; validates the id', async () => {
    for (const suffix of ['', '/ancestors']) {
      expectError(
        await as(t.app, null).get(`/api/org-units/${tree.c1.id}${suffix}`),
        unauthenticated,
      );
      expectError(
        await as(t.app, workerOnly).get(`/api/org-units/${tree.c1.id}${suffix}`),
        forbidden,
      );
      expectError(await as(t.app, admin).get(`/api/org-units/abc${suffix}`), invalid('id'));
      expectError(await as(t.app, admin).get(`/api/org-units/0${suffix}`), invalid('id'));
    }
  });

  it('answers 404 — not the record — outside the caller’s subtree', async () => {
    const cases: [Session, Unit][] = [
      [community, tree.c2],
      [community, tree.s1],
      [district, tree.d2],
      [district, tree.d2c1],
      [district, tree.city],
      [street, tree.s2],
    ];
    for (const [s, u] of cases) {
      for (const suffix of ['', '/ancestors']) {
        const res = await as(t.app, s).get(`/api/org-units/${u.id}${suffix}`);
        expectError(res, notFound);
        expect(res.body).not.toContain(u.name);
      }
    }
    expectError(await as(t.app, admin).get('/api/org-units/99999999'), notFound);
  });

  it('returns the unit inside the subtree', async () => {
    const res = await as(t.app, community).get(`/api/org-units/${tree.c1.id}`);
    expectOk(res);
    expect(res.json()).toMatchObject({
      id: tree.c1.id,
      parentId: tree.s1.id,
      level: 'community',
      name: tree.c1.name,
      divisionCode: tree.c1.division_code,
      path: tree.c1.path,
      depth: 3,
      active: true,
      childCount: 0,
      version: 1,
    });
  });

  it('lists ancestors inside the caller’s scope, root first', async () => {
    const ids = async (s: Session) =>
      (await as(t.app, s).get(`/api/org-units/${tree.c1.id}/ancestors`))
        .json<OrgUnitBody[]>()
        .map((x) => x.id);
    expect(await ids(admin)).toEqual([tree.city.id, tree.d1.id, tree.s1.id, tree.c1.id]);
    expect(await ids(street)).toEqual([tree.s1.id, tree.c1.id]);
    expect(await ids(community)).toEqual([tree.c1.id]);
  });
});

describe('POST /api/org-units', () => {
  const create = (s: Session | null, body: Record<string, unknown>) =>
    as(t.app, s).post('/api/org-units', body);

  it('needs a session and org:manage', async () => {
    const body = {
      parentId: tree.d1.id,
      level: 'subdistrict',
      name: '新街道',
      divisionCode: '330102050',
    };
    expectError(await create(null, body), unauthenticated);
    expectError(await create(street, body), forbidden);
    expectError(await create(community, body), forbidden);
  });

  it('enforces level and division-code rules (400 naming the field) and writes nothing', async () => {
    const digest = await databaseDigest(t);
    const sub = (divisionCode: string, extra: Record<string, unknown> = {}) => ({
      parentId: tree.d1.id,
      level: 'subdistrict',
      name: '新街道',
      divisionCode,
      ...extra,
    });
    const cases: [Record<string, unknown>, string][] = [
      [sub('abc'), 'divisionCode'], // not digits
      [sub('33010205'), 'divisionCode'], // 8 digits: wrong shape for a subdistrict
      [sub('330103050'), 'divisionCode'], // another district's prefix
      [sub('330102000'), 'divisionCode'], // 000 is never a subdistrict
      [sub('330102001'), 'divisionCode'], // duplicate of an existing code
      [{ ...sub('330102050'), level: 'community' }, 'level'], // community directly under a district
      [{ ...sub('330102050'), level: 'city' }, 'level'],
      [
        { parentId: tree.c1.id, level: 'community', name: 'x', divisionCode: '330102001001001' },
        'divisionCode',
      ],
      [
        { parentId: tree.c1.id, level: 'community', name: 'x', divisionCode: '330102001099' },
        'level',
      ],
      [sub('330102050', { parentId: null }), 'parentId'],
      [sub('330102050', { parentId: 99999999 }), 'parentId'],
      [sub('330102050', { parentId: 'x' }), 'parentId'],
      [sub('330102050', { name: '' }), 'name'],
      [sub('330102050', { name: '   ' }), 'name'],
      [sub('330102050', { name: '街'.repeat(101) }), 'name'],
      [sub('330102050', { residentPopulation: -1 }), 'residentPopulation'],
      [sub('330102050', { households: 1.5 }), 'households'],
      [sub('330102050', { code: 'x' }), 'code'],
    ];
    for (const [body, path] of cases) expectError(await create(admin, body), invalid(path));
    // A district administrator cannot create under another district.
    expectError(
      await create(district, {
        parentId: tree.d2.id,
        level: 'subdistrict',
        name: '越界街道',
        divisionCode: '330103050',
      }),
      invalid('parentId'),
    );
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('creates a unit under its parent, with path, depth and an audit row', async () => {
    const before = await maxAuditId(t);
    const res = await send(t.app, {
      method: 'POST',
      url: '/api/org-units',
      session: district,
      headers: { 'x-request-id': 'create-unit-1' },
      payload: {
        parentId: tree.d1.id,
        level: 'subdistrict',
        name: '  新建街道  ',
        divisionCode: '330102050',
        residentPopulation: 12000,
      },
    });
    expectOk(res);
    const body = res.json<OrgUnitBody>();
    const row = await unit(t, body.id);
    expect(row).toMatchObject({
      parent_id: tree.d1.id,
      level: 'subdistrict',
      name: '新建街道',
      division_code: '330102050',
      path: `${tree.d1.path}${body.id}.`,
      depth: 2,
      resident_population: 12000,
      households: null,
      active: true,
      version: 1,
    });
    expect(body).toMatchObject({ id: row.id, path: row.path, childCount: 0, version: 1 });
    const audit = await auditSince(t, before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'org_unit.create',
      entity_type: 'org_unit',
      entity_id: String(body.id),
      actor_id: district.userId,
      actor_name: 'district',
      org_path: row.path,
      request_id: 'create-unit-1',
      ip: '127.0.0.1',
      changes: { name: '新建街道', divisionCode: '330102050', level: 'subdistrict' },
    });
    const child = await create(district, {
      parentId: body.id,
      level: 'community',
      name: '新建社区',
      divisionCode: '330102050001',
    });
    expectOk(child);
    expect((await unit(t, child.json<OrgUnitBody>().id)).path).toBe(
      `${row.path}${child.json<OrgUnitBody>().id}.`,
    );
    const parent = await as(t.app, district).get(`/api/org-units/${body.id}`);
    expect(parent.json<OrgUnitBody>().childCount).toBe(1);
  });
});

describe('PATCH /api/org-units/:id', () => {
  it('needs a session and org:manage, and answers 404 outside the subtree', async () => {
    const body = { version: tree.c2.version, name: '改名' };
    expectError(await as(t.app, null).patch(`/api/org-units/${tree.c2.id}`, body), unauthenticated);
    expectError(await as(t.app, street).patch(`/api/org-units/${tree.c2.id}`, body), forbidden);
    expectError(
      await as(t.app, district).patch(`/api/org-units/${tree.d2c1.id}`, {
        version: tree.d2c1.version,
        name: '越界',
      }),
      notFound,
    );
    expect((await unit(t, tree.d2c1.id)).name).toBe(tree.d2c1.name);
  });

  it('validates the body (400 naming the field) and writes nothing', async () => {
    const digest = await databaseDigest(t);
    const patch = (body: Record<string, unknown>) =>
      as(t.app, admin).patch(`/api/org-units/${tree.c2.id}`, body);
    expectError(await patch({ name: 'x' }), invalid('version'));
    expectError(await patch({ version: tree.c2.version, name: '' }), invalid('name'));
    expectError(await patch({ version: 'one', name: 'x' }), invalid('version'));
    expectError(
      await patch({ version: tree.c2.version, divisionCode: '330103001002' }),
      invalid('divisionCode'),
    );
    expectError(
      await patch({ version: tree.c2.version, divisionCode: tree.c1.division_code }),
      invalid('divisionCode'),
    );
    expectError(
      await patch({ version: tree.c2.version, parentId: tree.s2.id }),
      invalid('parentId'),
    );
    expectError(
      await as(t.app, district).patch(`/api/org-units/${tree.d1.id}`, {
        version: tree.d1.version,
        divisionCode: '330109',
      }),
      invalid('divisionCode'),
    );
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('renames with optimistic locking: a stale version is a 409 and changes nothing', async () => {
    const before = await maxAuditId(t);
    const res = await send(t.app, {
      method: 'PATCH',
      url: `/api/org-units/${tree.c2.id}`,
      session: district,
      headers: { 'x-request-id': 'rename-c2' },
      payload: { version: tree.c2.version, name: '新名字社区', households: 321 },
    });
    expectOk(res);
    expect(res.headers['x-request-id']).toBe('rename-c2');
    expect(res.json<OrgUnitBody>()).toMatchObject({
      name: '新名字社区',
      version: tree.c2.version + 1,
    });
    const row = await unit(t, tree.c2.id);
    expect(row).toMatchObject({
      name: '新名字社区',
      households: 321,
      version: tree.c2.version + 1,
    });
    const [audit] = await auditSince(t, before);
    expect(audit).toMatchObject({
      action: 'org_unit.update',
      entity_id: String(tree.c2.id),
      actor_name: 'district',
      request_id: 'rename-c2',
      ip: '127.0.0.1',
      org_path: tree.c2.path,
      changes: {
        name: { from: tree.c2.name, to: '新名字社区' },
        households: { from: tree.c2.households, to: 321 },
      },
    });

    const stale = await as(t.app, admin).patch(`/api/org-units/${tree.c2.id}`, {
      version: tree.c2.version,
      name: '别人的修改',
    });
    expectError(stale, {
      status: 409,
      code: 'CONFLICT',
      message: '记录已被他人修改，请刷新后重试',
    });
    expect(await unit(t, tree.c2.id)).toEqual(row);
    expect(await auditSince(t, before)).toHaveLength(1);
  });

  it('carries a changed division code down to the descendants', async () => {
    const s = await unit(t, tree.s2.id);
    const kids = tree.childrenOf(tree.s2).length;
    const before = await maxAuditId(t);
    expectOk(
      await as(t.app, admin).patch(`/api/org-units/${s.id}`, {
        version: s.version,
        divisionCode: '330102070',
      }),
    );
    const codes = await rows<{ division_code: string }>(
      t,
      'select division_code from org_unit where parent_id = $1',
      [s.id],
    );
    expect(codes).toHaveLength(kids);
    expect(codes.every((c) => /^330102070\d{3}$/.test(c.division_code))).toBe(true);
    const [audit] = await auditSince(t, before);
    expect(audit?.changes).toMatchObject({
      divisionCode: { from: '330102002', to: '330102070' },
      descendantCodesRewritten: kids,
    });
  });
});

describe('deactivate / activate', () => {
  it('needs a session, org:manage and a version; 404 outside the subtree; 409 when stale', async () => {
    const url = (u: Unit, action = 'deactivate') => `/api/org-units/${u.id}/${action}`;
    expectError(await as(t.app, null).post(url(tree.d2c1), { version: 1 }), unauthenticated);
    expectError(await as(t.app, street).post(url(tree.c1), { version: 1 }), forbidden);
    expectError(
      await as(t.app, null).post(url(tree.d2c1, 'activate'), { version: 1 }),
      unauthenticated,
    );
    expectError(await as(t.app, street).post(url(tree.c1, 'activate'), { version: 1 }), forbidden);
    expectError(await as(t.app, admin).post(url(tree.d2c1, 'activate'), {}), invalid('version'));
    expectError(await as(t.app, admin).post(url(tree.d2c1), {}), invalid('version'));
    expectError(
      await as(t.app, district).post(url(tree.d2c1), { version: tree.d2c1.version }),
      notFound,
    );
    expectError(
      await as(t.app, district).post(url(tree.d2c1, 'activate'), { version: 1 }),
      notFound,
    );
    expectError(await as(t.app, admin).post(url(tree.d2c1), { version: 99 }), {
      status: 409,
      code: 'CONFLICT',
    });
    expect((await unit(t, tree.d2c1.id)).active).toBe(true);
  });

  it('refuses a unit with active children, with active accounts, or the caller’s own unit', async () => {
    const digest = await databaseDigest(t);
    const d2s1 = await unit(t, tree.d2s1.id);
    const children = await as(t.app, admin).post(`/api/org-units/${d2s1.id}/deactivate`, {
      version: d2s1.version,
    });
    expectError(children, invalid('id'));
    expect(children.json<{ details: { message: string }[] }>().details[0]?.message).toContain(
      '下级单位',
    );
    const c1 = await unit(t, tree.c1.id);
    const users = await as(t.app, admin).post(`/api/org-units/${c1.id}/deactivate`, {
      version: c1.version,
    });
    expectError(users, invalid('id'));
    expect(users.json<{ details: { message: string }[] }>().details[0]?.message).toContain('账号');
    const d1 = await unit(t, tree.d1.id);
    expectError(
      await as(t.app, district).post(`/api/org-units/${d1.id}/deactivate`, { version: d1.version }),
      invalid('id'),
    );
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('deactivates a leaf, hides it from lists, refuses children under it, and activates it again', async () => {
    const leaf = await unit(t, tree.d2c1.id);
    const before = await maxAuditId(t);
    const off = await as(t.app, admin).post(`/api/org-units/${leaf.id}/deactivate`, {
      version: leaf.version,
    });
    expectOk(off);
    expect(off.json<OrgUnitBody>()).toMatchObject({ active: false, version: leaf.version + 1 });
    expect(await unit(t, leaf.id)).toMatchObject({ active: false, version: leaf.version + 1 });
    const [audit] = await auditSince(t, before);
    expect(audit).toMatchObject({
      action: 'org_unit.deactivate',
      entity_id: String(leaf.id),
      changes: { active: { from: true, to: false } },
    });
    const list = (extra = '') =>
      as(t.app, admin).get(`/api/org-units?parentId=${tree.d2s1.id}&pageSize=100${extra}`);
    expect((await list()).json<{ items: OrgUnitBody[] }>().items.map((x) => x.id)).not.toContain(
      leaf.id,
    );
    expect(
      (await list('&includeInactive=true')).json<{ items: OrgUnitBody[] }>().items.map((x) => x.id),
    ).toContain(leaf.id);
    // The parent's count of active children dropped.
    const parent = await as(t.app, admin).get(`/api/org-units/${tree.d2s1.id}`);
    expect(parent.json<OrgUnitBody>().childCount).toBe(tree.childrenOf(tree.d2s1).length - 1);

    const on = await as(t.app, admin).post(`/api/org-units/${leaf.id}/activate`, {
      version: leaf.version + 1,
    });
    expectOk(on);
    expect(await unit(t, leaf.id)).toMatchObject({ active: true, version: leaf.version + 2 });
    expect((await auditSince(t, before)).map((a) => a.action)).toEqual([
      'org_unit.deactivate',
      'org_unit.activate',
    ]);
  });

  it('refuses to create under, or activate under, an inactive parent', async () => {
    const parent = await as(t.app, admin).post('/api/org-units', {
      parentId: tree.d2.id,
      level: 'subdistrict',
      name: '临时街道',
      divisionCode: '330103080',
    });
    expectOk(parent);
    const p = parent.json<OrgUnitBody>();
    const child = await as(t.app, admin).post('/api/org-units', {
      parentId: p.id,
      level: 'community',
      name: '临时社区',
      divisionCode: '330103080001',
    });
    expectOk(child);
    const c = child.json<OrgUnitBody>();
    expectOk(await as(t.app, admin).post(`/api/org-units/${c.id}/deactivate`, { version: 1 }));
    expectOk(await as(t.app, admin).post(`/api/org-units/${p.id}/deactivate`, { version: 1 }));
    expectError(
      await as(t.app, admin).post('/api/org-units', {
        parentId: p.id,
        level: 'community',
        name: '停用单位下的社区',
        divisionCode: '330103080002',
      }),
      invalid('parentId'),
    );
    expectError(
      await as(t.app, admin).post(`/api/org-units/${c.id}/activate`, { version: 2 }),
      invalid('id'),
    );
    expect((await unit(t, c.id)).active).toBe(false);
  });
});

describe('POST /api/org-units/:id/move', () => {
  const move = (s: Session | null, u: Unit, body: Record<string, unknown>) =>
    as(t.app, s).post(`/api/org-units/${u.id}/move`, body);

  it('needs a session and org:manage; 404 outside the subtree; 409 when stale', async () => {
    const s1 = await unit(t, tree.s1.id);
    const body = { version: s1.version, parentId: tree.d2.id, divisionCode: '330103060' };
    expectError(await move(null, s1, body), unauthenticated);
    expectError(await move(street, s1, body), forbidden);
    expectError(
      await move(district, tree.d2s1, {
        version: 1,
        parentId: tree.d1.id,
        divisionCode: '330102061',
      }),
      notFound,
    );
    expectError(await move(admin, s1, { ...body, version: s1.version + 5 }), {
      status: 409,
      code: 'CONFLICT',
    });
    expect(await unit(t, s1.id)).toEqual(s1);
  });

  it('refuses impossible moves with 400 naming the field and writes nothing', async () => {
    const digest = await databaseDigest(t);
    const s1 = await unit(t, tree.s1.id);
    const d1 = await unit(t, tree.d1.id);
    const v = s1.version;
    const own = await move(admin, d1, { version: d1.version, parentId: tree.s1.id });
    expectError(own, invalid('parentId'));
    expect(own.body).toContain('自身或其下级');
    expectError(await move(admin, s1, { version: v, parentId: tree.c1.id }), invalid('parentId'));
    expectError(await move(admin, s1, { version: v, parentId: s1.id }), invalid('parentId'));
    expectError(await move(admin, s1, { version: v, parentId: tree.city.id }), invalid('parentId'));
    expectError(
      await move(admin, s1, { version: v, parentId: tree.d2.id }),
      invalid('divisionCode'),
    );
    expectError(
      await move(admin, s1, {
        version: v,
        parentId: tree.d2.id,
        divisionCode: tree.d2s1.division_code,
      }),
      invalid('divisionCode'),
    );
    expectError(await move(admin, s1, { version: v }), invalid('parentId'));
    expectError(await move(admin, s1, { parentId: tree.d2.id }), invalid('version'));
    // A district administrator can neither move its own unit nor move into another district.
    expectError(
      await move(district, d1, { version: d1.version, parentId: tree.city.id }),
      invalid('parentId'),
    );
    expectError(
      await move(district, s1, { version: v, parentId: tree.d2.id, divisionCode: '330103060' }),
      invalid('parentId'),
    );
    expect(await databaseDigest(t)).toEqual(digest);
  });

  it('refuses a move whose rewritten descendant codes are taken, changing nothing', async () => {
    // Only possible with inconsistent data: a unit elsewhere already holds a code the move would
    // give to one of the moved communities.
    const { rows: ins } = await t.db.pool.query<{ id: number }>(
      `insert into org_unit (id, parent_id, level, name, division_code, path, depth)
       select nextval('org_unit_id_seq'), $1, 'community', '占位社区', $2, '', 3 returning id`,
      [tree.d2s1.id, `330103060${tree.c1.division_code.slice(9)}`],
    );
    const stray = ins[0]?.id ?? 0;
    await t.db.pool.query(`update org_unit set path = $2 where id = $1`, [
      stray,
      `${tree.d2s1.path}${stray}.`,
    ]);
    const digest = await databaseDigest(t);
    const s1 = await unit(t, tree.s1.id);
    const res = await move(admin, s1, {
      version: s1.version,
      parentId: tree.d2.id,
      divisionCode: '330103060',
    });
    expectError(res, invalid('divisionCode'));
    expect(res.body).toContain(`330103060${tree.c1.division_code.slice(9)}`);
    expect(await databaseDigest(t)).toEqual(digest);
    await t.db.pool.query('delete from org_unit where id = $1', [stray]);
  });

  it('moves a subdistrict with all its communities to another district', async () => {
    const s1 = await unit(t, tree.s1.id);
    const subtreeBefore = await rows<Unit>(
      t,
      'select * from org_unit where path like $1 order by id',
      [`${s1.path}%`],
    );
    const communities = subtreeBefore.filter((u) => u.id !== s1.id);
    expect(communities.length).toBeGreaterThan(5);
    const unitsBefore = await count(t, 'select 1 from org_unit');
    const before = await maxAuditId(t);

    const res = await move(admin, s1, {
      version: s1.version,
      parentId: tree.d2.id,
      divisionCode: '330103060',
    });
    expectOk(res);
    const newPath = `${tree.d2.path}${s1.id}.`;
    expect(res.json<OrgUnitBody>()).toMatchObject({
      id: s1.id,
      parentId: tree.d2.id,
      path: newPath,
      depth: 2,
      divisionCode: '330103060',
      childCount: communities.length,
    });

    const moved = await unit(t, s1.id);
    expect(moved).toMatchObject({
      parent_id: tree.d2.id,
      path: newPath,
      depth: 2,
      division_code: '330103060',
    });
    const subtreeAfter = await rows<Unit>(
      t,
      'select * from org_unit where path like $1 order by id',
      [`${newPath}%`],
    );
    expect(subtreeAfter.map((u) => u.id)).toEqual(subtreeBefore.map((u) => u.id));
    for (const u of subtreeAfter.filter((x) => x.id !== s1.id)) {
      const old = communities.find((c) => c.id === u.id);
      expect(u.path).toBe(`${newPath}${u.id}.`);
      expect(u.depth).toBe(3);
      expect(u.parent_id).toBe(s1.id);
      expect(u.division_code).toBe(`330103060${old?.division_code.slice(9) ?? ''}`);
    }
    expect(await count(t, 'select 1 from org_unit where path like $1', [`${s1.path}%`])).toBe(0);
    expect(await count(t, 'select 1 from org_unit')).toBe(unitsBefore);
    // Every unit's path is still its parent's path plus its own id.
    expect(
      await count(
        t,
        `select 1 from org_unit c join org_unit p on p.id = c.parent_id
          where c.path <> p.path || c.id || '.' or c.depth <> p.depth + 1`,
      ),
    ).toBe(0);

    const audit = await auditSince(t, before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'org_unit.move',
      entity_id: String(s1.id),
      actor_name: 'admin',
      org_path: newPath,
      changes: {
        parentId: { from: tree.d1.id, to: tree.d2.id },
        path: { from: s1.path, to: newPath },
        divisionCode: { from: s1.division_code, to: '330103060' },
        subtreeSize: subtreeBefore.length,
      },
    });
  });

  it('leaves the moved units’ users seeing their unit; the old district no longer does', async () => {
    const c1 = await as(t.app, community).get(`/api/org-units/${tree.c1.id}`);
    expectOk(c1);
    expect(c1.json<OrgUnitBody>().path).toBe(`${tree.d2.path}${tree.s1.id}.${tree.c1.id}.`);
    const list = await as(t.app, community).get('/api/org-units');
    expect(list.json<{ items: OrgUnitBody[] }>().items.map((x) => x.id)).toEqual([tree.c1.id]);
    const streetView = await as(t.app, street).get(
      `/api/org-units?parentId=${tree.s1.id}&pageSize=100`,
    );
    expect(streetView.json<{ total: number }>().total).toBe(tree.childrenOf(tree.s1).length);
    const ancestors = await as(t.app, admin).get(`/api/org-units/${tree.c1.id}/ancestors`);
    expect(ancestors.json<OrgUnitBody[]>().map((x) => x.id)).toEqual([
      tree.city.id,
      tree.d2.id,
      tree.s1.id,
      tree.c1.id,
    ]);
    expectError(await as(t.app, district).get(`/api/org-units/${tree.s1.id}`), notFound);
    expectError(await as(t.app, district).get(`/api/org-units/${tree.c1.id}`), notFound);
    // The district administrator's user list follows the tree too.
    const users = await as(t.app, district).get('/api/users?pageSize=100');
    const names = users.json<{ items: { username: string }[] }>().items.map((u) => u.username);
    expect(names).not.toContain('community');
    expect(names).not.toContain('street');
  });
});
