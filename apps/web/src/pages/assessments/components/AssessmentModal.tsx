// Entering one annual result (for a worker chosen by number, or the dossier's worker) or editing
// one: year, rating and note. Field errors from the server land on the fields.
import type { AssessmentView } from '@cwp/contracts';
import { ASSESSMENT_RATINGS } from '@cwp/core';
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { assessmentsApi } from '../api';

interface Values {
  workerId?: number;
  year: number;
  rating: AssessmentView['rating'];
  note?: string;
}

export function AssessmentModal({
  workerId,
  editing,
  onClose,
  onSaved,
}: {
  /** Fixed worker (dossier tab); otherwise the form asks for the worker no. */
  workerId?: number | undefined;
  editing?: AssessmentView | null | undefined;
  onClose(): void;
  onSaved(a: AssessmentView): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);

  const save = async (v: Values) => {
    setSaving(true);
    try {
      const note = v.note?.trim() ? v.note.trim() : null;
      const saved = editing
        ? await assessmentsApi.update(editing.id, {
            version: editing.version,
            rating: v.rating,
            note,
          })
        : await assessmentsApi.create({
            workerId: workerId ?? v.workerId ?? 0,
            year: v.year,
            rating: v.rating,
            note,
          });
      onSaved(saved);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={editing ? t('assessments.editTitle') : t('assessments.addTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ id: 'assessment-save' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={
          editing
            ? { year: editing.year, rating: editing.rating, note: editing.note ?? undefined }
            : { year: new Date().getFullYear() - 1 }
        }
      >
        {workerId === undefined && !editing && (
          <Form.Item
            name="workerId"
            label={t('assessments.workerId')}
            rules={[{ required: true, message: t('assessments.workerIdRequired') }]}
          >
            <InputNumber
              min={1}
              precision={0}
              style={{ width: '100%' }}
              data-testid="assessment-worker"
            />
          </Form.Item>
        )}
        <Form.Item name="year" label={t('assessments.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} disabled={Boolean(editing)} />
        </Form.Item>
        <Form.Item name="rating" label={t('assessments.rating')} rules={[{ required: true }]}>
          <Select
            data-testid="assessment-rating"
            options={ASSESSMENT_RATINGS.map((r) => ({
              value: r,
              label: t(`assessments.ratings.${r}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('assessments.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
