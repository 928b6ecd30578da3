// Cell values as people actually type them, turned into what the worker schema expects: trailing
// and full-width spaces trimmed, full-width digits and letters folded to ASCII, Excel serial dates
// and the common date spellings turned into YYYY-MM-DD, and the apostrophe our export puts in
// front of a formula-like text removed again.
import type { Cell } from './xlsx-read';

/**
 * Export prefix for text starting with = + - @ (or a tab or carriage return, which some
 * spreadsheet programs skip before reading a formula), so it is never taken for a formula.
 */
export const NEUTRALISE_PREFIX = "'";
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? NEUTRALISE_PREFIX + text : text;
}

/** Undoes `neutralise`, so an exported sheet imports back to the same values. */
export function unneutralise(text: string): string {
  return text.startsWith(NEUTRALISE_PREFIX) && FORMULA_START.test(text.slice(1))
    ? text.slice(1)
    : text;
}

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space, as typed with a Chinese IME. */
export function foldWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code === 0x3000 ? ' ' : String.fromCharCode(code - 0xfee0);
  });
}

const EDGE_SPACE = /^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0\ufeff]+$/g;

export function trimCell(s: string): string {
  return s.replace(EDGE_SPACE, '');
}

/** A cell's value as the text a user sees; numbers in their shortest exact spelling. */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return '';
  switch (cell.type) {
    case 'string':
    case 'date':
    case 'error':
      return cell.text;
    case 'number':
      return Number.isInteger(cell.value) && Math.abs(cell.value) < 2 ** 53
        ? String(cell.value)
        : cell.raw;
    case 'boolean':
      return cell.value ? 'TRUE' : 'FALSE';
    case 'formula':
      return `=${cell.formula}`;
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * An Excel serial day number as YYYY-MM-DD. The 1900 system counts from 1899-12-30 (it keeps
 * Lotus's phantom 29 Feb 1900, which no real date in this system reaches); the 1904 system from
 * 1904-01-01. A time-of-day fraction is dropped.
 */
export function serialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return null;
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const d = new Date(base + Math.floor(serial + 1e-9) * 86_400_000);
  return validDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const DATE_PATTERNS: RegExp[] = [
  // 2024-03-01, 2024/3/1, 2024.3.1, optionally followed by a time
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/,
  // 2024年3月1日
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/,
  // 20240301
  /^(\d{4})(\d{2})(\d{2})$/,
];

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export const DATE_HINT =
  '日期格式无法识别，请填写如 2024-03-01、2024/3/1、2024年3月1日 或 20240301';

/** A date cell: a real Excel date (serial), an ISO date cell, or one of the common spellings. */
export function parseDateCell(cell: Cell, date1904: boolean): Parsed<string> {
  if (cell.type === 'number') {
    const iso = serialToIso(cell.value, date1904);
    // A number like 20240301 is a typed date, not a serial (serials stop at 2958465).
    if (iso) return { ok: true, value: iso };
    return parseDateText(String(cell.value));
  }
  if (cell.type === 'date') return parseDateText(cell.text.slice(0, 10));
  if (cell.type === 'string') return parseDateText(cell.text);
  return { ok: false, message: DATE_HINT };
}

export function parseDateText(raw: string): Parsed<string> {
  const s = trimCell(foldWidth(raw));
  for (const re of DATE_PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    const iso = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { ok: true, value: iso } : { ok: false, message: `“${s}”不是有效日期` };
  }
  return { ok: false, message: DATE_HINT };
}

/** Digits and letters of a code-like value (ID number, phone, division code, grade). */
export function compactCode(raw: string): string {
  return foldWidth(raw).replace(/[\s\u00a0]/g, '');
}
