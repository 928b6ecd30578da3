// Authentication and authorization for every route: the route's declared permission is checked
// in one onRequest hook, before the body is even parsed. Sessions live in PostgreSQL so any
// instance can serve any request; each instance keeps a short-lived copy (plugins/session-cache.ts).
import { createHmac, randomBytes } from 'node:crypto';
import { isPermission, type Permission } from '@cwp/contracts';
import type { OrgLevel } from '@cwp/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Config } from '../config';
import type { AuthContext } from '../lib/auth-context';
import { sendError } from './errors';
import { SessionCache } from './session-cache';

export const SESSION_COOKIE = 'cwp_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Routes registered by plugins (API docs) that are public by nature. */
const UNDECLARED_ALLOWED = [/^\/api\/docs(\/|$)/, /^\/api\/openapi\.json$/];
const LAST_SEEN_GRANULARITY_MS = 60_000;

export function sessionIdOf(token: string, secret: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

interface SessionRow {
  id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  user_id: number;
  username: string;
  display_name: string;
  must_change_password: boolean;
  active: boolean;
  worker_id: number | null;
  org_id: number;
  org_name: string;
  org_level: OrgLevel;
  org_path: string;
  roles: { code: string; nameZh: string; nameEn: string; permissions: string[] }[];
}

const LOAD_SESSION = `
  select s.id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
         u.id as user_id, u.username, u.display_name, u.must_change_password, u.active, u.worker_id,
         o.id as org_id, o.name as org_name, o.level as org_level, o.path as org_path,
         coalesce((select json_agg(json_build_object('code', r.code, 'nameZh', r.name_zh,
                     'nameEn', r.name_en, 'permissions', r.permissions) order by r.id)
                   from user_role ur join role r on r.id = ur.role_id
                   where ur.user_id = u.id), '[]'::json) as roles
    from session s
    join app_user u on u.id = s.user_id
    join org_unit o on o.id = u.org_unit_id
   where s.id = $1`;

export type SessionLookup =
  { kind: 'ok'; auth: AuthContext } | { kind: 'none' } | { kind: 'expired' };

export type SessionRowCache = SessionCache<SessionRow>;

export function newSessionCache(cfg: Config): SessionRowCache {
  return new SessionCache<SessionRow>(cfg.SESSION_CACHE_SECONDS * 1000);
}

export async function loadSession(
  pool: pg.Pool,
  cfg: Config,
  token: string,
  cache?: SessionRowCache,
): Promise<SessionLookup> {
  const id = sessionIdOf(token, cfg.sessionSecret);
  const now = Date.now();
  const idleLimit = cfg.SESSION_IDLE_MINUTES * 60_000;
  const isLive = (r: SessionRow) =>
    r.expires_at.getTime() > now && now - r.last_seen_at.getTime() <= idleLimit;
  let row = cache?.get(id, now);
  // A cached row that looks expired or idle is read again: another instance may have seen the
  // user since, and an expired session must be deleted below.
  if (row && !isLive(row)) {
    cache?.drop(id);
    row = undefined;
  }
  if (!row) {
    const { rows } = await pool.query<SessionRow>({
      name: 'load-session',
      text: LOAD_SESSION,
      values: [id],
    });
    row = rows[0];
    if (!row || !row.active) return { kind: 'none' };
    if (!isLive(row)) {
      await pool.query('delete from session where id = $1', [id]);
      return { kind: 'expired' };
    }
    cache?.set(id, row.user_id, row, now);
  }
  if (now - row.last_seen_at.getTime() > LAST_SEEN_GRANULARITY_MS) {
    await pool.query('update session set last_seen_at = now() where id = $1', [id]);
    row.last_seen_at = new Date(now);
  }
  const permissions = new Set<Permission>();
  for (const r of row.roles) for (const p of r.permissions) if (isPermission(p)) permissions.add(p);
  return {
    kind: 'ok',
    auth: {
      sessionId: id,
      csrfToken: row.csrf_token,
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      mustChangePassword: row.must_change_password,
      workerId: row.worker_id,
      orgUnitId: row.org_id,
      orgName: row.org_name,
      orgLevel: row.org_level,
      orgPath: row.org_path,
      roles: row.roles.map(({ code, nameZh, nameEn }) => ({ code, nameZh, nameEn })),
      permissions,
    },
  };
}

export function registerAuth(
  app: FastifyInstance,
  pool: pg.Pool,
  cfg: Config,
  cache: SessionRowCache = newSessionCache(cfg),
): void {
  app.decorateRequest('auth', null);
  if (cfg.SESSION_CACHE_SECONDS > 0) {
    app.addHook('onReady', async () => {
      await cache.listen(pool, (err) => app.log.warn({ err }, 'session cache listener failed'));
    });
    app.addHook('onClose', async () => {
      await cache.close();
    });
    // This instance's own changes (a role edited, a user disabled, a logout) must be seen by its
    // very next request, before their notification comes back: any signed-in unsafe request
    // empties the cache as its answer is sent. (Public posts, e.g. survey answers, change no
    // account and leave it alone.)
    app.addHook('onSend', async (request) => {
      if (request.auth && !SAFE_METHODS.has(request.method)) cache.clear();
    });
  }

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    if (UNDECLARED_ALLOWED.some((re) => re.test(route.url))) return;
    const permission = route.config?.permission;
    if (permission === undefined) {
      throw new Error(`Route ${String(route.method)} ${route.url} does not declare a permission`);
    }
    const valid =
      typeof permission === 'string'
        ? permission === 'public' || permission === 'authenticated' || isPermission(permission)
        : permission.length > 0 && permission.every(isPermission);
    if (!valid) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares unknown permission ${String(permission)}`,
      );
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    const permission = config?.permission;
    if (permission === undefined || permission === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return sendError(request, reply, 'UNAUTHENTICATED');
    const found = await loadSession(pool, cfg, token, cache);
    if (found.kind !== 'ok') {
      return sendError(
        request,
        reply,
        found.kind === 'expired' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED',
      );
    }
    const auth = found.auth;
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== auth.csrfToken) {
      return sendError(request, reply, 'CSRF_INVALID');
    }
    if (auth.mustChangePassword && !config.allowDuringPasswordChange) {
      return sendError(request, reply, 'PASSWORD_CHANGE_REQUIRED');
    }
    if (permission !== 'authenticated' && !holdsAny(auth.permissions, permission)) {
      return sendError(request, reply, 'FORBIDDEN');
    }
    request.auth = auth;
  });
}

function holdsAny(held: ReadonlySet<Permission>, required: Permission | readonly Permission[]) {
  return typeof required === 'string' ? held.has(required) : required.some((p) => held.has(p));
}

/** The authenticated caller; only valid in routes that declare a non-public permission. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new Error('authOf() used on a route without authentication');
  return request.auth;
}
