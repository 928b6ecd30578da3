// A community's public notice board (社区公开栏): current disclosures and earlier, corrected and
// withdrawn ones, no login, readable on a phone.
import type { PublicDisclosureList } from '@cwp/contracts';
import { Alert, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { PageSpin } from '../../../components/PageSpin';
import { publicSupervisionApi } from '../../disclosures/api';
import { usePublicError } from '../recruitment/PublicShell';
import { SupervisionShell } from './Shell';

type Summary = PublicDisclosureList['current'][number];

function Items({ communityId, items }: { communityId: number; items: Summary[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Empty description={t('supervision.noItems')} />;
  return (
    <List
      dataSource={items}
      renderItem={(i) => (
        <List.Item>
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Link
              to={`/public/communities/${communityId}/disclosures/${i.id}`}
              data-testid="public-disclosure-link"
            >
              {i.title}
            </Link>
            <Space wrap size={4}>
              <Tag color="blue">{t(`supervision.kinds.${i.kind}`)}</Tag>
              {i.periodKey && <Tag>{i.periodKey}</Tag>}
              {i.status !== 'published' && <Tag>{t(`supervision.statuses.${i.status}`)}</Tag>}
              {i.revision > 1 && <Tag>{t('supervision.revision', { n: i.revision })}</Tag>}
              <Typography.Text type="secondary">{i.publishedAt.slice(0, 10)}</Typography.Text>
            </Space>
          </Space>
        </List.Item>
      )}
    />
  );
}

export function PublicDisclosuresPage() {
  const { t } = useTranslation();
  const onError = usePublicError();
  const id = Number(useParams().id);
  const [data, setData] = useState<PublicDisclosureList | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    publicSupervisionApi
      .disclosures(id)
      .then(setData)
      .catch((err: unknown) => {
        setFailed(true);
        onError(err);
      });
  }, [id, onError]);
  return (
    <SupervisionShell
      title={
        data
          ? `${data.community.name} · ${t('supervision.publicTitle')}`
          : t('supervision.publicTitle')
      }
    >
      {failed && <Alert type="warning" message={t('supervision.noItems')} />}
      {!data && !failed && <PageSpin />}
      {data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Card title={t('supervision.current')} size="small" data-testid="public-current">
            <Items communityId={id} items={data.current} />
          </Card>
          <Card title={t('supervision.past')} size="small">
            <Items communityId={id} items={data.past} />
          </Card>
          <Link to={`/public/communities/${id}/honors`} data-testid="public-honors-link">
            {t('supervision.honorRollLink')}
          </Link>
        </Space>
      )}
    </SupervisionShell>
  );
}
