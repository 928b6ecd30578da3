// Roster export: the roster's filter and scope, masking without worker:pii, formula
// neutralisation, the audit row, and the round trip export → import reproducing every worker.
import { composeIdNumber } from '@cwp/core';
import type { JobView } from '@cwp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { Pii } from '../src/lib/pii';
import { WORKER_COLUMNS } from '../src/modules/workers/excel/columns';
import { neutralise, unneutralise } from '../src/modules/workers/excel/normalise';
import { byHeader, importFile, readXlsx, type CellIn } from './excel-helpers';
import {
  auditSince,
  capturedLog,
  createUserSession,
  demoTree,
  maxAuditId,
  one,
  rows,
} from './helpers';

let t: TestApp;
let street: Session;
let admin: Session;
let community: Session;
let pii: Pii;

const HEADERS = WORKER_COLUMNS.map((c) => c.header);

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  [street, admin, community] = await Promise.all([
    login(t.app, 'street'),
    login(t.app, 'admin'),
    login(t.app, 'community'),
  ]);
  pii = new Pii(t.cfg.pii);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function exportAs(s: Session, query = ''): Promise<Record<string, CellIn>[]> {
  const res = await as(t.app, s).get(`/api/workers/export${query ? `?${query}` : ''}`);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  expect(String(res.headers['content-disposition'])).toMatch(/attachment; .*\.xlsx/);
  const sheet = await readXlsx(res.rawPayload);
  expect(sheet[0]).toEqual(HEADERS);
  return byHeader(sheet);
}

async function scopeCount(s: Session, where = 'true', values: unknown[] = []): Promise<number> {
  const unit = await one<{ path: string }>(t, 'select path from org_unit where id = $1', [
    s.orgUnitId,
  ]);
  return (
    await one<{ n: number }>(
      t,
      `select count(*)::int as n from worker where org_path like $1 and ${where}`,
      [`${unit.path}%`, ...values],
    )
  ).n;
}

/** A new active staff member's create body; `extra` sets or adds fields. */
function newWorker(
  orgUnitId: number,
  idNumber: string,
  phone: string,
  extra: Record<string, unknown>,
) {
  return {
    idNumber,
    ethnicity: '01',
    politicalStatus: '13',
    phone,
    category: 'full_time',
    orgUnitId,
    post: 'staff',
    status: 'active',
    workStartDate: '2015-03-01',
    hireDate: '2016-04-01',
    ...extra,
  };
}

describe('export', () => {
  it('needs a session and worker:export', async () => {
    expect((await as(t.app, null).get('/api/workers/export')).statusCode).toBe(401);
    expect((await as(t.app, community).get('/api/workers/export')).statusCode).toBe(403);
  });

  it('exports the caller scope with full ID numbers and phones for worker:pii, audited', async () => {
    const from = await maxAuditId(t);
    const exported = await exportAs(street);
    expect(exported.length).toBe(await scopeCount(street));
    expect(exported.length).toBeGreaterThan(50);
    // Every exported worker is in the street's subdistrict (division code prefix).
    expect(exported.every((r) => String(r['单位区划代码']).startsWith('330102001'))).toBe(true);
    const sample = exported[7] ?? {};
    const idNumber = String(sample['身份证号']);
    expect(idNumber).toMatch(/^\d{17}[\dX]$/);
    const row = await one<{ phone_enc: string; name: string; birth_date: string; status: string }>(
      t,
      'select phone_enc, name, birth_date::text, status from worker where id_number_hash = $1',
      [pii.blindIndex('id_number', idNumber)],
    );
    expect(sample['手机号码']).toBe(pii.decrypt(row.phone_enc));
    expect(sample['姓名']).toBe(row.name);
    expect(sample['出生日期']).toBe(row.birth_date);
    expect(['在岗', '试用期', '停岗', '已退出']).toContain(sample['人员状态']);
    expect(sample['民族']).toMatch(/族$/);

    const audits = await auditSince(t, from);
    const audit = audits.find((a) => a.action === 'worker.export');
    expect(audit).toMatchObject({ actor_name: 'street', entity_type: 'worker' });
    expect(audit?.changes).toEqual({
      filter: {},
      rows: exported.length,
      pii: true,
      completed: true,
    });
  });

  it('applies the roster filter and records it in the audit row', async () => {
    const tree = await demoTree(t);
    const query = `orgUnitId=${tree.c1.id}&status=active&gradeMin=3`;
    const roster = await as(t.app, street).get(`/api/workers?${query}&pageSize=1`);
    const total = roster.json<{ total: number }>().total;
    const from = await maxAuditId(t);
    const exported = await exportAs(street, query);
    expect(exported.length).toBe(total);
    expect(exported.every((r) => r['人员状态'] === '在岗' && Number(r['等级']) >= 3)).toBe(true);
    const audit = (await auditSince(t, from)).find((a) => a.action === 'worker.export');
    expect(audit?.changes).toMatchObject({
      filter: { orgUnitId: tree.c1.id, status: 'active', gradeMin: 3 },
      rows: total,
    });
    // A unit outside the caller's scope is not found, and nothing is streamed.
    const out = await as(t.app, street).get(`/api/workers/export?orgUnitId=${tree.d2c1.id}`);
    expect(out.statusCode).toBe(404);
  });

  it('masks ID numbers and phones without worker:pii', async () => {
    const tree = await demoTree(t);
    const role = await as(t.app, admin).post('/api/roles', {
      code: 'export_only',
      nameZh: '导出员',
      nameEn: 'Exporter',
      permissions: ['worker:read', 'worker:export'],
    });
    expect(role.statusCode, role.body).toBe(200);
    const exporter = await createUserSession(t, admin, {
      username: 'exporter',
      orgUnitId: tree.s1.id,
      roles: ['export_only'],
    });
    const from = await maxAuditId(t);
    const exported = await exportAs(exporter);
    expect(exported.length).toBe(await scopeCount(street));
    for (const r of exported.slice(0, 50)) {
      expect(String(r['身份证号'])).toMatch(/^\d{6}\*{8}[\dX*]{4}$/);
      expect(String(r['手机号码'])).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
    const audit = (await auditSince(t, from)).find((a) => a.action === 'worker.export');
    expect(audit?.changes).toMatchObject({ pii: false, completed: true });
  });

  it('neutralises text starting with = + - @, a tab or a carriage return, and reads it back', () => {
    for (const text of ['=1+1', '+86', '-x', '@SUM(A1)', '\t=1', '\r=1'])
      expect([neutralise(text), unneutralise(neutralise(text))]).toEqual([`'${text}`, text]);
    for (const text of ['张三', "'已有撇号", ' =1', '１=1']) expect(neutralise(text)).toBe(text);
  });

  it('neutralises cells starting with = + - @', async () => {
    const tree = await demoTree(t);
    const idNumber = composeIdNumber({
      divisionCode: '330106',
      birthDate: '1990-01-01',
      sequence: 777,
      sex: 'female',
    });
    const created = await as(t.app, street).post(
      '/api/workers',
      newWorker(tree.c1.id, idNumber, '13800138111', {
        name: '=HYPERLINK("http://x","点我")',
        address: '+86 杭州',
        school: '@某大学',
        major: '-社会工作',
      }),
    );
    expect(created.statusCode, created.body).toBe(200);
    const exported = await exportAs(street, `q=${idNumber}`);
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({
      姓名: `'=HYPERLINK("http://x","点我")`,
      住址: `'+86 杭州`,
      毕业院校: `'@某大学`,
      专业: `'-社会工作`,
    });
  });
});

describe('personal numbers in logs and audit records', () => {
  it('keeps searched ID numbers and phones out of the request log and the export audit', async () => {
    const tree = await demoTree(t);
    const idNumber = composeIdNumber({
      divisionCode: '330106',
      birthDate: '1991-02-03',
      sequence: 451,
      sex: 'male',
    });
    const phone = '13955550123';
    const created = await as(t.app, street).post(
      '/api/workers',
      newWorker(tree.c1.id, idNumber, phone, { name: '日志测试' }),
    );
    expect(created.statusCode, created.body).toBe(200);
    const fullWidth = (v: string) =>
      v.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const from = await maxAuditId(t);
    const text = await capturedLog(t, async (app) => {
      for (const q of [idNumber, phone, fullWidth(idNumber), `+86${phone}`]) {
        const found = await as(app, street).get(`/api/workers?q=${encodeURIComponent(q)}`);
        expect(found.json<{ total: number }>().total, q).toBe(q.startsWith('+') ? 0 : 1);
      }
      expect((await as(app, street).get(`/api/workers/export?q=${idNumber}`)).statusCode).toBe(200);
      // The web app's own page URL, which the server logs when it serves index.html.
      await as(app, street).get(`/workers?q=${phone}&page=2`);
    });
    expect(text).toContain('/api/workers?q=');
    for (const secret of [
      idNumber,
      phone,
      fullWidth(idNumber),
      encodeURIComponent(fullWidth(idNumber)),
    ])
      expect(text).not.toContain(secret);
    expect(text).toContain(`q=${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
    expect(text).toContain(`/workers?q=139****0123&page=2`);
    const audit = (await auditSince(t, from)).find((a) => a.action === 'worker.export');
    expect(audit?.changes).toMatchObject({
      filter: { q: `${idNumber.slice(0, 6)}********${idNumber.slice(14)}` },
      rows: 1,
    });
  });
});

describe('round trip', () => {
  it('imports an export back into a fresh database with every field unchanged', async () => {
    const res = await as(t.app, admin).get('/api/workers/export');
    expect(res.statusCode).toBe(200);
    const total = (await one<{ n: number }>(t, 'select count(*)::int as n from worker')).n;

    // The same file imported again here: every worker is found and nothing changes.
    const same = await importFile(t.app, admin, res.rawPayload, 'mode=validate&onExisting=update');
    expect(same.result, JSON.stringify(same.result?.errors.slice(0, 5))).toMatchObject({
      total,
      valid: total,
      updated: 0,
      unchanged: total,
      created: 0,
    });

    const fresh = await createTestApp();
    try {
      const freshAdmin = await login(fresh.app, 'admin');
      const job: JobView = await importFile(fresh.app, freshAdmin, res.rawPayload, 'mode=commit');
      expect(job.result, JSON.stringify(job.result?.errors.slice(0, 5))).toMatchObject({
        total,
        created: total,
        committed: true,
      });
      const freshPii = new Pii(fresh.cfg.pii);
      const fields = `name, sex, birth_date::text, ethnicity, native_place, political_status,
        party_join_date::text, education_full_time, education_in_service, education, degree,
        school, major, marital_status, address, category, org_unit_id, org_path, post, grade,
        status, work_start_date::text, hire_date::text, probation_end::text, qualification,
        cert_number, cert_date::text, id_number_masked, phone_masked`;
      type W = Record<string, unknown> & { id_number_enc: string; phone_enc: string };
      const load = async (db: TestApp, p: Pii) => {
        const list = (
          await db.db.pool.query<W>(`select ${fields}, id_number_enc, phone_enc from worker`)
        ).rows;
        return new Map(
          list.map(({ id_number_enc, phone_enc, ...rest }) => [
            p.decrypt(id_number_enc),
            { ...rest, phone: p.decrypt(phone_enc) },
          ]),
        );
      };
      const before = await load(t, pii);
      const after = await load(fresh, freshPii);
      expect(after.size).toBe(before.size);
      for (const [idNumber, w] of before) expect(after.get(idNumber), idNumber).toEqual(w);
      const history = await rows<{ n: number }>(
        fresh,
        `select count(*)::int as n from worker_history`,
      );
      expect(history[0]?.n).toBeGreaterThanOrEqual(total * 3);
    } finally {
      await fresh.close();
    }
  }, 120_000);
});
