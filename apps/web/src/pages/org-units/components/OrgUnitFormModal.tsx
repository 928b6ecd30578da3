// Create a sub-unit (its level is fixed: the next level down) or edit a unit's name, code and
// population figures. Edits send the version read, so a concurrent change answers 409.
import { createOrgUnitBody, type OrgUnit } from '@cwp/contracts';
import { validateDivisionCode, type OrgLevel } from '@cwp/core';
import { Form, Input, InputNumber, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgUnitsApi } from '../../../api/org-units';
import { useRequestError } from '../../../api/useRequestError';
import { zodRule } from '../../../components/rules';

const CODE_DIGITS: Record<OrgLevel, number> = {
  province: 6,
  city: 6,
  district: 6,
  subdistrict: 9,
  community: 12,
};

interface FormValues {
  name: string;
  divisionCode: string;
  residentPopulation?: number | null;
  households?: number | null;
}

type Props = {
  level: OrgLevel;
  onClose(): void;
  onSaved(unit: OrgUnit): void | Promise<void>;
} & ({ mode: 'create'; parent: OrgUnit } | { mode: 'edit'; unit: OrgUnit; parent?: OrgUnit });

export function OrgUnitFormModal(props: Props) {
  const { level, onClose, onSaved } = props;
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const parent = props.parent;
  const editing = props.mode === 'edit' ? props.unit : null;

  const onFinish = async (values: FormValues) => {
    setSaving(true);
    try {
      const fields = {
        name: values.name,
        divisionCode: values.divisionCode.trim(),
        residentPopulation: values.residentPopulation ?? null,
        households: values.households ?? null,
      };
      const saved = editing
        ? await orgUnitsApi.update(editing.id, { version: editing.version, ...fields })
        : await orgUnitsApi.create({ parentId: parent?.id ?? null, level, ...fields });
      await onSaved(saved);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={
        editing
          ? t('orgUnits.editTitle')
          : t('orgUnits.createTitle', { level: t(`level.${level}`) })
      }
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
          editing
            ? {
                name: editing.name,
                divisionCode: editing.divisionCode,
                residentPopulation: editing.residentPopulation,
                households: editing.households,
              }
            : {}
        }
        onFinish={(values) => void onFinish(values)}
      >
        {parent && (
          <Form.Item label={t('orgUnits.parent')}>
            <Input value={parent.name} disabled />
          </Form.Item>
        )}
        <Form.Item label={t('orgUnits.level')}>
          <Input value={t(`level.${level}`)} disabled />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('orgUnits.name')}
          rules={[{ required: true, whitespace: true }, zodRule(createOrgUnitBody.shape.name)]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label={t('orgUnits.divisionCode')}
          extra={
            parent
              ? t('orgUnits.divisionCodeHint', {
                  digits: CODE_DIGITS[level],
                  parent: parent.divisionCode,
                })
              : undefined
          }
          rules={[
            { required: true, whitespace: true },
            {
              validator: async (_rule, value: unknown) => {
                if (typeof value !== 'string' || !value.trim()) return;
                const res = validateDivisionCode(
                  level,
                  value.trim(),
                  parent ? { level: parent.level, divisionCode: parent.divisionCode } : null,
                );
                if (!res.ok) throw new Error(res.message);
              },
            },
          ]}
        >
          <Input maxLength={12} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="residentPopulation" label={t('orgUnits.population')}>
          <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="households" label={t('orgUnits.households')}>
          <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
