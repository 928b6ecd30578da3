// Move a unit (and its whole subtree) under a new parent of the level above; optionally with a new
// division code, which must then start with the new parent's code.
import { moveOrgUnitBody, type OrgUnit } from '@cwp/contracts';
import { parentLevelOf } from '@cwp/core';
import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgUnitsApi } from '../../../api/org-units';
import { useRequestError } from '../../../api/useRequestError';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { zodRule } from '../../../components/rules';

interface FormValues {
  parentId: number;
  divisionCode?: string;
}

interface Props {
  unit: OrgUnit;
  onClose(): void;
  onMoved(unit: OrgUnit): void | Promise<void>;
}

export function MoveOrgUnitModal({ unit, onClose, onMoved }: Props) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const parentLevel = parentLevelOf(unit.level);

  const onFinish = async (values: FormValues) => {
    setSaving(true);
    try {
      const code = values.divisionCode?.trim();
      const moved = await orgUnitsApi.move(unit.id, {
        version: unit.version,
        parentId: values.parentId,
        ...(code ? { divisionCode: code } : {}),
      });
      await onMoved(moved);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={`${t('orgUnits.moveTitle')}：${unit.name}`}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
    >
      {parentLevel && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('orgUnits.moveTargetHint', { level: t(`level.${parentLevel}`) })}
        />
      )}
      <Form<FormValues> form={form} layout="vertical" onFinish={(values) => void onFinish(values)}>
        <Form.Item
          name="parentId"
          label={t('orgUnits.moveTarget')}
          rules={[
            {
              required: true,
              message: t('common.pleaseSelect', { label: t('orgUnits.moveTarget') }),
            },
          ]}
        >
          <OrgUnitTreeSelect {...(parentLevel ? { selectableLevel: parentLevel } : {})} />
        </Form.Item>
        <Form.Item
          name="divisionCode"
          label={t('orgUnits.newDivisionCode')}
          extra={t('orgUnits.newDivisionCodeHint')}
          rules={[zodRule(moveOrgUnitBody.shape.divisionCode)]}
        >
          <Input maxLength={12} inputMode="numeric" placeholder={unit.divisionCode} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
