// Staffing and quotas (员额配备): the org tree under the chosen unit (the user's own by default)
// with quota, headcount, vacancies and excess rolled up, each unit's own computed quota with the
// rule version it came from and the explanation, manual adjustments with their history, the
// recompute, and the export of the whole subtree as .xlsx.
import {
  DownloadOutlined,
  EditOutlined,
  HistoryOutlined,
  ReloadOutlined,
  RollbackOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import type { StaffingRow, StaffingView } from '@cwp/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { staffingApi } from './api';
import { AdjustModal, RevokeModal } from './components/AdjustModal';
import { AdjustmentHistory } from './components/AdjustmentHistory';
import { RecomputeModal } from './components/RecomputeModal';
import { adjustmentText, buildTree, type StaffingTreeRow } from './staffing-tree';

type Dialog =
  | { kind: 'adjust' | 'revoke'; row: StaffingRow }
  | { kind: 'history'; orgUnitId: number; name: string }
  | { kind: 'recompute' }
  | null;

export function StaffingPage() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const canManage = can('staffing:manage');
  const [rootId, setRootId] = useState<number | undefined>(user?.orgUnit.id);
  const [view, setView] = useState<StaffingView | null>(null);
  const [loaded, setLoaded] = useState<Map<number, StaffingRow[]>>(new Map());
  const [expanded, setExpanded] = useState<number[]>([]);
  const [loading, setLoading] = useState(true);
  const [exporting, setExporting] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    staffingApi
      .get(rootId)
      .then((v) => {
        if (cancelled) return;
        setView(v);
        setLoaded(new Map([[v.unit.orgUnitId, v.children]]));
        setExpanded((keys) => (keys.includes(v.unit.orgUnitId) ? keys : [v.unit.orgUnitId]));
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [rootId, reload, onError]);

  // After a change the expanded branches are fetched again, so their figures stay current.
  const refresh = useCallback(() => setReload((n) => n + 1), []);
  useEffect(() => {
    if (!view) return;
    const missing = expanded.filter((id) => !loaded.has(id));
    if (missing.length === 0) return;
    let cancelled = false;
    Promise.all(missing.map((id) => staffingApi.get(id)))
      .then((views) => {
        if (cancelled) return;
        setLoaded((m) => {
          const next = new Map(m);
          for (const v of views) next.set(v.unit.orgUnitId, v.children);
          return next;
        });
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [view, expanded, loaded, onError]);

  const tree = useMemo(() => (view ? [buildTree(view.unit, loaded)] : []), [view, loaded]);

  const exportXlsx = async () => {
    if (!view) return;
    setExporting(true);
    try {
      const name = await staffingApi.exportXlsx(view.unit.orgUnitId);
      void message.success(t('careerRules.staffing.exported', { name }));
    } catch (err) {
      onError(err);
    } finally {
      setExporting(false);
    }
  };

  const num = (v: number | null) => (v === null ? '—' : v.toLocaleString());

  const columns: TableColumnsType<StaffingTreeRow> = [
    {
      title: t('careerRules.staffing.unit'),
      key: 'name',
      fixed: 'left',
      width: 230,
      render: (_, r) => (
        <Space size={4}>
          <span data-testid="staffing-unit">{r.name}</span>
          <Tag>{t(`level.${r.level}`, { defaultValue: r.level })}</Tag>
        </Space>
      ),
    },
    {
      title: t('careerRules.staffing.population'),
      key: 'population',
      width: 90,
      align: 'right',
      render: (_, r) => num(r.own.residentPopulation),
    },
    {
      title: t('careerRules.staffing.households'),
      key: 'households',
      width: 80,
      align: 'right',
      render: (_, r) => num(r.own.households),
    },
    {
      title: t('careerRules.staffing.computedQuota'),
      key: 'computed',
      width: 80,
      align: 'right',
      render: (_, r) => num(r.own.computedQuota),
    },
    {
      title: t('careerRules.staffing.adjustment'),
      key: 'adjustment',
      width: 90,
      render: (_, r) =>
        r.own.adjustment ? (
          <Tooltip title={r.own.adjustment.reason}>
            <Tag color="orange">{adjustmentText(r.own.adjustment, t)}</Tag>
          </Tooltip>
        ) : null,
    },
    {
      title: t('careerRules.staffing.ownQuota'),
      key: 'ownQuota',
      width: 80,
      align: 'right',
      render: (_, r) => <span data-testid="staffing-own-quota">{num(r.own.quota)}</span>,
    },
    {
      title: t('careerRules.staffing.quotaTotal'),
      key: 'quotaTotal',
      width: 90,
      align: 'right',
      render: (_, r) => <b data-testid="staffing-quota-total">{r.totals.quota.toLocaleString()}</b>,
    },
    {
      title: t('careerRules.staffing.headcountTotal'),
      key: 'headcount',
      width: 90,
      align: 'right',
      render: (_, r) => r.totals.headcount.toLocaleString(),
    },
    {
      title: t('careerRules.staffing.vacancies'),
      key: 'vacancies',
      width: 70,
      align: 'right',
      render: (_, r) =>
        r.totals.vacancies > 0 ? (
          <Typography.Text type="warning">{r.totals.vacancies}</Typography.Text>
        ) : (
          0
        ),
    },
    {
      title: t('careerRules.staffing.excess'),
      key: 'excess',
      width: 70,
      align: 'right',
      render: (_, r) =>
        r.totals.excess > 0 ? (
          <Typography.Text type="danger">{r.totals.excess}</Typography.Text>
        ) : (
          0
        ),
    },
    {
      title: t('careerRules.staffing.rule'),
      key: 'rule',
      width: 80,
      render: (_, r) =>
        r.own.ruleSetId !== null ? (
          <Link to={`/rule-sets/${r.own.ruleSetId}`}>v{r.own.ruleVersionNo}</Link>
        ) : null,
    },
    {
      title: t('careerRules.staffing.explanation'),
      key: 'explanation',
      width: 260,
      ellipsis: { showTitle: false },
      render: (_, r) =>
        r.own.explanation ? (
          <Tooltip title={r.own.explanation} placement="topLeft">
            <span>{r.own.explanation}</span>
          </Tooltip>
        ) : null,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: canManage ? 190 : 70,
      render: (_, r) => (
        <Space size={0}>
          {canManage && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => setDialog({ kind: 'adjust', row: r })}
            >
              {t('careerRules.staffing.adjust')}
            </Button>
          )}
          {canManage && r.own.adjustment && (
            <Button
              type="link"
              size="small"
              danger
              icon={<RollbackOutlined />}
              onClick={() => setDialog({ kind: 'revoke', row: r })}
            >
              {t('careerRules.staffing.revoke')}
            </Button>
          )}
          <Tooltip title={t('careerRules.staffing.history')}>
            <Button
              type="link"
              size="small"
              icon={<HistoryOutlined />}
              aria-label={t('careerRules.staffing.history')}
              onClick={() => setDialog({ kind: 'history', orgUnitId: r.orgUnitId, name: r.name })}
            />
          </Tooltip>
        </Space>
      ),
    },
  ];

  const totals = view?.unit.totals;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="cwp-page-header">
          <Typography.Title level={4}>{t('careerRules.staffing.title')}</Typography.Title>
          <Space wrap>
            <OrgUnitTreeSelect
              style={{ width: 240 }}
              value={rootId ?? null}
              onChange={(id) => setRootId(id ?? user?.orgUnit.id)}
            />
            <Button icon={<ReloadOutlined />} onClick={refresh}>
              {t('common.refresh')}
            </Button>
            {canManage && (
              <Button
                type="primary"
                icon={<SyncOutlined />}
                disabled={!view}
                onClick={() => setDialog({ kind: 'recompute' })}
                data-testid="staffing-recompute"
              >
                {t('careerRules.staffing.recompute')}
              </Button>
            )}
            <Button
              icon={<DownloadOutlined />}
              disabled={!view}
              loading={exporting}
              onClick={() => void exportXlsx()}
              data-testid="staffing-export"
            >
              {t('careerRules.staffing.export')}
            </Button>
          </Space>
        </div>
        {totals && view && (
          <>
            <Row gutter={16}>
              <Col xs={12} md={4}>
                <Statistic title={t('careerRules.staffing.quotaTotal')} value={totals.quota} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic
                  title={t('careerRules.staffing.headcountTotal')}
                  value={totals.headcount}
                />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title={t('careerRules.staffing.vacancies')} value={totals.vacancies} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic title={t('careerRules.staffing.excess')} value={totals.excess} />
              </Col>
              <Col xs={12} md={4}>
                <Statistic
                  title={t('careerRules.staffing.withoutQuota')}
                  value={totals.headcountWithoutQuota}
                />
              </Col>
            </Row>
            <div style={{ marginTop: 12 }}>
              <Space wrap size={[8, 8]}>
                <Typography.Text type="secondary">
                  {t('careerRules.staffing.rulesUsed')}
                </Typography.Text>
                {view.ruleSets.length === 0 && (
                  <Typography.Text>{t('common.none')}</Typography.Text>
                )}
                {view.ruleSets.map((r) => (
                  <Tag key={r.ruleSetId} color="blue" data-testid="staffing-rule">
                    <Link to={`/rule-sets/${r.ruleSetId}`}>
                      {r.orgUnitName} · {r.name} · v{r.versionNo}
                    </Link>{' '}
                    ({t('careerRules.staffing.unitsCount', { count: r.units })})
                  </Tag>
                ))}
                {view.computedTo && (
                  <Typography.Text type="secondary">
                    {t('careerRules.staffing.computedAt', {
                      at: dayjs(view.computedTo).format('YYYY-MM-DD HH:mm'),
                    })}
                  </Typography.Text>
                )}
              </Space>
            </div>
            {view.uncomputed > 0 && (
              <Alert
                style={{ marginTop: 12 }}
                type="warning"
                showIcon
                message={t('careerRules.staffing.uncomputed', { count: view.uncomputed })}
              />
            )}
          </>
        )}
      </Card>
      <Card>
        <Table<StaffingTreeRow>
          rowKey="key"
          size="small"
          columns={columns}
          dataSource={tree}
          loading={loading}
          pagination={false}
          scroll={{ x: 1600 }}
          data-testid="staffing-table"
          expandable={{
            expandedRowKeys: expanded,
            onExpandedRowsChange: (keys) => setExpanded(keys.map(Number)),
          }}
        />
      </Card>
      {dialog?.kind === 'adjust' && (
        <AdjustModal
          row={dialog.row}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void message.success(t('careerRules.staffing.adjusted'));
            refresh();
          }}
        />
      )}
      {dialog?.kind === 'revoke' && (
        <RevokeModal
          row={dialog.row}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void message.success(t('careerRules.staffing.revoked'));
            refresh();
          }}
        />
      )}
      {dialog?.kind === 'history' && (
        <AdjustmentHistory
          orgUnitId={dialog.orgUnitId}
          name={dialog.name}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'recompute' && view && (
        <RecomputeModal
          orgUnitId={view.unit.orgUnitId}
          name={view.unit.name}
          onClose={() => setDialog(null)}
          onDone={refresh}
        />
      )}
    </Space>
  );
}
