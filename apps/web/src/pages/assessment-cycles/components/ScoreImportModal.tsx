// Importing raters' scores from the cycle's template: validate, then import; errors by row and
// column, nothing written on any error.
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { cyclesApi } from '../api';

type Result = Awaited<ReturnType<typeof cyclesApi.importScores>>;

export function ScoreImportModal({
  cycleId,
  onClose,
  onDone,
}: {
  cycleId: number;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const run = async (mode: 'validate' | 'commit') => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await cyclesApi.importScores(cycleId, file, mode);
      setResult(r);
      if (r.committed) onDone();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={720}
      title={t('assessmentCycles.importScores')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            disabled={!file || result?.committed === true}
            loading={busy}
            onClick={() => void run('commit')}
            data-testid="score-import-commit"
          >
            {t('assessmentCycles.importScores')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void cyclesApi.template(cycleId).catch(onError)}
        >
          {t('assessmentCycles.template')}
        </Button>
        <Upload
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setResult(null);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button icon={<UploadOutlined />} data-testid="score-import-file">
            {t('assessmentCycles.importScores')}
          </Button>
        </Upload>
        {result?.committed && (
          <Alert
            type="success"
            showIcon
            message={t('assessmentCycles.importDone', { count: result.total })}
            data-testid="score-import-done"
          />
        )}
        {result && result.errors.length > 0 && (
          <>
            <Alert
              type="error"
              showIcon
              message={t('assessmentCycles.importErrors', { count: result.errors.length })}
            />
            <Table
              size="small"
              rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
              dataSource={result.errors}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: '#', dataIndex: 'row', width: 70 },
                { title: t('assessmentCycles.reason'), dataIndex: 'column', width: 120 },
                { title: '', dataIndex: 'message' },
              ]}
            />
          </>
        )}
      </Space>
    </Modal>
  );
}
