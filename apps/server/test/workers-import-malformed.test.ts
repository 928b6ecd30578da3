// Hostile and broken files: each gets a clear Chinese error, nothing is written, and the server
// keeps serving (a health check and a good import right after each one).
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, login, type Session, type TestApp } from '../../../tests/setup/app';
import { IMPORT_COLUMNS } from '../src/modules/workers/excel/columns';
import {
  buildXlsx,
  buildZip,
  deflateRepeated,
  IMPORT_HEADERS,
  importFile,
  rawRow,
  rawXlsx,
  upload,
  validRow,
  waitForJob,
} from './excel-helpers';
import { count } from './helpers';

let t: TestApp;
let street: Session;
const C1 = '330102001001';

beforeAll(async () => {
  t = await createTestApp();
  street = await login(t.app, 'street');
});
afterAll(async () => {
  await t?.close();
});

async function written() {
  return {
    worker: await count(t, 'select 1 from worker'),
    history: await count(t, 'select 1 from worker_history'),
    audit: await count(t, 'select 1 from audit_log'),
  };
}

/** The server still answers, and still imports a good file. */
async function stillServing(): Promise<void> {
  expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  const job = await importFile(t.app, street, await buildXlsx([validRow(C1)]));
  expect(job.result).toMatchObject({ total: 1, valid: 1 });
}

function expectRefused(res: LightMyRequestResponse, status: number, message: RegExp): void {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<{ message: string; details?: { path: string; message: string }[] }>();
  expect(body.message).toMatch(message);
}

/** Uploads, expecting the job to be accepted and then to fail with `message`. */
async function expectJobFailure(file: Buffer, message: RegExp): Promise<void> {
  const res = await upload(t.app, street, file, 'mode=commit');
  expect(res.statusCode, res.body).toBe(200);
  const job = await waitForJob(t.app, street, res.json<{ jobId: number }>().jobId);
  expect(job.status).toBe('failed');
  expect(job.error).toMatch(message);
  expect(job.result).toBeNull();
}

const header = rawRow(1, IMPORT_HEADERS);

describe('files that are not a workbook', () => {
  it.each([
    [
      'plain text',
      Buffer.from('姓名,身份证号\n张三,110101199001011234\n'),
      /不是有效的 Excel 工作簿/,
    ],
    [
      'a PNG picture',
      Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      /不是有效的 Excel 工作簿/,
    ],
    [
      'an old .xls (OLE compound file)',
      Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]),
      /旧版 \.xls/,
    ],
    ['a zip without a workbook', buildZip([{ name: 'hello.txt', data: 'hi' }]), /不是有效的 Excel/],
  ])('refuses %s at upload', async (_name, file, message) => {
    const before = await written();
    expectRefused(await upload(t.app, street, file), 400, message);
    expect(await written()).toEqual(before);
    await stillServing();
  });

  it('refuses a truncated and a garbled zip', async () => {
    const good = await buildXlsx([validRow(C1)]);
    const before = await written();
    expectRefused(
      await upload(t.app, street, good.subarray(0, Math.floor(good.length / 2))),
      400,
      /损坏或不完整/,
    );
    // Central directory intact, compressed sheet data replaced with noise. The upload reads the
    // sheet's head and finds it cannot be inflated: refused as damaged there, before any job (so
    // neither an empty sheet nor a header that does not match, both of which name 表头, can pass).
    const garbled = rawXlsx({ sheetData: `${header}${rawRow(2, ['x'])}` });
    const name = garbled.indexOf(Buffer.from('xl/worksheets/sheet1.xml'));
    expect(garbled.readUInt32LE(name - 30)).toBe(0x04034b50); // the sheet's local header
    const at = name + 24;
    for (let i = at; i < at + 40 && i < garbled.length; i++) garbled[i] = (garbled[i] ?? 0) ^ 0x5a;
    const jobs = await count(t, 'select 1 from job');
    const res = await upload(t.app, street, garbled, 'mode=commit');
    expectRefused(res, 400, /^Excel 文件已损坏或不完整，无法读取；请重新保存后再上传$/);
    expect(await count(t, 'select 1 from job')).toBe(jobs);
    expect(await written()).toEqual(before);
    await stillServing();
  });

  it('refuses an empty upload', async () => {
    expectRefused(await upload(t.app, street, Buffer.alloc(0)), 400, /./);
  });
});

describe('sheets that are too big', () => {
  it('refuses a sheet declaring 1,048,576 rows or 16,384 columns before reading it', async () => {
    const before = await written();
    expectRefused(
      await upload(
        t.app,
        street,
        rawXlsx({ dimension: 'A1:Z1048576', sheetData: header }),
        'mode=commit',
      ),
      400,
      /声明了 1048576 行，超过导入上限 200000 行/,
    );
    expectRefused(
      await upload(t.app, street, rawXlsx({ dimension: 'A1:XFD1', sheetData: header })),
      400,
      /声明了 16384 列，超过上限 100 列/,
    );
    expect(await written()).toEqual(before);
    await stillServing();
  });

  it('stops at a row past the limit or a cell past column 100 that the sheet did not declare', async () => {
    const before = await written();
    await expectJobFailure(
      rawXlsx({ sheetData: `${header}<row r="1048576"><c r="A1048576"><v>1</v></c></row>` }),
      /超过导入上限 200000 行/,
    );
    await expectJobFailure(
      rawXlsx({ sheetData: `${header}<row r="2"><c r="XFD2"><v>1</v></c></row>` }),
      /超过 100 列上限/,
    );
    expect(await written()).toEqual(before);
    await stillServing();
  });

  it('stops a zip bomb at the decompression limit', async () => {
    // 300 MB of shared strings that compress to well under 2 MB; the limit is 128 MB.
    const strings = await deflateRepeated(
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`,
      `<si><t>${'啊'.repeat(10_000)}</t></si>`,
      10_000,
      '</sst>',
    );
    const bomb = rawXlsx({ sheetData: header, sharedStrings: strings });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const before = await written();
    await expectJobFailure(bomb, /解压后超过上限/);
    expect(await written()).toEqual(before);
    await stillServing();
  }, 60_000);

  it('answers 413 with a Chinese message for a 50 MB upload', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024 + 1024, 0x41);
    big.write('PK\u0003\u0004', 0, 'latin1');
    const before = await written();
    const res = await upload(t.app, street, big);
    expectRefused(res, 413, /超过 50 MB/);
    expect(res.json<{ code: string }>().code).toBe('PAYLOAD_TOO_LARGE');
    expect(await written()).toEqual(before);
    await stillServing();
  }, 60_000);
});

describe('content problems', () => {
  it('names the missing and unknown headers', async () => {
    const headers = IMPORT_HEADERS.filter((h) => h !== '身份证号' && h !== '手机号码');
    const file = await buildXlsx([validRow(C1)], { headers: [...headers, '备注'] });
    const before = await written();
    await expectJobFailure(file, /表头缺少 “身份证号”、“手机号码” 列；无法识别的表头“备注”/);
    expect(await written()).toEqual(before);
    await stillServing();
  });

  it('reports a 5 MB cell and formulas as errors of their cells', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const file = await buildXlsx([
      validRow(C1, { 住址: huge, 毕业院校: 'y'.repeat(4 * 1024 * 1024) }),
      validRow(C1, { 姓名: { formula: 'CONCAT("张","三")', result: '张三' } }),
      validRow(C1, { 等级: { formula: '2+3', result: 5 } }),
    ]);
    const before = await written();
    const job = await importFile(t.app, street, file, 'mode=commit');
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ total: 3, invalid: 3, committed: false });
    expect(job.result?.errors).toContainEqual({
      row: 2,
      column: '住址',
      message: '内容超过 2000 个字符',
    });
    expect(job.result?.errors).toContainEqual({
      row: 2,
      column: '毕业院校',
      message: '内容超过 2000 个字符',
    });
    expect(job.result?.errors.filter((e) => e.message.includes('公式'))).toHaveLength(2);
    expect(await written()).toEqual(before);
    // The report does not carry the 5 MB back.
    const report = await as(t.app, street).get(`/api/jobs/${job.id}/error-report`);
    expect(report.statusCode).toBe(200);
    expect(report.rawPayload.length).toBeLessThan(200_000);
    await stillServing();
  });

  it('refuses an empty sheet', async () => {
    await expectJobFailure(rawXlsx({ sheetData: '' }), /工作表是空的/);
  });

  it('reads what other programs write: namespace prefixes, cells without references, rich text', async () => {
    const row = validRow(C1);
    const values = IMPORT_COLUMNS.map((c) => {
      const v = row[c.header];
      return v === null || v === undefined ? '' : String(v);
    });
    const cells = (n: number, vals: string[]) =>
      `<x:row r="${n}">${vals.map((v) => (v === '' ? '<x:c/>' : `<x:c t="inlineStr"><x:is><x:r><x:t>${v.slice(0, 1)}</x:t></x:r><x:r><x:t xml:space="preserve">${v.slice(1)}</x:t></x:r><x:rPh><x:t>ピン</x:t></x:rPh></x:is></x:c>`)).join('')}</x:row>`;
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const file = buildZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      {
        name: 'xl/workbook.xml',
        data: `<x:workbook xmlns:x="${ns}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="S" sheetId="1" r:id="rId9"/></x:sheets></x:workbook>`,
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>',
      },
      {
        name: 'xl/worksheets/data.xml',
        data: `<x:worksheet xmlns:x="${ns}"><x:sheetData>${cells(1, IMPORT_HEADERS)}${cells(2, values)}</x:sheetData></x:worksheet>`,
      },
    ]);
    const job = await importFile(t.app, street, file);
    expect(job.result, JSON.stringify(job.result?.errors)).toMatchObject({
      total: 1,
      valid: 1,
    });
  });
});
