// /econ-audits: the audits in the caller's scope with status and overdue rectifications, and the
// form for a new audit plan (auditing unit, audited person and post, trigger, period, scope).
import type { EconAuditSummary } from '@cwp/contracts';
import { AUDIT_STATUSES, AUDIT_TRIGGERS, AUDITED_ROLES } from '@cwp/contracts';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { econAuditsApi } from './api';
import { WorkerPicker } from './components/WorkerPicker';

interface CreateValues {
  orgUnitId: number;
  workerId: number;
  auditedRole: (typeof AUDITED_ROLES)[number];
  trigger: (typeof AUDIT_TRIGGERS)[number];
  title: string;
  period: [Dayjs, Dayjs];
  scope: string;
}

export function EconAuditsPage() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const onError = useRequestError();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: EconAuditSummary[]; total: number } | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<CreateValues>();

  useEffect(() => {
    econAuditsApi.list({ page, pageSize: 20, status }).then(setData).catch(onError);
  }, [page, status, onError]);

  const create = async () => {
    const v = await form.validateFields();
    try {
      const a = await econAuditsApi.create({
        orgUnitId: v.orgUnitId,
        workerId: v.workerId,
        auditedRole: v.auditedRole,
        trigger: v.trigger,
        title: v.title,
        periodStart: v.period[0].format('YYYY-MM-DD'),
        periodEnd: v.period[1].format('YYYY-MM-DD'),
        scope: v.scope,
      });
      void message.success(t('common.saved'));
      void navigate(`/econ-audits/${a.id}`);
    } catch (err) {
      onError(err, form);
    }
  };

  const req = [{ required: true, message: t('oversight.required') }];
  return (
    <Card>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('oversight.audits.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('oversight.audits.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('oversight.audits.status')}
          style={{ width: 160 }}
          value={status}
          onChange={(v?: string) => {
            setStatus(v);
            setPage(1);
          }}
          options={AUDIT_STATUSES.map((s) => ({
            value: s,
            label: t(`oversight.audits.statuses.${s}`),
          }))}
        />
        {can('econ_audit:manage') && (
          <Button
            type="primary"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ orgUnitId: user?.orgUnit.id });
              setCreating(true);
            }}
          >
            {t('oversight.audits.create')}
          </Button>
        )}
      </Space>
      <Table
        rowKey="id"
        dataSource={data?.items ?? []}
        loading={!data}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          {
            title: t('oversight.audits.auditTitle'),
            dataIndex: 'title',
            render: (v: string, r) => <Link to={`/econ-audits/${r.id}`}>{v}</Link>,
          },
          {
            title: t('oversight.audits.auditedPerson'),
            render: (_, r) => `${r.workerName}（${r.workerUnitName}）`,
          },
          {
            title: t('oversight.audits.auditedRole'),
            render: (_, r) => t(`oversight.audits.roles.${r.auditedRole}`),
          },
          {
            title: t('oversight.audits.trigger'),
            render: (_, r) => t(`oversight.audits.triggers.${r.trigger}`),
          },
          {
            title: t('oversight.audits.period'),
            render: (_, r) => `${r.periodStart} ~ ${r.periodEnd}`,
          },
          {
            title: t('oversight.audits.status'),
            render: (_, r) => t(`oversight.audits.statuses.${r.status}`),
          },
          { title: t('oversight.audits.findingCount'), dataIndex: 'findings' },
          {
            title: t('oversight.audits.openRect'),
            render: (_, r) => (
              <Space>
                {r.openRectifications}
                {r.overdueRectifications > 0 && (
                  <Tag color="red">
                    {t('oversight.audits.overdue')} {r.overdueRectifications}
                  </Tag>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={t('oversight.audits.create')}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        width={640}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="orgUnitId" label={t('oversight.audits.auditingUnit')} rules={req}>
            <OrgUnitTreeSelect />
          </Form.Item>
          <Form.Item name="workerId" label={t('oversight.audits.auditedPerson')} rules={req}>
            <WorkerPicker />
          </Form.Item>
          <Space wrap>
            <Form.Item name="auditedRole" label={t('oversight.audits.auditedRole')} rules={req}>
              <Select
                style={{ width: 180 }}
                options={AUDITED_ROLES.map((r) => ({
                  value: r,
                  label: t(`oversight.audits.roles.${r}`),
                }))}
              />
            </Form.Item>
            <Form.Item name="trigger" label={t('oversight.audits.trigger')} rules={req}>
              <Select
                style={{ width: 180 }}
                options={AUDIT_TRIGGERS.map((r) => ({
                  value: r,
                  label: t(`oversight.audits.triggers.${r}`),
                }))}
              />
            </Form.Item>
          </Space>
          <Form.Item name="title" label={t('oversight.audits.auditTitle')} rules={req}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="period" label={t('oversight.audits.period')} rules={req}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item name="scope" label={t('oversight.audits.scope')} rules={req}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
