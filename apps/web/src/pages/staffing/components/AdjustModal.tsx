// A manual quota adjustment with its reason: add or remove posts (delta) or set the quota
// (override). It replaces the unit's active adjustment, which the request names so that two
// editors cannot silently overwrite each other.
import type { StaffingRow } from '@cwp/contracts';
import { Alert, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { staffingApi } from '../api';

interface Values {
  mode: 'delta' | 'override';
  value: number;
  reason: string;
}

export function AdjustModal({
  row,
  onClose,
  onDone,
}: {
  row: StaffingRow;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const current = row.own.adjustment;

  const finish = async (v: Values) => {
    setSaving(true);
    try {
      await staffingApi.adjust({
        orgUnitId: row.orgUnitId,
        mode: v.mode,
        value: v.value,
        reason: v.reason,
        supersedes: current?.id ?? null,
      });
      onDone();
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('careerRules.staffing.adjustTitle', { name: row.name })}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      <Alert
        type="info"
        style={{ marginBottom: 16 }}
        message={t('careerRules.staffing.adjustCurrent', {
          computed: row.own.computedQuota ?? '—',
          quota: row.own.quota ?? '—',
        })}
        description={
          current ? t('careerRules.staffing.adjustReplaces', { reason: current.reason }) : undefined
        }
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ mode: 'delta' }}
        onFinish={(v) => void finish(v)}
      >
        <Form.Item name="mode" label={t('careerRules.staffing.mode')}>
          <Radio.Group
            options={[
              { value: 'delta', label: t('careerRules.staffing.modes.delta') },
              { value: 'override', label: t('careerRules.staffing.modes.override') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="value"
          label={t('careerRules.staffing.value')}
          rules={[{ required: true, message: t('careerRules.staffing.valueRequired') }]}
        >
          <InputNumber precision={0} min={-10_000} max={10_000} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('careerRules.staffing.reason')}
          rules={[
            { required: true, whitespace: true, message: t('careerRules.staffing.reasonRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RevokeModal({
  row,
  onClose,
  onDone,
}: {
  row: StaffingRow;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const adjustment = row.own.adjustment;
  if (!adjustment) return null;

  const finish = async (v: { reason: string }) => {
    setSaving(true);
    try {
      await staffingApi.revoke(adjustment.id, adjustment.version, v.reason);
      onDone();
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('careerRules.staffing.revokeTitle', { name: row.name })}
      okText={t('careerRules.staffing.revoke')}
      okButtonProps={{ danger: true }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)}>
        <Form.Item
          name="reason"
          label={t('careerRules.staffing.revokeReason')}
          rules={[
            { required: true, whitespace: true, message: t('careerRules.staffing.reasonRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
