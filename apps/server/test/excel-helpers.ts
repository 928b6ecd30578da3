// Helpers for the spreadsheet tests: workbooks built with exceljs the way users' files look,
// multipart uploads through the real route, waiting for the background job, and reading .xlsx
// answers back.
import { randomBytes } from 'node:crypto';
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { composeIdNumber } from '@cwp/core';
import type { JobView } from '@cwp/contracts';
import ExcelJS from 'exceljs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Session } from '../../../tests/setup/app';
import { IMPORT_COLUMNS } from '../src/modules/workers/excel/columns';
import { columnLetters } from '../src/modules/workers/excel/xlsx-write';

export const IMPORT_HEADERS = IMPORT_COLUMNS.map((c) => c.header);

export type CellIn = ExcelJS.CellValue;
export type SheetRowIn = Record<string, CellIn>;

let sequence = 0;
/** A valid, unique ID number (born 1985–1994, Hangzhou division code). */
export function freshIdNumber(sex: 'male' | 'female' = 'female'): string {
  sequence++;
  const year = 1985 + (sequence % 10);
  const day = 1 + ((sequence * 7) % 28);
  return composeIdNumber({
    divisionCode: '330106',
    birthDate: `${year}-0${1 + (sequence % 9)}-${String(day).padStart(2, '0')}`,
    sequence: (sequence * 13) % 999,
    sex,
  });
}

let phoneSeq = 0;
export function freshPhone(): string {
  phoneSeq++;
  return `139${String(10_000_000 + phoneSeq * 7919).slice(-8)}`;
}

/** One valid row by Chinese header, with labels as a user picks them from the drop-downs. */
export function validRow(divisionCode: string, overrides: SheetRowIn = {}): SheetRowIn {
  return {
    姓名: '李华',
    身份证号: freshIdNumber(),
    民族: '汉族',
    籍贯: '浙江杭州',
    政治面貌: '群众',
    '入党（团）时间': null,
    全日制学历: '大学本科',
    在职学历: null,
    学位: '学士',
    毕业院校: '杭州师范大学',
    专业: '社会工作',
    婚姻状况: '已婚',
    手机号码: freshPhone(),
    住址: '示范市东城区和平社区1幢101室',
    人员类别: '专职社区工作者',
    单位区划代码: divisionCode,
    岗位: '工作人员',
    等级: 5,
    人员状态: '在岗',
    参加社区工作时间: '2015-03-01',
    聘用日期: '2016-04-01',
    试用期截止日期: null,
    社会工作者职业资格: null,
    证书编号: null,
    取得证书日期: null,
    ...overrides,
  };
}

/** A one-sheet workbook: the header row, then the rows (cells set exactly as given). */
export async function buildXlsx(
  rows: SheetRowIn[],
  opts: { headers?: string[]; sheetName?: string; textFormat?: boolean } = {},
): Promise<Buffer> {
  const headers = opts.headers ?? IMPORT_HEADERS;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheetName ?? '社区工作者');
  ws.addRow(headers);
  for (const r of rows) {
    const row = ws.addRow(headers.map((h) => (h in r ? r[h] : null)));
    if (opts.textFormat !== false) {
      // Excel's text format for typed text, as in the template; numbers stay numbers.
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.numFmt = '@';
      });
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function multipart(
  file: Buffer,
  filename = 'workers.xlsx',
  field = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----cwp${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
    'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n';
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export function upload(
  app: FastifyInstance,
  s: Session | null,
  file: Buffer,
  query = 'mode=validate',
  filename?: string,
): Promise<LightMyRequestResponse> {
  const body = multipart(file, filename);
  return app.inject({
    method: 'POST',
    url: `/api/workers/import?${query}`,
    headers: {
      ...body.headers,
      ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrfToken } : {}),
    },
    payload: body.payload,
  });
}

export async function waitForJob(
  app: FastifyInstance,
  s: Session,
  jobId: number,
  timeoutMs = 90_000,
): Promise<JobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({
      method: 'GET',
      url: `/api/jobs/${jobId}`,
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json<JobView>();
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Uploads and waits: the job as the owner sees it when it has finished. */
export async function importFile(
  app: FastifyInstance,
  s: Session,
  file: Buffer,
  query = 'mode=validate',
): Promise<JobView> {
  const res = await upload(app, s, file, query);
  expect(res.statusCode, res.body).toBe(200);
  return waitForJob(app, s, res.json<{ jobId: number }>().jobId);
}

/** exceljs types its input as its own `Buffer extends ArrayBuffer`. */
export function toArrayBuffer(buf: Buffer): ArrayBuffer {
  const ab = new ArrayBuffer(buf.length);
  new Uint8Array(ab).set(buf);
  return ab;
}

/** Every row of the first sheet as arrays of cell values (header included). */
export async function readXlsx(buf: Buffer, sheet = 1): Promise<CellIn[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(toArrayBuffer(buf));
  const ws = wb.worksheets[sheet - 1];
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const out: CellIn[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const values: CellIn[] = [];
    for (let c = 1; c <= ws.columnCount; c++) values.push(row.getCell(c).value);
    out.push(values);
  });
  return out;
}

/** The rows of a sheet as objects keyed by the header row. */
export function byHeader(rows: CellIn[][]): Record<string, CellIn>[] {
  const [header, ...data] = rows;
  if (!header) return [];
  return data.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i] ?? null])));
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip written by hand, so tests can build files no spreadsheet program would write. */
export function buildZip(
  entries: (
    { name: string; data: Buffer | string } | { name: string; packed: Buffer; size: number }
  )[],
): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw =
      'data' in e ? (typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data) : null;
    const packed = raw ? deflateRawSync(raw) : 'packed' in e ? e.packed : Buffer.alloc(0);
    const size = raw ? raw.length : 'size' in e ? e.size : 0;
    const name = Buffer.from(e.name, 'utf8');
    // The reader under test does not check CRCs; precompressed entries skip computing one.
    const crc = raw ? crc32(raw) : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + packed.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Deflates `chunk` repeated `times` without holding the whole text (for zip bombs). */
export async function deflateRepeated(
  head: string,
  chunk: string,
  times: number,
  tail: string,
): Promise<{ packed: Buffer; size: number }> {
  const d = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => d.on('end', resolve));
  const c = Buffer.from(chunk);
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  d.write(head);
  for (let i = 0; i < times; i++) {
    if (!d.write(c)) await new Promise((resolve) => d.once('drain', resolve));
    size += c.length;
  }
  d.end(tail);
  await done;
  return { packed: Buffer.concat(out), size };
}

/** A minimal .xlsx around raw sheet XML (`<sheetData>` content, optional shared strings). */
export function rawXlsx(opts: {
  sheetData: string;
  dimension?: string;
  sharedStrings?: string | { packed: Buffer; size: number };
}): Buffer {
  const entries: (
    { name: string; data: string } | { name: string; packed: Buffer; size: number }
  )[] = [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets><sheet name="社区工作者" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        (opts.sharedStrings !== undefined
          ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
          : '') +
        '</Relationships>',
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}">` +
        (opts.dimension ? `<dimension ref="${opts.dimension}"/>` : '') +
        `<sheetData>${opts.sheetData}</sheetData></worksheet>`,
    },
  ];
  if (typeof opts.sharedStrings === 'string')
    entries.push({
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">${opts.sharedStrings}</sst>`,
    });
  else if (opts.sharedStrings)
    entries.push({ name: 'xl/sharedStrings.xml', ...opts.sharedStrings });
  return buildZip(entries);
}

/** Inline-string cells of one row, from column A. */
export function rawRow(n: number, values: string[]): string {
  return `<row r="${n}">${values
    .map(
      (v, i) => `<c r="${columnLetters(i)}${n}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`,
    )
    .join('')}</row>`;
}
