// The signed-in user's notifications: list (with the unread count, by kind), the latest daily
// digest, mark read, mark all read.
import {
  notificationDigestView,
  notificationPage,
  notificationView,
  type NotificationFilter,
} from '@cwp/contracts';
import { z } from 'zod';
import { api } from '../../api/client';

export const notificationsApi = {
  list: (
    query: { page: number; pageSize: number; unread?: boolean; kind?: NotificationFilter },
    signal?: AbortSignal,
  ) =>
    api.get(
      '/api/notifications',
      notificationPage,
      {
        page: query.page,
        pageSize: query.pageSize,
        unread: query.unread ? 'true' : undefined,
        kind: query.kind,
      },
      signal,
    ),
  digest: (signal?: AbortSignal) =>
    api.get('/api/notifications/digest', notificationDigestView, undefined, signal),
  markRead: (id: number) => api.post(`/api/notifications/${id}/read`, notificationView),
  markAllRead: () => api.post('/api/notifications/read-all', z.object({ updated: z.number() })),
};
