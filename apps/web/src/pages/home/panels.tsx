// The role panels of the home page: the leader's summary of the dashboard, the HR officer's
// pending work (counts from the approvals, contracts, payroll and notifications endpoints) and
// the worker's self-service links.
import { DashboardOutlined, IdcardOutlined, WalletOutlined } from '@ant-design/icons';
import { indicatorView, type IndicatorView } from '@cwp/contracts';
import { Button, Card, Col, Row, Space, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { z } from 'zod';
import { api } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';

export function LeaderPanel() {
  const { t, i18n } = useTranslation();
  const onError = useRequestError();
  const { can } = useAuth();
  const [view, setView] = useState<IndicatorView | null>(null);
  const allowed = can('staffing:read');
  useEffect(() => {
    if (!allowed) return;
    const ctrl = new AbortController();
    api
      .get('/api/dashboard/indicators/staffing', indicatorView, {}, ctrl.signal)
      .then(setView)
      .catch(onError);
    return () => ctrl.abort();
  }, [allowed, onError]);
  const en = i18n.language.startsWith('en');
  return (
    <Card
      title={t('dashboard.home.leaderTitle')}
      data-testid="home-leader"
      extra={
        <Link to="/dashboard">
          <Button type="primary" icon={<DashboardOutlined />}>
            {t('dashboard.home.openDashboard')}
          </Button>
        </Link>
      }
    >
      <Row gutter={[16, 16]}>
        {(view?.summary ?? []).map((s) => (
          <Col key={s.key} xs={12} md={8} xl={4}>
            <Statistic
              title={en ? s.labelEn : s.labelZh}
              value={s.value ?? '—'}
              data-testid={`home-summary-${s.key}`}
            />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

const counted = z.object({ total: z.number() });
const unreadOnly = z.object({ unread: z.number() });

export function HrPanel() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [counts, setCounts] = useState<Record<string, number | null>>({});
  useEffect(() => {
    const ctrl = new AbortController();
    const load = (key: string, p: Promise<number>) =>
      p
        .then((n) => setCounts((c) => ({ ...c, [key]: n })))
        .catch(() => setCounts((c) => ({ ...c, [key]: null })));
    load(
      'approvals',
      api
        .get(
          '/api/approvals',
          counted,
          { box: 'decide', status: 'pending', pageSize: 1 },
          ctrl.signal,
        )
        .then((r) => r.total),
    );
    load(
      'notifications',
      api.get('/api/notifications', unreadOnly, { pageSize: 1 }, ctrl.signal).then((r) => r.unread),
    );
    if (can('contract:read'))
      load(
        'contracts',
        api
          .get(
            '/api/labor-contracts',
            counted,
            { expiringWithinDays: 30, pageSize: 1 },
            ctrl.signal,
          )
          .then((r) => r.total),
      );
    if (can('payroll:read'))
      load(
        'payrollDrafts',
        api
          .get('/api/payroll/runs', counted, { status: 'draft', pageSize: 1 }, ctrl.signal)
          .then((r) => r.total),
      );
    return () => ctrl.abort();
  }, [can]);
  const items: { key: string; to: string }[] = [
    { key: 'approvals', to: '/approvals' },
    ...(can('contract:read') ? [{ key: 'contracts', to: '/contracts?expiringWithinDays=30' }] : []),
    ...(can('payroll:read') ? [{ key: 'payrollDrafts', to: '/payroll?status=draft' }] : []),
    { key: 'notifications', to: '/notifications' },
  ];
  return (
    <Card title={t('dashboard.home.hrTitle')} data-testid="home-hr">
      <Row gutter={[16, 16]}>
        {items.map((i) => (
          <Col key={i.key} xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t(`dashboard.home.${i.key as 'approvals'}`)}
                value={counts[i.key] ?? '—'}
                data-testid={`home-pending-${i.key}`}
              />
              <Link to={i.to}>{t('dashboard.home.open')}</Link>
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

export function WorkerPanel() {
  const { t } = useTranslation();
  return (
    <Card title={t('dashboard.home.workerTitle')} data-testid="home-worker">
      <Space size={16} wrap>
        <Link to="/me">
          <Button size="large" icon={<IdcardOutlined />}>
            {t('dashboard.home.dossier')}
          </Button>
        </Link>
        <Link to="/me/pay-slips">
          <Button size="large" icon={<WalletOutlined />}>
            {t('dashboard.home.slips')}
          </Button>
        </Link>
      </Space>
    </Card>
  );
}
