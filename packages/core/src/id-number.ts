/**
 * Chinese resident identity card number (GB 11643-1999) and mobile phone helpers.
 */

export type Sex = 'male' | 'female';

export type IdNumberParseResult =
  | { ok: true; value: string; birthDate: string; sex: Sex; divisionCode: string }
  | { ok: false; reason: 'format' | 'birth_date' | 'check_char'; message: string };

export type MobileValidationResult = { ok: true; value: string } | { ok: false; message: string };

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';
const ID_PATTERN = /^\d{17}[\dX]$/;
const EARLIEST_BIRTH_DATE = '1900-01-01';

export const ID_NUMBER_MESSAGES = {
  format: '身份证号应为18位：17位数字加1位校验码（数字或X）',
  birth_date: '身份证号中的出生日期无效',
  check_char: '身份证号校验码不正确',
} as const;

export const MOBILE_MESSAGE = '手机号码应为11位数字，以13–19开头';

/**
 * Users paste numbers from Word documents and Chinese IMEs, which produce full-width forms
 * (U+FF01–U+FF5E, ideographic space); map them to ASCII so validation sees what the user meant.
 */
function toHalfWidth(raw: string): string {
  return raw.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code === 0x3000 ? ' ' : String.fromCharCode(code - 0xfee0);
  });
}

export function normalizeIdNumber(raw: string): string {
  return toHalfWidth(raw).trim().replace(/x$/, 'X');
}

export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('idNumberCheckChar expects exactly 17 ASCII digits');
  }
  let sum = 0;
  for (const [i, weight] of ID_WEIGHTS.entries()) {
    sum += (first17.charCodeAt(i) - 48) * weight;
  }
  return ID_CHECK_CHARS.charAt(sum % 11);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Whether `value` is a real Gregorian date written as YYYY-MM-DD (no Date objects: cheap). */
export function isCalendarDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/** Accepts only real Gregorian dates written as YYYY-MM-DD; returns [y, m, d] or null. */
function parseIsoDate(value: string): [number, number, number] | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return [year, month, day];
}

/**
 * Uses the local calendar day of `d`, because "today" for an ID card is the civil date where the
 * server runs (expected to be China time), not the UTC date.
 */
function localIsoDate(d: Date): string {
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}`;
}

export function parseIdNumber(raw: string, today: Date = new Date()): IdNumberParseResult {
  const value = normalizeIdNumber(raw);
  if (!ID_PATTERN.test(value)) {
    return { ok: false, reason: 'format', message: ID_NUMBER_MESSAGES.format };
  }

  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (
    parseIsoDate(birthDate) === null ||
    birthDate < EARLIEST_BIRTH_DATE ||
    birthDate > localIsoDate(today)
  ) {
    return { ok: false, reason: 'birth_date', message: ID_NUMBER_MESSAGES.birth_date };
  }

  if (idNumberCheckChar(value.slice(0, 17)) !== value.charAt(17)) {
    return { ok: false, reason: 'check_char', message: ID_NUMBER_MESSAGES.check_char };
  }

  const sex: Sex = (value.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value, birthDate, sex, divisionCode: value.slice(0, 6) };
}

/**
 * Builds a valid ID number from its parts; intended for demo/test data, where getting the
 * sex parity and check character right by hand is error-prone.
 * `sequence` is the 3-digit order code (0–999); its parity is adjusted to match `sex`.
 */
export function composeIdNumber(parts: {
  divisionCode: string;
  birthDate: string;
  sequence: number;
  sex: Sex;
}): string {
  if (!/^\d{6}$/.test(parts.divisionCode)) {
    throw new RangeError('divisionCode must be 6 digits');
  }
  if (parseIsoDate(parts.birthDate) === null) {
    throw new RangeError('birthDate must be a valid YYYY-MM-DD date');
  }
  if (!Number.isInteger(parts.sequence) || parts.sequence < 0 || parts.sequence > 999) {
    throw new RangeError('sequence must be an integer in 0..999');
  }
  const wantOdd = parts.sex === 'male';
  let seq = parts.sequence;
  if ((seq % 2 === 1) !== wantOdd) seq = seq === 999 ? 998 : seq + 1;
  const first17 = `${parts.divisionCode}${parts.birthDate.replaceAll('-', '')}${pad(seq, 3)}`;
  return first17 + idNumberCheckChar(first17);
}

/** Full years (周岁) between two YYYY-MM-DD dates; negative if `onDate` precedes `birthDate`. */
export function ageOn(birthDate: string, onDate: string): number {
  const birth = parseIsoDate(birthDate);
  const on = parseIsoDate(onDate);
  if (birth === null || on === null) {
    throw new RangeError('ageOn expects valid YYYY-MM-DD dates');
  }
  const [by, bm, bd] = birth;
  const [oy, om, od] = on;
  // Comparing (month, day) tuples makes a 29 Feb birthday count from 1 March in common years,
  // which matches how Chinese civil law computes 周岁.
  const beforeBirthday = om < bm || (om === bm && od < bd);
  return oy - by - (beforeBirthday ? 1 : 0);
}

function maskMiddle(v: string, keepStart: number, keepEnd: number): string {
  const chars = Array.from(v);
  // Too short to reveal anything without exposing most of the value.
  if (chars.length <= keepStart + keepEnd) return '*'.repeat(chars.length);
  return (
    chars.slice(0, keepStart).join('') +
    '*'.repeat(chars.length - keepStart - keepEnd) +
    chars.slice(chars.length - keepEnd).join('')
  );
}

/** `110105********123X` for an 18-character number; other lengths keep the same 6 + 4 shape. */
export function maskIdNumber(v: string): string {
  return maskMiddle(v, 6, 4);
}

/** `138****5678` for an 11-digit mobile number. */
export function maskPhone(v: string): string {
  return maskMiddle(v, 3, 4);
}

// An ID number (18 characters, or the old 15 digits) or a mainland mobile number (with or without
// +86) standing on its own among other characters; digits half- or full-width.
const D = '[0-9\uFF10-\uFF19]';
const CHECK = '[0-9\uFF10-\uFF19Xx\uFF38\uFF58]';
const PERSONAL_NUMBER = new RegExp(
  [
    `(?<!${D})${D}{17}${CHECK}(?!${CHECK})`,
    `(?<!${D})${D}{15}(?!${D})`,
    `(?<!${D})(?:(?:[+\uFF0B]|${D}{2})?[8\uFF18][6\uFF16][ \t-]?)?[1\uFF11]${D}{10}(?!${D})`,
  ].join('|'),
  'g',
);

/**
 * Free text with every ID number and mobile number in it masked (`110105********123X`,
 * `138****5678`), full-width digits included: for what is written down beside the data, such as
 * a search term in a log line or in an export's audit record. The rest of the text is unchanged.
 */
export function maskPersonalNumbers(text: string): string {
  return text.replace(PERSONAL_NUMBER, (m) => {
    const half = toHalfWidth(m);
    if (/^(?:\d{17}[\dXx]|\d{15})$/.test(half)) return maskIdNumber(half);
    return maskPhone(half.slice(-11));
  });
}

export function validateMobile(raw: string): MobileValidationResult {
  const compact = toHalfWidth(raw).replace(/[\s\-‐‑–—]/g, '');
  const m = /^(?:(?:\+|00)?86)?(1[3-9]\d{9})$/.exec(compact);
  const value = m?.[1];
  if (value === undefined) return { ok: false, message: MOBILE_MESSAGE };
  return { ok: true, value };
}
