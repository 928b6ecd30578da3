// Transfers a worker to another community or subdistrict: target unit, effective date and
// reason; the unit history keeps the old assignment.
import { transferWorkerBody, type WorkerDetail } from '@cwp/contracts';
import { DatePicker, Form, Input, Modal, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../../api/form-errors';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { workersApi } from '../api';
import { DATE_FORMAT, fromDay, issuesToDetails } from '../form-values';

interface Values {
  toOrgUnitId?: number;
  effectiveDate?: Dayjs | null;
  reason?: string;
}

interface Props {
  worker: WorkerDetail;
  onClose(): void;
  onDone(worker: WorkerDetail): void;
  onError(err: unknown, form: FormInstance): void;
}

export function TransferModal({ worker, onClose, onDone, onError }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const onFinish = async (values: Values) => {
    const body = {
      version: worker.version,
      toOrgUnitId: values.toOrgUnitId,
      effectiveDate: fromDay(values.effectiveDate) ?? undefined,
      reason: values.reason?.trim() ?? '',
    };
    const checked = transferWorkerBody.safeParse(body);
    if (!checked.success) {
      applyFieldErrors(form, issuesToDetails(checked.error));
      return;
    }
    setSaving(true);
    try {
      onDone(await workersApi.transfer(worker.id, checked.data));
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('workers.transfer.title', { name: worker.name })}
      okText={t('workers.transfer.submit')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
      width={560}
    >
      <Typography.Paragraph type="secondary">
        {t('workers.transfer.current', { unit: worker.orgPathNames.join(' / ') })}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ effectiveDate: dayjs() }}
        onFinish={(values) => void onFinish(values)}
      >
        <Form.Item
          name="toOrgUnitId"
          label={t('workers.transfer.target')}
          extra={t('workers.form.orgUnitHint')}
          required
        >
          <OrgUnitTreeSelect />
        </Form.Item>
        <Form.Item name="effectiveDate" label={t('workers.transfer.date')} required>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('workers.transfer.reason')} required>
          <Input.TextArea maxLength={200} rows={3} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
