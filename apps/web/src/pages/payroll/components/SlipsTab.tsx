// The pay slips of a run: searchable by name, paged, amounts hidden without worker:pii; a slip
// opens in a drawer with every line, and the payee bank account can be recorded from there.
import type { PayrollSlipDetail, PayrollSlipView } from '@cwp/contracts';
import { Alert, Button, Drawer, Input, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { payrollApi } from '../api';
import { yuan } from './money';
import { PayeeModal } from './PayeeModal';
import { SlipView } from './SlipView';

export function SlipsTab({
  runId,
  canManage,
  seeAmounts,
  reload,
}: {
  runId: number;
  canManage: boolean;
  seeAmounts: boolean;
  reload: number;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [data, setData] = useState<{ items: PayrollSlipView[]; total: number } | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<PayrollSlipDetail | null>(null);
  const [payee, setPayee] = useState<PayrollSlipView | null>(null);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    payrollApi
      .slips(runId, { ...(q ? { q } : {}), page: page.current, pageSize: page.pageSize })
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
  }, [runId, q, page, reload, onError]);

  const show = (id: number) => {
    payrollApi.slip(id).then(setOpen).catch(onError);
  };
  const masked = t('payroll.masked');

  return (
    <>
      {!seeAmounts && (
        <Alert
          type="warning"
          showIcon
          message={t('payroll.maskedHint')}
          style={{ marginBottom: 12 }}
        />
      )}
      <Input.Search
        allowClear
        placeholder={t('payroll.search')}
        style={{ width: 240, marginBottom: 12 }}
        onSearch={(v) => {
          setQ(v.trim());
          setPage((p) => ({ ...p, current: 1 }));
        }}
      />
      <Table<PayrollSlipView>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{
          current: page.current,
          pageSize: page.pageSize,
          total: data?.total ?? 0,
          onChange: (current, pageSize) => setPage({ current, pageSize }),
        }}
        columns={[
          {
            title: t('payroll.worker'),
            dataIndex: 'workerName',
            render: (name: string, r) => (
              <Space size={4}>
                <a onClick={() => show(r.id)} data-testid="payroll-slip-link">
                  {name}
                </a>
                {r.probation && <Tag color="orange">{t('payroll.probation')}</Tag>}
              </Space>
            ),
          },
          { title: t('payroll.community'), dataIndex: 'orgUnitName' },
          { title: t('payroll.grade'), dataIndex: 'grade', width: 70, align: 'right' },
          {
            title: t('payroll.rating'),
            key: 'rating',
            width: 110,
            render: (_, r) =>
              r.rating ? t(`payroll.ratings.${r.rating}`, { defaultValue: r.rating }) : '—',
          },
          {
            title: t('payroll.gross'),
            dataIndex: 'gross',
            align: 'right',
            render: (v: number | null) => yuan(v, masked),
          },
          {
            title: t('payroll.employee'),
            dataIndex: 'employee',
            align: 'right',
            render: (v: number | null) => yuan(v, masked),
          },
          {
            title: t('payroll.adjustments'),
            dataIndex: 'adjustments',
            align: 'right',
            render: (v: number | null) => (v === 0 ? '—' : yuan(v, masked)),
          },
          {
            title: t('payroll.paid'),
            dataIndex: 'paid',
            align: 'right',
            render: (v: number | null) => <b>{yuan(v, masked)}</b>,
          },
          ...(canManage
            ? [
                {
                  title: t('payroll.payee'),
                  key: 'payee',
                  width: 100,
                  render: (_: unknown, r: PayrollSlipView) => (
                    <Button size="small" onClick={() => setPayee(r)}>
                      {t('payroll.payee')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Drawer
        open={open !== null}
        width={640}
        title={open ? t('payroll.slipTitle', { name: open.workerName, month: open.month }) : ''}
        onClose={() => setOpen(null)}
      >
        {open && <SlipView slip={open} />}
      </Drawer>
      {payee && (
        <PayeeModal
          workerId={payee.workerId}
          name={payee.workerName}
          onClose={() => setPayee(null)}
        />
      )}
    </>
  );
}
