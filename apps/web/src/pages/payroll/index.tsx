// /payroll: the payroll runs in the caller's scope (filter by unit, month, status), running a
// month's payroll for a subdistrict or for every subdistrict under a unit, and the way to the
// budget and what-if screen.
import { FundOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { PayrollRunStatus, PayrollRunView } from '@cwp/contracts';
import { PAYROLL_RUN_STATUSES } from '@cwp/contracts';
import { Button, Card, DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { payrollApi } from './api';
import { CreateRunModal } from './components/CreateRunModal';
import { yuan } from './components/money';
import { STATUS_COLOR } from './components/status';

export function PayrollPage() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const navigate = useNavigate();
  const onError = useRequestError();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [status, setStatus] = useState<PayrollRunStatus | undefined>();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [data, setData] = useState<{ items: PayrollRunView[]; total: number } | null>(null);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    payrollApi
      .list({
        ...(orgUnitId ? { orgUnitId } : {}),
        ...(month ? { month: month.format('YYYY-MM') } : {}),
        ...(status ? { status } : {}),
        page: page.current,
        pageSize: page.pageSize,
      })
      .then((d) => {
        if (!cancelled) setData(d);
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
  }, [orgUnitId, month, status, page, reload, onError]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="cwp-page-header">
          <Typography.Title level={4}>{t('payroll.title')}</Typography.Title>
          <Space>
            <Button icon={<FundOutlined />} onClick={() => void navigate('/payroll/budget')}>
              {t('payroll.budget')}
            </Button>
            {can('payroll:manage') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="payroll-new-run"
              >
                {t('payroll.create')}
              </Button>
            )}
          </Space>
        </div>
        <Typography.Paragraph type="secondary">{t('payroll.intro')}</Typography.Paragraph>
        <Space wrap>
          <OrgUnitTreeSelect
            value={orgUnitId ?? null}
            onChange={(v) => {
              setOrgUnitId(v);
              setPage((p) => ({ ...p, current: 1 }));
            }}
            allowClear
            placeholder={t('payroll.chooseUnit')}
            style={{ width: 260 }}
          />
          <DatePicker
            picker="month"
            value={month}
            onChange={(v) => {
              setMonth(v);
              setPage((p) => ({ ...p, current: 1 }));
            }}
            placeholder={t('payroll.month')}
          />
          <Select
            allowClear
            placeholder={t('payroll.status')}
            style={{ width: 140 }}
            value={status}
            onChange={(v: PayrollRunStatus | undefined) => {
              setStatus(v);
              setPage((p) => ({ ...p, current: 1 }));
            }}
            options={PAYROLL_RUN_STATUSES.map((s) => ({
              value: s,
              label: t(`payroll.statuses.${s}`),
            }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)} />
        </Space>
      </Card>
      <Card>
        <Table<PayrollRunView>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('payroll.empty') }}
          scroll={{ x: 1000 }}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: data?.total ?? 0,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
          columns={[
            {
              title: t('payroll.unit'),
              dataIndex: 'orgUnitName',
              render: (name: string, r) => (
                <Link to={`/payroll/${r.id}`} data-testid="payroll-run-link">
                  {name}
                </Link>
              ),
            },
            { title: t('payroll.month'), dataIndex: 'month', width: 100 },
            {
              title: t('payroll.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: PayrollRunStatus) => (
                <Tag color={STATUS_COLOR[s]}>{t(`payroll.statuses.${s}`)}</Tag>
              ),
            },
            {
              title: t('payroll.rule'),
              key: 'rule',
              render: (_, r) =>
                t('payroll.ruleVersion', { name: r.rule.name, version: r.rule.versionNo }),
            },
            { title: t('payroll.workers'), dataIndex: 'workerCount', width: 80, align: 'right' },
            {
              title: t('payroll.gross'),
              key: 'gross',
              align: 'right',
              render: (_, r) => yuan(r.totals.gross),
            },
            {
              title: t('payroll.paid'),
              key: 'paid',
              align: 'right',
              render: (_, r) => yuan(r.totals.paid),
            },
            {
              title: t('payroll.employer'),
              key: 'employer',
              align: 'right',
              render: (_, r) => yuan(r.totals.employer),
            },
          ]}
        />
      </Card>
      {creating && (
        <CreateRunModal
          defaultUnitId={user?.orgUnit.level === 'subdistrict' ? user.orgUnit.id : undefined}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setReload((n) => n + 1);
            if (id !== null) {
              setCreating(false);
              void navigate(`/payroll/${id}`);
            }
          }}
        />
      )}
    </Space>
  );
}
