// The create/edit dialog of the training libraries and plans: the same fields for both; when
// editing, the form starts from the record and the caller sends it back with its version (the
// server refuses a stale version with 409). Field errors from the server land on their inputs.
import { Form, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';

export function EditModal(props: {
  open: boolean;
  title: string;
  /** The record being edited; null to create. */
  initial: Record<string, unknown> | null;
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
      title={props.initial ? `${t('training.edit')} · ${props.title}` : props.title}
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
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={props.initial ?? { orgUnitId: user?.orgUnit.id }}
      >
        <Form.Item name="orgUnitId" label={t('training.orgUnit')} rules={[{ required: true }]}>
          <OrgUnitTreeSelect />
        </Form.Item>
        {props.children}
      </Form>
    </Modal>
  );
}
