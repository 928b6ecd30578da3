// Worked examples of the training rules: the example local rules (secretaries and directors every
// year, others every two years, 32 hours for the post certificate) and a rule with an hours floor.
import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_TRAINING_RULES,
  evaluateCompliance,
  roundHours,
  ruleFor,
  validateTrainingRuleSet,
  checkTrainingRequirements,
  type TrainingRuleSet,
} from '../../src/training/index';
import { EXAMPLE_RULE_SETS, RULE_SET_CHECKS } from '../../src/career/index';

const principal = { post: 'principal', category: 'committee_member' };
const staff = { post: 'staff', category: 'full_time' };

describe('ruleFor', () => {
  it('picks the first rule matching post and category', () => {
    expect(ruleFor(EXAMPLE_TRAINING_RULES, principal)?.code).toBe('principal_yearly');
    expect(ruleFor(EXAMPLE_TRAINING_RULES, staff)?.code).toBe('others_biennial');
  });
  it('returns null when nothing matches', () => {
    const set: TrainingRuleSet = {
      certificateHours: 0,
      rules: [
        {
          code: 'x',
          posts: ['principal'],
          categories: [],
          periodYears: 1,
          minTrainings: 1,
          minHours: 0,
        },
      ],
    };
    expect(ruleFor(set, staff)).toBeNull();
  });
});

describe('evaluateCompliance (example local rules, report year 2026)', () => {
  it('a secretary trained only in 2025 is behind in 2026 by one training', () => {
    const r = evaluateCompliance(
      EXAMPLE_TRAINING_RULES,
      principal,
      [{ year: 2025, hours: 40, trainings: 2 }],
      2026,
    );
    expect(r).toMatchObject({ ruleCode: 'principal_yearly', windowFrom: 2026, windowTo: 2026 });
    expect(r.meets).toBe(false);
    expect(r.trainingsShort).toBe(1);
    expect(r.certificateHoursShort).toBe(32);
  });
  it('a staff member trained in 2025 still meets the two-year rule in 2026', () => {
    const r = evaluateCompliance(
      EXAMPLE_TRAINING_RULES,
      staff,
      [{ year: 2025, hours: 8, trainings: 1 }],
      2026,
    );
    expect(r).toMatchObject({
      windowFrom: 2025,
      meets: true,
      hours: 8,
      trainings: 1,
      yearHours: 0,
    });
  });
  it('a staff member last trained in 2024 is behind in 2026', () => {
    const r = evaluateCompliance(
      EXAMPLE_TRAINING_RULES,
      staff,
      [{ year: 2024, hours: 50, trainings: 3 }],
      2026,
    );
    expect(r.meets).toBe(false);
    expect(r.trainingsShort).toBe(1);
    expect(r.hours).toBe(0);
  });
  it('the post certificate needs 32 hours in the report year: 31.5 is 0.5 short', () => {
    const r = evaluateCompliance(
      EXAMPLE_TRAINING_RULES,
      principal,
      [
        { year: 2026, hours: 24, trainings: 2 },
        { year: 2026, hours: 7.5, trainings: 1 },
      ],
      2026,
    );
    expect(r.meets).toBe(true);
    expect(r.yearHours).toBe(31.5);
    expect(r.certificateMet).toBe(false);
    expect(r.certificateHoursShort).toBe(0.5);
  });
  it('an hours floor reports the hours short, rounded to one decimal', () => {
    const set: TrainingRuleSet = {
      certificateHours: 0,
      rules: [
        { code: 'all', posts: [], categories: [], periodYears: 2, minTrainings: 2, minHours: 20 },
      ],
    };
    const r = evaluateCompliance(
      set,
      staff,
      [
        { year: 2025, hours: 0.1, trainings: 1 },
        { year: 2026, hours: 0.2, trainings: 1 },
      ],
      2026,
    );
    expect(r.hours).toBe(0.3);
    expect(r.hoursShort).toBe(19.7);
    expect(r.trainingsShort).toBe(0);
    expect(r.meets).toBe(false);
    expect(r.certificateMet).toBe(true);
  });
});

describe('validateTrainingRuleSet', () => {
  it('accepts the example rules', () => {
    expect(validateTrainingRuleSet(EXAMPLE_TRAINING_RULES)).toEqual([]);
  });
  it('names duplicate codes, bad periods, empty requirements and an empty set', () => {
    const bad: TrainingRuleSet = {
      certificateHours: 0,
      rules: [
        { code: 'a', posts: [], categories: [], periodYears: 0, minTrainings: 1, minHours: 0 },
        { code: 'a', posts: [], categories: [], periodYears: 1, minTrainings: 0, minHours: 0 },
      ],
    };
    expect(validateTrainingRuleSet(bad).map((p) => p[0])).toEqual([
      'rules.0.periodYears',
      'rules.1.code',
      'rules.1.minTrainings',
      'rules.0.posts',
    ]);
    expect(validateTrainingRuleSet({ rules: [], certificateHours: 0 })).toEqual([
      ['rules', '至少需要一条规则'],
    ]);
  });
  it('flags a rule for everyone placed before other rules (they could never apply)', () => {
    const shadowed: TrainingRuleSet = {
      certificateHours: 32,
      rules: [
        { code: 'all', posts: [], categories: [], periodYears: 2, minTrainings: 1, minHours: 0 },
        {
          code: 'principal',
          posts: ['principal'],
          categories: [],
          periodYears: 1,
          minTrainings: 1,
          minHours: 0,
        },
      ],
    };
    expect(checkTrainingRequirements(shadowed)).toEqual([
      { path: 'rules.0.posts', message: '适用于全体人员的规则应放在最后，否则其后的规则不会生效' },
    ]);
    // The same rules in the right order are valid, and are what the engine runs for the kind.
    const fixed = { ...shadowed, rules: [shadowed.rules[1]!, shadowed.rules[0]!] };
    expect(RULE_SET_CHECKS.training_requirements(fixed)).toEqual([]);
    expect(
      RULE_SET_CHECKS.training_requirements(EXAMPLE_RULE_SETS.training_requirements.content),
    ).toEqual([]);
  });
  it('roundHours keeps one decimal', () => {
    expect(roundHours(0.1 + 0.2)).toBe(0.3);
  });
});
