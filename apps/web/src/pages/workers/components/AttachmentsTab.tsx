// The dossier's attachments: list, download, and (worker:manage) upload of PDF, PNG or JPEG with
// a progress bar. The server decides the type from the file's content, not its name.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { WorkerDetail } from '@cwp/contracts';
import { App, Button, Progress, Select, Space, Table, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { workersApi } from '../api';
import { formatBytes } from './ExportButton';

export const ATTACHMENT_KINDS = [
  'photo',
  'id_card',
  'diploma',
  'certificate',
  'contract',
  'other',
] as const;
type Kind = (typeof ATTACHMENT_KINDS)[number];

const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const MAX_BYTES = 20 * 1024 * 1024;

function isKind(v: string): v is Kind {
  return ATTACHMENT_KINDS.some((k) => k === v);
}

interface Props {
  worker: WorkerDetail;
  canUpload: boolean;
  /** Downloads go through the roster permission; the worker's own view lists only. */
  canDownload: boolean;
  onUploaded(): void;
}

export function AttachmentsTab({ worker, canUpload, canDownload, onUploaded }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [kind, setKind] = useState<Kind>('other');
  const [progress, setProgress] = useState<number | null>(null);
  const [fileName, setFileName] = useState('');

  const kindLabel = (k: string) => (isKind(k) ? t(`workers.attachments.kinds.${k}`) : k);

  const uploadFile = async (file: File) => {
    if (file.size > MAX_BYTES) {
      void message.error(t('workers.attachments.tooLarge', { size: formatBytes(MAX_BYTES) }));
      return;
    }
    setFileName(file.name);
    setProgress(0);
    try {
      await workersApi.uploadAttachment(worker.id, file, kind, setProgress);
      void message.success(t('workers.attachments.uploaded', { name: file.name }));
      onUploaded();
    } catch (err) {
      onError(err);
    } finally {
      setProgress(null);
    }
  };

  const download = async (attachmentId: number, name: string) => {
    try {
      await workersApi.downloadAttachment(worker.id, attachmentId, name);
    } catch (err) {
      onError(err);
    }
  };

  return (
    <div data-testid="attachments-tab">
      {canUpload && (
        <div className="cwp-tab-actions">
          <Space wrap>
            <span>{t('workers.attachments.kind')}</span>
            <Select<Kind>
              value={kind}
              onChange={setKind}
              style={{ width: 160 }}
              options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            />
            <Upload
              accept={ACCEPT}
              showUploadList={false}
              disabled={progress !== null}
              beforeUpload={(file) => {
                void uploadFile(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={progress !== null}>
                {t('workers.attachments.upload')}
              </Button>
            </Upload>
            <Typography.Text type="secondary">{t('workers.attachments.hint')}</Typography.Text>
          </Space>
          {progress !== null && (
            <div className="cwp-upload-progress">
              <Typography.Text>{fileName}</Typography.Text>
              <Progress percent={progress} size="small" status="active" />
            </div>
          )}
        </div>
      )}
      <Table
        rowKey="id"
        size="small"
        bordered
        pagination={false}
        dataSource={worker.attachments}
        locale={{ emptyText: t('workers.attachments.empty') }}
        columns={[
          { key: 'fileName', title: t('workers.attachments.fileName'), dataIndex: 'fileName' },
          {
            key: 'kind',
            title: t('workers.attachments.kind'),
            dataIndex: 'kind',
            width: 140,
            render: (k: string) => kindLabel(k),
          },
          {
            key: 'size',
            title: t('workers.attachments.size'),
            dataIndex: 'size',
            width: 110,
            align: 'right',
            render: (n: number) => formatBytes(n),
          },
          {
            key: 'createdAt',
            title: t('workers.attachments.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
          ...(canDownload
            ? [
                {
                  key: 'download',
                  title: t('common.actions'),
                  width: 100,
                  render: (_: unknown, a: WorkerDetail['attachments'][number]) => (
                    <Button
                      type="link"
                      size="small"
                      icon={<DownloadOutlined />}
                      onClick={() => void download(a.id, a.fileName)}
                    >
                      {t('workers.attachments.download')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
