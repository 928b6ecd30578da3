// In-app notifications of the signed-in user: list (newest first, with the unread count) and mark
// read. Every authenticated account has notifications, so the routes need no further permission.
import { idParam, notificationListQuery, notificationPage, notificationView } from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { listNotifications, markAllRead, markRead } from './service';

const tags = ['notifications'];

export function notificationRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/notifications',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '本人的站内消息（最新在前，含未读数）',
          querystring: notificationListQuery,
          response: { 200: notificationPage },
        },
      },
      async (request) => listNotifications(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/notifications/:id/read',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '标记为已读',
          params: idParam,
          response: { 200: notificationView },
        },
      },
      async (request) =>
        markRead(deps.db, authOf(request), auditContext(request), request.params.id),
    );
    app.post(
      '/api/notifications/read-all',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '全部标记为已读',
          response: { 200: z.object({ updated: z.number().int() }) },
        },
      },
      async (request) => ({
        updated: await markAllRead(deps.db, authOf(request), auditContext(request)),
      }),
    );
  };
}
