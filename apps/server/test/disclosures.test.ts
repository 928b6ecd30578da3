// Disclosures (党务/居务/财务公开): drafting by a community, publication by an approver, the
// schedule as data per region (a late or early publication needs a reason), finance totals that
// must add up, correction versioning (a published version is never edited), withdrawal, the
// public pages (no login, only published items, cache invalidated on publication), scope, the
// overdue alerts (once per period, to the community and its subdistrict) and audit rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import {
  auditSince,
  count,
  createUserSession,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  send,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

interface View {
  id: number;
  seriesId: number;
  revision: number;
  correctsId: number | null;
  correctedById: number | null;
  correctionNote: string | null;
  status: string;
  version: number;
  dueDate: string | null;
  overdue: boolean;
  offScheduleReason: string | null;
  scheduleId: number | null;
}
interface PublicList {
  community: { id: number; name: string };
  current: { id: number; title: string; status: string }[];
  past: { id: number; title: string; status: string }[];
}

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let community: Session;

const iso = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const daysAgo = (n: number) => iso(new Date(Date.now() - n * 86_400_000));
/** The quarter before the current one, e.g. 2026-Q3 in November 2026. */
function lastQuarter(): string {
  const d = new Date();
  const q = Math.floor(d.getMonth() / 3);
  return q === 0 ? `${d.getFullYear() - 1}-Q4` : `${d.getFullYear()}-Q${q}`;
}

const finance = {
  rows: [
    { category: '上级拨款', direction: 'income', amount: 1_200_000 },
    { category: '服务收入', direction: 'income', amount: 35_050 },
    { category: '办公费', direction: 'spending', amount: 420_000 },
    { category: '活动费', direction: 'spending', amount: 180_025 },
  ],
  totalIncome: 1_235_050,
  totalSpending: 600_025,
  balance: 635_025,
};

async function draft(s: Session, body: Record<string, unknown>): Promise<View> {
  const res = await as(t.app, s).post('/api/disclosures', body);
  expectOk(res);
  return res.json<View>();
}
async function submitAndPublish(v: View, reason?: string): Promise<View> {
  const sub = await as(t.app, community).post(`/api/disclosures/${v.id}/submit`, {
    version: v.version,
  });
  expectOk(sub);
  const res = await as(t.app, district).post(`/api/disclosures/${v.id}/publish`, {
    version: sub.json<View>().version,
    ...(reason ? { offScheduleReason: reason } : {}),
  });
  expectOk(res);
  return res.json<View>();
}
const put = (s: Session, url: string, payload: unknown) =>
  send(t.app, { method: 'PUT', url, session: s, payload });
const publicList = async (id: number) => {
  const res = await as(t.app, null).get(`/api/public/communities/${id}/disclosures`);
  expectOk(res);
  return res.json<PublicList>();
};

beforeAll(async () => {
  t = await createTestApp();
  tree = await demoTree(t);
  [admin, district, street, community] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
  ]);
  // Finance quarterly (a generous grace keeps the test independent of today's date), affairs
  // within 10 days of the event, both for the first district.
  for (const [kind, rule] of [
    ['finance', { type: 'periodic', period: 'quarter', graceDays: 366 }],
    ['affairs', { type: 'event', withinDays: 10 }],
  ] as const)
    expectOk(
      await put(district, '/api/disclosures/schedules', {
        orgUnitId: tree.d1.id,
        kind,
        rule,
      }),
    );
});
afterAll(async () => {
  await t.close();
});

describe('permissions and scope', () => {
  it('needs a session, and publication needs disclosure:approve', async () => {
    expectError(await as(t.app, null).get('/api/disclosures'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    const v = await draft(community, {
      orgUnitId: tree.c1.id,
      kind: 'party',
      title: '党员发展情况公示',
      body: '本季度发展党员 2 名。',
    });
    const sub = await as(t.app, community).post(`/api/disclosures/${v.id}/submit`, {
      version: v.version,
    });
    expectOk(sub);
    expectError(
      await as(t.app, community).post(`/api/disclosures/${v.id}/publish`, { version: 2 }),
      { status: 403, code: 'FORBIDDEN' },
    );
  });

  it('refuses a community outside scope and a unit that is not a community', async () => {
    const before = await count(t, 'select 1 from disclosure');
    expectError(
      await as(t.app, community).post('/api/disclosures', {
        orgUnitId: tree.c2.id,
        kind: 'party',
        title: 'x',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'orgUnitId' },
    );
    expectError(
      await as(t.app, street).post('/api/disclosures', {
        orgUnitId: tree.s1.id,
        kind: 'party',
        title: 'x',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'orgUnitId' },
    );
    expect(await count(t, 'select 1 from disclosure')).toBe(before);
  });

  it('hides another district’s items (404) and lists only the caller’s subtree', async () => {
    const other = await createUserSession(t, admin, {
      username: 'd2-disclosure',
      orgUnitId: tree.d2.id,
      roles: ['dept_admin'],
    });
    const v = await draft(community, {
      orgUnitId: tree.c1.id,
      kind: 'party',
      title: '组织生活会情况',
    });
    expectError(await as(t.app, other).get(`/api/disclosures/${v.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const list = await as(t.app, other).get('/api/disclosures');
    expectOk(list);
    expect(list.json<{ items: View[] }>().items).toHaveLength(0);
    const mine = await as(t.app, street).get(`/api/disclosures?orgUnitId=${tree.c1.id}`);
    expect(mine.json<{ items: View[] }>().items.map((i) => i.id)).toContain(v.id);
  });
});

describe('finance disclosures', () => {
  it('refuses totals that do not add up, naming the total and both figures, writing nothing', async () => {
    const before = await count(t, 'select 1 from disclosure');
    const res = await as(t.app, community).post('/api/disclosures', {
      orgUnitId: tree.c1.id,
      kind: 'finance',
      title: '三季度财务收支公开',
      periodKey: lastQuarter(),
      finance: { ...finance, totalIncome: 1_235_000, balance: 634_975 },
    });
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'finance.totalIncome' });
    expect(res.body).toContain('收入合计 12350.00 元与各收入行之和 12350.50 元不符');
    const dup = await as(t.app, community).post('/api/disclosures', {
      orgUnitId: tree.c1.id,
      kind: 'finance',
      title: '三季度财务收支公开',
      periodKey: lastQuarter(),
      finance: { ...finance, rows: [...finance.rows, { ...finance.rows[2] }] },
    });
    expectError(dup, { status: 400, code: 'VALIDATION_FAILED', path: 'finance.rows.4.category' });
    expect(dup.body).toContain('第 5 行（办公费）');
    expectError(
      await as(t.app, community).post('/api/disclosures', {
        orgUnitId: tree.c1.id,
        kind: 'finance',
        title: '无表',
        periodKey: lastQuarter(),
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'finance' },
    );
    expectError(
      await as(t.app, community).post('/api/disclosures', {
        orgUnitId: tree.c1.id,
        kind: 'finance',
        title: '期间格式不对',
        periodKey: '2026-07',
        finance,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'periodKey' },
    );
    expect(await count(t, 'select 1 from disclosure')).toBe(before);
  });
});

describe('publication, correction and the public pages', () => {
  let published: View;

  it('publishes a quarterly finance disclosure on schedule; the public page shows it at once', async () => {
    const empty = await publicList(tree.c1.id); // primes the cache
    expect(empty.current).toHaveLength(0);
    const v = await draft(community, {
      orgUnitId: tree.c1.id,
      kind: 'finance',
      title: '三季度财务收支公开',
      periodKey: lastQuarter(),
      finance,
    });
    expect(v.scheduleId).not.toBeNull();
    expect(v.dueDate).not.toBeNull();
    // A draft is never public.
    expect(
      (await as(t.app, null).get(`/api/public/communities/${tree.c1.id}/disclosures/${v.id}`))
        .statusCode,
    ).toBe(404);
    const auditFrom = await maxAuditId(t);
    published = await submitAndPublish(v);
    expect(published.status).toBe('published');
    expect(published.offScheduleReason).toBeNull();
    const after = await publicList(tree.c1.id);
    expect(after.current.map((i) => i.id)).toEqual([v.id]);
    expect(after.community.name).toBe(tree.c1.name);
    const item = await as(t.app, null).get(
      `/api/public/communities/${tree.c1.id}/disclosures/${v.id}`,
    );
    expectOk(item);
    expect(item.json<{ finance: typeof finance }>().finance).toEqual(finance);
    // The same item under another community's address is not found.
    expect(
      (await as(t.app, null).get(`/api/public/communities/${tree.c2.id}/disclosures/${v.id}`))
        .statusCode,
    ).toBe(404);
    const audit = await auditSince(t, auditFrom);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['disclosure.submit', 'disclosure.publish']),
    );
  });

  it('never edits a published version: a correction is a new version linked to the old', async () => {
    expectError(
      await as(t.app, community).patch(`/api/disclosures/${published.id}`, {
        version: published.version,
        title: '改标题',
        periodKey: lastQuarter(),
        finance,
      }),
      { status: 400, code: 'BAD_REQUEST' },
    );
    const corrected = {
      ...finance,
      rows: finance.rows.map((r) => (r.category === '活动费' ? { ...r, amount: 180_000 } : r)),
      totalSpending: 600_000,
      balance: 635_050,
    };
    expectError(
      await as(t.app, community).post(`/api/disclosures/${published.id}/corrections`, {
        version: published.version,
        title: '三季度财务收支公开（更正）',
        periodKey: lastQuarter(),
        finance: corrected,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'correctionNote' },
    );
    const res = await as(t.app, community).post(`/api/disclosures/${published.id}/corrections`, {
      version: published.version,
      title: '三季度财务收支公开（更正）',
      periodKey: lastQuarter(),
      finance: corrected,
      correctionNote: '活动费多计 0.25 元，已更正',
    });
    expectOk(res);
    const correction = res.json<View>();
    expect(correction).toMatchObject({
      correctsId: published.id,
      seriesId: published.id,
      revision: 2,
      status: 'draft',
    });
    // Until the correction is published the public page still shows the original.
    expect((await publicList(tree.c1.id)).current.map((i) => i.id)).toEqual([published.id]);
    await submitAndPublish(correction);
    const old = await as(t.app, community).get(`/api/disclosures/${published.id}`);
    expect(old.json<View>()).toMatchObject({ status: 'superseded', correctedById: correction.id });
    const list = await publicList(tree.c1.id);
    expect(list.current.map((i) => i.id)).toEqual([correction.id]);
    expect(list.past.map((i) => [i.id, i.status])).toEqual([[published.id, 'superseded']]);
    const item = await as(t.app, null).get(
      `/api/public/communities/${tree.c1.id}/disclosures/${correction.id}`,
    );
    expect(item.json()).toMatchObject({
      correctionNote: '活动费多计 0.25 元，已更正',
      correctsId: published.id,
      revision: 2,
    });
    const oldItem = await as(t.app, null).get(
      `/api/public/communities/${tree.c1.id}/disclosures/${published.id}`,
    );
    expect(oldItem.json()).toMatchObject({ status: 'superseded', correctedById: correction.id });
  });

  it('needs a reason to publish outside the schedule, and stores it', async () => {
    const late = await draft(community, {
      orgUnitId: tree.c1.id,
      kind: 'affairs',
      title: '居民议事会决议公开',
      body: '关于加装电梯的决议。',
      eventDate: daysAgo(30),
    });
    expect(late.dueDate).toBe(daysAgo(20));
    expect(late.overdue).toBe(true);
    const sub = await as(t.app, community).post(`/api/disclosures/${late.id}/submit`, {
      version: late.version,
    });
    const version = sub.json<View>().version;
    expectError(
      await as(t.app, district).post(`/api/disclosures/${late.id}/publish`, { version }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'offScheduleReason' },
    );
    const ok = await as(t.app, district).post(`/api/disclosures/${late.id}/publish`, {
      version,
      offScheduleReason: '决议文本待街道审核，延后公开',
    });
    expectOk(ok);
    expect(ok.json<View>().offScheduleReason).toBe('决议文本待街道审核，延后公开');
    const onTime = await draft(community, {
      orgUnitId: tree.c1.id,
      kind: 'affairs',
      title: '低保评议结果',
      eventDate: daysAgo(2),
    });
    expect((await submitAndPublish(onTime)).offScheduleReason).toBeNull();
  });

  it('withdraws with a reason; the public page lists it as withdrawn', async () => {
    const v = await submitAndPublish(
      await draft(community, { orgUnitId: tree.c1.id, kind: 'party', title: '临时通知' }),
      '临时事项，无固定时限',
    );
    expectError(
      await as(t.app, district).post(`/api/disclosures/${v.id}/withdraw`, { version: v.version }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'reason' },
    );
    expectError(
      await as(t.app, district).post(`/api/disclosures/${v.id}/withdraw`, {
        version: v.version - 1,
        reason: '内容有误',
      }),
      { status: 409, code: 'CONFLICT' },
    );
    expectOk(
      await as(t.app, district).post(`/api/disclosures/${v.id}/withdraw`, {
        version: v.version,
        reason: '内容有误',
      }),
    );
    const list = await publicList(tree.c1.id);
    expect(list.current.map((i) => i.id)).not.toContain(v.id);
    expect(list.past.find((i) => i.id === v.id)?.status).toBe('withdrawn');
  });

  it('answers 404 for an unknown community or a unit that is not a community', async () => {
    for (const id of [999_999, tree.s1.id])
      expect(
        (await as(t.app, null).get(`/api/public/communities/${id}/disclosures`)).statusCode,
      ).toBe(404);
    expectError(await as(t.app, null).get('/api/public/communities/abc/disclosures'), {
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('overdue alerts', () => {
  it('alerts the community and its subdistrict once per period', async () => {
    expectOk(
      await put(district, '/api/disclosures/schedules', {
        orgUnitId: tree.c2.id,
        kind: 'party',
        rule: { type: 'periodic', period: 'quarter', graceDays: 0 },
      }),
    );
    const run = await as(t.app, district).post('/api/disclosures/overdue/run', {});
    expectOk(run);
    const result = run.json<{ alerts: number; notifications: number }>();
    expect(result.alerts).toBeGreaterThanOrEqual(1);
    const again = await as(t.app, district).post('/api/disclosures/overdue/run', {});
    expect(again.json<{ alerts: number }>().alerts).toBe(0);
    const overdue = await as(t.app, street).get('/api/disclosures/overdue');
    expectOk(overdue);
    expect(overdue.json<{ items: unknown[] }>().items).toContainEqual(
      expect.objectContaining({ orgUnitId: tree.c2.id, kind: 'party', periodKey: lastQuarter() }),
    );
    // The subdistrict (street, s1 above c2) is told; the c1 leader is not (not their community).
    const streetNotes = await as(t.app, street).get('/api/notifications');
    expect(
      streetNotes
        .json<{ items: { kind: string; title: string }[] }>()
        .items.some((n) => n.kind === 'disclosure.overdue' && n.title.includes(tree.c2.name)),
    ).toBe(true);
    const c1Notes = await as(t.app, community).get('/api/notifications');
    expect(
      c1Notes
        .json<{ items: { kind: string; title: string }[] }>()
        .items.some((n) => n.kind === 'disclosure.overdue' && n.title.includes(tree.c2.name)),
    ).toBe(false);
    expectError(await as(t.app, community).post('/api/disclosures/overdue/run', {}), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('refuses a bad schedule rule', async () => {
    expectError(
      await put(district, '/api/disclosures/schedules', {
        orgUnitId: tree.d1.id,
        kind: 'party',
        rule: { type: 'periodic', period: 'week', graceDays: 5 },
      }),
      { status: 400, code: 'VALIDATION_FAILED' },
    );
  });
});
