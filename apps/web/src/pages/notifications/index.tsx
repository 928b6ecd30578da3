// The notification centre: all notifications of the signed-in user, newest first, filtered by
// unread and by kind (the due-work kinds of the daily run, the digest, the rest); the latest daily
// digest with a link per kind to the screen listing the items; mark one or all read, and open the
// item each one is about.
import { CheckOutlined } from '@ant-design/icons';
import {
  NOTIFICATION_FILTERS,
  type NotificationDigestView,
  type NotificationFilter,
  type NotificationView,
} from '@cwp/contracts';
import { Badge, Button, Card, Segmented, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import {
  internalLink,
  notificationsChanged,
  onNotificationsChanged,
} from '../../layout/notification-events';
import { notificationsApi } from './api';

export function NotificationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const onError = useRequestError();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const kind = NOTIFICATION_FILTERS.find((k) => k === kindParam);
  const [query, setQuery] = useState({ page: 1, pageSize: 20, unread: false });
  const [digest, setDigest] = useState<NotificationDigestView | null>(null);
  const [data, setData] = useState<{ items: NotificationView[]; total: number; unread: number }>({
    items: [],
    total: 0,
    unread: 0,
  });
  const [loading, setLoading] = useState(true);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    notificationsApi
      .list({ ...query, ...(kind ? { kind } : {}) })
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
  }, [query, kind, reload, onError]);

  useEffect(() => {
    const ctl = new AbortController();
    notificationsApi
      .digest(ctl.signal)
      .then(setDigest)
      .catch((err: unknown) => {
        if (!ctl.signal.aborted) onError(err);
      });
    return () => ctl.abort();
  }, [reload, onError]);

  const setKind = (k: NotificationFilter | undefined) => {
    setQuery((q) => ({ ...q, page: 1 }));
    setParams(k ? { kind: k } : {});
  };

  const refresh = useCallback(() => setReload((n) => n + 1), []);
  useEffect(() => onNotificationsChanged(refresh), [refresh]);

  const markRead = async (n: NotificationView) => {
    try {
      await notificationsApi.markRead(n.id);
      notificationsChanged();
    } catch (err) {
      onError(err);
    }
  };

  const open = async (n: NotificationView) => {
    if (!n.readAt) await markRead(n);
    const link = internalLink(n.link);
    if (link) void navigate(link);
  };

  const markAll = async () => {
    try {
      await notificationsApi.markAllRead();
      notificationsChanged();
    } catch (err) {
      onError(err);
    }
  };

  const columns: TableColumnsType<NotificationView> = [
    {
      title: t('careerRules.notifications.message'),
      key: 'title',
      render: (_, n) => (
        <Space direction="vertical" size={0}>
          <Badge dot={!n.readAt} offset={[6, 0]}>
            {internalLink(n.link) ? (
              <a
                onClick={() => void open(n)}
                style={{ fontWeight: n.readAt ? 'normal' : 600 }}
                data-testid="notification-link"
              >
                {n.title}
              </a>
            ) : (
              <Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>
            )}
          </Badge>
          {n.body && <Typography.Text type="secondary">{n.body}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('careerRules.notifications.time'),
      dataIndex: 'createdAt',
      width: 170,
      render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
    },
    {
      title: t('careerRules.notifications.readAt'),
      dataIndex: 'readAt',
      width: 170,
      render: (v: string | null) =>
        v ? (
          dayjs(v).format('YYYY-MM-DD HH:mm')
        ) : (
          <Typography.Text type="warning">{t('careerRules.notifications.unread')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, n) =>
        n.readAt ? null : (
          <Button type="link" size="small" onClick={() => void markRead(n)}>
            {t('careerRules.notifications.markRead')}
          </Button>
        ),
    },
  ];

  return (
    <Card>
      <div className="cwp-page-header">
        <Typography.Title level={4}>{t('careerRules.notifications.title')}</Typography.Title>
        <Button
          icon={<CheckOutlined />}
          disabled={data.unread === 0}
          onClick={() => void markAll()}
          data-testid="notifications-read-all"
        >
          {t('careerRules.notifications.markAllRead')}
        </Button>
      </div>
      <div className="cwp-toolbar">
        <Segmented
          value={query.unread ? 'unread' : 'all'}
          options={[
            { value: 'all', label: t('careerRules.notifications.all') },
            {
              value: 'unread',
              label: t('careerRules.notifications.unreadCount', { count: data.unread }),
            },
          ]}
          onChange={(v) => setQuery((q) => ({ ...q, unread: v === 'unread', page: 1 }))}
        />
        <Select<NotificationFilter | 'all'>
          style={{ width: 180 }}
          aria-label={t('dashboard.centre.kind')}
          value={kind ?? 'all'}
          onChange={(v) => setKind(v === 'all' ? undefined : v)}
          data-testid="notifications-kind"
          options={[
            { value: 'all', label: t('dashboard.centre.allKinds') },
            ...NOTIFICATION_FILTERS.map((k) => ({
              value: k,
              label: t(`dashboard.centre.kinds.${k}`),
            })),
          ]}
        />
        <Link to="/approvals">{t('careerRules.notifications.toApprovals')}</Link>
      </div>
      <DigestPanel digest={digest} onKind={setKind} />
      <Table<NotificationView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        data-testid="notifications-table"
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
    </Card>
  );
}

function DigestPanel({
  digest,
  onKind,
}: {
  digest: NotificationDigestView | null;
  onKind: (k: NotificationFilter) => void;
}) {
  const { t } = useTranslation();
  if (!digest) return null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="notifications-digest"
      title={
        digest.date
          ? t('dashboard.centre.digestOf', { date: digest.date })
          : t('dashboard.centre.digest')
      }
    >
      {digest.date === null ? (
        <Typography.Text type="secondary">{t('dashboard.centre.digestEmpty')}</Typography.Text>
      ) : digest.lines.length === 0 && digest.unread === 0 ? (
        <Typography.Text type="secondary">{t('dashboard.centre.digestNothing')}</Typography.Text>
      ) : (
        <Space wrap size={[24, 8]}>
          {digest.unread > 0 && (
            <span>
              {t('dashboard.centre.unread')}{' '}
              <Typography.Text strong>{digest.unread}</Typography.Text>
            </span>
          )}
          {digest.lines.map((l) => (
            <Space key={l.kind} size={4} data-testid={`digest-${l.kind}`}>
              <a onClick={() => onKind(l.kind)}>{t(`dashboard.centre.kinds.${l.kind}`)}</a>
              <Typography.Text strong>{l.count}</Typography.Text>
              <Link to={l.link}>{t('dashboard.centre.open')}</Link>
            </Space>
          ))}
        </Space>
      )}
    </Card>
  );
}
