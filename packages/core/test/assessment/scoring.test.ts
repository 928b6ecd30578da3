// Worked examples of the assessment scheme: subdistrict panel 30%, peers 10%, residents 60%;
// dimensions political quality 30 / performance 50 / satisfaction 20 inside each rater's score.
import { describe, expect, it } from 'vitest';
import {
  applyExcellentCap,
  EXAMPLE_ASSESSMENT_SCHEME as S,
  excellentCap,
  excellentCapViolation,
  raterScore,
  scoreCycle,
  scoreWorker,
  type WorkerInputs,
} from '../../src';

const panel = (p: number, w: number, r: number) => ({
  political_quality: p,
  performance: w,
  resident_satisfaction: r,
});

function input(over: Partial<WorkerInputs> = {}): WorkerInputs {
  return {
    workerId: 1,
    ratings: {
      subdistrict_panel: [panel(90, 80, 70)],
      peer: [panel(100, 100, 100), panel(80, 80, 80)],
    },
    satisfactionPct: 85,
    unexcusedAbsenceDays: 0,
    ...over,
  };
}

describe('weighting', () => {
  it('weights the dimensions inside one rater', () => {
    // 90×30 + 80×50 + 70×20 = 2700 + 4000 + 1400 = 8100 / 100 = 81
    expect(raterScore(panel(90, 80, 70), S.dimensionWeights)).toBe(81);
    // only two dimensions rated: (90×30 + 80×50) / 80 = 83.75
    expect(raterScore({ political_quality: 90, performance: 80 }, S.dimensionWeights)).toBe(83.75);
    expect(raterScore({}, S.dimensionWeights)).toBeNull();
  });

  it('weights the sources: panel 30%, peers 10%, residents 60%', () => {
    // panel 81; peers mean(100, 80) = 90; residents 85 → 81×0.3 + 90×0.1 + 85×0.6 = 24.3 + 9 + 51 = 84.3
    const r = scoreWorker(S, input());
    expect(r.score).toBe(84.3);
    expect(r.rating).toBe('competent');
    expect(r.sourceScores).toEqual({ subdistrict_panel: 81, peer: 90, resident_survey: 85 });
    expect(r.reasons.at(-1)).toBe('总分 84.3 分，按分数线为“合格”');
    expect(r.reasons).toContain('无故缺勤 0 天');
  });

  it('shares a missing source weight among the others and says so', () => {
    // no peers: (81×30 + 85×60) / 90 = (2430 + 5100) / 90 = 83.67
    const r = scoreWorker(S, input({ ratings: { subdistrict_panel: [panel(90, 80, 70)] } }));
    expect(r.score).toBe(83.67);
    expect(r.reasons.join('\n')).toContain('缺少同事互评的数据');
  });

  it('collects a zero-weight source (self-assessment) without counting it', () => {
    const r = scoreWorker(
      S,
      input({ ratings: { ...input().ratings, self: [panel(100, 100, 100)] } }),
    );
    expect(r.score).toBe(84.3);
    expect(r.sourceScores.self).toBe(100);
  });

  it('maps scores to the four ratings by the thresholds', () => {
    const at = (sat: number) =>
      scoreWorker(S, input({ ratings: {}, satisfactionPct: sat, unexcusedAbsenceDays: null }));
    expect(at(90).rating).toBe('excellent');
    expect(at(89.99).rating).toBe('competent');
    expect(at(75).rating).toBe('competent');
    expect(at(74).rating).toBe('basically_competent');
    // 59 would also be vetoed; the threshold alone gives incompetent under 60
    expect(
      scoreWorker(
        { ...S, vetoes: { minSatisfactionPct: null, maxUnexcusedAbsenceDays: null } },
        input({ ratings: {}, satisfactionPct: 59 }),
      ).rating,
    ).toBe('incompetent');
  });

  it('proposes incompetent with a reason when nothing can be scored', () => {
    const r = scoreWorker(S, input({ ratings: {}, satisfactionPct: null }));
    expect(r.score).toBeNull();
    expect(r.rating).toBe('incompetent');
    expect(r.reasons.join('')).toContain('无法计分');
  });
});

describe('vetoes', () => {
  it('satisfaction under 60% makes an otherwise excellent worker incompetent', () => {
    const r = scoreWorker(
      S,
      input({
        ratings: { subdistrict_panel: [panel(100, 100, 100)], peer: [panel(100, 100, 100)] },
        satisfactionPct: 59.5,
      }),
    );
    // 100×0.3 + 100×0.1 + 59.5×0.6 = 75.7 → competent by score, then vetoed
    expect(r.score).toBe(75.7);
    expect(r.vetoed).toBe(true);
    expect(r.rating).toBe('incompetent');
    expect(r.reasons).toContain('一票否决：居民满意度 59.5% 低于 60%');
  });

  it('exactly 60% is not vetoed', () => {
    expect(scoreWorker(S, input({ satisfactionPct: 60 })).vetoed).toBe(false);
  });

  it('more than 15 days of unexcused absence is vetoed, 15 is not', () => {
    expect(scoreWorker(S, input({ unexcusedAbsenceDays: 15 })).vetoed).toBe(false);
    const r = scoreWorker(S, input({ unexcusedAbsenceDays: 16 }));
    expect(r.rating).toBe('incompetent');
    expect(r.reasons).toContain('一票否决：无故缺勤 16 天，超过 15 天');
  });

  it('a null veto rule is off', () => {
    const off = { ...S, vetoes: { minSatisfactionPct: null, maxUnexcusedAbsenceDays: null } };
    expect(scoreWorker(off, input({ unexcusedAbsenceDays: 100 })).vetoed).toBe(false);
  });
});

describe('the cap on excellent', () => {
  it('rounds the cap down: 15% of 20 is 3, of 19 is 2, of 6 is 0', () => {
    expect(excellentCap(20, 15)).toBe(3);
    expect(excellentCap(19, 15)).toBe(2);
    expect(excellentCap(6, 15)).toBe(0);
    expect(excellentCap(100, 15)).toBe(15);
  });

  it('keeps the highest scores and demotes the rest to competent with a reason', () => {
    // 20 workers, satisfaction 100 − i; scores ≥ 90 for i = 0..10 (11 excellent), cap 3
    const inputs = Array.from({ length: 20 }, (_, i) =>
      input({ workerId: i + 1, ratings: {}, satisfactionPct: 100 - i }),
    );
    const out = scoreCycle(S, inputs);
    const excellent = out.filter((o) => o.rating === 'excellent').map((o) => o.workerId);
    expect(excellent).toEqual([1, 2, 3]);
    const fourth = out.find((o) => o.workerId === 4);
    expect(fourth?.rating).toBe('competent');
    expect(fourth?.reasons.at(-1)).toContain('“优秀”不超过 15%（本次 20 人，最多 3 人）');
  });

  it('breaks ties by worker id and leaves a cycle within the cap alone', () => {
    const tied = [3, 1, 2].map((id) =>
      scoreWorker(S, input({ workerId: id, ratings: {}, satisfactionPct: 95 })),
    );
    const capped = applyExcellentCap({ ...S, excellentCapPct: 34 }, tied);
    expect(capped.filter((c) => c.rating === 'excellent').map((c) => c.workerId)).toEqual([1]);
    expect(applyExcellentCap({ ...S, excellentCapPct: 100 }, tied)).toBe(tied);
  });

  it('explains an adjustment beyond the cap', () => {
    expect(excellentCapViolation(S, 20, 3)).toBeNull();
    expect(excellentCapViolation(S, 20, 4)).toBe(
      '“优秀”等次不得超过 15%：本次共 20 人，最多 3 人为“优秀”，当前为 4 人',
    );
  });
});
