// Pure recruitment logic (no I/O): a plan's conditions against the rule in force, an applicant's
// eligibility with reasons, the combined score and ranking with the plan's tie rule, and the end
// of a public notice counted in working days.
import { ageOn, type RecruitmentConditions, type TieBreakRule } from '@cwp/core';
import type { ErrorDetail, PlanConditions } from '@cwp/contracts';

const QUALIFICATION_LEVEL: Readonly<Record<string, number>> = {
  assistant: 1,
  intermediate: 2,
  senior: 3,
};

/** GB/T 4658: a smaller code is a higher level (10 研究生 … 90 其他). */
export function educationAtLeast(have: string, min: string): boolean {
  return Number(have) <= Number(min);
}

export function qualificationAtLeast(have: string | null | undefined, min: string): boolean {
  if (!have) return false;
  const h = QUALIFICATION_LEVEL[have];
  const m = QUALIFICATION_LEVEL[min];
  return h !== undefined && m !== undefined ? h >= m : have === min;
}

export interface PlanTerms {
  conditions: PlanConditions;
  weights: { writtenExam: number; interview: number };
  publicNoticeWorkingDays: number;
  applicationStart: string;
  applicationEnd: string;
  examDate?: string | null | undefined;
}

/**
 * Everything wrong with a plan's terms, each naming its field: contradictions within the plan,
 * and conditions looser than the rule in force where the rule sets a bound.
 */
export function checkPlanTerms(
  plan: PlanTerms,
  rule: RecruitmentConditions | null,
  educationLabel: (code: string) => string = (c) => c,
): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const c = plan.conditions;
  if (c.ageMin > c.ageMax) {
    out.push({
      path: 'conditions.ageMax',
      message: `年龄上限（${c.ageMax} 岁）不能低于年龄下限（${c.ageMin} 岁）`,
    });
  }
  const sum = plan.weights.writtenExam + plan.weights.interview;
  if (Math.abs(sum - 1) > 1e-9) {
    out.push({
      path: 'weights',
      message: `笔试与面试成绩权重之和应为 1（当前为 ${Number(sum.toPrecision(12))}）`,
    });
  }
  if (plan.applicationEnd < plan.applicationStart) {
    out.push({ path: 'applicationEnd', message: '报名截止日期不能早于报名开始日期' });
  }
  if (plan.examDate && plan.examDate <= plan.applicationEnd) {
    out.push({ path: 'examDate', message: '考试日期应在报名截止日期之后' });
  }
  if (c.ageReference === 'exam_date' && !plan.examDate) {
    out.push({ path: 'examDate', message: '年龄按考试日期计算时须填写考试日期' });
  }
  if (c.majors) {
    const seen = new Set<string>();
    c.majors.forEach((m, i) => {
      if (seen.has(m)) out.push({ path: `conditions.majors.${i}`, message: `专业“${m}”重复` });
      seen.add(m);
    });
  }
  if (!rule) return out;
  if (c.ageMin < rule.ageMin) {
    out.push({
      path: 'conditions.ageMin',
      message: `最低年龄不能低于选聘条件规则规定的 ${rule.ageMin} 岁`,
    });
  }
  if (c.ageMax > rule.ageMax) {
    out.push({
      path: 'conditions.ageMax',
      message: `最高年龄不能高于选聘条件规则规定的 ${rule.ageMax} 岁`,
    });
  }
  if (!educationAtLeast(c.minEducation, rule.minEducation)) {
    out.push({
      path: 'conditions.minEducation',
      message: `最低学历不能低于选聘条件规则规定的“${educationLabel(rule.minEducation)}”`,
    });
  }
  if (rule.majors && rule.majors.length > 0) {
    const allowed = new Set(rule.majors);
    if (!c.majors || c.majors.length === 0) {
      out.push({
        path: 'conditions.majors',
        message: `选聘条件规则限定了专业（${rule.majors.join('、')}），计划须在其中选择`,
      });
    } else {
      c.majors.forEach((m, i) => {
        if (!allowed.has(m))
          out.push({
            path: `conditions.majors.${i}`,
            message: `专业“${m}”不在选聘条件规则限定的专业范围内`,
          });
      });
    }
  }
  if (rule.householdRegistration && c.householdRegistration !== rule.householdRegistration) {
    out.push({
      path: 'conditions.householdRegistration',
      message: `户籍要求应与选聘条件规则一致：“${rule.householdRegistration}”`,
    });
  }
  if (
    rule.requiredQualification &&
    !qualificationAtLeast(c.requiredQualification, rule.requiredQualification)
  ) {
    out.push({
      path: 'conditions.requiredQualification',
      message: '职业资格要求不能低于选聘条件规则的要求',
    });
  }
  if (plan.publicNoticeWorkingDays < rule.publicNoticeWorkingDays) {
    out.push({
      path: 'publicNoticeWorkingDays',
      message: `公示期不能少于选聘条件规则规定的 ${rule.publicNoticeWorkingDays} 个工作日`,
    });
  }
  return out;
}

export interface Applicant {
  birthDate: string;
  education: string;
  major: string | null | undefined;
  householdRegistration: string;
  qualification: string | null | undefined;
}

/** Why an applicant does not meet the plan's conditions (empty: eligible). */
export function eligibilityReasons(
  c: PlanConditions,
  referenceDate: string,
  a: Applicant,
  labels: { education: (code: string) => string; qualification: (code: string) => string } = {
    education: (x) => x,
    qualification: (x) => x,
  },
): string[] {
  const reasons: string[] = [];
  const age = ageOn(a.birthDate, referenceDate);
  if (age < c.ageMin) reasons.push(`截至 ${referenceDate} 年龄 ${age} 岁，未满 ${c.ageMin} 周岁`);
  if (age > c.ageMax) reasons.push(`截至 ${referenceDate} 年龄 ${age} 岁，超过 ${c.ageMax} 周岁`);
  if (!educationAtLeast(a.education, c.minEducation)) {
    reasons.push(
      `学历“${labels.education(a.education)}”低于要求的“${labels.education(c.minEducation)}”`,
    );
  }
  if (c.majors && c.majors.length > 0) {
    const m = a.major?.trim() ?? '';
    if (!c.majors.some((x) => m === x)) {
      reasons.push(`专业“${m || '未填写'}”不在要求的专业范围（${c.majors.join('、')}）内`);
    }
  }
  if (c.householdRegistration && !a.householdRegistration.includes(c.householdRegistration)) {
    reasons.push(`户籍“${a.householdRegistration}”不符合“${c.householdRegistration}”的要求`);
  }
  if (c.requiredQualification && !qualificationAtLeast(a.qualification, c.requiredQualification)) {
    reasons.push(`须具有“${labels.qualification(c.requiredQualification)}”及以上职业资格`);
  }
  return reasons;
}

/** Combined score, rounded to 3 decimals (the weights have at most 3). */
export function combinedScore(
  written: number,
  interview: number,
  w: { writtenExam: number; interview: number },
): number {
  return Math.round((written * w.writtenExam + interview * w.interview) * 1000) / 1000;
}

export interface RankInput {
  id: number;
  written: number;
  interview: number;
  combined: number;
  /** Epoch milliseconds of the application. */
  submittedAt: number;
}

export interface RankOutput {
  id: number;
  rank: number;
  tieNote: string | null;
}

const TIE_LABEL: Readonly<Record<TieBreakRule, string>> = {
  written_exam_first: '笔试成绩高者排前',
  interview_first: '面试成绩高者排前',
  earlier_application: '报名时间早者排前',
};

/**
 * Ranks by combined score (high first); equal combined scores are ordered by the plan's rule,
 * then by the earlier application, so every rank is distinct.
 */
export function rank(rows: readonly RankInput[], rule: TieBreakRule): RankOutput[] {
  const byRule = (a: RankInput, b: RankInput): number => {
    if (rule === 'written_exam_first' && a.written !== b.written) return b.written - a.written;
    if (rule === 'interview_first' && a.interview !== b.interview) return b.interview - a.interview;
    if (a.submittedAt !== b.submittedAt) return a.submittedAt - b.submittedAt;
    return a.id - b.id;
  };
  const sorted = [...rows].sort((a, b) =>
    a.combined !== b.combined ? b.combined - a.combined : byRule(a, b),
  );
  return sorted.map((r, i) => {
    const prev = sorted[i - 1];
    const next = sorted[i + 1];
    const tied = (prev && prev.combined === r.combined) || (next && next.combined === r.combined);
    return {
      id: r.id,
      rank: i + 1,
      tieNote: tied ? `综合成绩相同，按“${TIE_LABEL[rule]}”排序` : null,
    };
  });
}

function weekday(iso: string): number {
  return new Date(`${iso}T00:00:00Z`).getUTCDay();
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The last day of a notice of `workingDays` working days starting on `start` (which counts if it
 * is a working day). Only weekends are skipped: public holidays and make-up working days are not
 * known to the platform.
 */
export function noticeEnd(start: string, workingDays: number): string {
  let day = start;
  let counted = 0;
  for (;;) {
    const wd = weekday(day);
    if (wd !== 0 && wd !== 6) counted++;
    if (counted >= workingDays) return day;
    day = nextDay(day);
  }
}
