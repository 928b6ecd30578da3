import {
  createUserBody,
  idParam,
  okResponse,
  pageOf,
  resetPasswordBody,
  updateUserBody,
  userListQuery,
  userSummary,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { createUser, getUser, listUsers, resetPassword, unlockUser, updateUser } from './service';

const tags = ['users'];

export function userRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/users',
      {
        config: { permission: 'user:read' },
        schema: {
          tags,
          summary: '账号列表',
          querystring: userListQuery,
          response: { 200: pageOf(userSummary) },
        },
      },
      async (request) => listUsers(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/users/:id',
      {
        config: { permission: 'user:read' },
        schema: { tags, summary: '账号详情', params: idParam, response: { 200: userSummary } },
      },
      async (request) => getUser(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/users',
      {
        config: { permission: 'user:manage' },
        schema: {
          tags,
          summary: '新建账号（首次登录须改密码）',
          body: createUserBody,
          response: { 200: userSummary },
        },
      },
      async (request) => createUser(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.patch(
      '/api/users/:id',
      {
        config: { permission: 'user:manage' },
        schema: {
          tags,
          summary: '修改账号',
          params: idParam,
          body: updateUserBody,
          response: { 200: userSummary },
        },
      },
      async (request) =>
        updateUser(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.post(
      '/api/users/:id/reset-password',
      {
        config: { permission: 'user:manage' },
        schema: {
          tags,
          summary: '重置密码',
          params: idParam,
          body: resetPasswordBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await resetPassword(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.password,
        );
        return { ok: true as const };
      },
    );
    app.post(
      '/api/users/:id/unlock',
      {
        config: { permission: 'user:manage' },
        schema: { tags, summary: '解除锁定', params: idParam, response: { 200: userSummary } },
      },
      async (request) =>
        unlockUser(deps.db, authOf(request), auditContext(request), request.params.id),
    );
  };
}
