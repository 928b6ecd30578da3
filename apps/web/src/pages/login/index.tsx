// The login page: the server's message (wrong password, locked account…) shows inline, and a
// forced password change takes precedence over the page the user was heading for.
import { ApartmentOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { safeReturnTo } from '../../auth/guards';
import { useAuth } from '../../auth/context';
import { LanguageSwitch } from '../../components/LanguageSwitch';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const returnTo = safeReturnTo(params.get('returnTo'));

  if (state.status === 'authenticated' && !submitting) {
    return <Navigate to={state.user.mustChangePassword ? '/change-password' : returnTo} replace />;
  }

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      const user = await login(values.username.trim(), values.password);
      void navigate(user.mustChangePassword ? '/change-password' : returnTo, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('errors.unknown'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="cwp-login">
      <div className="cwp-login-top">
        <span>
          <ApartmentOutlined /> {t('app.title')}
        </span>
        <LanguageSwitch dark />
      </div>
      <div className="cwp-login-body">
        <div className="cwp-login-intro">
          <h1>{t('app.title')}</h1>
          <p>{t('login.tagline')}</p>
        </div>
        <Card className="cwp-login-card" variant="borderless">
          <h2>{t('login.title')}</h2>
          {error && (
            <Alert
              type="error"
              showIcon
              message={error}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Form<LoginForm>
            layout="vertical"
            size="large"
            requiredMark={false}
            onFinish={(values) => void onFinish(values)}
            onValuesChange={() => setError(null)}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[
                { required: true, whitespace: true, message: t('login.usernamePlaceholder') },
              ]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder={t('login.usernamePlaceholder')}
                autoComplete="username"
                autoFocus
                maxLength={64}
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordPlaceholder') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
                maxLength={128}
              />
            </Form.Item>
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" block loading={submitting}>
                {t('login.submit')}
              </Button>
            </Form.Item>
          </Form>
        </Card>
      </div>
      <div className="cwp-login-footer">{t('app.footer')}</div>
    </div>
  );
}
