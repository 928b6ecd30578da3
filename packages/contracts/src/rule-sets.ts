// Career-system rule sets (规则集): the schemas of each kind's CONTENT. A rule set is versioned and
// attached to an org unit by the server; what is inside is data that an administrator edits, and
// the engine in @cwp/core computes from it without any number of its own. Each schema checks the
// structure (zod, Chinese messages naming the field) and then the semantics (checks.ts in core:
// bands in order, a grade ladder without gaps, a formula naming only defined coefficients, …), so
// the web form, the API and the seed all accept exactly the same content.
import {
  AGE_REFERENCE_DATES,
  ASSESSMENT_RATINGS,
  FORMULA_MAX_LENGTH,
  QUALIFICATION_BONUS_MODES,
  ROUNDING_MODES,
  RULE_SET_CHECKS,
  STAFFING_CONTROL_LEVELS,
  STAFFING_METHODS,
  TIE_BREAK_RULES,
  isFormulaIdentifier,
  type RuleIssue,
  type RuleSetContents,
  type RuleSetKind,
} from '@cwp/core';
import { z } from 'zod';
import { hasNoControlChars } from './common';
import { assessmentSchemeContent } from './assessment-cycles';
import { evaluationIndicatorsContent } from './evaluation';
import type { ErrorDetail } from './errors';

export const RULE_SET_KINDS = [
  'staffing_standard',
  'grade_scheme',
  'pay_table',
  'contract_insurance',
  'recruitment_conditions',
  'assessment_scheme',
  'training_requirements',
  'evaluation_indicators',
] as const satisfies readonly RuleSetKind[];

// Fails to compile when core gains a kind this list does not have.
const _everyKindListed: [Exclude<RuleSetKind, (typeof RULE_SET_KINDS)[number]>] extends [never]
  ? true
  : false = true;

export const RULE_SET_KIND_LABELS: Readonly<Record<RuleSetKind, { zh: string; en: string }>> = {
  staffing_standard: { zh: '配备标准', en: 'Staffing standard' },
  grade_scheme: { zh: '岗位等级序列', en: 'Grade scheme' },
  pay_table: { zh: '薪酬标准', en: 'Pay table' },
  contract_insurance: { zh: '劳动合同与社会保险', en: 'Contracts and insurance' },
  recruitment_conditions: { zh: '选聘条件', en: 'Recruitment conditions' },
  assessment_scheme: { zh: '考核方案', en: 'Assessment scheme' },
  training_requirements: { zh: '培训要求', en: 'Training requirements' },
  evaluation_indicators: { zh: '评估指标体系', en: 'Evaluation indicators' },
};

export function isRuleSetKind(value: string): value is RuleSetKind {
  return RULE_SET_KINDS.some((k) => k === value);
}

// ---------------------------------------------------------------------------------------------
// Field builders: every message names the field.

interface NumberOptions {
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  gt?: number;
  int?: boolean;
}

function num(label: string, { min, max, gt, int = false }: NumberOptions = {}) {
  // `abort`: a number out of range stops the semantic checks, which loop up to such numbers.
  let s = z.number({ error: `${label}应为数字` });
  if (int) s = s.int({ error: `${label}应为整数`, abort: true });
  if (gt !== undefined) s = s.gt(gt, { error: `${label}应大于 ${gt}`, abort: true });
  if (min !== undefined) s = s.min(min, { error: `${label}不能小于 ${min}`, abort: true });
  if (max !== undefined) s = s.max(max, { error: `${label}不能大于 ${max}`, abort: true });
  return s;
}

const rate = (label: string) => num(label, { min: 0, max: 1 });

/** ¥ amount with at most two decimals. */
const money = (label: string, max = 1_000_000) =>
  num(label, { min: 0, max }).refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, {
    error: `${label}最多保留两位小数`,
  });

const code = (label: string) =>
  z
    .string({ error: `${label}不能为空` })
    .trim()
    .regex(/^[A-Za-z0-9_]{1,32}$/, { error: `${label}应为 1–32 位字母、数字或下划线` });

const educationCode = (label: string) =>
  z
    .string({ error: `${label}不能为空` })
    .trim()
    .regex(/^\d{2}$/, { error: `${label}应为两位学历代码（GB/T 4658）` });

const label = (max: number, name: string) =>
  z
    .string({ error: `${name}应为文字` })
    .trim()
    .max(max, { error: `${name}不能超过 ${max} 个字符` })
    .refine(hasNoControlChars, { error: `${name}包含不允许的控制字符` });

function oneOf<const T extends readonly [string, ...string[]]>(values: T, name: string) {
  return z.enum(values, { error: `${name}无效，应为 ${values.join(' / ')} 之一` });
}

function list<T extends z.ZodType>(item: T, name: string, { min = 0, max = 100 } = {}) {
  return z
    .array(item, { error: `${name}应为列表` })
    .min(min, { error: `${name}至少需要 ${min} 项` })
    .max(max, { error: `${name}最多 ${max} 项` });
}

function obj<S extends z.core.$ZodLooseShape>(shape: S, name: string) {
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys'
        ? `${name}包含不允许的字段：${iss.keys.join('、')}`
        : `${name}应为对象`,
  });
}

/** Runs core's semantic checks and reports each problem on its field. */
function semantic<K extends RuleSetKind>(kind: K) {
  return (value: RuleSetContents[K], ctx: z.RefinementCtx) => {
    for (const issue of RULE_SET_CHECKS[kind](value)) {
      ctx.addIssue({ code: 'custom', path: toPath(issue.path), message: issue.message });
    }
  };
}

function toPath(dotted: string): (string | number)[] {
  if (dotted === '') return [];
  return dotted.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

// ---------------------------------------------------------------------------------------------
// 配备标准 staffing_standard

export const staffingStandardContent = obj(
  {
    method: oneOf(STAFFING_METHODS, '计算方式'),
    population: obj(
      {
        workers: num('每单位人口配备人数', { gt: 0, max: 10_000 }),
        perResidents: num('人口基数', { gt: 0, max: 10_000_000 }),
        rounding: oneOf(ROUNDING_MODES, '人口配备取整方式').default('ceil'),
      },
      '按人口配备规则',
    ).nullish(),
    households: obj(
      {
        bands: list(
          obj(
            {
              upTo: num('户数上限', { int: true, gt: 0, max: 10_000_000 }),
              posts: num('岗位数', { int: true, min: 0, max: 10_000 }),
            },
            '户数档次',
          ),
          '户数档次',
          { min: 1, max: 50 },
        ),
        beyond: obj(
          {
            posts: num('每步增配岗位数', { int: true, gt: 0, max: 100 }),
            everyHouseholds: num('每步户数', { int: true, gt: 0, max: 1_000_000 }),
            rounding: oneOf(ROUNDING_MODES, '超出户数取整方式').default('floor'),
          },
          '超出最高档后的增配规则',
        ).nullish(),
      },
      '按户数配备规则',
    ).nullish(),
    minPerCommunity: num('每个社区最少员额', { int: true, min: 0, max: 10_000 }).nullish(),
    capPerCommunity: num('每个社区最多员额', { int: true, min: 0, max: 10_000 }).nullish(),
    controlLevel: oneOf(STAFFING_CONTROL_LEVELS, '总量控制层级'),
  },
  '配备标准',
).superRefine(semantic('staffing_standard'));

// ---------------------------------------------------------------------------------------------
// 岗位等级序列 grade_scheme

/** Upper bound shared with `worker.grade`. */
export const MAX_GRADES = 30;

const gradeNumber = (name: string) => num(name, { int: true, min: 1, max: MAX_GRADES });
const yearsPerStep = (name: string) => num(name, { gt: 0, max: 20 });

export const gradeSchemeContent = obj(
  {
    grades: gradeNumber('总等级数'),
    posts: list(
      obj(
        {
          code: code('岗位代码'),
          label: label(20, '岗位名称').nullish(),
          minGrade: gradeNumber('岗位最低等级'),
          maxGrade: gradeNumber('岗位最高等级'),
          yearsPerStep: yearsPerStep('该岗位每晋一级所需年限').nullish(),
        },
        '岗位',
      ),
      '岗位',
      { min: 1, max: 20 },
    ),
    yearsPerStep: yearsPerStep('每晋一级所需年限'),
    educationCredits: list(
      obj(
        { education: educationCode('学历代码'), years: num('学历折算年限', { min: 0, max: 20 }) },
        '学历折算',
      ),
      '学历折算',
    ).default([]),
    qualificationBonuses: list(
      obj(
        {
          qualification: code('职业资格'),
          grades: num('职业资格加级数', { int: true, min: 0, max: MAX_GRADES }),
        },
        '职业资格加级',
      ),
      '职业资格加级',
      { max: 20 },
    ).default([]),
    qualificationBonusMode: oneOf(QUALIFICATION_BONUS_MODES, '职业资格加级方式').default('highest'),
    bonusMayExceedPostMax: z
      .boolean({ error: '是否允许加级超过岗位最高等级应为是或否' })
      .default(false),
    promotion: obj(
      {
        requiredRatings: list(oneOf(ASSESSMENT_RATINGS, '晋级所需考核等次'), '晋级所需考核等次', {
          min: 1,
          max: ASSESSMENT_RATINGS.length,
        }),
        effectiveMonth: num('晋级生效月份', { int: true, min: 1, max: 12 }),
      },
      '晋级条件',
    ),
  },
  '岗位等级序列',
).superRefine(semantic('grade_scheme'));

// ---------------------------------------------------------------------------------------------
// 薪酬标准 pay_table

const contributionRate = (name: string) =>
  obj({ employee: rate(`${name}个人费率`), employer: rate(`${name}单位费率`) }, name);

export const payTableContent = obj(
  {
    grades: gradeNumber('总等级数'),
    referenceWage: money('工资基数'),
    coefficients: list(
      obj(
        {
          name: z
            .string({ error: '系数名称不能为空' })
            .trim()
            .max(40, { error: '系数名称不能超过 40 个字符' })
            .refine(isFormulaIdentifier, {
              error: '系数名称应以字母开头，只含字母、数字和下划线（如 localCoefficient）',
            }),
          label: label(20, '系数说明').nullish(),
          value: num('系数值', { min: 0, max: 1_000 }),
        },
        '系数',
      ),
      '系数',
      { max: 30 },
    ),
    gradeCoefficients: list(
      obj(
        {
          grade: gradeNumber('等级'),
          coefficient: num('等级系数', { min: 0, max: 100 }),
        },
        '等级系数',
      ),
      '等级系数表',
      { min: 1, max: MAX_GRADES },
    ),
    formula: z
      .string({ error: '计算公式不能为空' })
      .trim()
      .min(1, { error: '计算公式不能为空' })
      .max(FORMULA_MAX_LENGTH, { error: `计算公式不能超过 ${FORMULA_MAX_LENGTH} 个字符` }),
    split: obj(
      { base: rate('基本工资比例'), performance: rate('绩效工资比例') },
      '基本工资与绩效工资比例',
    ),
    performanceFactors: obj(
      {
        excellent: num('“优秀”绩效系数', { min: 0, max: 5 }),
        competent: num('“合格”绩效系数', { min: 0, max: 5 }),
        basically_competent: num('“基本合格”绩效系数', { min: 0, max: 5 }),
        incompetent: num('“不合格”绩效系数', { min: 0, max: 5 }),
      },
      '绩效系数',
    ),
    unratedPerformanceFactor: num('无考核结果时的绩效系数', { min: 0, max: 5 }).default(1),
    qualificationAllowances: list(
      obj(
        { qualification: code('职业资格'), amount: money('职业资格津贴', 100_000) },
        '职业资格津贴',
      ),
      '职业资格津贴',
      { max: 20 },
    ).default([]),
    probation: z.discriminatedUnion(
      'mode',
      [
        obj(
          {
            mode: z.literal('percent'),
            percent: num('试用期工资比例（%）', { gt: 0, max: 100 }),
          },
          '试用期工资规则',
        ),
        obj(
          {
            mode: z.literal('grade_lower'),
            grades: num('试用期降低等级数', { int: true, min: 1, max: MAX_GRADES }),
          },
          '试用期工资规则',
        ),
      ],
      { error: '试用期工资规则应为按比例（percent）或降低等级（grade_lower）' },
    ),
    insurance: obj(
      {
        pension: contributionRate('养老保险'),
        medical: contributionRate('医疗保险'),
        unemployment: contributionRate('失业保险'),
        workInjury: contributionRate('工伤保险'),
        maternity: contributionRate('生育保险'),
        housingFund: contributionRate('住房公积金'),
      },
      '五险一金费率',
    ),
    contributionBase: obj(
      { floor: money('缴费基数下限'), ceiling: money('缴费基数上限') },
      '缴费基数上下限',
    ),
  },
  '薪酬标准',
).superRefine(semantic('pay_table'));

// ---------------------------------------------------------------------------------------------
// 劳动合同与社会保险 contract_insurance

export const contractInsuranceContent = obj(
  {
    firstTermYears: num('首次合同期限（年）', { gt: 0, max: 10 }),
    renewalTermYears: num('续订合同期限（年）', { gt: 0, max: 10 }),
    probationMonths: num('试用期（月）', { int: true, min: 0, max: 6 }),
    reminderDaysBeforeExpiry: list(
      num('到期提醒天数', { int: true, min: 1, max: 365 }),
      '到期提醒天数',
      { max: 10 },
    ),
    openEndedAfterFixedTerms: num('连续订立固定期限合同次数', { int: true, min: 1, max: 10 }),
  },
  '劳动合同参数',
).superRefine(semantic('contract_insurance'));

// ---------------------------------------------------------------------------------------------
// 选聘条件 recruitment_conditions

export const recruitmentConditionsContent = obj(
  {
    ageMin: num('最低年龄', { int: true, min: 16, max: 70 }),
    ageMax: num('最高年龄', { int: true, min: 16, max: 70 }),
    ageReference: oneOf(AGE_REFERENCE_DATES, '年龄计算基准日'),
    minEducation: educationCode('最低学历'),
    majors: list(label(50, '专业').pipe(z.string().min(1, { error: '专业不能为空' })), '专业', {
      max: 100,
    }).nullish(),
    householdRegistration: label(200, '户籍要求').nullish(),
    requiredQualification: code('职业资格要求').nullish(),
    weights: obj(
      { writtenExam: rate('笔试成绩权重'), interview: rate('面试成绩权重') },
      '成绩权重',
    ),
    tieBreak: oneOf(TIE_BREAK_RULES, '同分排序规则'),
    publicNoticeWorkingDays: num('公示期（工作日）', { int: true, min: 1, max: 30 }),
    probationMonths: num('试用期（月）', { int: true, min: 0, max: 6 }),
  },
  '选聘条件',
).superRefine(semantic('recruitment_conditions'));

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// 培训要求 training_requirements (capacity building): the first rule matching a worker's post and
// category governs; hours and trainings are counted over the rule's window of years.

const trainingRequirement = obj(
  {
    code: code('规则代码'),
    posts: list(code('适用岗位'), '适用岗位', { max: 20 }).default([]),
    categories: list(code('适用人员类别'), '适用人员类别', { max: 20 }).default([]),
    periodYears: num('统计周期（年）', { int: true, min: 1, max: 5 }),
    minTrainings: num('周期内最少培训次数', { int: true, min: 0, max: 100 }),
    minHours: num('周期内最少学时', { min: 0, max: 1_000 }),
  },
  '培训规则',
);

export const trainingRequirementsContent = obj(
  {
    rules: list(trainingRequirement, '培训规则', { min: 1, max: 20 }),
    certificateHours: num('持证年度学时', { min: 0, max: 1_000 }),
  },
  '培训要求',
).superRefine(semantic('training_requirements'));

export const RULE_SET_CONTENT_SCHEMAS = {
  staffing_standard: staffingStandardContent,
  grade_scheme: gradeSchemeContent,
  pay_table: payTableContent,
  contract_insurance: contractInsuranceContent,
  recruitment_conditions: recruitmentConditionsContent,
  assessment_scheme: assessmentSchemeContent,
  training_requirements: trainingRequirementsContent,
  evaluation_indicators: evaluationIndicatorsContent,
} as const satisfies { [K in RuleSetKind]: z.ZodType<RuleSetContents[K]> };

/** `{kind, content}` of any rule set, discriminated by kind. */
export const ruleSetContent = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('staffing_standard'), content: staffingStandardContent }),
    z.strictObject({ kind: z.literal('grade_scheme'), content: gradeSchemeContent }),
    z.strictObject({ kind: z.literal('pay_table'), content: payTableContent }),
    z.strictObject({ kind: z.literal('contract_insurance'), content: contractInsuranceContent }),
    z.strictObject({
      kind: z.literal('recruitment_conditions'),
      content: recruitmentConditionsContent,
    }),
    z.strictObject({ kind: z.literal('assessment_scheme'), content: assessmentSchemeContent }),
    z.strictObject({
      kind: z.literal('training_requirements'),
      content: trainingRequirementsContent,
    }),
    z.strictObject({
      kind: z.literal('evaluation_indicators'),
      content: evaluationIndicatorsContent,
    }),
  ],
  { error: `规则类型无效，应为 ${RULE_SET_KINDS.join(' / ')} 之一` },
);
export type RuleSetContent = z.infer<typeof ruleSetContent>;

export type RuleSetValidationResult<K extends RuleSetKind = RuleSetKind> =
  { ok: true; value: RuleSetContents[K] } | { ok: false; errors: ErrorDetail[] };

function toDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: base ? `${base}.${k}` : k, message: issue.message }));
    }
    return [{ path: base, message: issue.message }];
  });
}

/**
 * Validates the content of a rule set of `kind`: structure, then semantics. On success `value` is
 * the content to store (trimmed, defaults filled in); paths in `errors` are relative to the content.
 */
export function validateRuleSetContent<K extends RuleSetKind>(
  kind: K,
  content: unknown,
): RuleSetValidationResult<K>;
export function validateRuleSetContent(kind: string, content: unknown): RuleSetValidationResult;
export function validateRuleSetContent(kind: string, content: unknown): RuleSetValidationResult {
  if (!isRuleSetKind(kind)) {
    return {
      ok: false,
      errors: [{ path: 'kind', message: `规则类型无效，应为 ${RULE_SET_KINDS.join(' / ')} 之一` }],
    };
  }
  const result = RULE_SET_CONTENT_SCHEMAS[kind].safeParse(content);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: toDetails(result.error.issues) };
}

export type { RuleIssue };
