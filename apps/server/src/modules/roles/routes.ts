// Roles are data: administrators edit which permission codes a role carries.
import {
  createRoleBody,
  idParam,
  isPermission,
  PERMISSIONS,
  role as roleSchema,
  updateRoleBody,
  type Role,
} from '@cwp/contracts';
import { asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { role } from '../../db/schema';
import { diff, writeAudit } from '../../lib/audit';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, fieldError, notFound } from '../../lib/errors';

const tags = ['roles'];

function present(r: typeof role.$inferSelect): Role {
  return {
    id: r.id,
    code: r.code,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    builtin: r.builtin,
    permissions: r.permissions,
    version: r.version,
  };
}

function checkPermissions(codes: string[]): string[] {
  const unknown = codes.filter((c) => !isPermission(c));
  if (unknown.length > 0) throw fieldError('permissions', `未知的权限代码：${unknown.join('、')}`);
  return [...new Set(codes)].sort();
}

export function roleRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/permissions',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '权限目录',
          response: {
            200: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
          },
        },
      },
      async () => Object.entries(PERMISSIONS).map(([code, p]) => ({ code, zh: p.zh, en: p.en })),
    );
    app.get(
      '/api/roles',
      {
        // Read to assign roles to accounts, and to edit the roles themselves.
        config: { permission: ['user:read', 'role:manage'] },
        schema: { tags, summary: '角色列表', response: { 200: z.array(roleSchema) } },
      },
      async () => (await deps.db.select().from(role).orderBy(asc(role.id))).map(present),
    );
    app.post(
      '/api/roles',
      {
        config: { permission: 'role:manage' },
        schema: { tags, summary: '新建角色', body: createRoleBody, response: { 200: roleSchema } },
      },
      async (request) => {
        const permissions = checkPermissions(request.body.permissions);
        return deps.db.transaction(async (tx) => {
          const [dupe] = await tx
            .select({ id: role.id })
            .from(role)
            .where(eq(role.code, request.body.code));
          if (dupe) throw fieldError('code', `角色代码 ${request.body.code} 已存在`);
          const [row] = await tx
            .insert(role)
            .values({ ...request.body, permissions })
            .returning();
          if (!row) throw new AppError('INTERNAL');
          await writeAudit(tx, auditContext(request), [
            {
              action: 'role.create',
              entityType: 'role',
              entityId: row.id,
              changes: { ...request.body, permissions },
            },
          ]);
          return present(row);
        });
      },
    );
    app.patch(
      '/api/roles/:id',
      {
        config: { permission: 'role:manage' },
        schema: {
          tags,
          summary: '修改角色及其权限',
          params: idParam,
          body: updateRoleBody,
          response: { 200: roleSchema },
        },
      },
      async (request) => {
        const { version, ...fields } = request.body;
        if (fields.permissions) fields.permissions = checkPermissions(fields.permissions);
        return deps.db.transaction(async (tx) => {
          const [before] = await tx
            .select()
            .from(role)
            .where(eq(role.id, request.params.id))
            .for('update');
          if (!before) throw notFound();
          if (before.version !== version) throw new AppError('CONFLICT');
          if (
            before.code === 'system_admin' &&
            fields.permissions &&
            !fields.permissions.includes('role:manage')
          ) {
            throw fieldError('permissions', '系统管理员角色必须保留“管理角色与权限”');
          }
          const [row] = await tx
            .update(role)
            .set({ ...fields, version: before.version + 1, updatedAt: new Date() })
            .where(eq(role.id, before.id))
            .returning();
          if (!row) throw new AppError('INTERNAL');
          await writeAudit(tx, auditContext(request), [
            {
              action: 'role.update',
              entityType: 'role',
              entityId: row.id,
              changes: diff(before, fields),
            },
          ]);
          return present(row);
        });
      },
    );
  };
}
