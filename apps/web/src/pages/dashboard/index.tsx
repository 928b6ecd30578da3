// The dashboard (领导驾驶舱) of one org unit of the caller's scope: every registered indicator the
// caller may see, as charts whose unit names drill down the tree and whose bars open the roster of
// the people counted, plus the monthly trend. The unit and status live in the address bar, so
// back, reload and shared links show the same view.
import type { DashboardStatus, IndicatorView, TrendView } from '@cwp/contracts';
import { DASHBOARD_STATUSES } from '@cwp/contracts';
import { App, Breadcrumb, Card, Col, Row, Select, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { dashboardApi } from './api';
import { drawInTurn } from './components/drawQueue';
import { IndicatorChart } from './components/IndicatorChart';
import { dashboardParams, takePrefetched, TREND_MONTHS } from './prefetch';
import { TrendChart } from './components/TrendChart';

/** Cards mounted with the data (two rows at the usual width); the others follow. */
const FIRST_CARDS = 4;

export function DashboardPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { orgUnitId, status } = dashboardParams(params);
  const [items, setItems] = useState<IndicatorView[] | null>(null);
  const [trend, setTrend] = useState<TrendView | null>(null);
  const [loading, setLoading] = useState(true);

  // The error handler's identity changes as the page settles (translations, navigation); reading
  // it through a ref keeps the data from being requested twice.
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  }, [onError]);

  useEffect(() => {
    const ctrl = new AbortController();
    setLoading(true);
    const ready = takePrefetched(orgUnitId, status);
    Promise.all([
      ready?.all ?? dashboardApi.all(orgUnitId, status, ctrl.signal),
      ready?.trend ?? dashboardApi.trend(orgUnitId, TREND_MONTHS, ctrl.signal),
    ])
      .then(([all, tr]) => {
        if (ctrl.signal.aborted) return;
        setItems(all.items);
        setTrend(tr);
      })
      .catch((e: unknown) => onErrorRef.current(e))
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [orgUnitId, status]);

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

  // The first cards mount with the data; the rest after the first charts are drawn (drawQueue).
  const [allCards, setAllCards] = useState(false);
  useEffect(() => {
    if (!items) return;
    setAllCards(false);
    return drawInTurn(() => setAllCards(true));
  }, [items]);
  const cards = allCards ? (items ?? []) : (items ?? []).slice(0, FIRST_CARDS);

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
          {cards.map((v) => (
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
