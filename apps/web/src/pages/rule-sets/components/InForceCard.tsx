// The rule in force for a chosen kind, unit and date: the version, and whether it is the unit's
// own or inherited from an ancestor (and which one).
import { RULE_SET_KINDS, type InForceResult } from '@cwp/contracts';
import type { RuleSetKind } from '@cwp/core';
import { Alert, Button, Card, DatePicker, Descriptions, Select, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { ruleSetsApi } from '../api';
import { useRuleSetKindLabel } from '../labels';

export function InForceCard() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const onError = useRequestError();
  const kindLabel = useRuleSetKindLabel();
  const [kind, setKind] = useState<RuleSetKind>('staffing_standard');
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>(user?.orgUnit.id);
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [result, setResult] = useState<InForceResult | null>(null);
  const [loading, setLoading] = useState(false);

  const look = async () => {
    setLoading(true);
    try {
      setResult(await ruleSetsApi.inForce({ kind, orgUnitId, date: date.format('YYYY-MM-DD') }));
    } catch (err) {
      onError(err);
    } finally {
      setLoading(false);
    }
  };

  const rs = result?.ruleSet;
  return (
    <Card size="small" title={t('careerRules.inForce.title')} style={{ marginBottom: 16 }}>
      <Space wrap style={{ marginBottom: result ? 12 : 0 }}>
        <Select<RuleSetKind>
          style={{ width: 200 }}
          value={kind}
          onChange={setKind}
          options={RULE_SET_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
          data-testid="in-force-kind"
        />
        <OrgUnitTreeSelect
          style={{ width: 240 }}
          value={orgUnitId ?? null}
          onChange={setOrgUnitId}
        />
        <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
        <Button
          type="primary"
          onClick={() => void look()}
          loading={loading}
          data-testid="in-force-look"
        >
          {t('careerRules.inForce.look')}
        </Button>
      </Space>
      {result &&
        (rs ? (
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            data-testid="in-force-result"
            items={[
              {
                key: 'rule',
                label: kindLabel(result.kind),
                children: (
                  <Link to={`/rule-sets/${rs.id}`}>
                    {rs.name} · v{rs.versionNo}
                  </Link>
                ),
              },
              {
                key: 'from',
                label: t('careerRules.ruleSets.effectiveFrom'),
                children: rs.effectiveFrom,
              },
              {
                key: 'where',
                label: t('careerRules.inForce.source'),
                children: result.inherited ? (
                  <Space>
                    <Tag color="blue">{t('careerRules.inForce.inherited')}</Tag>
                    {rs.orgUnitName}
                  </Space>
                ) : (
                  <Tag color="green">{t('careerRules.inForce.own')}</Tag>
                ),
              },
              { key: 'date', label: t('careerRules.inForce.date'), children: result.date },
            ]}
          />
        ) : (
          <Alert type="info" showIcon message={t('careerRules.inForce.none')} />
        ))}
    </Card>
  );
}
