// The worker's own care and audits (我的档案 → 关爱与审计): the next health check due date, their
// health checks with results (only the worker and authorised staff see results), care visits and
// hardship aid, and — for party secretaries and committee directors — the economic responsibility
// audits about them with findings and rectifications. Self-service reads (self:read):
// GET /api/care/mine and /api/econ-audits/mine.
import type { EconAuditDetail, WorkerCareView } from '@cwp/contracts';
import { Alert, Card, Descriptions, Empty, List, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { econAuditsApi } from '../econ-audits/api';
import { careApi } from './api';

const STATE_COLORS = { overdue: 'red', due_soon: 'orange', not_due: 'green' } as const;

function MyAudits({ items }: { items: EconAuditDetail[] }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('oversight.audits.mine')} data-testid="my-audits">
      <List
        dataSource={items}
        renderItem={(a) => (
          <List.Item>
            <Space direction="vertical" size={8} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <Typography.Text strong>{a.title}</Typography.Text>
                <Tag>{t(`oversight.audits.statuses.${a.status}`)}</Tag>
                <Tag>{t(`oversight.audits.roles.${a.auditedRole}`)}</Tag>
              </Space>
              <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
                <Descriptions.Item label={t('oversight.audits.auditingUnit')}>
                  {a.orgUnitName}
                </Descriptions.Item>
                <Descriptions.Item label={t('oversight.audits.period')}>
                  {a.periodStart} ~ {a.periodEnd}
                </Descriptions.Item>
                <Descriptions.Item label={t('oversight.audits.totalAmount')}>
                  {a.totalAmount.toFixed(2)}
                </Descriptions.Item>
              </Descriptions>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={a.findingList}
                locale={{ emptyText: t('oversight.care.noRecords') }}
                columns={[
                  {
                    title: t('oversight.audits.category'),
                    render: (_, f) => t(`oversight.audits.categories.${f.category}`),
                  },
                  { title: t('oversight.audits.description'), dataIndex: 'description' },
                  {
                    title: t('oversight.amount'),
                    render: (_, f) => (f.amount === null ? '—' : f.amount.toFixed(2)),
                  },
                ]}
              />
              {a.rectifications.length > 0 && (
                <Table
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={a.rectifications}
                  columns={[
                    { title: t('oversight.audits.rectItem'), dataIndex: 'description' },
                    { title: t('oversight.audits.owner'), dataIndex: 'ownerName' },
                    { title: t('oversight.audits.deadline'), dataIndex: 'deadline' },
                    {
                      title: t('oversight.audits.status'),
                      render: (_, r) =>
                        r.status === 'closed' ? (
                          <Tag color="green">{t('oversight.audits.closed')}</Tag>
                        ) : r.overdue ? (
                          <Tag color="red">{t('oversight.audits.overdue')}</Tag>
                        ) : (
                          <Tag>{t('oversight.audits.open')}</Tag>
                        ),
                    },
                  ]}
                />
              )}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

export function MyCareSection() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [care, setCare] = useState<WorkerCareView | null>(null);
  const [audits, setAudits] = useState<EconAuditDetail[] | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    let cancelled = false;
    careApi
      .mine()
      .then((c) => {
        if (!cancelled) setCare(c);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
    econAuditsApi
      .mine()
      .then((r) => {
        if (!cancelled) setAudits(r.items);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [onError]);

  if (missing) return <Empty description={t('oversight.care.noRecords')} />;
  if (!care) return <PageSpin />;
  const next = care.nextHealthCheck;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="my-care">
      <Card size="small" title={t('oversight.care.healthChecks')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap data-testid="my-next-check">
            <Typography.Text>
              {t('oversight.care.nextCheck', {
                date: next.dueDate,
                state: t(`oversight.care.states.${next.state}`),
                months: care.intervalMonths,
              })}
            </Typography.Text>
            <Tag color={STATE_COLORS[next.state]}>{t(`oversight.care.states.${next.state}`)}</Tag>
          </Space>
          <Alert type="info" showIcon message={t('oversight.care.onlyYou')} />
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={care.healthChecks}
            locale={{ emptyText: t('oversight.care.noRecords') }}
            scroll={{ x: 520 }}
            columns={[
              { title: t('oversight.care.checkDate'), dataIndex: 'checkDate' },
              { title: t('oversight.care.institution'), dataIndex: 'institution' },
              {
                title: t('oversight.care.conclusion'),
                render: (_, h) =>
                  h.conclusion ? t(`oversight.care.conclusions.${h.conclusion}`) : '—',
              },
              { title: t('oversight.care.findings'), render: (_, h) => h.findings ?? '—' },
            ]}
          />
        </Space>
      </Card>
      <Card size="small" title={t('oversight.care.records')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={care.records}
          locale={{ emptyText: t('oversight.care.noRecords') }}
          scroll={{ x: 520 }}
          data-testid="my-care-records"
          columns={[
            { title: t('oversight.care.occurredOn'), dataIndex: 'occurredOn' },
            {
              title: t('oversight.care.kind'),
              render: (_, r) => t(`oversight.care.kinds.${r.kind}`),
            },
            { title: t('oversight.care.reason'), dataIndex: 'reason' },
            {
              title: t('oversight.amount'),
              render: (_, r) => (r.amount === null ? '—' : r.amount.toFixed(2)),
            },
            { title: t('oversight.care.visitor'), render: (_, r) => r.visitor ?? '—' },
          ]}
        />
      </Card>
      {audits && audits.length > 0 && <MyAudits items={audits} />}
    </Space>
  );
}
