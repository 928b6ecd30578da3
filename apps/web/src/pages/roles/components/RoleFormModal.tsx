import { createRoleBody, type Role } from '@cwp/contracts';
import { Checkbox, Col, Form, Input, Modal, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PermissionEntry } from '../../../api/roles';
import { rolesApi } from '../../../api/roles';
import { useRequestError } from '../../../api/useRequestError';
import { zodRule } from '../../../components/rules';
import { useLocalized } from '../../../components/useLocalized';

interface FormValues {
  code: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
}

interface Props {
  permissions: PermissionEntry[];
  /** Absent when creating. */
  role?: Role;
  onClose(): void;
  onSaved(role: Role): void;
}

export function RoleFormModal({ permissions, role, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const onError = useRequestError();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);

  const onFinish = async (values: FormValues) => {
    setSaving(true);
    try {
      const saved = role
        ? await rolesApi.update(role.id, {
            version: role.version,
            nameZh: values.nameZh,
            nameEn: values.nameEn,
            permissions: values.permissions,
          })
        : await rolesApi.create({
            code: values.code.trim(),
            nameZh: values.nameZh,
            nameEn: values.nameEn,
            permissions: values.permissions,
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
      title={role ? t('roles.editTitle') : t('roles.createTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
      width={680}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={
          role
            ? {
                code: role.code,
                nameZh: role.nameZh,
                nameEn: role.nameEn,
                permissions: role.permissions,
              }
            : { permissions: [] }
        }
        onFinish={(values) => void onFinish(values)}
      >
        <Form.Item
          name="code"
          label={t('roles.code')}
          rules={role ? [] : [{ required: true }, zodRule(createRoleBody.shape.code)]}
        >
          <Input disabled={!!role} maxLength={32} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nameZh"
              label={t('roles.nameZh')}
              rules={[{ required: true, whitespace: true }, zodRule(createRoleBody.shape.nameZh)]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nameEn"
              label={t('roles.nameEn')}
              rules={[{ required: true, whitespace: true }, zodRule(createRoleBody.shape.nameEn)]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="permissions" label={t('roles.permissions')}>
          <Checkbox.Group style={{ width: '100%' }}>
            <Row gutter={[8, 8]}>
              {permissions.map((p) => (
                <Col xs={24} sm={12} key={p.code}>
                  <Checkbox value={p.code}>{localized(p.zh, p.en)}</Checkbox>
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
