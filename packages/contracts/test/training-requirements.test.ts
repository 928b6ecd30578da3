// The training requirements are a rule-set kind of the career-system engine: the same validation
// (structure, then core's semantic checks) with Chinese messages on the field.
import { EXAMPLE_RULE_SETS } from '@cwp/core';
import { describe, expect, it } from 'vitest';
import { RULE_SET_KINDS, validateRuleSetContent } from '../src/rule-sets';

const example = EXAMPLE_RULE_SETS.training_requirements.content;

describe('training_requirements rule sets', () => {
  it('is a kind of the engine and accepts the example (secretaries yearly, others biennially, 32 h)', () => {
    expect(RULE_SET_KINDS).toContain('training_requirements');
    const r = validateRuleSetContent('training_requirements', example);
    expect(r.ok).toBe(true);
    expect(example.certificateHours).toBe(32);
    expect(example.rules.map((x) => [x.code, x.periodYears])).toEqual([
      ['principal_yearly', 1],
      ['others_biennial', 2],
    ]);
  });

  it('fills empty post and category lists by default', () => {
    const r = validateRuleSetContent('training_requirements', {
      certificateHours: 0,
      rules: [{ code: 'all', periodYears: 2, minTrainings: 1, minHours: 0 }],
    });
    expect(r).toEqual({
      ok: true,
      value: {
        certificateHours: 0,
        rules: [
          { code: 'all', posts: [], categories: [], periodYears: 2, minTrainings: 1, minHours: 0 },
        ],
      },
    });
  });

  it('names the field of each problem in Chinese', () => {
    const r = validateRuleSetContent('training_requirements', {
      certificateHours: -1,
      rules: [
        { ...example.rules[0], periodYears: 9 },
        { ...example.rules[1], code: 'bad code' },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { path: 'certificateHours', message: '持证年度学时不能小于 0' },
        { path: 'rules.0.periodYears', message: '统计周期（年）不能大于 5' },
        { path: 'rules.1.code', message: '规则代码应为 1–32 位字母、数字或下划线' },
      ]),
    );
  });

  it('runs the semantic checks: duplicate codes, empty requirement, shadowed rules', () => {
    const r = validateRuleSetContent('training_requirements', {
      certificateHours: 32,
      rules: [
        { code: 'a', posts: [], categories: [], periodYears: 1, minTrainings: 1, minHours: 0 },
        {
          code: 'a',
          posts: ['staff'],
          categories: [],
          periodYears: 1,
          minTrainings: 0,
          minHours: 0,
        },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path).sort()).toEqual([
      'rules.0.posts',
      'rules.1.code',
      'rules.1.minTrainings',
    ]);
  });
});
