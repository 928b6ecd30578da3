// A masked ID number or phone with, for worker:pii, a 查看 button: the server decrypts it and
// records the view in the audit trail. The plain value lives in this page's memory only.
import { EyeOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { workersApi, type PiiField, type Revealed } from '../api';

export interface Reveal {
  revealed: Revealed;
  busy: PiiField | null;
  reveal(field: PiiField): Promise<void>;
}

export function useReveal(workerId: number | undefined, version?: number): Reveal {
  const onError = useRequestError();
  const [revealed, setRevealed] = useState<Revealed>({});
  const [busy, setBusy] = useState<PiiField | null>(null);

  // Another dossier, or the same one after an edit: nothing stays revealed (it may be stale).
  useEffect(() => setRevealed({}), [workerId, version]);

  const reveal = useCallback(
    async (field: PiiField) => {
      if (workerId === undefined) return;
      setBusy(field);
      try {
        const res = await workersApi.reveal(workerId, [field]);
        setRevealed((r) => ({ ...r, ...res }));
      } catch (err) {
        onError(err);
      } finally {
        setBusy(null);
      }
    },
    [workerId, onError],
  );
  return { revealed, busy, reveal };
}

interface Props {
  field: Exclude<PiiField, 'family'>;
  masked: string;
  /** Absent where nothing may be revealed (the worker's own dossier). */
  reveal?: Reveal;
}

export function PiiText({ field, masked, reveal }: Props) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const plain = reveal?.revealed[field];
  const label = t(`workers.field.${field}`);
  if (plain) {
    return (
      <Space size={6}>
        <span className="cwp-mono" data-testid={`pii-${field}`}>
          {plain}
        </span>
        <Tooltip title={t('workers.reveal.audited')}>
          <Typography.Text type="warning" style={{ fontSize: 12 }}>
            {t('workers.reveal.shown')}
          </Typography.Text>
        </Tooltip>
      </Space>
    );
  }
  return (
    <Space size={6}>
      <span className="cwp-mono" data-testid={`pii-${field}`}>
        {masked}
      </span>
      {reveal && can('worker:pii') && (
        <Popconfirm
          title={t('workers.reveal.confirm', { field: label })}
          description={t('workers.reveal.audited')}
          okText={t('workers.reveal.button')}
          onConfirm={() => reveal.reveal(field)}
        >
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            loading={reveal.busy === field}
            data-testid={`reveal-${field}`}
          >
            {t('workers.reveal.button')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}
