// A community's public honour roll (荣誉榜): commendations and role models marked public, no
// login, readable on a phone; linked from and back to the community's notice board.
import type { PublicHonorRoll } from '@cwp/contracts';
import { Alert, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { PageSpin } from '../../../components/PageSpin';
import { publicSupervisionApi } from '../../disclosures/api';
import { SupervisionShell } from '../disclosures/Shell';
import { usePublicError } from '../recruitment/PublicShell';

export function PublicHonorRollPage() {
  const { t } = useTranslation();
  const onError = usePublicError();
  const id = Number(useParams().id);
  const [data, setData] = useState<PublicHonorRoll | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    publicSupervisionApi
      .honors(id)
      .then(setData)
      .catch((err: unknown) => {
        setFailed(true);
        onError(err);
      });
  }, [id, onError]);
  return (
    <SupervisionShell
      title={
        data ? `${data.community} · ${t('supervision.honorRoll')}` : t('supervision.honorRoll')
      }
    >
      {failed && <Alert type="warning" message={t('supervision.honorRollEmpty')} />}
      {!data && !failed && <PageSpin />}
      {data && (
        <Card
          size="small"
          title={t('supervision.honorRollIntro')}
          extra={
            <Link to={`/public/communities/${id}/disclosures`}>
              {t('supervision.disclosuresLink')}
            </Link>
          }
          data-testid="public-honors"
        >
          {data.items.length === 0 ? (
            <Empty description={t('supervision.honorRollEmpty')} />
          ) : (
            <List
              dataSource={data.items}
              renderItem={(h) => (
                <List.Item data-testid="public-honor">
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Space wrap size={4}>
                      <Typography.Text strong>{h.workerName}</Typography.Text>
                      <Tag color={h.kind === 'role_model' ? 'gold' : 'blue'}>
                        {t(`oversight.honors.commendationKinds.${h.kind}`)}
                      </Tag>
                    </Space>
                    <Typography.Text>{h.title}</Typography.Text>
                    <Typography.Text type="secondary">
                      {h.awardingBody} · {h.awardedOn}
                    </Typography.Text>
                    <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                      {h.citation}
                    </Typography.Paragraph>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </SupervisionShell>
  );
}
