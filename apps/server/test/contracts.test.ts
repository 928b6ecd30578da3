// Contracts and insurance: create with the end and probation end from the rule in force, renew
// (linked, no second probation), the open-ended proposal after two fixed terms, termination,
// expiry reminders at 60 and 30 days (idempotent, once with two app instances), batch renewal,
// the list and export, five insurances and housing fund with masking (a read of bases and
// accounts in full audited once, without them), career-channel records and their counts; scope
// (404), permissions (401/403) and bad input (400, nothing written).
import { laborContractExportQuery, PERMISSION_CODES } from '@cwp/contracts';
import { addDays, addMonths, type OrgLevel } from '@cwp/core';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { exportContracts } from '../src/modules/contracts/queries';
import { claimDailyReminderRun, runContractReminders } from '../src/modules/contracts/reminders';
import type { AuthContext } from '../src/lib/auth-context';
import { todayIso } from '../src/modules/workers/mapping';
import { SYSTEM_CONTEXT } from '../src/lib/audit';
import {
  as,
  createTestApp,
  login,
  testConfig,
  type Session,
  type TestApp,
} from '../../../tests/setup/app';
import {
  auditSince,
  count,
  createUserSession,
  demoTree,
  expectError,
  everyPage,
  expectOk,
  maxAuditId,
  one,
  rows,
  tableCounts,
} from './helpers';
import { toArrayBuffer } from './excel-helpers';

type Tree = Awaited<ReturnType<typeof demoTree>>;

interface Contract {
  id: number;
  workerId: number;
  seq: number;
  previousId: number | null;
  signingUnitId: number;
  type: string;
  termYears: number | null;
  startDate: string;
  endDate: string | null;
  probationMonths: number;
  probationEnd: string | null;
  status: string;
  daysToExpiry: number | null;
  ruleSet: { id: number; versionNo: number } | null;
  version: number;
}

let t: TestApp;
let tree: Tree;
let admin: Session;
let street: Session;
let community: Session;
let otherStreet: Session;
let clerk: Session;
const today = todayIso();
let seq = 0;

/** A worker in `unitId` with no contract (a copy of a demo worker's required fields). */
async function freshWorker(unitId: number): Promise<number> {
  seq++;
  const r = await one<{ id: number }>(
    t,
    `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date, sex,
       ethnicity, political_status, phone_enc, phone_hash, phone_masked, category, org_unit_id,
       org_path, post, status, work_start_date, hire_date)
     select '合同测试' || $2::text, id_number_enc, md5(random()::text || $2::text),
            id_number_masked, birth_date, sex, ethnicity, political_status, phone_enc, phone_hash,
            phone_masked, category, $1::bigint, (select path from org_unit where id = $1::bigint),
            post, 'active', work_start_date, hire_date
       from worker order by id limit 1
     returning id`,
    [unitId, seq],
  );
  return Number(r.id);
}

async function create(s: Session, body: Record<string, unknown>): Promise<Contract> {
  const res = await as(t.app, s).post('/api/labor-contracts', body);
  expectOk(res);
  return res.json<Contract>();
}

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  tree = await demoTree(t);
  admin = await login(t.app, 'admin');
  street = await login(t.app, 'street');
  community = await login(t.app, 'community');
  otherStreet = await createUserSession(t, admin, {
    username: 'street_s2',
    orgUnitId: tree.s2.id,
    roles: ['hr_officer'],
  });
  expectOk(
    await as(t.app, admin).post('/api/roles', {
      code: 'contract_clerk',
      nameZh: '合同管理员',
      nameEn: 'Contract clerk',
      permissions: ['org:read', 'worker:read', 'contract:read', 'contract:manage'],
    }),
  );
  clerk = await createUserSession(t, admin, {
    username: 'clerk_s1',
    orgUnitId: tree.s1.id,
    roles: ['contract_clerk'],
  });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('labour contracts', () => {
  let workerId: number;
  let first: Contract;

  it('creates a contract with end and probation end from the rule in force', async () => {
    workerId = await freshWorker(Number(tree.c1.id));
    const before = await maxAuditId(t);
    first = await create(street, {
      workerId,
      type: 'fixed_term',
      startDate: '2025-01-01',
      termYears: 3,
      probationMonths: 6,
    });
    expect(first).toMatchObject({
      seq: 1,
      previousId: null,
      signingUnitId: Number(tree.s1.id),
      type: 'fixed_term',
      termYears: 3,
      startDate: '2025-01-01',
      endDate: '2027-12-31',
      probationMonths: 6,
      probationEnd: '2025-06-30',
      status: 'active',
    });
    expect(first.ruleSet?.versionNo).toBe(1);
    const audit = await auditSince(t, before);
    expect(audit.map((a) => a.action)).toContain('labor_contract.create');
  });

  it('refuses bad input with a field message and writes nothing', async () => {
    const w = await freshWorker(Number(tree.c1.id));
    const counts = await tableCounts(t);
    const base = { workerId: w, type: 'fixed_term', startDate: '2025-01-01', termYears: 3 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, termYears: null, probationMonths: 0 }, 'termYears'],
      [{ ...base, probationMonths: 7 }, 'probationMonths'],
      [{ ...base, termYears: 1, probationMonths: 3 }, 'probationMonths'],
      [{ ...base, startDate: '2025-02-30', probationMonths: 0 }, 'startDate'],
      [{ ...base, type: 'open_ended', probationMonths: 0 }, 'termYears'],
      [{ ...base, type: 'casual', probationMonths: 0 }, 'type'],
      [{ ...base, termYears: -1, probationMonths: 0 }, 'termYears'],
    ];
    for (const [body, path] of cases) {
      expectError(await as(t.app, street).post('/api/labor-contracts', body), {
        status: 400,
        code: 'VALIDATION_FAILED',
        path,
      });
    }
    expectError(
      await as(t.app, street).post('/api/labor-contracts', {
        workerId,
        type: 'fixed_term',
        startDate: '2025-01-01',
        termYears: 3,
        probationMonths: 0,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'workerId' },
    );
    expect(await tableCounts(t)).toEqual(counts);
  });

  it('proposes the next term, renews linked without probation, then proposes open-ended', async () => {
    const view = await as(t.app, street).get(`/api/workers/${workerId}/labor-contracts`);
    expectOk(view);
    const v = view.json<{ contracts: Contract[]; proposal: Record<string, unknown> }>();
    expect(v.contracts).toHaveLength(1);
    expect(v.proposal).toMatchObject({
      type: 'fixed_term',
      termYears: 3,
      probationMonths: 0,
      startDate: '2028-01-01',
      consecutiveFixedTerms: 1,
    });

    expectError(
      await as(t.app, street).post(`/api/labor-contracts/${first.id}/renew`, {
        version: first.version + 1,
      }),
      { status: 409, code: 'CONFLICT' },
    );
    // The renewal cannot overlap the contract it renews.
    expectError(
      await as(t.app, street).post(`/api/labor-contracts/${first.id}/renew`, {
        version: first.version,
        startDate: '2027-12-31',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'startDate' },
    );
    const res = await as(t.app, street).post(`/api/labor-contracts/${first.id}/renew`, {
      version: first.version,
    });
    expectOk(res);
    const second = res.json<Contract>();
    expect(second).toMatchObject({
      seq: 2,
      previousId: first.id,
      type: 'fixed_term',
      startDate: '2028-01-01',
      endDate: '2030-12-31',
      probationMonths: 0,
      probationEnd: null,
    });
    const old = (await as(t.app, street).get(`/api/labor-contracts/${first.id}`)).json<Contract>();
    expect(old.status).toBe('renewed');

    const after = (await as(t.app, street).get(`/api/workers/${workerId}/labor-contracts`)).json<{
      proposal: Record<string, unknown>;
    }>();
    expect(after.proposal).toMatchObject({
      type: 'open_ended',
      termYears: null,
      consecutiveFixedTerms: 2,
    });

    // A fixed term where the law asks for open-ended needs the reason in the note.
    expectError(
      await as(t.app, street).post(`/api/labor-contracts/${second.id}/renew`, {
        version: second.version,
        type: 'fixed_term',
        termYears: 3,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'note' },
    );
    const third = (
      await as(t.app, street).post(`/api/labor-contracts/${second.id}/renew`, {
        version: second.version,
      })
    ).json<Contract>();
    expect(third).toMatchObject({
      seq: 3,
      type: 'open_ended',
      termYears: null,
      endDate: null,
      startDate: '2031-01-01',
    });
    expectError(
      await as(t.app, street).post(`/api/labor-contracts/${third.id}/renew`, {
        version: third.version,
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'id' },
    );

    // Termination: not before the start, then once.
    expectError(
      await as(t.app, street).post(`/api/labor-contracts/${third.id}/terminate`, {
        version: third.version,
        terminationDate: '2030-12-31',
        reason: '协商一致解除',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'terminationDate' },
    );
    expectError(
      await as(t.app, street).post(`/api/labor-contracts/${third.id}/terminate`, {
        version: third.version,
        terminationDate: '2031-06-30',
        reason: '',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'reason' },
    );
    const ended = await as(t.app, street).post(`/api/labor-contracts/${third.id}/terminate`, {
      version: third.version,
      terminationDate: '2031-06-30',
      reason: '协商一致解除',
    });
    expectOk(ended);
    expect(ended.json<Contract>()).toMatchObject({ status: 'terminated' });
    expectError(
      await as(t.app, street).post(`/api/labor-contracts/${third.id}/terminate`, {
        version: third.version + 1,
        terminationDate: '2031-06-30',
        reason: '再次终止',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'id' },
    );
  });

  it('answers 404 outside the scope and 401/403 without the permission', async () => {
    const id = first.id;
    expectError(await as(t.app, otherStreet).get(`/api/labor-contracts/${id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(
      await as(t.app, otherStreet).post(`/api/labor-contracts/${id}/terminate`, {
        version: 1,
        terminationDate: today,
        reason: '越权',
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
    expectError(await as(t.app, otherStreet).get(`/api/workers/${workerId}/labor-contracts`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    expectError(
      await as(t.app, otherStreet).post('/api/labor-contracts', {
        workerId: await freshWorker(Number(tree.c1.id)),
        type: 'open_ended',
        startDate: today,
        termYears: null,
        probationMonths: 0,
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
    expectError(await as(t.app, otherStreet).get(`/api/labor-contracts?orgUnitId=${tree.s1.id}`), {
      status: 404,
      code: 'NOT_FOUND',
    });
    const list = (await as(t.app, otherStreet).get('/api/labor-contracts?pageSize=100')).json<{
      items: Contract[];
    }>();
    expect(list.items.some((c) => c.workerId === workerId)).toBe(false);

    expectError(await as(t.app, community).get('/api/labor-contracts'), {
      status: 403,
      code: 'FORBIDDEN',
    });
    expectError(await as(t.app, null).get('/api/labor-contracts'), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    expectError(
      await as(t.app, community).post(`/api/labor-contracts/${id}/renew`, { version: 1 }),
      { status: 403, code: 'FORBIDDEN' },
    );
  });
});

/** A one-year contract for a fresh worker that ends `days` days from `from`. */
async function endingIn(days: number, from = today): Promise<Contract> {
  const w = await freshWorker(Number(tree.c1.id));
  const end = addDays(from, days);
  return create(street, {
    workerId: w,
    type: 'fixed_term',
    startDate: addMonths(addDays(end, 1), -12),
    termYears: 1,
    probationMonths: 0,
  });
}

async function reminderRows(contractId: number) {
  return rows<{ days_before: number }>(
    t,
    'select days_before from labor_contract_reminder where contract_id = $1 order by days_before',
    [contractId],
  );
}

async function notesFor(contractId: number, userId: number) {
  return rows<{ title: string }>(
    t,
    'select title from notification where link = $1 and user_id = $2',
    [`/contracts/${contractId}`, userId],
  );
}

describe('expiry reminders', () => {
  it('reminds at 60 and 30 days, once per threshold', async () => {
    const in45 = await endingIn(45);
    const in20 = await endingIn(20);
    expect(in45.endDate).toBe(addDays(today, 45));
    expect(in45.daysToExpiry).toBe(45);

    const run = await as(t.app, street).post('/api/labor-contracts/reminders/run', {});
    expectOk(run);
    expect(run.json<{ reminders: number }>().reminders).toBeGreaterThanOrEqual(2);
    expect((await reminderRows(in45.id)).map((r) => r.days_before)).toEqual([60]);
    expect((await reminderRows(in20.id)).map((r) => r.days_before)).toEqual([30]);
    expect(await notesFor(in45.id, street.userId)).toHaveLength(1);
    // Officers of the subdistrict only: the district administrator is not notified.
    const districtUser = await one<{ id: number }>(
      t,
      "select id from app_user where username = 'district'",
    );
    expect(await notesFor(in45.id, Number(districtUser.id))).toHaveLength(0);

    const again = await as(t.app, street).post('/api/labor-contracts/reminders/run', {});
    expect(again.json<{ reminders: number; notifications: number }>()).toMatchObject({
      reminders: 0,
      notifications: 0,
    });

    // Twenty days on, the 45-day contract is within 30 days: the second reminder, once.
    const later = addDays(today, 20);
    expectOk(await as(t.app, street).post('/api/labor-contracts/reminders/run', { date: later }));
    expectOk(await as(t.app, street).post('/api/labor-contracts/reminders/run', { date: later }));
    expect((await reminderRows(in45.id)).map((r) => r.days_before)).toEqual([30, 60]);
    expect((await reminderRows(in20.id)).map((r) => r.days_before)).toEqual([30]);
    expect(await notesFor(in45.id, street.userId)).toHaveLength(2);
    expect(await notesFor(in20.id, street.userId)).toHaveLength(1);

    expectError(
      await as(t.app, street).post('/api/labor-contracts/reminders/run', { date: '2026-13-01' }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'date' },
    );
    expectError(await as(t.app, community).post('/api/labor-contracts/reminders/run', {}), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('runs once a day with two app instances', async () => {
    const second: FastifyInstance = await buildApp({
      cfg: testConfig(),
      db: t.db.db,
      pool: t.db.pool,
      logger: false,
    });
    await second.ready();
    try {
      const c = await endingIn(50, addDays(today, 3));
      const day = addDays(today, 3);
      // The schedule: both instances try to claim the day; one job is queued.
      const claims = await Promise.all([
        claimDailyReminderRun(t.db.db, day),
        claimDailyReminderRun(t.db.db, day),
      ]);
      expect(claims.filter((x) => x !== null)).toHaveLength(1);
      const jobId = claims.find((x) => x !== null);
      let status = '';
      for (let i = 0; i < 100 && status !== 'succeeded' && status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await one<{ status: string }>(t, 'select status from job where id = $1', [jobId]))
          .status;
      }
      expect(status).toBe('succeeded');
      expect(await reminderRows(c.id)).toHaveLength(1);
      expect(await notesFor(c.id, street.userId)).toHaveLength(1);

      // On-demand runs through both instances at once: still one reminder per threshold.
      const d = await endingIn(25, addDays(today, 4));
      const [a, b] = await Promise.all([
        as(t.app, street).post('/api/labor-contracts/reminders/run', { date: addDays(today, 4) }),
        as(second, street).post('/api/labor-contracts/reminders/run', { date: addDays(today, 4) }),
      ]);
      expectOk(a);
      expectOk(b);
      expect(await reminderRows(d.id)).toHaveLength(1);
      expect(await notesFor(d.id, street.userId)).toHaveLength(1);
      // A third, system-wide run the same day (other contracts in the database may be due; this
      // one is not reminded again).
      await runContractReminders(t.db.db, SYSTEM_CONTEXT, addDays(today, 4));
      expect(await reminderRows(d.id)).toHaveLength(1);
      expect(await notesFor(d.id, street.userId)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

describe('contract list, export and batch renewal', () => {
  it('lists by unit and worker (newest contract first) and the expiring list by end date', async () => {
    // A worker with two contracts (the first renewed), so the order within a worker shows.
    const first = await endingIn(20);
    const renewed = await as(t.app, street).post(`/api/labor-contracts/${first.id}/renew`, {
      version: first.version,
    });
    expectOk(renewed);
    // Every page of the community's list, in order.
    const page = await everyPage<Contract>(
      t.app,
      street,
      `/api/labor-contracts?orgUnitId=${tree.c1.id}&pageSize=100`,
    );
    expect(page.items).toHaveLength(page.total);
    expect(page.items.length).toBeGreaterThan(2);
    const paths = new Map(
      (
        await rows<{ id: string; org_path: string }>(
          t,
          'select id, org_path from worker where id = any($1::bigint[])',
          [page.items.map((c) => c.workerId)],
        )
      ).map((r) => [Number(r.id), r.org_path]),
    );
    const key = (c: Contract) => [paths.get(c.workerId) ?? '', c.workerId, -c.seq] as const;
    for (let i = 1; i < page.items.length; i++) {
      const [p0, w0, s0] = key(page.items[i - 1] as Contract);
      const [p1, w1, s1] = key(page.items[i] as Contract);
      // Byte order of the paths, as the index keeps them.
      const inOrder = p0 < p1 || (p0 === p1 && (w0 < w1 || (w0 === w1 && s0 < s1)));
      expect(inOrder, `${p0} ${w0} ${-s0} before ${p1} ${w1} ${-s1}`).toBe(true);
    }
    const mine = page.items.filter((c) => c.workerId === first.workerId).map((c) => c.seq);
    expect(mine).toEqual([2, 1]);

    // Expiring within 60 days, seven at a time: ordered by end date (then id), every contract once,
    // the same exact total on every page, also past the last one.
    const later = await endingIn(45);
    const { items: all, total } = await everyPage<Contract>(
      t.app,
      admin,
      '/api/labor-contracts?expiringWithinDays=60&pageSize=7',
    );
    expect(total).toBeGreaterThan(5);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((c) => c.id)).size).toBe(total);
    const sorted = [...all].sort(
      (a, b) => (a.endDate ?? '').localeCompare(b.endDate ?? '') || a.id - b.id,
    );
    expect(all.map((c) => c.id)).toEqual(sorted.map((c) => c.id));
    expect(all.map((c) => c.id)).toContain(later.id);
    // Renewed, so no longer active: not expiring.
    expect(all.map((c) => c.id)).not.toContain(first.id);
  });

  it('lists contracts expiring within N days in scope, and exports them', async () => {
    const soon = await endingIn(10);
    const res = await as(t.app, street).get(
      `/api/labor-contracts?expiringWithinDays=30&orgUnitId=${tree.c1.id}&pageSize=100`,
    );
    expectOk(res);
    const page = res.json<{ items: Contract[]; total: number }>();
    expect(page.items.map((c) => c.id)).toContain(soon.id);
    for (const c of page.items) {
      expect(c.status).toBe('active');
      expect(c.daysToExpiry).not.toBeNull();
      expect(c.daysToExpiry ?? 99).toBeLessThanOrEqual(30);
    }
    // Demo data: the subdistrict has contracts expiring within 60 days.
    const demo = (
      await as(t.app, admin).get('/api/labor-contracts?expiringWithinDays=60&pageSize=1')
    ).json<{ total: number }>();
    expect(demo.total).toBeGreaterThan(5);
    expectError(await as(t.app, street).get('/api/labor-contracts?expiringWithinDays=999'), {
      status: 400,
      code: 'VALIDATION_FAILED',
    });

    const file = await as(t.app, street).get(
      `/api/labor-contracts/export?expiringWithinDays=30&orgUnitId=${tree.c1.id}`,
    );
    expectOk(file);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(toArrayBuffer(file.rawPayload));
    const sheet = wb.worksheets[0];
    expect(sheet?.getRow(1).getCell(2).value).toBe('姓名');
    expect(sheet?.rowCount).toBe(page.total + 1);
  });

  it('exports up to its limit, and refuses above it', async () => {
    // exportContracts directly, with a limit around the number of contracts in scope (the route's
    // is 50,000): the refusal is decided by a capped count, before the sorted query.
    const root = await one<{ id: number; name: string; path: string; level: OrgLevel }>(
      t,
      'select id, name, path, level from org_unit where parent_id is null',
    );
    const auth: AuthContext = {
      sessionId: 'test',
      csrfToken: 'test',
      userId: 0,
      username: 'test',
      displayName: 'test',
      mustChangePassword: false,
      workerId: null,
      orgUnitId: root.id,
      orgName: root.name,
      orgLevel: root.level,
      orgPath: root.path,
      roles: [],
      permissions: new Set(PERMISSION_CODES),
    };
    const q = laborContractExportQuery.parse({ type: 'fixed_term' });
    const n = await count(t, `select 1 from labor_contract where type = 'fixed_term'`);
    expect(n).toBeGreaterThan(1);
    const all = await exportContracts(t.db.db, auth, q, n);
    expect(all).toHaveLength(n);
    expect(all.every((c) => c.type === 'fixed_term')).toBe(true);
    await expect(exportContracts(t.db.db, auth, q, n - 1)).rejects.toMatchObject({
      status: 400,
      message: `导出结果超过 ${n - 1} 条，请按单位或类型缩小范围后再导出`,
    });
  });

  it('renews a batch in one transaction, all or nothing', async () => {
    const a = await endingIn(15);
    const b = await endingIn(16);
    const renewed = await as(t.app, street).post('/api/labor-contracts/batch-renew', {
      ids: [a.id, b.id],
    });
    expectOk(renewed);
    const r = renewed.json<{
      renewed: number;
      contracts: { previousId: number; startDate: string }[];
    }>();
    expect(r.renewed).toBe(2);
    expect(r.contracts.find((c) => c.previousId === a.id)?.startDate).toBe(addDays(today, 16));

    const c = await endingIn(17);
    expectError(
      await as(t.app, street).post(`/api/labor-contracts/${c.id}/terminate`, {
        version: c.version,
        terminationDate: addDays(today, 18),
        reason: '到期后终止',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'terminationDate' },
    );
    const before = await tableCounts(t);
    expectError(
      await as(t.app, street).post('/api/labor-contracts/batch-renew', { ids: [c.id, a.id] }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'ids.1' },
    );
    expect(await tableCounts(t)).toEqual(before);
    expectError(
      await as(t.app, otherStreet).post('/api/labor-contracts/batch-renew', { ids: [c.id] }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'ids.0' },
    );
    expectError(await as(t.app, street).post('/api/labor-contracts/batch-renew', { ids: [] }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'ids',
    });
  });
});

describe('five insurances and housing fund', () => {
  it('records effective-dated changes and masks bases without worker:pii', async () => {
    const w = await freshWorker(Number(tree.c1.id));
    const url = `/api/workers/${w}/social-insurance`;
    expectOk(
      await as(t.app, street).post(url, {
        kind: 'pension',
        status: 'paying',
        base: 6000.5,
        effectiveFrom: '2025-01-01',
        accountNo: '3301001234567',
      }),
    );
    const changed = await as(t.app, street).post(url, {
      kind: 'pension',
      status: 'paying',
      base: 7000,
      effectiveFrom: '2025-07-01',
    });
    expectOk(changed);
    const v = changed.json<{
      records: {
        kind: string;
        base: number | null;
        current: boolean;
        startDate: string;
        accountNo: string | null;
      }[];
      contributions: { kind: string; employee: number | null; employer: number | null }[];
      payTable: { id: number } | null;
    }>();
    expect(v.records).toHaveLength(2);
    const current = v.records.find((r) => r.current);
    expect(current).toMatchObject({
      base: 7000,
      startDate: '2025-01-01',
      accountNo: '3301001234567',
    });
    expect(v.payTable).not.toBeNull();
    // Example pay table: pension 8 % employee, 16 % employer.
    expect(v.contributions).toEqual([{ kind: 'pension', employee: 560, employer: 1120 }]);

    const masked = (await as(t.app, clerk).get(url)).json<typeof v>();
    expect(masked.records.every((r) => r.base === null)).toBe(true);
    expect(masked.records[0]?.accountNo).toMatch(/^\*+4567$/);
    expect(masked.contributions[0]).toMatchObject({ employee: null, employer: null });

    const counts = await tableCounts(t);
    const bad: [Record<string, unknown>, string][] = [
      [{ kind: 'pension', status: 'paying', base: -1, effectiveFrom: '2025-01-01' }, 'base'],
      [{ kind: 'pet', status: 'paying', base: 1, effectiveFrom: '2025-01-01' }, 'kind'],
      [
        { kind: 'pension', status: 'paying', base: 1, effectiveFrom: '2025-01-01' },
        'effectiveFrom',
      ],
      [{ kind: 'medical', status: 'stopped', base: 1, effectiveFrom: '2025-01-01' }, 'status'],
      [{ kind: 'medical', status: 'paying', base: 1.234, effectiveFrom: '2025-01-01' }, 'base'],
    ];
    for (const [body, path] of bad)
      expectError(await as(t.app, street).post(url, body), {
        status: 400,
        code: 'VALIDATION_FAILED',
        path,
      });
    expect(await tableCounts(t)).toEqual(counts);
    expectError(await as(t.app, otherStreet).get(url), { status: 404, code: 'NOT_FOUND' });
    expectError(await as(t.app, community).get(url), { status: 403, code: 'FORBIDDEN' });
  });

  it('audits each read of bases and accounts in full once, without them; not the worker’s own', async () => {
    const SENSITIVE = 'insurance.sensitive.view';
    const sensitiveSince = async (from: number) =>
      (await auditSince(t, from)).filter((a) => a.action === SENSITIVE);
    // The row as text without its id and chain hashes (digits that could spell a number).
    const text = (a: object | undefined) =>
      JSON.stringify({ ...a, id: undefined, hash: undefined, prev_hash: undefined });
    const w = await freshWorker(Number(tree.c1.id));
    const url = `/api/workers/${w}/social-insurance`;
    const streetId = (
      await one<{ id: number }>(t, `select id from app_user where username = 'street'`)
    ).id;

    // The answer to a change shows the bases and accounts: one read row besides the change's.
    let from = await maxAuditId(t);
    expectOk(
      await as(t.app, street).post(url, {
        kind: 'pension',
        status: 'paying',
        base: 6123.45,
        effectiveFrom: '2025-01-01',
        accountNo: '3301009876543',
      }),
    );
    const written = await auditSince(t, from);
    expect(written.map((a) => a.action)).toEqual(['social_insurance.record', SENSITIVE]);
    expect(written[1]?.request_id).toBeTruthy();

    from = await maxAuditId(t);
    const full = await as(t.app, street).get(url);
    expectOk(full);
    const v = full.json<{
      records: { base: number | null; accountNo: string | null }[];
      contributions: { employee: number | null; employer: number | null }[];
    }>();
    expect(v.records[0]).toMatchObject({ base: 6123.45, accountNo: '3301009876543' });
    const views = await sensitiveSince(from);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      actor_id: streetId,
      entity_type: 'worker',
      entity_id: String(w),
      org_path: tree.c1.path,
    });
    expect(views[0]?.changes).toEqual({
      view: 'social_insurance',
      bases: 1,
      accounts: 1,
      contributions: 1,
    });
    const known = [
      '6123.45',
      '612345',
      '3301009876543',
      '9876543',
      String(v.contributions[0]?.employee),
      String(v.contributions[0]?.employer),
    ];
    for (const k of known) expect(text(views[0])).not.toContain(k);

    // Without worker:pii: masked and no row; a worker with no record: nothing shown, no row.
    from = await maxAuditId(t);
    const masked = (await as(t.app, clerk).get(url)).json<typeof v>();
    expect(masked.records[0]).toMatchObject({ base: null, accountNo: '********6543' });
    const bare = await as(t.app, street).get(
      `/api/workers/${await freshWorker(Number(tree.c1.id))}/social-insurance`,
    );
    expect(bare.json<typeof v>()).toMatchObject({ records: [], contributions: [] });
    expect(await sensitiveSince(from)).toEqual([]);

    // The worker themself, with contract:read and worker:pii, reads their own: no row.
    expectOk(
      await as(t.app, admin).post('/api/roles', {
        code: 'insured_self',
        nameZh: '参保本人',
        nameEn: 'Insured self',
        permissions: ['org:read', 'worker:read', 'contract:read', 'worker:pii'],
      }),
    );
    const selfSession = await createUserSession(t, admin, {
      username: 'insured_self',
      orgUnitId: tree.c1.id,
      roles: ['insured_self'],
      workerId: w,
    });
    from = await maxAuditId(t);
    const own = await as(t.app, selfSession).get(url);
    expectOk(own);
    expect(own.json<typeof v>().records[0]?.base).toBe(6123.45);
    expect(await sensitiveSince(from)).toEqual([]);
  });
});

describe('career channels', () => {
  it('records moves and roles and counts them per unit subtree and year', async () => {
    const w = await freshWorker(Number(tree.c2.id));
    const year = 2025;
    const statsUrl = `/api/career-records/stats?orgUnitId=${tree.s1.id}&year=${year}`;
    const before = (await as(t.app, street).get(statsUrl)).json<{
      counts: { kind: string; count: number }[];
      total: number;
    }>();
    const url = `/api/workers/${w}/career-records`;
    const res = await as(t.app, street).post(url, {
      kind: 'civil_service',
      occurredOn: `${year}-09-01`,
      destination: '区民政局',
    });
    expectOk(res);
    expectOk(
      await as(t.app, street).post(url, {
        kind: 'tutor',
        occurredOn: `${year}-03-01`,
        destination: '新入职社工带教导师',
        note: '带教 3 人',
      }),
    );
    const after = (await as(t.app, street).get(statsUrl)).json<typeof before>();
    expect(after.total).toBe(before.total + 2);
    const of = (s: typeof before, k: string) => s.counts.find((c) => c.kind === k)?.count ?? 0;
    expect(of(after, 'civil_service')).toBe(of(before, 'civil_service') + 1);
    expect(of(after, 'tutor')).toBe(of(before, 'tutor') + 1);
    const otherYear = (
      await as(t.app, street).get(`/api/career-records/stats?orgUnitId=${tree.s1.id}&year=2019`)
    ).json<typeof before>();
    expect(otherYear.total).toBe(0);

    const list = (await as(t.app, street).get(url)).json<
      { id: number; version: number; kind: string }[]
    >();
    expect(list.map((r) => r.kind)).toEqual(['civil_service', 'tutor']);
    const del = list[1];
    expectError(
      await as(t.app, otherStreet).post(`/api/career-records/${del?.id}/delete`, {
        version: del?.version,
      }),
      { status: 404, code: 'NOT_FOUND' },
    );
    expectOk(
      await as(t.app, street).post(`/api/career-records/${del?.id}/delete`, {
        version: del?.version,
      }),
    );

    expectError(
      await as(t.app, street).post(url, {
        kind: 'astronaut',
        occurredOn: '2025-01-01',
        destination: 'x',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'kind' },
    );
    expectError(
      await as(t.app, street).post(url, {
        kind: 'reserve_pool',
        occurredOn: '2025-05-01',
        endDate: '2025-01-01',
        destination: '后备人才库',
      }),
      { status: 400, code: 'VALIDATION_FAILED', path: 'endDate' },
    );
    expectError(await as(t.app, street).get(`/api/career-records/stats?year=1999`), {
      status: 400,
      code: 'VALIDATION_FAILED',
      path: 'year',
    });
    expectError(
      await as(t.app, street).get(`/api/career-records/stats?orgUnitId=${tree.d2.id}&year=2025`),
      { status: 404, code: 'NOT_FOUND' },
    );
  });
});
