import { describe, expect, it } from 'vitest';
import {
  isCalendarDate,
  ageOn,
  composeIdNumber,
  idNumberCheckChar,
  maskIdNumber,
  maskPersonalNumbers,
  maskPhone,
  normalizeIdNumber,
  parseIdNumber,
  validateMobile,
} from '../src/index';

const TODAY = new Date(2024, 5, 15); // 2024-06-15 local time

function withCheck(first17: string): string {
  return first17 + idNumberCheckChar(first17);
}

describe('idNumberCheckChar', () => {
  it('matches the published example', () => {
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
  });

  it('rejects input that is not 17 digits', () => {
    expect(() => idNumberCheckChar('1234')).toThrow(RangeError);
    expect(() => idNumberCheckChar('1101051949123100A')).toThrow(RangeError);
  });
});

describe('normalizeIdNumber', () => {
  it('trims, converts full-width characters and upper-cases a trailing x', () => {
    expect(normalizeIdNumber('  11010519491231002x ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('\u300011010519491231002X\u3000')).toBe('11010519491231002X');
  });
});

describe('parseIdNumber', () => {
  it('accepts a valid number and derives birth date, sex and division code', () => {
    const r = parseIdNumber('11010519491231002X', TODAY);
    expect(r).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      divisionCode: '110105',
    });
  });

  it('derives male from an odd 17th digit', () => {
    const id = withCheck('44030419900307001');
    const r = parseIdNumber(id, TODAY);
    expect(r.ok && r.sex).toBe('male');
    expect(r.ok && r.birthDate).toBe('1990-03-07');
  });

  it('derives female from an even 17th digit', () => {
    const r = parseIdNumber(withCheck('44030419900307002'), TODAY);
    expect(r.ok && r.sex).toBe('female');
  });

  it('normalises lower-case x and full-width digits before validating', () => {
    const lower = parseIdNumber('11010519491231002x', TODAY);
    expect(lower.ok && lower.value).toBe('11010519491231002X');
    const fullWidth = parseIdNumber(' １１０１０５１９４９１２３１００２Ｘ ', TODAY);
    expect(fullWidth.ok && fullWidth.value).toBe('11010519491231002X');
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseIdNumber(withCheck('11010520000229003'), TODAY).ok).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(parseIdNumber('110105194912310021', TODAY)).toEqual({
      ok: false,
      reason: 'check_char',
      message: '身份证号校验码不正确',
    });
  });

  it.each([
    ['too short', '1101051949123100'],
    ['too long', '11010519491231002X1'],
    ['letter in the body', '1101051949123A002X'],
    ['letter other than X', '11010519491231002Y'],
    ['empty', ''],
  ])('rejects bad format: %s', (_label, raw) => {
    const r = parseIdNumber(raw, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('format');
      expect(r.message).toBe('身份证号应为18位：17位数字加1位校验码（数字或X）');
    }
  });

  it.each([
    ['30 February', '11010519900230001'],
    ['29 February in a common year', '11010519010229001'],
    ['month 13', '11010519901301001'],
    ['day 00', '11010519900100001'],
    ['before 1900', '11010518991231001'],
  ])('rejects an impossible birth date: %s', (_label, first17) => {
    const r = parseIdNumber(withCheck(first17), TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('birth_date');
      expect(r.message).toBe('身份证号中的出生日期无效');
    }
  });

  it('rejects a birth date in the future but accepts today', () => {
    const tomorrow = parseIdNumber(withCheck('11010520240616001'), TODAY);
    expect(!tomorrow.ok && tomorrow.reason).toBe('birth_date');
    expect(parseIdNumber(withCheck('11010520240615001'), TODAY).ok).toBe(true);
  });
});

describe('composeIdNumber', () => {
  it('builds numbers that parse back with the requested sex', () => {
    for (const sex of ['male', 'female'] as const) {
      for (const sequence of [0, 1, 998, 999]) {
        const id = composeIdNumber({
          divisionCode: '310101',
          birthDate: '1985-07-20',
          sequence,
          sex,
        });
        const r = parseIdNumber(id, TODAY);
        expect(r.ok && r.sex).toBe(sex);
        expect(r.ok && r.birthDate).toBe('1985-07-20');
      }
    }
  });

  it('rejects invalid parts', () => {
    expect(() =>
      composeIdNumber({ divisionCode: '3101', birthDate: '1985-07-20', sequence: 1, sex: 'male' }),
    ).toThrow(RangeError);
    expect(() =>
      composeIdNumber({
        divisionCode: '310101',
        birthDate: '1985-02-30',
        sequence: 1,
        sex: 'male',
      }),
    ).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it('counts full years', () => {
    expect(ageOn('1990-06-15', '2024-06-14')).toBe(33);
    expect(ageOn('1990-06-15', '2024-06-15')).toBe(34);
    expect(ageOn('1990-06-15', '2024-12-31')).toBe(34);
    expect(ageOn('2024-01-01', '2024-01-01')).toBe(0);
  });

  it('treats a 29 February birthday as reached on 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
  });

  it('rejects malformed dates', () => {
    expect(() => ageOn('1990-02-30', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('1990-01-01', '20240101')).toThrow(RangeError);
  });
});

describe('masking', () => {
  it('masks an ID number to first 6 + 8 stars + last 4', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('110105194912311234')).toBe('110105********1234');
  });

  it('masks a phone number to first 3 + 4 stars + last 4', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks every ID number and mobile number inside free text, and nothing else', () => {
    expect(maskPersonalNumbers('11010519491231002x')).toBe('110105********002x');
    expect(maskPersonalNumbers('张三 13812345678，备注')).toBe('张三 138****5678，备注');
    expect(maskPersonalNumbers('+8613812345678')).toBe('138****5678');
    expect(maskPersonalNumbers('+86 13812345678')).toBe('138****5678');
    expect(maskPersonalNumbers('１３８１２３４５６７８')).toBe('138****5678');
    expect(maskPersonalNumbers('110105491231002')).toBe('110105*****1002');
    expect(maskPersonalNumbers('a=110105194912311234&b=13812345678')).toBe(
      'a=110105********1234&b=138****5678',
    );
    // Division codes, short numbers and other digit runs are left alone, as is the text's width.
    for (const other of ['330102001001', '110105001001', '1381234567', '138123456789', '张三Ａ'])
      expect(maskPersonalNumbers(other)).toBe(other);
  });

  it('masks short values entirely rather than revealing most of them', () => {
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskPhone('')).toBe('');
  });
});

describe('validateMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['  19912345678 ', '19912345678'],
    ['138-1234-5678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['＋８６－１３８１２３４５６７８', '13812345678'],
  ])('accepts %s', (raw, value) => {
    expect(validateMobile(raw)).toEqual({ ok: true, value });
  });

  it.each([
    '12812345678', // second digit 2
    '10012345678',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '23812345678',
    '1381234567a',
    '+85213812345678',
    '',
  ])('rejects %s', (raw) => {
    const r = validateMobile(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/手机号码/);
  });
});

describe('isCalendarDate', () => {
  it('accepts real Gregorian dates written as YYYY-MM-DD', () => {
    for (const v of ['2024-02-29', '2000-02-29', '1999-12-31', '2026-01-01', '2024-04-30'])
      expect(isCalendarDate(v), v).toBe(true);
  });
  it('rejects impossible days, months and other spellings', () => {
    for (const v of [
      '2023-02-29',
      '1900-02-29',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '2024-1-01',
      '2024/01/01',
      '20240101',
      ' 2024-01-01',
      '',
    ])
      expect(isCalendarDate(v), v).toBe(false);
  });
});
