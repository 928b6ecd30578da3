// Worked examples of the effect rules: promotion needs excellent or competent, pay level A–D,
// incompetent ends the contract, a second "basically competent" in one term means no renewal.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_ASSESSMENT_SCHEME, proposeEffects } from '../../src';

const rules = EXAMPLE_ASSESSMENT_SCHEME.effects;

describe('effect rules', () => {
  it('competent: promotion eligible, pay level B, nothing on the contract', () => {
    expect(
      proposeEffects(rules, {
        rating: 'competent',
        earlierRatingsInTerm: [],
        hasActiveContract: true,
      }),
    ).toEqual([
      { kind: 'promotion', value: 'eligible', reason: '考核为“合格”，符合晋级的考核条件' },
      { kind: 'pay_level', value: 'B', reason: '考核为“合格”，绩效工资档次为 B' },
    ]);
  });

  it('incompetent: no promotion, level D, end the contract', () => {
    const out = proposeEffects(rules, {
      rating: 'incompetent',
      earlierRatingsInTerm: [],
      hasActiveContract: true,
    });
    expect(out.map((o) => [o.kind, o.value])).toEqual([
      ['promotion', 'not_eligible'],
      ['pay_level', 'D'],
      ['contract', 'end'],
    ]);
    expect(out[0]?.reason).toBe('考核为“不合格”，晋级须为“优秀”或“合格”，本年度不予晋级');
  });

  it('the second basically-competent in one term means no renewal; the first does not', () => {
    const first = proposeEffects(rules, {
      rating: 'basically_competent',
      earlierRatingsInTerm: ['competent', 'excellent'],
      hasActiveContract: true,
    });
    expect(first.some((o) => o.kind === 'contract')).toBe(false);
    const second = proposeEffects(rules, {
      rating: 'basically_competent',
      earlierRatingsInTerm: ['basically_competent', 'competent'],
      hasActiveContract: true,
    });
    expect(second.at(-1)).toEqual({
      kind: 'contract',
      value: 'no_renewal',
      reason: '本合同期内第 2 次考核为“基本合格”（达到 2 次），建议合同期满不再续订',
    });
  });

  it('no contract proposal without an active contract, and the rules can be switched off', () => {
    expect(
      proposeEffects(rules, {
        rating: 'incompetent',
        earlierRatingsInTerm: [],
        hasActiveContract: false,
      }).map((o) => o.kind),
    ).toEqual(['promotion', 'pay_level']);
    const off = { ...rules, incompetentEndsContract: false, basicallyCompetentLimitPerTerm: 0 };
    expect(
      proposeEffects(off, {
        rating: 'incompetent',
        earlierRatingsInTerm: ['basically_competent'],
        hasActiveContract: true,
      }).map((o) => o.kind),
    ).toEqual(['promotion', 'pay_level']);
  });
});
