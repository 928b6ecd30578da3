// 我的学习 (/me/learning): the worker's own learning record — hours this year against the training
// rule, the competency radar (hours per ability area), online courses with progress, upcoming
// sessions, certificates and the hours ledger.
import type { MyLearningSummary } from '@cwp/contracts';
import {
  Card,
  Col,
  Empty,
  List,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { learningApi } from './api';
import { AbilityRadar } from './components/AbilityRadar';
import { useLearningLabels } from './components/labels';

export function MyLearningPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const labels = useLearningLabels();
  const [data, setData] = useState<MyLearningSummary | null>(null);

  useEffect(() => {
    let cancelled = false;
    learningApi
      .mySummary()
      .then((d) => {
        if (!cancelled) setData(d);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [onError]);

  if (!data) return <PageSpin />;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="my-learning">
      <Card>
        <Typography.Title level={4}>{t('learning.me.title')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Statistic
              title={t('learning.me.hoursThisYear', { year: data.year })}
              value={data.hoursThisYear}
              suffix={data.requiredHours ? `/ ${data.requiredHours}` : undefined}
              data-testid="hours-this-year"
            />
            {data.ruleNote && <Typography.Text type="secondary">{data.ruleNote}</Typography.Text>}
          </Col>
          <Col xs={24} md={16}>
            <Typography.Text strong>{t('learning.me.radar')}</Typography.Text>
            <AbilityRadar data={data.abilityHours} />
          </Col>
        </Row>
      </Card>
      <Card title={t('learning.me.courses')}>
        <List
          dataSource={data.courses}
          locale={{ emptyText: t('learning.me.noCourses') }}
          renderItem={(c) => (
            <List.Item
              actions={[
                <Link key="open" to={`/me/learning/${c.id}`}>
                  {c.completedAt ? t('learning.me.review') : t('learning.me.study')}
                </Link>,
              ]}
            >
              <List.Item.Meta
                title={
                  <Space>
                    {c.title}
                    {c.completedAt ? <Tag color="green">{t('learning.me.completed')}</Tag> : null}
                  </Space>
                }
                description={`${labels.ability(c.ability)} · ${t('learning.me.courseHours', { n: c.hours })}`}
              />
              <Progress
                style={{ width: 160 }}
                percent={c.itemCount ? Math.round((c.itemsCompleted / c.itemCount) * 100) : 0}
                size="small"
              />
            </List.Item>
          )}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Card title={t('learning.me.sessions')}>
            {data.upcomingSessions.length === 0 ? (
              <Empty description={t('learning.me.noSessions')} />
            ) : (
              <List
                dataSource={data.upcomingSessions}
                renderItem={(s) => (
                  <List.Item>
                    {s.title} · {new Date(s.startsAt).toLocaleString()} {s.location ?? ''}
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('learning.me.certificates')}>
            {data.certificates.length === 0 ? (
              <Empty description={t('learning.me.noCertificates')} />
            ) : (
              <List
                dataSource={data.certificates}
                renderItem={(c) => (
                  <List.Item>
                    {labels.level(c.level)} · {c.certNumber} · {c.certDate}
                  </List.Item>
                )}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Card title={t('learning.me.ledger')}>
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={data.hoursRecords}
          data-testid="hours-ledger"
          columns={[
            { title: t('learning.me.year'), dataIndex: 'year' },
            { title: t('learning.me.source'), dataIndex: 'source' },
            { title: t('learning.ability'), dataIndex: 'ability', render: labels.ability },
            { title: t('learning.hours'), dataIndex: 'hours' },
          ]}
        />
      </Card>
    </Space>
  );
}
