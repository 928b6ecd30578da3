// The import template: the data sheet with Chinese headers, text-formatted cells (so Excel keeps
// all 18 digits of an ID number), drop-down lists drawn from the live dictionaries, and one
// example row the import skips; a hidden sheet holds the lists, a third sheet explains the rules.
import { WORKER_STATUSES, type Dictionary } from '@cwp/contracts';
import ExcelJS from 'exceljs';
import {
  DATA_SHEET,
  EXAMPLE_MARK,
  HELP_SHEET,
  IMPORT_COLUMNS,
  LISTS_SHEET,
  WORKER_STATUS_LABELS,
  type WorkerColumn,
} from './columns';
import { columnLetters } from './xlsx-write';

/** Rows that get the drop-downs; Excel stores one range per column, so the size costs nothing. */
const VALIDATED_ROWS = 20_000;

const EXAMPLE: Record<string, string | number> = {
  name: `${EXAMPLE_MARK}张三`,
  idNumber: '330102199001011234',
  ethnicity: '汉族',
  nativePlace: '浙江杭州',
  politicalStatus: '中国共产党党员',
  partyJoinDate: '2012-07-01',
  educationFullTime: '大学本科',
  degree: '学士',
  school: '浙江大学',
  major: '社会工作',
  maritalStatus: '已婚',
  phone: '13800138000',
  address: '示范市东城区和平社区1幢1单元101室',
  category: '专职社区工作者',
  orgUnitId: '330102001001',
  post: '工作人员',
  grade: 5,
  status: '在岗',
  workStartDate: '2015-03-01',
  hireDate: '2015-03-01',
};

function listValues(col: WorkerColumn, dictionaries: Map<string, Dictionary>): string[] | null {
  if (col.kind === 'status') return WORKER_STATUSES.map((s) => WORKER_STATUS_LABELS[s]);
  if (col.kind !== 'dict' || !col.dict) return null;
  return (dictionaries.get(col.dict)?.items ?? []).filter((i) => i.active).map((i) => i.labelZh);
}

interface ValidationList {
  add(range: string, validation: ExcelJS.DataValidation): void;
}

function isValidationList(v: unknown): v is ValidationList {
  return typeof v === 'object' && v !== null && 'add' in v && typeof v.add === 'function';
}

export async function buildImportTemplate(dictionaries: Map<string, Dictionary>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '社区工作者队伍建设管理平台';
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const help = wb.addWorksheet(HELP_SHEET);

  ws.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    // Text format for everything except the grade, so nothing is turned into a number or date.
    style: c.kind === 'grade' ? {} : { numFmt: '@' },
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    if (c.required) {
      cell.font = { bold: true, color: { argb: 'FFC00000' } };
      cell.note = '必填';
    }
  });
  const example = ws.addRow(IMPORT_COLUMNS.map((c) => EXAMPLE[c.key] ?? null));
  example.font = { italic: true, color: { argb: 'FF808080' } };

  // exceljs supports range validations (one <dataValidation> per column) but does not type them.
  const validations: unknown = Reflect.get(ws, 'dataValidations');
  if (!isValidationList(validations)) throw new Error('exceljs worksheet has no dataValidations');
  let listCol = 0;
  IMPORT_COLUMNS.forEach((c, i) => {
    const values = listValues(c, dictionaries);
    if (!values || values.length === 0) return;
    const letter = columnLetters(listCol++);
    lists.getCell(`${letter}1`).value = c.header;
    values.forEach((v, j) => {
      lists.getCell(`${letter}${j + 2}`).value = v;
    });
    const target = columnLetters(i);
    validations.add(`${target}2:${target}${VALIDATED_ROWS}`, {
      type: 'list',
      allowBlank: !c.required,
      formulae: [`'${LISTS_SHEET}'!$${letter}$2:$${letter}$${values.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: c.header,
      error: `请从下拉列表中选择${c.header}`,
    });
  });

  help.columns = [
    { header: '列名', width: 20 },
    { header: '是否必填', width: 10 },
    { header: '填写要求', width: 70 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) {
    const rule =
      c.hint ??
      (c.kind === 'date'
        ? '日期，如 2024-03-01（也可写 2024/3/1、2024年3月1日、20240301）'
        : c.kind === 'dict' || c.kind === 'status'
          ? '从下拉列表选择（也可填代码）'
          : '');
    help.addRow([c.header, c.required ? '必填' : '', rule]);
  }
  help.addRow([]);
  for (const line of [
    `第 2 行是示例，姓名以“${EXAMPLE_MARK}”开头的行导入时会被跳过，可以保留也可以删除。`,
    '导入读取第一个工作表；表头须与模板一致，列的顺序可以调整。',
    '性别和出生日期由身份证号自动得出，无需填写。',
    '每个文件最多 200000 行、50 MB；先“校验”，无误后再“导入”，有任何错误时不会写入任何数据。',
  ])
    help.addRow([line]);

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}
