// Roles and their permissions. Permission labels come from the server's catalogue in both
// languages; the interface picks one.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Role } from '@cwp/contracts';
import { App, Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rolesApi, type PermissionEntry } from '../../api/roles';
import { useRequestError } from '../../api/useRequestError';
import { useLocalized } from '../../components/useLocalized';
import { RoleFormModal } from './components/RoleFormModal';

type Dialog = { kind: 'create' } | { kind: 'edit'; role: Role } | null;

export function RolesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const localized = useLocalized();
  const [roles, setRoles] = useState<Role[]>([]);
  const [permissions, setPermissions] = useState<PermissionEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [dialog, setDialog] = useState<Dialog>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [r, p] = await Promise.all([rolesApi.list(), rolesApi.permissions()]);
      setRoles(r);
      setPermissions(p);
    } catch (err) {
      onError(err);
    } finally {
      setLoading(false);
    }
  }, [onError]);

  useEffect(() => {
    void load();
  }, [load]);

  const permissionLabel = useMemo(() => {
    const labels = new Map(permissions.map((p) => [p.code, localized(p.zh, p.en)]));
    return (code: string) => labels.get(code) ?? code;
  }, [permissions, localized]);

  const columns: TableColumnsType<Role> = [
    {
      title: t('roles.name'),
      key: 'name',
      width: 240,
      render: (_, r) => (
        <Space>
          <span>{localized(r.nameZh, r.nameEn)}</span>
          {r.builtin && <Tag>{t('common.builtin')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('roles.code'),
      dataIndex: 'code',
      width: 160,
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    {
      title: t('roles.permissions'),
      dataIndex: 'permissions',
      render: (codes: string[]) => (
        <Tooltip title={codes.map((c) => permissionLabel(c)).join('、')} placement="topLeft">
          <Space size={[4, 4]} wrap>
            {codes.slice(0, 6).map((c) => (
              <Tag key={c} color="blue">
                {permissionLabel(c)}
              </Tag>
            ))}
            {codes.length > 6 && <Tag>+{codes.length - 6}</Tag>}
            {codes.length === 0 && (
              <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
            )}
          </Space>
        </Tooltip>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, r) => (
        <Button
          type="link"
          size="small"
          icon={<EditOutlined />}
          onClick={() => setDialog({ kind: 'edit', role: r })}
        >
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Card>
      <div className="cwp-page-header">
        <Typography.Title level={4}>{t('roles.title')}</Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDialog({ kind: 'create' })}
        >
          {t('roles.create')}
        </Button>
      </div>
      <Table<Role>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={roles}
        loading={loading}
        pagination={false}
        scroll={{ x: 900 }}
      />
      {dialog && (
        <RoleFormModal
          permissions={permissions}
          {...(dialog.kind === 'edit' ? { role: dialog.role } : {})}
          onClose={() => setDialog(null)}
          onSaved={() => {
            void message.success(dialog.kind === 'edit' ? t('common.saved') : t('roles.created'));
            setDialog(null);
            void load();
          }}
        />
      )}
    </Card>
  );
}
