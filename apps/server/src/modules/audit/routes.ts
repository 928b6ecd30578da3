import { auditListQuery, auditPage } from '@cwp/contracts';
import { and, desc, eq, gte, lte, or, sql, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditLog } from '../../db/schema';
import type { AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { cappedCount } from '../../lib/paging';
import { scopeToOrgUnits } from '../../lib/scope';

export function auditRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/audit-logs',
      {
        config: { permission: 'audit:read' },
        schema: {
          tags: ['audit'],
          summary: '审计日志',
          querystring: auditListQuery,
          response: { 200: auditPage },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const q = request.query;
        const where: SQL[] = [];
        // Entries without an org (logins, roles, dictionaries) are visible to whole-tree administrators
        // only; everyone else sees entries of their subtree.
        const scoped = scopeToOrgUnits(auth, auditLog.orgPath);
        const rootLevel = auth.orgPath.split('.').filter(Boolean).length === 1;
        where.push(rootLevel ? (or(scoped, sql`${auditLog.orgPath} is null`) ?? scoped) : scoped);
        if (q.actor) where.push(eq(auditLog.actorName, q.actor));
        if (q.entityType) where.push(eq(auditLog.entityType, q.entityType));
        if (q.entityId) where.push(eq(auditLog.entityId, q.entityId));
        if (q.action) where.push(eq(auditLog.action, q.action));
        if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
        if (q.to) where.push(lte(auditLog.at, new Date(q.to)));
        const cond = and(...where);
        const [rows, counted] = await Promise.all([
          deps.db
            .select()
            .from(auditLog)
            .where(cond)
            .orderBy(desc(auditLog.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          // An administrator's unfiltered trail can hold tens of millions of entries: an exact
          // count of them on every page would take seconds.
          cappedCount(deps.db, sql`select 1 from ${auditLog} where ${cond ?? sql`true`}`),
        ]);
        return {
          ...counted,
          items: rows.map((r) => ({
            id: r.id,
            at: r.at.toISOString(),
            actorId: r.actorId,
            actorName: r.actorName,
            action: r.action,
            entityType: r.entityType,
            entityId: r.entityId,
            changes: r.changes,
            requestId: r.requestId,
            ip: r.ip,
          })),
        };
      },
    );
  };
}
