/**
 * Semantic checks of rule-set content: the rules a JSON schema cannot express (bands in order, a
 * grade ladder without gaps, a formula that only names defined coefficients). They run after the
 * structural validation in `@cwp/contracts`, on content of the right shape, and return every
 * problem with a dotted path to the field, in Chinese, as the form shows it.
 */
import { evaluate, parseFormula } from './formula';
import { checkAssessmentScheme } from '../assessment/checks';
import { checkTrainingRequirements } from '../training/index';
import { checkEvaluationIndicators } from '../evaluation/checks';
import {
  PAY_FORMULA_VARIABLES,
  type ContractParameters,
  type GradeScheme,
  type PayTable,
  type RecruitmentConditions,
  type RuleSetContents,
  type RuleSetKind,
  type StaffingStandard,
} from './types';

export interface RuleIssue {
  /** Dotted path, e.g. `posts.2.maxGrade`; empty for the whole content. */
  path: string;
  message: string;
}

const EPSILON = 1e-9;
/** The checks loop over grades; refuse absurd counts before looping (the schema allows ≤ 30). */
const MAX_GRADES_CHECKED = 100;

function gradesCountIssue(grades: number): RuleIssue[] {
  return Number.isInteger(grades) && grades >= 1 && grades <= MAX_GRADES_CHECKED
    ? []
    : [{ path: 'grades', message: `总等级数应为 1 至 ${MAX_GRADES_CHECKED} 之间的整数` }];
}

function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: (i: number) => string,
  what: string,
): RuleIssue[] {
  const seen = new Set<string>();
  const issues: RuleIssue[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) issues.push({ path: path(i), message: `${what}“${k}”重复` });
    seen.add(k);
  });
  return issues;
}

/** Formats a list of grades compactly: 3、5–7、9. */
function gradeList(grades: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const g of grades) {
    const last = runs[runs.length - 1];
    if (last && g === last[1] + 1) last[1] = g;
    else runs.push([g, g]);
  }
  return runs.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join('、');
}

export function checkStaffingStandard(s: StaffingStandard): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (s.method !== 'households' && !s.population) {
    issues.push({ path: 'population', message: '按人口计算员额时须填写人口配备规则' });
  }
  if (s.method !== 'population' && !s.households) {
    issues.push({ path: 'households', message: '按户数计算员额时须填写户数配备档次' });
  }
  if (s.households) {
    s.households.bands.forEach((band, i) => {
      const prev = s.households?.bands[i - 1];
      if (!prev) return;
      if (band.upTo <= prev.upTo) {
        issues.push({
          path: `households.bands.${i}.upTo`,
          message: `第 ${i + 1} 档户数上限应大于上一档的 ${prev.upTo} 户`,
        });
      }
      if (band.posts < prev.posts) {
        issues.push({
          path: `households.bands.${i}.posts`,
          message: `第 ${i + 1} 档岗位数不应少于上一档的 ${prev.posts} 名`,
        });
      }
    });
  }
  const min = s.minPerCommunity;
  const cap = s.capPerCommunity;
  if (min !== null && min !== undefined && cap !== null && cap !== undefined && min > cap) {
    issues.push({
      path: 'capPerCommunity',
      message: `每个社区最多员额（${cap}）不能少于最少员额（${min}）`,
    });
  }
  return issues;
}

export function checkGradeScheme(s: GradeScheme): RuleIssue[] {
  const countIssue = gradesCountIssue(s.grades);
  if (countIssue.length > 0) return countIssue;
  const issues: RuleIssue[] = duplicates(
    s.posts,
    (p) => p.code,
    (i) => `posts.${i}.code`,
    '岗位代码',
  );
  const covered = new Array<boolean>(s.grades + 1).fill(false);
  s.posts.forEach((post, i) => {
    const label = post.label ?? post.code;
    if (post.minGrade > post.maxGrade) {
      issues.push({
        path: `posts.${i}.maxGrade`,
        message: `${label}的最高等级（${post.maxGrade}）不能低于最低等级（${post.minGrade}）`,
      });
      return;
    }
    if (post.minGrade > s.grades) {
      issues.push({
        path: `posts.${i}.minGrade`,
        message: `${label}的最低等级（${post.minGrade}）超出总等级数 ${s.grades}`,
      });
    }
    if (post.maxGrade > s.grades) {
      issues.push({
        path: `posts.${i}.maxGrade`,
        message: `${label}的最高等级（${post.maxGrade}）超出总等级数 ${s.grades}`,
      });
    }
    for (let g = Math.max(1, post.minGrade); g <= Math.min(post.maxGrade, s.grades); g++) {
      covered[g] = true;
    }
  });
  const missing: number[] = [];
  for (let g = 1; g <= s.grades; g++) if (!covered[g]) missing.push(g);
  const firstMissing = missing[0];
  if (firstMissing !== undefined && s.posts.length > 0) {
    issues.push({
      path: 'posts',
      message: `各岗位的等级范围未覆盖第 ${firstMissing} 级（缺 ${gradeList(missing)} 级）：合起来须覆盖 1 至 ${s.grades} 级，中间不能有空档`,
    });
  }
  issues.push(
    ...duplicates(
      s.educationCredits,
      (c) => c.education,
      (i) => `educationCredits.${i}.education`,
      '学历代码',
    ),
    ...duplicates(
      s.qualificationBonuses,
      (b) => b.qualification,
      (i) => `qualificationBonuses.${i}.qualification`,
      '职业资格',
    ),
    ...duplicates(
      s.promotion.requiredRatings,
      (r) => r,
      () => 'promotion.requiredRatings',
      '考核等次',
    ),
  );
  return issues;
}

export function checkPayTable(t: PayTable): RuleIssue[] {
  const issues: RuleIssue[] = gradesCountIssue(t.grades);
  if (issues.length > 0) return issues;
  const reserved: readonly string[] = PAY_FORMULA_VARIABLES;
  t.coefficients.forEach((c, i) => {
    if (reserved.includes(c.name)) {
      issues.push({
        path: `coefficients.${i}.name`,
        message: `“${c.name}”是公式的内置变量，不能用作系数名称`,
      });
    }
  });
  issues.push(
    ...duplicates(
      t.coefficients,
      (c) => c.name,
      (i) => `coefficients.${i}.name`,
      '系数名称',
    ),
  );

  // Grade coefficients: grades 1..N, each exactly once.
  const seen = new Set<number>();
  let gradesOk = true;
  t.gradeCoefficients.forEach((row, i) => {
    if (row.grade > t.grades) {
      gradesOk = false;
      issues.push({
        path: `gradeCoefficients.${i}.grade`,
        message: `第 ${row.grade} 级超出总等级数 ${t.grades}`,
      });
    } else if (seen.has(row.grade)) {
      gradesOk = false;
      issues.push({
        path: `gradeCoefficients.${i}.grade`,
        message: `第 ${row.grade} 级的等级系数重复`,
      });
    }
    seen.add(row.grade);
  });
  const missing: number[] = [];
  for (let g = 1; g <= t.grades; g++) if (!seen.has(g)) missing.push(g);
  if (missing.length > 0) {
    gradesOk = false;
    issues.push({
      path: 'gradeCoefficients',
      message: `等级系数表缺少第 ${gradeList(missing)} 级：须覆盖 1 至 ${t.grades} 级且每级一项`,
    });
  }

  const parsed = parseFormula(t.formula);
  if (!parsed.ok) {
    issues.push({ path: 'formula', message: parsed.message });
  } else {
    const known = new Set<string>([...reserved, ...t.coefficients.map((c) => c.name)]);
    const unknown = parsed.identifiers.filter((id) => !known.has(id));
    for (const name of unknown) {
      issues.push({
        path: 'formula',
        message: `公式中的“${name}”不是已定义的系数，也不是内置变量（${reserved.join('、')}）`,
      });
    }
    if (unknown.length === 0 && gradesOk) {
      const vars = Object.fromEntries([
        ...t.coefficients.map((c) => [c.name, c.value] as const),
        ['referenceWage', t.referenceWage],
      ]);
      for (const row of t.gradeCoefficients) {
        let value: number;
        try {
          value = evaluate(parsed.ast, {
            ...vars,
            gradeCoefficient: row.coefficient,
            grade: row.grade,
          });
        } catch {
          value = Number.NaN;
        }
        if (!(value >= 0)) {
          issues.push({
            path: 'formula',
            message: `按第 ${row.grade} 级计算的标准工资${Number.isNaN(value) ? '无效（可能除以零）' : '为负数'}`,
          });
          break;
        }
      }
    }
  }

  const sum = t.split.base + t.split.performance;
  if (Math.abs(sum - 1) > EPSILON) {
    issues.push({
      path: 'split',
      message: `基本工资比例与绩效工资比例之和应为 1（当前为 ${Number(sum.toPrecision(12))}）`,
    });
  }
  issues.push(
    ...duplicates(
      t.qualificationAllowances,
      (a) => a.qualification,
      (i) => `qualificationAllowances.${i}.qualification`,
      '职业资格',
    ),
  );
  if (t.probation.mode === 'grade_lower' && t.probation.grades >= t.grades) {
    issues.push({
      path: 'probation.grades',
      message: `试用期降低的等级数应小于总等级数 ${t.grades}`,
    });
  }
  // Social insurance law: work-injury and maternity insurance are paid by the employer alone.
  for (const kind of ['workInjury', 'maternity'] as const) {
    if (t.insurance[kind].employee !== 0) {
      issues.push({
        path: `insurance.${kind}.employee`,
        message: `${kind === 'workInjury' ? '工伤保险' : '生育保险'}由单位缴纳，个人费率应为 0`,
      });
    }
  }
  if (t.contributionBase.floor > t.contributionBase.ceiling) {
    issues.push({
      path: 'contributionBase.ceiling',
      message: `缴费基数上限（${t.contributionBase.ceiling}）不能低于下限（${t.contributionBase.floor}）`,
    });
  }
  return issues;
}

/** Longest probation labour law allows for a first contract of this many years (第十九条). */
export function maxProbationMonths(termYears: number): number {
  if (termYears >= 3) return 6;
  if (termYears >= 1) return 2;
  return 1;
}

export function checkContractParameters(c: ContractParameters): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (new Set(c.reminderDaysBeforeExpiry).size !== c.reminderDaysBeforeExpiry.length) {
    issues.push({ path: 'reminderDaysBeforeExpiry', message: '到期提醒天数不能重复' });
  }
  const max = maxProbationMonths(c.firstTermYears);
  if (c.probationMonths > max) {
    issues.push({
      path: 'probationMonths',
      message: `劳动合同期限 ${c.firstTermYears} 年的试用期不得超过 ${max} 个月`,
    });
  }
  return issues;
}

export function checkRecruitmentConditions(r: RecruitmentConditions): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (r.ageMin > r.ageMax) {
    issues.push({
      path: 'ageMax',
      message: `年龄上限（${r.ageMax} 岁）不能低于年龄下限（${r.ageMin} 岁）`,
    });
  }
  const sum = r.weights.writtenExam + r.weights.interview;
  if (Math.abs(sum - 1) > EPSILON) {
    issues.push({
      path: 'weights',
      message: `笔试与面试成绩权重之和应为 1（当前为 ${Number(sum.toPrecision(12))}）`,
    });
  }
  if (r.majors)
    issues.push(
      ...duplicates(
        r.majors,
        (m) => m,
        (i) => `majors.${i}`,
        '专业',
      ),
    );
  return issues;
}

export const RULE_SET_CHECKS: {
  readonly [K in RuleSetKind]: (content: RuleSetContents[K]) => RuleIssue[];
} = {
  staffing_standard: checkStaffingStandard,
  grade_scheme: checkGradeScheme,
  pay_table: checkPayTable,
  contract_insurance: checkContractParameters,
  recruitment_conditions: checkRecruitmentConditions,
  assessment_scheme: checkAssessmentScheme,
  training_requirements: checkTrainingRequirements,
  evaluation_indicators: checkEvaluationIndicators,
};

/** Checks that a pay table fits the grade scheme it is used with (both in force for one region). */
export function checkPayTableMatchesScheme(table: PayTable, scheme: GradeScheme): RuleIssue[] {
  return table.grades === scheme.grades
    ? []
    : [
        {
          path: 'grades',
          message: `薪酬标准的等级数（${table.grades}）与岗位等级序列的等级数（${scheme.grades}）不一致`,
        },
      ];
}
