import type { AssessmentScheme } from './scoring';

/**
 * An example scheme (seed data and tests only): subdistrict panel 30%, peers 10%, residents 60%;
 * satisfaction under 60% or more than 15 days of unexcused absence → incompetent; excellent ≤ 15%.
 */
export const EXAMPLE_ASSESSMENT_SCHEME: AssessmentScheme = {
  frequencies: ['annual'],
  dimensionWeights: { political_quality: 30, performance: 50, resident_satisfaction: 20 },
  sourceWeights: {
    self: 0,
    community_panel: 0,
    subdistrict_panel: 30,
    peer: 10,
    resident_survey: 60,
  },
  thresholds: { excellent: 90, competent: 75, basically_competent: 60 },
  vetoes: { minSatisfactionPct: 60, maxUnexcusedAbsenceDays: 15 },
  excellentCapPct: 15,
  appealWindowDays: 7,
  effects: {
    promotionRatings: ['excellent', 'competent'],
    payLevels: {
      excellent: 'A',
      competent: 'B',
      basically_competent: 'C',
      incompetent: 'D',
    },
    incompetentEndsContract: true,
    basicallyCompetentLimitPerTerm: 2,
  },
};
