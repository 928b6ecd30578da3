// Exports the roster under the current filter as .xlsx. The server streams the file; the button
// shows how much has arrived and can cancel.
import { DownloadOutlined, LoadingOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAbortError } from '../../../api/client';
import { useRequestError } from '../../../api/useRequestError';
import { workersApi, type RosterFilter } from '../api';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function ExportButton({ filter }: { filter: RosterFilter }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [received, setReceived] = useState<number | null>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const start = async () => {
    const ac = new AbortController();
    controller.current = ac;
    setReceived(0);
    try {
      const name = await workersApi.exportRoster(filter, setReceived, ac.signal);
      void message.success(t('workers.exportDone', { name }));
    } catch (err) {
      if (!isAbortError(err)) onError(err);
    } finally {
      controller.current = null;
      setReceived(null);
    }
  };

  if (received !== null) {
    return (
      <Tooltip title={t('workers.exportCancel')}>
        <Button
          icon={<LoadingOutlined />}
          data-testid="export-progress"
          onClick={() => controller.current?.abort()}
        >
          {received > 0
            ? t('workers.exportProgress', { size: formatBytes(received) })
            : t('workers.exporting')}
        </Button>
      </Tooltip>
    );
  }
  return (
    <Button icon={<DownloadOutlined />} onClick={() => void start()} data-testid="export-button">
      {t('workers.export')}
    </Button>
  );
}
