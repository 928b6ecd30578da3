// Public disclosure pages' API (/api/public/communities/:id/disclosures): no login, served from
// the per-instance cache (see public-cache.ts); only misses reach the database and they are
// limited per client address. Only published, superseded and withdrawn versions are visible.
import {
  communityDisclosureItemParams,
  communityDisclosureParams,
  publicDisclosureItem,
  publicDisclosureList,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../lib/context';
import { AppError, notFound } from '../../lib/errors';
import { publicItem, publicList } from './public';
import type { PublicDisclosureCache } from './public-cache';

const tags = ['disclosures-public'];

export function publicDisclosureRoutes(
  deps: AppDeps,
  cache: PublicDisclosureCache,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/public/communities/:id/disclosures',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: '社区公开栏：当前与往期公开事项（无需登录）',
          params: communityDisclosureParams,
          response: { 200: publicDisclosureList },
        },
      },
      async (request, reply) => {
        const key = `${request.params.id}:list`;
        const now = Date.now();
        let hit = cache.lists.get(key, now);
        if (!hit) {
          if (!cache.allowMiss(request.ip, now)) throw new AppError('RATE_LIMITED');
          cache.lists.set(key, await publicList(deps.db, request.params.id), now);
          hit = cache.lists.get(key, now);
        }
        if (!hit?.value) throw notFound();
        void reply.header('cache-control', 'public, max-age=30');
        return hit.value;
      },
    );
    app.get(
      '/api/public/communities/:id/disclosures/:itemId',
      {
        config: { permission: 'public' },
        schema: {
          tags,
          summary: '公开事项详情（财务公开含收支明细表）',
          params: communityDisclosureItemParams,
          response: { 200: publicDisclosureItem },
        },
      },
      async (request, reply) => {
        const key = `${request.params.id}:${request.params.itemId}`;
        const now = Date.now();
        let hit = cache.items.get(key, now);
        if (!hit) {
          if (!cache.allowMiss(request.ip, now)) throw new AppError('RATE_LIMITED');
          cache.items.set(
            key,
            await publicItem(deps.db, request.params.id, request.params.itemId),
            now,
          );
          hit = cache.items.get(key, now);
        }
        if (!hit?.value) throw notFound();
        void reply.header('cache-control', 'public, max-age=30');
        return hit.value;
      },
    );
  };
}
