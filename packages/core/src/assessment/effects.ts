/**
 * Effects of an assessment result (考核结果运用): grade promotion or not, performance pay level,
 * contract renewal or not. Pure: the rules come from the scheme; the server turns each effect into
 * a proposal a person approves.
 */
import { ASSESSMENT_RATING_LABELS, type AssessmentRating } from '../career/types';
import type { AssessmentEffectRules } from './scoring';

export const EFFECT_KINDS = ['promotion', 'pay_level', 'contract'] as const;
export type EffectKind = (typeof EFFECT_KINDS)[number];

export interface EffectProposal {
  kind: EffectKind;
  /** promotion: eligible | not_eligible; pay_level: the level; contract: end | no_renewal */
  value: string;
  reason: string;
}

export interface EffectInput {
  rating: AssessmentRating;
  /**
   * Ratings of earlier periods inside the worker's current contract term (not this one); empty
   * when there is no contract or no earlier result.
   */
  earlierRatingsInTerm: AssessmentRating[];
  /** Whether the worker has an active contract. */
  hasActiveContract: boolean;
}

export function proposeEffects(rules: AssessmentEffectRules, input: EffectInput): EffectProposal[] {
  const label = ASSESSMENT_RATING_LABELS[input.rating];
  const out: EffectProposal[] = [];
  const eligible = rules.promotionRatings.includes(input.rating);
  out.push({
    kind: 'promotion',
    value: eligible ? 'eligible' : 'not_eligible',
    reason: eligible
      ? `考核为“${label}”，符合晋级的考核条件`
      : `考核为“${label}”，晋级须为“${rules.promotionRatings.map((r) => ASSESSMENT_RATING_LABELS[r]).join('”或“')}”，本年度不予晋级`,
  });
  out.push({
    kind: 'pay_level',
    value: rules.payLevels[input.rating],
    reason: `考核为“${label}”，绩效工资档次为 ${rules.payLevels[input.rating]}`,
  });
  if (!input.hasActiveContract) return out;
  if (input.rating === 'incompetent' && rules.incompetentEndsContract) {
    out.push({ kind: 'contract', value: 'end', reason: `考核为“${label}”，建议解除劳动合同` });
    return out;
  }
  const limit = rules.basicallyCompetentLimitPerTerm;
  if (limit > 0 && input.rating === 'basically_competent') {
    const n = input.earlierRatingsInTerm.filter((r) => r === 'basically_competent').length + 1;
    if (n >= limit) {
      out.push({
        kind: 'contract',
        value: 'no_renewal',
        reason: `本合同期内第 ${n} 次考核为“基本合格”（达到 ${limit} 次），建议合同期满不再续订`,
      });
    }
  }
  return out;
}
