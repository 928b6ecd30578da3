// The zod schemas in @cwp/contracts end to end: structure, Chinese messages naming the field, and
// core's semantic checks surfacing with the same paths. (This file lives with the engine's tests
// because the schemas are the engine's front door; it could move to packages/contracts/test.)
import {
  RULE_SET_KINDS,
  ruleSetContent,
  validateRuleSetContent,
  type RuleSetValidationResult,
} from '@cwp/contracts';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_RULE_SETS } from '@cwp/core';

function clone<T>(value: T): T {
  return structuredClone(value);
}

function errorsOf(result: RuleSetValidationResult): { path: string; message: string }[] {
  if (result.ok) throw new Error('expected validation to fail');
  return result.errors;
}

const CHINESE = /[\u4e00-\u9fff]/;

describe('validateRuleSetContent', () => {
  it('accepts every example rule set and returns it unchanged', () => {
    for (const kind of RULE_SET_KINDS) {
      const content = clone(EXAMPLE_RULE_SETS[kind].content);
      const r = validateRuleSetContent(kind, content);
      expect(r, kind).toEqual({ ok: true, value: EXAMPLE_RULE_SETS[kind].content });
    }
  });

  it('fills in defaults so the stored content is complete', () => {
    const {
      educationCredits: _e,
      qualificationBonusMode: _m,
      bonusMayExceedPostMax: _b,
      ...minimal
    } = clone(EXAMPLE_RULE_SETS.grade_scheme.content);
    const r = validateRuleSetContent('grade_scheme', minimal);
    expect(r.ok && r.value).toMatchObject({
      educationCredits: [],
      qualificationBonusMode: 'highest',
      bonusMayExceedPostMax: false,
    });
  });

  it('rejects an unknown kind on `kind`', () => {
    expect(errorsOf(validateRuleSetContent('bonus_scheme', {}))).toEqual([
      { path: 'kind', message: expect.stringContaining('规则类型无效') },
    ]);
  });

  it('reports structural errors in Chinese, naming the field', () => {
    const scheme: Record<string, unknown> = { ...clone(EXAMPLE_RULE_SETS.grade_scheme.content) };
    delete scheme.grades;
    scheme.yearsPerStep = '3';
    scheme.extra = 1;
    expect(errorsOf(validateRuleSetContent('grade_scheme', scheme))).toEqual([
      { path: 'grades', message: '总等级数应为数字' },
      { path: 'yearsPerStep', message: '每晋一级所需年限应为数字' },
      { path: 'extra', message: '岗位等级序列包含不允许的字段：extra' },
    ]);
    const table = clone(EXAMPLE_RULE_SETS.pay_table.content);
    const errors = errorsOf(
      validateRuleSetContent('pay_table', {
        ...table,
        referenceWage: 8000.005,
        insurance: { ...table.insurance, pension: { employee: 1.5, employer: -0.1 } },
        probation: { mode: 'half' },
      }),
    );
    expect(errors).toHaveLength(4);
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: 'referenceWage', message: '工资基数最多保留两位小数' },
        {
          path: 'probation.mode',
          message: '试用期工资规则应为按比例（percent）或降低等级（grade_lower）',
        },
        { path: 'insurance.pension.employee', message: '养老保险个人费率不能大于 1' },
        { path: 'insurance.pension.employer', message: '养老保险单位费率不能小于 0' },
      ]),
    );
  });

  it('stops before the semantic checks when a number is out of range', () => {
    const scheme = clone(EXAMPLE_RULE_SETS.grade_scheme.content);
    // Only the schema's message: the semantic checks (which loop over grades) did not run.
    const errors = errorsOf(validateRuleSetContent('grade_scheme', { ...scheme, grades: 1e9 }));
    expect(errors).toEqual([{ path: 'grades', message: '总等级数不能大于 30' }]);
    expect(
      errorsOf(
        validateRuleSetContent('pay_table', {
          ...clone(EXAMPLE_RULE_SETS.pay_table.content),
          grades: 0,
        }),
      ),
    ).toEqual([{ path: 'grades', message: '总等级数不能小于 1' }]);
  });

  it('reports semantic problems alongside harmless field errors', () => {
    const scheme = clone(EXAMPLE_RULE_SETS.grade_scheme.content);
    const errors = errorsOf(
      validateRuleSetContent('grade_scheme', {
        ...scheme,
        posts: [
          { code: 'principal', label: '正'.repeat(21), minGrade: 7, maxGrade: 18 },
          { code: 'staff', minGrade: 1, maxGrade: 5 },
        ],
      }),
    );
    expect(errors).toEqual([
      { path: 'posts.0.label', message: '岗位名称不能超过 20 个字符' },
      { path: 'posts', message: expect.stringContaining('未覆盖第 6 级') },
    ]);
  });

  it('answers in Chinese whatever garbage it is given', () => {
    for (const kind of RULE_SET_KINDS) {
      for (const garbage of [null, 42, 'x', [], {}]) {
        const errors = errorsOf(validateRuleSetContent(kind, garbage));
        expect(errors.length, `${kind} ${JSON.stringify(garbage)}`).toBeGreaterThan(0);
        for (const e of errors) expect(e.message, `${kind} ${e.path}`).toMatch(CHINESE);
      }
      // every field of the right name but the wrong type
      const wrong = Object.fromEntries(
        Object.keys(EXAMPLE_RULE_SETS[kind].content).map((k) => [k, { wrong: true }]),
      );
      for (const e of errorsOf(validateRuleSetContent(kind, wrong))) {
        expect(e.message, `${kind} ${e.path}`).toMatch(CHINESE);
      }
    }
  });

  describe('semantic checks come through with their paths', () => {
    it('gap in the grade ranges', () => {
      const scheme = clone(EXAMPLE_RULE_SETS.grade_scheme.content);
      const errors = errorsOf(
        validateRuleSetContent('grade_scheme', {
          ...scheme,
          posts: [
            { code: 'principal', minGrade: 7, maxGrade: 18 },
            { code: 'deputy', minGrade: 5, maxGrade: 15 },
            { code: 'staff', minGrade: 1, maxGrade: 3 },
          ],
        }),
      );
      expect(errors).toEqual([
        { path: 'posts', message: expect.stringContaining('未覆盖第 4 级') },
      ]);
    });

    it('duplicate grade coefficient', () => {
      const table = clone(EXAMPLE_RULE_SETS.pay_table.content);
      const errors = errorsOf(
        validateRuleSetContent('pay_table', {
          ...table,
          gradeCoefficients: table.gradeCoefficients.map((g) =>
            g.grade === 5 ? { grade: 4, coefficient: 1.2 } : g,
          ),
        }),
      );
      expect(errors).toContainEqual({
        path: 'gradeCoefficients.4.grade',
        message: '第 4 级的等级系数重复',
      });
    });

    it('formula with a missing coefficient', () => {
      const table = clone(EXAMPLE_RULE_SETS.pay_table.content);
      const errors = errorsOf(
        validateRuleSetContent('pay_table', {
          ...table,
          coefficients: table.coefficients.filter((c) => c.name !== 'baseRatio'),
        }),
      );
      expect(errors).toEqual([
        { path: 'formula', message: expect.stringContaining('“baseRatio”') },
      ]);
    });

    it('ageMin > ageMax', () => {
      const conditions = clone(EXAMPLE_RULE_SETS.recruitment_conditions.content);
      expect(
        errorsOf(
          validateRuleSetContent('recruitment_conditions', {
            ...conditions,
            ageMin: 35,
            ageMax: 18,
          }),
        ),
      ).toEqual([{ path: 'ageMax', message: '年龄上限（18 岁）不能低于年龄下限（35 岁）' }]);
    });

    it('split not summing to 1', () => {
      const table = clone(EXAMPLE_RULE_SETS.pay_table.content);
      expect(
        errorsOf(
          validateRuleSetContent('pay_table', { ...table, split: { base: 0.8, performance: 0.3 } }),
        ),
      ).toEqual([{ path: 'split', message: expect.stringContaining('之和应为 1') }]);
    });

    it('staffing bands and min/cap; contract probation', () => {
      const standard = clone(EXAMPLE_RULE_SETS.staffing_standard.content);
      const errors = errorsOf(
        validateRuleSetContent('staffing_standard', {
          ...standard,
          households: {
            bands: [
              { upTo: 2000, posts: 12 },
              { upTo: 1000, posts: 12 },
            ],
          },
          minPerCommunity: 30,
        }),
      );
      expect(errors.map((e) => e.path)).toEqual(['households.bands.1.upTo', 'capPerCommunity']);
      const contract = clone(EXAMPLE_RULE_SETS.contract_insurance.content);
      expect(
        errorsOf(validateRuleSetContent('contract_insurance', { ...contract, firstTermYears: 1 })),
      ).toEqual([{ path: 'probationMonths', message: '劳动合同期限 1 年的试用期不得超过 2 个月' }]);
    });
  });
});

describe('ruleSetContent (discriminated by kind)', () => {
  it('parses {kind, content} and prefixes content paths', () => {
    const ok = ruleSetContent.safeParse({
      kind: 'contract_insurance',
      content: EXAMPLE_RULE_SETS.contract_insurance.content,
    });
    expect(ok.success).toBe(true);
    const bad = ruleSetContent.safeParse({
      kind: 'recruitment_conditions',
      content: { ...EXAMPLE_RULE_SETS.recruitment_conditions.content, ageMin: 35, ageMax: 18 },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['content.ageMax']);
    const unknown = ruleSetContent.safeParse({ kind: 'nope', content: {} });
    expect(unknown.error?.issues[0]?.message).toContain('规则类型无效');
  });
});
