import { LIST_COUNT_CAP, auditListQuery, auditPage } from '@cwp/contracts';
import { and, desc, eq, gte, lte, or, sql, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditLog } from '../../db/schema';
import type { AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
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
        const [
          rows,
          {
            rows: [count],
          },
        ] = await Promise.all([
          deps.db
            .select()
            .from(auditLog)
            .where(cond)
            .orderBy(desc(auditLog.id))
            .limit(q.pageSize)
            .offset((q.page - 1) * q.pageSize),
          // Counted up to the cap and one more: an administrator's unfiltered trail can hold tens
          // of millions of entries, and an exact count of them on every page would take seconds.
          deps.db.execute<{ n: number }>(sql`
            select count(*)::int as n from (
              select 1 from ${auditLog} where ${cond ?? sql`true`} limit ${LIST_COUNT_CAP + 1}) x`),
        ]);
        const n = Number(count?.n ?? 0);
        return {
          total: Math.min(n, LIST_COUNT_CAP),
          totalCapped: n > LIST_COUNT_CAP,
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
