/**
 * Semantic checks of an evaluation indicator set (after the structural zod validation): weights
 * sum to 100, codes are unique, a computed indicator names a catalogue metric (with its parameter
 * when the metric needs one), an entered indicator names none, and percent targets stay ≤ 100.
 */
import type { RuleIssue } from '../career/checks';
import { EVALUATION_METRIC_INFO, type EvaluationIndicators } from './types';

const EPSILON = 1e-9;

export function checkEvaluationIndicators(set: EvaluationIndicators): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const sum = set.indicators.reduce((s, i) => s + i.weight, 0);
  if (Math.abs(sum - 100) > EPSILON) {
    issues.push({
      path: 'indicators',
      message: `各指标权重之和应为 100（当前为 ${Number(sum.toPrecision(12))}）`,
    });
  }
  const seen = new Set<string>();
  set.indicators.forEach((ind, i) => {
    if (seen.has(ind.code)) {
      issues.push({ path: `indicators.${i}.code`, message: `指标代码“${ind.code}”重复` });
    }
    seen.add(ind.code);
    if (ind.source === 'computed') {
      if (!ind.metric) {
        issues.push({ path: `indicators.${i}.metric`, message: '系统计算的指标须选择计算口径' });
        return;
      }
      const info = EVALUATION_METRIC_INFO[ind.metric];
      if (info.parameter && (ind.parameter === null || ind.parameter === undefined)) {
        issues.push({
          path: `indicators.${i}.parameter`,
          message: `“${info.zh}”须填写${info.parameter.zh}`,
        });
      }
      if (info.parameter && typeof ind.parameter === 'number') {
        const { min, max } = info.parameter;
        if (ind.parameter < min || ind.parameter > max) {
          issues.push({
            path: `indicators.${i}.parameter`,
            message: `${info.parameter.zh}应在 ${min} 至 ${max} 之间`,
          });
        }
      }
      if (!info.parameter && ind.parameter !== null && ind.parameter !== undefined) {
        issues.push({ path: `indicators.${i}.parameter`, message: `“${info.zh}”不需要参数` });
      }
      if (ind.target > 100) {
        issues.push({
          path: `indicators.${i}.target`,
          message: `“${info.zh}”以百分比计，目标值不能大于 100`,
        });
      }
    } else if (ind.metric) {
      issues.push({ path: `indicators.${i}.metric`, message: '填报的指标不能选择计算口径' });
    }
  });
  return issues;
}
