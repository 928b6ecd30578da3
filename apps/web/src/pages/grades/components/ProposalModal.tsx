// Excluding, including again or adjusting one worker's proposal; a reason is always required.
import type { GradeProposalView } from '@cwp/contracts';
import { Alert, Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { gradesApi } from '../api';

interface Values {
  adjustedGrade?: number | null;
  reason: string;
}

export function ProposalModal({
  reviewId,
  proposal,
  mode,
  onClose,
  onSaved,
}: {
  reviewId: number;
  proposal: GradeProposalView;
  mode: 'exclude' | 'include' | 'adjust';
  onClose(): void;
  onSaved(p: GradeProposalView): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const name = proposal.workerName;
  const title =
    mode === 'adjust'
      ? t('grades.adjustTitle', { name })
      : mode === 'exclude'
        ? t('grades.excludeTitle', { name })
        : t('grades.includeTitle', { name });

  const save = async (v: Values) => {
    setSaving(true);
    try {
      const body =
        mode === 'adjust'
          ? { version: proposal.version, adjustedGrade: v.adjustedGrade ?? null, reason: v.reason }
          : { version: proposal.version, excluded: mode === 'exclude', reason: v.reason };
      onSaved(await gradesApi.updateProposal(reviewId, proposal.workerId, body));
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okButtonProps={{ id: 'proposal-save' }}
    >
      <Alert type="info" showIcon message={proposal.reason} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ adjustedGrade: proposal.adjustedGrade, reason: proposal.hrReason ?? '' }}
        onFinish={(v) => void save(v)}
      >
        {mode === 'adjust' && (
          <Form.Item
            name="adjustedGrade"
            label={t('grades.adjustedGrade')}
            extra={t('grades.adjustedGradeHint')}
          >
            <InputNumber min={1} max={30} precision={0} />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('grades.reason')}
          rules={[{ required: true, whitespace: true, message: t('grades.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="proposal-reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
