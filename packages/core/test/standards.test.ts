import { describe, expect, it } from 'vitest';
import {
  DEGREE,
  EDUCATION,
  ETHNICITY,
  MARITAL_STATUS,
  POLITICAL_STATUS,
  SEX,
  STANDARD_DICTIONARIES,
} from '../src/index';

describe('standard dictionaries', () => {
  it('has all 56 ethnicities with unique codes 01..56', () => {
    expect(ETHNICITY).toHaveLength(56);
    expect(ETHNICITY.map((i) => i.code)).toEqual(
      Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(new Set(ETHNICITY.map((i) => i.labelZh)).size).toBe(56);
    expect(ETHNICITY.every((i) => i.labelZh.endsWith('族'))).toBe(true);
    expect(ETHNICITY[0]).toEqual({ code: '01', labelZh: '汉族', labelEn: 'Han' });
    expect(ETHNICITY.find((i) => i.code === '29')?.labelZh).toBe('柯尔克孜族');
    expect(ETHNICITY[55]).toEqual({ code: '56', labelZh: '基诺族', labelEn: 'Jino' });
  });

  it('has 13 political statuses coded 01..13', () => {
    expect(POLITICAL_STATUS).toHaveLength(13);
    expect(POLITICAL_STATUS.map((i) => i.code)).toEqual(
      Array.from({ length: 13 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(POLITICAL_STATUS[12]?.labelZh).toBe('群众');
  });

  it('uses the national codes for sex, education, degree and marital status', () => {
    expect(SEX.map((i) => i.code)).toEqual(['0', '1', '2', '9']);
    expect(EDUCATION.map((i) => i.code)).toEqual([
      '10',
      '11',
      '14',
      '20',
      '30',
      '40',
      '60',
      '70',
      '80',
      '90',
    ]);
    expect(DEGREE.map((i) => i.code)).toEqual(['2', '3', '4', '0']);
    expect(MARITAL_STATUS.map((i) => i.code)).toEqual(['10', '20', '30', '40', '90']);
  });

  it('lists every dictionary once with non-empty, unique items', () => {
    expect(STANDARD_DICTIONARIES.map((d) => d.code)).toEqual([
      'sex',
      'ethnicity',
      'political_status',
      'education',
      'degree',
      'marital_status',
      'worker_category',
      'post',
      'social_work_qualification',
    ]);
    for (const d of STANDARD_DICTIONARIES) {
      expect(d.items.length).toBeGreaterThan(0);
      expect(new Set(d.items.map((i) => i.code)).size).toBe(d.items.length);
      for (const i of d.items) {
        expect(i.code).toMatch(/^[A-Za-z0-9_]{1,32}$/);
        expect(i.labelZh.length).toBeGreaterThan(0);
        expect(i.labelEn.length).toBeGreaterThan(0);
      }
    }
    expect(STANDARD_DICTIONARIES.filter((d) => d.standard === null).map((d) => d.code)).toEqual([
      'worker_category',
      'post',
      'social_work_qualification',
    ]);
  });
});
