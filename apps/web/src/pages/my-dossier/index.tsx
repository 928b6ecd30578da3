// 我的档案: a worker's own dossier (GET /api/workers/me), read-only. Personal data stays masked
// here too; changes go through the HR officer.
import { PrinterOutlined, WalletOutlined } from '@ant-design/icons';
import type { WorkerDetail } from '@cwp/contracts';
import { Alert, Button, Card, Result, Space, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { workersApi } from '../workers/api';
import { AttachmentsTab } from '../workers/components/AttachmentsTab';
import { BasicInfo, EmploymentInfo } from '../workers/components/DossierInfo';
import { StatusTag, useWorkerLabels } from '../workers/components/labels';
import { ListEditor } from '../workers/components/ListEditor';
import { familyColumns, workHistoryColumns } from '../workers/components/list-columns';
import { replaceFamilyBody, replaceWorkHistoryBody } from '@cwp/contracts';
import { MyCareSection } from '../care/MyCareSection';

export function MyDossierPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const onError = useRequestError();
  const labels = useWorkerLabels();
  const [worker, setWorker] = useState<WorkerDetail | null>(null);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    let cancelled = false;
    workersApi
      .me()
      .then((w) => {
        if (!cancelled) setWorker(w);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [onError]);

  if (missing) {
    return (
      <Result
        status="info"
        title={t('myDossier.notLinked')}
        subTitle={t('myDossier.notLinkedHint')}
      />
    );
  }
  if (!worker) return <PageSpin />;

  // Read-only lists: the editor's save path is never offered.
  const readOnly = {
    editable: false,
    version: worker.version,
    dictionaries: labels.dictionaries,
    save: () => Promise.reject(new Error('read-only')),
    onSaved: () => undefined,
    onError,
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="my-dossier">
      <Card>
        <div className="cwp-page-header">
          <Space size={12} align="center" wrap>
            <Typography.Title level={4}>{t('myDossier.title')}</Typography.Title>
            <Typography.Text strong style={{ fontSize: 16 }} data-testid="worker-name">
              {worker.name}
            </Typography.Text>
            <StatusTag status={worker.status} />
            <Tag>{labels.dict('category', worker.category)}</Tag>
          </Space>
          <Space>
            <Button
              icon={<WalletOutlined />}
              onClick={() => void navigate('/me/pay-slips')}
              data-testid="my-pay-slips-link"
            >
              {t('payroll.mySlips')}
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => void navigate('/me/print')}>
              {t('workers.print')}
            </Button>
          </Space>
        </div>
        <Typography.Text type="secondary">{worker.orgPathNames.join(' / ')}</Typography.Text>
        <Alert
          type="info"
          showIcon
          message={t('myDossier.readOnlyHint')}
          style={{ marginTop: 12 }}
        />
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'basic',
              label: t('workers.tabs.basic'),
              children: <BasicInfo worker={worker} labels={labels} />,
            },
            {
              key: 'employment',
              label: t('workers.tabs.employment'),
              children: <EmploymentInfo worker={worker} labels={labels} />,
            },
            {
              key: 'workHistory',
              label: t('workers.tabs.workHistory'),
              children: (
                <ListEditor
                  {...readOnly}
                  testId="work-history"
                  items={worker.workHistory}
                  columns={workHistoryColumns(t)}
                  schema={replaceWorkHistoryBody}
                  emptyText={t('workers.list.emptyWorkHistory')}
                />
              ),
            },
            {
              key: 'family',
              label: t('workers.tabs.family'),
              children: (
                <ListEditor
                  {...readOnly}
                  testId="family"
                  items={worker.family}
                  columns={familyColumns(t)}
                  schema={replaceFamilyBody}
                  emptyText={t('workers.list.emptyFamily')}
                />
              ),
            },
            {
              key: 'care',
              label: t('oversight.care.myTab'),
              children: <MyCareSection />,
            },
            {
              key: 'attachments',
              label: t('workers.tabs.attachmentsCount', { count: worker.attachments.length }),
              children: (
                <AttachmentsTab
                  worker={worker}
                  canUpload={false}
                  canDownload={false}
                  onUploaded={() => undefined}
                />
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
