// Labels and tags of rule sets: kind, lifecycle status and, for an approved version, whether it is
// the one in force at its unit today.
import { RULE_SET_KIND_LABELS, RULE_SET_STATUS_LABELS, type RuleSetStatus } from '@cwp/contracts';
import type { RuleSetKind } from '@cwp/core';
import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocalized } from '../../components/useLocalized';

const STATUS_COLORS: Record<RuleSetStatus, string> = {
  draft: 'default',
  pending: 'processing',
  in_force: 'success',
  returned: 'warning',
  withdrawn: 'default',
};

export type Timeline = 'current' | 'scheduled' | 'superseded' | null;

export function useRuleSetKindLabel(): (kind: RuleSetKind) => string {
  const localized = useLocalized();
  return (kind) => localized(RULE_SET_KIND_LABELS[kind].zh, RULE_SET_KIND_LABELS[kind].en);
}

export function RuleSetStatusTag({
  status,
  timeline,
}: {
  status: RuleSetStatus;
  timeline: Timeline;
}) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const label = RULE_SET_STATUS_LABELS[status];
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[status]} data-testid="rule-set-status">
        {localized(label.zh, label.en)}
      </Tag>
      {timeline === 'current' && (
        <Tag color="green" data-testid="rule-set-current">
          {t('careerRules.ruleSets.timeline.current')}
        </Tag>
      )}
      {timeline === 'scheduled' && (
        <Tag color="blue">{t('careerRules.ruleSets.timeline.scheduled')}</Tag>
      )}
      {timeline === 'superseded' && <Tag>{t('careerRules.ruleSets.timeline.superseded')}</Tag>}
    </Space>
  );
}
