// Forced after the first login or a reset (no menu, nothing else reachable), and available from
// the user menu for a voluntary change.
import { ApartmentOutlined, ArrowLeftOutlined, LockOutlined } from '@ant-design/icons';
import { okResponse } from '@cwp/contracts';
import { Alert, App, Button, Card, Form, Input, Layout, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { passwordPolicyRule } from '../../components/rules';

interface ChangePasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { user, refresh, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useRequestError();
  const [form] = Form.useForm<ChangePasswordForm>();
  const [submitting, setSubmitting] = useState(false);
  const forced = user?.mustChangePassword ?? false;

  const onFinish = async (values: ChangePasswordForm) => {
    setSubmitting(true);
    try {
      await api.post('/api/auth/change-password', okResponse, {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      void message.success(t('changePassword.success'));
      await refresh();
      void navigate('/', { replace: true });
    } catch (err) {
      onError(err, form);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Layout className="cwp-standalone">
      <Layout.Header className="cwp-header">
        <span className="cwp-brand">
          <ApartmentOutlined className="cwp-brand-icon" />
          <span className="cwp-brand-title">{t('app.title')}</span>
        </span>
        <Space size={20} className="cwp-header-right">
          <span>{user?.displayName}</span>
          <LanguageSwitch dark />
        </Space>
      </Layout.Header>
      <div className="cwp-standalone-body">
        <Card
          className="cwp-standalone-card"
          title={
            <Space>
              <LockOutlined />
              {t('changePassword.title')}
            </Space>
          }
          extra={
            forced ? (
              <Button
                type="link"
                onClick={() => void logout().finally(() => void navigate('/login'))}
              >
                {t('header.logout')}
              </Button>
            ) : (
              <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/')}>
                {t('common.back')}
              </Button>
            )
          }
        >
          {forced && (
            <Alert
              type="warning"
              showIcon
              message={t('changePassword.forcedHint')}
              style={{ marginBottom: 20 }}
              data-testid="forced-change-hint"
            />
          )}
          <Form<ChangePasswordForm>
            form={form}
            layout="vertical"
            onFinish={(values) => void onFinish(values)}
          >
            <Form.Item
              name="currentPassword"
              label={t('password.current')}
              rules={[{ required: true }]}
            >
              <Input.Password autoComplete="current-password" maxLength={128} />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('password.new')}
              extra={t('password.policy')}
              rules={[{ required: true }, passwordPolicyRule(t, () => user?.username)]}
            >
              <Input.Password autoComplete="new-password" maxLength={128} />
            </Form.Item>
            <Form.Item
              name="confirmPassword"
              label={t('password.confirm')}
              dependencies={['newPassword']}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  validator: async (_rule, value: unknown) => {
                    if (value && value !== getFieldValue('newPassword')) {
                      throw new Error(t('password.mismatch'));
                    }
                  },
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" maxLength={128} />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting}>
              {t('changePassword.submit')}
            </Button>
          </Form>
        </Card>
      </div>
    </Layout>
  );
}
