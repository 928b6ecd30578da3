// In-app notifications (站内消息): written by other modules inside their own transactions (an
// approval submitted, a request decided), read and marked read by their recipient only.
import {
  DIGEST_KIND,
  NOTIFICATION_KINDS,
  digestLine,
  type NotificationCentreQuery,
  type NotificationDigestView,
  type NotificationView,
} from '@cwp/contracts';
import {
  and,
  count,
  desc,
  eq,
  inArray,
  isNull,
  like,
  notInArray,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client';
import { notification } from '../../db/schema-career';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { notFound } from '../../lib/errors';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string | null;
  link?: string | null;
}

/** Sends one notification to each user; runs in the caller's transaction. */
export async function notifyUsers(
  tx: DbOrTx,
  userIds: readonly number[],
  n: NewNotification,
): Promise<number> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return 0;
  await tx.insert(notification).values(
    unique.map((userId) => ({
      userId,
      kind: n.kind,
      title: n.title.slice(0, 200),
      body: n.body ?? null,
      link: n.link ?? null,
    })),
  );
  return unique.length;
}

function present(row: typeof notification.$inferSelect): NotificationView {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** The notification kinds a filter of the centre selects. */
function kindCondition(kind: NotificationCentreQuery['kind']): SQL | undefined {
  if (kind === undefined) return undefined;
  if (kind === 'digest') return eq(notification.kind, DIGEST_KIND);
  if (kind === 'other') return notInArray(notification.kind, [...NOTIFICATION_KINDS, DIGEST_KIND]);
  // Approvals: every approval notification (pending, decided, commented) belongs to the kind.
  if (kind === 'approval.pending')
    return or(eq(notification.kind, kind), like(notification.kind, 'approval.%'));
  return eq(notification.kind, kind);
}

export async function listNotifications(
  db: Db,
  auth: AuthContext,
  q: { unread: boolean; kind?: NotificationCentreQuery['kind']; page: number; pageSize: number },
): Promise<{ items: NotificationView[]; total: number; unread: number }> {
  const mine = eq(notification.userId, auth.userId);
  const cond = and(mine, q.unread ? isNull(notification.readAt) : undefined, kindCondition(q.kind));
  const [rows, [total], [unread]] = await Promise.all([
    db
      .select()
      .from(notification)
      .where(cond)
      .orderBy(desc(notification.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(notification).where(cond),
    db
      .select({ n: count() })
      .from(notification)
      .where(and(mine, isNull(notification.readAt))),
  ]);
  return { items: rows.map(present), total: total?.n ?? 0, unread: unread?.n ?? 0 };
}

/** Marks one of the caller's notifications read; someone else's answers 404. Idempotent. */
export async function markRead(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
): Promise<NotificationView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(notification)
      .where(and(eq(notification.id, id), eq(notification.userId, auth.userId)))
      .for('update');
    if (!row) throw notFound();
    if (row.readAt) return present(row);
    const [updated] = await tx
      .update(notification)
      .set({ readAt: new Date() })
      .where(eq(notification.id, id))
      .returning();
    await writeAudit(tx, ctx, [
      {
        action: 'notification.read',
        entityType: 'notification',
        entityId: id,
        orgPath: auth.orgPath,
      },
    ]);
    return present(updated ?? row);
  });
}

/** Marks all of the caller's unread notifications read; returns how many. */
export async function markAllRead(db: Db, auth: AuthContext, ctx: AuditContext): Promise<number> {
  return db.transaction(async (tx) => {
    const ids = (
      await tx
        .select({ id: notification.id })
        .from(notification)
        .where(and(eq(notification.userId, auth.userId), isNull(notification.readAt)))
        .for('update')
    ).map((r) => r.id);
    if (ids.length === 0) return 0;
    await tx
      .update(notification)
      .set({ readAt: sql`now()` })
      .where(inArray(notification.id, ids));
    await writeAudit(tx, ctx, [
      {
        action: 'notification.read_all',
        entityType: 'notification',
        orgPath: auth.orgPath,
        changes: { count: ids.length },
      },
    ]);
    return ids.length;
  });
}

const digestDetail = z.object({ unread: z.number().int(), lines: z.array(digestLine) });

/** The caller's latest daily digest with its lines (kind, count, screen). */
export async function latestDigest(db: Db, auth: AuthContext): Promise<NotificationDigestView> {
  const { rows } = await db.execute<{
    sent_on: string;
    detail: unknown;
    notification_id: number | null;
  }>(sql`
    select to_char(d.sent_on, 'YYYY-MM-DD') as sent_on, d.detail,
           (select n.id from notification n
             where n.user_id = d.user_id and n.kind = ${DIGEST_KIND}
               and n.created_at >= d.created_at - interval '1 minute'
             order by n.id limit 1) as notification_id
      from notification_dispatch d
     where d.user_id = ${auth.userId} and d.kind = ${DIGEST_KIND}
     order by d.sent_on desc limit 1`);
  const row = rows[0];
  const detail = digestDetail.safeParse(row?.detail);
  if (!row || !detail.success) return { date: null, notificationId: null, lines: [], unread: 0 };
  return {
    date: row.sent_on,
    notificationId: row.notification_id === null ? null : Number(row.notification_id),
    lines: detail.data.lines,
    unread: detail.data.unread,
  };
}
