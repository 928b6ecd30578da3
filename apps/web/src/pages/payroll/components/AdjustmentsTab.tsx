// The adjustments of a run: amount (negative deducts), reason and, for a correction of an earlier
// locked month, that month. Added and deleted only while the run is a draft; every change audited.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { PayrollAdjustmentView } from '@cwp/contracts';
import {
  App,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Table,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { payrollApi } from '../api';
import { yuan } from './money';

interface Values {
  workerId: number;
  amount: number;
  reason: string;
  correctsMonth?: Dayjs | null;
}

function AddAdjustmentModal({
  runId,
  onClose,
  onDone,
}: {
  runId: number;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [form] = Form.useForm<Values>();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [saving, setSaving] = useState(false);

  const search = (q: string) => {
    payrollApi
      .slips(runId, { ...(q.trim() ? { q: q.trim() } : {}), page: 1, pageSize: 20 })
      .then((d) =>
        setOptions(
          d.items.map((s) => ({ value: s.workerId, label: `${s.workerName}（${s.orgUnitName}）` })),
        ),
      )
      .catch(onError);
  };

  const save = async (v: Values) => {
    setSaving(true);
    try {
      await payrollApi.addAdjustment(runId, {
        workerId: v.workerId,
        amount: v.amount,
        reason: v.reason,
        ...(v.correctsMonth ? { correctsMonth: v.correctsMonth.format('YYYY-MM') } : {}),
      });
      void message.success(t('payroll.adjustmentAdded'));
      onDone();
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('payroll.addAdjustment')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="workerId"
          label={t('payroll.adjustmentWorker')}
          rules={[{ required: true }]}
        >
          <Select
            showSearch
            filterOption={false}
            onSearch={search}
            onFocus={() => search('')}
            options={options}
            placeholder={t('payroll.adjustmentWorkerHint')}
          />
        </Form.Item>
        <Form.Item name="amount" label={t('payroll.adjustmentAmount')} rules={[{ required: true }]}>
          <InputNumber precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('payroll.adjustmentReason')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="correctsMonth"
          label={t('payroll.correctsMonth')}
          extra={t('payroll.correctsMonthHint')}
        >
          <DatePicker picker="month" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function AdjustmentsTab({
  runId,
  editable,
  reload,
  onChanged,
}: {
  runId: number;
  editable: boolean;
  reload: number;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [items, setItems] = useState<PayrollAdjustmentView[]>([]);
  const [loading, setLoading] = useState(false);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    payrollApi
      .adjustments(runId)
      .then((d) => {
        if (!cancelled) setItems(d.items);
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
  }, [runId, reload, onError]);

  const remove = async (id: number) => {
    try {
      await payrollApi.deleteAdjustment(runId, id);
      void message.success(t('payroll.adjustmentDeleted'));
      onChanged();
    } catch (err) {
      onError(err);
    }
  };

  return (
    <>
      {editable && (
        <Button
          icon={<PlusOutlined />}
          onClick={() => setAdding(true)}
          style={{ marginBottom: 12 }}
          data-testid="payroll-add-adjustment"
        >
          {t('payroll.addAdjustment')}
        </Button>
      )}
      <Table<PayrollAdjustmentView>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={false}
        columns={[
          { title: t('payroll.worker'), dataIndex: 'workerName' },
          {
            title: t('payroll.amount'),
            dataIndex: 'amount',
            align: 'right',
            render: (v: number | null) => yuan(v, t('payroll.masked')),
          },
          { title: t('payroll.adjustmentReason'), dataIndex: 'reason' },
          {
            title: t('payroll.correctsMonth'),
            dataIndex: 'correctsMonth',
            render: (v: string | null) => v ?? '—',
          },
          { title: t('payroll.createdBy'), dataIndex: 'createdBy' },
          {
            title: t('payroll.createdAt'),
            dataIndex: 'createdAt',
            render: (v: string) => new Date(v).toLocaleString(),
          },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'delete',
                  width: 80,
                  render: (_: unknown, r: PayrollAdjustmentView) => (
                    <Popconfirm
                      title={t('payroll.deleteConfirm')}
                      onConfirm={() => void remove(r.id)}
                    >
                      <Button size="small" danger icon={<DeleteOutlined />}>
                        {t('payroll.deleteAdjustment')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding && (
        <AddAdjustmentModal
          runId={runId}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            onChanged();
          }}
        />
      )}
    </>
  );
}
