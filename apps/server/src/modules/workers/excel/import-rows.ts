// From spreadsheet cells to a draft worker body: the header row mapped onto the column list, each
// cell checked (formula, error value, length) and normalised by its column's kind, dictionary
// labels or codes resolved in memory. What cannot be read is recorded per column; the schema
// checks come afterwards, once the unit has been looked up.
import {
  WORKER_STATUSES,
  type Dictionary,
  type ImportError,
  type WorkerStatus,
} from '@cwp/contracts';
import {
  EXAMPLE_MARK,
  IMPORT_COLUMNS,
  REPORT_REASON_HEADER,
  REPORT_ROW_HEADER,
  WORKER_COLUMNS,
  WORKER_STATUS_ALIASES,
  WORKER_STATUS_LABELS,
  type WorkerColumn,
} from './columns';
import {
  cellText,
  compactCode,
  foldWidth,
  parseDateCell,
  trimCell,
  unneutralise,
} from './normalise';
import { XlsxError, type Cell, type SheetRow } from './xlsx-read';

export const MAX_CELL_LENGTH = 2000;

/** Sheet column index → import column (null: a column the import ignores). */
export type HeaderMap = (WorkerColumn | null)[];

const IGNORED_HEADERS = new Set([
  REPORT_ROW_HEADER,
  REPORT_REASON_HEADER,
  ...WORKER_COLUMNS.filter((c) => c.exportOnly).map((c) => c.header),
]);

function headerKey(text: string): string {
  // "*姓名", "姓名（必填）", "姓 名" all mean 姓名.
  return foldWidth(text)
    .replace(/[\s*]/g, '')
    .replace(/\((必填|选填)\)$/, '');
}

export function mapHeader(row: SheetRow): HeaderMap {
  const byHeader = new Map<string, WorkerColumn>();
  for (const c of IMPORT_COLUMNS) {
    byHeader.set(headerKey(c.header), c);
    for (const a of c.aliases ?? []) byHeader.set(headerKey(a), c);
  }
  const map: HeaderMap = [];
  const seen = new Map<string, number>();
  const problems: string[] = [];
  row.cells.forEach((cell, i) => {
    const text = headerKey(cellText(cell));
    map[i] = null;
    if (text === '' || IGNORED_HEADERS.has(text)) return;
    const col = byHeader.get(text);
    if (!col) {
      problems.push(`无法识别的表头“${text}”（第 ${i + 1} 列）`);
      return;
    }
    const before = seen.get(col.key);
    if (before !== undefined) {
      problems.push(`表头“${col.header}”出现了两次（第 ${before + 1} 列和第 ${i + 1} 列）`);
      return;
    }
    seen.set(col.key, i);
    map[i] = col;
  });
  const missing = IMPORT_COLUMNS.filter((c) => !seen.has(c.key)).map((c) => `“${c.header}”`);
  if (missing.length > 0) problems.unshift(`表头缺少 ${missing.join('、')} 列`);
  if (problems.length > 0) {
    throw new XlsxError(
      `第 ${row.number} 行表头与导入模板不一致：${problems.join('；')}。请下载最新的导入模板，按模板的表头填写`,
    );
  }
  return map;
}

/** Label or code → code for each dictionary, built once per import from the cache. */
export class DictionaryResolver {
  private readonly maps = new Map<string, Map<string, string>>();
  private readonly names = new Map<string, string>();
  private readonly options = new Map<string, string>();

  constructor(dictionaries: Map<string, Dictionary>) {
    for (const d of dictionaries.values()) {
      const m = new Map<string, string>();
      const active = d.items.filter((i) => i.active);
      for (const i of active) {
        m.set(i.code, i.code);
        m.set(i.code.toLowerCase(), i.code);
        m.set(i.labelZh, i.code);
      }
      // Excel turns "01" typed into a general cell into 1: pad back to the dictionary's width.
      const widths = new Set(active.map((i) => i.code.length));
      if (widths.size === 1 && active.every((i) => /^\d+$/.test(i.code))) {
        const width = [...widths][0] ?? 0;
        for (const i of active) m.set(String(Number(i.code)), i.code.padStart(width, '0'));
      }
      this.maps.set(d.code, m);
      this.names.set(d.code, d.nameZh);
      const labels = active.map((i) => i.labelZh);
      this.options.set(
        d.code,
        labels.length <= 12 ? labels.join('、') : `${labels.slice(0, 10).join('、')} 等`,
      );
    }
  }

  resolve(dict: string, text: string): { ok: true; code: string } | { ok: false; message: string } {
    const code = this.maps.get(dict)?.get(text) ?? this.maps.get(dict)?.get(foldWidth(text));
    if (code !== undefined) return { ok: true, code };
    return {
      ok: false,
      message: `“${text}”不是有效的${this.names.get(dict) ?? dict}，可选：${this.options.get(dict) ?? ''}`,
    };
  }
}

function resolveStatus(text: string): WorkerStatus | null {
  for (const s of WORKER_STATUSES) if (WORKER_STATUS_LABELS[s] === text || s === text) return s;
  return WORKER_STATUS_ALIASES[text] ?? null;
}

export interface Draft {
  row: number;
  /** Display text of each import column (IMPORT_COLUMNS order), for the error report. */
  raw: string[];
  values: Record<string, unknown>;
  divisionCode: string | null;
  errors: ImportError[];
  /** Fields already reported, whose schema issues would only repeat the message. */
  failed: Set<string>;
}

const IMPORT_INDEX = new Map(IMPORT_COLUMNS.map((c, i) => [c.key, i]));
const REPORT_CELL_MAX = 1000;

export function reportText(s: string): string {
  return s.length > REPORT_CELL_MAX ? `${s.slice(0, REPORT_CELL_MAX)}…` : s;
}

/**
 * The draft of one data row, or 'blank' (nothing in any import column) or 'example' (the
 * template's example row, skipped).
 */
export function readRow(
  row: SheetRow,
  header: HeaderMap,
  dicts: DictionaryResolver,
  date1904: boolean,
): Draft | 'blank' | 'example' {
  const raw: string[] = IMPORT_COLUMNS.map(() => '');
  const draft: Draft = {
    row: row.number,
    raw,
    values: {},
    divisionCode: null,
    errors: [],
    failed: new Set(),
  };
  const fail = (col: WorkerColumn, message: string) => {
    draft.errors.push({ row: row.number, column: col.header, message });
    draft.failed.add(col.key);
  };
  let any = false;
  header.forEach((col, i) => {
    if (!col) return;
    const cell: Cell | undefined = row.cells[i];
    const display = cellText(cell);
    const idx = IMPORT_INDEX.get(col.key);
    if (idx !== undefined) raw[idx] = reportText(display);
    if (!cell) return;
    if (cell.type === 'formula') {
      any = true;
      fail(col, '单元格含有公式，请复制后“选择性粘贴 → 数值”再导入');
      return;
    }
    if (cell.type === 'error') {
      any = true;
      fail(col, `单元格是错误值 ${cell.text}`);
      return;
    }
    if (display.length > MAX_CELL_LENGTH) {
      any = true;
      fail(col, `内容超过 ${MAX_CELL_LENGTH} 个字符`);
      return;
    }
    const text = trimCell(unneutralise(display));
    if (text === '') return;
    any = true;
    switch (col.kind) {
      case 'text':
        draft.values[col.key] = text;
        return;
      case 'idNumber':
        if (cell.type === 'number' && !Number.isSafeInteger(cell.value)) {
          fail(col, '身份证号被 Excel 存成了数字，末几位已丢失；请将该列设为文本格式后重新填写');
          return;
        }
        draft.values[col.key] = compactCode(text);
        return;
      case 'phone':
        draft.values[col.key] = compactCode(text);
        return;
      case 'date': {
        const d = parseDateCell(cell.type === 'string' ? { type: 'string', text } : cell, date1904);
        if (d.ok) draft.values[col.key] = d.value;
        else fail(col, d.message);
        return;
      }
      case 'dict': {
        const r = dicts.resolve(col.dict ?? '', text);
        if (r.ok) draft.values[col.key] = r.code;
        else fail(col, r.message);
        return;
      }
      case 'status': {
        const s = resolveStatus(text);
        if (s) draft.values[col.key] = s;
        else
          fail(
            col,
            `“${text}”不是有效的人员状态，可选：${WORKER_STATUSES.map((k) => WORKER_STATUS_LABELS[k]).join('、')}`,
          );
        return;
      }
      case 'grade': {
        const g = cell.type === 'number' ? cell.value : Number(compactCode(text));
        if (Number.isFinite(g) && compactCode(text) !== '') draft.values[col.key] = g;
        else fail(col, '等级应为 1–30 的整数');
        return;
      }
      case 'divisionCode': {
        const code = compactCode(text);
        if (/^\d{6,12}$/.test(code)) draft.divisionCode = code;
        else fail(col, '单位区划代码应为 6–12 位数字');
        return;
      }
      case 'derived':
        return;
    }
  });
  if (!any) return 'blank';
  const name = draft.values.name;
  if (typeof name === 'string' && name.startsWith(EXAMPLE_MARK)) return 'example';
  for (const col of IMPORT_COLUMNS) {
    if (!col.required || draft.failed.has(col.key)) continue;
    const present =
      col.kind === 'divisionCode'
        ? draft.divisionCode !== null
        : draft.values[col.key] !== undefined;
    if (!present) fail(col, `${col.header}不能为空`);
  }
  return draft;
}

export const HEADER_OF: ReadonlyMap<string, string> = new Map(
  IMPORT_COLUMNS.map((c) => [c.key, c.header]),
);
