// /training/me: the worker's own sessions and this year's credit hours by source and ability.
import type { MySessionView, WorkerHoursView } from '@cwp/contracts';
import { Card, List, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { trainingApi } from './api';

export function MyTrainingPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [sessions, setSessions] = useState<MySessionView[]>([]);
  const [hours, setHours] = useState<WorkerHoursView | null>(null);

  useEffect(() => {
    trainingApi
      .mySessions()
      .then((r) => setSessions(r.items))
      .catch(onError);
    trainingApi.myHours().then(setHours).catch(onError);
  }, [onError]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('training.myHours')}>
        {hours && (
          <>
            <Typography.Title level={4} data-testid="my-total-hours">
              {t('training.totalHours', { hours: hours.totalHours })}
            </Typography.Title>
            <Space wrap style={{ marginBottom: 12 }}>
              {Object.entries(hours.byAbility).map(([a, h]) => (
                <Tag key={a}>
                  {t(`training.ability.${a}`, a)} {h}
                </Tag>
              ))}
            </Space>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={hours.entries}
              columns={[
                { title: t('training.name'), dataIndex: 'sourceTitle' },
                {
                  title: t('training.source'),
                  render: (_: unknown, r: WorkerHoursView['entries'][number]) =>
                    t(`training.sources.${r.sourceType}`),
                },
                { title: t('training.hours'), dataIndex: 'hours' },
                {
                  title: t('training.grantedAt'),
                  render: (_: unknown, r: WorkerHoursView['entries'][number]) =>
                    new Date(r.grantedAt).toLocaleDateString(),
                },
              ]}
            />
          </>
        )}
      </Card>
      <Card title={t('training.mySessions')}>
        <List
          dataSource={sessions}
          renderItem={(s) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{s.title}</Typography.Text>
                <Typography.Text type="secondary">
                  {new Date(s.startsAt).toLocaleString()} · {s.location ?? ''} · {s.hours}{' '}
                  {t('training.hours')}
                </Typography.Text>
                <Space>
                  <Tag>
                    {t(`training.enrolmentStatuses.${s.enrolmentStatus}`, s.enrolmentStatus)}
                  </Tag>
                  <Tag color={s.signedInAt ? 'green' : undefined}>
                    {s.signedInAt ? t('training.signedIn') : t('training.notSigned')}
                  </Tag>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
