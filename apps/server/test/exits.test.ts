// Exit: the checklist (contract terminated, insurance stopped, accounts disabled through their
// modules), approval (subject 'exit'), the dossier read-only after exit, re-hire, a transfer into
// the civil service recorded as a career record, retirement age from the ID number's birth date
// and sex, rewards and sanctions in the dossier and per unit, turnover figures; scope (404),
// permissions (401/403) and bad input (400, nothing written).
import { addDays } from '@cwp/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { applyDueExits, EXIT_APPLY_JOB } from '../src/modules/exits/apply';
import { claimDailyRun } from '../src/modules/jobs/daily';
import { todayIso } from '../src/modules/workers/mapping';
import {
  auditSince,
  count,
  NEW_PASSWORD,
  createUserSession,
  databaseDigest,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  one,
  rows,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

interface Exit {
  id: number;
  status: string;
  version: number;
  approvalRequestId: number | null;
  exitDate: string;
  checklist: {
    item: string;
    doneAt: string | null;
    doneBy: string | null;
    takesEffectOn: string | null;
  }[];
}

let t: TestApp;
let tree: Tree;
let admin: Session;
let street: Session;
let district: Session;
let community: Session;
let otherStreet: Session;
let seq = 0;

async function freshWorker(
  unitId: number,
  opts: { birthDate?: string; sex?: string; status?: string } = {},
): Promise<number> {
  seq++;
  const r = await one<{ id: number }>(
    t,
    `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date, sex,
       ethnicity, political_status, phone_enc, phone_hash, phone_masked, category, org_unit_id,
       org_path, post, status, work_start_date, hire_date)
     select '退出测试' || $2::text, id_number_enc, md5(random()::text || $2::text),
            id_number_masked, coalesce($3::date, birth_date), coalesce($4, sex), ethnicity,
            political_status, phone_enc, phone_hash, phone_masked, category, $1::bigint,
            (select path from org_unit where id = $1::bigint), post, coalesce($5, 'active'),
            '2025-01-01', '2025-01-01'
       from worker order by id limit 1
     returning id`,
    [unitId, seq, opts.birthDate ?? null, opts.sex ?? null, opts.status ?? null],
  );
  return Number(r.id);
}

async function approveExit(exit: Exit): Promise<void> {
  const req = await as(t.app, district).get(`/api/approvals/${exit.approvalRequestId}`);
  expectOk(req);
  const res = await as(t.app, district).post(`/api/approvals/${exit.approvalRequestId}/approve`, {
    version: req.json<{ version: number }>().version,
    comment: '同意',
  });
  expectOk(res);
}

async function runChecklist(exit: Exit): Promise<Exit> {
  let cur = exit;
  for (const item of [
    'handover',
    'contractEnded',
    'insuranceStopped',
    'accountsDisabled',
    'finalPay',
  ]) {
    const res = await as(t.app, street).post(`/api/exits/${cur.id}/checklist`, {
      version: cur.version,
      item,
    });
    expectOk(res);
    cur = res.json<Exit>();
  }
  return cur;
}

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  [admin, street, district, community] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'street'),
    login(t.app, 'district'),
    login(t.app, 'community'),
  ]);
  otherStreet = await createUserSession(t, admin, {
    username: 'exit_street_s2',
    orgUnitId: Number(tree.s2.id),
    roles: ['hr_officer'],
  });
}, 180_000);

afterAll(async () => {
  await t?.close();
});

describe('exit workflow', () => {
  let workerId: number;
  let exit: Exit;
  let contractId: number;
  let userId: number;

  it('opens an exit, refusing bad input with nothing written', async () => {
    workerId = await freshWorker(Number(tree.c1.id));
    const c = await as(t.app, street).post('/api/labor-contracts', {
      workerId,
      type: 'fixed_term',
      startDate: '2025-01-01',
      termYears: 3,
      probationMonths: 0,
    });
    expectOk(c);
    contractId = c.json<{ id: number }>().id;
    expectOk(
      await as(t.app, street).post(`/api/workers/${workerId}/social-insurance`, {
        kind: 'pension',
        status: 'paying',
        base: 5000,
        effectiveFrom: '2025-01-01',
      }),
    );
    const user = await createUserSession(t, admin, {
      username: 'exit_self',
      orgUnitId: Number(tree.c1.id),
      roles: ['worker'],
      workerId: workerId,
    });
    userId = user.id;

    const before = await databaseDigest(t, { except: ['session', 'audit_log'] });
    const bad = [
      [{ workerId, type: 'quit', reason: 'x', exitDate: '2026-11-30' }, 'type'],
      [{ workerId, type: 'transfer_out', reason: '调出', exitDate: '2026-11-30' }, 'destination'],
      [{ workerId, type: 'resignation', reason: '个人原因', exitDate: '2024-12-31' }, 'exitDate'],
      [{ workerId, type: 'resignation', reason: '', exitDate: '2026-11-30' }, 'reason'],
    ] as const;
    for (const [body, path] of bad)
      expectError(await as(t.app, street).post('/api/exits', body), {
        status: 400,
        code: 'VALIDATION_FAILED',
        path,
      });
    // The community leader lacks exit:manage; another subdistrict does not see the worker.
    const body = { workerId, type: 'resignation', reason: '个人原因', exitDate: '2026-11-30' };
    expectError(await as(t.app, community).post('/api/exits', body), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectError(await as(t.app, otherStreet).post('/api/exits', body), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(await databaseDigest(t, { except: ['session', 'audit_log'] })).toEqual(before);

    const res = await as(t.app, street).post('/api/exits', body);
    expectOk(res);
    exit = res.json<Exit>();
    expect(exit.status).toBe('draft');
    expect(exit.checklist.every((c) => c.doneAt === null)).toBe(true);
    expectError(await as(t.app, street).post('/api/exits', body), {
      status: 409,
      code: 'DUPLICATE',
    });
  });

  it('refuses submission before the checklist is complete', async () => {
    const res = await as(t.app, street).post(`/api/exits/${exit.id}/submit`, {
      version: exit.version,
    });
    expectError(res, { status: 400, code: 'VALIDATION_FAILED', path: 'checklist' });
    expect(JSON.stringify(res.json())).toContain('工作交接');
  });

  it('works the checklist: ends the contract, stops insurance, disables the account', async () => {
    const before = await maxAuditId(t);
    expectError(
      await as(t.app, street).post(`/api/exits/${exit.id}/checklist`, {
        version: exit.version,
        item: 'coffee',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'item' },
    );
    exit = await runChecklist(exit);
    expect(exit.checklist.every((c) => c.doneAt !== null && c.doneBy !== null)).toBe(true);
    const contract = await one<{ status: string; termination_date: string }>(
      t,
      "select status, to_char(termination_date, 'YYYY-MM-DD') as termination_date from labor_contract where id = $1",
      [contractId],
    );
    expect(contract).toEqual({ status: 'terminated', termination_date: '2026-11-30' });
    const ins = await rows<{ status: string }>(
      t,
      "select status from social_insurance where worker_id = $1 and kind = 'pension' order by effective_from",
      [workerId],
    );
    expect(ins.map((r) => r.status)).toEqual(['paying', 'stopped']);
    const user = await one<{ active: boolean }>(t, 'select active from app_user where id = $1', [
      userId,
    ]);
    // Dated later, the account stays active until the exit takes effect; otherwise disabled now.
    expect(user.active).toBe(todayIso() < '2026-11-30');
    const actions = (await auditSince(t, before)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['worker_exit.checklist', 'labor_contract.terminate']),
    );
    // An item cannot be done twice.
    expectError(
      await as(t.app, street).post(`/api/exits/${exit.id}/checklist`, {
        version: exit.version,
        item: 'handover',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'item' },
    );
  });

  it('is approved through the approval flow; the worker becomes exited', async () => {
    const sub = await as(t.app, street).post(`/api/exits/${exit.id}/submit`, {
      version: exit.version,
      comment: '清单已办结',
    });
    expectOk(sub);
    exit = sub.json<Exit>();
    expect(exit.status).toBe('pending');
    expect(exit.approvalRequestId).not.toBeNull();
    // The subdistrict officer has no exit:approve.
    const req = await as(t.app, street).get(`/api/approvals/${exit.approvalRequestId}`);
    expectOk(req);
    expect(
      (
        await as(t.app, street).post(`/api/approvals/${exit.approvalRequestId}/approve`, {
          version: req.json<{ version: number }>().version,
        })
      ).statusCode,
    ).toBe(403);
    await approveExit(exit);
    const after = await as(t.app, street).get(`/api/exits/${exit.id}`);
    expect(after.json<{ status: string; appliedAt: string | null }>().status).toBe('approved');
    const statusOf = async () =>
      (await one<{ status: string }>(t, 'select status from worker where id = $1', [workerId]))
        .status;
    if (todayIso() < '2026-11-30') {
      // Dated later: approved, but still in service until the daily job reaches the exit date.
      expect(after.json<{ appliedAt: string | null }>().appliedAt).toBeNull();
      expect(await statusOf()).not.toBe('exited');
      expect(await applyDueExits(t.db.db, '2026-11-29')).toEqual({ applied: 0 });
      expect(await statusOf()).not.toBe('exited');
    }
    // The job on the exit date applies it; run again (a second instance, a rerun) it does nothing.
    const first = await applyDueExits(t.db.db, '2026-11-30');
    const again = await applyDueExits(t.db.db, '2026-11-30');
    expect(again).toEqual({ applied: 0 });
    if (todayIso() < '2026-11-30') expect(first.applied).toBeGreaterThanOrEqual(1);
    expect(await statusOf()).toBe('exited');
    const disabled = await one<{ active: boolean }>(
      t,
      'select active from app_user where id = $1',
      [userId],
    );
    expect(disabled.active).toBe(false);
    const applied = await as(t.app, street).get(`/api/exits/${exit.id}`);
    expect(applied.json<{ appliedAt: string | null }>().appliedAt).not.toBeNull();
    expect(
      await count(
        t,
        `select 1 from audit_log where action = 'worker_exit.apply' and entity_id = $1`,
        [String(exit.id)],
      ),
    ).toBe(1);
    // One run per day across instances: the second claim of the day's key gets nothing.
    expect(await claimDailyRun(t.db.db, EXIT_APPLY_JOB, '2026-11-30')).not.toBeNull();
    expect(await claimDailyRun(t.db.db, EXIT_APPLY_JOB, '2026-11-30')).toBeNull();
    const hist = await rows<{ value: string; effective_from: string }>(
      t,
      "select value, to_char(effective_from, 'YYYY-MM-DD') as effective_from from worker_history where worker_id = $1 and kind = 'status' order by id",
      [workerId],
    );
    expect(hist.at(-1)).toEqual({ value: 'exited', effective_from: '2026-11-30' });
  });

  it('keeps the dossier read-only after exit', async () => {
    const detail = await as(t.app, street).get(`/api/workers/${workerId}`);
    expectOk(detail);
    const version = detail.json<{ version: number }>().version;
    const res = await as(t.app, street).patch(`/api/workers/${workerId}`, {
      version,
      address: '新地址1号',
    });
    expectError(res, { status: 400, code: 'BAD_REQUEST' });
    expect(res.json<{ message: string }>().message).toContain('档案只读');
    // Reactivating through PATCH is refused too: re-hire is its own step.
    expectError(
      await as(t.app, street).patch(`/api/workers/${workerId}`, { version, status: 'active' }),
      { status: 400, code: 'BAD_REQUEST' },
    );
  });

  it('re-hires with a new hire date and history', async () => {
    const detail = await as(t.app, street).get(`/api/workers/${workerId}`);
    const version = detail.json<{ version: number }>().version;
    expectError(
      await as(t.app, street).post(`/api/workers/${workerId}/rehire`, {
        version,
        hireDate: '2026-11-01',
        reason: '重新聘用',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'hireDate' },
    );
    expectError(
      await as(t.app, community).post(`/api/workers/${workerId}/rehire`, {
        version,
        hireDate: '2027-01-01',
        reason: '重新聘用',
      }),
      { status: 403, code: 'FORBIDDEN' },
    );
    expectError(
      await as(t.app, otherStreet).post(`/api/workers/${workerId}/rehire`, {
        version,
        hireDate: '2027-01-01',
        reason: '重新聘用',
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
    expectError(
      await as(t.app, null).post(`/api/workers/${workerId}/rehire`, {
        version,
        hireDate: '2027-01-01',
        reason: '重新聘用',
      }),
      { status: 401, code: 'UNAUTHENTICATED' },
    );
    const weak = await as(t.app, street).post(`/api/workers/${workerId}/rehire`, {
      version,
      hireDate: '2027-01-01',
      reason: '重新聘用',
      account: { username: 'rehired_x', password: '123' },
    });
    expectError(weak, { status: 400, code: 'VALIDATION_FAILED', path: 'account.password' });
    const before = await maxAuditId(t);
    const res = await as(t.app, street).post(`/api/workers/${workerId}/rehire`, {
      version,
      hireDate: '2027-01-01',
      reason: '考试合格重新聘用',
    });
    expectOk(res);
    const out = res.json<{
      exit: { rehireDate: string };
      contractId: number;
      accountUserIds: number[];
      accountCreated: boolean;
    }>();
    expect(out.exit.rehireDate).toBe('2027-01-01');
    // The disabled account is enabled again, and a new contract opened from the hire date.
    expect(out.accountUserIds).toEqual([userId]);
    expect(out.accountCreated).toBe(false);
    const acct = await one<{ active: boolean }>(t, 'select active from app_user where id = $1', [
      userId,
    ]);
    expect(acct.active).toBe(true);
    const newContract = await one<{ status: string; start_date: string; worker_id: number }>(
      t,
      `select status, to_char(start_date, 'YYYY-MM-DD') as start_date, worker_id::int
         from labor_contract where id = $1`,
      [out.contractId],
    );
    expect(newContract).toEqual({
      status: 'active',
      start_date: '2027-01-01',
      worker_id: workerId,
    });
    expect(out.contractId).not.toBe(contractId);
    const actions = (await auditSince(t, before)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['worker.rehire', 'labor_contract.create']));
    const w = await one<{ status: string; hire_date: string }>(
      t,
      "select status, to_char(hire_date, 'YYYY-MM-DD') as hire_date from worker where id = $1",
      [workerId],
    );
    expect(w).toEqual({ status: 'active', hire_date: '2027-01-01' });
    const hist = await rows<{ value: string }>(
      t,
      "select value from worker_history where worker_id = $1 and kind = 'status' order by id",
      [workerId],
    );
    expect(hist.slice(-2).map((h) => h.value)).toEqual(['exited', 'active']);
    // Editable again.
    const v2 = (await as(t.app, street).get(`/api/workers/${workerId}`)).json<{ version: number }>()
      .version;
    expectOk(
      await as(t.app, street).patch(`/api/workers/${workerId}`, {
        version: v2,
        address: '新地址2号',
      }),
    );
  });

  it('records a transfer into the civil service as a career record', async () => {
    const id = await freshWorker(Number(tree.c1.id));
    const res = await as(t.app, street).post('/api/exits', {
      workerId: id,
      type: 'transfer_out',
      reason: '考录公务员',
      exitDate: '2026-12-01',
      destination: '某区人民政府办公室',
      destinationKind: 'civil_service',
    });
    expectOk(res);
    let e = await runChecklist(res.json<Exit>());
    const sub = await as(t.app, street).post(`/api/exits/${e.id}/submit`, { version: e.version });
    expectOk(sub);
    e = sub.json<Exit>();
    await approveExit(e);
    await applyDueExits(t.db.db, '2026-12-01');
    const cr = await one<{ kind: string; destination: string }>(
      t,
      'select kind, destination from career_record where worker_id = $1',
      [id],
    );
    expect(cr).toEqual({ kind: 'civil_service', destination: '某区人民政府办公室' });
    // Re-hired later without any account: one is created (password to change at first login),
    // with a new contract, all in one transaction.
    const v = (await as(t.app, street).get(`/api/workers/${id}`)).json<{ version: number }>()
      .version;
    const taken = await as(t.app, street).post(`/api/workers/${id}/rehire`, {
      version: v,
      hireDate: '2027-03-01',
      reason: '调回',
      account: { username: 'admin', password: 'Rehire#2027pw' },
    });
    expectError(taken, { status: 400, code: 'VALIDATION_FAILED', path: 'account.username' });
    expect(
      (await one<{ status: string }>(t, 'select status from worker where id = $1', [id])).status,
    ).toBe('exited');
    const back = await as(t.app, street).post(`/api/workers/${id}/rehire`, {
      version: v,
      hireDate: '2027-03-01',
      reason: '调回',
      account: { username: 'rehired_civil', password: 'Rehire#2027pw' },
    });
    expectOk(back);
    const r = back.json<{
      accountCreated: boolean;
      accountUserIds: number[];
      contractId: number;
    }>();
    expect(r.accountCreated).toBe(true);
    const created = await one<{
      worker_id: number;
      active: boolean;
      must_change_password: boolean;
    }>(t, 'select worker_id::int, active, must_change_password from app_user where id = $1', [
      r.accountUserIds[0],
    ]);
    expect(created).toEqual({ worker_id: id, active: true, must_change_password: true });
  });

  it('counts exits per unit and month with turnover', async () => {
    const res = await as(t.app, street).get('/api/exits/stats?year=2026');
    expectOk(res);
    const body = res.json<{
      byMonth: { month: number; count: number }[];
      byType: { type: string; count: number }[];
      units: { orgUnitId: number; exits: number; byMonth: number[]; turnoverRate: number }[];
    }>();
    expect(body.byMonth.find((m) => m.month === 11)?.count).toBe(1);
    expect(body.byMonth.find((m) => m.month === 12)?.count).toBe(1);
    expect(body.byType.find((x) => x.type === 'transfer_out')?.count).toBe(1);
    const c1 = body.units.find((u) => u.orgUnitId === Number(tree.c1.id));
    expect(c1?.exits).toBe(2);
    expect(c1?.turnoverRate).toBeGreaterThan(0);
    const other = await as(t.app, otherStreet).get('/api/exits/stats?year=2026');
    expect(other.json<{ units: { exits: number }[] }>().units.every((u) => u.exits === 0)).toBe(
      true,
    );
    expectError(await as(t.app, street).get('/api/exits/stats?year=abc'), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'year',
    });
    expectError(await as(t.app, otherStreet).get(`/api/exits/${exit.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/exits' })).statusCode).toBe(401);
  });
});

describe('accounts item before the exit date', () => {
  // A worker with a linked, signed-in account and an exit of `exitDate`.
  async function exitWithAccount(username: string, exitDate: string) {
    const wid = await freshWorker(Number(tree.c1.id));
    const user = await createUserSession(t, admin, {
      username,
      orgUnitId: Number(tree.c1.id),
      roles: ['worker'],
      workerId: wid,
    });
    const res = await as(t.app, street).post('/api/exits', {
      workerId: wid,
      type: 'resignation',
      reason: '个人原因',
      exitDate,
    });
    expectOk(res);
    return { workerId: wid, user, exit: res.json<Exit>() };
  }
  const activeOf = async (id: number) =>
    (await one<{ active: boolean }>(t, 'select active from app_user where id = $1', [id])).active;
  const sessionsOf = (id: number) => count(t, 'select 1 from session where user_id = $1', [id]);

  it('future-dated: ticking records the item, the account stays usable until the exit date', async () => {
    const exitDate = addDays(todayIso(), 10);
    const { user, exit: created } = await exitWithAccount('exit_later_acc', exitDate);
    const before = await maxAuditId(t);
    const res = await as(t.app, street).post(`/api/exits/${created.id}/checklist`, {
      version: created.version,
      item: 'accountsDisabled',
    });
    expectOk(res);
    let exit = res.json<Exit>();
    const item = exit.checklist.find((c) => c.item === 'accountsDisabled');
    expect(item?.doneAt).not.toBeNull();
    expect(item?.takesEffectOn).toBe(exitDate);
    // Still active, the existing session still works, and the worker can sign in again.
    expect(await activeOf(user.id)).toBe(true);
    expect(await sessionsOf(user.id)).toBeGreaterThan(0);
    expectOk(await as(t.app, user).get('/api/auth/me'));
    const again = await login(t.app, 'exit_later_acc', NEW_PASSWORD);
    expectOk(await as(t.app, again).get('/api/auth/me'));
    const audit = (await auditSince(t, before)).find((a) => a.action === 'worker_exit.checklist');
    expect(audit?.changes).toMatchObject({
      item: 'accountsDisabled',
      disabledUserIds: [],
      disableOnExitDate: exitDate,
      activeUserIds: [user.id],
    });
    // Ticking it twice is still refused.
    expectError(
      await as(t.app, street).post(`/api/exits/${exit.id}/checklist`, {
        version: exit.version,
        item: 'accountsDisabled',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'item' },
    );
    for (const it of ['handover', 'contractEnded', 'insuranceStopped', 'finalPay']) {
      const r = await as(t.app, street).post(`/api/exits/${exit.id}/checklist`, {
        version: exit.version,
        item: it,
      });
      expectOk(r);
      exit = r.json<Exit>();
    }
    const sub = await as(t.app, street).post(`/api/exits/${exit.id}/submit`, {
      version: exit.version,
    });
    expectOk(sub);
    await approveExit(sub.json<Exit>());
    // Approved but not yet in effect: still active.
    expect(await activeOf(user.id)).toBe(true);
    expect(await applyDueExits(t.db.db, addDays(exitDate, -1))).toEqual({ applied: 0 });
    expect(await activeOf(user.id)).toBe(true);
    // The daily job on the exit date disables the account and ends its sessions.
    expect((await applyDueExits(t.db.db, exitDate)).applied).toBeGreaterThanOrEqual(1);
    expect(await activeOf(user.id)).toBe(false);
    expect(await sessionsOf(user.id)).toBe(0);
    expect((await as(t.app, user).get('/api/auth/me')).statusCode).toBe(401);
    const after = await as(t.app, street).get(`/api/exits/${exit.id}`);
    expect(
      after.json<Exit>().checklist.find((c) => c.item === 'accountsDisabled')?.takesEffectOn,
    ).toBeNull();
  });

  it('dated today: ticking disables the account and ends its sessions at once', async () => {
    const { user, exit } = await exitWithAccount('exit_today_acc', todayIso());
    const res = await as(t.app, street).post(`/api/exits/${exit.id}/checklist`, {
      version: exit.version,
      item: 'accountsDisabled',
    });
    expectOk(res);
    expect(
      res.json<Exit>().checklist.find((c) => c.item === 'accountsDisabled')?.takesEffectOn,
    ).toBeNull();
    expect(await activeOf(user.id)).toBe(false);
    expect(await sessionsOf(user.id)).toBe(0);
    expect((await as(t.app, user).get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('retirement', () => {
  it('lists workers reaching the statutory age (with the gradual raise) in the next N months', async () => {
    // Born 1966-09-15, male: 60 years + 6 months under the raise → 2027-03-15.
    const due = await freshWorker(Number(tree.c1.id), { birthDate: '1966-09-15', sex: 'male' });
    const res = await as(t.app, street).get('/api/exits/retirement-due?months=6');
    expectOk(res);
    const row = res
      .json<{ rows: { workerId: number; retirementDate: string; retirementAge: string }[] }>()
      .rows.find((r) => r.workerId === due);
    expect(row).toMatchObject({ retirementDate: '2027-03-15', retirementAge: '60岁6个月' });
    const soon = await as(t.app, street).get('/api/exits/retirement-due?months=3');
    expect(soon.json<{ rows: { workerId: number }[] }>().rows.some((r) => r.workerId === due)).toBe(
      false,
    );
    expectError(await as(t.app, street).get('/api/exits/retirement-due?months=0'), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'months',
    });
    const other = await as(t.app, otherStreet).get('/api/exits/retirement-due?months=6');
    expect(
      other.json<{ rows: { workerId: number }[] }>().rows.some((r) => r.workerId === due),
    ).toBe(false);
  });

  it('keeps the statutory ages as data editable at the top level only', async () => {
    const list = await as(t.app, street).get('/api/retirement-age-rules');
    expectOk(list);
    const male = list
      .json<{ id: number; sex: string; version: number }[]>()
      .find((r) => r.sex === 'male')!;
    const body = {
      version: male.version,
      label: '男职工',
      baseAgeMonths: 720,
      raiseFrom: null,
      raiseEveryMonths: null,
      targetAgeMonths: null,
    };
    expectError(await as(t.app, street).patch('/api/none', {}), { status: 404, code: 'NOT_FOUND' });
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/retirement-age-rules/${male.id}`,
      headers: { cookie: street.cookie, 'x-csrf-token': street.csrfToken },
      payload: body,
    });
    expectError(res, { status: 403, code: 'FORBIDDEN' });
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/retirement-age-rules/${male.id}`,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
      payload: { ...body, raiseFrom: '2025-01-01' },
    });
    expectError(bad, { status: 400, code: 'VALIDATION_FAILED', path: 'raiseFrom' });
  });
});

describe('rewards and sanctions', () => {
  it('records, shows in the dossier and counts per unit', async () => {
    const id = await freshWorker(Number(tree.c1.id));
    const base = {
      workerId: id,
      kind: 'reward',
      level: 'district',
      title: '优秀社区工作者',
      date: '2026-06-30',
      reason: '疫情防控表现突出',
      issuingBody: '区委组织部',
    };
    expectError(await as(t.app, street).post('/api/rewards', { ...base, level: 'warning' }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'level',
    });
    expectError(await as(t.app, otherStreet).post('/api/rewards', base), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, community).post('/api/rewards', base), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectOk(await as(t.app, street).post('/api/rewards', base));
    const s = await as(t.app, street).post('/api/rewards', {
      ...base,
      kind: 'sanction',
      level: 'warning',
      title: '警告',
      reason: '违反工作纪律',
      issuingBody: '街道党工委',
    });
    expectOk(s);
    const list = await as(t.app, community).get(`/api/workers/${id}/rewards`);
    expectOk(list);
    expect(
      list
        .json<{ kind: string }[]>()
        .map((r) => r.kind)
        .sort(),
    ).toEqual(['reward', 'sanction']);
    const rec = s.json<{ id: number; version: number }>();
    const upd = await as(t.app, street).patch(`/api/rewards/${rec.id}`, {
      ...base,
      workerId: undefined,
      kind: 'sanction',
      level: 'demerit',
      title: '记过',
      reason: '违反工作纪律',
      issuingBody: '街道党工委',
      version: rec.version,
    });
    expectOk(upd);
    const stats = await as(t.app, street).get('/api/rewards/stats?year=2026');
    expectOk(stats);
    const body = stats.json<{
      units: { orgUnitId: number; rewards: number; sanctions: number }[];
      totals: { rewards: number; sanctions: number };
    }>();
    expect(body.units.find((u) => u.orgUnitId === Number(tree.c1.id))).toMatchObject({
      rewards: 1,
      sanctions: 1,
    });
    expect(body.totals).toEqual({ rewards: 1, sanctions: 1 });
    expectError(await as(t.app, otherStreet).get(`/api/workers/${id}/rewards`), {
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});
