// What a validation or a commit found: row counts, and each error with its row, column and
// reason; the full list is in the downloadable error report.
import { DownloadOutlined } from '@ant-design/icons';
import type { ImportError, WorkerImportResult } from '@cwp/contracts';
import { Alert, App, Button, Col, Row, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { workersApi } from '../api';

interface Props {
  jobId: number;
  result: WorkerImportResult;
}

export function ImportResultView({ jobId, result }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [downloading, setDownloading] = useState(false);

  const downloadReport = async () => {
    setDownloading(true);
    try {
      const name = await workersApi.downloadErrorReport(jobId);
      void message.success(t('workerImport.reportDownloaded', { name }));
    } catch (err) {
      onError(err);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="import-summary">
      <Row gutter={16}>
        <Col xs={8} md={6}>
          <Statistic
            title={t('workerImport.total')}
            value={result.total}
            data-testid="import-total"
          />
        </Col>
        <Col xs={8} md={6}>
          <Statistic
            title={t('workerImport.valid')}
            value={result.valid}
            valueStyle={{ color: '#389e0d' }}
            data-testid="import-valid"
          />
        </Col>
        <Col xs={8} md={6}>
          <Statistic
            title={t('workerImport.errors')}
            value={result.errorCount}
            valueStyle={{ color: result.errorCount > 0 ? '#cf1322' : undefined }}
            data-testid="import-errors"
          />
        </Col>
        {result.skippedExampleRows > 0 && (
          <Col xs={24} md={6}>
            <Statistic title={t('workerImport.skippedExample')} value={result.skippedExampleRows} />
          </Col>
        )}
      </Row>
      {result.errorCount > 0 && (
        <>
          <Alert
            type="error"
            showIcon
            message={t('workerImport.hasErrors', {
              count: result.errorCount,
              rows: result.invalid,
            })}
            description={
              result.errorsTruncated
                ? t('workerImport.truncated', { shown: result.errors.length })
                : t('workerImport.fixHint')
            }
            action={
              result.hasErrorReport && (
                <Button
                  icon={<DownloadOutlined />}
                  loading={downloading}
                  onClick={() => void downloadReport()}
                  data-testid="download-error-report"
                >
                  {t('workerImport.downloadReport')}
                </Button>
              )
            }
          />
          <Table<ImportError & { key: number }>
            size="small"
            bordered
            data-testid="import-error-table"
            dataSource={result.errors.map((e, i) => ({ ...e, key: i }))}
            pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { key: 'row', title: t('workerImport.row'), dataIndex: 'row', width: 90 },
              {
                key: 'column',
                title: t('workerImport.column'),
                dataIndex: 'column',
                width: 180,
                render: (v: string) => v || t('workerImport.wholeRow'),
              },
              { key: 'message', title: t('workerImport.reason'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Space>
  );
}
