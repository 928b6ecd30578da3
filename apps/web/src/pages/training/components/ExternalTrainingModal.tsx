// Entering an external training (外部培训) for a worker behind the rule: title, provider, dates,
// hours, ability and an evidence file (PDF/PNG/JPEG, sniffed and size-limited by the server). The
// file is uploaded first as the worker's attachment; the entry then references it and grants its
// hours through the ledger.
import { ABILITY_AREAS } from '@cwp/contracts';
import { UploadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Upload } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { trainingApi } from '../api';

interface Values {
  title: string;
  provider: string;
  startDate: Dayjs;
  endDate: Dayjs;
  hours: number;
  ability: string;
}

export function ExternalTrainingModal(props: {
  worker: { id: number; name: string } | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const worker = props.worker;
  const close = () => {
    setFile(null);
    props.onClose();
  };
  return (
    <Modal
      open={worker !== null}
      title={`${t('training.addExternal')} · ${worker?.name ?? ''}`}
      okText={t('training.save')}
      cancelText={t('training.cancel')}
      confirmLoading={busy}
      onCancel={close}
      destroyOnHidden
      onOk={() => {
        if (!worker) return;
        void form.validateFields().then(async (v) => {
          setBusy(true);
          try {
            const evidence = file ? await trainingApi.uploadEvidence(worker.id, file) : null;
            await trainingApi.addExternal({
              workerId: worker.id,
              title: v.title,
              provider: v.provider,
              startDate: v.startDate.format('YYYY-MM-DD'),
              endDate: v.endDate.format('YYYY-MM-DD'),
              hours: v.hours,
              ability: v.ability,
              evidenceAttachmentId: evidence?.id ?? null,
            });
            void message.success(t('training.saved'));
            props.onSaved();
            close();
          } catch (err) {
            onError(err, form);
          } finally {
            setBusy(false);
          }
        });
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="title" label={t('training.name')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="provider" label={t('training.provider')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="startDate" label={t('training.startsAt')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="endDate" label={t('training.endsAt')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="hours" label={t('training.hours')} rules={[{ required: true }]}>
          <InputNumber min={0.5} max={1000} step={0.5} />
        </Form.Item>
        <Form.Item name="ability" label={t('training.abilities')} rules={[{ required: true }]}>
          <Select
            options={ABILITY_AREAS.map((a) => ({ value: a, label: t(`training.ability.${a}`) }))}
          />
        </Form.Item>
        <Form.Item name="file" label={t('training.evidence')} extra={t('training.evidenceHelp')}>
          <Upload
            accept=".pdf,.png,.jpg,.jpeg"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />}>{t('training.evidence')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
