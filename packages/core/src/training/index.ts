// Training rules (培训规则), pure: which rule governs a worker and whether the worker's credit
// hours (学时) and trainings over the rule's window meet it. The SQL compliance report in
// apps/server/src/modules/training/compliance.ts computes the same thing set-based; the unit
// tests here are the worked examples both follow.

/** The seven abilities of the glossary plus political and policy education. */
export const ABILITY_AREAS = [
  'resident_engagement',
  'mobilisation',
  'rule_of_law',
  'mediation',
  'emergency_response',
  'coordination',
  'digital_skills',
  'political_policy',
] as const;
export type AbilityArea = (typeof ABILITY_AREAS)[number];

export const TRAINING_SOURCE_TYPES = ['session', 'online_course', 'external', 'exam'] as const;
export type TrainingSourceType = (typeof TRAINING_SOURCE_TYPES)[number];

/** One rule: the first rule whose posts and categories match a worker governs that worker. */
export interface TrainingRule {
  code: string;
  /** Worker posts the rule applies to; empty = every post. */
  posts: string[];
  /** Worker categories the rule applies to; empty = every category. */
  categories: string[];
  /** The window: the report year and the periodYears - 1 years before it. */
  periodYears: number;
  /** Trainings (ledger entries) required in the window. */
  minTrainings: number;
  /** Credit hours required in the window. */
  minHours: number;
}

export interface TrainingRuleSet {
  rules: TrainingRule[];
  /** Hours in the report year needed for the post certificate (e.g. 32); 0 = no such rule. */
  certificateHours: number;
}

/** The example local rules: secretaries and directors (principal post) trained every year,
 * everyone else at least once every two years, 32 hours a year for the post certificate. */
export const EXAMPLE_TRAINING_RULES: TrainingRuleSet = {
  rules: [
    {
      code: 'principal_yearly',
      posts: ['principal'],
      categories: [],
      periodYears: 1,
      minTrainings: 1,
      minHours: 0,
    },
    {
      code: 'others_biennial',
      posts: [],
      categories: [],
      periodYears: 2,
      minTrainings: 1,
      minHours: 0,
    },
  ],
  certificateHours: 32,
};

export interface WorkerTrainingFacts {
  post: string;
  category: string;
}

/** Hours and number of trainings of one worker in one year. */
export interface YearTotals {
  year: number;
  hours: number;
  trainings: number;
}

export interface ComplianceResult {
  ruleCode: string | null;
  windowFrom: number;
  windowTo: number;
  hours: number;
  trainings: number;
  meets: boolean;
  hoursShort: number;
  trainingsShort: number;
  yearHours: number;
  certificateMet: boolean;
  certificateHoursShort: number;
}

export function ruleFor(set: TrainingRuleSet, w: WorkerTrainingFacts): TrainingRule | null {
  return (
    set.rules.find(
      (r) =>
        (r.posts.length === 0 || r.posts.includes(w.post)) &&
        (r.categories.length === 0 || r.categories.includes(w.category)),
    ) ?? null
  );
}

/** Rounds to one decimal place, the ledger's precision, so 0.1 + 0.2 compares as 0.3. */
export const roundHours = (h: number): number => Math.round(h * 10) / 10;

export function evaluateCompliance(
  set: TrainingRuleSet,
  w: WorkerTrainingFacts,
  totals: YearTotals[],
  year: number,
): ComplianceResult {
  const rule = ruleFor(set, w);
  const period = rule?.periodYears ?? 1;
  const from = year - period + 1;
  let hours = 0;
  let trainings = 0;
  let yearHours = 0;
  for (const t of totals) {
    if (t.year >= from && t.year <= year) {
      hours += t.hours;
      trainings += t.trainings;
    }
    if (t.year === year) yearHours += t.hours;
  }
  hours = roundHours(hours);
  yearHours = roundHours(yearHours);
  const hoursShort = rule ? roundHours(Math.max(0, rule.minHours - hours)) : 0;
  const trainingsShort = rule ? Math.max(0, rule.minTrainings - trainings) : 0;
  const certificateHoursShort = roundHours(Math.max(0, set.certificateHours - yearHours));
  return {
    ruleCode: rule?.code ?? null,
    windowFrom: from,
    windowTo: year,
    hours,
    trainings,
    meets: hoursShort === 0 && trainingsShort === 0,
    hoursShort,
    trainingsShort,
    yearHours,
    certificateMet: certificateHoursShort === 0,
    certificateHoursShort,
  };
}

/** Problems with a rule set, as [path, message] pairs (empty = valid). */
export function validateTrainingRuleSet(set: TrainingRuleSet): [string, string][] {
  const problems: [string, string][] = [];
  const codes = new Set<string>();
  set.rules.forEach((r, i) => {
    if (codes.has(r.code)) problems.push([`rules.${i}.code`, '规则代码重复']);
    codes.add(r.code);
    if (!Number.isInteger(r.periodYears) || r.periodYears < 1 || r.periodYears > 5)
      problems.push([`rules.${i}.periodYears`, '周期应为 1–5 年']);
    if (r.minTrainings === 0 && r.minHours === 0)
      problems.push([`rules.${i}.minTrainings`, '培训次数与学时不能同时为 0']);
  });
  set.rules.forEach((r, i) => {
    // A rule for everyone shadows every rule after it: the first matching rule governs.
    if (r.posts.length === 0 && r.categories.length === 0 && i < set.rules.length - 1)
      problems.push([`rules.${i}.posts`, '适用于全体人员的规则应放在最后，否则其后的规则不会生效']);
  });
  if (set.rules.length === 0) problems.push(['rules', '至少需要一条规则']);
  return problems;
}

/**
 * The semantic checks of a `training_requirements` rule set of the career-system engine (the
 * structure is checked by @cwp/contracts rule-sets.ts), as path/message issues.
 */
export function checkTrainingRequirements(
  set: TrainingRuleSet,
): { path: string; message: string }[] {
  return validateTrainingRuleSet(set).map(([path, message]) => ({ path, message }));
}
