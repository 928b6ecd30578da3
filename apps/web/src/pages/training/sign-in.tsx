// /training/sign-in?code=…: the page a worker's phone opens from the QR code. It signs the worker
// in once on load and shows the result, with a link to their training record.
import { Button, Result, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { trainingApi } from './api';

type State =
  | { kind: 'busy' }
  | { kind: 'ok'; title: string; already: boolean }
  | { kind: 'error'; message: string };

export function TrainingSignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const [state, setState] = useState<State>({ kind: 'busy' });
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    if (!code) {
      setState({ kind: 'error', message: t('training.noCode') });
      return;
    }
    trainingApi
      .signIn(code)
      .then((r) => setState({ kind: 'ok', title: r.sessionTitle, already: r.alreadySignedIn }))
      .catch((e: unknown) => {
        const detail = e instanceof ApiError ? (e.details[0]?.message ?? e.message) : '';
        setState({ kind: 'error', message: detail || t('errors.unknown') });
      });
  }, [code, t]);

  return (
    <div style={{ padding: 16, maxWidth: 480, margin: '0 auto' }}>
      {state.kind === 'busy' && <Result icon={<Spin />} title={t('training.signingIn')} />}
      {state.kind === 'ok' && (
        <Result
          status="success"
          title={state.already ? t('training.alreadySignedIn') : t('training.signedIn')}
          subTitle={state.title}
          extra={
            <Link to="/training/me">
              <Button type="primary">{t('training.myRecord')}</Button>
            </Link>
          }
        />
      )}
      {state.kind === 'error' && (
        <Result status="error" title={t('training.signInFailed')} subTitle={state.message} />
      )}
    </div>
  );
}
