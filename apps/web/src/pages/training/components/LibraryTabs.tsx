// The libraries: courses (abilities, format, hours), trainers (internal/external, fields, rating)
// and training/internship bases (capacity, contacts); list and create.
import { ABILITY_AREAS, COURSE_FORMATS, TRAINER_KINDS, TRAINING_BASE_KINDS } from '@cwp/contracts';
import type { CourseView, TrainerView, TrainingBaseView } from '@cwp/contracts';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { trainingApi } from '../api';
import { usePagedList } from './useList';

function CreateModal(props: {
  open: boolean;
  title: string;
  onClose: () => void;
  onSave: (values: Record<string, unknown>) => Promise<unknown>;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const onError = useRequestError();
  const { user } = useAuth();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={t('training.save')}
      cancelText={t('training.cancel')}
      confirmLoading={busy}
      onCancel={props.onClose}
      onOk={() => {
        void form.validateFields().then(async (values: Record<string, unknown>) => {
          setBusy(true);
          try {
            await props.onSave(values);
            form.resetFields();
            props.onClose();
          } catch (err) {
            onError(err, form);
          } finally {
            setBusy(false);
          }
        });
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ orgUnitId: user?.orgUnit.id }}>
        <Form.Item name="orgUnitId" label={t('training.orgUnit')} rules={[{ required: true }]}>
          <OrgUnitTreeSelect />
        </Form.Item>
        {props.children}
      </Form>
    </Modal>
  );
}

export function CoursesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const list = usePagedList<CourseView>(trainingApi.courses);
  const [open, setOpen] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('training:manage') && (
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('training.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data.items}
        pagination={list.pagination}
        columns={[
          { title: t('training.name'), dataIndex: 'title' },
          {
            title: t('training.abilities'),
            render: (_: unknown, r: CourseView) =>
              r.abilities.map((a) => <Tag key={a}>{t(`training.ability.${a}`, a)}</Tag>),
          },
          {
            title: t('training.format'),
            render: (_: unknown, r: CourseView) => t(`training.formats.${r.format}`),
          },
          { title: t('training.hours'), dataIndex: 'hours' },
        ]}
      />
      <CreateModal
        open={open}
        title={t('training.tabs.courses')}
        onClose={() => setOpen(false)}
        onSave={async (v) => {
          await trainingApi.createCourse(v);
          void message.success(t('training.save'));
          list.reload();
        }}
      >
        <Form.Item name="title" label={t('training.name')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="abilities" label={t('training.abilities')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            options={ABILITY_AREAS.map((a) => ({ value: a, label: t(`training.ability.${a}`) }))}
          />
        </Form.Item>
        <Form.Item name="format" label={t('training.format')} rules={[{ required: true }]}>
          <Select
            options={COURSE_FORMATS.map((f) => ({ value: f, label: t(`training.formats.${f}`) }))}
          />
        </Form.Item>
        <Form.Item name="hours" label={t('training.hours')} rules={[{ required: true }]}>
          <InputNumber min={0.5} max={1000} step={0.5} />
        </Form.Item>
      </CreateModal>
    </Space>
  );
}

export function TrainersTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const list = usePagedList<TrainerView>(trainingApi.trainers);
  const [open, setOpen] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('training:manage') && (
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('training.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data.items}
        pagination={list.pagination}
        columns={[
          { title: t('training.name'), dataIndex: 'name' },
          {
            title: t('training.trainerKind'),
            render: (_: unknown, r: TrainerView) => t(`training.trainerKinds.${r.kind}`),
          },
          { title: t('training.organisation'), dataIndex: 'organisation' },
          {
            title: t('training.fields'),
            render: (_: unknown, r: TrainerView) => r.fields.join('、'),
          },
          {
            title: t('training.rating'),
            render: (_: unknown, r: TrainerView) =>
              r.rating === null ? '—' : `${r.rating}（${r.ratingCount}）`,
          },
        ]}
      />
      <CreateModal
        open={open}
        title={t('training.tabs.trainers')}
        onClose={() => setOpen(false)}
        onSave={async (v) => {
          await trainingApi.createTrainer({ ...v, fields: v.fields ?? [] });
          list.reload();
        }}
      >
        <Form.Item name="name" label={t('training.name')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="kind" label={t('training.trainerKind')} rules={[{ required: true }]}>
          <Select
            options={TRAINER_KINDS.map((k) => ({
              value: k,
              label: t(`training.trainerKinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="organisation" label={t('training.organisation')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="fields" label={t('training.fields')}>
          <Select mode="tags" />
        </Form.Item>
      </CreateModal>
    </Space>
  );
}

export function BasesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const list = usePagedList<TrainingBaseView>(trainingApi.bases);
  const [open, setOpen] = useState(false);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {can('training:manage') && (
        <Button type="primary" onClick={() => setOpen(true)}>
          {t('training.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data.items}
        pagination={list.pagination}
        columns={[
          { title: t('training.name'), dataIndex: 'name' },
          {
            title: t('training.baseKind'),
            render: (_: unknown, r: TrainingBaseView) => t(`training.baseKinds.${r.kind}`),
          },
          { title: t('training.capacity'), dataIndex: 'capacity' },
          { title: t('training.contact'), dataIndex: 'contactName' },
          { title: t('training.phone'), dataIndex: 'contactPhone' },
          { title: t('training.address'), dataIndex: 'address' },
        ]}
      />
      <CreateModal
        open={open}
        title={t('training.tabs.bases')}
        onClose={() => setOpen(false)}
        onSave={async (v) => {
          await trainingApi.createBase(v);
          list.reload();
        }}
      >
        <Form.Item name="name" label={t('training.name')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="kind" label={t('training.baseKind')} rules={[{ required: true }]}>
          <Select
            options={TRAINING_BASE_KINDS.map((k) => ({
              value: k,
              label: t(`training.baseKinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="capacity" label={t('training.capacity')} rules={[{ required: true }]}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="contactName" label={t('training.contact')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('training.phone')}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="address" label={t('training.address')}>
          <Input maxLength={200} />
        </Form.Item>
      </CreateModal>
    </Space>
  );
}
