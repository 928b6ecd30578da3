import { changePasswordBody, loginBody, okResponse, sessionResponse } from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../lib/context';
import { auditContext } from '../../lib/context';
import { authOf, loadSession, SESSION_COOKIE } from '../../plugins/auth';
import { prefersEnglish } from '../../plugins/errors';
import { changePassword, login, logout, presentCurrentUser } from './service';
import { AppError } from '../../lib/errors';

export function authRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
    secure: deps.cfg.COOKIE_SECURE,
  };
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        config: { permission: 'public' },
        schema: {
          tags: ['auth'],
          summary: '登录 Log in',
          body: loginBody,
          response: { 200: sessionResponse },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const result = await login(
          deps.db,
          deps.cfg,
          auditContext(request),
          username,
          password,
          request.headers['user-agent'] ?? null,
        );
        const found = await loadSession(deps.pool, deps.cfg, result.token);
        if (found.kind !== 'ok') throw new AppError('INTERNAL');
        reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
        return {
          csrfToken: result.csrfToken,
          user: presentCurrentUser(found.auth, prefersEnglish(request)),
        };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { permission: 'authenticated', allowDuringPasswordChange: true },
        schema: { tags: ['auth'], summary: '退出 Log out', response: { 200: okResponse } },
      },
      async (request, reply) => {
        await logout(deps.db, auditContext(request), authOf(request));
        reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { permission: 'authenticated', allowDuringPasswordChange: true },
        schema: {
          tags: ['auth'],
          summary: '当前用户 Current user',
          response: { 200: sessionResponse },
        },
      },
      async (request) => {
        const auth = authOf(request);
        return {
          csrfToken: auth.csrfToken,
          user: presentCurrentUser(auth, prefersEnglish(request)),
        };
      },
    );

    app.post(
      '/api/auth/change-password',
      {
        config: { permission: 'authenticated', allowDuringPasswordChange: true },
        schema: {
          tags: ['auth'],
          summary: '修改密码 Change password',
          body: changePasswordBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        const { currentPassword, newPassword } = request.body;
        await changePassword(
          deps.db,
          auditContext(request),
          authOf(request),
          currentPassword,
          newPassword,
        );
        return { ok: true as const };
      },
    );
  };
}
