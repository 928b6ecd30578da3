// Rewards and sanctions routes: reads with worker:read, changes with reward:manage; every record
// is scoped by the worker's unit (404 outside it).
import {
  createRewardBody,
  idParam,
  okResponse,
  rewardStatsQuery,
  rewardStatsView,
  rewardView,
  updateRewardBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { createReward, deleteReward, rewardStats, updateReward, workerRewards } from './service';

const tags = ['rewards'];
const versionQuery = z.strictObject({
  version: z.coerce.number({ error: '缺少版本号' }).int().positive(),
});

export function rewardRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/workers/:id/rewards',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '人员的奖惩记录',
          params: idParam,
          response: { 200: z.array(rewardView) },
        },
      },
      async (request) => workerRewards(deps.db, authOf(request), request.params.id),
    );
    app.get(
      '/api/rewards/stats',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '奖惩统计（按下级单位和级别）',
          querystring: rewardStatsQuery,
          response: { 200: rewardStatsView },
        },
      },
      async (request) => rewardStats(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/rewards',
      {
        config: { permission: 'reward:manage' },
        schema: {
          tags,
          summary: '登记奖惩',
          body: createRewardBody,
          response: { 200: rewardView },
        },
      },
      async (request) =>
        createReward(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.patch(
      '/api/rewards/:id',
      {
        config: { permission: 'reward:manage' },
        schema: {
          tags,
          summary: '修改奖惩记录',
          params: idParam,
          body: updateRewardBody,
          response: { 200: rewardView },
        },
      },
      async (request) =>
        updateReward(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.delete(
      '/api/rewards/:id',
      {
        config: { permission: 'reward:manage' },
        schema: {
          tags,
          summary: '删除误登的奖惩记录',
          params: idParam,
          querystring: versionQuery,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await deleteReward(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.query.version,
        );
        return { ok: true as const };
      },
    );
  };
}
