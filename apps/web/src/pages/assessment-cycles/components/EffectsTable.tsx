// Effect proposals of final results (promotion, pay level, contract), decided one by one by a
// holder of assessment:approve; the contract proposals come first, then in unit order.
import type { AssessmentEffectView } from '@cwp/contracts';
import { App, Button, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { cyclesApi } from '../api';

export function EffectsTable({ cycleId }: { cycleId?: number }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [data, setData] = useState<{
    items: AssessmentEffectView[];
    total: number;
    totalCapped: boolean;
  } | null>(null);

  useEffect(() => {
    let cancelled = false;
    cyclesApi
      .effects({ ...(cycleId ? { cycleId } : {}), page, pageSize: 20 })
      .then((d) => {
        if (!cancelled) setData(d);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [cycleId, page, reload, onError]);

  const decide = (e: AssessmentEffectView, decision: 'approve' | 'reject') => {
    cyclesApi
      .decideEffect(e.id, e.version, decision)
      .then(() => {
        void message.success(t('assessmentCycles.saved'));
        setReload((n) => n + 1);
      })
      .catch(onError);
  };

  const value = (e: AssessmentEffectView) =>
    e.kind === 'pay_level' ? e.value : t(`assessmentCycles.effectValues.${e.value as 'end'}`);

  const columns: TableColumnsType<AssessmentEffectView> = [
    { title: t('assessmentCycles.worker'), dataIndex: 'workerName' },
    {
      title: t('assessmentCycles.tabEffects'),
      key: 'kind',
      render: (_, e) => t(`assessmentCycles.effectKinds.${e.kind}`),
    },
    { title: t('assessmentCycles.value'), key: 'value', render: (_, e) => value(e) },
    { title: t('assessmentCycles.reason'), dataIndex: 'reason' },
    {
      title: t('assessmentCycles.status'),
      key: 'status',
      render: (_, e) => (
        <Tag color={e.status === 'approved' ? 'green' : e.status === 'rejected' ? 'red' : 'gold'}>
          {t(`assessmentCycles.effectStatuses.${e.status}`)}
        </Tag>
      ),
    },
    {
      key: 'actions',
      render: (_, e) =>
        e.status === 'pending' && can('assessment:approve') ? (
          <Space>
            <Button size="small" type="primary" onClick={() => decide(e, 'approve')}>
              {t('assessmentCycles.approve')}
            </Button>
            <Button size="small" onClick={() => decide(e, 'reject')}>
              {t('assessmentCycles.reject')}
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <Table
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={data?.items ?? []}
      loading={!data}
      pagination={{
        current: page,
        total: data?.total ?? 0,
        pageSize: 20,
        onChange: setPage,
        showTotal: (total) =>
          data?.totalCapped ? t('common.totalCapped', { total }) : t('common.total', { total }),
      }}
    />
  );
}
