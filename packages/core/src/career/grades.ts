/**
 * Starting grade (定级) and yearly promotion (晋级) on a post-grade ladder. The ladder, years per
 * step, education credits and qualification bonuses all come from the `GradeScheme`; a scheme of
 * four posts and twenty-four grades runs through the same code as 三岗十八级.
 */
import { EDUCATION, SOCIAL_WORK_QUALIFICATION, type DictionaryItemSeed } from '../standards';
import { RuleEngineError } from './errors';
import { roundCount } from './money';
import {
  ASSESSMENT_RATING_LABELS,
  type AssessmentRating,
  type GradePost,
  type GradeScheme,
} from './types';

/** Explanations name codes by their standard label; a code outside the seed list shows as is. */
function labelOf(items: readonly DictionaryItemSeed[], code: string | null | undefined): string {
  return items.find((i) => i.code === code)?.labelZh ?? code ?? '';
}

export function findPost(scheme: GradeScheme, code: string): GradePost {
  const post = scheme.posts.find((p) => p.code === code);
  if (!post) throw new RuleEngineError('UNKNOWN_POST', `岗位“${code}”不在该等级序列中`);
  return post;
}

export function postLabel(post: GradePost): string {
  return post.label ?? post.code;
}

export function yearsPerStepOf(scheme: GradeScheme, post: GradePost): number {
  return post.yearsPerStep ?? scheme.yearsPerStep;
}

/**
 * Years credited for an education (GB/T 4658 code): the exact code if the scheme lists it, else its
 * major category (first digit + `0`, e.g. `21` 大学本科毕业 → `20` 大学本科), else none.
 */
export function educationCreditOf(
  scheme: GradeScheme,
  education: string | null | undefined,
): { years: number; code: string | null } {
  if (!education) return { years: 0, code: null };
  const exact = scheme.educationCredits.find((c) => c.education === education);
  if (exact) return { years: exact.years, code: exact.education };
  const category = `${education.charAt(0)}0`;
  const byCategory = scheme.educationCredits.find((c) => c.education === category);
  if (byCategory) return { years: byCategory.years, code: byCategory.education };
  return { years: 0, code: null };
}

/**
 * Extra grades for a social-work qualification. `highest`: the bonus of the level held;
 * `cumulative`: the bonuses of the level held and of every level listed before it.
 */
export function qualificationBonusOf(
  scheme: GradeScheme,
  qualification: string | null | undefined,
): number {
  if (!qualification) return 0;
  const index = scheme.qualificationBonuses.findIndex((b) => b.qualification === qualification);
  if (index < 0) return 0;
  if (scheme.qualificationBonusMode === 'highest') {
    return scheme.qualificationBonuses[index]?.grades ?? 0;
  }
  return scheme.qualificationBonuses.slice(0, index + 1).reduce((sum, b) => sum + b.grades, 0);
}

/** The highest grade a worker may hold on a post (above the post's max only if the scheme allows). */
export function gradeCeiling(
  scheme: GradeScheme,
  post: GradePost,
  qualification: string | null | undefined,
): number {
  if (!scheme.bonusMayExceedPostMax) return post.maxGrade;
  return Math.min(scheme.grades, post.maxGrade + qualificationBonusOf(scheme, qualification));
}

export interface StartingGradeInput {
  post: string;
  /** Whole or fractional years; years elsewhere in the province count when local rules say so. */
  yearsOfCommunityWork: number;
  /** GB/T 4658 code of the highest education. */
  education?: string | null | undefined;
  /** `social_work_qualification` code of the highest level held. */
  qualification?: string | null | undefined;
}

export interface StartingGradeResult {
  grade: number;
  /** Steps above the post's starting grade earned by years (before the bonus and the cap). */
  steps: number;
  bonus: number;
  creditedYears: number;
  capped: boolean;
  reasons: string[];
}

/**
 * grade = post's min grade + floor((years + education credit) / years per step) + qualification
 * bonus, capped at the post's max grade (or, if the scheme allows the bonus to exceed it, at the
 * post's max + bonus within the scheme).
 */
export function startingGrade(scheme: GradeScheme, input: StartingGradeInput): StartingGradeResult {
  const post = findPost(scheme, input.post);
  if (!Number.isFinite(input.yearsOfCommunityWork) || input.yearsOfCommunityWork < 0) {
    throw new RuleEngineError('INVALID_INPUT', '社区工作年限应为非负数');
  }
  const label = postLabel(post);
  const perStep = yearsPerStepOf(scheme, post);
  const education = educationCreditOf(scheme, input.education);
  const creditedYears = input.yearsOfCommunityWork + education.years;
  const steps = roundCount(creditedYears / perStep, 'floor');
  const bonus = qualificationBonusOf(scheme, input.qualification);

  const reasons = [`${label}岗位起始等级为 ${post.minGrade} 级`];
  reasons.push(
    education.years > 0
      ? `社区工作年限 ${input.yearsOfCommunityWork} 年 + 学历（${labelOf(EDUCATION, input.education)}）折算 ${education.years} 年 = ${creditedYears} 年，每 ${perStep} 年一级，计 ${steps} 级`
      : `社区工作年限 ${input.yearsOfCommunityWork} 年，每 ${perStep} 年一级，计 ${steps} 级`,
  );
  let capped = false;
  let grade = post.minGrade + steps;
  if (grade > post.maxGrade) {
    reasons.push(`按年限为 ${grade} 级，超过${label}岗位最高等级，按 ${post.maxGrade} 级计`);
    grade = post.maxGrade;
    capped = true;
  }
  if (bonus > 0) {
    reasons.push(
      `职业资格（${labelOf(SOCIAL_WORK_QUALIFICATION, input.qualification)}）加 ${bonus} 级`,
    );
    grade += bonus;
  }
  const ceiling = gradeCeiling(scheme, post, input.qualification);
  if (grade > ceiling) {
    reasons.push(
      ceiling > post.maxGrade
        ? `职业资格加级后最高 ${ceiling} 级`
        : `不超过${label}岗位最高等级 ${post.maxGrade} 级`,
    );
    grade = ceiling;
    capped = true;
  }
  reasons.push(`定为 ${grade} 级`);
  return { grade, steps, bonus, creditedYears, capped, reasons };
}

export interface PromotionInput {
  post: string;
  grade: number;
  /** Years since the last grade change (or since grading). */
  yearsSinceLastPromotion: number;
  /** The last annual assessment; null when the worker has none yet. */
  lastRating: AssessmentRating | null;
  qualification?: string | null | undefined;
}

export interface PromotionProposal {
  promote: boolean;
  /** The proposed grade, or the current one when blocked. */
  newGrade: number;
  reason: string;
  /** Month in which the promotion takes effect, from the scheme. */
  effectiveMonth: number;
}

/**
 * One grade up when the years for the next step are reached and the last annual rating is one the
 * scheme requires; never above the worker's ceiling on the post.
 */
export function promotionProposal(scheme: GradeScheme, input: PromotionInput): PromotionProposal {
  const post = findPost(scheme, input.post);
  if (!Number.isInteger(input.grade) || input.grade < 1 || input.grade > scheme.grades) {
    throw new RuleEngineError('GRADE_OUT_OF_RANGE', `等级应为 1 至 ${scheme.grades} 之间的整数`);
  }
  if (!Number.isFinite(input.yearsSinceLastPromotion) || input.yearsSinceLastPromotion < 0) {
    throw new RuleEngineError('INVALID_INPUT', '距上次晋级年限应为非负数');
  }
  const effectiveMonth = scheme.promotion.effectiveMonth;
  const blocked = (reason: string): PromotionProposal => ({
    promote: false,
    newGrade: input.grade,
    reason,
    effectiveMonth,
  });
  const label = postLabel(post);
  const perStep = yearsPerStepOf(scheme, post);
  const ceiling = gradeCeiling(scheme, post, input.qualification);

  if (input.grade < post.minGrade) {
    return blocked(
      `当前 ${input.grade} 级低于${label}岗位起始等级 ${post.minGrade} 级，应重新定级`,
    );
  }
  if (input.grade >= ceiling) {
    return blocked(`已达${label}岗位最高等级 ${ceiling} 级`);
  }
  if (input.lastRating === null) {
    return blocked('没有上一年度考核结果，暂不晋级');
  }
  if (!scheme.promotion.requiredRatings.includes(input.lastRating)) {
    const required = scheme.promotion.requiredRatings.map((r) => ASSESSMENT_RATING_LABELS[r]);
    return blocked(
      `上一年度考核为“${ASSESSMENT_RATING_LABELS[input.lastRating]}”，晋级须为“${required.join('”或“')}”`,
    );
  }
  // A tolerance, because years computed from dates by division may fall a hair short of a whole.
  if (input.yearsSinceLastPromotion + 1e-9 < perStep) {
    return blocked(`距上次晋级 ${input.yearsSinceLastPromotion} 年，未满 ${perStep} 年`);
  }
  const newGrade = input.grade + 1;
  return {
    promote: true,
    newGrade,
    reason:
      `距上次晋级满 ${perStep} 年，上一年度考核为“${ASSESSMENT_RATING_LABELS[input.lastRating]}”，` +
      `${effectiveMonth} 月起由 ${input.grade} 级晋升为 ${newGrade} 级`,
    effectiveMonth,
  };
}
