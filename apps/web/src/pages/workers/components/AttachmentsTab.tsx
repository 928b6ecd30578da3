// The dossier's attachments: list, download, and (worker:manage) upload of PDF, PNG or JPEG with
// a progress bar. The server decides the type from the file's content, not its name. Kinds and
// their labels come from the contracts; a personal document (ID card, contract, unclassified) is
// marked, and without worker:pii its download button is disabled (the server refuses it anyway,
// and audits every download).
import { DownloadOutlined, LockOutlined, UploadOutlined } from '@ant-design/icons';
import {
  ATTACHMENT_KINDS,
  attachmentKind,
  type AttachmentKind,
  type WorkerDetail,
} from '@cwp/contracts';
import {
  App,
  Button,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { useLocalized } from '../../../components/useLocalized';
import { workersApi } from '../api';
import { formatBytes } from './ExportButton';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';
const MAX_BYTES = 20 * 1024 * 1024;

/** As on the server: a stored kind outside the list counts as a personal document. */
function isPersonal(kind: string): boolean {
  const parsed = attachmentKind.safeParse(kind);
  return !parsed.success || ATTACHMENT_KINDS[parsed.data].personal;
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
  const localized = useLocalized();
  const canPii = useAuth().can('worker:pii');
  const [kind, setKind] = useState<AttachmentKind>('other');
  const [progress, setProgress] = useState<number | null>(null);
  const [fileName, setFileName] = useState('');

  const kindLabel = (k: string) => {
    const parsed = attachmentKind.safeParse(k);
    if (!parsed.success) return k;
    const label = ATTACHMENT_KINDS[parsed.data];
    return localized(label.zh, label.en);
  };
  const needsPii = localized('需要查看敏感信息权限', 'Requires the sensitive-data permission');

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
            <Select<AttachmentKind>
              value={kind}
              onChange={setKind}
              style={{ width: 180 }}
              data-testid="attachment-kind"
              options={attachmentKind.options.map((k) => ({ value: k, label: kindLabel(k) }))}
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
            width: 200,
            render: (k: string) => (
              <Space size={4}>
                {kindLabel(k)}
                {isPersonal(k) && (
                  <Tooltip
                    title={localized(
                      '个人敏感材料：下载需要查看敏感信息权限，并记入审计',
                      'Personal document: downloading needs the sensitive-data permission and is audited',
                    )}
                  >
                    <Tag icon={<LockOutlined />} color="orange" data-testid="attachment-personal">
                      {localized('敏感', 'Sensitive')}
                    </Tag>
                  </Tooltip>
                )}
              </Space>
            ),
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
                  render: (_: unknown, a: WorkerDetail['attachments'][number]) =>
                    isPersonal(a.kind) && !canPii ? (
                      <Tooltip title={needsPii}>
                        <Button type="link" size="small" icon={<DownloadOutlined />} disabled>
                          {t('workers.attachments.download')}
                        </Button>
                      </Tooltip>
                    ) : (
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
