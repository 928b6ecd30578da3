/**
 * Assessment cycle scoring (考核计分). Pure: every number comes from the region's cycle scheme
 * (`AssessmentScheme`), stored as data and versioned by the server. A worker's score is the
 * weighted mean of the sources that have data (panels, peers, self-assessment as 0–100 scores per
 * dimension, the resident survey as a satisfaction percentage); the rating follows the scheme's
 * thresholds, then the vetoes (satisfaction, unexcused absence) and finally the cap on
 * "excellent" over the whole cycle. Every step leaves a reason in Chinese.
 */
import { ASSESSMENT_RATING_LABELS, type AssessmentRating } from '../career/types';

export const ASSESSMENT_DIMENSIONS = [
  'political_quality',
  'performance',
  'resident_satisfaction',
] as const;
export type AssessmentDimension = (typeof ASSESSMENT_DIMENSIONS)[number];

export const ASSESSMENT_DIMENSION_LABELS: Readonly<Record<AssessmentDimension, string>> = {
  political_quality: '政治素质',
  performance: '工作实绩',
  resident_satisfaction: '居民群众满意度',
};

/** Rated sources (scores per dimension) and the resident survey (a satisfaction percentage). */
export const ASSESSMENT_SCORE_SOURCES = [
  'self',
  'community_panel',
  'subdistrict_panel',
  'peer',
  'resident_survey',
] as const;
export type AssessmentScoreSource = (typeof ASSESSMENT_SCORE_SOURCES)[number];
/** Sources rated by people (one row per rater); the survey comes from the survey module. */
export const RATED_SOURCES = ['self', 'community_panel', 'subdistrict_panel', 'peer'] as const;
export type RatedSource = (typeof RATED_SOURCES)[number];

export const ASSESSMENT_SOURCE_LABELS: Readonly<Record<AssessmentScoreSource, string>> = {
  self: '个人自评',
  community_panel: '社区考核组',
  subdistrict_panel: '街道考核组',
  peer: '同事互评',
  resident_survey: '居民满意度测评',
};

export const ASSESSMENT_FREQUENCIES = ['annual', 'quarterly', 'monthly'] as const;
export type AssessmentFrequency = (typeof ASSESSMENT_FREQUENCIES)[number];

export interface AssessmentScheme {
  /** Cycles the region runs besides the annual one. */
  frequencies: AssessmentFrequency[];
  /** Weights of the dimensions inside one rater's score (percent, sum 100). */
  dimensionWeights: Record<AssessmentDimension, number>;
  /** Weights of the sources in the total (percent, sum 100; 0 = collected but not counted). */
  sourceWeights: Record<AssessmentScoreSource, number>;
  /** Lowest total score (0–100) of each rating above "incompetent". */
  thresholds: { excellent: number; competent: number; basically_competent: number };
  vetoes: {
    /** Satisfaction (percent) below this → incompetent; null = no such veto. */
    minSatisfactionPct: number | null;
    /** More unexcused absence days than this → incompetent; null = no such veto. */
    maxUnexcusedAbsenceDays: number | null;
  };
  /** Share of "excellent" in one cycle, percent; the count is rounded down. */
  excellentCapPct: number;
  /** Days after publication in which a worker may appeal. */
  appealWindowDays: number;
  effects: AssessmentEffectRules;
}

export interface AssessmentEffectRules {
  /** Ratings that keep a worker eligible for grade promotion. */
  promotionRatings: AssessmentRating[];
  /** Performance pay level per rating (a label the payroll rules understand, e.g. "A"). */
  payLevels: Record<AssessmentRating, string>;
  /** "incompetent" proposes ending the contract. */
  incompetentEndsContract: boolean;
  /** This many "basically competent" ratings within one contract term propose no renewal; 0 = off. */
  basicallyCompetentLimitPerTerm: number;
}

/** One rater's scores (0–100) per dimension; a missing dimension is not rated. */
export type DimensionScores = Partial<Record<AssessmentDimension, number>>;

export interface WorkerInputs {
  workerId: number;
  /** Scores per rated source, one entry per rater. */
  ratings: Partial<Record<RatedSource, DimensionScores[]>>;
  /** Resident satisfaction percent, when the survey counted (enough respondents). */
  satisfactionPct: number | null;
  /** Days of unexcused absence in the period, when attendance is known. */
  unexcusedAbsenceDays: number | null;
  /** Where the absence figure comes from, shown in the reasons (e.g. 考勤月度汇总). */
  absenceSource?: string | null | undefined;
}

export interface ScoredWorker {
  workerId: number;
  /** Total 0–100 rounded to 2 decimals; null when no counted source has data. */
  score: number | null;
  rating: AssessmentRating;
  /** Per-source score (2 decimals) for the sources with data. */
  sourceScores: Partial<Record<AssessmentScoreSource, number>>;
  vetoed: boolean;
  reasons: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Mean of one rater's dimension scores weighted by the scheme; null if none is rated. */
export function raterScore(
  scores: DimensionScores,
  weights: Record<AssessmentDimension, number>,
): number | null {
  let sum = 0;
  let w = 0;
  for (const d of ASSESSMENT_DIMENSIONS) {
    const s = scores[d];
    if (s === undefined || weights[d] <= 0) continue;
    sum += s * weights[d];
    w += weights[d];
  }
  return w === 0 ? null : sum / w;
}

/** The rating a score earns by the thresholds alone. */
export function ratingForScore(score: number, t: AssessmentScheme['thresholds']): AssessmentRating {
  if (score >= t.excellent) return 'excellent';
  if (score >= t.competent) return 'competent';
  if (score >= t.basically_competent) return 'basically_competent';
  return 'incompetent';
}

/** Score, rating and reasons of one worker before the cap. */
export function scoreWorker(scheme: AssessmentScheme, input: WorkerInputs): ScoredWorker {
  const reasons: string[] = [];
  const sourceScores: Partial<Record<AssessmentScoreSource, number>> = {};
  let sum = 0;
  let weight = 0;
  const missing: string[] = [];
  for (const src of ASSESSMENT_SCORE_SOURCES) {
    const w = scheme.sourceWeights[src];
    let s: number | null = null;
    if (src === 'resident_survey') {
      s = input.satisfactionPct;
    } else {
      const raters = input.ratings[src] ?? [];
      let rs = 0;
      let n = 0;
      for (const r of raters) {
        const v = raterScore(r, scheme.dimensionWeights);
        if (v !== null) {
          rs += v;
          n += 1;
        }
      }
      s = n === 0 ? null : rs / n;
    }
    if (s === null) {
      if (w > 0) missing.push(ASSESSMENT_SOURCE_LABELS[src]);
      continue;
    }
    sourceScores[src] = round2(s);
    if (w <= 0) continue;
    sum += s * w;
    weight += w;
    reasons.push(`${ASSESSMENT_SOURCE_LABELS[src]} ${round2(s)} 分 × ${w}%`);
  }
  if (missing.length > 0) {
    reasons.push(`缺少${missing.join('、')}的数据，其权重按比例分给其余来源`);
  }
  const score = weight === 0 ? null : round2(sum / weight);
  let rating: AssessmentRating;
  // Plain facts (e.g. the absence figure and its source) go before the score line, so the last
  // reason stays the decisive one (the score, a veto or the cap).
  const factsAt = reasons.length;
  if (score === null) {
    rating = 'incompetent';
    reasons.push('没有任何计分来源的数据，无法计分，建议为“不合格”，请核实后调整');
  } else {
    rating = ratingForScore(score, scheme.thresholds);
    reasons.push(`总分 ${score} 分，按分数线为“${ASSESSMENT_RATING_LABELS[rating]}”`);
  }
  let vetoed = false;
  const { minSatisfactionPct, maxUnexcusedAbsenceDays } = scheme.vetoes;
  if (
    minSatisfactionPct !== null &&
    input.satisfactionPct !== null &&
    input.satisfactionPct < minSatisfactionPct
  ) {
    vetoed = true;
    reasons.push(`一票否决：居民满意度 ${input.satisfactionPct}% 低于 ${minSatisfactionPct}%`);
  }
  const from = input.absenceSource ? `（来源：${input.absenceSource}）` : '';
  if (input.unexcusedAbsenceDays === null) {
    // No figure (the unit does not record check-ins and none was entered): never a veto.
    if (maxUnexcusedAbsenceDays !== null)
      reasons.splice(factsAt, 0, '无故缺勤：无数据，不适用缺勤否决');
  } else if (
    maxUnexcusedAbsenceDays !== null &&
    input.unexcusedAbsenceDays > maxUnexcusedAbsenceDays
  ) {
    vetoed = true;
    reasons.push(
      `一票否决：无故缺勤 ${input.unexcusedAbsenceDays} 天${from}，超过 ${maxUnexcusedAbsenceDays} 天`,
    );
  } else {
    reasons.splice(factsAt, 0, `无故缺勤 ${input.unexcusedAbsenceDays} 天${from}`);
  }
  if (vetoed) rating = 'incompetent';
  return { workerId: input.workerId, score, rating, sourceScores, vetoed, reasons };
}

/** How many "excellent" a cycle of `count` workers may have. */
export function excellentCap(count: number, capPct: number): number {
  return Math.floor((count * capPct) / 100 + 1e-9);
}

/**
 * Keeps at most the cap of "excellent": the highest scores stay (ties broken by worker id, so the
 * result is deterministic); the others become "competent" with a reason.
 */
export function applyExcellentCap(
  scheme: AssessmentScheme,
  scored: ScoredWorker[],
): ScoredWorker[] {
  const cap = excellentCap(scored.length, scheme.excellentCapPct);
  const excellent = scored
    .filter((s) => s.rating === 'excellent')
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.workerId - b.workerId);
  if (excellent.length <= cap) return scored;
  const demoted = new Set(excellent.slice(cap).map((s) => s.workerId));
  return scored.map((s) =>
    demoted.has(s.workerId)
      ? {
          ...s,
          rating: 'competent',
          reasons: [
            ...s.reasons,
            `“优秀”不超过 ${scheme.excellentCapPct}%（本次 ${scored.length} 人，最多 ${cap} 人），按分数排序未入选，建议为“合格”`,
          ],
        }
      : s,
  );
}

/** Scores a whole cycle: each worker, then the cap. */
export function scoreCycle(scheme: AssessmentScheme, inputs: WorkerInputs[]): ScoredWorker[] {
  return applyExcellentCap(
    scheme,
    inputs.map((i) => scoreWorker(scheme, i)),
  );
}

/** The message when adjustments would exceed the cap; null when within it. */
export function excellentCapViolation(
  scheme: AssessmentScheme,
  total: number,
  excellentCount: number,
): string | null {
  const cap = excellentCap(total, scheme.excellentCapPct);
  if (excellentCount <= cap) return null;
  return `“优秀”等次不得超过 ${scheme.excellentCapPct}%：本次共 ${total} 人，最多 ${cap} 人为“优秀”，当前为 ${excellentCount} 人`;
}
