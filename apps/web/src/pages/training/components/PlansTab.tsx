// Training plans: list with status and progress, create (national/provincial ones as records),
// submit for approval.
import { TRAINING_PLAN_LEVELS } from '@cwp/contracts';
import type { TrainingPlanView } from '@cwp/contracts';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { trainingApi } from '../api';
import { usePagedList } from './useList';

export function PlansTab() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const { message, modal } = App.useApp();
  const onError = useRequestError();
  const list = usePagedList<TrainingPlanView>(trainingApi.plans);
  const [open, setOpen] = useState(false);
  /** The plan being edited (draft, returned or a record); null when creating. */
  const [editing, setEditing] = useState<TrainingPlanView | null>(null);
  const [form] = Form.useForm();
  const openEditor = (p: TrainingPlanView | null) => {
    setEditing(p);
    form.setFieldsValue(
      p
        ? {
            orgUnitId: p.orgUnitId,
            level: p.level,
            year: p.year,
            title: p.title,
            requiredHours: p.requiredHours,
            targetPosts: p.targetPosts,
            themes: p.themes,
          }
        : { orgUnitId: user?.orgUnit.id, year: new Date().getFullYear(), level: 'subdistrict' },
    );
    setOpen(true);
  };
  const manage = can('training:manage');

  const showProgress = (p: TrainingPlanView) => {
    trainingApi
      .planProgress(p.id)
      .then((r) => {
        modal.info({
          title: p.title,
          content: t('training.progressValue', {
            target: r.targetWorkers,
            reached: r.reachedWorkers,
            sessions: r.sessions,
            done: r.completedSessions,
            avg: r.averageHours,
          }),
        });
      })
      .catch(onError);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {manage && (
        <Button type="primary" onClick={() => openEditor(null)}>
          {t('training.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        loading={list.loading}
        dataSource={list.data.items}
        pagination={list.pagination}
        columns={[
          { title: t('training.year'), dataIndex: 'year' },
          { title: t('training.name'), dataIndex: 'title' },
          {
            title: t('training.planLevel'),
            render: (_: unknown, r: TrainingPlanView) => t(`training.levels.${r.level}`),
          },
          { title: t('training.orgUnit'), dataIndex: 'orgUnitName' },
          { title: t('training.requiredHours'), dataIndex: 'requiredHours' },
          {
            title: t('training.status'),
            render: (_: unknown, r: TrainingPlanView) => (
              <Tag>{t(`training.planStatuses.${r.status}`)}</Tag>
            ),
          },
          {
            title: t('training.actions'),
            render: (_: unknown, r: TrainingPlanView) => (
              <Space>
                <Button size="small" onClick={() => showProgress(r)}>
                  {t('training.progress')}
                </Button>
                {manage && (r.isRecord || r.status === 'draft' || r.status === 'returned') && (
                  <Button
                    size="small"
                    onClick={() => openEditor(r)}
                    data-testid={`edit-plan-${r.id}`}
                  >
                    {t('training.edit')}
                  </Button>
                )}
                {manage && !r.isRecord && (r.status === 'draft' || r.status === 'returned') && (
                  <Button
                    size="small"
                    onClick={() => {
                      trainingApi
                        .submitPlan(r.id, r.version)
                        .then(() => {
                          void message.success(t('training.submit'));
                          list.reload();
                        })
                        .catch(onError);
                    }}
                  >
                    {t('training.submit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title={editing ? `${t('training.edit')} · ${editing.title}` : t('training.tabs.plans')}
        okText={t('training.save')}
        cancelText={t('training.cancel')}
        onCancel={() => setOpen(false)}
        forceRender
        onOk={() => {
          void form.validateFields().then((v: Record<string, unknown>) => {
            const body = {
              ...v,
              targetPosts: v.targetPosts ?? [],
              themes: v.themes ?? [],
            };
            // Fields the form does not show are sent back unchanged.
            const saving = editing
              ? trainingApi.updatePlan(editing.id, {
                  targetCategories: editing.targetCategories,
                  targetOrgUnitIds: editing.targetOrgUnitIds,
                  description: editing.description,
                  ...body,
                  version: editing.version,
                })
              : trainingApi.createPlan(body);
            return saving
              .then(() => {
                setOpen(false);
                form.resetFields();
                list.reload();
              })
              .catch((e: unknown) => onError(e, form));
          });
        }}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            orgUnitId: user?.orgUnit.id,
            year: new Date().getFullYear(),
            level: 'subdistrict',
          }}
        >
          <Form.Item name="orgUnitId" label={t('training.orgUnit')} rules={[{ required: true }]}>
            <OrgUnitTreeSelect />
          </Form.Item>
          <Form.Item name="level" label={t('training.planLevel')} rules={[{ required: true }]}>
            <Select
              options={TRAINING_PLAN_LEVELS.map((l) => ({
                value: l,
                label: t(`training.levels.${l}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="year" label={t('training.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="title" label={t('training.name')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="requiredHours"
            label={t('training.requiredHours')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0.5} max={1000} step={0.5} />
          </Form.Item>
          <Form.Item name="targetPosts" label={t('training.targetPosts')}>
            <Select
              mode="multiple"
              options={['principal', 'deputy', 'staff'].map((p) => ({ value: p, label: p }))}
            />
          </Form.Item>
          <Form.Item name="themes" label={t('training.themes')}>
            <Select mode="tags" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
