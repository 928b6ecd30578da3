// Payroll: a run for a subdistrict and month whose slips match core's monthlyPay component by
// component (a worker on probation and one not, the rating mapped to the table's factor), an
// adjustment, submit → approve → locked, the locked month refused a second run and any change, a
// correction in a later month, slip visibility (the worker sees only their own locked slips; HR
// without worker:pii sees no amounts), scope, permissions, bad input, the exports, the budget
// forecast and the what-if between two pay-table versions; every read that shows someone else's
// amounts or bank account writes one audit row without the values, the worker's own none.
import { monthlyPay, type MonthlyPay, type PayTable } from '@cwp/core';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { createRuleSet, example } from './career-helpers';
import {
  auditSince,
  createUserSession,
  demoTree,
  expectError,
  expectOk,
  maxAuditId,
  one,
  rows,
  type AuditRow,
} from './helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

let t: TestApp;
let tree: Tree;
let district: Session;
let street: Session;
let community: Session;
let self: Session;
let selfWorkerId: number;
let probationWorkerId: number;

const MONTH = '2026-05';

interface Run {
  id: number;
  month: string;
  status: string;
  version: number;
  workerCount: number;
  rule: { ruleSetId: number; versionNo: number };
  totals: { gross: number; net: number; adjustments: number; paid: number; employer: number };
  components: Record<string, number>;
  byCommunity: { orgUnitId: number; workers: number; components: Record<string, number> }[];
  abilities: Record<string, boolean>;
  approval: { status: string; events: { kind: string }[] } | null;
}
interface Slip {
  id: number;
  workerId: number;
  month: string;
  probation: boolean;
  grade: number;
  payGrade: number;
  rating: string | null;
  rule: { ruleSetId: number; versionNo: number };
  gross: number | null;
  net: number | null;
  paid: number | null;
  adjustments: number | null;
  amountsMasked: boolean;
  lines: { code: string; amount: number | null; kind: string }[];
  notes: string[];
}

let run: Run;

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  [district, street, community, self] = await Promise.all([
    login(t.app, 'district'),
    login(t.app, 'street'),
    login(t.app, 'community'),
    login(t.app, 'worker'),
  ]);
  selfWorkerId = (
    await one<{ worker_id: number }>(t, `select worker_id from app_user where username = 'worker'`)
  ).worker_id;
  // The demo `worker` account's dossier is in c1, so the street officer's run pays it.
  expect(
    (
      await one<{ org_unit_id: number }>(t, 'select org_unit_id from worker where id = $1', [
        selfWorkerId,
      ])
    ).org_unit_id,
  ).toBe(tree.c1.id);
  // The worker's last annual rating before 2026 is excellent (an older one is ignored).
  await t.db.pool.query(
    `insert into assessment_result (worker_id, year, rating) values ($1, 2024, 'incompetent'), ($1, 2025, 'excellent')`,
    [selfWorkerId],
  );
  const p = await one<{ id: number }>(
    t,
    `select id from worker where org_path like $1 and id <> $2 and status = 'active'
      order by id limit 1`,
    [`${tree.s1.path}%`, selfWorkerId],
  );
  probationWorkerId = p.id;
  await t.db.pool.query(
    `update worker set status = 'probation', probation_end = '2026-12-31', grade = 5 where id = $1`,
    [probationWorkerId],
  );
  // The probation worker's pension base is on record (contracts module): 6,000.00 yuan.
  await t.db.pool.query(`delete from social_insurance where worker_id = $1`, [probationWorkerId]);
  await t.db.pool.query(
    `insert into social_insurance (worker_id, kind, status, base_cents, start_date, effective_from)
     values ($1, 'pension', 'paying', 600000, '2020-01-01', '2020-01-01')`,
    [probationWorkerId],
  );
});

/** The pension base recorded for a worker today (yuan), or null: payroll contributes on it. */
async function pensionBaseOf(workerId: number): Promise<number | null> {
  const { rows } = await t.db.pool.query<{ base_cents: string; status: string }>(
    `select base_cents, status from social_insurance
      where worker_id = $1 and kind = 'pension' and effective_from <= current_date
      order by effective_from desc limit 1`,
    [workerId],
  );
  const r = rows[0];
  return r && r.status === 'paying' ? Number(r.base_cents) / 100 : null;
}
afterAll(async () => {
  await t?.close();
});

/** exceljs types its input as its own Buffer (an ArrayBuffer); hand it exactly the bytes. */
async function loadXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  await wb.xlsx.load(copy.buffer);
  return wb;
}

const invalid = (path: string) => ({ status: 400, code: 'VALIDATION_FAILED', path });

async function payTableOf(ruleSetId: number): Promise<PayTable> {
  const r = await one<{ content: PayTable }>(t, 'select content from rule_set where id = $1', [
    ruleSetId,
  ]);
  return r.content;
}

async function slipOf(s: Session, runId: number, workerId: number): Promise<Slip> {
  const name = (await one<{ name: string }>(t, 'select name from worker where id = $1', [workerId]))
    .name;
  const list = await as(t.app, s).get(
    `/api/payroll/runs/${runId}/slips?q=${encodeURIComponent(name)}&pageSize=100`,
  );
  expectOk(list);
  const found = list.json<{ items: Slip[] }>().items.find((x) => x.workerId === workerId);
  if (!found) throw new Error(`no slip for worker ${workerId}`);
  const res = await as(t.app, s).get(`/api/payroll/slips/${found.id}`);
  expectOk(res);
  return res.json<Slip>();
}

function expectLinesMatch(slip: Slip, pay: MonthlyPay): void {
  for (const line of pay.lines) {
    const got = slip.lines.find((l) => l.code === line.code);
    expect(got?.amount, line.code).toBe(line.amount);
  }
  expect(slip.gross).toBe(pay.gross);
  expect(slip.net).toBe(pay.net);
  expect(slip.payGrade).toBe(pay.payGrade);
}

describe('a payroll run', () => {
  it('refuses without a session, without the permission, and bad input naming the field', async () => {
    expectError(await as(t.app, null).get('/api/payroll/runs'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expectError(
      await as(t.app, community).post('/api/payroll/runs', { orgUnitId: tree.s1.id, month: MONTH }),
      { status: 403, code: 'FORBIDDEN' },
    );
    const before = await one<{ n: number }>(t, 'select count(*)::int as n from payroll_run');
    expectError(
      await as(t.app, street).post('/api/payroll/runs', {
        orgUnitId: tree.s1.id,
        month: '2026-13',
      }),
      invalid('month'),
    );
    expectError(
      await as(t.app, street).post('/api/payroll/runs', { orgUnitId: tree.c1.id, month: MONTH }),
      invalid('orgUnitId'),
    );
    expectError(
      await as(t.app, street).post('/api/payroll/runs', {
        orgUnitId: tree.s1.id,
        month: '2099-01',
      }),
      invalid('month'),
    );
    // a subdistrict outside the caller's subtree does not exist for them
    expectError(
      await as(t.app, street).post('/api/payroll/runs', { orgUnitId: tree.s2.id, month: MONTH }),
      { status: 404, code: 'NOT_FOUND' },
    );
    expect((await one<{ n: number }>(t, 'select count(*)::int as n from payroll_run')).n).toBe(
      before.n,
    );
  });

  it('computes every active and probation worker of the subdistrict under the rule in force', async () => {
    const auditFrom = await maxAuditId(t);
    const res = await as(t.app, street).post('/api/payroll/runs', {
      orgUnitId: tree.s1.id,
      month: MONTH,
    });
    expectOk(res);
    run = res.json<Run>();
    const expected = await one<{ n: number }>(
      t,
      `select count(*)::int as n from worker where org_path like $1 and status in ('active', 'probation')`,
      [`${tree.s1.path}%`],
    );
    expect(run.status).toBe('draft');
    expect(run.workerCount).toBe(expected.n);
    const cityRule = await one<{ id: number; version_no: number }>(
      t,
      `select id, version_no from rule_set where kind = 'pay_table' and org_unit_id = $1`,
      [tree.city.id],
    );
    expect(run.rule).toMatchObject({ ruleSetId: cityRule.id, versionNo: cityRule.version_no });
    // stored totals are the sums of the slips
    const sums = await one<{ gross: string; n: number }>(
      t,
      'select sum(gross_pay)::text as gross, count(*)::int as n from payroll_slip where run_id = $1',
      [run.id],
    );
    expect(run.totals.gross).toBe(Number(sums.gross));
    expect(run.components.grossPay).toBe(Number(sums.gross));
    expect(run.byCommunity.reduce((n, c) => n + c.workers, 0)).toBe(sums.n);
    const audit = await auditSince(t, auditFrom);
    expect(audit.map((a) => a.action)).toContain('payroll_run.create');
  });

  it('pays a rated worker each component as the core engine does, with the rule version', async () => {
    const table = await payTableOf(run.rule.ruleSetId);
    const w = await one<{ grade: number; qualification: string | null }>(
      t,
      'select grade, qualification from worker where id = $1',
      [selfWorkerId],
    );
    const slip = await slipOf(street, run.id, selfWorkerId);
    const pay = monthlyPay(table, {
      grade: w.grade,
      rating: 'excellent',
      qualification: w.qualification,
      probation: false,
      insuranceBase: await pensionBaseOf(selfWorkerId),
    });
    expect(slip).toMatchObject({ probation: false, rating: 'excellent', amountsMasked: false });
    expect(slip.rule).toMatchObject({ ruleSetId: run.rule.ruleSetId, versionNo: 1 });
    expectLinesMatch(slip, pay);
    expect(pay.performanceFactor).toBe(table.performanceFactors.excellent);
    expect(slip.notes).toEqual(pay.notes);
  });

  it('pays a worker on probation under the table’s probation rule, unrated at the default factor', async () => {
    const table = await payTableOf(run.rule.ruleSetId);
    const w = await one<{ qualification: string | null }>(
      t,
      'select qualification from worker where id = $1',
      [probationWorkerId],
    );
    const slip = await slipOf(street, run.id, probationWorkerId);
    const pay = monthlyPay(table, {
      grade: 5,
      rating: null,
      qualification: w.qualification,
      probation: true,
      insuranceBase: 6000,
    });
    expect(slip).toMatchObject({ probation: true, rating: null, grade: 5 });
    expectLinesMatch(slip, pay);
    // Contributions follow the recorded pension base (within the table's floor and ceiling), not
    // the gross pay.
    const onGross = monthlyPay(table, {
      grade: 5,
      rating: null,
      qualification: w.qualification,
      probation: true,
    });
    expect(pay.insuranceBase).toBe(
      Math.min(Math.max(6000, table.contributionBase.floor), table.contributionBase.ceiling),
    );
    expect(pay.insuranceBase).not.toBe(onGross.insuranceBase);
    expect(pay.notes[0]).toContain('试用期');
    const full = monthlyPay(table, { grade: 5, rating: null, probation: false });
    expect(pay.standard).toBeLessThan(full.standard);
  });

  it('adds an audited adjustment with a reason to one worker, and refuses bad ones', async () => {
    const url = `/api/payroll/runs/${run.id}/adjustments`;
    expectError(
      await as(t.app, street).post(url, { workerId: selfWorkerId, amount: 'x', reason: '补发' }),
      invalid('amount'),
    );
    expectError(
      await as(t.app, street).post(url, { workerId: selfWorkerId, amount: 10.001, reason: '补发' }),
      invalid('amount'),
    );
    expectError(
      await as(t.app, street).post(url, { workerId: selfWorkerId, amount: 100, reason: '  ' }),
      invalid('reason'),
    );
    const outsider = await one<{ id: number }>(
      t,
      'select id from worker where org_path like $1 limit 1',
      [`${tree.s2.path}%`],
    );
    expectError(
      await as(t.app, street).post(url, { workerId: outsider.id, amount: 100, reason: '补发' }),
      invalid('workerId'),
    );
    expectError(
      await as(t.app, street).post(url, {
        workerId: selfWorkerId,
        amount: 100,
        reason: '补发',
        correctsMonth: '2026-06',
      }),
      invalid('correctsMonth'),
    );
    const before = await slipOf(street, run.id, selfWorkerId);
    const auditFrom = await maxAuditId(t);
    const res = await as(t.app, street).post(url, {
      workerId: selfWorkerId,
      amount: 200.5,
      reason: '补发交通补贴',
    });
    expectOk(res);
    const after = await slipOf(street, run.id, selfWorkerId);
    expect(after.adjustments).toBe(200.5);
    expect(after.paid).toBe(Math.round(((before.net ?? 0) + 200.5) * 100) / 100);
    expect(after.lines.find((l) => l.kind === 'adjustment')?.amount).toBe(200.5);
    const detail = (await as(t.app, street).get(`/api/payroll/runs/${run.id}`)).json<Run>();
    expect(detail.totals.adjustments).toBe(200.5);
    expect(detail.totals.paid).toBe(Math.round((detail.totals.net + 200.5) * 100) / 100);
    const audit = await auditSince(t, auditFrom);
    expect(audit.find((a) => a.action === 'payroll_adjustment.create')?.changes).toMatchObject({
      amount: '200.50',
      reason: '补发交通补贴',
    });
    run = detail;
  });

  it('recomputes a draft, keeping adjustments; a stale version is a conflict', async () => {
    expectError(
      await as(t.app, street).post(`/api/payroll/runs/${run.id}/recompute`, {
        version: run.version - 1,
      }),
      { status: 409, code: 'CONFLICT' },
    );
    const res = await as(t.app, street).post(`/api/payroll/runs/${run.id}/recompute`, {
      version: run.version,
    });
    expectOk(res);
    const again = res.json<Run>();
    expect(again.totals.gross).toBe(run.totals.gross);
    expect(again.totals.adjustments).toBe(200.5);
    run = again;
  });

  it('hides amounts from HR without worker:pii; another subdistrict’s run is not found', async () => {
    await t.db.pool.query(
      `update role set permissions = array_remove(permissions, 'worker:pii') where code = 'hr_officer'`,
    );
    try {
      const list = await as(t.app, street).get(`/api/payroll/runs/${run.id}/slips`);
      expectOk(list);
      const items = list.json<{ items: Slip[] }>().items;
      expect(items.length).toBeGreaterThan(0);
      for (const s of items)
        expect(s).toMatchObject({ gross: null, net: null, amountsMasked: true });
      const one_ = await as(t.app, street).get(`/api/payroll/slips/${items[0]?.id}`);
      expect(one_.json<Slip>().lines.every((l) => l.amount === null)).toBe(true);
      expectError(await as(t.app, street).get(`/api/payroll/runs/${run.id}/export/bank`), {
        status: 403,
        code: 'FORBIDDEN',
      });
    } finally {
      await t.db.pool.query(
        `update role set permissions = array_append(permissions, 'worker:pii') where code = 'hr_officer'`,
      );
    }
    const other = await as(t.app, district).post('/api/payroll/runs', {
      orgUnitId: tree.s2.id,
      month: MONTH,
    });
    expectOk(other);
    const otherId = other.json<Run>().id;
    expectError(await as(t.app, street).get(`/api/payroll/runs/${otherId}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, street).get(`/api/payroll/runs/${otherId}/slips`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const mine = (await as(t.app, street).get('/api/payroll/runs')).json<{ items: Run[] }>();
    expect(mine.items.map((r) => r.id)).toEqual([run.id]);
  });

  it('is submitted, approved by a holder of payroll:approve, and then locked', async () => {
    const sub = await as(t.app, street).post(`/api/payroll/runs/${run.id}/submit`, {
      version: run.version,
    });
    expectOk(sub);
    run = sub.json<Run>();
    expect(run.status).toBe('submitted');
    expect(run.abilities.adjust).toBe(false);
    // the HR officer may not approve (no payroll:approve)
    expectError(
      await as(t.app, street).post(`/api/payroll/runs/${run.id}/approve`, { version: run.version }),
      { status: 403, code: 'FORBIDDEN' },
    );
    const seen = (await as(t.app, district).get(`/api/payroll/runs/${run.id}`)).json<Run>();
    expect(seen.abilities.decide).toBe(true);
    const ok = await as(t.app, district).post(`/api/payroll/runs/${run.id}/approve`, {
      version: run.version,
      comment: '同意发放',
    });
    expectOk(ok);
    run = ok.json<Run>();
    expect(run.status).toBe('locked');
    expect(run.approval?.status).toBe('approved');
    expect(run.approval?.events.map((e) => e.kind)).toEqual(['submit', 'approve']);
  });

  it('refuses a second run, a recompute or an adjustment for the locked month', async () => {
    const before = await one<{ n: number }>(t, 'select count(*)::int as n from payroll_slip');
    const again = await as(t.app, street).post('/api/payroll/runs', {
      orgUnitId: tree.s1.id,
      month: MONTH,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ message: string }>().message).toContain('已审批锁定');
    const batch = await as(t.app, district).post('/api/payroll/runs/batch', {
      orgUnitId: tree.s1.id,
      month: MONTH,
    });
    expect(batch.statusCode).toBe(409);
    const re = await as(t.app, street).post(`/api/payroll/runs/${run.id}/recompute`, {
      version: run.version,
    });
    expect(re.statusCode).toBe(409);
    expect(re.json<{ message: string }>().message).toContain('已审批锁定');
    const adj = await as(t.app, street).post(`/api/payroll/runs/${run.id}/adjustments`, {
      workerId: selfWorkerId,
      amount: 1,
      reason: '补发',
    });
    expect(adj.statusCode).toBe(409);
    expect((await one<{ n: number }>(t, 'select count(*)::int as n from payroll_slip')).n).toBe(
      before.n,
    );
  });

  it('lets the worker see their own locked slip only, in full', async () => {
    const mine = await as(t.app, self).get('/api/payroll/me/slips');
    expectOk(mine);
    const items = mine.json<{ items: Slip[] }>().items;
    expect(items.map((s) => s.month)).toEqual([MONTH]);
    expect(items[0]).toMatchObject({ workerId: selfWorkerId, amountsMasked: false });
    expect(items[0]?.paid).toBeGreaterThan(0);
    const detail = await as(t.app, self).get(`/api/payroll/me/slips/${items[0]?.id}`);
    expectOk(detail);
    expect(detail.json<Slip>().lines.find((l) => l.code === 'net_pay')?.amount).toBe(items[0]?.net);
    // someone else's slip, and the HR endpoints, are not theirs
    const otherSlip = await one<{ id: number }>(
      t,
      'select id from payroll_slip where run_id = $1 and worker_id <> $2 limit 1',
      [run.id, selfWorkerId],
    );
    expectError(await as(t.app, self).get(`/api/payroll/me/slips/${otherSlip.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(await as(t.app, self).get(`/api/payroll/slips/${otherSlip.id}`), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('corrects the locked month by an adjustment in a later month', async () => {
    const june = await as(t.app, street).post('/api/payroll/runs', {
      orgUnitId: tree.s1.id,
      month: '2026-06',
    });
    expectOk(june);
    const juneRun = june.json<Run>();
    const url = `/api/payroll/runs/${juneRun.id}/adjustments`;
    expectError(
      await as(t.app, street).post(url, {
        workerId: selfWorkerId,
        amount: -50,
        reason: '扣回多发',
        correctsMonth: '2026-04',
      }),
      invalid('correctsMonth'),
    );
    const ok = await as(t.app, street).post(url, {
      workerId: selfWorkerId,
      amount: -50,
      reason: '扣回 5 月多发交通补贴',
      correctsMonth: MONTH,
    });
    expectOk(ok);
    const slip = await slipOf(street, juneRun.id, selfWorkerId);
    expect(slip.lines.find((l) => l.kind === 'adjustment')).toMatchObject({ amount: -50 });
    // the draft June slip is not in self-service; May is unchanged
    const mine = (await as(t.app, self).get('/api/payroll/me/slips')).json<{ items: Slip[] }>();
    expect(mine.items.map((s) => s.month)).toEqual([MONTH]);
    expect(mine.items[0]?.adjustments).toBe(200.5);

    // an adjustment of a draft can be deleted again (audited), and the totals follow
    const extra = await as(t.app, street).post(url, {
      workerId: selfWorkerId,
      amount: 10,
      reason: '误录',
    });
    expectOk(extra);
    const extraId = extra.json<{ id: number }>().id;
    const auditFrom = await maxAuditId(t);
    expectOk(await as(t.app, street).post(`${url}/${extraId}/delete`));
    expect((await auditSince(t, auditFrom)).map((a) => a.action)).toContain(
      'payroll_adjustment.delete',
    );
    const after = (await as(t.app, street).get(`/api/payroll/runs/${juneRun.id}`)).json<Run>();
    expect(after.totals.adjustments).toBe(-50);

    // returned by the approver (a reason is required), the run is a draft again
    const sub = await as(t.app, street).post(`/api/payroll/runs/${juneRun.id}/submit`, {
      version: after.version,
    });
    expectOk(sub);
    const submitted = sub.json<Run>();
    expectError(
      await as(t.app, district).post(`/api/payroll/runs/${juneRun.id}/return`, {
        version: submitted.version,
      }),
      invalid('comment'),
    );
    const back = await as(t.app, district).post(`/api/payroll/runs/${juneRun.id}/return`, {
      version: submitted.version,
      comment: '请核对调整项',
    });
    expectOk(back);
    expect(back.json<Run>()).toMatchObject({ status: 'draft', approval: { status: 'returned' } });
  });

  it('exports the bank transfer list and the summary as .xlsx', async () => {
    const none = await as(t.app, street).get(`/api/payroll/payees/${selfWorkerId}`);
    expectOk(none);
    expect(none.json()).toMatchObject({ account: null, version: null });
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/payroll/payees/${selfWorkerId}`,
      headers: { cookie: street.cookie, 'x-csrf-token': street.csrfToken },
      payload: { bankName: '中国工商银行杭州分行', account: '6222021202000012345' },
    });
    expectOk(put);
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/api/payroll/payees/${selfWorkerId}`,
      headers: { cookie: street.cookie, 'x-csrf-token': street.csrfToken },
      payload: { bankName: '中国工商银行', account: '6222-abc' },
    });
    expectError(bad, invalid('account'));
    const stored = await one<{ account_enc: string; account_masked: string }>(
      t,
      'select account_enc, account_masked from payroll_payee where worker_id = $1',
      [selfWorkerId],
    );
    expect(stored.account_enc).not.toContain('6222021202000012345');
    expect(stored.account_masked).toBe('***************2345');
    const bank = await as(t.app, street).get(`/api/payroll/runs/${run.id}/export/bank`);
    expectOk(bank);
    const wb = await loadXlsx(bank.rawPayload);
    const ws = wb.worksheets[0];
    expect(ws?.rowCount).toBe(run.workerCount + 2);
    const values: string[] = [];
    ws?.eachRow((r) => values.push(JSON.stringify(r.values)));
    const selfRow = values.find((v) => v.includes('6222021202000012345'));
    expect(selfRow).toBeDefined();
    const summary = await as(t.app, street).get(`/api/payroll/runs/${run.id}/export/summary`);
    expectOk(summary);
    const wb2 = await loadXlsx(summary.rawPayload);
    const totalRow = wb2.worksheets[0]?.getRow(run.byCommunity.length + 2);
    expect(totalRow?.getCell(2).value).toBe(run.workerCount);
    expect(totalRow?.getCell(6).value).toBe(run.totals.gross);
  });
});

describe('budget and what-if', () => {
  it('forecasts a year month by month under the rule in force, with per-component totals', async () => {
    expectError(
      await as(t.app, district).get(`/api/payroll/budget?orgUnitId=${tree.d1.id}&year=1999`),
      invalid('year'),
    );
    expectError(
      await as(t.app, street).get(`/api/payroll/budget?orgUnitId=${tree.d1.id}&year=2026`),
      { status: 404, code: 'NOT_FOUND' },
    );
    const res = await as(t.app, district).get(
      `/api/payroll/budget?orgUnitId=${tree.d1.id}&year=2026`,
    );
    expectOk(res);
    const f = res.json<{
      workers: number;
      months: { month: string; workers: number; components: Record<string, number> }[];
      total: Record<string, number>;
    }>();
    expect(f.months).toHaveLength(12);
    const sum = f.months.reduce((s, m) => s + Math.round((m.components.grossPay ?? 0) * 100), 0);
    expect(Math.round((f.total.grossPay ?? 0) * 100)).toBe(sum);
    expect(f.total.totalCost).toBeCloseTo(
      (f.total.grossPay ?? 0) + (f.total.employerTotal ?? 0),
      2,
    );
    const active = await one<{ n: number }>(
      t,
      `select count(*)::int as n from worker where org_path like $1 and status in ('active', 'probation')`,
      [`${tree.d1.path}%`],
    );
    expect(f.workers).toBe(active.n);
  });

  it('compares two pay-table versions: totals under each and the largest per-worker changes', async () => {
    const content = example('pay_table');
    content.referenceWage = Number(content.referenceWage) * 1.1;
    const draft = await createRuleSet(t, district, {
      kind: 'pay_table',
      orgUnitId: tree.d1.id,
      content,
      name: '测算：基准工资上调 10%',
    });
    const res = await as(t.app, street).get(
      `/api/payroll/what-if?orgUnitId=${tree.s1.id}&baseRuleSetId=${run.rule.ruleSetId}&altRuleSetId=${draft.id}`,
    );
    // the district's draft is outside the street officer's reach
    expectError(res, { status: 404, code: 'NOT_FOUND' });
    const ok = await as(t.app, district).get(
      `/api/payroll/what-if?orgUnitId=${tree.s1.id}&baseRuleSetId=${run.rule.ruleSetId}&altRuleSetId=${draft.id}&top=5`,
    );
    expectOk(ok);
    const w = ok.json<{
      workers: number;
      increased: number;
      base: { monthly: { grossPay: number; totalCost: number } };
      alt: { monthly: { grossPay: number; totalCost: number } };
      monthlyDifference: number;
      annualDifference: number;
      changes: { difference: number | null }[];
    }>();
    expect(w.increased).toBe(w.workers);
    expect(w.alt.monthly.totalCost).toBeGreaterThan(w.base.monthly.totalCost);
    expect(w.monthlyDifference).toBeCloseTo(w.alt.monthly.totalCost - w.base.monthly.totalCost, 2);
    expect(w.annualDifference).toBeCloseTo(w.monthlyDifference * 12, 1);
    expect(w.changes).toHaveLength(5);
    const diffs = w.changes.map((c) => Math.abs(c.difference ?? 0));
    expect([...diffs].sort((a, b) => b - a)).toEqual(diffs);
    const rule = await rows(t, 'select kind from rule_set where id = $1', [draft.id]);
    expect(rule[0]?.kind).toBe('pay_table');
    expectError(
      await as(t.app, district).get(
        `/api/payroll/what-if?orgUnitId=${tree.s1.id}&baseRuleSetId=${run.rule.ruleSetId}`,
      ),
      invalid('altRuleSetId'),
    );
  });
});

describe('who saw whose pay: reads of amounts and accounts are audited', () => {
  const AMOUNTS = 'payroll.amounts.view';
  const PAYEE = 'payroll.payee.view';
  const ACCOUNT = '6222021202000012345';

  /** The rows of these actions written after `from`. */
  async function viewsSince(from: number, actions = [AMOUNTS, PAYEE]): Promise<AuditRow[]> {
    return (await auditSince(t, from)).filter((a) => actions.includes(a.action));
  }

  /** A row as text, without its chain hashes (hex digits could spell a number by chance). */
  const rowText = (a: AuditRow | undefined) =>
    JSON.stringify({ ...a, hash: undefined, prev_hash: undefined });

  /** Asserts that none of the amounts with cents (no id or count can spell them) is in `text`. */
  function expectNoAmount(text: string, amounts: (number | null | undefined)[]): void {
    const known = amounts.filter((a): a is number => typeof a === 'number' && !Number.isInteger(a));
    expect(known.length).toBeGreaterThan(0);
    for (const a of known) expect(text).not.toContain(String(a));
  }

  /** Runs `fn` with worker:pii taken from every role, then gives each role its permissions back. */
  async function withoutPii(fn: () => Promise<void>): Promise<void> {
    const saved = await rows<{ id: number; permissions: string[] }>(
      t,
      `select id, permissions from role where 'worker:pii' = any(permissions)`,
    );
    await t.db.pool.query(`update role set permissions = array_remove(permissions, 'worker:pii')`);
    try {
      await fn();
    } finally {
      for (const r of saved)
        await t.db.pool.query('update role set permissions = $2 where id = $1', [
          r.id,
          r.permissions,
        ]);
    }
  }

  let altRuleSetId = 0;
  const whatIfUrl = () =>
    `/api/payroll/what-if?orgUnitId=${tree.s1.id}&baseRuleSetId=${run.rule.ruleSetId}` +
    `&altRuleSetId=${altRuleSetId}&top=5`;

  beforeAll(async () => {
    // A reference wage with odd cents, so the what-if amounts cannot be mistaken for ids.
    const content = example('pay_table');
    content.referenceWage = Math.round(Number(content.referenceWage) * 1.0137 * 100) / 100;
    altRuleSetId = (
      await createRuleSet(t, district, {
        kind: 'pay_table',
        orgUnitId: tree.d1.id,
        content,
        name: '测算：基准工资微调',
      })
    ).id;
  });

  it('a slip list with amounts writes one row: the run, how many and which workers, no amount', async () => {
    const from = await maxAuditId(t);
    const res = await as(t.app, street).get(`/api/payroll/runs/${run.id}/slips?pageSize=100`);
    expectOk(res);
    const items = res.json<{ items: Slip[] }>().items;
    expect(items.length).toBeGreaterThan(1);
    expect(items.every((s) => s.paid !== null)).toBe(true);
    const views = await viewsSince(from);
    expect(views).toHaveLength(1);
    const v = views[0];
    expect(v).toMatchObject({
      action: AMOUNTS,
      actor_name: 'street',
      entity_type: 'payroll_run',
      entity_id: String(run.id),
    });
    expect(v?.request_id).toBeTruthy();
    expect(v?.changes).toEqual({
      view: 'slip_list',
      month: MONTH,
      page: 1,
      workers: items.length,
      workerIds: items.map((s) => s.workerId),
    });
    expectNoAmount(
      rowText(v),
      items.flatMap((s) => [s.gross, s.net, s.paid]),
    );
    expect(rowText(v)).not.toContain('200.5');
  });

  it('a page without slips writes no row', async () => {
    const from = await maxAuditId(t);
    const res = await as(t.app, street).get(`/api/payroll/runs/${run.id}/slips?page=999`);
    expectOk(res);
    expect(res.json<{ items: Slip[] }>().items).toEqual([]);
    expect(await viewsSince(from)).toEqual([]);
  });

  it('a slip with amounts writes one row on its worker', async () => {
    const slip = await one<{ id: number }>(
      t,
      'select id from payroll_slip where run_id = $1 and worker_id = $2',
      [run.id, probationWorkerId],
    );
    const from = await maxAuditId(t);
    const res = await as(t.app, street).get(`/api/payroll/slips/${slip.id}`);
    expectOk(res);
    const detail = res.json<Slip>();
    expect(detail.amountsMasked).toBe(false);
    const views = await viewsSince(from);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      action: AMOUNTS,
      entity_type: 'worker',
      entity_id: String(probationWorkerId),
    });
    expect(views[0]?.changes).toEqual({
      view: 'slip',
      runId: run.id,
      slipId: slip.id,
      month: MONTH,
      workers: 1,
      workerIds: [probationWorkerId],
    });
    expectNoAmount(
      rowText(views[0]),
      detail.lines.map((l) => l.amount),
    );
  });

  it('the adjustment list with amounts writes one row: the run and the adjusted workers', async () => {
    const from = await maxAuditId(t);
    const res = await as(t.app, street).get(`/api/payroll/runs/${run.id}/adjustments`);
    expectOk(res);
    const items = res.json<{ items: { workerId: number; amount: number | null }[] }>().items;
    expect(items.map((a) => [a.workerId, a.amount])).toEqual([[selfWorkerId, 200.5]]);
    const views = await viewsSince(from);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ entity_type: 'payroll_run', entity_id: String(run.id) });
    expect(views[0]?.changes).toEqual({
      view: 'adjustments',
      month: MONTH,
      adjustments: 1,
      workers: 1,
      workerIds: [selfWorkerId],
    });
    expectNoAmount(rowText(views[0]), [200.5]);
  });

  it('a bank account in full writes one row (never the account); the answer to an update none', async () => {
    const from = await maxAuditId(t);
    const res = await as(t.app, street).get(`/api/payroll/payees/${selfWorkerId}`);
    expectOk(res);
    const payee = res.json<{ account: string; version: number }>();
    expect(payee.account).toBe(ACCOUNT);
    const views = await viewsSince(from);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      action: PAYEE,
      entity_type: 'worker',
      entity_id: String(selfWorkerId),
    });
    expect(views[0]?.changes).toEqual({ view: 'payee', workers: 1, workerIds: [selfWorkerId] });
    expect(rowText(views[0])).not.toContain(ACCOUNT);
    expect(rowText(views[0])).not.toContain('000012345');
    // The update's answer echoes the account just typed; its own audit row (masked) covers it.
    const afterGet = await maxAuditId(t);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/payroll/payees/${selfWorkerId}`,
      headers: { cookie: street.cookie, 'x-csrf-token': street.csrfToken },
      payload: { bankName: '中国工商银行杭州分行', account: ACCOUNT, version: payee.version },
    });
    expectOk(put);
    expect((await auditSince(t, afterGet)).map((a) => a.action)).toEqual(['payroll_payee.update']);
  });

  it('what-if lines with amounts write one row on the unit', async () => {
    const from = await maxAuditId(t);
    const res = await as(t.app, district).get(whatIfUrl());
    expectOk(res);
    const w = res.json<{
      changes: { workerId: number; base: number | null; alt: number | null }[];
    }>();
    expect(w.changes).toHaveLength(5);
    const views = await viewsSince(from);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      action: AMOUNTS,
      entity_type: 'org_unit',
      entity_id: String(tree.s1.id),
    });
    expect(views[0]?.changes).toEqual({
      view: 'what_if',
      baseRuleSetId: run.rule.ruleSetId,
      altRuleSetId,
      workers: 5,
      workerIds: w.changes.map((c) => c.workerId),
    });
    expectNoAmount(
      rowText(views[0]),
      w.changes.flatMap((c) => [c.base, c.alt]),
    );
  });

  it('without worker:pii the same reads carry no amount or account and write no row', async () => {
    const slip = await one<{ id: number }>(
      t,
      'select id from payroll_slip where run_id = $1 and worker_id = $2',
      [run.id, probationWorkerId],
    );
    const from = await maxAuditId(t);
    await withoutPii(async () => {
      const list = await as(t.app, street).get(`/api/payroll/runs/${run.id}/slips?pageSize=100`);
      expectOk(list);
      const items = list.json<{ items: Slip[] }>().items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((s) => s.paid === null && s.amountsMasked)).toBe(true);
      const detail = await as(t.app, street).get(`/api/payroll/slips/${slip.id}`);
      expect(detail.json<Slip>().lines.every((l) => l.amount === null)).toBe(true);
      const adj = await as(t.app, street).get(`/api/payroll/runs/${run.id}/adjustments`);
      expect(adj.json<{ items: { amount: number | null }[] }>().items[0]?.amount).toBeNull();
      const payee = await as(t.app, street).get(`/api/payroll/payees/${selfWorkerId}`);
      expect(payee.json<{ account: string }>().account).toBe('***************2345');
      const whatIf = await as(t.app, district).get(whatIfUrl());
      expectOk(whatIf);
      const lines = whatIf.json<{ changes: { base: number | null }[] }>().changes;
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((c) => c.base === null)).toBe(true);
    });
    expect(await viewsSince(from)).toEqual([]);
  });

  it('the worker’s own slips, in self-service or in an HR view, write no row', async () => {
    const from = await maxAuditId(t);
    const mine = await as(t.app, self).get('/api/payroll/me/slips');
    expectOk(mine);
    const items = mine.json<{ items: Slip[] }>().items;
    expect(items[0]?.paid).not.toBeNull();
    expectOk(await as(t.app, self).get(`/api/payroll/me/slips/${items[0]?.id}`));
    // An HR officer who is themself a worker of the run reads their own slip.
    const admin = await login(t.app, 'admin');
    const officerSession = await createUserSession(t, admin, {
      username: 'hr_paid_self',
      orgUnitId: tree.s1.id,
      roles: ['hr_officer'],
      workerId: probationWorkerId,
    });
    const slip = await one<{ id: number; worker_name: string }>(
      t,
      'select id, worker_name from payroll_slip where run_id = $1 and worker_id = $2',
      [run.id, probationWorkerId],
    );
    const fromOfficer = await maxAuditId(t);
    const own = await as(t.app, officerSession).get(`/api/payroll/slips/${slip.id}`);
    expectOk(own);
    expect(own.json<Slip>().amountsMasked).toBe(false);
    expect(await viewsSince(from)).toEqual([]);
    // In a list the officer's own slip is not counted among the workers seen.
    const list = await as(t.app, officerSession).get(
      `/api/payroll/runs/${run.id}/slips?pageSize=100`,
    );
    const shown = list.json<{ items: Slip[] }>().items.map((s) => s.workerId);
    expect(shown).toContain(probationWorkerId);
    const views = await viewsSince(fromOfficer);
    expect(views).toHaveLength(1);
    expect(views[0]?.changes).toMatchObject({
      workers: shown.length - 1,
      workerIds: shown.filter((id) => id !== probationWorkerId),
    });
  });

  it('the exports say whether per-worker amounts were in the file, and write one row each', async () => {
    const from = await maxAuditId(t);
    expectOk(await as(t.app, street).get(`/api/payroll/runs/${run.id}/export/bank`));
    const bank = await auditSince(t, from);
    expect(bank.map((a) => a.action)).toEqual(['payroll_run.export_bank']);
    expect(bank[0]?.changes).toMatchObject({
      rows: run.workerCount,
      perWorkerAmounts: true,
      bankAccounts: true,
      idNumbers: true,
    });
    expect(rowText(bank[0])).not.toContain(ACCOUNT);
    const mid = await maxAuditId(t);
    expectOk(await as(t.app, street).get(`/api/payroll/runs/${run.id}/export/summary`));
    const summary = await auditSince(t, mid);
    expect(summary.map((a) => a.action)).toEqual(['payroll_run.export_summary']);
    expect(summary[0]?.changes).toMatchObject({ perWorkerAmounts: false });
  });
});
