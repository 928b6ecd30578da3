// The bell in the header: the unread count (polled every minute, on navigation and when another
// screen reads notifications) and a dropdown of the latest ones; clicking one marks it read and
// opens its link.
import { BellOutlined } from '@ant-design/icons';
import type { NotificationView } from '@cwp/contracts';
import { Badge, Button, Dropdown, Empty, List, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useRequestError } from '../api/useRequestError';
import { notificationsApi } from '../pages/notifications/api';
import { internalLink, notificationsChanged, onNotificationsChanged } from './notification-events';

const POLL_MS = 60_000;
const LATEST = 8;

export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const onError = useRequestError();
  const [open, setOpen] = useState(false);
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<NotificationView[] | null>(null);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(() => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    notificationsApi
      .list({ page: 1, pageSize: LATEST }, c.signal)
      .then((res) => {
        setUnread(res.unread);
        setItems(res.items);
      })
      .catch((err: unknown) => {
        // A failed poll is not worth a message; a lost session is (the handler signs out).
        if (err instanceof ApiError && err.status === 401) onError(err);
      });
  }, [onError]);

  useEffect(() => {
    load();
    const timer = setInterval(load, POLL_MS);
    const off = onNotificationsChanged(load);
    return () => {
      clearInterval(timer);
      off();
      controller.current?.abort();
    };
  }, [load, location.pathname]);

  const openItem = async (n: NotificationView) => {
    setOpen(false);
    try {
      if (!n.readAt) {
        await notificationsApi.markRead(n.id);
        notificationsChanged();
      }
    } catch (err) {
      onError(err);
    }
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

  const panel = (
    <div className="cwp-notify-panel" data-testid="notification-panel">
      <div className="cwp-notify-head">
        <Typography.Text strong>{t('careerRules.notifications.title')}</Typography.Text>
        <Button type="link" size="small" disabled={unread === 0} onClick={() => void markAll()}>
          {t('careerRules.notifications.markAllRead')}
        </Button>
      </div>
      {items === null ? (
        <Spin />
      ) : items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('careerRules.notifications.empty')}
        />
      ) : (
        <List<NotificationView>
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              className={n.readAt ? 'cwp-notify-item' : 'cwp-notify-item cwp-notify-unread'}
              onClick={() => void openItem(n)}
              data-testid="notification-item"
            >
              <List.Item.Meta
                title={
                  <Badge dot={!n.readAt} offset={[6, 0]}>
                    {n.title}
                  </Badge>
                }
                description={
                  <>
                    {n.body && <div className="cwp-notify-body">{n.body}</div>}
                    <Typography.Text type="secondary">
                      {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      <div className="cwp-notify-foot">
        <Button
          type="link"
          onClick={() => {
            setOpen(false);
            void navigate('/notifications');
          }}
        >
          {t('careerRules.notifications.viewAll')}
        </Button>
      </div>
    </div>
  );

  return (
    <Dropdown
      trigger={['click']}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) load();
      }}
      popupRender={() => panel}
      placement="bottomRight"
    >
      <a
        className="cwp-bell"
        data-testid="notification-bell"
        aria-label={t('careerRules.notifications.bell', { count: unread })}
        onClick={(e) => e.preventDefault()}
      >
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined className="cwp-bell-icon" />
        </Badge>
      </a>
    </Dropdown>
  );
}
