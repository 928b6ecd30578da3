// Complaints (信访举报): the complaints the user may see (scope, minus those about themselves or
// their community's workers), filtered by category, status and overdue; figures per community and
// category; one complaint's handling in a drawer.
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, type ComplaintView } from '@cwp/contracts';
import { Button, Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { complaintListItem, complaintStats } from '@cwp/contracts';
import { useRequestError } from '../../api/useRequestError';
import { complaintsApi } from '../disclosures/api';
import { ComplaintDrawer } from './ComplaintDrawer';
import { ComplaintSettingsPanel } from './SettingsPanel';

type Item = z.infer<typeof complaintListItem>;
type Stats = z.infer<typeof complaintStats>['rows'];

export function ComplaintsPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [category, setCategory] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [overdue, setOverdue] = useState<string | undefined>();
  const [items, setItems] = useState<Item[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<ComplaintView | null>(null);
  const [stats, setStats] = useState<Stats>([]);

  const load = useCallback(
    (before?: number) => {
      setLoading(true);
      complaintsApi
        .list({ category, status, overdue, before, pageSize: 20 })
        .then((p) => {
          setItems((prev) => (before ? [...prev, ...p.items] : p.items));
          setCursor(p.nextCursor);
        })
        .catch(onError)
        .finally(() => setLoading(false));
    },
    [category, status, overdue, onError],
  );
  useEffect(() => load(), [load]);
  const loadStats = useCallback(() => {
    complaintsApi
      .stats()
      .then((r) => setStats(r.rows))
      .catch(onError);
  }, [onError]);

  const show = (id: number) => {
    complaintsApi.get(id).then(setOpen).catch(onError);
  };

  return (
    <Card title={t('supervision.complaints')}>
      <Typography.Paragraph type="secondary">
        {t('supervision.complaintsIntro')}
      </Typography.Paragraph>
      <Tabs
        onChange={(k) => k === 'stats' && loadStats()}
        items={[
          {
            key: 'list',
            label: t('supervision.complaints'),
            children: (
              <>
                <Space wrap style={{ marginBottom: 12 }}>
                  <Select
                    allowClear
                    placeholder={t('supervision.kind')}
                    style={{ width: 150 }}
                    value={category}
                    onChange={setCategory}
                    options={COMPLAINT_CATEGORIES.map((c) => ({
                      value: c,
                      label: t(`supervision.complaintCategories.${c}`),
                    }))}
                  />
                  <Select
                    allowClear
                    placeholder={t('supervision.status')}
                    style={{ width: 150 }}
                    value={status}
                    onChange={setStatus}
                    options={COMPLAINT_STATUSES.map((s) => ({
                      value: s,
                      label: t(`supervision.complaintStatuses.${s}`),
                    }))}
                  />
                  <Select
                    allowClear
                    placeholder={t('supervision.overdue')}
                    style={{ width: 120 }}
                    value={overdue}
                    onChange={setOverdue}
                    options={[{ value: 'true', label: t('supervision.overdue') }]}
                  />
                </Space>
                <Table
                  rowKey="id"
                  size="small"
                  loading={loading}
                  dataSource={items}
                  pagination={false}
                  scroll={{ x: 800 }}
                  onRow={(r) => ({ onClick: () => show(r.id), style: { cursor: 'pointer' } })}
                  columns={[
                    { title: '#', dataIndex: 'id', width: 70 },
                    { title: t('supervision.community'), dataIndex: 'orgUnitName' },
                    {
                      title: t('supervision.kind'),
                      dataIndex: 'category',
                      render: (c: Item['category']) => t(`supervision.complaintCategories.${c}`),
                    },
                    { title: t('supervision.text'), dataIndex: 'text', ellipsis: true },
                    {
                      title: t('supervision.status'),
                      render: (_, r) => (
                        <Space size={2}>
                          <Tag>{t(`supervision.complaintStatuses.${r.status}`)}</Tag>
                          {r.overdue && (
                            <Tag color="red">{t(`supervision.overdueFlags.${r.overdue}`)}</Tag>
                          )}
                        </Space>
                      ),
                    },
                    { title: t('supervision.acceptDue'), dataIndex: 'acceptDue' },
                    { title: t('supervision.replyDue'), dataIndex: 'replyDue' },
                  ]}
                />
                {cursor && (
                  <Button style={{ marginTop: 12 }} onClick={() => load(cursor)}>
                    {t('supervision.loadMore')}
                  </Button>
                )}
              </>
            ),
          },
          {
            key: 'stats',
            label: t('supervision.stats'),
            children: (
              <Table
                rowKey={(r) => `${r.orgUnitId}:${r.category}`}
                size="small"
                dataSource={stats}
                pagination={{ pageSize: 50 }}
                columns={[
                  { title: t('supervision.community'), dataIndex: 'orgUnitName' },
                  {
                    title: t('supervision.kind'),
                    dataIndex: 'category',
                    render: (c: Item['category']) => t(`supervision.complaintCategories.${c}`),
                  },
                  { title: t('supervision.total'), dataIndex: 'total' },
                  { title: t('supervision.open'), dataIndex: 'open' },
                  { title: t('supervision.overdue'), dataIndex: 'overdue' },
                  { title: t('supervision.averageRating'), dataIndex: 'averageRating' },
                ]}
              />
            ),
          },
          {
            key: 'deadlines',
            label: t('supervision.rules.deadlinesTitle'),
            children: <ComplaintSettingsPanel />,
          },
        ]}
      />
      <ComplaintDrawer
        item={open}
        onClose={() => setOpen(null)}
        onChanged={(v) => {
          setOpen(v);
          load();
        }}
      />
    </Card>
  );
}
