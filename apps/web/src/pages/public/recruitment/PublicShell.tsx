// The frame of the public recruitment pages: no login, narrow enough for a phone, the language
// switch, and an error handler that never sends anyone to the login page.
import { App, Layout, Space, Typography, type FormInstance } from 'antd';
import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, isAbortError } from '../../../api/client';
import { applyFieldErrors } from '../../../api/form-errors';
import { LanguageSwitch } from '../../../components/LanguageSwitch';

export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header
        style={{
          background: '#fff',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          padding: '0 16px',
        }}
      >
        <Link to="/public/recruitment">
          <Typography.Text strong>{t('recruitment.public.title')}</Typography.Text>
        </Link>
        <Space>
          <Link to="/public/recruitment/status">{t('recruitment.public.statusLink')}</Link>
          <LanguageSwitch />
        </Space>
      </Layout.Header>
      <Layout.Content style={{ width: '100%', maxWidth: 760, margin: '0 auto', padding: 12 }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}

/** Server messages are already polite and in the user's language: show them as they are. */
export function usePublicError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (isAbortError(err)) return;
      if (!(err instanceof ApiError)) {
        void message.error(t('errors.unknown'));
        return;
      }
      const rest =
        form && err.details.length > 0 ? applyFieldErrors(form, err.details) : err.details;
      if (!form || rest.length > 0 || err.details.length === 0) void message.error(err.message);
    },
    [message, t],
  );
}
