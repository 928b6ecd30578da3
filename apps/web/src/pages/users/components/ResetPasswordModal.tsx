import type { UserSummary } from '@cwp/contracts';
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { passwordPolicyRule } from '../../../components/rules';
import { usersApi } from '../api';

interface Props {
  user: UserSummary;
  onClose(): void;
  onDone(): void;
}

export function ResetPasswordModal({ user, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<{ password: string }>();
  const [saving, setSaving] = useState(false);

  const onFinish = async ({ password }: { password: string }) => {
    setSaving(true);
    try {
      await usersApi.resetPassword(user.id, password);
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
      title={t('users.resetPasswordTitle', { name: user.displayName })}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      <Alert
        type="info"
        showIcon
        message={t('users.resetPasswordHint')}
        style={{ marginBottom: 16 }}
      />
      <Form form={form} layout="vertical" onFinish={(values) => void onFinish(values)}>
        <Form.Item
          name="password"
          label={t('password.new')}
          extra={t('password.policy')}
          rules={[{ required: true }, passwordPolicyRule(t, () => user.username)]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
