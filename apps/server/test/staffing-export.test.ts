// The staffing export (员额配备表 .xlsx): permission and scope, one row per active unit of the
// subtree in tree order, figures equal to the staffing view's (own and rolled up), cells that
// could be formulas neutralised, and an audit row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { byHeader, readXlsx } from './excel-helpers';
import { auditSince, demoTree, expectError, expectOk, maxAuditId, rows } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  [admin, district, street, community] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
  ]);
});
afterAll(async () => {
  await t?.close();
});

interface Totals {
  quota: number;
  headcount: number;
  vacancies: number;
  excess: number;
}
interface Row {
  orgUnitId: number;
  name: string;
  own: { quota: number | null; computedQuota: number | null; headcount: number };
  totals: Totals;
}

describe('GET /api/staffing/export', () => {
  it('needs a session, staffing:read and the unit in scope', async () => {
    expectError(await as(t.app, null).get('/api/staffing/export'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expectError(await as(t.app, community).get('/api/staffing/export'), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectError(await as(t.app, street).get(`/api/staffing/export?orgUnitId=${tree.d2.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, district).get('/api/staffing/export?orgUnitId=abc'), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'orgUnitId',
    });
  });

  it('lists every active unit of the subtree with the figures of the staffing view', async () => {
    // An adjustment whose reason starts like a formula: exported as text.
    const target = tree.c1;
    const view0 = (await as(t.app, district).get(`/api/staffing?orgUnitId=${tree.s1.id}`)).json<{
      children: (Row & { own: { adjustment: { id: number } | null } })[];
    }>();
    const c1 = view0.children.find((c) => c.orgUnitId === target.id);
    expectOk(
      await as(t.app, district).post('/api/staffing/adjustments', {
        orgUnitId: target.id,
        mode: 'delta',
        value: 2,
        reason: '=1+1 新增网格',
        supersedes: c1?.own.adjustment?.id ?? null,
      }),
    );

    const before = await maxAuditId(t);
    const res = await as(t.app, district).get(`/api/staffing/export?orgUnitId=${tree.d1.id}`);
    expectOk(res);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    const sheet = await readXlsx(res.rawPayload);
    const data = byHeader(sheet);

    const active = await rows<{ id: number; division_code: string }>(
      t,
      `select id, division_code from org_unit where path like $1 and active order by division_code, id`,
      [`${String(tree.d1.path)}%`],
    );
    expect(data.map((r) => r['区划代码'])).toEqual(active.map((u) => u.division_code));

    const view = (await as(t.app, district).get(`/api/staffing?orgUnitId=${tree.d1.id}`)).json<{
      unit: Row;
      children: Row[];
    }>();
    for (const r of [view.unit, ...view.children]) {
      const line = data.find((d) => d['单位'] === r.name);
      expect(line, r.name).toBeDefined();
      expect(line?.['员额合计']).toBe(r.totals.quota);
      expect(line?.['在岗合计']).toBe(r.totals.headcount);
      expect(line?.['缺编']).toBe(r.totals.vacancies);
      expect(line?.['超编']).toBe(r.totals.excess);
      expect(line?.['本级在岗']).toBe(r.own.headcount);
    }
    const adjusted = data.find((d) => d['区划代码'] === target.division_code);
    expect(adjusted?.['调整']).toBe('+2');
    expect(adjusted?.['调整理由']).toBe("'=1+1 新增网格");
    expect(String(adjusted?.['配备标准'])).toMatch(/v\d+$/);
    expect(String(adjusted?.['计算说明']).length).toBeGreaterThan(0);

    const audit = await auditSince(t, before);
    expect(audit.map((a) => a.action)).toContain('staffing.export');
  });

  it('defaults to the caller’s own unit; the admin sees the whole city', async () => {
    const res = await as(t.app, street).get('/api/staffing/export');
    expectOk(res);
    const data = byHeader(await readXlsx(res.rawPayload));
    expect(data[0]?.['区划代码']).toBe(tree.s1.division_code);
    const city = byHeader(
      await readXlsx((await as(t.app, admin).get('/api/staffing/export')).rawPayload),
    );
    expect(city[0]?.['区划代码']).toBe(tree.city.division_code);
    expect(city.length).toBeGreaterThan(data.length);
  });
});
