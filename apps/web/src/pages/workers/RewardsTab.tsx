// The dossier's rewards tab: the worker's rewards and sanctions, and a form to record one
// (reward:manage).
import {
  REWARD_KINDS,
  REWARD_LEVELS,
  SANCTION_LEVELS,
  type CreateRewardBody,
  type RewardView,
} from '@cwp/contracts';
import { App, Button, DatePicker, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { rewardsApi } from '../rewards/api';

const P = 'management.rewards';

type Values = Omit<CreateRewardBody, 'workerId' | 'date'> & { date: Dayjs };

export function RewardsTab({ workerId, readOnly }: { workerId: number; readOnly?: boolean }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [rows, setRows] = useState<RewardView[]>([]);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const load = useCallback(() => {
    rewardsApi.ofWorker(workerId).then(setRows, onError);
  }, [workerId, onError]);
  useEffect(load, [load]);
  const submit = (v: Values) =>
    rewardsApi
      .create({
        ...v,
        workerId,
        date: v.date.format('YYYY-MM-DD'),
        documentNo: v.documentNo || null,
      })
      .then(() => {
        setOpen(false);
        form.resetFields();
        void message.success(t(`${P}.added`));
        load();
      }, onError);
  const levels = kind === 'sanction' ? SANCTION_LEVELS : REWARD_LEVELS;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('reward:manage') && !readOnly && (
        <Button size="small" type="primary" onClick={() => setOpen(true)}>
          {t(`${P}.add`)}
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t(`${P}.none`) }}
        columns={[
          { title: t(`${P}.date`), dataIndex: 'date', width: 110 },
          {
            title: t(`${P}.kind`),
            dataIndex: 'kind',
            width: 80,
            render: (v: RewardView['kind']) => (
              <Tag color={v === 'reward' ? 'green' : 'red'}>{t(`${P}.kinds.${v}`)}</Tag>
            ),
          },
          {
            title: t(`${P}.level`),
            dataIndex: 'level',
            width: 90,
            render: (v: RewardView['level']) => t(`${P}.levels.${v}`),
          },
          { title: t(`${P}.name`), dataIndex: 'title' },
          { title: t(`${P}.reason`), dataIndex: 'reason' },
          { title: t(`${P}.issuingBody`), dataIndex: 'issuingBody' },
          { title: t(`${P}.documentNo`), dataIndex: 'documentNo' },
        ]}
      />
      <Modal
        open={open}
        title={t(`${P}.add`)}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'reward' }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="kind" label={t(`${P}.kind`)} rules={[{ required: true }]}>
            <Select
              options={REWARD_KINDS.map((k) => ({ value: k, label: t(`${P}.kinds.${k}`) }))}
              onChange={() => form.setFieldValue('level', undefined)}
            />
          </Form.Item>
          <Form.Item name="level" label={t(`${P}.level`)} rules={[{ required: true }]}>
            <Select options={levels.map((l) => ({ value: l, label: t(`${P}.levels.${l}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t(`${P}.name`)} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="date" label={t(`${P}.date`)} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reason" label={t(`${P}.reason`)} rules={[{ required: true }]}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="issuingBody" label={t(`${P}.issuingBody`)} rules={[{ required: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="documentNo" label={t(`${P}.documentNo`)}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
