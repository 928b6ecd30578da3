// Create an account (username, name, org unit, roles, initial password) or edit one (name, org
// unit, roles, active). Roles carrying permissions the caller lacks are offered but disabled: the
// server would refuse them.
import { createUserBody, type Role, type UserSummary } from '@cwp/contracts';
import { Form, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { passwordPolicyRule, zodRule } from '../../../components/rules';
import { useLocalized } from '../../../components/useLocalized';
import { usersApi } from '../api';

interface FormValues {
  username: string;
  displayName: string;
  orgUnitId: number;
  roles: string[];
  password: string;
  active: boolean;
}

interface Props {
  roles: Role[];
  /** Absent when creating. */
  user?: UserSummary;
  onClose(): void;
  onSaved(user: UserSummary): void;
}

export function UserFormModal({ roles, user, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const localized = useLocalized();
  const onError = useRequestError();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const mine = new Set(me?.permissions ?? []);

  const onFinish = async (values: FormValues) => {
    setSaving(true);
    try {
      const saved = user
        ? await usersApi.update(user.id, {
            version: user.version,
            displayName: values.displayName,
            orgUnitId: values.orgUnitId,
            roles: values.roles,
            active: values.active,
          })
        : await usersApi.create({
            username: values.username.trim(),
            displayName: values.displayName,
            orgUnitId: values.orgUnitId,
            roles: values.roles,
            password: values.password,
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
      title={user ? t('users.editTitle') : t('users.createTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={saving}
      destroyOnHidden
      maskClosable={false}
      width={560}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={
          user
            ? {
                username: user.username,
                displayName: user.displayName,
                orgUnitId: user.orgUnitId,
                roles: user.roles,
                active: user.active,
              }
            : { roles: [], active: true }
        }
        onFinish={(values) => void onFinish(values)}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={user ? [] : [{ required: true }, zodRule(createUserBody.shape.username)]}
        >
          <Input disabled={!!user} maxLength={32} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true }, zodRule(createUserBody.shape.displayName)]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="orgUnitId"
          label={t('users.orgUnit')}
          rules={[
            { required: true, message: t('common.pleaseSelect', { label: t('users.orgUnit') }) },
          ]}
        >
          <OrgUnitTreeSelect />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('users.roles')}
          rules={[
            { required: true, message: t('common.pleaseSelect', { label: t('users.roles') }) },
          ]}
        >
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={roles.map((r) => ({
              value: r.code,
              label: localized(r.nameZh, r.nameEn),
              disabled: r.permissions.some((p) => !mine.has(p)),
            }))}
          />
        </Form.Item>
        {user ? (
          <Form.Item name="active" label={t('users.active')} valuePropName="checked">
            <Switch checkedChildren={t('common.active')} unCheckedChildren={t('common.inactive')} />
          </Form.Item>
        ) : (
          <Form.Item
            name="password"
            label={t('users.initialPassword')}
            extra={`${t('users.initialPasswordHint')}；${t('password.policy')}`}
            dependencies={['username']}
            rules={[
              { required: true },
              passwordPolicyRule(t, () => {
                const username: unknown = form.getFieldValue('username');
                return typeof username === 'string' ? username : undefined;
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={128} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
