// New dossier: every field on one page. The body is checked with createWorkerBody before it is
// sent; the server's field errors (a duplicate ID number, a unit out of scope) land on the fields.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { applyFieldErrors } from '../../../api/form-errors';
import { useRequestError } from '../../../api/useRequestError';
import { workersApi } from '../api';
import { useWorkerLabels } from '../components/labels';
import { WorkerForm } from '../components/WorkerForm';
import { checkCreate, createBodyOf, type WorkerFormValues } from '../form-values';

const INITIAL: WorkerFormValues = { status: 'active', ethnicity: '01' };

export function NewWorkerPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const onError = useRequestError();
  const labels = useWorkerLabels();
  const [form] = Form.useForm<WorkerFormValues>();
  const [saving, setSaving] = useState(false);

  const onFinish = async (values: WorkerFormValues) => {
    const checked = checkCreate(createBodyOf(values));
    if (!checked.ok) {
      applyFieldErrors(form, checked.details);
      return;
    }
    setSaving(true);
    try {
      const created = await workersApi.create(checked.body);
      void message.success(t('workers.created', { name: created.name }));
      void navigate(`/workers/${created.id}`, { replace: true });
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card>
      <div className="cwp-page-header">
        <Space size={12} align="center">
          <Link to="/workers" className="cwp-back-link">
            <ArrowLeftOutlined /> {t('workers.backToRoster')}
          </Link>
          <Typography.Title level={4}>{t('workers.createTitle')}</Typography.Title>
        </Space>
        <Space>
          <Button onClick={() => void navigate('/workers')}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            onClick={() => form.submit()}
            data-testid="worker-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      </div>
      <div className="cwp-form-page">
        <WorkerForm
          form={form}
          labels={labels}
          initialValues={INITIAL}
          onFinish={(values) => void onFinish(values)}
        />
      </div>
    </Card>
  );
}
