// Daily work: check-in (self only, once a day), leave requests with approval and balances from the
// region's quota, duty rosters, work logs, the holiday calendar, the monthly summary with worked
// numbers (and its .xlsx), the unexcused-absence figure the assessment reads; scope (404),
// permissions (401/403) and bad input (400, nothing written).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unexcusedAbsenceDays } from '../src/modules/attendance/summary';
import { as, createTestApp, type Session, type TestApp } from '../../../tests/setup/app';
import { login } from '../../../tests/setup/app';
import {
  createUserSession,
  databaseDigest,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  auditSince,
  one,
  rows,
  send,
} from './helpers';
import { toArrayBuffer } from './excel-helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let admin: Session;
let street: Session;
let community: Session;
let otherStreet: Session;
let w1: Session;
let w2: Session;
let worker1: number;
let worker2: number;
let seq = 0;

async function freshWorker(unitId: number, hireDate: string): Promise<number> {
  seq++;
  const r = await one<{ id: number }>(
    t,
    `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date, sex,
       ethnicity, political_status, phone_enc, phone_hash, phone_masked, category, org_unit_id,
       org_path, post, status, work_start_date, hire_date)
     select '考勤测试' || $2::text, id_number_enc, md5(random()::text || $2::text),
            id_number_masked, birth_date, sex, ethnicity, political_status, phone_enc, phone_hash,
            phone_masked, category, $1::bigint, (select path from org_unit where id = $1::bigint),
            post, 'active', $3::date, $3::date
       from worker order by id limit 1
     returning id`,
    [unitId, seq, hireDate],
  );
  return Number(r.id);
}

function put(s: Session, url: string, payload: unknown) {
  return send(t.app, { method: 'PUT', url, session: s, payload });
}

async function selfSession(username: string, workerId: number): Promise<Session> {
  const s = await createUserSession(t, admin, {
    username,
    orgUnitId: Number(tree.c1.id),
    roles: ['worker'],
    workerId: workerId,
  });
  return s;
}

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  admin = await login(t.app, 'admin');
  street = await login(t.app, 'street');
  community = await login(t.app, 'community');
  otherStreet = await createUserSession(t, admin, {
    username: 'att_street_s2',
    orgUnitId: Number(tree.s2.id),
    roles: ['hr_officer'],
  });
  worker1 = await freshWorker(Number(tree.c1.id), '2026-10-01');
  worker2 = await freshWorker(Number(tree.c1.id), '2026-10-19');
  w1 = await selfSession('att_w1', worker1);
  w2 = await selfSession('att_w2', worker2);
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('check-in', () => {
  it('refuses a check-in for someone else, writing nothing', async () => {
    const before = await databaseDigest(t, { except: ['session', 'audit_log'] });
    const res = await as(t.app, w1).post('/api/me/check-in', { workerId: worker2 });
    expectError(res, { status: 403, code: 'FORBIDDEN', message: '只能为本人打卡，不能替他人打卡' });
    expect(await databaseDigest(t, { except: ['session', 'audit_log'] })).toEqual(before);
  });

  it('checks in once per day with an optional location note, audited', async () => {
    const before = await maxAuditId(t);
    const res = await as(t.app, w1).post('/api/me/check-in', { locationNote: '社区服务中心' });
    expectOk(res);
    expect(res.json()).toMatchObject({ workerId: worker1, locationNote: '社区服务中心' });
    const audit = await auditSince(t, before);
    expect(audit.map((a) => a.action)).toContain('attendance.check_in');
    const again = await as(t.app, w1).post('/api/me/check-in', {});
    expectError(again, { status: 409, code: 'DUPLICATE' });
    expect(again.json<{ message: string }>().message).toContain('已经打过卡');
    const n = await one<{ n: number }>(
      t,
      'select count(*)::int as n from attendance_check_in where worker_id = $1',
      [worker1],
    );
    expect(n.n).toBe(1);
    // Checking in with one's own id explicitly is fine (w2 has none yet).
    expectOk(await as(t.app, w2).post('/api/me/check-in', { workerId: worker2 }));
  });

  it('shows the own attendance page data', async () => {
    const res = await as(t.app, w1).get('/api/me/attendance');
    expectOk(res);
    const body = res.json<{ todayCheckIn: { locationNote: string } | null; balances: unknown[] }>();
    expect(body.todayCheckIn?.locationNote).toBe('社区服务中心');
    expect(body.balances).toHaveLength(7);
  });

  it('rejects bad input and accounts without a dossier or permission', async () => {
    expectError(await as(t.app, w1).post('/api/me/check-in', { locationNote: 'x'.repeat(201) }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'locationNote',
    });
    expectError(await as(t.app, w1).post('/api/me/check-in', { workerId: 'abc' }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'workerId',
    });
    // The street officer has no self-service permission.
    expectError(await as(t.app, street).post('/api/me/check-in', {}), {
      status: 403,
      code: 'FORBIDDEN',
    });
    const anon = await t.app.inject({ method: 'GET', url: '/api/me/attendance' });
    expect(anon.statusCode).toBe(401);
  });
});

describe('leave', () => {
  let leaveId: number;
  let leaveVersion: number;

  it('sets a regional quota (data) and refuses a request beyond the balance', async () => {
    const set = await put(street, '/api/leave-quotas', {
      orgUnitId: Number(tree.s1.id),
      leaveType: 'annual',
      daysPerYear: 5,
    });
    expectOk(set);
    expect(set.json<{ leaveType: string; daysPerYear: number }[]>()).toContainEqual(
      expect.objectContaining({ leaveType: 'annual', daysPerYear: 5 }),
    );
    // 2026-12-01 (Tue) .. 2026-12-08 (Tue) = 6 working days > 5.
    const res = await as(t.app, w1).post('/api/me/leaves', {
      leaveType: 'annual',
      startDate: '2026-12-01',
      endDate: '2026-12-08',
    });
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'endDate' });
    expect(JSON.stringify(res.json())).toContain('本年剩余 5 天，本次需 6 天');
  });

  it('requests leave counting working days only, then approval uses the balance', async () => {
    // Fri 2026-12-04 .. Tue 2026-12-08: Fri, Mon, Tue = 3 working days.
    const res = await as(t.app, w1).post('/api/me/leaves', {
      leaveType: 'annual',
      startDate: '2026-12-04',
      endDate: '2026-12-08',
      reason: '探亲',
    });
    expectOk(res);
    const leave = res.json<{ id: number; days: number; status: string; version: number }>();
    expect(leave).toMatchObject({ days: 3, status: 'pending' });
    leaveId = leave.id;
    leaveVersion = leave.version;
    const me = (await as(t.app, w1).get('/api/me/attendance')).json<{
      balances: {
        leaveType: string;
        quota: number;
        used: number;
        pending: number;
        remaining: number;
      }[];
    }>();
    expect(me.balances.find((b) => b.leaveType === 'annual')).toEqual({
      leaveType: 'annual',
      quota: 5,
      used: 0,
      pending: 3,
      remaining: 2,
    });
    // Overlap is refused.
    expectError(
      await as(t.app, w1).post('/api/me/leaves', {
        leaveType: 'personal',
        startDate: '2026-12-07',
        endDate: '2026-12-07',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'startDate' },
    );
  });

  it('is decided by the community within scope only', async () => {
    // The worker cannot decide (no attendance:manage); another subdistrict does not see it.
    expectError(
      await as(t.app, w1).post(`/api/leaves/${leaveId}/decide`, {
        version: leaveVersion,
        decision: 'approve',
      }),
      { status: 403, code: 'FORBIDDEN' },
    );
    expectError(
      await as(t.app, otherStreet).post(`/api/leaves/${leaveId}/decide`, {
        version: leaveVersion,
        decision: 'approve',
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
    expectError(
      await as(t.app, community).post(`/api/leaves/${leaveId}/decide`, {
        version: leaveVersion,
        decision: 'maybe',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'decision' },
    );
    expectError(
      await as(t.app, community).post(`/api/leaves/${leaveId}/decide`, {
        version: leaveVersion + 5,
        decision: 'approve',
      }),
      { status: 409, code: 'CONFLICT' },
    );
    const list = await as(t.app, community).get('/api/leaves?status=pending');
    expectOk(list);
    expect(list.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toContain(leaveId);
    const res = await as(t.app, community).post(`/api/leaves/${leaveId}/decide`, {
      version: leaveVersion,
      decision: 'approve',
      note: '同意',
    });
    expectOk(res);
    expect(res.json()).toMatchObject({ status: 'approved', decisionNote: '同意' });
    const me = (await as(t.app, w1).get('/api/me/attendance')).json<{
      balances: { leaveType: string; used: number; remaining: number }[];
    }>();
    expect(me.balances.find((b) => b.leaveType === 'annual')).toMatchObject({
      used: 3,
      remaining: 2,
    });
    expectError(
      await as(t.app, community).post(`/api/leaves/${leaveId}/decide`, {
        version: leaveVersion + 1,
        decision: 'reject',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'decision' },
    );
  });

  it('rejects bad leave input', async () => {
    for (const [body, path] of [
      [{ leaveType: 'holiday', startDate: '2026-12-14', endDate: '2026-12-14' }, 'leaveType'],
      [{ leaveType: 'sick', startDate: '2026-12-15', endDate: '2026-12-14' }, 'endDate'],
      [{ leaveType: 'sick', startDate: '2026-12-31', endDate: '2027-01-04' }, 'endDate'],
      [{ leaveType: 'sick', startDate: '2026-12-12', endDate: '2026-12-13' }, 'startDate'],
      [{ leaveType: 'sick', startDate: '2026-02-30', endDate: '2026-03-01' }, 'startDate'],
    ] as const) {
      expectError(await as(t.app, w1).post('/api/me/leaves', body), {
        status: 400,
        code: 'VALIDATION_FAILED',
        path,
      });
    }
    expectError(
      await put(street, '/api/leave-quotas', {
        orgUnitId: Number(tree.s1.id),
        leaveType: 'annual',
        daysPerYear: -1,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'daysPerYear' },
    );
    expectError(
      await put(otherStreet, '/api/leave-quotas', {
        orgUnitId: Number(tree.s1.id),
        leaveType: 'annual',
        daysPerYear: 10,
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
  });
});

describe('holidays, duty roster, work logs and the monthly summary', () => {
  it('lets only the top-level admin fill the holiday calendar', async () => {
    expectError(
      await put(street, '/api/holidays', {
        day: '2026-10-01',
        kind: 'holiday',
        name: '国庆节',
      }),
      { status: 403, code: 'FORBIDDEN' },
    );
    for (let d = 1; d <= 7; d++) {
      expectOk(
        await put(admin, '/api/holidays', {
          day: `2026-10-0${d}`,
          kind: 'holiday',
          name: '国庆节',
        }),
      );
    }
    const last = await put(admin, '/api/holidays', {
      day: '2026-10-10',
      kind: 'workday',
      name: '国庆调休',
    });
    expectOk(last);
    expect(last.json<unknown[]>()).toHaveLength(8);
    expectError(await put(admin, '/api/holidays', { day: '2026-10-11', kind: 'x', name: 'x' }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'kind',
    });
  });

  it('keeps a duty roster per community', async () => {
    const res = await as(t.app, community).post('/api/duty-roster', {
      orgUnitId: Number(tree.c1.id),
      day: '2026-10-11',
      workerId: worker1,
    });
    expectOk(res);
    expect(res.json<{ workerId: number; day: string }[]>()).toEqual([
      expect.objectContaining({ workerId: worker1, day: '2026-10-11' }),
    ]);
    expectError(
      await as(t.app, community).post('/api/duty-roster', {
        orgUnitId: Number(tree.c1.id),
        day: '2026-10-11',
        workerId: worker1,
      }),
      { status: 409, code: 'DUPLICATE' },
    );
    const outsider = await one<{ id: number }>(
      t,
      "select id from worker where org_unit_id = $1 and status <> 'exited' limit 1",
      [tree.c2.id],
    );
    expectError(
      await as(t.app, street).post('/api/duty-roster', {
        orgUnitId: Number(tree.c1.id),
        day: '2026-10-11',
        workerId: outsider.id,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'workerId' },
    );
    expectError(
      await as(t.app, otherStreet).get(`/api/duty-roster?orgUnitId=${tree.c1.id}&month=2026-10`),
      { status: 404, code: 'NOT_FOUND' },
    );
    expectError(
      await as(t.app, community).get(`/api/duty-roster?orgUnitId=${tree.c1.id}&month=2026-13`),
      { status: 400, code: 'VALIDATION_FAILED', path: 'month' },
    );
    expectError(
      await as(t.app, w1).post('/api/duty-roster', {
        orgUnitId: Number(tree.c1.id),
        day: '2026-10-12',
        workerId: worker1,
      }),
      { status: 403, code: 'FORBIDDEN' },
    );
  });

  it('writes work logs with categories, visible to the unit and not outside it', async () => {
    const res = await as(t.app, w1).post('/api/me/work-logs', {
      category: 'visit',
      content: '走访独居老人张大爷，反映楼道灯不亮',
    });
    expectOk(res);
    const log = res.json<{ id: number; category: string }>();
    expect(log.category).toBe('visit');
    expectError(
      await as(t.app, w1).post('/api/me/work-logs', { category: 'gossip', content: 'x' }),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'category',
      },
    );
    expectError(
      await as(t.app, w1).post('/api/me/work-logs', { category: 'visit', content: ' ' }),
      {
        status: 400,
        code: 'VALIDATION_FAILED',
        path: 'content',
      },
    );
    const list = await as(t.app, community).get('/api/work-logs?category=visit');
    expectOk(list);
    expect(list.json<{ items: { id: number }[] }>().items.map((i) => i.id)).toContain(log.id);
    const other = await as(t.app, otherStreet).get('/api/work-logs');
    expect(other.json<{ items: { id: number }[] }>().items.map((i) => i.id)).not.toContain(log.id);
    expectError(await as(t.app, otherStreet).get(`/api/work-logs?orgUnitId=${tree.c1.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('computes the October summary: present, leave, duty and unexcused absence', async () => {
    // Ten working days checked in plus the Sunday on duty; leave 20–22 October approved, with
    // the 20th also checked in (counted present, not leave).
    const days = ['08', '09', '10', '12', '13', '14', '15', '16', '19', '20', '11'];
    for (const d of days)
      await t.db.pool.query(
        `insert into attendance_check_in (worker_id, org_path, day, checked_at)
         values ($1, $2, $3::date, $3::date + time '08:30')`,
        [worker1, tree.c1.path, `2026-10-${d}`],
      );
    await t.db.pool.query(
      `insert into leave_request (worker_id, org_path, leave_type, start_date, end_date, days, status)
       values ($1, $2, 'personal', '2026-10-20', '2026-10-22', 3, 'approved')`,
      [worker1, tree.c1.path],
    );
    const res = await as(t.app, community).get('/api/attendance/summary?month=2026-10');
    expectOk(res);
    const body = res.json<{
      countedTo: string;
      rows: {
        workerId: number;
        workingDays: number;
        daysPresent: number;
        leaveDays: number;
        dutyDays: number;
        unexcusedAbsenceDays: number;
      }[];
    }>();
    expect(body.countedTo).toBe('2026-10-31');
    // October 2026: 22 weekdays − 5 holiday weekdays (1–2, 5–7) + Saturday the 10th worked = 18.
    expect(body.rows.find((r) => r.workerId === worker1)).toMatchObject({
      workingDays: 18,
      daysPresent: 11,
      leaveDays: 2,
      dutyDays: 1,
      unexcusedAbsenceDays: 6,
    });
    // Hired on the 19th: only 19–30 October (10 working days) count.
    expect(body.rows.find((r) => r.workerId === worker2)).toMatchObject({
      workingDays: 10,
      daysPresent: 0,
      unexcusedAbsenceDays: 10,
    });
    // The same figure for the assessment's veto rule.
    const map = await unexcusedAbsenceDays(t.db.db, {
      year: 2026,
      orgPath: tree.c1.path,
      asOf: '2026-11-01',
    });
    expect(map.get(worker1)).toBe(6);
    expect(map.get(worker2)).toBe(10);
    const elsewhere = await unexcusedAbsenceDays(t.db.db, {
      year: 2026,
      orgPath: tree.c2.path,
      asOf: '2026-11-01',
    });
    expect(elsewhere.has(worker1)).toBe(false);
  });

  it('exports the summary as .xlsx and keeps it in scope', async () => {
    const before = await maxAuditId(t);
    const res = await as(t.app, community).get('/api/attendance/summary/export?month=2026-10');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(toArrayBuffer(res.rawPayload));
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(8).value).toBe('无故缺勤天数');
    const values: unknown[][] = [];
    ws.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    expect(values).toContainEqual([
      expect.any(Number),
      '考勤测试1',
      expect.any(String),
      18,
      11,
      2,
      1,
      6,
    ]);
    expect((await auditSince(t, before)).map((a) => a.action)).toContain('attendance.export');
    expectError(
      await as(t.app, otherStreet).get(
        `/api/attendance/summary?month=2026-10&orgUnitId=${tree.c1.id}`,
      ),
      { status: 404, code: 'NOT_FOUND' },
    );
    expectError(await as(t.app, w1).get('/api/attendance/summary?month=2026-10'), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectError(await as(t.app, community).get('/api/attendance/summary?month=202610'), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'month',
    });
    const check = await rows(t, 'select 1 from holiday_calendar');
    expect(check.length).toBe(8);
  });
});
