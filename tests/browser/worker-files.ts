// Spreadsheet helpers for the worker journeys: bytes fetched in the page's session, workbooks read
// and written with exceljs, import files built from the template's own header row.
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';

/** A GET in the page's own session (its cookie), as bytes. */
export async function fetchBytes(page: Page, path: string): Promise<Buffer> {
  const bytes = await page.evaluate(async (url) => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return Array.from(new Uint8Array(await res.arrayBuffer()));
  }, path);
  return Buffer.from(bytes);
}

/** exceljs types its input as its own Buffer (an ArrayBuffer); hand it exactly the bytes. */
export async function loadXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  await wb.xlsx.load(copy.buffer);
  return wb;
}

/** The header row of the import template the page offers. */
export async function templateHeaders(page: Page): Promise<string[]> {
  const wb = await loadXlsx(await fetchBytes(page, '/api/workers/import-template'));
  const headers: string[] = [];
  wb.getWorksheet('社区工作者')
    ?.getRow(1)
    .eachCell((cell) => headers.push(String(cell.value)));
  return headers;
}

export interface ImportPerson {
  name: string;
  idNumber: string;
  phone: string;
}

/** A workbook with the template's own header row and one valid row per person, in one community. */
export async function importFile(
  headers: string[],
  people: Iterable<ImportPerson>,
  divisionCode: string,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('社区工作者');
  ws.addRow(headers);
  for (const p of people) {
    const values: Record<string, string | number> = {
      姓名: p.name,
      身份证号: p.idNumber,
      民族: '汉族',
      政治面貌: '群众',
      手机号码: p.phone,
      人员类别: '专职社区工作者',
      单位区划代码: divisionCode,
      岗位: '工作人员',
      等级: 3,
      人员状态: '在岗',
      参加社区工作时间: '2020-03-01',
      聘用日期: '2020-03-01',
    };
    ws.addRow(headers.map((h) => values[h] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
