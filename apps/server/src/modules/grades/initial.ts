// Initial grading (定级): the starting grade of a worker from years of community work, education
// and qualification, by the grade ladder in force for the worker's unit on a date. Used on hire
// (recruitment) and by the "propose a grade" endpoint for an existing worker.
import { completedYears, RuleEngineError, startingGrade } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { fieldError } from '../../lib/errors';
import { resolveInForce } from '../rule-sets/resolve';

export interface InitialGradeInput {
  orgUnitId: number;
  post: string;
  /** Start of community work (YYYY-MM-DD); whole years up to `onDate` count. */
  workStartDate: string;
  education: string | null;
  qualification: string | null;
  /** The date whose ladder in force applies (usually the hire date). */
  onDate: string;
}

export interface InitialGradeResult {
  grade: number;
  ruleSetId: number;
  ruleVersionNo: number;
  /** Why this grade, one sentence per step, joined with "；". */
  explanation: string;
}

/** Rejected with a 400 naming the field when no ladder is in force or the input does not fit it. */
export async function computeInitialGrade(
  tx: DbOrTx,
  input: InitialGradeInput,
): Promise<InitialGradeResult> {
  const { rows } = await tx.execute<{ path: string }>(
    sql`select path from org_unit where id = ${input.orgUnitId}`,
  );
  const unitPath = rows[0]?.path;
  if (!unitPath) throw fieldError('orgUnitId', '所属组织不存在');
  const rule = await resolveInForce(tx, 'grade_scheme', unitPath, input.onDate);
  if (!rule) {
    throw fieldError('orgUnitId', `该组织在 ${input.onDate} 没有生效的岗位等级规则，无法定级`);
  }
  if (input.workStartDate > input.onDate) {
    throw fieldError('workStartDate', '参加社区工作时间不能晚于定级日期');
  }
  let years: number;
  try {
    years = completedYears(input.workStartDate, input.onDate);
  } catch (e) {
    if (e instanceof RuleEngineError) throw fieldError('workStartDate', e.message);
    throw e;
  }
  try {
    const r = startingGrade(rule.content, {
      post: input.post,
      yearsOfCommunityWork: years,
      education: input.education,
      qualification: input.qualification,
    });
    const source = `依据“${rule.name}”第 ${rule.versionNo} 版（${rule.orgUnitName}，${rule.effectiveFrom} 起施行）`;
    return {
      grade: r.grade,
      ruleSetId: rule.id,
      ruleVersionNo: rule.versionNo,
      explanation: [...r.reasons, source].join('；'),
    };
  } catch (e) {
    if (e instanceof RuleEngineError) {
      throw fieldError(e.code === 'UNKNOWN_POST' ? 'post' : 'workStartDate', e.message);
    }
    throw e;
  }
}
