// /econ-audits/:id: one audit — plan, findings (category, amount), rectification items with
// owner and deadline (overdue flagged, closed with a result), the status steps and the report.
import type { EconAuditDetail } from '@cwp/contracts';
import { FINDING_CATEGORIES } from '@cwp/contracts';
import { PrinterOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { PageSpin } from '../../components/PageSpin';
import { econAuditsApi } from './api';

type Dialog =
  'finding' | 'rect' | 'report' | { close: EconAuditDetail['rectifications'][number] } | null;

export function EconAuditDetailPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const [audit, setAudit] = useState<EconAuditDetail | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm();
  const manage = can('econ_audit:manage');

  useEffect(() => {
    econAuditsApi.get(id).then(setAudit).catch(onError);
  }, [id, onError]);

  const done = useCallback(
    (a: EconAuditDetail) => {
      setAudit(a);
      setDialog(null);
      form.resetFields();
      void message.success(t('common.saved'));
    },
    [form, message, t],
  );

  if (!audit) return <PageSpin />;

  const step = async (status: 'in_progress' | 'reported' | 'closed', conclusion?: string) => {
    try {
      done(
        await econAuditsApi.status(audit.id, {
          version: audit.version,
          status,
          ...(conclusion ? { conclusion } : {}),
        }),
      );
    } catch (err) {
      onError(err, form);
    }
  };

  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>;
    const day = (d: unknown) => (d as Dayjs).format('YYYY-MM-DD');
    try {
      if (dialog === 'finding') {
        done(
          await econAuditsApi.addFinding(audit.id, {
            category: v.category as (typeof FINDING_CATEGORIES)[number],
            description: String(v.description),
            amount: typeof v.amount === 'number' ? v.amount : null,
          }),
        );
      } else if (dialog === 'rect') {
        done(
          await econAuditsApi.addRectification(audit.id, {
            findingId: typeof v.findingId === 'number' ? v.findingId : null,
            description: String(v.description),
            ownerName: String(v.ownerName),
            deadline: day(v.deadline),
          }),
        );
      } else if (dialog === 'report') {
        await step('reported', String(v.conclusion));
      } else if (dialog && typeof dialog === 'object') {
        done(
          await econAuditsApi.closeRectification(dialog.close.id, {
            version: dialog.close.version,
            closureNote: String(v.closureNote),
          }),
        );
      }
    } catch (err) {
      onError(err, form);
    }
  };

  const req = [{ required: true, message: t('oversight.required') }];
  const editable = manage && (audit.status === 'planned' || audit.status === 'in_progress');
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={audit.title}
        extra={
          <Space>
            {manage && audit.status === 'planned' && (
              <Button onClick={() => void step('in_progress')}>
                {t('oversight.audits.start')}
              </Button>
            )}
            {manage && audit.status === 'in_progress' && (
              <Button type="primary" onClick={() => setDialog('report')}>
                {t('oversight.audits.report')}
              </Button>
            )}
            {manage && audit.status === 'reported' && (
              <Button type="primary" onClick={() => void step('closed')}>
                {t('oversight.audits.finish')}
              </Button>
            )}
            <Button
              icon={<PrinterOutlined />}
              href={`/econ-audits/${audit.id}/print`}
              target="_blank"
            >
              {t('oversight.audits.print')}
            </Button>
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('oversight.audits.auditedPerson')}>
            {audit.workerName}（{audit.workerUnitName}）
          </Descriptions.Item>
          <Descriptions.Item label={t('oversight.audits.auditedRole')}>
            {t(`oversight.audits.roles.${audit.auditedRole}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('oversight.audits.trigger')}>
            {t(`oversight.audits.triggers.${audit.trigger}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('oversight.audits.period')}>
            {audit.periodStart} ~ {audit.periodEnd}
          </Descriptions.Item>
          <Descriptions.Item label={t('oversight.audits.auditingUnit')}>
            {audit.orgUnitName}
          </Descriptions.Item>
          <Descriptions.Item label={t('oversight.audits.status')}>
            <Tag>{t(`oversight.audits.statuses.${audit.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('oversight.audits.scope')} span={2}>
            {audit.scope}
          </Descriptions.Item>
          {audit.conclusion && (
            <Descriptions.Item label={t('oversight.audits.conclusion')} span={2}>
              {audit.conclusion}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card
        title={`${t('oversight.audits.findings')} · ${t('oversight.audits.totalAmount')} ${audit.totalAmount.toFixed(2)}`}
        extra={
          editable && (
            <Button onClick={() => setDialog('finding')}>{t('oversight.audits.addFinding')}</Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={audit.findingList}
          columns={[
            {
              title: t('oversight.audits.category'),
              render: (_, f) => t(`oversight.audits.categories.${f.category}`),
            },
            { title: t('oversight.audits.description'), dataIndex: 'description' },
            {
              title: t('oversight.amount'),
              render: (_, f) => (f.amount === null ? '—' : f.amount.toFixed(2)),
            },
          ]}
        />
      </Card>
      <Card
        title={t('oversight.audits.rectifications')}
        extra={
          manage &&
          audit.status !== 'closed' && (
            <Button onClick={() => setDialog('rect')}>
              {t('oversight.audits.addRectification')}
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={audit.rectifications}
          columns={[
            { title: t('oversight.audits.rectItem'), dataIndex: 'description' },
            { title: t('oversight.audits.owner'), dataIndex: 'ownerName' },
            { title: t('oversight.audits.deadline'), dataIndex: 'deadline' },
            {
              title: t('oversight.audits.status'),
              render: (_, r) =>
                r.status === 'closed' ? (
                  <Tag color="green">{t('oversight.audits.closed')}</Tag>
                ) : r.overdue ? (
                  <Tag color="red">{t('oversight.audits.overdue')}</Tag>
                ) : (
                  <Tag>{t('oversight.audits.open')}</Tag>
                ),
            },
            {
              title: t('oversight.audits.closureNote'),
              render: (_, r) => (r.closureNote ? `${r.closureNote}（${r.closedAt ?? ''}）` : '—'),
            },
            {
              title: t('common.actions'),
              render: (_, r) =>
                manage &&
                r.status === 'open' && (
                  <Button size="small" onClick={() => setDialog({ close: r })}>
                    {t('oversight.audits.close')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={
          dialog === 'finding'
            ? t('oversight.audits.addFinding')
            : dialog === 'rect'
              ? t('oversight.audits.addRectification')
              : dialog === 'report'
                ? t('oversight.audits.report')
                : t('oversight.audits.close')
        }
        onCancel={() => setDialog(null)}
        onOk={() => void submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'finding' && (
            <>
              <Form.Item name="category" label={t('oversight.audits.category')} rules={req}>
                <Select
                  options={FINDING_CATEGORIES.map((c) => ({
                    value: c,
                    label: t(`oversight.audits.categories.${c}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="description" label={t('oversight.audits.description')} rules={req}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Form.Item name="amount" label={t('oversight.amount')}>
                <InputNumber min={0} precision={2} style={{ width: 200 }} />
              </Form.Item>
            </>
          )}
          {dialog === 'rect' && (
            <>
              <Form.Item name="findingId" label={t('oversight.audits.findings')}>
                <Select
                  allowClear
                  options={audit.findingList.map((f) => ({ value: f.id, label: f.description }))}
                />
              </Form.Item>
              <Form.Item name="description" label={t('oversight.audits.rectItem')} rules={req}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Form.Item name="ownerName" label={t('oversight.audits.owner')} rules={req}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="deadline" label={t('oversight.audits.deadline')} rules={req}>
                <DatePicker />
              </Form.Item>
            </>
          )}
          {dialog === 'report' && (
            <Form.Item name="conclusion" label={t('oversight.audits.conclusion')} rules={req}>
              <Input.TextArea rows={4} maxLength={4000} />
            </Form.Item>
          )}
          {dialog !== null && typeof dialog === 'object' && (
            <Form.Item name="closureNote" label={t('oversight.audits.closureNote')} rules={req}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Typography.Text type="secondary">{audit.createdAt.slice(0, 10)}</Typography.Text>
    </Space>
  );
}
