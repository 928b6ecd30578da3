// The signed-in user's notifications: list (with the unread count), mark read, mark all read.
import { notificationPage, notificationView } from '@cwp/contracts';
import { z } from 'zod';
import { api } from '../../api/client';

export const notificationsApi = {
  list: (query: { page: number; pageSize: number; unread?: boolean }, signal?: AbortSignal) =>
    api.get(
      '/api/notifications',
      notificationPage,
      { page: query.page, pageSize: query.pageSize, unread: query.unread ? 'true' : undefined },
      signal,
    ),
  markRead: (id: number) => api.post(`/api/notifications/${id}/read`, notificationView),
  markAllRead: () => api.post('/api/notifications/read-all', z.object({ updated: z.number() })),
};
