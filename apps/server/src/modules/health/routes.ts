import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../lib/context';
import { sendError } from '../../plugins/errors';

export function healthRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/health',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['health'],
          summary: '健康检查：数据库可用时返回 ok',
          response: { 200: z.object({ status: z.literal('ok') }) },
        },
      },
      async (request, reply) => {
        try {
          await deps.pool.query('select 1');
        } catch {
          return sendError(request, reply, 'UNAVAILABLE');
        }
        return { status: 'ok' as const };
      },
    );
  };
}
