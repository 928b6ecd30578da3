// /payroll/:id: one run — totals, status and lock state, the actions its status and the caller's
// abilities allow (recompute, submit, approve and lock, return, withdraw, exports), and tabs with
// the pay slips, adjustments, totals by component and by community, problems and approval history.
import {
  CheckOutlined,
  DownloadOutlined,
  LockOutlined,
  RollbackOutlined,
  SendOutlined,
  SyncOutlined,
} from '@ant-design/icons';
import type { PayrollRunDetail } from '@cwp/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Input,
  Modal,
  Popconfirm,
  Row,
  Space,
  Statistic,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { payrollApi } from './api';
import { AdjustmentsTab } from './components/AdjustmentsTab';
import { yuan } from './components/money';
import {
  ApprovalTab,
  CommunitiesTab,
  ComponentsTab,
  ProblemsTab,
} from './components/RunSummaryTabs';
import { SlipsTab } from './components/SlipsTab';
import { STATUS_COLOR } from './components/status';

type Decision = 'approve' | 'return' | 'withdraw';

export function PayrollRunPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const id = Number(useParams().id);
  const [run, setRun] = useState<PayrollRunDetail | null>(null);
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [comment, setComment] = useState('');

  useEffect(() => {
    let cancelled = false;
    payrollApi
      .get(id)
      .then((r) => {
        if (!cancelled) setRun(r);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [id, reload, onError]);

  const refresh = useCallback(() => setReload((n) => n + 1), []);

  const act = async (name: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(name);
    try {
      await fn();
      void message.success(done);
      refresh();
      return true;
    } catch (err) {
      onError(err);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const download = async (name: string, fn: () => Promise<string>) => {
    setBusy(name);
    try {
      const file = await fn();
      void message.success(t('payroll.exported', { name: file }));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(null);
    }
  };

  if (!run) return <PageSpin />;
  const a = run.abilities;

  const decide = async () => {
    if (!deciding) return;
    const labels = {
      approve: t('payroll.approved'),
      return: t('payroll.returned'),
      withdraw: t('payroll.withdrawn'),
    };
    const ok = await act(
      deciding,
      () => payrollApi.decide(run.id, deciding, run.version, comment.trim() || undefined),
      labels[deciding],
    );
    if (ok) {
      setDeciding(null);
      setComment('');
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="payroll-run">
      <Card>
        <div className="cwp-page-header">
          <Space size={12} align="center" wrap>
            <Typography.Title level={4}>
              {run.orgUnitName} {run.month}
            </Typography.Title>
            <Tag color={STATUS_COLOR[run.status]} data-testid="payroll-run-status">
              {run.status === 'locked' && <LockOutlined />} {t(`payroll.statuses.${run.status}`)}
            </Tag>
            <Typography.Text type="secondary">
              {t('payroll.rule')}：
              <Link to={`/rule-sets/${run.rule.ruleSetId}`}>
                {t('payroll.ruleVersion', { name: run.rule.name, version: run.rule.versionNo })}
              </Link>
            </Typography.Text>
          </Space>
          <Link to="/payroll">{t('payroll.back')}</Link>
        </div>
        {run.status === 'locked' && (
          <Alert
            type="success"
            showIcon
            message={t('payroll.lockedHint')}
            style={{ marginBottom: 12 }}
          />
        )}
        <Row gutter={16}>
          <Col span={4}>
            <Statistic title={t('payroll.workers')} value={run.workerCount} />
          </Col>
          <Col span={5}>
            <Statistic title={t('payroll.gross')} value={yuan(run.totals.gross)} />
          </Col>
          <Col span={5}>
            <Statistic title={t('payroll.employee')} value={yuan(run.totals.employee)} />
          </Col>
          <Col span={5}>
            <Statistic title={t('payroll.employer')} value={yuan(run.totals.employer)} />
          </Col>
          <Col span={5}>
            <Statistic title={t('payroll.paid')} value={yuan(run.totals.paid)} />
          </Col>
        </Row>
        <Space wrap style={{ marginTop: 16 }}>
          {a.recompute && (
            <Popconfirm
              title={t('payroll.recomputeConfirm')}
              onConfirm={() =>
                void act(
                  'recompute',
                  () => payrollApi.recompute(run.id, run.version),
                  t('payroll.recomputed'),
                )
              }
            >
              <Button icon={<SyncOutlined />} loading={busy === 'recompute'}>
                {t('payroll.recompute')}
              </Button>
            </Popconfirm>
          )}
          {a.submit && (
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={busy === 'submit'}
              data-testid="payroll-submit"
              onClick={() =>
                void act(
                  'submit',
                  () => payrollApi.submit(run.id, run.version),
                  t('payroll.submitted'),
                )
              }
            >
              {t('payroll.submit')}
            </Button>
          )}
          {a.decide && (
            <>
              <Button
                type="primary"
                icon={<CheckOutlined />}
                onClick={() => setDeciding('approve')}
                data-testid="payroll-approve"
              >
                {t('payroll.approve')}
              </Button>
              <Button danger icon={<RollbackOutlined />} onClick={() => setDeciding('return')}>
                {t('payroll.return')}
              </Button>
            </>
          )}
          {a.withdraw && (
            <Button icon={<RollbackOutlined />} onClick={() => setDeciding('withdraw')}>
              {t('payroll.withdraw')}
            </Button>
          )}
          {a.exportBank && (
            <Button
              icon={<DownloadOutlined />}
              loading={busy === 'bank'}
              onClick={() => void download('bank', () => payrollApi.exportBank(run.id))}
            >
              {t('payroll.exportBank')}
            </Button>
          )}
          <Button
            icon={<DownloadOutlined />}
            loading={busy === 'summary'}
            onClick={() => void download('summary', () => payrollApi.exportSummary(run.id))}
          >
            {t('payroll.exportSummary')}
          </Button>
        </Space>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'slips',
              label: t('payroll.tabs.slips'),
              children: (
                <SlipsTab
                  runId={run.id}
                  canManage={a.adjust}
                  seeAmounts={a.seeAmounts}
                  reload={reload}
                />
              ),
            },
            {
              key: 'adjustments',
              label: t('payroll.tabs.adjustments'),
              children: (
                <AdjustmentsTab
                  runId={run.id}
                  editable={a.adjust}
                  reload={reload}
                  onChanged={refresh}
                />
              ),
            },
            {
              key: 'components',
              label: t('payroll.tabs.components'),
              children: <ComponentsTab run={run} />,
            },
            {
              key: 'communities',
              label: t('payroll.tabs.communities'),
              children: <CommunitiesTab run={run} />,
            },
            ...(run.problems.length > 0
              ? [
                  {
                    key: 'problems',
                    label: t('payroll.tabs.problems', { count: run.problemCount }),
                    children: <ProblemsTab run={run} />,
                  },
                ]
              : []),
            {
              key: 'approval',
              label: t('payroll.tabs.approval'),
              children: <ApprovalTab run={run} />,
            },
          ]}
        />
      </Card>
      <Modal
        open={deciding !== null}
        title={deciding ? t(`payroll.${deciding}`) : ''}
        onCancel={() => setDeciding(null)}
        onOk={() => void decide()}
        okButtonProps={{
          loading: busy === deciding,
          disabled: deciding === 'return' && comment.trim() === '',
          ...{ 'data-testid': 'payroll-decide-ok' },
        }}
      >
        <Input.TextArea
          rows={3}
          maxLength={1000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder={deciding === 'return' ? t('payroll.returnReason') : t('payroll.comment')}
        />
      </Modal>
    </Space>
  );
}
