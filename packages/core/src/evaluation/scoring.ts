/**
 * Scoring of an evaluation round: each indicator's value against its target gives points of its
 * weight; a unit's score is the sum; units are ranked by score with ties sharing a rank (1, 2, 2,
 * 4). Points are kept to two decimals so a printed report adds up exactly.
 */
import type { EvaluationIndicator, EvaluationIndicators, EvaluationScoringMethod } from './types';

const round2 = (v: number) => Math.round((v + Number.EPSILON) * 100) / 100;

/** A share or average in percent from a numerator and denominator; null without a denominator. */
export function percentOf(numerator: number, denominator: number): number | null {
  if (!(denominator > 0)) return null;
  return round2((numerator * 100) / denominator);
}

/** Points one value earns under one indicator (0 when the value is missing). */
export function indicatorPoints(
  scoring: EvaluationScoringMethod,
  weight: number,
  target: number,
  value: number | null,
): number {
  if (value === null || !Number.isFinite(value)) return 0;
  if (scoring === 'threshold') return value >= target ? weight : 0;
  if (target <= 0) return value >= target ? weight : 0;
  const share = Math.min(1, Math.max(0, value / target));
  return round2(weight * share);
}

export interface IndicatorScore {
  code: string;
  value: number | null;
  points: number;
}

export interface UnitScore {
  total: number;
  indicators: IndicatorScore[];
  /** Codes of indicators without a value (they earn nothing). */
  missing: string[];
}

/** A unit's score from its values, keyed by indicator code. */
export function scoreUnit(
  set: EvaluationIndicators,
  values: ReadonlyMap<string, number | null>,
): UnitScore {
  const indicators = set.indicators.map((ind: EvaluationIndicator) => {
    const value = values.get(ind.code) ?? null;
    return {
      code: ind.code,
      value,
      points: indicatorPoints(ind.scoring, ind.weight, ind.target, value),
    };
  });
  const total = round2(indicators.reduce((s, i) => s + i.points, 0));
  return {
    total,
    indicators,
    missing: indicators.filter((i) => i.value === null).map((i) => i.code),
  };
}

/**
 * Competition ranking by score, highest first: equal scores (to the cent) share a rank and the
 * next rank skips (1, 2, 2, 4). Returns each key's rank; the input order does not matter.
 */
export function rankScores<K>(scores: readonly { key: K; total: number }[]): Map<K, number> {
  const cents = scores.map((s) => ({ key: s.key, c: Math.round(s.total * 100) }));
  cents.sort((a, b) => b.c - a.c);
  const out = new Map<K, number>();
  let rank = 0;
  let prev: number | null = null;
  cents.forEach((s, i) => {
    if (prev === null || s.c !== prev) rank = i + 1;
    prev = s.c;
    out.set(s.key, rank);
  });
  return out;
}
