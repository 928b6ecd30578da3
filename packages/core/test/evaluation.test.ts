// Worked examples of evaluation scoring: a district with 9 of 10 quota posts filled against a 95 %
// target, a threshold indicator, missing values, weighting into a total, and ranks with ties.
import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_EVALUATION_INDICATORS,
  checkEvaluationIndicators,
  indicatorPoints,
  percentOf,
  rankScores,
  scoreUnit,
  type EvaluationIndicators,
} from '../src';

const SET: EvaluationIndicators = {
  indicators: [
    {
      code: 'staffing',
      name: '员额配备到位率',
      weight: 40,
      source: 'computed',
      metric: 'staffing_ratio',
      target: 95,
      scoring: 'linear',
    },
    {
      code: 'contract',
      name: '劳动合同签订率',
      weight: 30,
      source: 'computed',
      metric: 'contract_coverage',
      target: 100,
      scoring: 'threshold',
    },
    {
      code: 'burden',
      name: '减负清单落实',
      weight: 30,
      source: 'entered',
      unit: '%',
      target: 80,
      scoring: 'linear',
    },
  ],
};

describe('percentOf', () => {
  it('is a share in percent to two decimals', () => {
    expect(percentOf(9, 10)).toBe(90);
    expect(percentOf(2, 3)).toBe(66.67);
  });
  it('is null without a denominator', () => {
    expect(percentOf(0, 0)).toBeNull();
  });
});

describe('indicatorPoints', () => {
  it('linear: 90 % against a 95 % target earns 40 × 90/95 = 37.89', () => {
    expect(indicatorPoints('linear', 40, 95, 90)).toBe(37.89);
  });
  it('linear: above target is capped at full marks', () => {
    expect(indicatorPoints('linear', 40, 95, 120)).toBe(40);
  });
  it('threshold: all or nothing', () => {
    expect(indicatorPoints('threshold', 30, 100, 100)).toBe(30);
    expect(indicatorPoints('threshold', 30, 100, 99.99)).toBe(0);
  });
  it('a missing value earns nothing', () => {
    expect(indicatorPoints('linear', 40, 95, null)).toBe(0);
  });
});

describe('scoreUnit', () => {
  it('sums the weighted points: 37.89 + 30 + 30 × 60/80 = 90.39', () => {
    const s = scoreUnit(
      SET,
      new Map([
        ['staffing', 90],
        ['contract', 100],
        ['burden', 60],
      ]),
    );
    expect(s.indicators.map((i) => i.points)).toEqual([37.89, 30, 22.5]);
    expect(s.total).toBe(90.39);
    expect(s.missing).toEqual([]);
  });
  it('lists indicators without a value as missing', () => {
    const s = scoreUnit(SET, new Map([['staffing', 95]]));
    expect(s.total).toBe(40);
    expect(s.missing).toEqual(['contract', 'burden']);
  });
});

describe('rankScores', () => {
  it('ties share a rank and the next rank skips (1, 2, 2, 4)', () => {
    const ranks = rankScores([
      { key: 'A', total: 80 },
      { key: 'B', total: 92.5 },
      { key: 'C', total: 80 },
      { key: 'D', total: 71.2 },
    ]);
    expect([...ranks.entries()].sort()).toEqual([
      ['A', 2],
      ['B', 1],
      ['C', 2],
      ['D', 4],
    ]);
  });
  it('compares to the cent', () => {
    const ranks = rankScores([
      { key: 1, total: 90.001 },
      { key: 2, total: 90.004 },
      { key: 3, total: 90.02 },
    ]);
    expect(ranks.get(3)).toBe(1);
    expect(ranks.get(1)).toBe(2);
    expect(ranks.get(2)).toBe(2);
  });
});

describe('checkEvaluationIndicators', () => {
  it('accepts the example set', () => {
    expect(checkEvaluationIndicators(EXAMPLE_EVALUATION_INDICATORS)).toEqual([]);
  });
  it('weights must sum to 100', () => {
    const bad = { indicators: SET.indicators.map((i, n) => (n === 0 ? { ...i, weight: 30 } : i)) };
    expect(checkEvaluationIndicators(bad)).toEqual([
      { path: 'indicators', message: '各指标权重之和应为 100（当前为 90）' },
    ]);
  });
  it('a computed indicator needs a metric and the parameter its metric needs', () => {
    const bad: EvaluationIndicators = {
      indicators: [
        { code: 'a', name: 'A', weight: 50, source: 'computed', target: 90, scoring: 'linear' },
        {
          code: 'b',
          name: 'B',
          weight: 50,
          source: 'computed',
          metric: 'training_compliance',
          target: 90,
          scoring: 'linear',
        },
      ],
    };
    expect(checkEvaluationIndicators(bad).map((i) => i.path)).toEqual([
      'indicators.0.metric',
      'indicators.1.parameter',
    ]);
  });
  it('duplicate codes, percent targets above 100, metrics on entered indicators', () => {
    const bad: EvaluationIndicators = {
      indicators: [
        {
          code: 'a',
          name: 'A',
          weight: 50,
          source: 'computed',
          metric: 'certified_share',
          target: 120,
          scoring: 'linear',
        },
        {
          code: 'a',
          name: 'B',
          weight: 50,
          source: 'entered',
          metric: 'certified_share',
          target: 3,
          scoring: 'linear',
        },
      ],
    };
    expect(checkEvaluationIndicators(bad).map((i) => i.path)).toEqual([
      'indicators.0.target',
      'indicators.1.code',
      'indicators.1.metric',
    ]);
  });
});
