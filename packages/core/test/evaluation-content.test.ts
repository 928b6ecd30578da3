// The rule-set kind evaluation_indicators through the contract validator: the same check the
// editor, the API and the seed use, with messages naming the field.
import { validateRuleSetContent } from '@cwp/contracts';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_EVALUATION_INDICATORS, EXAMPLE_RULE_SETS } from '../src';

describe('evaluation_indicators content', () => {
  it('the example validates and is the seeded example', () => {
    const r = validateRuleSetContent('evaluation_indicators', EXAMPLE_EVALUATION_INDICATORS);
    expect(r.ok).toBe(true);
    expect(EXAMPLE_RULE_SETS.evaluation_indicators.content).toEqual(EXAMPLE_EVALUATION_INDICATORS);
  });
  it('weights not summing to 100 are refused with a Chinese message on the list', () => {
    const content = {
      indicators: EXAMPLE_EVALUATION_INDICATORS.indicators.map((i, n) =>
        n === 0 ? { ...i, weight: 25 } : i,
      ),
    };
    const r = validateRuleSetContent('evaluation_indicators', content);
    expect(r).toEqual({
      ok: false,
      errors: [{ path: 'indicators', message: '各指标权重之和应为 100（当前为 105）' }],
    });
  });
  it('an unknown metric names the field', () => {
    const content = {
      indicators: [{ ...EXAMPLE_EVALUATION_INDICATORS.indicators[0], metric: 'gdp', weight: 100 }],
    };
    const r = validateRuleSetContent('evaluation_indicators', content);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]?.path).toBe('indicators.0.metric');
  });
});
