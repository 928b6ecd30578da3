/**
 * Evaluation indicator sets (评估指标体系) as plain data: the content of the rule-set kind
 * `evaluation_indicators`. The catalogue below says HOW each computed metric is measured; how much
 * it weighs, what target it has and how it is scored is the rule set's content, which differs by
 * region and year. No region's number lives here.
 */

/** Metrics the server knows how to compute from its own tables; each is a share or average in %. */
export const EVALUATION_METRICS = [
  'staffing_ratio',
  'certified_share',
  'training_compliance',
  'satisfaction_average',
  'disclosure_on_time',
  'pay_at_benchmark',
  'contract_coverage',
] as const;
export type EvaluationMetric = (typeof EVALUATION_METRICS)[number];

export interface EvaluationMetricInfo {
  zh: string;
  en: string;
  /** How the value is measured, shown beside the indicator. */
  howZh: string;
  /** The metric needs a number from the rule set (e.g. the hours a worker must reach). */
  parameter: { zh: string; en: string; min: number; max: number } | null;
}

export const EVALUATION_METRIC_INFO: Readonly<Record<EvaluationMetric, EvaluationMetricInfo>> = {
  staffing_ratio: {
    zh: '员额配备到位率',
    en: 'Staffing ratio reached',
    howZh: '在岗（含试用）人数 ÷ 核定员额（含手工调整）× 100%',
    parameter: null,
  },
  certified_share: {
    zh: '持证率（社会工作者职业资格）',
    en: 'Share certified',
    howZh: '持有社会工作者职业资格的在岗人数 ÷ 在岗人数 × 100%',
    parameter: null,
  },
  training_compliance: {
    zh: '培训达标率',
    en: 'Training compliance',
    howZh: '评估年度累计学时达到参数值的在岗人数 ÷ 在岗人数 × 100%',
    parameter: { zh: '年度应修学时', en: 'Required credit hours', min: 0, max: 1_000 },
  },
  satisfaction_average: {
    zh: '居民满意度平均得分',
    en: 'Resident satisfaction average',
    howZh: '评估年度测评答卷各题得分 ÷ 满分 × 100 的平均值',
    parameter: null,
  },
  disclosure_on_time: {
    zh: '公开事项按时发布率',
    en: 'Disclosures published on time',
    howZh: '评估年度到期的公开事项中于到期日前发布的件数 ÷ 到期件数 × 100%',
    parameter: null,
  },
  pay_at_benchmark: {
    zh: '薪酬达标率',
    en: 'Pay at or above the benchmark',
    howZh: '评估年度工资条中应发工资不低于参数值（元/月）的条数 ÷ 工资条数 × 100%',
    parameter: {
      zh: '月应发工资基准（元）',
      en: 'Monthly gross pay benchmark (¥)',
      min: 0,
      max: 1_000_000,
    },
  },
  contract_coverage: {
    zh: '劳动合同签订率',
    en: 'Contract coverage',
    howZh: '有生效劳动合同的在岗人数 ÷ 在岗人数 × 100%',
    parameter: null,
  },
};

export const EVALUATION_SOURCES = ['computed', 'entered'] as const;
export type EvaluationSource = (typeof EVALUATION_SOURCES)[number];

export const EVALUATION_SOURCE_LABELS: Readonly<Record<EvaluationSource, string>> = {
  computed: '系统计算',
  entered: '填报（附佐证材料）',
};

/** `linear`: weight × value ÷ target, capped at full marks; `threshold`: full marks or nothing. */
export const EVALUATION_SCORING_METHODS = ['linear', 'threshold'] as const;
export type EvaluationScoringMethod = (typeof EVALUATION_SCORING_METHODS)[number];

export const EVALUATION_SCORING_LABELS: Readonly<Record<EvaluationScoringMethod, string>> = {
  linear: '按完成比例计分（达到目标值得满分）',
  threshold: '达标得满分，否则不得分',
};

export interface EvaluationIndicator {
  /** Stable code, e.g. `staffing`; values and evidence are keyed by it. */
  code: string;
  /** Shown in reports, e.g. 员额配备到位率. */
  name: string;
  /** Points of 100; the weights of a set sum to 100. */
  weight: number;
  source: EvaluationSource;
  /** For `computed`: which catalogue metric. */
  metric?: EvaluationMetric | null | undefined;
  /** For metrics that need one (see EVALUATION_METRIC_INFO.parameter). */
  parameter?: number | null | undefined;
  /** For `entered`: the unit of the entered value, e.g. % or 件. */
  unit?: string | null | undefined;
  /** The value that earns full marks. */
  target: number;
  scoring: EvaluationScoringMethod;
}

export interface EvaluationIndicators {
  indicators: readonly EvaluationIndicator[];
}
