// Rule sets (规则集): every version the user may read, filtered by kind, unit (own, what applies to
// it, or everything under it) and status, with the in-force marker; the rule in force for a unit
// and date; and a new draft.
import { PlusOutlined } from '@ant-design/icons';
import {
  RULE_SET_KINDS,
  RULE_SET_ORG_SCOPES,
  RULE_SET_STATUSES,
  RULE_SET_STATUS_LABELS,
  type RuleSetStatus,
  type RuleSetSummary,
} from '@cwp/contracts';
import type { RuleSetKind } from '@cwp/core';
import { Button, Card, Input, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { useLocalized } from '../../components/useLocalized';
import { ruleSetsApi, type RuleSetFilter } from './api';
import { InForceCard } from './components/InForceCard';
import { NewVersionModal } from './components/NewVersionModal';
import { RuleSetStatusTag, useRuleSetKindLabel } from './labels';

type OrgScope = (typeof RULE_SET_ORG_SCOPES)[number];

export function RuleSetsPage() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const onError = useRequestError();
  const localized = useLocalized();
  const kindLabel = useRuleSetKindLabel();
  const [query, setQuery] = useState<RuleSetFilter>({ page: 1, pageSize: 20 });
  const [keyword, setKeyword] = useState('');
  const [data, setData] = useState<{ items: RuleSetSummary[]; total: number }>({
    items: [],
    total: 0,
  });
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    ruleSetsApi
      .list(query)
      .then((res) => {
        if (!cancelled) setData(res);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [query, onError]);

  const columns: TableColumnsType<RuleSetSummary> = [
    {
      title: t('careerRules.ruleSets.name'),
      dataIndex: 'name',
      render: (v: string, r) => (
        <Link to={`/rule-sets/${r.id}`} data-testid="rule-set-link">
          {v}
        </Link>
      ),
    },
    {
      title: t('careerRules.ruleSets.kind'),
      dataIndex: 'kind',
      width: 150,
      render: (k: RuleSetKind) => kindLabel(k),
    },
    { title: t('careerRules.ruleSets.orgUnit'), dataIndex: 'orgUnitName', width: 150 },
    {
      title: t('careerRules.ruleSets.versionNo'),
      dataIndex: 'versionNo',
      width: 70,
      render: (v: number) => `v${v}`,
    },
    { title: t('careerRules.ruleSets.effectiveFrom'), dataIndex: 'effectiveFrom', width: 110 },
    {
      title: t('common.status'),
      key: 'status',
      width: 190,
      render: (_, r) => <RuleSetStatusTag status={r.status} timeline={r.timeline} />,
    },
    {
      title: t('careerRules.ruleSets.updatedAt'),
      dataIndex: 'updatedAt',
      width: 140,
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
    },
  ];

  return (
    <>
      <InForceCard />
      <Card>
        <div className="cwp-page-header">
          <Typography.Title level={4}>{t('careerRules.ruleSets.title')}</Typography.Title>
          {can('rule:manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="rule-set-create"
            >
              {t('careerRules.ruleSets.create')}
            </Button>
          )}
        </div>
        <div className="cwp-toolbar">
          <Select<RuleSetKind>
            allowClear
            style={{ width: 180 }}
            placeholder={t('careerRules.ruleSets.kind')}
            value={query.kind}
            onChange={(kind) => setQuery((q) => ({ ...q, kind, page: 1 }))}
            options={RULE_SET_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            data-testid="rule-set-kind-filter"
          />
          <OrgUnitTreeSelect
            allowClear
            style={{ width: 220 }}
            placeholder={t('careerRules.ruleSets.orgUnit')}
            value={query.orgUnitId ?? null}
            onChange={(orgUnitId) => setQuery((q) => ({ ...q, orgUnitId, page: 1 }))}
          />
          <Select<OrgScope>
            style={{ width: 200 }}
            disabled={query.orgUnitId === undefined}
            value={query.orgScope ?? 'self'}
            onChange={(orgScope) => setQuery((q) => ({ ...q, orgScope, page: 1 }))}
            options={RULE_SET_ORG_SCOPES.map((s) => ({
              value: s,
              label: t(`careerRules.ruleSets.orgScope.${s}`),
            }))}
          />
          <Select<RuleSetStatus>
            allowClear
            style={{ width: 140 }}
            placeholder={t('common.status')}
            value={query.status}
            onChange={(status) => setQuery((q) => ({ ...q, status, page: 1 }))}
            options={RULE_SET_STATUSES.map((s) => ({
              value: s,
              label: localized(RULE_SET_STATUS_LABELS[s].zh, RULE_SET_STATUS_LABELS[s].en),
            }))}
          />
          <Input.Search
            allowClear
            style={{ width: 220 }}
            placeholder={t('careerRules.ruleSets.searchPlaceholder')}
            value={keyword}
            maxLength={100}
            onChange={(e) => setKeyword(e.target.value)}
            onSearch={(v) => setQuery((q) => ({ ...q, q: v.trim() || undefined, page: 1 }))}
          />
        </div>
        <Table<RuleSetSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={data.items}
          loading={loading}
          scroll={{ x: 1000 }}
          data-testid="rule-sets-table"
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: data.total,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
          }}
        />
      </Card>
      {creating && (
        <NewVersionModal
          seed={{ ...(user ? { orgUnitId: user.orgUnit.id } : {}) }}
          onClose={() => setCreating(false)}
        />
      )}
    </>
  );
}
