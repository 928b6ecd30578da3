// A worker's five insurances and housing fund: the record in force per kind, the monthly
// contributions under the pay table in force, every change, and the form to record a change.
// Bases and amounts come back null without worker:pii and show as such.
import type { CreateSocialInsuranceBody, WorkerInsuranceView } from '@cwp/contracts';
import { INSURANCE_KINDS } from '@cwp/core';
import { INSURANCE_STATUSES } from '@cwp/contracts';
import {
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { contractsApi } from '../api';

type Record = WorkerInsuranceView['records'][number];

function Money({ v }: { v: number | null }) {
  const { t } = useTranslation();
  if (v === null)
    return <Typography.Text type="secondary">{t('contracts.insurance.masked')}</Typography.Text>;
  return <>{v.toFixed(2)}</>;
}

interface Values {
  kind: CreateSocialInsuranceBody['kind'];
  status: CreateSocialInsuranceBody['status'];
  base: number;
  effectiveFrom: Dayjs;
  startDate?: Dayjs;
  accountNo?: string;
  note?: string;
}

function AddInsuranceModal({
  workerId,
  onClose,
  onDone,
}: {
  workerId: number;
  onClose(): void;
  onDone(v: WorkerInsuranceView): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const finish = async (v: Values) => {
    setSaving(true);
    try {
      onDone(
        await contractsApi.addInsurance(workerId, {
          kind: v.kind,
          status: v.status,
          base: v.base,
          effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
          ...(v.startDate ? { startDate: v.startDate.format('YYYY-MM-DD') } : {}),
          accountNo: v.accountNo?.trim() ? v.accountNo.trim() : null,
          note: v.note?.trim() ? v.note.trim() : null,
        }),
      );
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('contracts.insurance.addTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'pension', status: 'paying', effectiveFrom: dayjs() }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item name="kind" label={t('contracts.insurance.kind')} rules={[{ required: true }]}>
          <Select
            options={INSURANCE_KINDS.map((k) => ({
              value: k,
              label: t(`contracts.insurance.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="status"
          label={t('contracts.insurance.status')}
          rules={[{ required: true }]}
        >
          <Select
            options={INSURANCE_STATUSES.map((k) => ({
              value: k,
              label: t(`contracts.insurance.statuses.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="base"
          label={t('contracts.insurance.base')}
          rules={[
            {
              required: true,
              message: t('contracts.required', { label: t('contracts.insurance.base') }),
            },
          ]}
        >
          <InputNumber min={0} max={1_000_000} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          name="effectiveFrom"
          label={t('contracts.insurance.effectiveFrom')}
          rules={[{ required: true }]}
        >
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="startDate" label={t('contracts.insurance.startDate')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="accountNo" label={t('contracts.insurance.accountNo')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="note" label={t('contracts.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function InsuranceSection({
  workerId,
  canManage,
}: {
  workerId: number;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [view, setView] = useState<WorkerInsuranceView | null>(null);
  const [adding, setAdding] = useState(false);

  const load = useCallback(() => {
    contractsApi.insurance(workerId).then(setView, onError);
  }, [workerId, onError]);
  useEffect(load, [load]);

  const current = (view?.records ?? []).filter((r) => r.current);
  const columns = [
    {
      title: t('contracts.insurance.kind'),
      dataIndex: 'kind',
      key: 'kind',
      render: (k: Record['kind']) => t(`contracts.insurance.kinds.${k}`),
    },
    {
      title: t('contracts.insurance.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: Record['status']) => (
        <Tag color={s === 'paying' ? 'green' : s === 'suspended' ? 'orange' : 'default'}>
          {t(`contracts.insurance.statuses.${s}`)}
        </Tag>
      ),
    },
    {
      title: t('contracts.insurance.base'),
      dataIndex: 'base',
      key: 'base',
      render: (v: number | null) => <Money v={v} />,
    },
    { title: t('contracts.insurance.startDate'), dataIndex: 'startDate', key: 'start' },
    { title: t('contracts.insurance.effectiveFrom'), dataIndex: 'effectiveFrom', key: 'from' },
    {
      title: t('contracts.insurance.accountNo'),
      dataIndex: 'accountNo',
      key: 'account',
      render: (v: string | null) => v ?? '—',
    },
  ];
  return (
    <Card
      size="small"
      title={t('contracts.insurance.title')}
      extra={
        canManage ? (
          <Button size="small" onClick={() => setAdding(true)}>
            {t('contracts.insurance.add')}
          </Button>
        ) : null
      }
    >
      <Table<Record>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={current}
        pagination={false}
        loading={!view}
        locale={{ emptyText: t('contracts.insurance.none') }}
      />
      {view && view.payTable && view.contributions.length > 0 ? (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>
            {t('contracts.insurance.contributions', {
              rule: t('contracts.ruleValue', {
                name: view.payTable.name,
                version: view.payTable.versionNo,
              }),
            })}
          </Typography.Text>
          <Table
            rowKey="kind"
            size="small"
            pagination={false}
            dataSource={view.contributions}
            columns={[
              {
                title: t('contracts.insurance.kind'),
                dataIndex: 'kind',
                key: 'kind',
                render: (k: Record['kind']) => t(`contracts.insurance.kinds.${k}`),
              },
              {
                title: t('contracts.insurance.employee'),
                dataIndex: 'employee',
                key: 'employee',
                render: (v: number | null) => <Money v={v} />,
              },
              {
                title: t('contracts.insurance.employer'),
                dataIndex: 'employer',
                key: 'employer',
                render: (v: number | null) => <Money v={v} />,
              },
            ]}
          />
        </div>
      ) : null}
      {view && view.records.length > current.length ? (
        <details style={{ marginTop: 12 }}>
          <summary>{t('contracts.insurance.history')}</summary>
          <Table<Record>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={view.records}
            pagination={false}
          />
        </details>
      ) : null}
      {adding ? (
        <AddInsuranceModal
          workerId={workerId}
          onClose={() => setAdding(false)}
          onDone={(v) => {
            setView(v);
            setAdding(false);
          }}
        />
      ) : null}
    </Card>
  );
}
