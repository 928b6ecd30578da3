// The libraries: courses (abilities, format, hours), trainers (internal/external, fields, rating)
// and training/internship bases (capacity, contacts); list, create, edit (with the record's
// version) and deactivate/activate.
import { ABILITY_AREAS, COURSE_FORMATS, TRAINER_KINDS, TRAINING_BASE_KINDS } from '@cwp/contracts';
import type { CourseView, TrainerView, TrainingBaseView } from '@cwp/contracts';
import { App, Button, Form, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../../auth/context';
import { trainingApi } from '../api';
import { EditModal } from './EditModal';
import {
  baseFields,
  courseFields,
  nameCell,
  RowActions,
  trainerFields,
  useEditor,
} from './library-shared';
import { usePagedList } from './useList';

export function CoursesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const list = usePagedList<CourseView>(trainingApi.courses);
  const ed = useEditor<CourseView>();
  const manage = can('training:manage');
  const rec = ed.record;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {manage && (
        <Button type="primary" onClick={ed.create}>
          {t('training.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data.items}
        pagination={list.pagination}
        columns={[
          {
            title: t('training.name'),
            render: (_: unknown, r: CourseView) =>
              nameCell(r.title, r.active, t('training.inactive')),
          },
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
          ...(manage
            ? [
                {
                  title: t('training.actions'),
                  render: (_: unknown, r: CourseView) => (
                    <RowActions
                      id={`course-${r.id}`}
                      active={r.active}
                      onEdit={() => ed.edit(r)}
                      onToggle={async () => {
                        await trainingApi.updateCourse(r.id, {
                          ...courseFields(r),
                          version: r.version,
                          active: !r.active,
                        });
                        list.reload();
                      }}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <EditModal
        open={ed.open}
        title={t('training.tabs.courses')}
        initial={rec ? courseFields(rec) : null}
        onClose={ed.close}
        onSave={async (v) => {
          if (rec)
            await trainingApi.updateCourse(rec.id, {
              ...courseFields(rec),
              ...v,
              version: rec.version,
              active: rec.active,
            });
          else await trainingApi.createCourse(v);
          void message.success(t('training.saved'));
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
      </EditModal>
    </Space>
  );
}

export function TrainersTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const list = usePagedList<TrainerView>(trainingApi.trainers);
  const ed = useEditor<TrainerView>();
  const manage = can('training:manage');
  const rec = ed.record;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {manage && (
        <Button type="primary" onClick={ed.create}>
          {t('training.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data.items}
        pagination={list.pagination}
        columns={[
          {
            title: t('training.name'),
            render: (_: unknown, r: TrainerView) =>
              nameCell(r.name, r.active, t('training.inactive')),
          },
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
          ...(manage
            ? [
                {
                  title: t('training.actions'),
                  render: (_: unknown, r: TrainerView) => (
                    <RowActions
                      id={`trainer-${r.id}`}
                      active={r.active}
                      onEdit={() => ed.edit(r)}
                      onToggle={async () => {
                        await trainingApi.updateTrainer(r.id, {
                          ...trainerFields(r),
                          version: r.version,
                          active: !r.active,
                        });
                        list.reload();
                      }}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <EditModal
        open={ed.open}
        title={t('training.tabs.trainers')}
        initial={rec ? trainerFields(rec) : null}
        onClose={ed.close}
        onSave={async (v) => {
          const body = { ...v, fields: v.fields ?? [] };
          if (rec)
            await trainingApi.updateTrainer(rec.id, {
              ...trainerFields(rec),
              ...body,
              version: rec.version,
              active: rec.active,
            });
          else await trainingApi.createTrainer(body);
          void message.success(t('training.saved'));
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
      </EditModal>
    </Space>
  );
}

export function BasesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const list = usePagedList<TrainingBaseView>(trainingApi.bases);
  const ed = useEditor<TrainingBaseView>();
  const manage = can('training:manage');
  const rec = ed.record;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {manage && (
        <Button type="primary" onClick={ed.create}>
          {t('training.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data.items}
        pagination={list.pagination}
        columns={[
          {
            title: t('training.name'),
            render: (_: unknown, r: TrainingBaseView) =>
              nameCell(r.name, r.active, t('training.inactive')),
          },
          {
            title: t('training.baseKind'),
            render: (_: unknown, r: TrainingBaseView) => t(`training.baseKinds.${r.kind}`),
          },
          { title: t('training.capacity'), dataIndex: 'capacity' },
          { title: t('training.contact'), dataIndex: 'contactName' },
          { title: t('training.phone'), dataIndex: 'contactPhone' },
          { title: t('training.address'), dataIndex: 'address' },
          ...(manage
            ? [
                {
                  title: t('training.actions'),
                  render: (_: unknown, r: TrainingBaseView) => (
                    <RowActions
                      id={`base-${r.id}`}
                      active={r.active}
                      onEdit={() => ed.edit(r)}
                      onToggle={async () => {
                        await trainingApi.updateBase(r.id, {
                          ...baseFields(r),
                          version: r.version,
                          active: !r.active,
                        });
                        list.reload();
                      }}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <EditModal
        open={ed.open}
        title={t('training.tabs.bases')}
        initial={rec ? baseFields(rec) : null}
        onClose={ed.close}
        onSave={async (v) => {
          if (rec)
            await trainingApi.updateBase(rec.id, {
              ...baseFields(rec),
              ...v,
              version: rec.version,
              active: rec.active,
            });
          else await trainingApi.createBase(v);
          void message.success(t('training.saved'));
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
      </EditModal>
    </Space>
  );
}
