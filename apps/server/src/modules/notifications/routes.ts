// In-app notifications of the signed-in user: list (newest first, with the unread count) and mark
// read. Every authenticated account has notifications, so the routes need no further permission.
import {
  idParam,
  notificationCentreQuery,
  notificationDigestView,
  notificationPage,
  notificationRunBody,
  notificationRunResult,
  notificationView,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import type { JobRunner } from '../jobs/runner';
import { todayIso } from '../workers/mapping';
import { registerNotificationJob, runDailyNotifications } from './daily';
import { latestDigest, listNotifications, markAllRead, markRead } from './service';

const tags = ['notifications'];

export function notificationRoutes(deps: AppDeps & { jobs: JobRunner }): FastifyPluginAsyncZod {
  return async (app) => {
    // The daily run starts with the server, not in tests (they run it on demand).
    registerNotificationJob(app, deps.db, deps.jobs, deps.cfg.NODE_ENV !== 'test');
    app.get(
      '/api/notifications',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '本人的站内消息（最新在前，含未读数）',
          querystring: notificationCentreQuery,
          response: { 200: notificationPage },
        },
      },
      async (request) => listNotifications(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/notifications/digest',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '本人最近一次的每日待办摘要（各类待办的数量与入口）',
          response: { 200: notificationDigestView },
        },
      },
      async (request) => latestDigest(deps.db, authOf(request)),
    );
    app.post(
      '/api/notifications/daily/run',
      {
        config: { permission: 'org:manage' },
        schema: {
          tags,
          summary:
            '立即生成各类到期提醒与每日待办摘要（通常由每日定时任务执行；同一天重复执行不会重复发送）',
          body: notificationRunBody,
          response: { 200: notificationRunResult },
        },
      },
      async (request) =>
        runDailyNotifications(deps.db, auditContext(request), request.body.date ?? todayIso()),
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
