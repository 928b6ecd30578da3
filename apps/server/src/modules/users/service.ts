// Accounts. An administrator manages accounts inside their own subtree and may only grant roles
// whose permissions they hold themselves, so no one can create an account stronger than their own.
import { checkPasswordPolicy } from '@cwp/core';
import type { UserSummary } from '@cwp/contracts';
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { appUser, orgUnit, role, session, userRole } from '../../db/schema';
import { diff, writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { hashPassword } from '../../lib/password';
import { scopeToOrgUnits } from '../../lib/scope';
import { escapeLike } from '../org-units/service';

const rolesAgg = sql<
  string[]
>`coalesce((select array_agg(r.code order by r.code) from user_role ur join role r on r.id = ur.role_id where ur.user_id = ${appUser.id}), '{}')`;

const summaryCols = {
  id: appUser.id,
  username: appUser.username,
  displayName: appUser.displayName,
  orgUnitId: appUser.orgUnitId,
  orgUnitName: orgUnit.name,
  orgPath: orgUnit.path,
  roles: rolesAgg,
  active: appUser.active,
  mustChangePassword: appUser.mustChangePassword,
  lockedUntil: appUser.lockedUntil,
  lastLoginAt: appUser.lastLoginAt,
  version: appUser.version,
};

type SummaryRow = {
  id: number;
  username: string;
  displayName: string;
  orgUnitId: number;
  orgUnitName: string;
  orgPath: string;
  roles: string[];
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  version: number;
};

function present(row: SummaryRow): UserSummary {
  const locked =
    row.lockedUntil && row.lockedUntil.getTime() > Date.now()
      ? row.lockedUntil.toISOString()
      : null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    orgUnitId: row.orgUnitId,
    orgUnitName: row.orgUnitName,
    roles: row.roles,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    lockedUntil: locked,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    version: row.version,
  };
}

export async function listUsers(
  db: Db,
  auth: AuthContext,
  q: { q?: string | undefined; orgUnitId?: number | undefined; page: number; pageSize: number },
): Promise<{ items: UserSummary[]; total: number }> {
  const where: SQL[] = [scopeToOrgUnits(auth, orgUnit.path)];
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    const cond = or(ilike(appUser.username, like), ilike(appUser.displayName, like));
    if (cond) where.push(cond);
  }
  if (q.orgUnitId) {
    const [unit] = await db
      .select({ path: orgUnit.path })
      .from(orgUnit)
      .where(eq(orgUnit.id, q.orgUnitId));
    where.push(unit ? sql`${orgUnit.path} like ${`${unit.path}%`}` : sql`false`);
  }
  const cond = and(...where);
  const [rows, [count]] = await Promise.all([
    db
      .select(summaryCols)
      .from(appUser)
      .innerJoin(orgUnit, eq(orgUnit.id, appUser.orgUnitId))
      .where(cond)
      .orderBy(asc(orgUnit.path), asc(appUser.username))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(appUser)
      .innerJoin(orgUnit, eq(orgUnit.id, appUser.orgUnitId))
      .where(cond),
  ]);
  return { items: rows.map(present), total: count?.n ?? 0 };
}

async function loadInScope(db: DbOrTx, auth: AuthContext, id: number): Promise<SummaryRow> {
  const [row] = await db
    .select(summaryCols)
    .from(appUser)
    .innerJoin(orgUnit, eq(orgUnit.id, appUser.orgUnitId))
    .where(and(eq(appUser.id, id), scopeToOrgUnits(auth, orgUnit.path)));
  if (!row) throw notFound();
  return row;
}

export async function getUser(db: Db, auth: AuthContext, id: number): Promise<UserSummary> {
  return present(await loadInScope(db, auth, id));
}

async function orgInScope(
  db: DbOrTx,
  auth: AuthContext,
  orgUnitId: number,
): Promise<{ id: number; path: string }> {
  const [unit] = await db
    .select({ id: orgUnit.id, path: orgUnit.path, active: orgUnit.active })
    .from(orgUnit)
    .where(and(eq(orgUnit.id, orgUnitId), scopeToOrgUnits(auth, orgUnit.path)));
  if (!unit) throw fieldError('orgUnitId', '所属单位不存在或无权访问');
  if (!unit.active) throw fieldError('orgUnitId', '所属单位已停用');
  return unit;
}

/** Resolves role codes and refuses any role carrying a permission the caller lacks. */
async function grantableRoles(
  db: DbOrTx,
  auth: AuthContext,
  codes: string[],
): Promise<{ id: number; code: string }[]> {
  const unique = [...new Set(codes)];
  const rows = await db.select().from(role).where(inArray(role.code, unique));
  for (const code of unique) {
    const r = rows.find((x) => x.code === code);
    if (!r) throw fieldError('roles', `角色 ${code} 不存在`);
    const missing = r.permissions.filter((p) => !(auth.permissions as ReadonlySet<string>).has(p));
    if (missing.length > 0) throw fieldError('roles', `不能授予超出本人权限的角色：${r.nameZh}`);
  }
  return rows.map((r) => ({ id: r.id, code: r.code }));
}

export async function createUser(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: {
    username: string;
    displayName: string;
    orgUnitId: number;
    roles: string[];
    password: string;
  },
): Promise<UserSummary> {
  const policy = checkPasswordPolicy(body.password, body.username);
  if (!policy.ok) throw fieldError('password', policy.message);
  const passwordHash = await hashPassword(body.password);
  const id = await db.transaction(async (tx) => {
    const unit = await orgInScope(tx, auth, body.orgUnitId);
    const roles = await grantableRoles(tx, auth, body.roles);
    const [dupe] = await tx
      .select({ id: appUser.id })
      .from(appUser)
      .where(sql`lower(${appUser.username}) = lower(${body.username})`);
    if (dupe) throw fieldError('username', `用户名 ${body.username} 已被使用`);
    const [row] = await tx
      .insert(appUser)
      .values({
        username: body.username,
        displayName: body.displayName,
        orgUnitId: unit.id,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: appUser.id });
    if (!row) throw new AppError('INTERNAL');
    await tx.insert(userRole).values(roles.map((r) => ({ userId: row.id, roleId: r.id })));
    await writeAudit(tx, ctx, [
      {
        action: 'user.create',
        entityType: 'user',
        entityId: row.id,
        orgPath: unit.path,
        changes: {
          username: body.username,
          displayName: body.displayName,
          orgUnitId: unit.id,
          roles: roles.map((r) => r.code),
        },
      },
    ]);
    return row.id;
  });
  return getUser(db, auth, id);
}

export async function updateUser(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: {
    version: number;
    displayName?: string | undefined;
    orgUnitId?: number | undefined;
    roles?: string[] | undefined;
    active?: boolean | undefined;
  },
): Promise<UserSummary> {
  await db.transaction(async (tx) => {
    const before = await loadInScope(tx, auth, id);
    await tx.execute(sql`select 1 from app_user where id = ${id} for update`);
    const [current] = await tx
      .select({ version: appUser.version })
      .from(appUser)
      .where(eq(appUser.id, id));
    if (current?.version !== body.version) throw new AppError('CONFLICT');
    if (id === auth.userId && (body.active === false || body.roles !== undefined)) {
      throw fieldError(
        body.active === false ? 'active' : 'roles',
        '不能停用本人账号或修改本人的角色',
      );
    }
    let orgPath = before.orgPath;
    if (body.orgUnitId !== undefined && body.orgUnitId !== before.orgUnitId) {
      orgPath = (await orgInScope(tx, auth, body.orgUnitId)).path;
    }
    // Changing the roles of an account that already holds more than the caller would be an escalation too.
    await grantableRoles(tx, auth, before.roles);
    let roleCodes = before.roles;
    if (body.roles) {
      const roles = await grantableRoles(tx, auth, body.roles);
      await tx.delete(userRole).where(eq(userRole.userId, id));
      await tx.insert(userRole).values(roles.map((r) => ({ userId: id, roleId: r.id })));
      roleCodes = roles.map((r) => r.code).sort();
    }
    const fields = {
      ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
      ...(body.orgUnitId !== undefined ? { orgUnitId: body.orgUnitId } : {}),
      ...(body.active !== undefined ? { active: body.active } : {}),
    };
    await tx
      .update(appUser)
      .set({ ...fields, version: before.version + 1, updatedAt: new Date() })
      .where(eq(appUser.id, id));
    if (
      body.active === false ||
      (body.orgUnitId !== undefined && body.orgUnitId !== before.orgUnitId)
    ) {
      // A disabled or moved account must sign in again with its new scope.
      await tx.delete(session).where(eq(session.userId, id));
    }
    await writeAudit(tx, ctx, [
      {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        orgPath,
        changes: diff({ ...before, roles: before.roles } as Record<string, unknown>, {
          ...fields,
          roles: roleCodes,
        }),
      },
    ]);
  });
  return getUser(db, auth, id);
}

export async function resetPassword(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  password: string,
): Promise<void> {
  const before = await loadInScope(db, auth, id);
  const policy = checkPasswordPolicy(password, before.username);
  if (!policy.ok) throw fieldError('password', policy.message);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await grantableRoles(tx, auth, before.roles);
    await tx
      .update(appUser)
      .set({
        passwordHash,
        mustChangePassword: true,
        failedLogins: 0,
        lockedUntil: null,
        version: before.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(appUser.id, id));
    await tx.delete(session).where(eq(session.userId, id));
    await writeAudit(tx, ctx, [
      { action: 'user.password_reset', entityType: 'user', entityId: id, orgPath: before.orgPath },
    ]);
  });
}

export async function unlockUser(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
): Promise<UserSummary> {
  const before = await loadInScope(db, auth, id);
  await db.transaction(async (tx) => {
    // Same rule as editing: an account stronger than the caller is not theirs to unlock.
    await grantableRoles(tx, auth, before.roles);
    await tx.update(appUser).set({ failedLogins: 0, lockedUntil: null }).where(eq(appUser.id, id));
    await writeAudit(tx, ctx, [
      { action: 'user.unlock', entityType: 'user', entityId: id, orgPath: before.orgPath },
    ]);
  });
  return getUser(db, auth, id);
}
