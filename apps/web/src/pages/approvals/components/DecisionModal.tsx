// Asks for the comment of a decision: optional when approving or withdrawing, required (the
// reason) when returning, required when only commenting.
import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export type DecisionKind = 'approve' | 'return' | 'withdraw' | 'comment';

interface Props {
  kind: DecisionKind;
  onClose(): void;
  /** Resolves when done; a rejection keeps the dialog open (the caller shows the error). */
  onSubmit(comment: string | undefined): Promise<void>;
}

export function DecisionModal({ kind, onClose, onSubmit }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ comment?: string }>();
  const [saving, setSaving] = useState(false);
  const required = kind === 'return' || kind === 'comment';

  const finish = async (values: { comment?: string }) => {
    setSaving(true);
    try {
      await onSubmit(values.comment?.trim() || undefined);
    } catch {
      // The caller reported it; keep the dialog so the comment is not lost.
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t(`careerRules.approvals.dialog.${kind}`)}
      okText={t(`careerRules.approvals.actions.${kind}`)}
      okButtonProps={{ danger: kind === 'return' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void finish(v)}>
        <Form.Item
          name="comment"
          label={
            kind === 'return'
              ? t('careerRules.approvals.returnReason')
              : t('careerRules.approvals.comment')
          }
          rules={
            required
              ? [
                  {
                    required: true,
                    whitespace: true,
                    message:
                      kind === 'return'
                        ? t('careerRules.approvals.returnReasonRequired')
                        : t('careerRules.approvals.commentRequired'),
                  },
                ]
              : []
          }
        >
          <Input.TextArea
            rows={4}
            maxLength={1000}
            showCount
            data-testid="decision-comment"
            placeholder={required ? undefined : t('careerRules.approvals.commentOptional')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
