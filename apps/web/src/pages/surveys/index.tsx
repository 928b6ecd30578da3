// /surveys: the survey campaigns of the caller's subtree (newest first, "load more" by keyset),
// with their code and answer counts, and the form for a new campaign.
import type { SurveyCampaignView } from '@cwp/contracts';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { surveysApi } from './api';
import { CampaignForm, usePeriodLabel } from './CampaignForm';

type Item = Omit<SurveyCampaignView, 'questions' | 'workers'>;

export const STATUS_COLORS: Record<string, string> = {
  draft: 'default',
  open: 'green',
  closed: 'orange',
  published: 'blue',
};

export function SurveysPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const navigate = useNavigate();
  const periodLabel = usePeriodLabel();
  const [items, setItems] = useState<Item[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);

  const load = useCallback(
    (after?: number) => {
      setLoading(true);
      surveysApi
        .list({ pageSize: 20, after })
        .then((page) => {
          setItems((prev) => (after ? [...prev, ...page.items] : page.items));
          setNext(page.nextAfter);
        })
        .catch((err: unknown) => onError(err))
        .finally(() => setLoading(false));
    },
    [onError],
  );
  useEffect(() => load(), [load]);

  return (
    <Card
      title={t('surveys.title')}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="survey-create"
        >
          {t('surveys.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('surveys.intro')}</Typography.Paragraph>
      <Table<Item>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          {
            title: t('surveys.campaignTitle'),
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/surveys/${r.id}`}>{v}</Link>,
          },
          { title: t('surveys.community'), dataIndex: 'orgUnitName' },
          {
            title: t('surveys.period'),
            render: (_, r) => `${r.year} ${periodLabel(r.period)}`,
          },
          {
            title: `${t('surveys.opensOn')} – ${t('surveys.closesOn')}`,
            render: (_, r) => `${r.opensOn} – ${r.closesOn}`,
          },
          {
            title: t('surveys.status'),
            dataIndex: 'status',
            render: (s: Item['status']) => (
              <Tag color={STATUS_COLORS[s]}>{t(`surveys.statuses.${s}`)}</Tag>
            ),
          },
          { title: t('surveys.codesIssued'), dataIndex: 'codesIssued', align: 'right' },
          { title: t('surveys.respondents'), dataIndex: 'respondents', align: 'right' },
        ]}
      />
      {next !== null && (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={() => load(next)} loading={loading}>
            {t('surveys.loadMore')}
          </Button>
        </Space>
      )}
      {creating && (
        <CampaignForm
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            navigate(`/surveys/${c.id}`);
          }}
        />
      )}
    </Card>
  );
}
