/**
 * Semantic checks of an assessment scheme (考核方案) as rule-set content: what the structural
 * schema cannot express. Run by `@cwp/contracts` after the structure is valid, so the rule-set
 * editor, the API and the seed refuse the same schemes with the same messages.
 */
import type { RuleIssue } from '../career/checks';
import type { AssessmentScheme } from './scoring';

const EPSILON = 1e-6;

function sum(o: Readonly<Record<string, number>>): number {
  return Object.values(o).reduce((a, b) => a + b, 0);
}

export function checkAssessmentScheme(s: AssessmentScheme): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const dims = sum(s.dimensionWeights);
  if (Math.abs(dims - 100) > EPSILON) {
    issues.push({ path: 'dimensionWeights', message: `维度权重之和应为 100%，现为 ${dims}%` });
  }
  const sources = sum(s.sourceWeights);
  if (Math.abs(sources - 100) > EPSILON) {
    issues.push({ path: 'sourceWeights', message: `来源权重之和应为 100%，现为 ${sources}%` });
  }
  const t = s.thresholds;
  if (!(t.excellent > t.competent && t.competent > t.basically_competent)) {
    issues.push({ path: 'thresholds', message: '分数线应满足 优秀 > 合格 > 基本合格' });
  }
  if (new Set(s.frequencies).size !== s.frequencies.length) {
    issues.push({ path: 'frequencies', message: '考核周期不能重复' });
  }
  if (new Set(s.effects.promotionRatings).size !== s.effects.promotionRatings.length) {
    issues.push({ path: 'effects.promotionRatings', message: '晋级所需考核等次不能重复' });
  }
  return issues;
}
