import type { Permission } from '@cwp/contracts';
import type { OrgLevel } from '@cwp/core';

/** Who is asking: loaded from the session on every authenticated request. */
export interface AuthContext {
  sessionId: string;
  csrfToken: string;
  userId: number;
  username: string;
  displayName: string;
  mustChangePassword: boolean;
  workerId: number | null;
  orgUnitId: number;
  orgName: string;
  orgLevel: OrgLevel;
  /** Materialized path of the user's org unit; the root of everything they may see. */
  orgPath: string;
  roles: { code: string; nameZh: string; nameEn: string }[];
  permissions: ReadonlySet<Permission>;
}

/**
 * What a route requires: one permission, any one of a list (a screen that two kinds of
 * administrator use), a session only, or nothing.
 */
export type RoutePermission = Permission | readonly Permission[] | 'public' | 'authenticated';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route must declare one; the app refuses to start otherwise. */
    permission?: RoutePermission;
    /** Reachable while the user still has to change their initial password. */
    allowDuringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}
