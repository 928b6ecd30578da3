// Supervision rules as effective-dated data per region: disclosure schedules (公开时限) and
// complaint deadlines (受理、答复时限). A unit keeps a base version and dated versions; the one in
// force on a date governs publication checks, overdue alerts and a new complaint's deadlines.
// Covers 401/403, scope (another district's versions invisible, an out-of-scope unit refused),
// 400 with the Chinese field message and nothing written, 409 on a stale version, audit rows.
import { addDays } from '@cwp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../src/modules/workers/mapping';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { auditSince, count, demoTree, expectError, expectOk, maxAuditId, send } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

interface Version {
  id: number;
  orgUnitId: number;
  effectiveFrom: string | null;
  inForce: boolean;
  version: number;
}
interface ScheduleVersion extends Version {
  kind: string;
  rule: { type: string; period?: string; graceDays?: number };
}
interface SettingVersion extends Version {
  acceptDays: number;
  replyDays: number;
}

let t: TestApp;
let tree: Tree;
let district: Session;
let street: Session;
let community: Session;
const today = todayIso();

const put = (s: Session | null, url: string, payload: unknown) =>
  send(t.app, { method: 'PUT', url, ...(s ? { session: s } : {}), payload });
const fieldMessage = (body: string, path: string) =>
  JSON.parse(body).details?.find((d: { path: string }) => d.path === path)?.message as
    string | undefined;

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  [district, street, community] = await Promise.all([
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
  ]);
}, 120_000);
afterAll(async () => {
  await t.close();
});

describe('disclosure schedule versions', () => {
  const url = '/api/disclosures/schedules';
  let base: ScheduleVersion;

  it('needs a session to read and disclosure:approve to change', async () => {
    expectError(await as(t.app, null).get(url), { status: 401, code: 'UNAUTHENTICATED' });
    expectError(
      await put(community, url, {
        orgUnitId: tree.c1.id,
        kind: 'party',
        rule: { type: 'event', withinDays: 5 },
      }),
      { status: 403, code: 'FORBIDDEN' },
    );
  });

  it('refuses bad input with the Chinese field message and writes nothing', async () => {
    const before = await count(t, 'select count(*) from disclosure_schedule');
    const bad = await put(district, url, {
      orgUnitId: tree.s1.id,
      kind: 'finance',
      rule: { type: 'periodic', period: 'quarter', graceDays: 400 },
    });
    expectError(bad, { status: 400, code: 'VALIDATION_FAILED', path: 'rule.graceDays' });
    expect(fieldMessage(bad.body, 'rule.graceDays')).toBe('期满后公开天数不能超过 366 天');
    const past = await put(district, url, {
      orgUnitId: tree.s1.id,
      kind: 'finance',
      rule: { type: 'periodic', period: 'quarter', graceDays: 15 },
      effectiveFrom: addDays(today, -1),
    });
    expectError(past, { status: 400, code: 'VALIDATION_FAILED', path: 'effectiveFrom' });
    expect(fieldMessage(past.body, 'effectiveFrom')).toBe('新版本的生效日期不能早于今天');
    const date = await put(district, url, {
      orgUnitId: tree.s1.id,
      kind: 'finance',
      rule: { type: 'event', withinDays: 3 },
      effectiveFrom: '2026/12/01',
    });
    expectError(date, { status: 400, code: 'VALIDATION_FAILED', path: 'effectiveFrom' });
    expect(fieldMessage(date.body, 'effectiveFrom')).toBe('日期格式应为 YYYY-MM-DD');
    // Another district's unit is outside the caller's scope.
    expectError(
      await put(district, url, {
        orgUnitId: tree.d2.id,
        kind: 'finance',
        rule: { type: 'event', withinDays: 3 },
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'orgUnitId' },
    );
    expect(await count(t, 'select count(*) from disclosure_schedule')).toBe(before);
  });

  it('keeps a base version and a dated one; the base governs until the date (audited)', async () => {
    const mark = await maxAuditId(t);
    const b = await put(district, url, {
      orgUnitId: tree.s1.id,
      kind: 'finance',
      rule: { type: 'periodic', period: 'quarter', graceDays: 15 },
      note: '季度公开',
    });
    expectOk(b);
    base = b.json<ScheduleVersion>();
    expect(base).toMatchObject({ effectiveFrom: null, inForce: true, version: 1 });
    const next = await put(district, url, {
      orgUnitId: tree.s1.id,
      kind: 'finance',
      rule: { type: 'periodic', period: 'month', graceDays: 10 },
      effectiveFrom: addDays(today, 30),
    });
    expectOk(next);
    expect(next.json<ScheduleVersion>()).toMatchObject({
      effectiveFrom: addDays(today, 30),
      inForce: false,
    });
    const audits = await auditSince(t, mark);
    expect(audits.map((a) => a.action)).toEqual([
      'disclosure_schedule.create',
      'disclosure_schedule.create',
    ]);
    // A finance draft for c1 is checked against the base (quarterly) rule today.
    const draftRes = await as(t.app, community).post('/api/disclosures', {
      orgUnitId: tree.c1.id,
      kind: 'finance',
      title: '季度财务公开',
      periodKey: '2026-07',
      finance: {
        rows: [{ category: '上级拨款', direction: 'income', amount: 100 }],
        totalIncome: 100,
        totalSpending: 0,
        balance: 100,
      },
    });
    expectError(draftRes, { status: 400, code: 'VALIDATION_FAILED', path: 'periodKey' });
    const list = await as(t.app, community).get(`${url}?orgUnitId=${tree.s1.id}`);
    expectOk(list);
    const items = list.json<{ items: ScheduleVersion[] }>().items;
    expect(items.map((x) => [x.effectiveFrom, x.inForce])).toEqual([
      [addDays(today, 30), false],
      [null, true],
    ]);
  });

  it('edits a version with its version number (409 when stale) and lists it in scope', async () => {
    expectError(
      await put(district, url, {
        orgUnitId: tree.s1.id,
        kind: 'finance',
        rule: { type: 'periodic', period: 'quarter', graceDays: 20 },
      }),
      { status: 409, code: 'CONFLICT' },
    );
    const ok = await put(district, url, {
      orgUnitId: tree.s1.id,
      kind: 'finance',
      rule: { type: 'periodic', period: 'quarter', graceDays: 20 },
      version: base.version,
    });
    expectOk(ok);
    expect(ok.json<ScheduleVersion>()).toMatchObject({ id: base.id, version: 2 });
    const other = await login(t.app, 'auditor');
    // The auditor has no disclosure permission; another district's approver sees nothing of d1.
    expectError(await as(t.app, other).get(url), { status: 403, code: 'FORBIDDEN' });
    const d2 = await as(t.app, district).get(`${url}?orgUnitId=${tree.d2.id}`);
    expectOk(d2);
    expect(d2.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('a version that starts today governs at once', async () => {
    expectOk(
      await put(district, url, {
        orgUnitId: tree.c2.id,
        kind: 'affairs',
        rule: { type: 'event', withinDays: 30 },
      }),
    );
    const now = await put(district, url, {
      orgUnitId: tree.c2.id,
      kind: 'affairs',
      rule: { type: 'event', withinDays: 7 },
      effectiveFrom: today,
    });
    expectOk(now);
    expect(now.json<ScheduleVersion>().inForce).toBe(true);
    const d = await as(t.app, community).post('/api/disclosures', {
      orgUnitId: tree.c1.id,
      kind: 'affairs',
      title: 'x',
      eventDate: today,
    });
    // c1 has no affairs schedule (c2's does not apply to its sibling).
    expectOk(d);
    expect(d.json<{ dueDate: string | null }>().dueDate).toBeNull();
    const c2 = await as(t.app, district).post('/api/disclosures', {
      orgUnitId: tree.c2.id,
      kind: 'affairs',
      title: '居务事项',
      eventDate: today,
    });
    expectOk(c2);
    expect(c2.json<{ dueDate: string | null }>().dueDate).toBe(addDays(today, 7));
  });
});

describe('complaint deadline versions', () => {
  const url = '/api/complaints/settings';

  it('needs a session, and complaint:manage to change', async () => {
    expectError(await as(t.app, null).get(url), { status: 401, code: 'UNAUTHENTICATED' });
    expectError(await put(community, url, { orgUnitId: tree.c1.id, acceptDays: 3, replyDays: 9 }), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('refuses bad input with the Chinese field message and writes nothing', async () => {
    const before = await count(t, 'select count(*) from complaint_setting');
    const zero = await put(street, url, { orgUnitId: tree.s1.id, acceptDays: 0, replyDays: 9 });
    expectError(zero, { status: 400, code: 'VALIDATION_FAILED', path: 'acceptDays' });
    expect(fieldMessage(zero.body, 'acceptDays')).toBe('受理时限至少 1 天');
    const order = await put(street, url, { orgUnitId: tree.s1.id, acceptDays: 9, replyDays: 5 });
    expectError(order, { status: 400, code: 'VALIDATION_FAILED', path: 'replyDays' });
    expect(fieldMessage(order.body, 'replyDays')).toBe('答复时限不能短于受理时限');
    expectError(
      await put(street, url, {
        orgUnitId: tree.s1.id,
        acceptDays: 3,
        replyDays: 9,
        effectiveFrom: addDays(today, -10),
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'effectiveFrom' },
    );
    expectError(await put(street, url, { orgUnitId: tree.s2.id, acceptDays: 3, replyDays: 9 }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'orgUnitId',
    });
    expect(await count(t, 'select count(*) from complaint_setting')).toBe(before);
    expectError(await as(t.app, street).get(`${url}/${tree.d2.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('a dated version takes over on its day; a complaint takes the one in force', async () => {
    const mark = await maxAuditId(t);
    const base = await put(street, url, { orgUnitId: tree.s1.id, acceptDays: 5, replyDays: 30 });
    expectOk(base);
    expect(base.json<SettingVersion>()).toMatchObject({ effectiveFrom: null, inForce: true });
    const later = await put(street, url, {
      orgUnitId: tree.s1.id,
      acceptDays: 2,
      replyDays: 10,
      effectiveFrom: addDays(today, 1),
    });
    expectOk(later);
    expect(later.json<SettingVersion>().inForce).toBe(false);
    expect((await auditSince(t, mark)).map((a) => a.action)).toEqual([
      'complaint_setting.create',
      'complaint_setting.create',
    ]);
    const inForce = await as(t.app, street).get(`${url}/${tree.c1.id}`);
    expect(inForce.json()).toMatchObject({ acceptDays: 5, replyDays: 30 });
    const submitted = await as(t.app, null).post('/api/public/complaints', {
      orgUnitId: tree.c1.id,
      category: 'other',
      text: '楼道灯坏了很久。',
      anonymous: true,
    });
    expectOk(submitted);
    expect(submitted.json<{ acceptDue: string }>().acceptDue).toBe(addDays(today, 5));
    // Editing the dated version needs its version number.
    const v = later.json<SettingVersion>();
    expectError(
      await put(street, url, {
        orgUnitId: tree.s1.id,
        acceptDays: 3,
        replyDays: 10,
        effectiveFrom: v.effectiveFrom,
        version: v.version + 5,
      }),
      { status: 409, code: 'CONFLICT' },
    );
    const edited = await put(street, url, {
      orgUnitId: tree.s1.id,
      acceptDays: 3,
      replyDays: 10,
      effectiveFrom: v.effectiveFrom,
      version: v.version,
    });
    expectOk(edited);
    expect(edited.json<SettingVersion>()).toMatchObject({ id: v.id, acceptDays: 3, version: 2 });
    const list = await as(t.app, street).get(url);
    expectOk(list);
    const items = list.json<{ items: SettingVersion[] }>().items;
    expect(items.filter((x) => x.orgUnitId === tree.s1.id).map((x) => x.effectiveFrom)).toEqual([
      addDays(today, 1),
      null,
    ]);
    // The community's leader (no complaint permission) and another district see none of it.
    expectError(await as(t.app, community).get(url), { status: 403, code: 'FORBIDDEN' });
  });
});
