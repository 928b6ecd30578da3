/**
 * The content of each career-system rule set, as plain data. A rule set is versioned and scoped to
 * an org unit by the server; these types are only what is inside one version. The zod schemas in
 * `@cwp/contracts` (`rule-sets.ts`) validate JSON into exactly these shapes, and the engine never
 * reads a number that is not in one of them.
 */
import type { AssessmentScheme } from '../assessment/scoring';

import type { TrainingRuleSet } from '../training/index';
import type { EvaluationIndicators } from '../evaluation/types';

export const ASSESSMENT_RATINGS = [
  'excellent',
  'competent',
  'basically_competent',
  'incompetent',
] as const;
export type AssessmentRating = (typeof ASSESSMENT_RATINGS)[number];

export const ASSESSMENT_RATING_LABELS: Readonly<Record<AssessmentRating, string>> = {
  excellent: '优秀',
  competent: '合格',
  basically_competent: '基本合格',
  incompetent: '不合格',
};

/** How a fractional count of people or posts becomes a whole number. */
export const ROUNDING_MODES = ['ceil', 'round', 'floor'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export const ROUNDING_LABELS: Readonly<Record<RoundingMode, string>> = {
  ceil: '向上取整',
  round: '四舍五入',
  floor: '向下取整',
};

// ---------------------------------------------------------------------------------------------
// 配备标准 staffing_standard

export const STAFFING_METHODS = ['population', 'households', 'max', 'min'] as const;
export type StaffingMethod = (typeof STAFFING_METHODS)[number];

/** Where the total is controlled (总量控制): the level whose sum the standard caps. */
export const STAFFING_CONTROL_LEVELS = ['city', 'district'] as const;
export type StaffingControlLevel = (typeof STAFFING_CONTROL_LEVELS)[number];

export interface PopulationRule {
  /** e.g. 18 workers … */
  workers: number;
  /** … per 10,000 urban permanent residents. */
  perResidents: number;
  rounding: RoundingMode;
}

export interface HouseholdBand {
  /** Households up to and including this number get `posts` posts. */
  upTo: number;
  posts: number;
}

export interface HouseholdStep {
  /** e.g. +1 post … */
  posts: number;
  /** … for every 400 households beyond the last band (300–500 is expressed by choosing this). */
  everyHouseholds: number;
  /** Whether a partial step counts: `floor` needs the full step, `ceil` counts any remainder. */
  rounding: RoundingMode;
}

export interface HouseholdRule {
  /** Ascending by `upTo`; the first band also covers communities smaller than its `upTo`. */
  bands: readonly HouseholdBand[];
  /** Without it, communities beyond the last band get the last band's posts. */
  beyond?: HouseholdStep | null | undefined;
}

export interface StaffingStandard {
  method: StaffingMethod;
  population?: PopulationRule | null | undefined;
  households?: HouseholdRule | null | undefined;
  minPerCommunity?: number | null | undefined;
  capPerCommunity?: number | null | undefined;
  controlLevel: StaffingControlLevel;
}

// ---------------------------------------------------------------------------------------------
// 岗位等级序列 grade_scheme

export interface GradePost {
  /** Code from the `post` dictionary, e.g. `principal`. */
  code: string;
  /** Shown in explanations; the code is used when absent. */
  label?: string | null | undefined;
  minGrade: number;
  maxGrade: number;
  /** Overrides the scheme's `yearsPerStep` for this post. */
  yearsPerStep?: number | null | undefined;
}

export interface EducationCredit {
  /** GB/T 4658 code, e.g. `14` 硕士研究生 or `20` 大学本科. */
  education: string;
  years: number;
}

export interface QualificationBonus {
  /** Code from the `social_work_qualification` dictionary, e.g. `intermediate`. */
  qualification: string;
  grades: number;
}

export const QUALIFICATION_BONUS_MODES = ['highest', 'cumulative'] as const;
export type QualificationBonusMode = (typeof QUALIFICATION_BONUS_MODES)[number];

export interface PromotionRule {
  /** The last annual assessment must be one of these, e.g. excellent or competent. */
  requiredRatings: readonly AssessmentRating[];
  /** Month (1–12) in which promotions take effect, e.g. 1 for January. */
  effectiveMonth: number;
}

export interface GradeScheme {
  /** Total number of grades, e.g. 18 for 三岗十八级. */
  grades: number;
  posts: readonly GradePost[];
  /** Years of service per grade step. */
  yearsPerStep: number;
  educationCredits: readonly EducationCredit[];
  /** Ordered from the lowest level to the highest; `cumulative` sums a prefix of this list. */
  qualificationBonuses: readonly QualificationBonus[];
  qualificationBonusMode: QualificationBonusMode;
  bonusMayExceedPostMax: boolean;
  promotion: PromotionRule;
}

// ---------------------------------------------------------------------------------------------
// 薪酬标准 pay_table

export const INSURANCE_KINDS = [
  'pension',
  'medical',
  'unemployment',
  'workInjury',
  'maternity',
  'housingFund',
] as const;
export type InsuranceKind = (typeof INSURANCE_KINDS)[number];

export const INSURANCE_LABELS: Readonly<Record<InsuranceKind, string>> = {
  pension: '养老保险',
  medical: '医疗保险',
  unemployment: '失业保险',
  workInjury: '工伤保险',
  maternity: '生育保险',
  housingFund: '住房公积金',
};

/** Variables every pay formula may use besides the table's own coefficients. */
export const PAY_FORMULA_VARIABLES = ['referenceWage', 'gradeCoefficient', 'grade'] as const;

export interface NamedCoefficient {
  /** Identifier used in the formula, e.g. `localCoefficient`. */
  name: string;
  /** Shown to people, e.g. 地区系数. */
  label?: string | null | undefined;
  value: number;
}

export interface GradeCoefficient {
  grade: number;
  coefficient: number;
}

export interface ContributionRate {
  employee: number;
  employer: number;
}

export type ProbationPayRule =
  | { mode: 'percent'; /** e.g. 80 for 80 % of the standard pay */ percent: number }
  | {
      mode: 'grade_lower';
      /** paid as this many grades lower (not below grade 1) */ grades: number;
    };

export interface PayTable {
  /** Grades 1..grades, each with exactly one coefficient. */
  grades: number;
  /** Monthly ¥, e.g. the local average wage of public-institution management posts. */
  referenceWage: number;
  coefficients: readonly NamedCoefficient[];
  gradeCoefficients: readonly GradeCoefficient[];
  /** Monthly standard pay, e.g. `referenceWage * localCoefficient * baseRatio * gradeCoefficient`. */
  formula: string;
  /** Shares of the standard pay; they sum to 1. */
  split: { base: number; performance: number };
  performanceFactors: Readonly<Record<AssessmentRating, number>>;
  /** Factor for a worker with no annual rating yet (e.g. hired this year). */
  unratedPerformanceFactor: number;
  qualificationAllowances: readonly { qualification: string; amount: number }[];
  probation: ProbationPayRule;
  insurance: Readonly<Record<InsuranceKind, ContributionRate>>;
  contributionBase: { floor: number; ceiling: number };
}

// ---------------------------------------------------------------------------------------------
// 劳动合同与社保 contract_insurance

export interface ContractParameters {
  firstTermYears: number;
  renewalTermYears: number;
  probationMonths: number;
  /** Days before expiry on which the HR officer is reminded, e.g. [60, 30]. */
  reminderDaysBeforeExpiry: readonly number[];
  /** After this many consecutive fixed-term contracts the next one is open-ended, e.g. 2. */
  openEndedAfterFixedTerms: number;
}

// ---------------------------------------------------------------------------------------------
// 选聘条件 recruitment_conditions

export const AGE_REFERENCE_DATES = [
  'application_deadline',
  'announcement_date',
  'exam_date',
] as const;
export type AgeReferenceDate = (typeof AGE_REFERENCE_DATES)[number];

export const TIE_BREAK_RULES = [
  'written_exam_first',
  'interview_first',
  'earlier_application',
] as const;
export type TieBreakRule = (typeof TIE_BREAK_RULES)[number];

export interface RecruitmentConditions {
  ageMin: number;
  ageMax: number;
  /** Which date of the recruitment plan the age is computed at. */
  ageReference: AgeReferenceDate;
  /** Lowest accepted GB/T 4658 education code, e.g. `20` 大学本科. */
  minEducation: string;
  majors?: readonly string[] | null | undefined;
  householdRegistration?: string | null | undefined;
  /** Code from the `social_work_qualification` dictionary. */
  requiredQualification?: string | null | undefined;
  weights: { writtenExam: number; interview: number };
  tieBreak: TieBreakRule;
  publicNoticeWorkingDays: number;
  probationMonths: number;
}

/** The content type of each rule-set kind. */
export interface RuleSetContents {
  staffing_standard: StaffingStandard;
  grade_scheme: GradeScheme;
  pay_table: PayTable;
  contract_insurance: ContractParameters;
  recruitment_conditions: RecruitmentConditions;
  /** 培训要求: the training rules of capacity building (packages/core/src/training). */
  training_requirements: TrainingRuleSet;
  /** 考核方案: defined with the assessment rules (assessment/scoring.ts). */
  assessment_scheme: AssessmentScheme;
  /** 评估指标体系: defined with the evaluation rules (evaluation/types.ts). */
  evaluation_indicators: EvaluationIndicators;
}
export type RuleSetKind = keyof RuleSetContents;
