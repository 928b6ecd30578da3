import { describe, expect, it } from 'vitest';
import {
  checkContractParameters,
  checkGradeScheme,
  checkPayTable,
  checkPayTableMatchesScheme,
  checkRecruitmentConditions,
  checkStaffingStandard,
  EXAMPLE_RULE_SETS,
  RULE_SET_CHECKS,
  type GradeScheme,
  type PayTable,
} from '../../src/index';

const scheme = EXAMPLE_RULE_SETS.grade_scheme.content;
const table = EXAMPLE_RULE_SETS.pay_table.content;
const staffing = EXAMPLE_RULE_SETS.staffing_standard.content;
const contract = EXAMPLE_RULE_SETS.contract_insurance.content;
const recruitment = EXAMPLE_RULE_SETS.recruitment_conditions.content;

describe('example rule sets', () => {
  it('pass every semantic check and fit each other', () => {
    expect(Object.keys(RULE_SET_CHECKS).sort()).toEqual([
      'assessment_scheme',
      'contract_insurance',
      'evaluation_indicators',
      'grade_scheme',
      'pay_table',
      'recruitment_conditions',
      'staffing_standard',
      'training_requirements',
    ]);
    expect(checkStaffingStandard(staffing)).toEqual([]);
    expect(checkGradeScheme(scheme)).toEqual([]);
    expect(checkPayTable(table)).toEqual([]);
    expect(checkContractParameters(contract)).toEqual([]);
    expect(checkRecruitmentConditions(recruitment)).toEqual([]);
    expect(checkPayTableMatchesScheme(table, scheme)).toEqual([]);
  });

  it('are frozen seed data', () => {
    expect(Object.isFrozen(EXAMPLE_RULE_SETS.grade_scheme.content.posts[0])).toBe(true);
  });
});

describe('grade scheme checks', () => {
  const withPosts = (posts: GradeScheme['posts']): GradeScheme => ({ ...scheme, posts });

  it('names the first grade missing from the ladder', () => {
    const gap = withPosts([
      { code: 'principal', minGrade: 7, maxGrade: 18 },
      { code: 'deputy', minGrade: 5, maxGrade: 15 },
      { code: 'staff', minGrade: 1, maxGrade: 3 },
    ]);
    expect(checkGradeScheme(gap)).toEqual([
      {
        path: 'posts',
        message:
          '各岗位的等级范围未覆盖第 4 级（缺 4 级）：合起来须覆盖 1 至 18 级，中间不能有空档',
      },
    ]);
    const twoGaps = withPosts([
      { code: 'principal', minGrade: 12, maxGrade: 18 },
      { code: 'staff', minGrade: 1, maxGrade: 3 },
      { code: 'deputy', minGrade: 6, maxGrade: 9 },
    ]);
    expect(checkGradeScheme(twoGaps)[0]?.message).toContain('第 4 级（缺 4–5、10–11 级）');
  });

  it('accepts overlapping ranges, by design', () => {
    expect(checkGradeScheme(scheme)).toEqual([]); // 7–18, 4–15, 1–12 overlap
  });

  it('reports inverted and out-of-range post ranges and duplicate codes', () => {
    const bad = withPosts([
      { code: 'principal', label: '正职', minGrade: 7, maxGrade: 20 },
      { code: 'deputy', label: '副职', minGrade: 15, maxGrade: 4 },
      { code: 'staff', label: '工作人员', minGrade: 1, maxGrade: 12 },
      { code: 'staff', minGrade: 1, maxGrade: 12 },
    ]);
    const issues = checkGradeScheme(bad);
    expect(issues).toContainEqual({ path: 'posts.3.code', message: '岗位代码“staff”重复' });
    expect(issues).toContainEqual({
      path: 'posts.0.maxGrade',
      message: '正职的最高等级（20）超出总等级数 18',
    });
    expect(issues).toContainEqual({
      path: 'posts.1.maxGrade',
      message: '副职的最高等级（4）不能低于最低等级（15）',
    });
  });

  it('reports duplicate education, qualification and rating entries', () => {
    const dup: GradeScheme = {
      ...scheme,
      educationCredits: [...scheme.educationCredits, { education: '20', years: 2 }],
      qualificationBonuses: [
        ...scheme.qualificationBonuses,
        { qualification: 'senior', grades: 4 },
      ],
      promotion: { requiredRatings: ['excellent', 'excellent'], effectiveMonth: 1 },
    };
    expect(checkGradeScheme(dup).map((i) => i.path)).toEqual([
      'educationCredits.4.education',
      'qualificationBonuses.3.qualification',
      'promotion.requiredRatings',
    ]);
  });
});

describe('pay table checks', () => {
  it('reports a duplicate grade coefficient and the grade it leaves out', () => {
    const dup: PayTable = {
      ...table,
      gradeCoefficients: table.gradeCoefficients.map((g) =>
        g.grade === 5 ? { grade: 4, coefficient: 1.2 } : g,
      ),
    };
    expect(checkPayTable(dup)).toEqual([
      { path: 'gradeCoefficients.4.grade', message: '第 4 级的等级系数重复' },
      { path: 'gradeCoefficients', message: '等级系数表缺少第 5 级：须覆盖 1 至 18 级且每级一项' },
    ]);
  });

  it('reports grades beyond the table and missing ones', () => {
    const short: PayTable = {
      ...table,
      gradeCoefficients: [...table.gradeCoefficients.slice(0, 15), { grade: 19, coefficient: 2 }],
    };
    expect(checkPayTable(short)).toEqual([
      { path: 'gradeCoefficients.15.grade', message: '第 19 级超出总等级数 18' },
      {
        path: 'gradeCoefficients',
        message: '等级系数表缺少第 16–18 级：须覆盖 1 至 18 级且每级一项',
      },
    ]);
  });

  it('names a coefficient the formula uses but the table does not define', () => {
    const missing: PayTable = {
      ...table,
      formula: 'referenceWage * regionCoefficient * baseRatio * gradeCoefficient',
    };
    expect(checkPayTable(missing)).toEqual([
      {
        path: 'formula',
        message:
          '公式中的“regionCoefficient”不是已定义的系数，也不是内置变量（referenceWage、gradeCoefficient、grade）',
      },
    ]);
  });

  it('reports a formula that does not parse or cannot be computed', () => {
    expect(checkPayTable({ ...table, formula: 'referenceWage * (baseRatio' })).toEqual([
      { path: 'formula', message: '公式第 27 个字符处：缺少右括号，遇到公式结尾' },
    ]);
    expect(checkPayTable({ ...table, formula: 'referenceWage / (baseRatio - 0.7)' })).toEqual([
      { path: 'formula', message: '按第 1 级计算的标准工资无效（可能除以零）' },
    ]);
    expect(checkPayTable({ ...table, formula: 'gradeCoefficient - referenceWage' })).toEqual([
      { path: 'formula', message: '按第 1 级计算的标准工资为负数' },
    ]);
  });

  it('reports a split that does not sum to 1', () => {
    expect(checkPayTable({ ...table, split: { base: 0.8, performance: 0.3 } })).toEqual([
      { path: 'split', message: '基本工资比例与绩效工资比例之和应为 1（当前为 1.1）' },
    ]);
    expect(checkPayTable({ ...table, split: { base: 0.7, performance: 0.3 } })).toEqual([]);
  });

  it('reports reserved or duplicate coefficient names, base limits and employer-only insurances', () => {
    const bad: PayTable = {
      ...table,
      coefficients: [
        { name: 'referenceWage', value: 1 },
        { name: 'baseRatio', value: 0.7 },
        { name: 'baseRatio', value: 0.6 },
        { name: 'localCoefficient', value: 1 },
      ],
      insurance: { ...table.insurance, workInjury: { employee: 0.01, employer: 0.002 } },
      contributionBase: { floor: 30_000, ceiling: 4_000 },
      probation: { mode: 'grade_lower', grades: 18 },
    };
    expect(checkPayTable(bad).map((i) => i.path)).toEqual([
      'coefficients.0.name',
      'coefficients.2.name',
      'probation.grades',
      'insurance.workInjury.employee',
      'contributionBase.ceiling',
    ]);
  });

  it('checks that a pay table fits its grade scheme', () => {
    expect(checkPayTableMatchesScheme({ ...table, grades: 24 }, scheme)).toEqual([
      { path: 'grades', message: '薪酬标准的等级数（24）与岗位等级序列的等级数（18）不一致' },
    ]);
  });
});

describe('staffing, contract and recruitment checks', () => {
  it('staffing: bands strictly increasing, rules present for the method, min ≤ cap', () => {
    const issues = checkStaffingStandard({
      method: 'max',
      households: {
        bands: [
          { upTo: 1_000, posts: 10 },
          { upTo: 1_000, posts: 12 },
          { upTo: 3_000, posts: 11 },
        ],
      },
      minPerCommunity: 20,
      capPerCommunity: 15,
      controlLevel: 'city',
    });
    expect(issues).toEqual([
      { path: 'population', message: '按人口计算员额时须填写人口配备规则' },
      { path: 'households.bands.1.upTo', message: '第 2 档户数上限应大于上一档的 1000 户' },
      { path: 'households.bands.2.posts', message: '第 3 档岗位数不应少于上一档的 12 名' },
      { path: 'capPerCommunity', message: '每个社区最多员额（15）不能少于最少员额（20）' },
    ]);
  });

  it('contract: probation within the legal limit for the term, distinct reminders', () => {
    expect(
      checkContractParameters({
        ...contract,
        firstTermYears: 2,
        reminderDaysBeforeExpiry: [30, 30],
      }),
    ).toEqual([
      { path: 'reminderDaysBeforeExpiry', message: '到期提醒天数不能重复' },
      { path: 'probationMonths', message: '劳动合同期限 2 年的试用期不得超过 2 个月' },
    ]);
  });

  it('recruitment: 35–18 is a self-contradiction named on ageMax; weights sum to 1', () => {
    expect(
      checkRecruitmentConditions({
        ...recruitment,
        ageMin: 35,
        ageMax: 18,
        weights: { writtenExam: 0.6, interview: 0.6 },
        majors: ['社会工作', '社会工作'],
      }),
    ).toEqual([
      { path: 'ageMax', message: '年龄上限（18 岁）不能低于年龄下限（35 岁）' },
      { path: 'weights', message: '笔试与面试成绩权重之和应为 1（当前为 1.2）' },
      { path: 'majors.1', message: '专业“社会工作”重复' },
    ]);
    expect(checkRecruitmentConditions({ ...recruitment, ageMax: 40 })).toEqual([]);
  });
});
