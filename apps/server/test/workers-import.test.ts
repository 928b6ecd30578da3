// Worker import: template, every tolerated cell format, every error kind with its row, column and
// Chinese reason, the error report, all-or-nothing commit, update mode, data scope, permissions,
// job ownership, and the job runner (several instances, dead instances, shutdown).
import { composeIdNumber, idNumberCheckChar, MOBILE_MESSAGE } from '@cwp/core';
import type { JobView } from '@cwp/contracts';
import ExcelJS from 'exceljs';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { verifyAuditChain } from '../src/lib/audit';
import { Pii } from '../src/lib/pii';
import { JobRunner } from '../src/modules/jobs/runner';
import { piiWorkerCounts } from '../src/modules/workers/excel/pii-worker';
import { enqueueJob } from '../src/modules/jobs/service';
import {
  buildXlsx,
  byHeader,
  freshIdNumber,
  freshPhone,
  IMPORT_HEADERS,
  importFile,
  readXlsx,
  toArrayBuffer,
  upload,
  validRow,
  waitForJob,
} from './excel-helpers';
import { auditSince, count, databaseDigest, maxAuditId, one, rows } from './helpers';

let t: TestApp;
let street: Session;
let community: Session;
let admin: Session;
let pii: Pii;

const C1 = '330102001001';
const C2 = '330102001002';
const S1 = '330102001';
const OTHER_DISTRICT_COMMUNITY = '330103001001';

beforeAll(async () => {
  t = await createTestApp();
  [street, community, admin] = await Promise.all([
    login(t.app, 'street'),
    login(t.app, 'community'),
    login(t.app, 'admin'),
  ]);
  pii = new Pii(t.cfg.pii);
});
afterAll(async () => {
  await t?.close();
});

async function workerByIdNumber(idNumber: string) {
  return one<Record<string, unknown> & { id: number; org_path: string; version: number }>(
    t,
    `select w.*, o.division_code, w.birth_date::text as birth_date,
            w.work_start_date::text as work_start_date, w.hire_date::text as hire_date,
            w.party_join_date::text as party_join_date, w.probation_end::text as probation_end,
            w.cert_date::text as cert_date
       from worker w join org_unit o on o.id = w.org_unit_id where id_number_hash = $1`,
    [pii.blindIndex('id_number', idNumber)],
  );
}

async function writeCounts() {
  return {
    worker: await count(t, 'select 1 from worker'),
    history: await count(t, 'select 1 from worker_history'),
    audit: await count(t, 'select 1 from audit_log'),
  };
}

/** An ID number whose check character is X (to test the lower-case x). */
function idEndingInX(birthDate = '1988-08-08'): string {
  for (let seq = 1; ; seq++) {
    const id = composeIdNumber({
      divisionCode: '330108',
      birthDate,
      sequence: seq,
      sex: 'male',
    });
    if (id.endsWith('X')) return id;
  }
}

const fullWidth = (s: string) =>
  s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

/** A valid ID number ending in a digit (so it can be typed into a cell as a number). */
function numericIdNumber(): string {
  for (;;) {
    const id = freshIdNumber();
    if (/^\d{18}$/.test(id)) return id;
  }
}

/** 17 digits with the right check character, whatever date they hold. */
const withCheckChar = (first17: string) => first17 + idNumberCheckChar(first17);

/** Everything but the tables a request or a job touches by itself. */
const dataDigest = () => databaseDigest(t, { except: ['session', 'job', 'job_file'] });

function expectErrors(job: JobView, expected: { row: number; column: string; message: string }[]) {
  expect(job.status, job.error ?? '').toBe('succeeded');
  const got = job.result?.errors ?? [];
  for (const e of expected) expect(got, JSON.stringify(got, null, 1)).toContainEqual(e);
}

describe('permissions', () => {
  it('needs a session, the permission, and the CSRF token', async () => {
    const file = await buildXlsx([validRow(C1)]);
    expect((await as(t.app, null).get('/api/workers/import-template')).statusCode).toBe(401);
    expect((await upload(t.app, null, file)).statusCode).toBe(401);
    expect((await as(t.app, null).get('/api/jobs/1')).statusCode).toBe(401);
    expect((await as(t.app, community).get('/api/workers/import-template')).statusCode).toBe(403);
    expect((await upload(t.app, community, file)).statusCode).toBe(403);
    const noCsrf = await upload(t.app, { ...street, csrfToken: 'wrong' }, file);
    expect(noCsrf.statusCode).toBe(403);
  });

  it('rejects a bad mode and a request without a file', async () => {
    const file = await buildXlsx([validRow(C1)]);
    const bad = await upload(t.app, street, file, 'mode=import');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ details: { path: string }[] }>().details[0]?.path).toBe('mode');
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/workers/import?mode=validate',
      headers: {
        cookie: street.cookie,
        'x-csrf-token': street.csrfToken,
        'content-type': 'multipart/form-data; boundary=x',
      },
      payload: '--x--\r\n',
    });
    expect(none.statusCode).toBe(400);
  });
});

describe('template', () => {
  it('has the Chinese headers, dictionary drop-downs and one example row the import skips', async () => {
    const res = await as(t.app, street).get('/api/workers/import-template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(toArrayBuffer(res.rawPayload));
    const [data, lists] = wb.worksheets;
    expect(data?.name).toBe('社区工作者');
    expect(lists?.state).toBe('hidden');
    const header = (data?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(IMPORT_HEADERS);
    const example = data?.getRow(2);
    expect(String(example?.getCell(1).value)).toMatch(/^（示例）/);
    // 民族 is column E: a list validation pointing at the hidden sheet.
    const ethnicityCol = IMPORT_HEADERS.indexOf('民族') + 1;
    const v = data?.getRow(3).getCell(ethnicityCol).dataValidation;
    expect(v?.type).toBe('list');
    expect(v?.formulae?.[0]).toContain('字典');
    const listColumn = (lists?.getRow(1).values as unknown[]).indexOf('民族');
    const labels = lists?.getColumn(listColumn).values.slice(2);
    expect(labels).toContain('汉族');
    expect(labels).toHaveLength(56);

    const job = await importFile(t.app, street, res.rawPayload, 'mode=validate');
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ total: 0, skippedExampleRows: 1, errors: [] });
  });
});

describe('tolerated formats', () => {
  const idX = idEndingInX();
  const ids = Array.from({ length: 6 }, () => freshIdNumber());
  const phones = Array.from({ length: 6 }, () => freshPhone());

  it('reads serial dates, date spellings, blanks, spaces, full-width text and lower-case x', async () => {
    const rowsIn = [
      // 2: Excel serial numbers and a real date cell
      validRow(C1, {
        身份证号: ids[0],
        手机号码: phones[0],
        参加社区工作时间: 42064,
        聘用日期: new Date(Date.UTC(2016, 3, 1)),
      }),
      // 3: 2024-03-01 and 2024/3/1
      validRow(C1, {
        身份证号: ids[1],
        手机号码: phones[1],
        参加社区工作时间: '2015-03-01',
        聘用日期: '2016/4/1',
      }),
      // 4: 2024年3月1日 and 20240301 (as text and as a number)
      validRow(C2, {
        身份证号: ids[2],
        手机号码: phones[2],
        参加社区工作时间: '2015年3月1日',
        聘用日期: 20160401,
        '入党（团）时间': '20100701',
        政治面貌: '中国共产党党员',
      }),
      // 5: full-width digits and letters, lower-case x, full-width date and grade
      validRow(C2, {
        身份证号: fullWidth(idX.toLowerCase()),
        手机号码: fullWidth(phones[3] ?? ''),
        参加社区工作时间: fullWidth('2015-03-01'),
        聘用日期: fullWidth('2016/4/1'),
        等级: fullWidth('7'),
        单位区划代码: fullWidth(C2),
        人员类别: fullWidth('grid_worker'),
      }),
      // 6: trailing and leading spaces (also the ideographic space), numbers as numbers
      validRow(S1, {
        姓名: '  王芳\u3000 ',
        身份证号: `${ids[4]}  `,
        民族: ' 汉族 ',
        手机号码: `${(phones[4] ?? '').slice(0, 3)} ${(phones[4] ?? '').slice(3, 7)} ${(phones[4] ?? '').slice(7)}`,
        单位区划代码: Number(S1),
        岗位: '副职 ',
        参加社区工作时间: '2015-03-01 ',
        聘用日期: ' 2016-04-01',
      }),
      // 7: every optional cell empty; codes instead of labels (民族 as the number 1)
      {
        姓名: '赵敏',
        身份证号: ids[5],
        民族: 1,
        政治面貌: '13',
        手机号码: phones[5],
        人员类别: 'full_time',
        单位区划代码: C1,
        岗位: 'staff',
        人员状态: 'active',
        参加社区工作时间: '2015-03-01',
        聘用日期: '2016-04-01',
      },
    ];
    const file = await buildXlsx(rowsIn);
    const validated = await importFile(t.app, street, file);
    expect(validated.result, JSON.stringify(validated.result?.errors)).toMatchObject({
      total: 6,
      valid: 6,
      invalid: 0,
      errors: [],
      committed: false,
      created: 6,
    });
    expect(await count(t, 'select 1 from worker')).toBe(0);

    const committed = await importFile(t.app, street, file, 'mode=commit');
    expect(committed.result).toMatchObject({ total: 6, valid: 6, committed: true, created: 6 });

    const w0 = await workerByIdNumber(ids[0] ?? '');
    expect(w0).toMatchObject({ work_start_date: '2015-03-01', hire_date: '2016-04-01' });
    const w1 = await workerByIdNumber(ids[1] ?? '');
    expect(w1).toMatchObject({ work_start_date: '2015-03-01', hire_date: '2016-04-01' });
    const w2 = await workerByIdNumber(ids[2] ?? '');
    expect(w2).toMatchObject({
      work_start_date: '2015-03-01',
      hire_date: '2016-04-01',
      party_join_date: '2010-07-01',
      political_status: '01',
      division_code: C2,
    });
    const w3 = await workerByIdNumber(idX);
    expect(pii.decrypt(String(w3.id_number_enc))).toBe(idX);
    expect(pii.decrypt(String(w3.phone_enc))).toBe(phones[3]);
    expect(w3).toMatchObject({
      grade: 7,
      category: 'grid_worker',
      division_code: C2,
      hire_date: '2016-04-01',
      sex: '1',
      birth_date: '1988-08-08',
    });
    const w4 = await workerByIdNumber(ids[4] ?? '');
    expect(w4).toMatchObject({ name: '王芳', ethnicity: '01', post: 'deputy', division_code: S1 });
    expect(pii.decrypt(String(w4.phone_enc))).toBe(phones[4]);
    const w5 = await workerByIdNumber(ids[5] ?? '');
    expect(w5).toMatchObject({
      ethnicity: '01',
      political_status: '13',
      category: 'full_time',
      post: 'staff',
      status: 'active',
      native_place: null,
      education: null,
      grade: null,
      address: null,
    });
  });

  it('stores an ID number typed with a plain lower-case x in upper case', async () => {
    const id = idEndingInX('1991-11-11');
    const lower = id.toLowerCase();
    expect(lower).toMatch(/^\d{17}x$/);
    const file = await buildXlsx([validRow(C1, { 身份证号: lower })]);
    const validated = await importFile(t.app, street, file);
    expect(validated.result, JSON.stringify(validated.result?.errors)).toMatchObject({
      total: 1,
      valid: 1,
      errors: [],
    });
    const committed = await importFile(t.app, street, file, 'mode=commit');
    expect(committed.result).toMatchObject({ committed: true, created: 1 });
    // Found by the blind index of the upper-case number, and decrypts to it.
    const w = await workerByIdNumber(id);
    expect(pii.decrypt(String(w.id_number_enc))).toBe(id);
    expect(w.id_number_masked).toMatch(/X$/);
    expect(w).toMatchObject({ birth_date: '1991-11-11', sex: '1' });
    // The upper-case spelling is the same person: refused as already registered.
    const again = await importFile(
      t.app,
      street,
      await buildXlsx([validRow(C1, { 身份证号: id })]),
    );
    expectErrors(again, [
      {
        row: 2,
        column: '身份证号',
        message: '该身份证号已在系统中登记；如需更新已登记人员，请选择“更新已有人员”',
      },
    ]);
  });
});

describe('errors', () => {
  let registered: string;

  beforeAll(async () => {
    registered = freshIdNumber();
    const job = await importFile(
      t.app,
      street,
      await buildXlsx([validRow(C1, { 身份证号: registered })]),
      'mode=commit',
    );
    expect(job.result?.committed).toBe(true);
  });

  it('reports every error by row, column and Chinese reason, and writes nothing', async () => {
    const first = freshIdNumber();
    const badCheck = `${first.slice(0, 17)}${first.endsWith('0') ? '1' : '0'}`;
    const rowsIn = [
      validRow(C1, { 身份证号: first }), // 2: fine
      validRow(C1, { 身份证号: badCheck }), // 3
      validRow(C1, { 身份证号: first }), // 4: duplicate of row 2
      validRow(C1, { 身份证号: registered }), // 5: already registered
      validRow(C1, { 民族: '火星族' }), // 6
      validRow(OTHER_DISTRICT_COMMUNITY), // 7: out of scope
      validRow(C1, { 姓名: null }), // 8
      validRow(C1, { 手机号码: '12345' }), // 9
      validRow(C1, { 住址: { formula: 'A1&B1' } }), // 10
      validRow(C1, { 聘用日期: '2024-13-45', 参加社区工作时间: '某天' }), // 11
      validRow(C1, { 参加社区工作时间: '2018-01-01', 聘用日期: '2017-01-01' }), // 12
      validRow(C1, { 人员状态: '试用期' }), // 13
      validRow(C1, { 等级: '高级' }), // 14
      validRow(C1, { 等级: 99 }), // 15
      validRow(C1, { 手机号码: '999', 民族: '未知' }), // 16: two errors
      validRow(C1, { 住址: 'x'.repeat(2001) }), // 17
      validRow(C1, { 人员状态: '休假' }), // 18
      validRow(C1, { 单位区划代码: '' }), // 19
    ];
    const file = await buildXlsx(rowsIn);
    const before = await writeCounts();
    const job = await importFile(t.app, street, file);
    expect(job.result).toMatchObject({ total: 18, valid: 1, invalid: 17, committed: false });
    expectErrors(job, [
      { row: 3, column: '身份证号', message: '身份证号校验码不正确' },
      { row: 4, column: '身份证号', message: '与第 2 行的身份证号重复' },
      {
        row: 5,
        column: '身份证号',
        message: '该身份证号已在系统中登记；如需更新已登记人员，请选择“更新已有人员”',
      },
      {
        row: 6,
        column: '民族',
        message: expect.stringContaining('“火星族”不是有效的民族') as unknown as string,
      },
      {
        row: 7,
        column: '单位区划代码',
        message: `单位区划代码“${OTHER_DISTRICT_COMMUNITY}”不存在或不在您的管辖范围内`,
      },
      { row: 8, column: '姓名', message: '姓名不能为空' },
      { row: 9, column: '手机号码', message: MOBILE_MESSAGE },
      {
        row: 10,
        column: '住址',
        message: '单元格含有公式，请复制后“选择性粘贴 → 数值”再导入',
      },
      { row: 11, column: '聘用日期', message: '“2024-13-45”不是有效日期' },
      {
        row: 11,
        column: '参加社区工作时间',
        message: expect.stringContaining('日期格式无法识别') as unknown as string,
      },
      { row: 12, column: '聘用日期', message: '聘用日期不能早于参加社区工作时间' },
      { row: 13, column: '试用期截止日期', message: '试用期人员须填写试用期截止日期' },
      { row: 14, column: '等级', message: '等级应为 1–30 的整数' },
      { row: 15, column: '等级', message: '等级最大为 30' },
      { row: 16, column: '手机号码', message: MOBILE_MESSAGE },
      {
        row: 16,
        column: '民族',
        message: expect.stringContaining('“未知”不是有效的民族') as unknown as string,
      },
      { row: 17, column: '住址', message: '内容超过 2000 个字符' },
      {
        row: 18,
        column: '人员状态',
        message: expect.stringContaining('“休假”不是有效的人员状态') as unknown as string,
      },
      { row: 19, column: '单位区划代码', message: '单位区划代码不能为空' },
    ]);
    expect(job.result?.errorCount).toBe(19);
    expect(job.result?.errors.some((e) => e.row === 2)).toBe(false);
    expect(await writeCounts()).toEqual(before);

    // Commit of the same file: every row checked, nothing written.
    const committed = await importFile(t.app, street, file, 'mode=commit');
    expect(committed.result).toMatchObject({ invalid: 17, committed: false, errorCount: 19 });
    expect(await writeCounts()).toEqual(before);

    // The error report: the failing rows with their original values and a reason column.
    const report = await as(t.app, street).get(`/api/jobs/${job.id}/error-report`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('spreadsheetml');
    const sheet = await readXlsx(report.rawPayload);
    expect(sheet[0]).toEqual(['原行号', '错误原因', ...IMPORT_HEADERS]);
    const reportRows = byHeader(sheet);
    expect(reportRows.map((r) => r['原行号'])).toEqual([
      3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
    const r16 = reportRows.find((r) => r['原行号'] === 16);
    expect(r16?.['错误原因']).toBe(
      `民族：“未知”不是有效的民族，可选：汉族、蒙古族、回族、藏族、维吾尔族、苗族、彝族、壮族、布依族、朝鲜族 等；手机号码：${MOBILE_MESSAGE}`,
    );
    expect(r16?.['手机号码']).toBe('999');
    // A formula comes back as neutralised text, never as a formula.
    expect(reportRows.find((r) => r['原行号'] === 10)?.['住址']).toBe("'=A1&B1");
    expect(String(reportRows.find((r) => r['原行号'] === 17)?.['住址'])).toHaveLength(1001);

    // The report imports again (its extra columns are recognised, original row numbers are not
    // data), so a user can correct it and upload it as is.
    const again = await importFile(t.app, street, report.rawPayload);
    expect(again.result?.total).toBe(17);
    expect(again.result?.errors).toContainEqual({
      row: 4,
      column: '身份证号',
      message: '该身份证号已在系统中登记；如需更新已登记人员，请选择“更新已有人员”',
    });
  });

  it('refuses a unit that is not a community or subdistrict', async () => {
    const job = await importFile(t.app, admin, await buildXlsx([validRow('330102')]));
    expectErrors(job, [
      {
        row: 2,
        column: '单位区划代码',
        message: expect.stringContaining('社区工作者只能隶属于社区或街道') as unknown as string,
      },
    ]);
  });

  it('reports numeric and error-value cells, bad unit codes and impossible birth dates, and writes nothing', async () => {
    const spare = await one<{ id: number; division_code: string; name: string; version: number }>(
      t,
      `select id, division_code, name, version from org_unit
        where parent_id = (select id from org_unit where division_code = $1)
          and level = 'community' and division_code not in ($2, $3)
        order by division_code limit 1`,
      [S1, C1, C2],
    );
    const off = await as(t.app, admin).post(`/api/org-units/${spare.id}/deactivate`, {
      version: spare.version,
    });
    expect(off.statusCode, off.body).toBe(200);
    try {
      const asNumber = numericIdNumber();
      const rowsIn = [
        validRow(C1), // 2: fine
        validRow(C1, { 身份证号: Number(asNumber) }), // 3: Excel kept 15 significant digits
        validRow(C1, { 民族: { error: '#N/A' } }), // 4: a failed VLOOKUP pasted as is
        validRow(C1, { 单位区划代码: '3301020010O1' }), // 5: letter O for zero
        validRow(C1, { 单位区划代码: '33010' }), // 6: too short
        validRow(C1, { 单位区划代码: '330102001999' }), // 7: no such unit
        validRow(spare.division_code), // 8: deactivated unit
        validRow(C1, { 身份证号: withCheckChar('33010619900230123') }), // 9: 30 February
        validRow(C1, { 身份证号: withCheckChar('33010620990101123') }), // 10: not born yet
        validRow(C1, { 身份证号: withCheckChar('33010618991231123') }), // 11: before 1900
      ];
      const file = await buildXlsx(rowsIn);
      const before = await dataDigest();
      for (const mode of ['mode=validate', 'mode=commit']) {
        const job = await importFile(t.app, street, file, mode);
        expect(job.result).toMatchObject({ total: 10, valid: 1, invalid: 9, committed: false });
        expect(job.result?.errors).toEqual([
          {
            row: 3,
            column: '身份证号',
            message: '身份证号被 Excel 存成了数字，末几位已丢失；请将该列设为文本格式后重新填写',
          },
          { row: 4, column: '民族', message: '单元格是错误值 #N/A' },
          { row: 5, column: '单位区划代码', message: '单位区划代码应为 6–12 位数字' },
          { row: 6, column: '单位区划代码', message: '单位区划代码应为 6–12 位数字' },
          {
            row: 7,
            column: '单位区划代码',
            message: '单位区划代码“330102001999”不存在或不在您的管辖范围内',
          },
          { row: 8, column: '单位区划代码', message: `单位“${spare.name}”已停用` },
          { row: 9, column: '身份证号', message: '身份证号中的出生日期无效' },
          { row: 10, column: '身份证号', message: '身份证号中的出生日期无效' },
          { row: 11, column: '身份证号', message: '身份证号中的出生日期无效' },
        ]);
        expect(job.result?.errorCount).toBe(9);
        expect(await dataDigest()).toEqual(before);
      }
    } finally {
      const current = await one<{ version: number }>(
        t,
        'select version from org_unit where id = $1',
        [spare.id],
      );
      const on = await as(t.app, admin).post(`/api/org-units/${spare.id}/activate`, current);
      expect(on.statusCode, on.body).toBe(200);
    }
  });

  it('refuses a file whose header names a column twice, naming the row and both columns', async () => {
    const headers = [...IMPORT_HEADERS, '姓名'];
    const file = await buildXlsx([validRow(C1, {})], { headers });
    const before = await dataDigest();
    const res = await upload(t.app, street, file, 'mode=commit');
    expect(res.statusCode, res.body).toBe(200);
    const job = await waitForJob(t.app, street, res.json<{ jobId: number }>().jobId);
    expect(job.status).toBe('failed');
    expect(job.result).toBeNull();
    expect(job.error).toBe(
      `第 1 行表头与导入模板不一致：表头“姓名”出现了两次（第 1 列和第 ${headers.length} 列）。请下载最新的导入模板，按模板的表头填写`,
    );
    expect(await dataDigest()).toEqual(before);
  });

  it('keeps a file without errors in the report endpoint at 404', async () => {
    const job = await importFile(t.app, street, await buildXlsx([validRow(C1)]));
    expect(job.result?.hasErrorReport).toBe(false);
    expect((await as(t.app, street).get(`/api/jobs/${job.id}/error-report`)).statusCode).toBe(404);
  });
});

describe('commit', () => {
  it('writes every row with its history and audit rows in one transaction', async () => {
    const before = await writeCounts();
    const auditFrom = await maxAuditId(t);
    const ids = Array.from({ length: 30 }, () => freshIdNumber());
    const file = await buildXlsx(
      ids.map((id, i) => validRow(i % 2 ? C1 : C2, { 身份证号: id, 等级: i % 3 === 0 ? null : 4 })),
    );
    const validated = await importFile(t.app, street, file);
    expect(validated.result).toMatchObject({ total: 30, valid: 30, committed: false });
    expect(await writeCounts()).toEqual(before);

    const job = await importFile(t.app, street, file, 'mode=commit');
    expect(job.progress).toBe(100);
    expect(job.result).toMatchObject({ total: 30, created: 30, committed: true });
    const after = await writeCounts();
    expect(after.worker - before.worker).toBe(30);
    // unit, post, status for everyone; grade for the 20 with a grade
    expect(after.history - before.history).toBe(30 * 3 + 20);
    const audits = await auditSince(t, auditFrom);
    expect(audits.filter((a) => a.action === 'worker.create')).toHaveLength(30);
    const summary = audits.find((a) => a.action === 'worker.import');
    expect(summary?.changes).toMatchObject({ rows: 30, created: 30, onExisting: 'error' });
    expect(summary?.actor_name).toBe('street');
    const created = audits.find((a) => a.action === 'worker.create');
    expect(created?.changes).toMatchObject({ source: 'import', importJobId: job.id });
    expect(Object.keys(created?.changes ?? {}).sort()).toEqual([
      'idNumber',
      'importJobId',
      'name',
      'orgUnitId',
      'row',
      'source',
    ]);
    expect(JSON.stringify(created?.changes)).not.toMatch(/\d{17}[\dX]/);
    expect((await verifyAuditChain(t.db.db)).broken).toBeNull();

    const w = await workerByIdNumber(ids[1] ?? '');
    expect(w).toMatchObject({ updated_by: 'street', version: 1, division_code: C1 });
    const hist = await rows<{ kind: string; value: string; effective_from: string }>(
      t,
      'select kind, value, effective_from::text from worker_history where worker_id = $1 order by kind',
      [w.id],
    );
    expect(hist.map((h) => h.kind)).toEqual(['grade', 'post', 'status', 'unit']);
    expect(hist.every((h) => h.effective_from === '2016-04-01')).toBe(true);
  });
});

describe('a registration racing the import', () => {
  it('rolls back with a Chinese reason when someone registers one of its ID numbers after the check', async () => {
    const ids = Array.from({ length: 3 }, () => freshIdNumber());
    const file = await buildXlsx(ids.map((id) => validRow(C1, { 身份证号: id })));
    // Another session registers the second ID number and keeps its transaction open, so the
    // import's look-up cannot see it and the import's COPY waits on the unique index.
    const other = new pg.Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query('begin');
      const inserted = await other.query(
        `insert into worker (name, id_number_enc, id_number_hash, id_number_masked, birth_date,
                             sex, ethnicity, political_status, phone_enc, phone_hash, phone_masked,
                             category, org_unit_id, org_path, post, status, work_start_date,
                             hire_date)
         select '抢先登记', 'v1.x', $1, '330108********0000', '1990-01-01', 'male', '01', '13',
                'v1.y', $2, '138****0000', 'full_time', id, path, 'staff', 'active',
                '2020-01-01', '2020-01-01'
           from org_unit where division_code = $3`,
        [pii.blindIndex('id_number', ids[1] ?? ''), pii.blindIndex('phone', freshPhone()), C1],
      );
      expect(inserted.rowCount).toBe(1);
      const before = await writeCounts();
      const res = await upload(t.app, street, file, 'mode=commit');
      expect(res.statusCode, res.body).toBe(200);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const waiting = await count(
          t,
          `select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like 'copy worker %'`,
        );
        if (waiting > 0) break;
        if (Date.now() > deadline) throw new Error('the import never waited on the other session');
        await new Promise((r) => setTimeout(r, 50));
      }
      await other.query('commit');
      const job = await waitForJob(t.app, street, res.json<{ jobId: number }>().jobId);
      expect(job.status).toBe('failed');
      expect(job.error).toBe(
        '导入期间有其他用户登记了文件中的身份证号，本次导入已全部撤销；请重新校验后再导入',
      );
      const after = await writeCounts();
      expect(after.worker - before.worker).toBe(1);
      expect(after.history).toBe(before.history);
      const first = pii.blindIndex('id_number', ids[0] ?? '');
      expect(await count(t, 'select 1 from worker where id_number_hash = $1', [first])).toBe(0);
    } finally {
      await other.end();
    }
  });
});

describe('update mode', () => {
  it('updates workers matched by ID number, leaves identical ones alone, and refuses others', async () => {
    const a = freshIdNumber();
    const b = freshIdNumber();
    const phoneA = freshPhone();
    const original = [
      validRow(C1, { 身份证号: a, 手机号码: phoneA }),
      validRow(C1, { 身份证号: b }),
    ];
    await importFile(t.app, street, await buildXlsx(original), 'mode=commit');
    const wa = await workerByIdNumber(a);

    const newPhone = freshPhone();
    const changed = [
      { ...original[0], 手机号码: newPhone, 岗位: '副职', 单位区划代码: C2 },
      original[1] ?? {},
      validRow(C1), // a new worker in the same file
    ];
    const file = await buildXlsx(changed);
    const refused = await importFile(t.app, street, file);
    expect(refused.result?.errors.filter((e) => e.column === '身份证号')).toHaveLength(2);

    const auditFrom = await maxAuditId(t);
    const preview = await importFile(t.app, street, file, 'mode=validate&onExisting=update');
    expect(preview.result).toMatchObject({ valid: 3, updated: 1, unchanged: 1, created: 1 });
    const job = await importFile(t.app, street, file, 'mode=commit&onExisting=update');
    expect(job.result).toMatchObject({
      committed: true,
      updated: 1,
      unchanged: 1,
      created: 1,
      onExisting: 'update',
    });
    const after = await workerByIdNumber(a);
    expect(after).toMatchObject({ id: wa.id, post: 'deputy', division_code: C2, version: 2 });
    expect(pii.decrypt(String(after.phone_enc))).toBe(newPhone);
    expect((await workerByIdNumber(b)).version).toBe(1);

    const today = new Date();
    const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    const posts = await rows<{
      value: string;
      effective_from: string;
      effective_to: string | null;
    }>(
      t,
      `select value, effective_from::text, effective_to::text from worker_history
        where worker_id = $1 and kind = 'post' order by id`,
      [wa.id],
    );
    expect(posts).toEqual([
      { value: 'staff', effective_from: '2016-04-01', effective_to: iso },
      { value: 'deputy', effective_from: iso, effective_to: null },
    ]);
    const units = await rows<{ effective_to: string | null }>(
      t,
      `select effective_to from worker_history where worker_id = $1 and kind = 'unit' order by id`,
      [wa.id],
    );
    expect(units).toHaveLength(2);

    const audits = await auditSince(t, auditFrom);
    const upd = audits.find((x) => x.action === 'worker.update');
    expect(upd?.entity_id).toBe(String(wa.id));
    expect(upd?.changes).toMatchObject({
      post: { from: 'staff', to: 'deputy' },
      source: 'import',
      importJobId: job.id,
    });
    expect(JSON.stringify(upd?.changes)).not.toContain(newPhone);
    expect(audits.find((x) => x.action === 'worker.import')?.changes).toMatchObject({
      updated: 1,
      unchanged: 1,
      created: 1,
      onExisting: 'update',
    });
    expect((await verifyAuditChain(t.db.db)).broken).toBeNull();
  });

  it('does not update a worker registered outside the caller scope', async () => {
    const id = freshIdNumber();
    await importFile(
      t.app,
      admin,
      await buildXlsx([validRow(OTHER_DISTRICT_COMMUNITY, { 身份证号: id })]),
      'mode=commit',
    );
    const job = await importFile(
      t.app,
      street,
      await buildXlsx([validRow(C1, { 身份证号: id })]),
      'mode=commit&onExisting=update',
    );
    expectErrors(job, [
      {
        row: 2,
        column: '身份证号',
        message: '该身份证号已登记在您管辖范围以外的单位，不能通过导入更新',
      },
    ]);
    expect((await workerByIdNumber(id)).division_code).toBe(OTHER_DISTRICT_COMMUNITY);
  });

  it('refuses in update mode to change the dossier of an exited worker', async () => {
    const id = freshIdNumber();
    const phone = freshPhone();
    const exited = validRow(C1, { 身份证号: id, 手机号码: phone, 人员状态: '已退出' });
    const created = await importFile(t.app, street, await buildXlsx([exited]), 'mode=commit');
    expect(created.result).toMatchObject({ committed: true, created: 1 });
    const w = await workerByIdNumber(id);
    expect(w).toMatchObject({ status: 'exited', version: 1 });

    // Row 2 changes the phone and post, row 3 the status, row 4 re-hires (the exit record's
    // 重新聘用 does that, not an import).
    const other = freshIdNumber();
    const third = freshIdNumber();
    await importFile(
      t.app,
      street,
      await buildXlsx([
        validRow(C1, { 身份证号: other, 人员状态: '已退出' }),
        validRow(C1, { 身份证号: third, 人员状态: '已退出' }),
      ]),
      'mode=commit',
    );
    const file = await buildXlsx([
      { ...exited, 手机号码: freshPhone(), 岗位: '副职' },
      validRow(C1, { 身份证号: other, 人员状态: '停岗' }),
      validRow(C1, { 身份证号: third, 人员状态: '在岗' }),
    ]);
    const before = await dataDigest();
    for (const mode of ['mode=validate&onExisting=update', 'mode=commit&onExisting=update']) {
      const job = await importFile(t.app, street, file, mode);
      expect(job.result).toMatchObject({ total: 3, valid: 0, invalid: 3, committed: false });
      expect(job.result?.errors).toEqual(
        [2, 3, 4].map((row) => ({
          row,
          column: '人员状态',
          message: '该人员已退出，档案只读；如需重新聘用，请在退出记录中办理“重新聘用”',
        })),
      );
    }
    expect(await dataDigest()).toEqual(before);
    const after = await workerByIdNumber(id);
    expect(after).toMatchObject({ status: 'exited', post: 'staff', version: 1 });
    expect(pii.decrypt(String(after.phone_enc))).toBe(phone);
    // An unchanged row is not a change: it passes as unchanged.
    const same = await importFile(
      t.app,
      street,
      await buildXlsx([exited]),
      'mode=validate&onExisting=update',
    );
    expect(same.result).toMatchObject({ valid: 1, unchanged: 1, errors: [] });
  });
});

describe('jobs', () => {
  it('shows a job and its report only to the user who started it', async () => {
    const res = await upload(t.app, street, await buildXlsx([validRow(C1, { 民族: '无' })]));
    expect(res.statusCode).toBe(200);
    const { jobId } = res.json<{ jobId: number }>();
    const job = await waitForJob(t.app, street, jobId);
    expect(job).toMatchObject({ id: jobId, kind: 'worker.import', status: 'succeeded' });
    expect(job.result?.hasErrorReport).toBe(true);
    expect((await as(t.app, admin).get(`/api/jobs/${jobId}`)).statusCode).toBe(404);
    expect((await as(t.app, admin).get(`/api/jobs/${jobId}/error-report`)).statusCode).toBe(404);
    expect((await as(t.app, street).get('/api/jobs/999999')).statusCode).toBe(404);
    // The uploaded file is not kept once the job is done.
    expect(
      await count(t, `select 1 from job_file where job_id = $1 and purpose = 'upload'`, [jobId]),
    ).toBe(0);
  });

  it('closes the personal-data thread of every finished import, committed, refused or not', () => {
    // Every describe above ran imports to the end: validations, commits, files with errors.
    const { started, open } = piiWorkerCounts();
    expect(started).toBeGreaterThan(10);
    expect(open).toBe(0);
  });
});

describe('job runner', () => {
  const silent = pino({ level: 'silent' });

  it('runs each job once with several instances polling the same database', async () => {
    const ran: number[] = [];
    const runners = [1, 2, 3].map(() => new JobRunner(t.db.db, silent, { pollMs: 20 }));
    for (const r of runners)
      r.register('test.count', async (ctx) => {
        ran.push(ctx.job.id);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return null;
      });
    const ids: number[] = [];
    for (let i = 0; i < 12; i++)
      ids.push(await enqueueJob(t.db.db, { kind: 'test.count', payload: {}, createdBy: 1 }));
    for (const r of runners) r.start();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const left = await count(
        t,
        `select 1 from job where kind = 'test.count' and status <> 'succeeded'`,
      );
      if (left === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await Promise.all(runners.map((r) => r.stop()));
    expect(ran.sort((x, y) => x - y)).toEqual(ids);
  });

  it('queues again a job whose instance died, and hands a job back on shutdown', async () => {
    const id = await enqueueJob(t.db.db, { kind: 'test.stale', payload: {}, createdBy: 1 });
    await t.db.pool.query(
      `update job set status = 'running', locked_by = 'dead-host:1:x', attempts = 1,
              heartbeat_at = now() - interval '10 minutes' where id = $1`,
      [id],
    );
    const runner = new JobRunner(t.db.db, silent, { pollMs: 20, staleAfterMs: 60_000 });
    runner.register('test.stale', async () => ({ ok: true }));
    runner.start();
    const deadline = Date.now() + 20_000;
    let status = '';
    while (Date.now() < deadline && status !== 'succeeded') {
      status = (await one<{ status: string }>(t, 'select status from job where id = $1', [id]))
        .status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await runner.stop();
    expect(status).toBe('succeeded');
    expect(
      await one<{ attempts: number }>(t, 'select attempts from job where id = $1', [id]),
    ).toEqual({ attempts: 2 });

    // A job running when its instance stops goes back to the queue for another instance.
    const slow = new JobRunner(t.db.db, silent, { pollMs: 20 });
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    slow.register('test.slow', async (ctx) => {
      started();
      await new Promise((_resolve, reject) =>
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    });
    const slowId = await enqueueJob(t.db.db, { kind: 'test.slow', payload: {}, createdBy: 1 });
    slow.start();
    await running;
    await slow.stop();
    expect(
      await one<{ status: string; locked_by: string | null }>(
        t,
        'select status, locked_by from job where id = $1',
        [slowId],
      ),
    ).toEqual({ status: 'queued', locked_by: null });
    await t.db.pool.query(`delete from job where kind like 'test.%'`);
  });
});
