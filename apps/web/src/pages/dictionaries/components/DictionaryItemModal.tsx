import { createDictionaryItemBody, type DictionaryItem } from '@cwp/contracts';
import { Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { zodRule } from '../../../components/rules';
import { dictionariesApi } from '../api';

interface FormValues {
  code: string;
  labelZh: string;
  labelEn: string;
  sort?: number | null;
}

interface Props {
  dictionaryCode: string;
  /** Absent when adding. */
  item?: DictionaryItem;
  onClose(): void;
  onSaved(item: DictionaryItem): void;
}

export function DictionaryItemModal({ dictionaryCode, item, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);

  const onFinish = async (values: FormValues) => {
    setSaving(true);
    try {
      const sort = values.sort ?? undefined;
      const saved = item
        ? await dictionariesApi.updateItem(dictionaryCode, item.id, {
            version: item.version,
            labelZh: values.labelZh,
            labelEn: values.labelEn,
            ...(sort === undefined ? {} : { sort }),
          })
        : await dictionariesApi.addItem(dictionaryCode, {
            code: values.code.trim(),
            labelZh: values.labelZh,
            labelEn: values.labelEn,
            ...(sort === undefined ? {} : { sort }),
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
      title={item ? t('dictionaries.editTitle') : t('dictionaries.addTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={
          item
            ? { code: item.code, labelZh: item.labelZh, labelEn: item.labelEn, sort: item.sort }
            : {}
        }
        onFinish={(values) => void onFinish(values)}
      >
        <Form.Item
          name="code"
          label={t('dictionaries.code')}
          rules={item ? [] : [{ required: true }, zodRule(createDictionaryItemBody.shape.code)]}
        >
          <Input disabled={!!item} maxLength={32} />
        </Form.Item>
        <Form.Item
          name="labelZh"
          label={t('dictionaries.labelZh')}
          rules={[
            { required: true, whitespace: true },
            zodRule(createDictionaryItemBody.shape.labelZh),
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="labelEn"
          label={t('dictionaries.labelEn')}
          rules={[
            { required: true, whitespace: true },
            zodRule(createDictionaryItemBody.shape.labelEn),
          ]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="sort" label={t('dictionaries.sort')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
