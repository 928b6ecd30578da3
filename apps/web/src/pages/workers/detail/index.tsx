// One worker's dossier: identity, employment, work history, family (worker:pii), attachments and
// the change history, with edit, transfer and print. A saved change reloads the dossier, so the
// version the next edit sends is always the one on screen.
import { ArrowLeftOutlined, EditOutlined, PrinterOutlined, SwapOutlined } from '@ant-design/icons';
import { replaceWorkHistoryBody, type WorkerDetail } from '@cwp/contracts';
import { Alert, App, Button, Card, Result, Space, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { PageSpin } from '../../../components/PageSpin';
import { workersApi } from '../api';
import { AttachmentsTab } from '../components/AttachmentsTab';
import { BasicInfo, EmploymentInfo } from '../components/DossierInfo';
import { EditWorkerDrawer } from '../components/EditWorkerDrawer';
import { HistoryTimeline } from '../components/HistoryTimeline';
import { StatusTag, useWorkerLabels } from '../components/labels';
import { ListEditor } from '../components/ListEditor';
import { FamilyTab } from '../components/FamilyTab';
import { workHistoryColumns } from '../components/list-columns';
import { useReveal } from '../components/PiiText';
import { TransferModal } from '../components/TransferModal';
import { ContractsTab } from '../ContractsTab';
import { AssessmentTab } from '../AssessmentTab';
import { CareTab } from '../CareTab';
import { RewardsTab } from '../RewardsTab';
import { WorkerGradePanel } from '../../grades/WorkerGradePanel';
import { useSaveError } from '../components/useSaveError';

const TABS = [
  'basic',
  'employment',
  'workHistory',
  'family',
  'attachments',
  'history',
  'contracts',
  'grade',
  'assessments',
] as const;
type Tab = (typeof TABS)[number];

function isTab(v: string | null): v is Tab {
  return TABS.some((t) => t === v);
}

export function WorkerDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const workerId = /^\d{1,10}$/.test(id ?? '') ? Number(id) : undefined;
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useRequestError();
  const labels = useWorkerLabels();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: Tab = isTab(tabParam) ? tabParam : 'basic';
  const [worker, setWorker] = useState<WorkerDetail | null>(null);
  const [missing, setMissing] = useState(workerId === undefined);
  const [dialog, setDialog] = useState<'edit' | 'transfer' | null>(null);
  const [reloadCount, setReloadCount] = useState(0);
  const reveal = useReveal(workerId, worker?.version);

  const reload = useCallback(() => {
    setDialog(null);
    setReloadCount((n) => n + 1);
  }, []);
  const saveError = useSaveError(reload);

  useEffect(() => {
    if (workerId === undefined) return;
    let cancelled = false;
    workersApi
      .get(workerId)
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
  }, [workerId, reloadCount, onError]);

  if (missing) {
    return (
      <Result
        status="404"
        title={t('workers.notFound')}
        extra={
          <Button type="primary" onClick={() => void navigate('/workers')}>
            {t('workers.backToRoster')}
          </Button>
        }
      />
    );
  }
  if (!worker) return <PageSpin />;

  const canManage = can('worker:manage');
  const canPii = can('worker:pii');
  const exited = worker.status === 'exited';
  const saved = (w: WorkerDetail) => {
    setWorker(w);
    setDialog(null);
    void message.success(t('common.saved'));
  };
  const revealedFields = (['idNumber', 'phone', 'family'] as const).filter(
    (f) => reveal.revealed[f] !== undefined,
  );
  const printUrl =
    `/workers/${worker.id}/print` +
    (revealedFields.length > 0 ? `?reveal=${revealedFields.join(',')}` : '');

  const tabs = [
    {
      key: 'basic',
      label: t('workers.tabs.basic'),
      children: <BasicInfo worker={worker} labels={labels} reveal={reveal} />,
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
          // A new version (own save, or a reload after a conflict) ends any edit in progress.
          key={`work-history-${worker.version}`}
          testId="work-history"
          items={worker.workHistory}
          columns={workHistoryColumns(t)}
          editable={canManage}
          version={worker.version}
          dictionaries={labels.dictionaries}
          schema={replaceWorkHistoryBody}
          save={(body) => workersApi.replaceWorkHistory(worker.id, body)}
          onSaved={saved}
          onError={saveError}
          emptyText={t('workers.list.emptyWorkHistory')}
        />
      ),
    },
    {
      key: 'family',
      label: t('workers.tabs.family'),
      children: (
        <FamilyTab
          worker={worker}
          reveal={reveal}
          canManage={canManage}
          canPii={canPii}
          dictionaries={labels.dictionaries}
          onSaved={saved}
          onError={saveError}
        />
      ),
    },
    {
      key: 'attachments',
      label: t('workers.tabs.attachmentsCount', { count: worker.attachments.length }),
      children: (
        <AttachmentsTab worker={worker} canUpload={canManage} canDownload onUploaded={reload} />
      ),
    },
    {
      key: 'history',
      label: t('workers.tabs.history'),
      children: <HistoryTimeline workerId={worker.id} labels={labels} version={worker.version} />,
    },
    ...(can('contract:read')
      ? [
          {
            key: 'contracts',
            label: t('contracts.tab'),
            children: <ContractsTab workerId={worker.id} workerName={worker.name} />,
          },
        ]
      : []),
    ...(can('grade:read')
      ? [
          {
            key: 'grade',
            label: t('grades.gradeTab'),
            children: (
              <WorkerGradePanel workerId={worker.id} version={worker.version} onChanged={reload} />
            ),
          },
        ]
      : []),
    {
      key: 'rewards',
      label: t('management.rewards.tab'),
      children: <RewardsTab workerId={worker.id} readOnly={exited} />,
    },
    ...(can('assessment:read')
      ? [
          {
            key: 'assessments',
            label: t('assessments.title'),
            children: <AssessmentTab workerId={worker.id} />,
          },
        ]
      : []),
    ...(can('care:read')
      ? [
          {
            key: 'care',
            label: t('oversight.care.tab'),
            children: <CareTab workerId={worker.id} />,
          },
        ]
      : []),
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="cwp-page-header">
          <Space size={12} align="center" wrap>
            <Link to="/workers" className="cwp-back-link">
              <ArrowLeftOutlined /> {t('workers.backToRoster')}
            </Link>
            <Typography.Title level={4} data-testid="worker-name">
              {worker.name}
            </Typography.Title>
            <StatusTag status={worker.status} />
            <Tag>{labels.dict('category', worker.category)}</Tag>
          </Space>
          <Space wrap>
            {canManage && !exited && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => setDialog('edit')}
                data-testid="worker-edit"
              >
                {t('common.edit')}
              </Button>
            )}
            {canManage && (
              <Button
                icon={<SwapOutlined />}
                disabled={exited}
                title={exited ? t('workers.transfer.exited') : undefined}
                onClick={() => setDialog('transfer')}
              >
                {t('workers.transfer.button')}
              </Button>
            )}
            <Button icon={<PrinterOutlined />} onClick={() => void navigate(printUrl)}>
              {t('workers.print')}
            </Button>
          </Space>
        </div>
        <Typography.Text type="secondary">
          {worker.orgPathNames.join(' / ')} · {labels.dict('post', worker.post)} ·{' '}
          {labels.grade(worker.grade)} ·{' '}
          {t('workers.lastUpdated', {
            name: worker.updatedBy ?? t('common.none'),
            at: dayjs(worker.updatedAt).format('YYYY-MM-DD HH:mm'),
          })}
        </Typography.Text>
        {exited && (
          <Alert
            type="warning"
            showIcon
            data-testid="worker-read-only"
            message={t('management.exits.readOnly')}
          />
        )}
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'basic' ? {} : { tab: key }, { replace: true })}
          items={tabs}
          destroyOnHidden={false}
        />
      </Card>
      {dialog === 'edit' && (
        <EditWorkerDrawer
          key={worker.version}
          worker={worker}
          labels={labels}
          onClose={() => setDialog(null)}
          onSaved={saved}
          onError={saveError}
        />
      )}
      {dialog === 'transfer' && (
        <TransferModal
          worker={worker}
          onClose={() => setDialog(null)}
          onDone={(w) => {
            setWorker(w);
            setDialog(null);
            void message.success(t('workers.transfer.done', { unit: w.orgUnitName }));
          }}
          onError={saveError}
        />
      )}
    </Space>
  );
}
