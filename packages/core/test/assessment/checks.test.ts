// The assessment scheme as a rule set: the semantic checks run by the rule-set engine, and the
// absence figure's source in the reasons (no figure → no absence veto).
import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_ASSESSMENT_SCHEME,
  EXAMPLE_RULE_SETS,
  RULE_SET_CHECKS,
  checkAssessmentScheme,
  scoreWorker,
  type AssessmentScheme,
} from '../../src/index';

const scheme = (over: Partial<AssessmentScheme> = {}): AssessmentScheme => ({
  ...structuredClone(EXAMPLE_ASSESSMENT_SCHEME),
  ...over,
});

describe('assessment scheme checks', () => {
  it('accepts the example (30/10/60, cap 15%) and is the rule-set check of its kind', () => {
    expect(checkAssessmentScheme(scheme())).toEqual([]);
    expect(RULE_SET_CHECKS.assessment_scheme(EXAMPLE_RULE_SETS.assessment_scheme.content)).toEqual(
      [],
    );
  });

  it('names the field of each problem', () => {
    const bad = scheme({
      sourceWeights: {
        self: 0,
        community_panel: 0,
        subdistrict_panel: 30,
        peer: 20,
        resident_survey: 60,
      },
      dimensionWeights: { political_quality: 30, performance: 50, resident_satisfaction: 10 },
      thresholds: { excellent: 70, competent: 80, basically_competent: 60 },
      frequencies: ['annual', 'annual'],
    });
    expect(checkAssessmentScheme(bad)).toEqual([
      { path: 'dimensionWeights', message: '维度权重之和应为 100%，现为 90%' },
      { path: 'sourceWeights', message: '来源权重之和应为 100%，现为 110%' },
      { path: 'thresholds', message: '分数线应满足 优秀 > 合格 > 基本合格' },
      { path: 'frequencies', message: '考核周期不能重复' },
    ]);
  });
});

describe('absence in the reasons', () => {
  const base = {
    workerId: 1,
    ratings: { subdistrict_panel: [{ political_quality: 90, performance: 90 }] },
    satisfactionPct: 90,
  };

  it('vetoes over 15 days and says where the figure came from', () => {
    const r = scoreWorker(scheme(), {
      ...base,
      unexcusedAbsenceDays: 16,
      absenceSource: '考勤月度汇总',
    });
    expect(r.rating).toBe('incompetent');
    expect(r.reasons).toContain('一票否决：无故缺勤 16 天（来源：考勤月度汇总），超过 15 天');
  });

  it('does not veto a worker without a figure', () => {
    const r = scoreWorker(scheme(), { ...base, unexcusedAbsenceDays: null });
    expect(r.vetoed).toBe(false);
    expect(r.reasons).toContain('无故缺勤：无数据，不适用缺勤否决');
  });

  it('states an entered figure under the limit', () => {
    const r = scoreWorker(scheme(), {
      ...base,
      unexcusedAbsenceDays: 3,
      absenceSource: '本期录入',
    });
    expect(r.vetoed).toBe(false);
    expect(r.reasons).toContain('无故缺勤 3 天（来源：本期录入）');
  });
});
