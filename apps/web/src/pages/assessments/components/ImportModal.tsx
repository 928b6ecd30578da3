// Importing results from the template: validate first, then import; any error is listed by row
// and column and nothing is written.
import type { AssessmentImportResult } from '@cwp/contracts';
import { UploadOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { assessmentsApi } from '../api';

export function ImportModal({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AssessmentImportResult | null>(null);

  const run = async (mode: 'validate' | 'commit') => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await assessmentsApi.import(file, mode);
      setResult(r);
      if (r.committed) onDone();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const counts = result
    ? { created: result.created, updated: result.updated, unchanged: result.unchanged }
    : null;

  return (
    <Modal
      open
      width={720}
      title={t('assessments.importTitle')}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={!file} loading={busy} onClick={() => void run('validate')}>
            {t('assessments.validate')}
          </Button>
          <Button
            type="primary"
            disabled={!file || result?.committed === true}
            loading={busy}
            onClick={() => void run('commit')}
            data-testid="assessment-import-commit"
          >
            {t('assessments.commit')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" showIcon message={t('assessments.importHint')} />
        <Space>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void assessmentsApi.template().catch(onError)}
          >
            {t('assessments.template')}
          </Button>
          <Upload
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setResult(null);
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setResult(null);
            }}
          >
            <Button icon={<UploadOutlined />}>{t('assessments.chooseFile')}</Button>
          </Upload>
        </Space>
        {result && result.errors.length > 0 && (
          <>
            <Alert
              type="error"
              showIcon
              message={t('assessments.importErrors', { count: result.errors.length })}
            />
            <Table
              size="small"
              rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
              dataSource={result.errors}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: t('assessments.row'), dataIndex: 'row', width: 70 },
                { title: t('assessments.column'), dataIndex: 'column', width: 110 },
                { title: t('assessments.message'), dataIndex: 'message' },
              ]}
            />
          </>
        )}
        {result && result.errors.length === 0 && counts && (
          <Alert
            type="success"
            showIcon
            data-testid="assessment-import-result"
            message={
              result.committed
                ? t('assessments.importDone', counts)
                : t('assessments.importValid', counts)
            }
          />
        )}
      </Space>
    </Modal>
  );
}
