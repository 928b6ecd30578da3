// A small modal that asks for an outcome and a note (review, medical/background, objections).
import { Form, Input, Modal, Radio } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export interface NoteResult {
  outcome: string;
  note: string;
}

export function NoteModal(props: {
  open: boolean;
  title: string;
  outcomes: { value: string; label: string }[];
  /** Outcomes for which the note is required. */
  noteRequiredFor: string[];
  noteLabel: string;
  onCancel: () => void;
  onOk: (r: NoteResult) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NoteResult>();
  const outcome = Form.useWatch('outcome', form);
  useEffect(() => {
    if (props.open) form.setFieldsValue({ outcome: props.outcomes[0]?.value ?? '', note: '' });
  }, [props.open, props.outcomes, form]);
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        await props.onOk({ outcome: v.outcome, note: v.note?.trim() ?? '' });
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="outcome" rules={[{ required: true }]}>
          <Radio.Group options={props.outcomes} data-testid="note-outcome" />
        </Form.Item>
        <Form.Item
          name="note"
          label={props.noteLabel}
          rules={[
            {
              required: props.noteRequiredFor.includes(outcome ?? ''),
              message: t('common.pleaseSelect', { label: props.noteLabel }),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} data-testid="note-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
