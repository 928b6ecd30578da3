// /training/sessions/:id/qr: the organiser's full-screen sign-in code. The server issues a new code
// every minute; the screen refetches a few seconds after the current one stops being shown.
import type { SessionView } from '@cwp/contracts';
import { Button, Typography } from 'antd';
import qrcode from 'qrcode-generator';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { trainingApi } from './api';

function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(10, 2);
}

export function TrainingQrPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const sessionId = Number(id);
  const navigate = useNavigate();
  const onError = useRequestError();
  const [session, setSession] = useState<SessionView | null>(null);
  const [code, setCode] = useState<{ url: string; expiresAt: string; code: string } | null>(null);

  useEffect(() => {
    trainingApi.session(sessionId).then(setSession).catch(onError);
  }, [sessionId, onError]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const tick = () => {
      trainingApi
        .code(sessionId)
        .then((c) => {
          if (cancelled) return;
          setCode(c);
          const wait = Math.max(1000, Date.parse(c.expiresAt) - Date.now() + 500);
          timer = setTimeout(tick, wait);
        })
        .catch((e: unknown) => {
          onError(e);
          timer = setTimeout(tick, 10_000);
        });
    };
    tick();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [sessionId, onError]);

  const img = useMemo(
    () => (code ? qrDataUrl(`${window.location.origin}${code.url}`) : null),
    [code],
  );

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#fff',
        gap: 16,
      }}
    >
      <Typography.Title level={2}>{session?.title ?? ''}</Typography.Title>
      <Typography.Title level={4}>{t('training.qrTitle')}</Typography.Title>
      {img && code && (
        <img
          src={img}
          alt={t('training.qrTitle')}
          data-testid="sign-in-qr"
          data-url={code.url}
          style={{
            width: 'min(70vh, 80vw)',
            height: 'min(70vh, 80vw)',
            imageRendering: 'pixelated',
          }}
        />
      )}
      <Typography.Text type="secondary">{t('training.qrHint')}</Typography.Text>
      {code && (
        <Typography.Text>
          {t('training.qrExpires', { time: new Date(code.expiresAt).toLocaleTimeString() })}
        </Typography.Text>
      )}
      <Button onClick={() => void navigate(`/training/sessions/${sessionId}`)}>
        {t('training.exitFullscreen')}
      </Button>
    </div>
  );
}
