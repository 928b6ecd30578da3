// Every manual adjustment under a unit (or of one unit), newest first, active or ended, with who
// made and who ended it and why.
import type { AdjustmentView } from '@cwp/contracts';
import { Drawer, Segmented, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { staffingApi } from '../api';
import { adjustmentText } from '../staffing-tree';

export function AdjustmentHistory({
  orgUnitId,
  name,
  onClose,
}: {
  orgUnitId: number;
  name: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [scope, setScope] = useState<'self' | 'subtree'>('subtree');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: AdjustmentView[]; total: number } | null>(null);

  useEffect(() => {
    let cancelled = false;
    staffingApi
      .adjustments({ orgUnitId, orgScope: scope, page, pageSize: 20 })
      .then((res) => {
        if (!cancelled) setData(res);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [orgUnitId, scope, page, onError]);

  return (
    <Drawer
      open
      width={860}
      title={t('careerRules.staffing.historyTitle', { name })}
      onClose={onClose}
    >
      <Segmented<'self' | 'subtree'>
        style={{ marginBottom: 12 }}
        value={scope}
        onChange={(v) => {
          setScope(v);
          setPage(1);
        }}
        options={[
          { value: 'subtree', label: t('careerRules.staffing.historySubtree') },
          { value: 'self', label: t('careerRules.staffing.historySelf') },
        ]}
      />
      <Table<AdjustmentView>
        rowKey="id"
        size="small"
        loading={data === null}
        dataSource={data?.items ?? []}
        data-testid="adjustment-history"
        pagination={{
          current: page,
          pageSize: 20,
          total: data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        columns={[
          { title: t('careerRules.staffing.unit'), dataIndex: 'orgUnitName', width: 140 },
          {
            title: t('careerRules.staffing.adjustment'),
            key: 'value',
            width: 110,
            render: (_, a) => adjustmentText(a, t),
          },
          { title: t('careerRules.staffing.reason'), dataIndex: 'reason' },
          {
            title: t('careerRules.staffing.madeBy'),
            key: 'made',
            width: 150,
            render: (_, a) => (
              <>
                {a.createdBy?.displayName ?? '—'}
                <br />
                <Typography.Text type="secondary">
                  {dayjs(a.createdAt).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('common.status'),
            key: 'state',
            width: 200,
            render: (_, a) =>
              a.active ? (
                <Tag color="green">{t('careerRules.staffing.activeAdjustment')}</Tag>
              ) : (
                <>
                  <Tag>{t('careerRules.staffing.ended')}</Tag>
                  <Typography.Text type="secondary">
                    {a.endedBy?.displayName ?? ''}{' '}
                    {a.endedAt ? dayjs(a.endedAt).format('YYYY-MM-DD') : ''}
                    {a.endReason ? `：${a.endReason}` : ''}
                  </Typography.Text>
                </>
              ),
          },
        ]}
      />
    </Drawer>
  );
}
