// The one request-error handler: 401 → back to the login page (the guard keeps the return URL),
// 403 PASSWORD_CHANGE_REQUIRED → the change-password page, field errors → onto the form, anything
// else → a message with the server's text.
import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/context';
import { ApiError, isAbortError } from './client';
import { applyFieldErrors } from './form-errors';

export type RequestErrorHandler = (err: unknown, form?: FormInstance) => void;

export function useRequestError(): RequestErrorHandler {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { markSignedOut } = useAuth();

  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (isAbortError(err)) return;
      if (!(err instanceof ApiError)) {
        void message.error(t('errors.unknown'));
        return;
      }
      if (err.status === 401) {
        void message.warning(err.message || t('errors.sessionExpired'));
        markSignedOut();
        return;
      }
      if (err.code === 'PASSWORD_CHANGE_REQUIRED') {
        void navigate('/change-password', { replace: true });
        return;
      }
      const unmatched = form ? applyFieldErrors(form, err.details) : err.details;
      if (form && err.details.length > 0 && unmatched.length === 0) return;
      // A field error with no matching input (e.g. "id") carries the useful text; the top-level
      // message is then only the generic "check the marked fields".
      const text = unmatched.map((d) => d.message).join('；');
      void message.error(text || err.message);
    },
    [message, t, navigate, markSignedOut],
  );
}
