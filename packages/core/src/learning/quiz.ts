/**
 * Quiz grading (online learning): single- and multiple-choice questions graded automatically.
 * A multiple-choice question scores only when exactly the right options are chosen (no partial
 * credit). The score is a percentage of the points; the pass mark is a percentage too.
 */

export type QuizQuestionKind = 'single' | 'multiple';

export interface QuizQuestion {
  id: number;
  kind: QuizQuestionKind;
  /** Number of options offered. */
  optionCount: number;
  /** Indexes (0-based) of the correct options. */
  correct: readonly number[];
  points: number;
}

export interface QuizAnswer {
  questionId: number;
  chosen: readonly number[];
}

export interface QuizGrade {
  /** 0–100, rounded to one decimal. */
  score: number;
  earnedPoints: number;
  totalPoints: number;
  passed: boolean;
  perQuestion: { questionId: number; correct: boolean }[];
}

export class QuizAnswerError extends Error {
  constructor(
    readonly questionId: number,
    message: string,
  ) {
    super(message);
  }
}

/** Rejects answers to unknown questions, duplicate answers, or options out of range. */
export function gradeQuiz(
  questions: readonly QuizQuestion[],
  answers: readonly QuizAnswer[],
  passMark: number,
): QuizGrade {
  const byId = new Map(answers.map((a) => [a.questionId, a]));
  if (byId.size !== answers.length) {
    const dup = answers.find(
      (a, i) => answers.findIndex((b) => b.questionId === a.questionId) !== i,
    );
    throw new QuizAnswerError(dup?.questionId ?? 0, '同一题目只能作答一次');
  }
  const known = new Set(questions.map((q) => q.id));
  for (const a of answers) {
    if (!known.has(a.questionId)) throw new QuizAnswerError(a.questionId, '题目不属于本测验');
  }
  let earned = 0;
  let total = 0;
  const perQuestion: QuizGrade['perQuestion'] = [];
  for (const q of questions) {
    total += q.points;
    const chosen = [...new Set(byId.get(q.id)?.chosen ?? [])].sort((x, y) => x - y);
    if (chosen.some((c) => !Number.isInteger(c) || c < 0 || c >= q.optionCount)) {
      throw new QuizAnswerError(q.id, '所选选项不存在');
    }
    if (q.kind === 'single' && chosen.length > 1) {
      throw new QuizAnswerError(q.id, '单选题只能选择一个选项');
    }
    const right = [...new Set(q.correct)].sort((x, y) => x - y);
    const ok = chosen.length === right.length && chosen.every((c, i) => c === right[i]);
    if (ok) earned += q.points;
    perQuestion.push({ questionId: q.id, correct: ok });
  }
  const score = total === 0 ? 0 : Math.round((earned / total) * 1000) / 10;
  return {
    score,
    earnedPoints: earned,
    totalPoints: total,
    passed: score >= passMark,
    perQuestion,
  };
}
