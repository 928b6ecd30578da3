// The printable dossier page, without the app's frame: a toolbar (hidden in print) and the A4
// registration form. `?reveal=idNumber,phone` (set by the detail page after an audited reveal)
// asks the server for the plain values again, which records this view too.
import { ArrowLeftOutlined, EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import type { WorkerDetail } from '@cwp/contracts';
import { Button, Popconfirm, Result, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { PageSpin } from '../../../components/PageSpin';
import { workersApi, type PiiField, type Revealed } from '../api';
import { useWorkerLabels } from '../components/labels';
import { PrintableDossier } from './PrintableDossier';
import './print.css';

const PII_FIELDS: readonly PiiField[] = ['idNumber', 'phone', 'family'];

function requestedFields(value: string | null): PiiField[] {
  const asked = new Set((value ?? '').split(','));
  return PII_FIELDS.filter((f) => asked.has(f));
}

interface ViewProps {
  load: () => Promise<WorkerDetail>;
  /** Where 返回 goes. */
  backTo: string;
  /** The roster may reveal and show the photo; a worker's own view shows what it has. */
  roster: boolean;
}

function PrintView({ load, backTo, roster }: ViewProps) {
  const { t } = useTranslation();
  const { user, can } = useAuth();
  const navigate = useNavigate();
  const onError = useRequestError();
  const labels = useWorkerLabels();
  const [params] = useSearchParams();
  const [worker, setWorker] = useState<WorkerDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [revealed, setRevealed] = useState<Revealed>({});
  const mayReveal = roster && can('worker:pii');
  const asked = params.get('reveal');

  useEffect(() => {
    let cancelled = false;
    load()
      .then(async (w) => {
        if (cancelled) return;
        setWorker(w);
        const fields = requestedFields(asked);
        if (mayReveal && fields.length > 0) {
          const plain = await workersApi.reveal(w.id, fields);
          if (!cancelled) setRevealed(plain);
        }
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [load, asked, mayReveal, onError]);

  useEffect(() => {
    if (!worker) return;
    const title = document.title;
    document.title = `${t('print.title')} - ${worker.name}`;
    return () => {
      document.title = title;
    };
  }, [worker, t]);

  if (missing) return <Result status="404" title={t('workers.notFound')} />;
  if (!worker) return <PageSpin />;

  const photo = roster
    ? worker.attachments.find((a) => a.kind === 'photo' && a.mimeType.startsWith('image/'))
    : undefined;
  const revealAll = async () => {
    try {
      setRevealed(await workersApi.reveal(worker.id, [...PII_FIELDS]));
    } catch (err) {
      onError(err);
    }
  };
  const anyRevealed = PII_FIELDS.some((f) => revealed[f]);

  return (
    <div className="cwp-print-page">
      <div className="cwp-print-toolbar" data-testid="print-toolbar">
        <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(backTo)}>
          {t('common.back')}
        </Button>
        <Space>
          {anyRevealed ? (
            <Typography.Text type="warning">{t('print.revealedNote')}</Typography.Text>
          ) : (
            mayReveal && (
              <Popconfirm
                title={t('print.revealConfirm')}
                description={t('workers.reveal.audited')}
                onConfirm={revealAll}
              >
                <Button icon={<EyeOutlined />}>{t('print.reveal')}</Button>
              </Popconfirm>
            )
          )}
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('workers.print')}
          </Button>
        </Space>
      </div>
      <PrintableDossier
        worker={worker}
        labels={labels}
        revealed={revealed}
        photoUrl={photo ? workersApi.attachmentUrl(worker.id, photo.id) : null}
        printedBy={user?.displayName ?? ''}
      />
    </div>
  );
}

export function WorkerPrintPage() {
  const { id } = useParams();
  const workerId = /^\d{1,10}$/.test(id ?? '') ? Number(id) : 0;
  const load = useCallback(() => workersApi.get(workerId), [workerId]);
  return <PrintView load={load} backTo={`/workers/${workerId}`} roster />;
}

export function MyDossierPrintPage() {
  return <PrintView load={workersApi.me} backTo="/me" roster={false} />;
}
