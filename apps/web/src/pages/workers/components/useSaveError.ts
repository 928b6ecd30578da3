// Errors from saving a dossier. A 409 means someone else saved first: the server's message says
// who and when, and the user may reload the fresh record; anything else goes to the shared handler.
import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { useRequestError } from '../../../api/useRequestError';

export function useSaveError(reload: () => void) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const onError = useRequestError();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (err instanceof ApiError && err.status === 409 && err.code === 'CONFLICT') {
        modal.confirm({
          title: t('workers.conflict.title'),
          content: err.message,
          okText: t('workers.conflict.reload'),
          cancelText: t('common.cancel'),
          onOk: reload,
        });
        return;
      }
      onError(err, form);
    },
    [modal, t, onError, reload],
  );
}
