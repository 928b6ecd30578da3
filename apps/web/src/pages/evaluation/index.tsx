// /evaluation: the evaluation rounds in the caller's scope and the form that starts one (an
// evaluating unit, a year and the level it evaluates; the indicator set in force is recorded).
import { EVALUATION_LEVELS, type EvaluationLevel, type EvaluationRoundView } from '@cwp/contracts';
import { Button, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { evaluationApi } from './api';

interface CreateValues {
  orgUnitId: number;
  year: number;
  level: EvaluationLevel;
  title: string;
}

const STATUS_COLORS = { draft: 'default', computed: 'processing', finalized: 'success' } as const;

export function EvaluationPage() {
  const { t } = useTranslation();
  const { user, can } = useAuth();
  const onError = useRequestError();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: EvaluationRoundView[]; total: number } | null>(null);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<CreateValues>();
  useEffect(() => {
    evaluationApi.rounds(page).then(setData).catch(onError);
  }, [page, onError]);
  const req = [{ required: true, message: t('evaluation.required') }];
  const create = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const r = await evaluationApi.create(v);
      void navigate(`/evaluation/${r.id}`);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };
  const year = new Date().getFullYear();
  return (
    <>
      <Typography.Title level={3}>{t('evaluation.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('evaluation.intro')}</Typography.Paragraph>
      {can('evaluation:manage') && (
        <Button
          type="primary"
          style={{ marginBottom: 16 }}
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({
              orgUnitId: user?.orgUnit.id,
              year,
              level: user?.orgUnit.level === 'district' ? 'subdistrict' : 'district',
              title: t('evaluation.defaultTitle', { year }),
            });
            setOpen(true);
          }}
        >
          {t('evaluation.create')}
        </Button>
      )}
      <Table
        rowKey="id"
        dataSource={data?.items ?? []}
        loading={!data}
        locale={{ emptyText: t('evaluation.empty') }}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          {
            title: t('evaluation.roundTitle'),
            render: (_, r) => <Link to={`/evaluation/${r.id}`}>{r.title}</Link>,
          },
          { title: t('evaluation.year'), dataIndex: 'year' },
          { title: t('evaluation.orgUnit'), dataIndex: 'orgUnitName' },
          { title: t('evaluation.level'), render: (_, r) => t(`evaluation.levels.${r.level}`) },
          { title: t('evaluation.units'), dataIndex: 'units' },
          {
            title: t('evaluation.ruleSet'),
            render: (_, r) =>
              t('evaluation.ruleVersion', { name: r.ruleSetName, version: r.ruleVersionNo }),
          },
          {
            title: t('evaluation.status'),
            render: (_, r) => (
              <Tag color={STATUS_COLORS[r.status]}>{t(`evaluation.statuses.${r.status}`)}</Tag>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('evaluation.create')}
        onCancel={() => setOpen(false)}
        onOk={() => void create()}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="orgUnitId" label={t('evaluation.orgUnit')} rules={req}>
            <OrgUnitTreeSelect />
          </Form.Item>
          <Form.Item name="year" label={t('evaluation.year')} rules={req}>
            <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="level" label={t('evaluation.level')} rules={req}>
            <Select
              options={EVALUATION_LEVELS.map((l) => ({
                value: l,
                label: t(`evaluation.levels.${l}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="title" label={t('evaluation.roundTitle')} rules={req}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
