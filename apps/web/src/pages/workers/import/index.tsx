// Import wizard: 1 pick the filled-in template and what to do with people already registered;
// 2 validate (a background job; nothing is written) and read the errors; 3 import for real,
// allowed only once a validation found no error. A commit with any error writes nothing.
import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  FileExcelOutlined,
  InboxOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Progress,
  Radio,
  Result,
  Space,
  Steps,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useRequestError } from '../../../api/useRequestError';
import { workersApi } from '../api';
import { formatBytes } from '../components/ExportButton';
import { ImportResultView } from './ImportResultView';
import { useImportJob, type JobState, type OnExisting } from './useImportJob';

const MAX_BYTES = 50 * 1024 * 1024;

function Running({
  state,
  uploadText,
  runText,
}: {
  state: JobState;
  uploadText: string;
  runText: string;
}) {
  const { t } = useTranslation();
  if (state.phase === 'uploading') {
    return (
      <div className="cwp-import-progress" data-testid="import-progress">
        <Typography.Text>{uploadText}</Typography.Text>
        <Progress percent={state.percent} status="active" />
      </div>
    );
  }
  if (state.phase === 'running') {
    return (
      <div className="cwp-import-progress" data-testid="import-progress">
        <Typography.Text>{state.queued ? t('workerImport.queued') : runText}</Typography.Text>
        <Progress percent={state.progress} status="active" />
      </div>
    );
  }
  return null;
}

export function WorkerImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useRequestError();
  const [file, setFile] = useState<File | null>(null);
  const [onExisting, setOnExisting] = useState<OnExisting>('error');
  const [step, setStep] = useState(0);
  const [templateBusy, setTemplateBusy] = useState(false);
  const validation = useImportJob();
  const commit = useImportJob();

  const v = validation.state;
  const c = commit.state;
  const validated = v.phase === 'done' ? v.result : null;
  const canCommit =
    validated !== null && validated.errorCount === 0 && validated.valid > 0 && file !== null;

  const downloadTemplate = async () => {
    setTemplateBusy(true);
    try {
      await workersApi.downloadTemplate();
      void message.success(t('workers.templateDownloaded'));
    } catch (err) {
      onError(err);
    } finally {
      setTemplateBusy(false);
    }
  };

  const pickAgain = () => {
    validation.reset();
    commit.reset();
    setFile(null);
    setStep(0);
  };

  const startValidation = () => {
    if (!file) return;
    commit.reset();
    setStep(1);
    void validation.start(file, 'validate', onExisting);
  };

  const startCommit = () => {
    if (!file || !canCommit) return;
    setStep(2);
    void commit.start(file, 'commit', onExisting);
  };

  const chooseStep = (
    <Space direction="vertical" size={20} style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        message={t('workerImport.intro')}
        description={t('workerImport.introDetail')}
      />
      <div>
        <Button
          icon={<FileExcelOutlined />}
          loading={templateBusy}
          onClick={() => void downloadTemplate()}
        >
          {t('workers.downloadTemplate')}
        </Button>
      </div>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        beforeUpload={(picked) => {
          if (!picked.name.toLowerCase().endsWith('.xlsx')) {
            void message.error(t('workerImport.onlyXlsx'));
          } else if (picked.size > MAX_BYTES) {
            void message.error(t('workerImport.tooLarge'));
          } else {
            setFile(picked);
          }
          return false;
        }}
        data-testid="import-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('workerImport.drop')}</p>
        <p className="ant-upload-hint">{t('workerImport.dropHint')}</p>
      </Upload.Dragger>
      {file && (
        <Typography.Text data-testid="import-file-name">
          <FileExcelOutlined style={{ color: '#389e0d' }} /> {file.name}（{formatBytes(file.size)}）
        </Typography.Text>
      )}
      <Form layout="vertical">
        <Form.Item
          label={t('workerImport.onExisting')}
          extra={t(`workerImport.onExistingHint.${onExisting}`)}
        >
          <Radio.Group
            value={onExisting}
            onChange={(e) => setOnExisting(e.target.value === 'update' ? 'update' : 'error')}
          >
            <Radio value="error">{t('workerImport.onExistingError')}</Radio>
            <Radio value="update">{t('workerImport.onExistingUpdate')}</Radio>
          </Radio.Group>
        </Form.Item>
      </Form>
      <Button
        type="primary"
        size="large"
        disabled={!file}
        onClick={startValidation}
        data-testid="start-validate"
      >
        {t('workerImport.validate')}
      </Button>
    </Space>
  );

  const validateStep = (
    <Space direction="vertical" size={20} style={{ width: '100%' }}>
      <Running
        state={v}
        uploadText={t('workerImport.uploading')}
        runText={t('workerImport.validating')}
      />
      {v.phase === 'failed' && (
        <Alert
          type="error"
          showIcon
          message={t('workerImport.failed')}
          description={v.message}
          data-testid="import-failed"
        />
      )}
      {v.phase === 'done' && (
        <>
          {v.result.errorCount === 0 && (
            <Alert
              type="success"
              showIcon
              message={t('workerImport.validOk', { count: v.result.valid })}
              data-testid="validate-ok"
            />
          )}
          <ImportResultView jobId={v.jobId} result={v.result} />
        </>
      )}
      {(v.phase === 'done' || v.phase === 'failed') && (
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={pickAgain} data-testid="pick-again">
            {t('workerImport.pickAgain')}
          </Button>
          <Button
            type="primary"
            disabled={!canCommit}
            onClick={startCommit}
            data-testid="start-commit"
          >
            {t('workerImport.commit')}
          </Button>
          {!canCommit && v.phase === 'done' && (
            <Typography.Text type="secondary">{t('workerImport.commitBlocked')}</Typography.Text>
          )}
        </Space>
      )}
    </Space>
  );

  const commitStep = (
    <Space direction="vertical" size={20} style={{ width: '100%' }}>
      <Running
        state={c}
        uploadText={t('workerImport.uploading')}
        runText={t('workerImport.committing')}
      />
      {c.phase === 'failed' && (
        <Alert
          type="error"
          showIcon
          message={t('workerImport.failed')}
          description={c.message}
          data-testid="import-failed"
        />
      )}
      {c.phase === 'done' && c.result.committed && (
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t('workerImport.doneTitle')}
          subTitle={
            <span data-testid="import-done">
              {t('workerImport.doneSummary', {
                created: c.result.created,
                updated: c.result.updated,
                unchanged: c.result.unchanged,
              })}
            </span>
          }
          extra={[
            <Button
              type="primary"
              key="roster"
              onClick={() => void navigate('/workers')}
              data-testid="back-to-roster"
            >
              {t('workerImport.toRoster')}
            </Button>,
            <Button key="again" onClick={pickAgain}>
              {t('workerImport.importAnother')}
            </Button>,
          ]}
        />
      )}
      {c.phase === 'done' && !c.result.committed && (
        <>
          <Alert type="error" showIcon message={t('workerImport.notCommitted')} />
          <ImportResultView jobId={c.jobId} result={c.result} />
        </>
      )}
      {(c.phase === 'failed' || (c.phase === 'done' && !c.result.committed)) && (
        <Button icon={<ReloadOutlined />} onClick={pickAgain}>
          {t('workerImport.pickAgain')}
        </Button>
      )}
    </Space>
  );

  return (
    <Card>
      <div className="cwp-page-header">
        <Space size={12} align="center">
          <Link to="/workers" className="cwp-back-link">
            <ArrowLeftOutlined /> {t('workers.backToRoster')}
          </Link>
          <Typography.Title level={4}>{t('workerImport.title')}</Typography.Title>
        </Space>
      </div>
      <Steps
        current={step}
        className="cwp-import-steps"
        items={[
          { title: t('workerImport.steps.choose') },
          { title: t('workerImport.steps.validate') },
          { title: t('workerImport.steps.commit') },
        ]}
      />
      <div className="cwp-import-body">
        {step === 0 && chooseStep}
        {step === 1 && validateStep}
        {step === 2 && commitStep}
      </div>
    </Card>
  );
}
