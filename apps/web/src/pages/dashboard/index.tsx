// The dashboard (领导驾驶舱) of one org unit of the caller's scope: every registered indicator the
// caller may see, as charts whose unit names drill down the tree and whose bars open the roster of
// the people counted, plus the monthly trend. The unit and status live in the address bar, so
// back, reload and shared links show the same view.
import type { DashboardStatus, IndicatorView, TrendView } from '@cwp/contracts';
import { DASHBOARD_STATUSES } from '@cwp/contracts';
import { App, Breadcrumb, Card, Col, Row, Select, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { dashboardApi } from './api';
import { IndicatorChart } from './components/IndicatorChart';
import { TrendChart } from './components/TrendChart';

function isStatus(v: string | null): v is DashboardStatus {
  return DASHBOARD_STATUSES.some((s) => s === v);
}

export function DashboardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const rawUnit = params.get('orgUnitId');
  const orgUnitId = rawUnit && /^\d{1,12}$/.test(rawUnit) ? Number(rawUnit) : undefined;
  const rawStatus = params.get('status');
  const status: DashboardStatus = isStatus(rawStatus) ? rawStatus : 'active';
  const [items, setItems] = useState<IndicatorView[] | null>(null);
  const [trend, setTrend] = useState<TrendView | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    Promise.all([
      dashboardApi.all(orgUnitId, status, ctrl.signal),
      dashboardApi.trend(orgUnitId, 24, ctrl.signal),
    ])
      .then(([all, tr]) => {
        setItems(all.items);
        setTrend(tr);
      })
      .catch(onError)
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [orgUnitId, status, onError]);

  const go = useCallback(
    (unitId: number | undefined, s: DashboardStatus = status) => {
      const next = new URLSearchParams();
      if (unitId !== undefined) next.set('orgUnitId', String(unitId));
      if (s !== 'active') next.set('status', s);
      setParams(next);
    },
    [setParams, status],
  );
  const onDrill = useCallback((id: number) => go(id), [go]);
  const onOpen = useCallback((link: string) => void navigate(link), [navigate]);

  const first = items?.[0];
  const unitId = first?.unit.id;
  const exportXlsx = (key: string) => {
    if (unitId === undefined) return;
    dashboardApi
      .exportXlsx(key, unitId, status)
      .then((name) => void message.success(t('dashboard.exported', { name })))
      .catch(onError);
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('dashboard.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('dashboard.intro')}</Typography.Text>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Breadcrumb
              data-testid="dashboard-path"
              items={(first?.path ?? []).map((p, i, all) => ({
                key: p.id,
                title:
                  i < all.length - 1 ? (
                    <a
                      href={`/dashboard?orgUnitId=${p.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        go(p.id);
                      }}
                    >
                      {p.name}
                    </a>
                  ) : (
                    <span data-testid="dashboard-unit">{p.name}</span>
                  ),
              }))}
            />
            <Space>
              <span>{t('dashboard.status')}</span>
              <Select
                data-testid="dashboard-status"
                value={status}
                style={{ width: 120 }}
                onChange={(s) => go(orgUnitId, s)}
                options={DASHBOARD_STATUSES.map((s) => ({
                  value: s,
                  label: t(`dashboard.statuses.${s}`),
                }))}
              />
            </Space>
          </Space>
        </Space>
      </Card>
      <Spin spinning={loading}>
        <Row gutter={[16, 16]}>
          {trend && (
            <Col xs={24}>
              <Card size="small" title={t('dashboard.trend')} data-testid="dashboard-trend">
                <TrendChart trend={trend} />
              </Card>
            </Col>
          )}
          {(items ?? []).map((v) => (
            <Col key={v.indicator.key} xs={24} xl={12}>
              <IndicatorChart
                view={v}
                onDrill={onDrill}
                onOpen={onOpen}
                onExport={() => exportXlsx(v.indicator.key)}
              />
            </Col>
          ))}
        </Row>
      </Spin>
    </Space>
  );
}
