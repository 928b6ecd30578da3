// Public list of published recruitment announcements (no login).
import type { z } from 'zod';
import type { publicPlanList } from '@cwp/contracts';
import { Card, Empty, List, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { publicApi } from '../../recruitment/api';
import { PublicShell, usePublicError } from './PublicShell';

export function PublicRecruitmentPage() {
  const { t } = useTranslation();
  const onError = usePublicError();
  const [plans, setPlans] = useState<z.infer<typeof publicPlanList> | null>(null);
  useEffect(() => {
    publicApi.plans().then(setPlans).catch(onError);
  }, [onError]);
  return (
    <PublicShell>
      <Card title={t('recruitment.public.listTitle')} loading={plans === null}>
        {plans && plans.length === 0 ? (
          <Empty description={t('recruitment.public.none')} />
        ) : (
          <List
            dataSource={plans ?? []}
            renderItem={(p) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/public/recruitment/${p.id}`}>{p.title}</Link>}
                  description={
                    <Space wrap>
                      <span>{p.orgUnitName}</span>
                      <span>
                        {p.applicationStart} ~ {p.applicationEnd}
                      </span>
                      <Tag color={p.open ? 'success' : 'default'}>
                        {t(p.open ? 'recruitment.public.open' : 'recruitment.public.closed')}
                      </Tag>
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </PublicShell>
  );
}
