/**
 * EXAMPLE / SEED DATA. These are typical local rules (三岗十八级, a matching pay table, the national
 * staffing target with common household bands, …) for seeding a new installation and for tests.
 * Administrators edit them as rule sets in the interface; nothing in the engine reads these
 * constants, and no number in them is a national rule.
 */
import type { RuleSetContents, RuleSetKind } from './types';
import { EXAMPLE_TRAINING_RULES } from '../training/index';
import { EXAMPLE_ASSESSMENT_SCHEME } from '../assessment/example';
import { EXAMPLE_EVALUATION_INDICATORS } from '../evaluation/example';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const STAFFING_STANDARD: RuleSetContents['staffing_standard'] = {
  method: 'max',
  population: { workers: 18, perResidents: 10_000, rounding: 'ceil' },
  households: {
    bands: [
      { upTo: 1_000, posts: 10 },
      { upTo: 2_000, posts: 12 },
      { upTo: 3_000, posts: 15 },
    ],
    beyond: { posts: 1, everyHouseholds: 400, rounding: 'floor' },
  },
  minPerCommunity: null,
  capPerCommunity: 25,
  controlLevel: 'city',
};

const GRADE_SCHEME: RuleSetContents['grade_scheme'] = {
  grades: 18,
  posts: [
    { code: 'principal', label: '正职', minGrade: 7, maxGrade: 18 },
    { code: 'deputy', label: '副职', minGrade: 4, maxGrade: 15 },
    { code: 'staff', label: '工作人员', minGrade: 1, maxGrade: 12 },
  ],
  yearsPerStep: 3,
  educationCredits: [
    { education: '10', years: 3 },
    { education: '11', years: 3 },
    { education: '14', years: 3 },
    { education: '20', years: 1 },
  ],
  qualificationBonuses: [
    { qualification: 'assistant', grades: 1 },
    { qualification: 'intermediate', grades: 2 },
    { qualification: 'senior', grades: 3 },
  ],
  qualificationBonusMode: 'highest',
  bonusMayExceedPostMax: false,
  promotion: { requiredRatings: ['excellent', 'competent'], effectiveMonth: 1 },
};

const PAY_TABLE: RuleSetContents['pay_table'] = {
  grades: 18,
  referenceWage: 8_000,
  coefficients: [
    { name: 'localCoefficient', label: '地区系数', value: 1.0 },
    { name: 'baseRatio', label: '基准比例', value: 0.7 },
  ],
  gradeCoefficients: [
    { grade: 1, coefficient: 1.0 },
    { grade: 2, coefficient: 1.05 },
    { grade: 3, coefficient: 1.1 },
    { grade: 4, coefficient: 1.15 },
    { grade: 5, coefficient: 1.2 },
    { grade: 6, coefficient: 1.25 },
    { grade: 7, coefficient: 1.3 },
    { grade: 8, coefficient: 1.35 },
    { grade: 9, coefficient: 1.4 },
    { grade: 10, coefficient: 1.45 },
    { grade: 11, coefficient: 1.5 },
    { grade: 12, coefficient: 1.55 },
    { grade: 13, coefficient: 1.6 },
    { grade: 14, coefficient: 1.65 },
    { grade: 15, coefficient: 1.7 },
    { grade: 16, coefficient: 1.75 },
    { grade: 17, coefficient: 1.8 },
    { grade: 18, coefficient: 1.85 },
  ],
  formula: 'referenceWage * localCoefficient * baseRatio * gradeCoefficient',
  split: { base: 0.8, performance: 0.2 },
  performanceFactors: { excellent: 1.2, competent: 1.0, basically_competent: 0.8, incompetent: 0 },
  unratedPerformanceFactor: 1.0,
  qualificationAllowances: [
    { qualification: 'assistant', amount: 200 },
    { qualification: 'intermediate', amount: 300 },
    { qualification: 'senior', amount: 500 },
  ],
  probation: { mode: 'percent', percent: 80 },
  insurance: {
    pension: { employee: 0.08, employer: 0.16 },
    medical: { employee: 0.02, employer: 0.08 },
    unemployment: { employee: 0.005, employer: 0.005 },
    workInjury: { employee: 0, employer: 0.002 },
    maternity: { employee: 0, employer: 0.008 },
    housingFund: { employee: 0.12, employer: 0.12 },
  },
  contributionBase: { floor: 4_000, ceiling: 30_000 },
};

const CONTRACT_PARAMETERS: RuleSetContents['contract_insurance'] = {
  firstTermYears: 3,
  renewalTermYears: 3,
  probationMonths: 6,
  reminderDaysBeforeExpiry: [60, 30],
  openEndedAfterFixedTerms: 2,
};

const RECRUITMENT_CONDITIONS: RuleSetContents['recruitment_conditions'] = {
  ageMin: 18,
  ageMax: 35,
  ageReference: 'application_deadline',
  minEducation: '20',
  majors: null,
  householdRegistration: null,
  requiredQualification: null,
  weights: { writtenExam: 0.5, interview: 0.5 },
  tieBreak: 'written_exam_first',
  publicNoticeWorkingDays: 5,
  probationMonths: 6,
};

export interface ExampleRuleSet<K extends RuleSetKind> {
  /** Suggested name of the seeded rule set. */
  name: string;
  content: RuleSetContents[K];
}

/** Seed/example rule sets, one per kind, frozen. Not defaults: the engine never falls back to them. */
export const EXAMPLE_RULE_SETS: { readonly [K in RuleSetKind]: ExampleRuleSet<K> } = deepFreeze({
  staffing_standard: {
    name: '示例：每万名城镇常住人口 18 名，按户数分档（取较大值）',
    content: STAFFING_STANDARD,
  },
  grade_scheme: { name: '示例：三岗十八级', content: GRADE_SCHEME },
  pay_table: { name: '示例：三岗十八级薪酬标准', content: PAY_TABLE },
  contract_insurance: { name: '示例：劳动合同三年一签', content: CONTRACT_PARAMETERS },
  recruitment_conditions: {
    name: '示例：18–35 周岁，大学本科及以上',
    content: RECRUITMENT_CONDITIONS,
  },
  assessment_scheme: {
    name: '示例：街道考核组 30%、同事 10%、居民 60%，优秀不超过 15%',
    // A copy: deepFreeze must not freeze the assessment module's own constant.
    content: structuredClone(EXAMPLE_ASSESSMENT_SCHEME),
  },
  training_requirements: {
    name: '示例：书记、主任每年培训，其他人员每两年培训，持证 32 学时',
    // A copy: deepFreeze must not freeze the training module's own constant.
    content: {
      certificateHours: EXAMPLE_TRAINING_RULES.certificateHours,
      rules: EXAMPLE_TRAINING_RULES.rules.map((r) => ({
        ...r,
        posts: [...r.posts],
        categories: [...r.categories],
      })),
    },
  },
  evaluation_indicators: {
    name: '示例：社区工作者队伍建设重点任务评估指标',
    // A copy: deepFreeze must not freeze the evaluation module's own constant.
    content: { indicators: EXAMPLE_EVALUATION_INDICATORS.indicators.map((i) => ({ ...i })) },
  },
});
