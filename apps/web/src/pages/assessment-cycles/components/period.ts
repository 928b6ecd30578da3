import type { TFunction } from 'i18next';

/** "annual" | "q1".."q4" | "m01".."m12" as display text. */
export function periodText(t: TFunction, period: string): string {
  if (period === 'annual') return t('assessmentCycles.periods.annual');
  if (period.startsWith('q')) return t('assessmentCycles.periods.quarter', { n: period.slice(1) });
  return t('assessmentCycles.periods.month', { n: Number(period.slice(1)) });
}
