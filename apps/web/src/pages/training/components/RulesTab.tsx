// Training requirements: they are rule sets of the career-system engine (kind
// training_requirements), edited, submitted and approved on the rule-set screens. This tab shows
// the version in force for the user's unit today and links there.
import type { TrainingRuleSet } from '@cwp/core';
import { trainingRequirementsContent, type InForceResult } from '@cwp/contracts';
import { Alert, Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { ruleSetsApi } from '../../rule-sets/api';

type RuleRow = TrainingRuleSet['rules'][number];

/** The stored content read through the same schema the server validated it with. */
function rulesOf(content: unknown): TrainingRuleSet | null {
  const parsed = trainingRequirementsContent.safeParse(content);
  return parsed.success ? parsed.data : null;
}

export function RulesTab() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const onError = useRequestError();
  const [result, setResult] = useState<InForceResult | null>(null);
  const canRead = can('rule:read');
  useEffect(() => {
    if (!canRead) return;
    ruleSetsApi
      .inForce({
        kind: 'training_requirements',
        orgUnitId: user?.orgUnit.id,
        date: dayjs().format('YYYY-MM-DD'),
      })
      .then(setResult)
      .catch(onError);
  }, [canRead, user?.orgUnit.id, onError]);
  const rs = result?.ruleSet ?? null;
  const content = rs ? rulesOf(rs.content) : null;
  const f = (k: 'code' | 'posts' | 'categories' | 'periodYears' | 'minTrainings' | 'minHours') =>
    t(`training.ruleForm.${k}`);
  const tags = (v: string[]) => (v.length === 0 ? '—' : v.map((x) => <Tag key={x}>{x}</Tag>));

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="training-rules">
      <Alert type="info" showIcon message={t('training.rulesInEngine')} />
      {canRead && (
        <Link to="/rule-sets">
          <Button>{t('training.openRuleSets')}</Button>
        </Link>
      )}
      {canRead && result && !rs && <Alert type="warning" message={t('training.noRules')} />}
      {rs && content && (
        <>
          <Typography.Title level={5}>{t('training.inForceRules')}</Typography.Title>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'v',
                label: rs.name,
                children: (
                  <Link to={`/rule-sets/${rs.id}`}>
                    {t('training.ruleVersion', {
                      unit: rs.orgUnitName,
                      version: rs.versionNo,
                      from: rs.effectiveFrom,
                    })}
                  </Link>
                ),
              },
              {
                key: 'c',
                label: t('training.certificateHours'),
                children: content.certificateHours,
              },
            ]}
          />
          <Table<RuleRow>
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={content.rules}
            columns={[
              { title: f('code'), dataIndex: 'code' },
              { title: f('posts'), dataIndex: 'posts', render: tags },
              { title: f('categories'), dataIndex: 'categories', render: tags },
              { title: f('periodYears'), dataIndex: 'periodYears' },
              { title: f('minTrainings'), dataIndex: 'minTrainings' },
              { title: f('minHours'), dataIndex: 'minHours' },
            ]}
          />
        </>
      )}
    </Space>
  );
}
