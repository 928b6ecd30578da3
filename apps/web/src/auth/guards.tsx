import type { Permission } from '@cwp/contracts';
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { PageSpin } from '../components/PageSpin';
import { ForbiddenPage } from '../pages/errors/ForbiddenPage';
import { useAuth } from './context';

/** Only a signed-in user passes; a forced password change wins over every other page. */
export function RequireAuth({
  children,
  allowPasswordChange = false,
}: {
  children: ReactNode;
  allowPasswordChange?: boolean;
}) {
  const { state, refresh } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (state.status === 'loading') return <PageSpin />;
  if (state.status === 'unavailable') {
    return (
      <Result
        status="warning"
        title={t('errors.network')}
        extra={
          <Button type="primary" onClick={() => void refresh()}>
            {t('common.refresh')}
          </Button>
        }
      />
    );
  }
  if (state.status === 'anonymous') {
    const returnTo = `${location.pathname}${location.search}`;
    const target = returnTo === '/' ? '/login' : `/login?returnTo=${encodeURIComponent(returnTo)}`;
    return <Navigate to={target} replace />;
  }
  if (state.user.mustChangePassword && !allowPasswordChange) {
    return <Navigate to="/change-password" replace />;
  }
  return children;
}

/** Hides a page the user's permissions do not allow (the server refuses the data anyway). */
export function RequirePermission({
  permission,
  children,
}: {
  permission: Permission;
  children: ReactNode;
}) {
  const { can } = useAuth();
  return can(permission) ? children : <ForbiddenPage />;
}

/** Accepts only same-origin paths as a post-login destination. */
export function safeReturnTo(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return '/';
  }
  return value.startsWith('/login') || value.startsWith('/change-password') ? '/' : value;
}
