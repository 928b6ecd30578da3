// One public disclosure: its text and, for finance, the income and spending table with totals;
// a correction says what it corrects and links the earlier version.
import type { PublicDisclosureItem } from '@cwp/contracts';
import { Alert, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { PageSpin } from '../../../components/PageSpin';
import { publicSupervisionApi, yuan } from '../../disclosures/api';
import { usePublicError } from '../recruitment/PublicShell';
import { SupervisionShell } from './Shell';

export function PublicDisclosureItemPage() {
  const { t } = useTranslation();
  const onError = usePublicError();
  const params = useParams();
  const communityId = Number(params.id);
  const itemId = Number(params.itemId);
  const [item, setItem] = useState<PublicDisclosureItem | null>(null);
  useEffect(() => {
    setItem(null);
    publicSupervisionApi.disclosure(communityId, itemId).then(setItem).catch(onError);
  }, [communityId, itemId, onError]);
  const base = `/public/communities/${communityId}/disclosures`;
  return (
    <SupervisionShell title={item ? item.communityName : t('supervision.publicTitle')}>
      <Link to={base}>{t('supervision.back')}</Link>
      {!item && <PageSpin />}
      {item && (
        <Card style={{ marginTop: 8 }} data-testid="public-disclosure">
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {item.title}
          </Typography.Title>
          <Space wrap size={4} style={{ marginBottom: 8 }}>
            <Tag color="blue">{t(`supervision.kinds.${item.kind}`)}</Tag>
            {item.periodKey && <Tag>{item.periodKey}</Tag>}
            {item.revision > 1 && <Tag>{t('supervision.revision', { n: item.revision })}</Tag>}
            <Typography.Text type="secondary">{item.publishedAt.slice(0, 10)}</Typography.Text>
          </Space>
          {item.status === 'withdrawn' && (
            <Alert
              type="warning"
              message={t('supervision.withdrawnNotice', { reason: item.withdrawReason ?? '' })}
            />
          )}
          {item.correctedById !== null && (
            <Alert
              type="info"
              message={
                <Link to={`${base}/${item.correctedById}`}>
                  {t('supervision.correctedBy', { id: item.correctedById })}
                </Link>
              }
            />
          )}
          {item.correctsId !== null && (
            <Alert
              type="info"
              message={
                <>
                  <Link to={`${base}/${item.correctsId}`}>
                    {t('supervision.correctionOf', { id: item.correctsId })}
                  </Link>
                  {item.correctionNote && `：${item.correctionNote}`}
                </>
              }
            />
          )}
          {item.body && (
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8 }}>
              {item.body}
            </Typography.Paragraph>
          )}
          {item.finance && (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey={(r) => `${r.direction}:${r.category}`}
                dataSource={item.finance.rows}
                data-testid="finance-table"
                columns={[
                  { title: t('supervision.category'), dataIndex: 'category' },
                  {
                    title: t('supervision.direction'),
                    dataIndex: 'direction',
                    render: (d: 'income' | 'spending') => t(`supervision.${d}`),
                  },
                  {
                    title: t('supervision.amount'),
                    dataIndex: 'amount',
                    align: 'right',
                    render: (v: number) => yuan(v),
                  },
                ]}
              />
              <Descriptions
                column={1}
                size="small"
                style={{ marginTop: 8 }}
                data-testid="finance-totals"
              >
                <Descriptions.Item label={t('supervision.totalIncome')}>
                  {yuan(item.finance.totalIncome)}
                </Descriptions.Item>
                <Descriptions.Item label={t('supervision.totalSpending')}>
                  {yuan(item.finance.totalSpending)}
                </Descriptions.Item>
                <Descriptions.Item label={t('supervision.balance')}>
                  {yuan(item.finance.balance)}
                </Descriptions.Item>
              </Descriptions>
            </>
          )}
        </Card>
      )}
    </SupervisionShell>
  );
}
