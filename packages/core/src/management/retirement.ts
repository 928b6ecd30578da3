/**
 * Statutory retirement age (法定退休年龄) from the birth date and sex, as data: a base age and an
 * optional gradual raise (the 2024 decision, in force from 2025-01-01: one month more for every
 * N months of birth after the cohort that reaches the base age on the raise date, up to a target).
 */
import { addMonths } from '../career/dates';

export interface RetirementAgeRule {
  baseAgeMonths: number;
  /** The day the gradual raise starts; null = no raise. */
  raiseFrom: string | null;
  /** One extra month of age for every this many months of birth; null = no raise. */
  raiseEveryMonths: number | null;
  /** The age the raise stops at; null = no raise. */
  targetAgeMonths: number | null;
}

function monthIndex(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

/** The retirement age in months for someone born on `birthDate` under `rule`. */
export function retirementAgeMonths(birthDate: string, rule: RetirementAgeRule): number {
  const base = rule.baseAgeMonths;
  if (!rule.raiseFrom || !rule.raiseEveryMonths || rule.targetAgeMonths == null) return base;
  // The first birth month affected: those who would reach the base age on or after raiseFrom.
  const firstCohort = monthIndex(rule.raiseFrom) - base;
  const born = monthIndex(birthDate);
  if (born < firstCohort) return base;
  const extra = Math.floor((born - firstCohort) / rule.raiseEveryMonths) + 1;
  return Math.min(rule.targetAgeMonths, base + extra);
}

/** The day someone reaches retirement age (the same day of month, or the month's last day). */
export function retirementDate(birthDate: string, rule: RetirementAgeRule): string {
  return addMonths(birthDate, retirementAgeMonths(birthDate, rule));
}

/** "60岁" or "60岁3个月". */
export function formatAgeMonths(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  return m === 0 ? `${y}岁` : `${y}岁${m}个月`;
}
