import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_RULE_SETS,
  educationCreditOf,
  promotionProposal,
  qualificationBonusOf,
  RuleEngineError,
  startingGrade,
  type GradeScheme,
} from '../../src/index';

/** 三岗十八级 with 3 years per step (the example seed). */
const scheme: GradeScheme = EXAMPLE_RULE_SETS.grade_scheme.content;

describe('startingGrade under 三岗十八级', () => {
  it('worked example: staff, 7 years, bachelor’s, intermediate → grade 5', () => {
    // 1 + floor((7 + 1) / 3) = 1 + 2 = 3, + 2 for 社会工作师 = 5
    const r = startingGrade(scheme, {
      post: 'staff',
      yearsOfCommunityWork: 7,
      education: '20',
      qualification: 'intermediate',
    });
    expect(r).toMatchObject({ grade: 5, steps: 2, bonus: 2, creditedYears: 8, capped: false });
    expect(r.reasons).toEqual([
      '工作人员岗位起始等级为 1 级',
      '社区工作年限 7 年 + 学历（大学本科）折算 1 年 = 8 年，每 3 年一级，计 2 级',
      '职业资格（社会工作师）加 2 级',
      '定为 5 级',
    ]);
  });

  it('starts a principal at grade 7 and adds a master’s degree’s 3 years', () => {
    expect(
      startingGrade(scheme, { post: 'principal', yearsOfCommunityWork: 0, education: '14' }).grade,
    ).toBe(8);
    expect(startingGrade(scheme, { post: 'deputy', yearsOfCommunityWork: 2.9 }).grade).toBe(4);
  });

  it('caps at the post’s maximum, bonus included', () => {
    const r = startingGrade(scheme, {
      post: 'staff',
      yearsOfCommunityWork: 40,
      qualification: 'senior',
    });
    expect(r).toMatchObject({ grade: 12, steps: 13, capped: true });
    expect(r.reasons.at(-2)).toBe('不超过工作人员岗位最高等级 12 级');
    const byBonus = startingGrade(scheme, {
      post: 'staff',
      yearsOfCommunityWork: 30,
      qualification: 'senior',
    });
    expect(byBonus).toMatchObject({ grade: 12, steps: 10, capped: true }); // 11 + 3 → 12
  });

  it('lets the bonus exceed the post’s maximum when the scheme says so', () => {
    const generous: GradeScheme = { ...scheme, bonusMayExceedPostMax: true };
    const r = startingGrade(generous, {
      post: 'staff',
      yearsOfCommunityWork: 40,
      qualification: 'senior',
    });
    expect(r.grade).toBe(15); // 12 + 3
    const top = startingGrade(generous, {
      post: 'principal',
      yearsOfCommunityWork: 40,
      qualification: 'senior',
    });
    expect(top.grade).toBe(18); // never beyond the scheme's 18 grades
  });

  it('sums bonuses of lower levels in cumulative mode', () => {
    const cumulative: GradeScheme = { ...scheme, qualificationBonusMode: 'cumulative' };
    expect(qualificationBonusOf(scheme, 'intermediate')).toBe(2);
    expect(qualificationBonusOf(cumulative, 'assistant')).toBe(1);
    expect(qualificationBonusOf(cumulative, 'intermediate')).toBe(3);
    expect(qualificationBonusOf(cumulative, 'senior')).toBe(6);
    expect(qualificationBonusOf(cumulative, 'unknown')).toBe(0);
    expect(qualificationBonusOf(cumulative, null)).toBe(0);
  });

  it('credits education by exact GB/T 4658 code, else by its major category', () => {
    expect(educationCreditOf(scheme, '14')).toEqual({ years: 3, code: '14' });
    expect(educationCreditOf(scheme, '21')).toEqual({ years: 1, code: '20' });
    expect(educationCreditOf(scheme, '17')).toEqual({ years: 3, code: '10' });
    expect(educationCreditOf(scheme, '30')).toEqual({ years: 0, code: null });
    expect(educationCreditOf(scheme, null)).toEqual({ years: 0, code: null });
  });

  it('uses a post’s own years per step', () => {
    const faster: GradeScheme = {
      ...scheme,
      posts: scheme.posts.map((p) => (p.code === 'staff' ? { ...p, yearsPerStep: 2 } : p)),
    };
    expect(startingGrade(faster, { post: 'staff', yearsOfCommunityWork: 7 }).grade).toBe(4);
    expect(startingGrade(faster, { post: 'deputy', yearsOfCommunityWork: 7 }).grade).toBe(6);
  });

  it('rejects an unknown post and negative years', () => {
    expect(() => startingGrade(scheme, { post: 'chairman', yearsOfCommunityWork: 1 })).toThrow(
      RuleEngineError,
    );
    expect(() => startingGrade(scheme, { post: 'staff', yearsOfCommunityWork: -1 })).toThrow(
      '非负数',
    );
  });
});

describe('promotionProposal', () => {
  it('promotes one grade in January after 3 years with a competent rating', () => {
    const p = promotionProposal(scheme, {
      post: 'staff',
      grade: 5,
      yearsSinceLastPromotion: 3,
      lastRating: 'competent',
    });
    expect(p).toEqual({
      promote: true,
      newGrade: 6,
      effectiveMonth: 1,
      reason: '距上次晋级满 3 年，上一年度考核为“合格”，1 月起由 5 级晋升为 6 级',
    });
  });

  it('blocks a worker rated basically competent', () => {
    const p = promotionProposal(scheme, {
      post: 'staff',
      grade: 5,
      yearsSinceLastPromotion: 4,
      lastRating: 'basically_competent',
    });
    expect(p.promote).toBe(false);
    expect(p.newGrade).toBe(5);
    expect(p.reason).toBe('上一年度考核为“基本合格”，晋级须为“优秀”或“合格”');
  });

  it('blocks before the years for the next step are reached, and without a rating', () => {
    const early = promotionProposal(scheme, {
      post: 'staff',
      grade: 5,
      yearsSinceLastPromotion: 2,
      lastRating: 'excellent',
    });
    expect(early).toMatchObject({ promote: false, reason: '距上次晋级 2 年，未满 3 年' });
    const unrated = promotionProposal(scheme, {
      post: 'staff',
      grade: 5,
      yearsSinceLastPromotion: 3,
      lastRating: null,
    });
    expect(unrated).toMatchObject({ promote: false, reason: '没有上一年度考核结果，暂不晋级' });
  });

  it('never goes above the post’s maximum', () => {
    const top = promotionProposal(scheme, {
      post: 'staff',
      grade: 12,
      yearsSinceLastPromotion: 9,
      lastRating: 'excellent',
      qualification: 'senior',
    });
    expect(top).toMatchObject({
      promote: false,
      newGrade: 12,
      reason: '已达工作人员岗位最高等级 12 级',
    });
    const generous = promotionProposal(
      { ...scheme, bonusMayExceedPostMax: true },
      {
        post: 'staff',
        grade: 12,
        yearsSinceLastPromotion: 3,
        lastRating: 'excellent',
        qualification: 'senior',
      },
    );
    expect(generous).toMatchObject({ promote: true, newGrade: 13 });
  });

  it('asks for regrading below the post’s first grade and rejects grades outside the scheme', () => {
    const low = promotionProposal(scheme, {
      post: 'principal',
      grade: 3,
      yearsSinceLastPromotion: 3,
      lastRating: 'excellent',
    });
    expect(low.promote).toBe(false);
    expect(low.reason).toContain('应重新定级');
    expect(() =>
      promotionProposal(scheme, {
        post: 'staff',
        grade: 19,
        yearsSinceLastPromotion: 3,
        lastRating: 'excellent',
      }),
    ).toThrow(RuleEngineError);
  });
});
