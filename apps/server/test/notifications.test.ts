// Notification centre: each producer of the daily run addresses the right users (role + scope:
// the holders at the nearest unit at or above the item; out-of-scope users get nothing), sends each
// item once however often the run repeats (second run, two app instances at once), and every user
// with anything waiting gets one digest a day whose counts equal counts computed here from the
// raw tables. The centre's list filters by kind; bad input is a 400 naming the field.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  createTestApp,
  login,
  testConfig,
  type Session,
  type TestApp,
} from '../../../tests/setup/app';
import { buildApp } from '../src/app';
import { claimDailyNotificationRun } from '../src/modules/notifications/daily';
import { todayIso } from '../src/modules/workers/mapping';
import { demoTree, expectError, expectOk, one, rows } from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let district: Session;
let street: Session;
let auditor: Session;
let community: Session;
let worker: Session;
const today = todayIso();

const addDays = (iso: string, n: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

interface Note extends Record<string, unknown> {
  id: number;
  user_id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
}

async function notesOf(s: Session, kind: string): Promise<Note[]> {
  return rows<Note>(
    t,
    `select id, user_id, kind, title, body, link from notification
      where user_id = $1 and kind = $2 order by id`,
    [s.userId, kind],
  );
}

async function run(app: FastifyInstance = t.app) {
  const res = await as(app, admin).post('/api/notifications/daily/run', {});
  expectOk(res);
  return res.json<{ date: string; sent: Record<string, number>; digests: number }>();
}

let rectNear: number;
let rectOverdue: number;
let auditD1: number;
let auditD2: number;

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  [admin, district, street, auditor, community, worker] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'auditor'),
    login(t.app, 'community'),
    login(t.app, 'worker'),
  ]);
  const self = await one<{ worker_id: number }>(
    t,
    `select worker_id from app_user where username = 'worker'`,
  );
  const other = await one<{ id: number }>(
    t,
    `select id from worker where org_path like $1 order by id limit 1`,
    [`${String(tree.d2.path)}%`],
  );
  // Two audits: one run by district 1 (of the `worker` account's worker), one by district 2.
  const audit = async (unit: Tree['d1'], workerId: number, title: string) =>
    (
      await one<{ id: number }>(
        t,
        `insert into econ_audit (org_unit_id, org_path, worker_id, audited_role, trigger, title,
                                 period_start, period_end, scope, status)
         values ($1, $2, $3, 'party_secretary', 'end_of_term', $4, '2023-01-01', '2025-12-31',
                 '任期经济责任', 'reported') returning id`,
        [unit.id, unit.path, workerId, title],
      )
    ).id;
  auditD1 = await audit(tree.d1, self.worker_id, '一区书记任期经济责任审计');
  auditD2 = await audit(tree.d2, other.id, '二区书记任期经济责任审计');
  const rect = async (auditId: number, deadline: string, status = 'open') =>
    (
      await one<{ id: number }>(
        t,
        `insert into econ_audit_rectification (audit_id, description, owner_name, deadline, status)
         values ($1, '集体资产台账不全，需补登记', '张三', $2, $3) returning id`,
        [auditId, deadline, status],
      )
    ).id;
  rectNear = await rect(auditD1, addDays(today, 3));
  rectOverdue = await rect(auditD2, addDays(today, -5));
  await rect(auditD1, addDays(today, 30)); // not yet due
  await rect(auditD1, addDays(today, -10), 'closed'); // done
  // Quotas (replacing the demo's): communities 1 and 2 of subdistrict 1 short by 3 and 2, one
  // community of district 2 short by 4 (its nearest staffing reader is the city's administrator).
  await t.db.pool.query('delete from unit_quota');
  await t.db.pool.query('update quota_adjustment set active = false');
  const quota = async (unitId: number, missing: number) =>
    t.db.pool.query(
      `insert into unit_quota (org_unit_id, quota, rule_date, explanation, computed_at)
       select $1, count(w.id) + $2, current_date, 'test', now()
         from (select 1) x left join worker w on w.org_unit_id = $1
                                             and w.status in ('active', 'probation')`,
      [unitId, missing],
    );
  await quota(Number(tree.c1.id), 3);
  await quota(Number(tree.c2.id), 2);
  await quota(Number(tree.d2c1.id), 4);
  await quota(Number(tree.s2.id), 0); // exactly staffed: not vacant
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** Workers in post under `path` whose health check is due within 30 days (24-month rule). */
async function healthDue(path: string, exclude: string[] = []): Promise<number> {
  const r = await one<{ n: number }>(
    t,
    `select count(*)::int as n from worker w
      where w.org_path like $1 and not (w.org_path like any($2::text[]))
        and w.status in ('active', 'probation')
        and (coalesce((select max(check_date) from health_check h where h.worker_id = w.id),
                      w.hire_date) + interval '24 months')::date <= current_date + 30`,
    [`${path}%`, exclude.map((p) => `${p}%`)],
  );
  return r.n;
}

describe('daily run', () => {
  it('addresses each item to the nearest holders in scope, once', async () => {
    const first = await run();
    expect(first.date).toBe(today);

    // Rectifications: district 1's managers (dept admin and auditor) get the near one, the city
    // (nearest manager above district 2) the overdue one; nobody else.
    for (const s of [district, auditor]) {
      const mine = await notesOf(s, 'rectification.due');
      expect(mine).toHaveLength(1);
      expect(mine[0]?.link).toBe(`/econ-audits/${auditD1}`);
      expect(mine[0]?.title).toContain('即将到期');
    }
    const adminRect = await notesOf(admin, 'rectification.due');
    expect(adminRect).toHaveLength(1);
    expect(adminRect[0]?.link).toBe(`/econ-audits/${auditD2}`);
    expect(adminRect[0]?.title).toContain('已逾期');
    expect(await notesOf(street, 'rectification.due')).toHaveLength(0);
    expect(await notesOf(community, 'rectification.due')).toHaveLength(0);
    // The audited worker is told too, on their self-service page.
    const own = await notesOf(worker, 'rectification.due');
    expect(own).toHaveLength(1);
    expect(own[0]?.link).toBe('/me');
    const keys = await rows<{ item_key: string }>(
      t,
      `select item_key from notification_dispatch where kind = 'rectification.due' and user_id = $1`,
      [district.userId],
    );
    expect(keys.map((k) => k.item_key)).toEqual([`${rectNear}:${addDays(today, 3)}`]);
    expect(rectOverdue).toBeGreaterThan(0);

    // Quotas: subdistrict 1's officer gets communities 1 and 2 (5 places), the city the one of
    // district 2 (4 places); district 1's admin is not the nearest reader of either.
    const q = await notesOf(street, 'quota.vacant');
    expect(q).toHaveLength(1);
    expect(q[0]?.title).toBe('员额空缺提醒：2 个单位空缺 5 名');
    expect(q[0]?.link).toBe('/staffing');
    const qa = await notesOf(admin, 'quota.vacant');
    expect(qa).toHaveLength(1);
    expect(qa[0]?.title).toBe('员额空缺提醒：1 个单位空缺 4 名');
    expect(await notesOf(district, 'quota.vacant')).toHaveLength(0);
    expect(await notesOf(community, 'quota.vacant')).toHaveLength(0);

    // Health checks: each care officer gets the workers they are nearest to.
    const s1 = await healthDue(String(tree.s1.path));
    const d1Rest = await healthDue(String(tree.d1.path), [String(tree.s1.path)]);
    expect(s1).toBeGreaterThan(0);
    const hs = await notesOf(street, 'health_check.due');
    expect(hs).toHaveLength(1);
    expect(hs[0]?.title).toBe(`体检提醒：${s1} 名社区工作者体检已到期或即将到期`);
    expect(hs[0]?.link).toBe('/care');
    const hd = await notesOf(district, 'health_check.due');
    expect(hd).toHaveLength(d1Rest > 0 ? 1 : 0);
    if (d1Rest > 0) expect(hd[0]?.title).toContain(`${d1Rest} 名`);
    expect(await notesOf(community, 'health_check.due')).toHaveLength(0);

    expect(first.sent['rectification.due']).toBe(4);
    expect(first.sent['quota.vacant']).toBe(2);
    expect(first.digests).toBeGreaterThan(0);

    // A second run the same day sends nothing new.
    const before = await one<{ n: number }>(t, 'select count(*)::int as n from notification');
    const second = await run();
    expect(second.sent).toEqual({});
    expect(second.digests).toBe(0);
    const after = await one<{ n: number }>(t, 'select count(*)::int as n from notification');
    expect(after.n).toBe(before.n);
  }, 60_000);

  it('the digest counts what is waiting in each user’s scope', async () => {
    const res = await as(t.app, street).get('/api/notifications/digest');
    expectOk(res);
    const d = res.json<{
      date: string;
      notificationId: number | null;
      lines: { kind: string; count: number; link: string }[];
      unread: number;
    }>();
    expect(d.date).toBe(today);
    const line = (k: string) => d.lines.find((l) => l.kind === k)?.count ?? 0;
    expect(line('quota.vacant')).toBe(5);
    expect(line('health_check.due')).toBe(await healthDue(String(tree.s1.path)));
    const contracts = await one<{ n: number }>(
      t,
      `select count(*)::int as n from labor_contract
        where status = 'active' and org_path like $1
          and end_date between current_date and current_date + 30`,
      [`${String(tree.s1.path)}%`],
    );
    expect(line('labor_contract.expiring')).toBe(contracts.n);
    expect(line('rectification.due')).toBe(0);
    expect(d.lines.find((l) => l.kind === 'quota.vacant')?.link).toBe('/staffing');
    const digest = await notesOf(street, 'digest.daily');
    expect(digest).toHaveLength(1);
    expect(digest[0]?.id).toBe(d.notificationId);
    expect(digest[0]?.body).toContain('员额空缺 5');
    expect(digest[0]?.link).toBe('/notifications?kind=digest');

    // District 1 sees its whole subtree: both rectifications of its audit that are due (one).
    const dd = (await as(t.app, district).get('/api/notifications/digest')).json<{
      lines: { kind: string; count: number }[];
    }>();
    expect(dd.lines.find((l) => l.kind === 'rectification.due')?.count).toBe(1);
    expect(dd.lines.find((l) => l.kind === 'quota.vacant')?.count).toBe(5);
    const ad = (await as(t.app, admin).get('/api/notifications/digest')).json<{
      lines: { kind: string; count: number }[];
    }>();
    expect(ad.lines.find((l) => l.kind === 'rectification.due')?.count).toBe(2);
    expect(ad.lines.find((l) => l.kind === 'quota.vacant')?.count).toBe(9);
  });

  it('runs once with two app instances, and concurrent runs send nothing twice', async () => {
    const second: FastifyInstance = await buildApp({
      cfg: testConfig(),
      db: t.db.db,
      pool: t.db.pool,
      logger: false,
    });
    await second.ready();
    try {
      const claims = await Promise.all([
        claimDailyNotificationRun(t.db.db, today),
        claimDailyNotificationRun(t.db.db, today),
      ]);
      expect(claims.filter((x) => x !== null)).toHaveLength(1);
      const jobId = claims.find((x) => x !== null);
      let status = '';
      for (let i = 0; i < 300 && status !== 'succeeded' && status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await one<{ status: string }>(t, 'select status from job where id = $1', [jobId]))
          .status;
      }
      expect(status).toBe('succeeded');
      expect(await claimDailyNotificationRun(t.db.db, today)).toBeNull();

      // A new item, then on-demand runs through both instances at once: one notification each.
      const fresh = (
        await one<{ id: number }>(
          t,
          `insert into econ_audit_rectification (audit_id, description, owner_name, deadline)
           values ($1, '补缴欠款', '李四', $2) returning id`,
          [auditD1, today],
        )
      ).id;
      const [a, b] = await Promise.all([run(t.app), run(second)]);
      expect((a.sent['rectification.due'] ?? 0) + (b.sent['rectification.due'] ?? 0)).toBe(3);
      expect(a.digests + b.digests).toBe(0);
      // Every notification the run sent has its own dispatch row (user, kind, item).
      const sentRows = await one<{ notes: number; dispatched: number }>(
        t,
        `select (select count(*) from notification
                  where kind in (select kind from notification_dispatch))::int as notes,
                (select count(*) from notification_dispatch)::int as dispatched`,
      );
      expect(sentRows.notes).toBe(sentRows.dispatched);
      const district1 = await notesOf(district, 'rectification.due');
      expect(district1).toHaveLength(2);
      const keys = await rows<{ item_key: string }>(
        t,
        `select item_key from notification_dispatch
          where kind = 'rectification.due' and user_id = $1 order by item_key`,
        [district.userId],
      );
      expect(keys.map((k) => k.item_key)).toContain(`${fresh}:${today}`);
      const audit = await one<{ n: number }>(
        t,
        `select count(*)::int as n from audit_log where action = 'notification.daily'`,
      );
      expect(audit.n).toBe(5);
    } finally {
      await second.close();
    }
  }, 60_000);
});

describe('notification centre', () => {
  it('filters the list by kind', async () => {
    const res = await as(t.app, street).get('/api/notifications?kind=quota.vacant');
    expectOk(res);
    const page = res.json<{ items: { kind: string }[]; total: number }>();
    expect(page.total).toBe(1);
    expect(page.items.every((i) => i.kind === 'quota.vacant')).toBe(true);
    const digest = (await as(t.app, street).get('/api/notifications?kind=digest')).json<{
      items: { kind: string }[];
    }>();
    expect(digest.items.map((i) => i.kind)).toEqual(['digest.daily']);
    const all = (await as(t.app, street).get('/api/notifications?pageSize=100')).json<{
      total: number;
    }>();
    expect(all.total).toBeGreaterThan(page.total);
  });

  it('rejects bad input, requires a session, and runs only for administrators', async () => {
    expectError(await as(t.app, street).get('/api/notifications?kind=nonsense'), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'kind',
    });
    expectError(await as(t.app, null).get('/api/notifications/digest'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    const denied = await as(t.app, street).post('/api/notifications/daily/run', {});
    expect(denied.statusCode).toBe(403);
    expectError(await as(t.app, admin).post('/api/notifications/daily/run', { date: '2026-1-1' }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'date',
    });
    // A user who never had a digest gets an empty one.
    const none = (await as(t.app, community).get('/api/notifications/digest')).json<{
      date: string | null;
      lines: unknown[];
    }>();
    if (none.date === null) expect(none.lines).toEqual([]);
  });
});
