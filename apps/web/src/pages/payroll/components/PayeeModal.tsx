// Recording a worker's payee bank account for the transfer list (stored encrypted on the server).
import type { PayeeView } from '@cwp/contracts';
import { App, Form, Input, Modal, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { payrollApi } from '../api';

export function PayeeModal({
  workerId,
  name,
  onClose,
}: {
  workerId: number;
  name: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [form] = Form.useForm<{ bankName: string; account: string }>();
  const [payee, setPayee] = useState<PayeeView | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    payrollApi
      .payee(workerId)
      .then((p) => {
        setPayee(p);
        form.setFieldsValue({ bankName: p.bankName ?? '', account: p.account ?? '' });
      })
      .catch(onError);
  }, [workerId, form, onError]);

  const save = async (v: { bankName: string; account: string }) => {
    setSaving(true);
    try {
      await payrollApi.savePayee(workerId, {
        bankName: v.bankName,
        account: v.account,
        ...(payee?.version != null ? { version: payee.version } : {}),
      });
      void message.success(t('payroll.payeeSaved'));
      onClose();
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('payroll.payeeTitle', { name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
    >
      <Spin spinning={payee === null}>
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="bankName" label={t('payroll.bankName')} rules={[{ required: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="account" label={t('payroll.account')} rules={[{ required: true }]}>
            <Input maxLength={30} inputMode="numeric" />
          </Form.Item>
        </Form>
      </Spin>
    </Modal>
  );
}
