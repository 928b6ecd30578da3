// Edits a dossier in a drawer: the whole body is checked with updateWorkerBody before it is sent
// with the version it was read at; field errors from either side land on the fields.
import type { WorkerDetail } from '@cwp/contracts';
import { Alert, Button, Drawer, Form, Space, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../../api/form-errors';
import { workersApi } from '../api';
import { checkUpdate, formValuesOf, updateBodyOf, type WorkerFormValues } from '../form-values';
import type { WorkerLabels } from './labels';
import { WorkerForm } from './WorkerForm';

interface Props {
  worker: WorkerDetail;
  labels: WorkerLabels;
  onClose(): void;
  onSaved(worker: WorkerDetail): void;
  onError(err: unknown, form: FormInstance<WorkerFormValues>): void;
}

export function EditWorkerDrawer({ worker, labels, onClose, onSaved, onError }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<WorkerFormValues>();
  const [saving, setSaving] = useState(false);

  const onFinish = async (values: WorkerFormValues) => {
    const checked = checkUpdate(updateBodyOf(values, worker));
    if (!checked.ok) {
      applyFieldErrors(form, checked.details);
      return;
    }
    setSaving(true);
    try {
      onSaved(await workersApi.update(worker.id, checked.body));
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      width={760}
      title={t('workers.editTitle', { name: worker.name })}
      onClose={onClose}
      destroyOnHidden
      maskClosable={false}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            onClick={() => form.submit()}
            data-testid="worker-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {worker.status === 'exited' && (
        <Alert
          type="warning"
          showIcon
          message={t('workers.form.exitedHint')}
          style={{ marginBottom: 16 }}
        />
      )}
      <WorkerForm
        form={form}
        labels={labels}
        worker={worker}
        columns={2}
        initialValues={formValuesOf(worker)}
        onFinish={(values) => void onFinish(values)}
      />
    </Drawer>
  );
}
