// Nomination eligibility for "two deputies and one member" (两代表一委员): the criteria are data
// stored with each nomination round; this only applies them to one candidate on one date.
import { ASSESSMENT_RATINGS, type AssessmentRating } from '../career/types';
import { completedYears } from '../career/dates';

export interface NominationCriteria {
  /** Whole years since the worker started community work (work_start_date). */
  minServiceYears: number;
  /** How many most recent completed years of annual assessment to look at (0 = none). */
  assessmentYears: number;
  /** The lowest rating accepted in each of those years; a missing year fails. */
  minRating: AssessmentRating;
  /** Political status codes accepted (empty = any). */
  politicalStatuses: string[];
  /** Age on the reference date must not exceed this (null = no limit). */
  maxAge: number | null;
}

export interface NominationCandidate {
  workStartDate: string;
  birthDate: string;
  politicalStatus: string;
  /** Annual ratings by year. */
  ratings: { year: number; rating: AssessmentRating }[];
}

export type EligibilityReasonCode =
  'service_years' | 'assessment_missing' | 'assessment_rating' | 'political_status' | 'age';

export interface EligibilityReason {
  code: EligibilityReasonCode;
  message: string;
}

export interface EligibilityResult {
  eligible: boolean;
  serviceYears: number;
  age: number;
  /** The assessment years checked, newest first. */
  yearsChecked: number[];
  reasons: EligibilityReason[];
}

/** Lower index = better rating. */
function rank(r: AssessmentRating): number {
  return ASSESSMENT_RATINGS.indexOf(r);
}

const RATING_ZH: Readonly<Record<AssessmentRating, string>> = {
  excellent: '优秀',
  competent: '合格',
  basically_competent: '基本合格',
  incompetent: '不合格',
};

export function evaluateEligibility(
  criteria: NominationCriteria,
  candidate: NominationCandidate,
  asOf: string,
): EligibilityResult {
  const reasons: EligibilityReason[] = [];
  const serviceYears = completedYears(candidate.workStartDate, asOf);
  const age = completedYears(candidate.birthDate, asOf);
  if (serviceYears < criteria.minServiceYears) {
    reasons.push({
      code: 'service_years',
      message: `社区工作年限 ${serviceYears} 年，不足 ${criteria.minServiceYears} 年`,
    });
  }
  const lastYear = Number(asOf.slice(0, 4)) - 1;
  const yearsChecked: number[] = [];
  for (let i = 0; i < criteria.assessmentYears; i++) yearsChecked.push(lastYear - i);
  for (const year of yearsChecked) {
    const found = candidate.ratings.find((r) => r.year === year);
    if (!found) {
      reasons.push({ code: 'assessment_missing', message: `${year} 年度无考核结果` });
    } else if (rank(found.rating) > rank(criteria.minRating)) {
      reasons.push({
        code: 'assessment_rating',
        message: `${year} 年度考核为${RATING_ZH[found.rating]}，低于${RATING_ZH[criteria.minRating]}`,
      });
    }
  }
  if (
    criteria.politicalStatuses.length > 0 &&
    !criteria.politicalStatuses.includes(candidate.politicalStatus)
  ) {
    reasons.push({ code: 'political_status', message: '政治面貌不符合推选条件' });
  }
  if (criteria.maxAge !== null && age > criteria.maxAge) {
    reasons.push({ code: 'age', message: `年龄 ${age} 岁，超过 ${criteria.maxAge} 岁` });
  }
  return { eligible: reasons.length === 0, serviceYears, age, yearsChecked, reasons };
}
