// A second region with a differently shaped ladder and pay formula: four posts, twenty-four
// grades, two years per step, cumulative qualification bonuses that may exceed a post's maximum,
// promotions in July, a fixed part in the pay formula and probation paid two grades lower. It runs
// through the same engine with no code change: rules are data.
import { describe, expect, it } from 'vitest';
import {
  checkGradeScheme,
  checkPayTable,
  checkPayTableMatchesScheme,
  monthlyPay,
  promotionProposal,
  startingGrade,
  type GradeScheme,
  type PayTable,
} from '../../src/index';

const fourPostsTwentyFourGrades: GradeScheme = {
  grades: 24,
  posts: [
    { code: 'principal', label: '正职', minGrade: 10, maxGrade: 24 },
    { code: 'deputy', label: '副职', minGrade: 7, maxGrade: 20 },
    { code: 'committee_member', label: '委员', minGrade: 4, maxGrade: 16 },
    { code: 'staff', label: '工作人员', minGrade: 1, maxGrade: 12 },
  ],
  yearsPerStep: 2,
  educationCredits: [
    { education: '10', years: 2 },
    { education: '20', years: 1 },
  ],
  qualificationBonuses: [
    { qualification: 'assistant', grades: 1 },
    { qualification: 'intermediate', grades: 1 },
    { qualification: 'senior', grades: 1 },
  ],
  qualificationBonusMode: 'cumulative',
  bonusMayExceedPostMax: true,
  promotion: { requiredRatings: ['excellent', 'competent'], effectiveMonth: 7 },
};

const payTable24: PayTable = {
  grades: 24,
  referenceWage: 6_500,
  coefficients: [
    { name: 'cityFactor', label: '城市系数', value: 1.1 },
    { name: 'fixedPart', label: '固定部分', value: 1_500 },
  ],
  gradeCoefficients: Array.from({ length: 24 }, (_, i) => ({
    grade: i + 1,
    coefficient: Number((1 + 0.04 * i).toFixed(2)),
  })),
  formula: 'fixedPart + referenceWage * cityFactor * gradeCoefficient * 0.6',
  split: { base: 0.7, performance: 0.3 },
  performanceFactors: { excellent: 1.3, competent: 1, basically_competent: 0.6, incompetent: 0 },
  unratedPerformanceFactor: 1,
  qualificationAllowances: [
    { qualification: 'assistant', amount: 100 },
    { qualification: 'intermediate', amount: 200 },
    { qualification: 'senior', amount: 400 },
  ],
  probation: { mode: 'grade_lower', grades: 2 },
  insurance: {
    pension: { employee: 0.08, employer: 0.14 },
    medical: { employee: 0.02, employer: 0.07 },
    unemployment: { employee: 0.003, employer: 0.007 },
    workInjury: { employee: 0, employer: 0.004 },
    maternity: { employee: 0, employer: 0 },
    housingFund: { employee: 0.07, employer: 0.07 },
  },
  contributionBase: { floor: 3_500, ceiling: 25_000 },
};

describe('four posts, twenty-four grades, two years per step', () => {
  it('is a valid scheme and pay table that fit each other', () => {
    expect(checkGradeScheme(fourPostsTwentyFourGrades)).toEqual([]);
    expect(checkPayTable(payTable24)).toEqual([]);
    expect(checkPayTableMatchesScheme(payTable24, fourPostsTwentyFourGrades)).toEqual([]);
  });

  it('grades a committee member with a master’s degree and 社会工作师', () => {
    // 4 + floor((5 + 2) / 2) = 4 + 3 = 7; cumulative bonus 1 + 1 = 2 → 9
    const r = startingGrade(fourPostsTwentyFourGrades, {
      post: 'committee_member',
      yearsOfCommunityWork: 5,
      education: '14',
      qualification: 'intermediate',
    });
    expect(r).toMatchObject({ grade: 9, steps: 3, bonus: 2 });
    expect(r.reasons[0]).toBe('委员岗位起始等级为 4 级');
  });

  it('promotes in July, past the post’s maximum only by the qualification bonus', () => {
    const withSenior = promotionProposal(fourPostsTwentyFourGrades, {
      post: 'committee_member',
      grade: 16,
      yearsSinceLastPromotion: 2,
      lastRating: 'excellent',
      qualification: 'senior',
    });
    expect(withSenior).toMatchObject({ promote: true, newGrade: 17, effectiveMonth: 7 });
    const atCeiling = promotionProposal(fourPostsTwentyFourGrades, {
      post: 'committee_member',
      grade: 19, // 16 + 3
      yearsSinceLastPromotion: 2,
      lastRating: 'excellent',
      qualification: 'senior',
    });
    expect(atCeiling.promote).toBe(false);
    const without = promotionProposal(fourPostsTwentyFourGrades, {
      post: 'committee_member',
      grade: 16,
      yearsSinceLastPromotion: 2,
      lastRating: 'excellent',
    });
    expect(without).toMatchObject({ promote: false, reason: '已达委员岗位最高等级 16 级' });
  });

  it('pays grade 9 by its own formula', () => {
    // 1,500 + 6,500 × 1.1 × 1.32 × 0.6 = 7,162.80; base 70 % = 5,013.96; performance 2,148.84 × 1.3
    const pay = monthlyPay(payTable24, {
      grade: 9,
      rating: 'excellent',
      qualification: 'intermediate',
      probation: false,
    });
    expect(pay).toMatchObject({
      gradeCoefficient: 1.32,
      standard: 7162.8,
      base: 5013.96,
      performanceStandard: 2148.84,
      performance: 2793.49,
      allowances: 200,
      gross: 8007.45,
      employeeContributionsTotal: 1385.29,
      net: 6622.16,
      employerContributionsTotal: 2330.16,
    });
    expect(pay.employeeContributions).toEqual({
      pension: 640.6,
      medical: 160.15,
      unemployment: 24.02,
      workInjury: 0,
      maternity: 0,
      housingFund: 560.52,
    });
  });

  it('pays probation two grades lower', () => {
    const pay = monthlyPay(payTable24, { grade: 9, rating: null, probation: true });
    expect(pay).toMatchObject({ payGrade: 7, gradeCoefficient: 1.24, standard: 6819.6 });
  });
});
