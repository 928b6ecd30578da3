// A worker's career-channel records (moves into civil-service or public-institution posts, tutor
// roles, reserve pools) with the form to add one and deletion of a record entered by mistake.
import type { CareerRecordView, CreateCareerRecordBody } from '@cwp/contracts';
import { CAREER_RECORD_KINDS } from '@cwp/contracts';
import { Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Select, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { contractsApi } from '../api';

interface Values {
  kind: CreateCareerRecordBody['kind'];
  occurredOn: Dayjs;
  endDate?: Dayjs | null;
  destination: string;
  note?: string;
}

function AddCareerModal({
  workerId,
  onClose,
  onDone,
}: {
  workerId: number;
  onClose(): void;
  onDone(v: CareerRecordView[]): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const finish = async (v: Values) => {
    setSaving(true);
    try {
      onDone(
        await contractsApi.addCareerRecord(workerId, {
          kind: v.kind,
          occurredOn: v.occurredOn.format('YYYY-MM-DD'),
          endDate: v.endDate ? v.endDate.format('YYYY-MM-DD') : null,
          destination: v.destination.trim(),
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
      title={t('contracts.career.addTitle')}
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
        initialValues={{ kind: 'reserve_pool', occurredOn: dayjs() }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item name="kind" label={t('contracts.career.kind')} rules={[{ required: true }]}>
          <Select
            options={CAREER_RECORD_KINDS.map((k) => ({
              value: k,
              label: t(`contracts.career.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="occurredOn"
          label={t('contracts.career.occurredOn')}
          rules={[{ required: true }]}
        >
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="endDate" label={t('contracts.career.endDate')}>
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="destination"
          label={t('contracts.career.destination')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('contracts.required', { label: t('contracts.career.destination') }),
            },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={t('contracts.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CareerSection({ workerId, canManage }: { workerId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [items, setItems] = useState<CareerRecordView[] | null>(null);
  const [adding, setAdding] = useState(false);

  const load = useCallback(() => {
    contractsApi.careerRecords(workerId).then(setItems, onError);
  }, [workerId, onError]);
  useEffect(load, [load]);

  const remove = async (r: CareerRecordView) => {
    try {
      await contractsApi.deleteCareerRecord(r.id, r.version);
      load();
    } catch (err) {
      onError(err);
    }
  };

  return (
    <Card
      size="small"
      title={t('contracts.career.title')}
      extra={
        canManage ? (
          <Button size="small" onClick={() => setAdding(true)}>
            {t('contracts.career.add')}
          </Button>
        ) : null
      }
    >
      <Table<CareerRecordView>
        rowKey="id"
        size="small"
        pagination={false}
        loading={!items}
        dataSource={items ?? []}
        locale={{ emptyText: t('contracts.career.none') }}
        columns={[
          {
            title: t('contracts.career.kind'),
            dataIndex: 'kind',
            key: 'kind',
            render: (k: CareerRecordView['kind']) => t(`contracts.career.kinds.${k}`),
          },
          {
            title: t('contracts.career.occurredOn'),
            key: 'date',
            render: (_: unknown, r) =>
              r.endDate ? `${r.occurredOn} ~ ${r.endDate}` : r.occurredOn,
          },
          { title: t('contracts.career.destination'), dataIndex: 'destination', key: 'dest' },
          { title: t('contracts.career.unit'), dataIndex: 'orgUnitName', key: 'unit' },
          {
            title: t('contracts.note'),
            dataIndex: 'note',
            key: 'note',
            render: (v: string | null) => v ?? '—',
          },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, r: CareerRecordView) => (
                    <Popconfirm
                      title={t('contracts.career.deleteConfirm')}
                      onConfirm={() => void remove(r)}
                    >
                      <Button type="link" size="small" danger>
                        {t('contracts.career.delete')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding ? (
        <AddCareerModal
          workerId={workerId}
          onClose={() => setAdding(false)}
          onDone={(v) => {
            setItems(v);
            setAdding(false);
          }}
        />
      ) : null}
    </Card>
  );
}
