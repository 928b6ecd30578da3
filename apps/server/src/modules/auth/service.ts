// Login, logout and password changes. Failures count toward a temporary lock; every attempt,
// success or not, lands in the audit trail.
import { checkPasswordPolicy } from '@cwp/core';
import type { CurrentUser } from '@cwp/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { appUser, session } from '../../db/schema';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError } from '../../lib/errors';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../lib/password';
import { newToken, sessionIdOf } from '../../plugins/auth';

export function presentCurrentUser(auth: AuthContext, english = false): CurrentUser {
  return {
    id: auth.userId,
    username: auth.username,
    displayName: auth.displayName,
    mustChangePassword: auth.mustChangePassword,
    orgUnit: { id: auth.orgUnitId, name: auth.orgName, level: auth.orgLevel },
    roles: auth.roles.map((r) => ({ code: r.code, name: english ? r.nameEn : r.nameZh })),
    permissions: [...auth.permissions].sort(),
    workerId: auth.workerId,
  };
}

export interface LoginResult {
  token: string;
  csrfToken: string;
}

export async function login(
  db: Db,
  cfg: Config,
  ctx: AuditContext,
  username: string,
  password: string,
  userAgent: string | null,
): Promise<LoginResult> {
  const [user] = await db
    .select()
    .from(appUser)
    .where(sql`lower(${appUser.username}) = lower(${username})`)
    .limit(1);
  const failCtx = { ...ctx, actorId: user?.id ?? null, actorName: username };
  if (!user) {
    await verifyPassword(password, DUMMY_HASH);
    await db.transaction((tx) =>
      writeAudit(tx, failCtx, [
        { action: 'auth.login_failed', entityType: 'user', changes: { reason: 'unknown_user' } },
      ]),
    );
    throw new AppError('INVALID_CREDENTIALS');
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    await db.transaction((tx) =>
      writeAudit(tx, failCtx, [
        {
          action: 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          changes: { reason: 'locked' },
        },
      ]),
    );
    throw new AppError('ACCOUNT_LOCKED');
  }
  const ok = await verifyPassword(password, user.passwordHash);
  if (!ok || !user.active) {
    // Count under a row lock: concurrent guesses must not all read the same counter and so
    // slip past the lock.
    const outcome = await db.transaction(async (tx) => {
      const [current] = await tx
        .select({ failedLogins: appUser.failedLogins, lockedUntil: appUser.lockedUntil })
        .from(appUser)
        .where(eq(appUser.id, user.id))
        .for('update');
      if (current?.lockedUntil && current.lockedUntil.getTime() > Date.now()) {
        await writeAudit(tx, failCtx, [
          {
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user.id,
            changes: { reason: 'locked' },
          },
        ]);
        return 'locked' as const;
      }
      const failures = (current?.failedLogins ?? user.failedLogins) + 1;
      const lock = failures >= cfg.LOGIN_MAX_FAILURES;
      await tx
        .update(appUser)
        .set(
          lock
            ? {
                failedLogins: 0,
                lockedUntil: new Date(Date.now() + cfg.LOGIN_LOCK_MINUTES * 60_000),
              }
            : { failedLogins: failures },
        )
        .where(eq(appUser.id, user.id));
      await writeAudit(tx, failCtx, [
        {
          action: lock ? 'auth.locked' : 'auth.login_failed',
          entityType: 'user',
          entityId: user.id,
          changes: { reason: ok ? 'inactive' : 'wrong_password', failures },
        },
      ]);
      return lock ? ('locked' as const) : ('failed' as const);
    });
    if (outcome === 'locked') throw new AppError('ACCOUNT_LOCKED');
    throw new AppError('INVALID_CREDENTIALS');
  }
  const token = newToken();
  const csrfToken = newToken();
  await db.transaction(async (tx) => {
    await tx
      .update(appUser)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
      .where(eq(appUser.id, user.id));
    await tx.insert(session).values({
      id: sessionIdOf(token, cfg.sessionSecret),
      userId: user.id,
      csrfToken,
      expiresAt: new Date(Date.now() + cfg.SESSION_ABSOLUTE_HOURS * 3_600_000),
      ip: ctx.ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    await writeAudit(tx, { ...ctx, actorId: user.id, actorName: user.username }, [
      { action: 'auth.login', entityType: 'user', entityId: user.id },
    ]);
  });
  return { token, csrfToken };
}

export async function logout(db: Db, ctx: AuditContext, auth: AuthContext): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(session).where(eq(session.id, auth.sessionId));
    await writeAudit(tx, ctx, [
      { action: 'auth.logout', entityType: 'user', entityId: auth.userId },
    ]);
  });
}

export async function changePassword(
  db: Db,
  ctx: AuditContext,
  auth: AuthContext,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const [user] = await db.select().from(appUser).where(eq(appUser.id, auth.userId));
  if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new AppError('WRONG_PASSWORD', [{ path: 'currentPassword', message: '原密码不正确' }]);
  }
  const policy = checkPasswordPolicy(newPassword, user.username);
  if (!policy.ok) throw fieldError('newPassword', policy.message);
  if (currentPassword === newPassword) throw fieldError('newPassword', '新密码不能与原密码相同');
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(appUser)
      .set({
        passwordHash,
        mustChangePassword: false,
        passwordChangedAt: new Date(),
        updatedAt: new Date(),
        version: sql`${appUser.version} + 1`,
      })
      .where(eq(appUser.id, auth.userId));
    // Other sessions of this user end: a changed password should lock out whoever else had it.
    await tx
      .delete(session)
      .where(and(eq(session.userId, auth.userId), sql`${session.id} <> ${auth.sessionId}`));
    await writeAudit(tx, ctx, [
      { action: 'user.password_changed', entityType: 'user', entityId: auth.userId },
    ]);
  });
}
