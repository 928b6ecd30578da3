import { describe, expect, it } from 'vitest';
import { gradeQuiz, QuizAnswerError, type QuizQuestion } from '../../src/index';

const questions: QuizQuestion[] = [
  { id: 1, kind: 'single', optionCount: 4, correct: [2], points: 40 },
  { id: 2, kind: 'multiple', optionCount: 4, correct: [0, 3], points: 60 },
];

describe('quiz grading', () => {
  it('scores all-correct answers 100 and passes', () => {
    const g = gradeQuiz(
      questions,
      [
        { questionId: 1, chosen: [2] },
        { questionId: 2, chosen: [3, 0] },
      ],
      60,
    );
    expect(g).toMatchObject({ score: 100, earnedPoints: 100, totalPoints: 100, passed: true });
  });

  it('gives no partial credit on a multiple-choice question', () => {
    const g = gradeQuiz(
      questions,
      [
        { questionId: 1, chosen: [2] },
        { questionId: 2, chosen: [0] },
      ],
      60,
    );
    expect(g.score).toBe(40);
    expect(g.passed).toBe(false);
    expect(g.perQuestion).toEqual([
      { questionId: 1, correct: true },
      { questionId: 2, correct: false },
    ]);
  });

  it('treats an unanswered question as wrong and passes exactly at the mark', () => {
    const g = gradeQuiz(questions, [{ questionId: 2, chosen: [0, 3] }], 60);
    expect(g).toMatchObject({ score: 60, passed: true });
  });

  it('rejects bad answers', () => {
    expect(() => gradeQuiz(questions, [{ questionId: 9, chosen: [0] }], 60)).toThrow(
      QuizAnswerError,
    );
    expect(() => gradeQuiz(questions, [{ questionId: 1, chosen: [0, 1] }], 60)).toThrow(
      '单选题只能选择一个选项',
    );
    expect(() => gradeQuiz(questions, [{ questionId: 1, chosen: [7] }], 60)).toThrow(
      '所选选项不存在',
    );
    expect(() =>
      gradeQuiz(
        questions,
        [
          { questionId: 1, chosen: [2] },
          { questionId: 1, chosen: [1] },
        ],
        60,
      ),
    ).toThrow('同一题目只能作答一次');
  });

  it('rounds the score to one decimal', () => {
    const three: QuizQuestion[] = [1, 2, 3].map((id) => ({
      id,
      kind: 'single',
      optionCount: 2,
      correct: [0],
      points: 1,
    }));
    expect(gradeQuiz(three, [{ questionId: 1, chosen: [0] }], 30).score).toBe(33.3);
  });
});
