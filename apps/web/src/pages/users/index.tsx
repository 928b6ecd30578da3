// Accounts inside the caller's scope: server-paged table, search by name and org unit, and with
// user:manage create, edit, reset password and unlock.
import { KeyOutlined, PlusOutlined, UnlockOutlined, EditOutlined } from '@ant-design/icons';
import type { Role, UserSummary } from '@cwp/contracts';
import { App, Button, Card, Input, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rolesApi } from '../../api/roles';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { useLocalized } from '../../components/useLocalized';
import { usersApi, type UserQuery } from './api';
import { ResetPasswordModal } from './components/ResetPasswordModal';
import { UserFormModal } from './components/UserFormModal';

type Dialog = { kind: 'create' } | { kind: 'edit' | 'reset'; user: UserSummary } | null;

export function UsersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const localized = useLocalized();
  const canManage = can('user:manage');
  const [query, setQuery] = useState<UserQuery>({ page: 1, pageSize: 20 });
  const [keyword, setKeyword] = useState('');
  const [data, setData] = useState<{ items: UserSummary[]; total: number }>({
    items: [],
    total: 0,
  });
  const [loading, setLoading] = useState(true);
  const [roles, setRoles] = useState<Role[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    usersApi
      .list(query)
      .then((res) => {
        if (!cancelled) setData(res);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [query, reload, onError]);

  useEffect(() => {
    rolesApi.list().then(setRoles).catch(onError);
  }, [onError]);

  const refresh = useCallback(() => setReload((n) => n + 1), []);
  const roleName = useMemo(() => {
    const names = new Map(roles.map((r) => [r.code, localized(r.nameZh, r.nameEn)]));
    return (code: string) => names.get(code) ?? code;
  }, [roles, localized]);

  const unlock = async (user: UserSummary) => {
    try {
      await usersApi.unlock(user.id);
      void message.success(t('users.unlocked'));
      refresh();
    } catch (err) {
      onError(err);
    }
  };

  const columns: TableColumnsType<UserSummary> = [
    { title: t('users.username'), dataIndex: 'username', width: 140 },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 160 },
    { title: t('users.orgUnit'), dataIndex: 'orgUnitName', width: 160 },
    {
      title: t('users.roles'),
      dataIndex: 'roles',
      render: (codes: string[]) => (
        <Space size={[4, 4]} wrap>
          {codes.map((c) => (
            <Tag key={c} color="blue">
              {roleName(c)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 200,
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.active ? (
            <Tag color="success">{t('common.active')}</Tag>
          ) : (
            <Tag>{t('common.inactive')}</Tag>
          )}
          {u.lockedUntil && (
            <Tooltip title={dayjs(u.lockedUntil).format('YYYY-MM-DD HH:mm')}>
              <Tag color="error">{t('users.locked')}</Tag>
            </Tooltip>
          )}
          {u.mustChangePassword && <Tag color="warning">{t('users.mustChange')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 150,
      render: (v: string | null) =>
        v ? (
          dayjs(v).format('YYYY-MM-DD HH:mm')
        ) : (
          <Typography.Text type="secondary">{t('users.never')}</Typography.Text>
        ),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 240,
            render: (_: unknown, u: UserSummary) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setDialog({ kind: 'edit', user: u })}
                >
                  {t('common.edit')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  icon={<KeyOutlined />}
                  onClick={() => setDialog({ kind: 'reset', user: u })}
                >
                  {t('users.resetPassword')}
                </Button>
                {u.lockedUntil && (
                  <Popconfirm
                    title={t('users.unlockConfirm', { name: u.displayName })}
                    onConfirm={() => unlock(u)}
                  >
                    <Button type="link" size="small" icon={<UnlockOutlined />}>
                      {t('users.unlock')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <div className="cwp-page-header">
        <Typography.Title level={4}>{t('users.title')}</Typography.Title>
        {canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setDialog({ kind: 'create' })}
          >
            {t('users.create')}
          </Button>
        )}
      </div>
      <div className="cwp-toolbar">
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('users.searchPlaceholder')}
          value={keyword}
          onChange={(e) => setKeyword(e.target.value)}
          onSearch={(v) => setQuery((q) => ({ ...q, q: v.trim() || undefined, page: 1 }))}
          maxLength={64}
        />
        <OrgUnitTreeSelect
          allowClear
          style={{ width: 260 }}
          placeholder={t('users.orgFilter')}
          value={query.orgUnitId ?? null}
          onChange={(orgUnitId) => setQuery((q) => ({ ...q, orgUnitId, page: 1 }))}
        />
      </div>
      <Table<UserSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        scroll={{ x: 1100 }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: data.total,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setQuery((q) => ({ ...q, page, pageSize })),
        }}
      />
      {dialog?.kind === 'create' && (
        <UserFormModal
          roles={roles}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void message.success(t('users.created'));
            refresh();
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <UserFormModal
          roles={roles}
          user={dialog.user}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void message.success(t('common.saved'));
            refresh();
          }}
        />
      )}
      {dialog?.kind === 'reset' && (
        <ResetPasswordModal
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void message.success(t('users.resetDone'));
            refresh();
          }}
        />
      )}
    </Card>
  );
}
