// The dossier's care tab: health checks (results masked without personal-data access), the next
// due date from the unit's interval, care visits and hardship aid (amounts masked likewise), and
// the forms to record them (care:manage).
import type { WorkerCareView } from '@cwp/contracts';
import { CARE_KINDS, HEALTH_CONCLUSIONS } from '@cwp/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { careApi } from '../care/api';

export function CareTab({ workerId }: { workerId: number }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const { message } = App.useApp();
  const [care, setCare] = useState<WorkerCareView | null>(null);
  const [dialog, setDialog] = useState<'health' | 'record' | null>(null);
  const [form] = Form.useForm();
  useEffect(() => {
    careApi.ofWorker(workerId).then(setCare).catch(onError);
  }, [workerId, onError]);
  if (!care) return null;
  const hidden = <Tag>{t('oversight.hidden')}</Tag>;
  const req = [{ required: true, message: t('oversight.required') }];

  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>;
    const day = (d: unknown) => (d as Dayjs).format('YYYY-MM-DD');
    try {
      const next =
        dialog === 'health'
          ? await careApi.addHealthCheck({
              workerId,
              checkDate: day(v.checkDate),
              institution: String(v.institution),
              conclusion: v.conclusion as (typeof HEALTH_CONCLUSIONS)[number],
              findings: typeof v.findings === 'string' && v.findings ? v.findings : null,
            })
          : await careApi.addRecord({
              workerId,
              kind: v.kind as (typeof CARE_KINDS)[number],
              occurredOn: day(v.occurredOn),
              reason: String(v.reason),
              amount: typeof v.amount === 'number' ? v.amount : null,
              visitor: typeof v.visitor === 'string' && v.visitor ? v.visitor : null,
            });
      setCare(next);
      setDialog(null);
      void message.success(t('common.saved'));
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {!care.sensitiveVisible && (
        <Alert type="info" showIcon message={t('oversight.care.masked')} />
      )}
      <Card
        size="small"
        title={t('oversight.care.healthChecks')}
        extra={
          can('care:manage') && (
            <Button
              size="small"
              onClick={() => {
                form.resetFields();
                setDialog('health');
              }}
            >
              {t('oversight.care.addHealthCheck')}
            </Button>
          )
        }
      >
        <p>
          {t('oversight.care.nextCheck', {
            date: care.nextHealthCheck.dueDate,
            state: t(`oversight.care.states.${care.nextHealthCheck.state}`),
            months: care.intervalMonths,
          })}
        </p>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={care.healthChecks}
          columns={[
            { title: t('oversight.care.checkDate'), dataIndex: 'checkDate' },
            { title: t('oversight.care.institution'), dataIndex: 'institution' },
            {
              title: t('oversight.care.conclusion'),
              render: (_, h) =>
                h.conclusion ? t(`oversight.care.conclusions.${h.conclusion}`) : hidden,
            },
            {
              title: t('oversight.care.findings'),
              render: (_, h) => (h.masked ? hidden : (h.findings ?? '—')),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('oversight.care.records')}
        extra={
          can('care:manage') && (
            <Button
              size="small"
              onClick={() => {
                form.resetFields();
                setDialog('record');
              }}
            >
              {t('oversight.care.addRecord')}
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={care.records}
          columns={[
            { title: t('oversight.care.occurredOn'), dataIndex: 'occurredOn' },
            {
              title: t('oversight.care.kind'),
              render: (_, r) => t(`oversight.care.kinds.${r.kind}`),
            },
            { title: t('oversight.care.reason'), dataIndex: 'reason' },
            {
              title: t('oversight.amount'),
              render: (_, r) =>
                r.amount !== null
                  ? r.amount.toFixed(2)
                  : r.kind === 'hardship_aid' && !care.sensitiveVisible
                    ? hidden
                    : '—',
            },
            { title: t('oversight.care.visitor'), render: (_, r) => r.visitor ?? '—' },
          ]}
        />
      </Card>
      <Modal
        open={dialog !== null}
        title={
          dialog === 'health' ? t('oversight.care.addHealthCheck') : t('oversight.care.addRecord')
        }
        onCancel={() => setDialog(null)}
        onOk={() => void submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'health' ? (
            <>
              <Form.Item name="checkDate" label={t('oversight.care.checkDate')} rules={req}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="institution" label={t('oversight.care.institution')} rules={req}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="conclusion" label={t('oversight.care.conclusion')} rules={req}>
                <Select
                  options={HEALTH_CONCLUSIONS.map((c) => ({
                    value: c,
                    label: t(`oversight.care.conclusions.${c}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="findings" label={t('oversight.care.findings')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="kind" label={t('oversight.care.kind')} rules={req}>
                <Select
                  options={CARE_KINDS.map((k) => ({
                    value: k,
                    label: t(`oversight.care.kinds.${k}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="occurredOn" label={t('oversight.care.occurredOn')} rules={req}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="reason" label={t('oversight.care.reason')} rules={req}>
                <Input maxLength={500} />
              </Form.Item>
              <Form.Item name="amount" label={t('oversight.amount')}>
                <InputNumber min={0} precision={2} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="visitor" label={t('oversight.care.visitor')}>
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
