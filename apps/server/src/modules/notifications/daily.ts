// The notification centre's daily run (claimed through scheduled_run `notifications_daily:<date>`,
// so one instance runs it however many there are): every producer reads what is due, then one
// transaction under an advisory lock records each (user, kind, item key) in notification_dispatch
// — only the rows it could insert become notifications, so a second run, a run on another
// instance or an on-demand run beside the schedule sends nothing twice — and gives every user
// with anything waiting one digest for the day (每日待办摘要), its lines kept for the centre.
import {
  DIGEST_KIND,
  NOTIFICATION_KIND_INFO,
  type DigestLine,
  type NotificationRunResult,
} from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db, Tx } from '../../db/client';
import { SYSTEM_CONTEXT, writeAudit, type AuditContext } from '../../lib/audit';
import { claimDailyRun, registerDailyJob } from '../jobs/daily';
import type { JobRunner } from '../jobs/runner';
import { PRODUCERS } from './producers';
import type { DueItem } from './producers/types';

export const NOTIFICATIONS_DAILY_JOB = 'notifications_daily';

interface Row {
  user_id: number;
  kind: string;
  item_key: string;
  title: string;
  body: string;
  link: string;
  detail: DigestDetail | null;
}

/** What a digest row keeps for the centre to show. */
export interface DigestDetail {
  unread: number;
  lines: DigestLine[];
}

/** Inserts the rows whose (user, kind, key) was never sent, and their notifications. */
async function dispatch(tx: Tx, date: string, rows: Row[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map<string, number>();
  const sent = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    const { rows: fresh } = await tx.execute<{ kind: string }>(sql`
      with x as (
        select distinct on (user_id, kind, item_key) *
          from json_to_recordset(${JSON.stringify(chunk)}::json)
            as x(user_id bigint, kind text, item_key text, title text, body text, link text,
                 detail jsonb)
      ), d as (
        insert into notification_dispatch (user_id, kind, item_key, sent_on, detail)
        select user_id, kind, item_key, ${date}::date, detail from x
        on conflict do nothing
        returning user_id, kind, item_key
      ), n as (
        insert into notification (user_id, kind, title, body, link)
        select x.user_id, x.kind, left(x.title, 200), x.body, x.link
          from x join d using (user_id, kind, item_key)
        returning kind
      )
      select kind from n`);
    for (const f of fresh) sent.set(f.kind, (sent.get(f.kind) ?? 0) + 1);
  }
  return sent;
}

export async function runDailyNotifications(
  db: Db,
  ctx: AuditContext,
  date: string,
): Promise<NotificationRunResult> {
  // Reading first, outside the write transaction: the training report alone takes seconds.
  const items: { kind: string; item: DueItem }[] = [];
  const lines = new Map<number, DigestLine[]>();
  for (const p of PRODUCERS) {
    const r = await p.collect(db, date);
    for (const item of r.items) items.push({ kind: p.kind, item });
    for (const [userId, count] of r.counts) {
      const l = lines.get(userId) ?? [];
      l.push({ kind: p.kind, count, link: NOTIFICATION_KIND_INFO[p.kind].link });
      lines.set(userId, l);
    }
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${NOTIFICATIONS_DAILY_JOB}))`);
    const sentMap = await dispatch(
      tx,
      date,
      items.map(({ kind, item }) => ({
        user_id: item.userId,
        kind,
        item_key: item.itemKey,
        title: item.title,
        body: item.body,
        link: item.link,
        detail: null,
      })),
    );
    // The digest: unread notifications (after today's items) and the producers' counts.
    const { rows: unread } = await tx.execute<{ user_id: number; n: number }>(sql`
      select n.user_id, count(*)::int as n from notification n
        join app_user u on u.id = n.user_id and u.active
       where n.read_at is null group by n.user_id`);
    const unreadBy = new Map(unread.map((u) => [Number(u.user_id), Number(u.n)]));
    const users = new Set([...lines.keys(), ...unreadBy.keys()]);
    const digests: Row[] = [];
    for (const userId of users) {
      const l = lines.get(userId) ?? [];
      const u = unreadBy.get(userId) ?? 0;
      const parts = [
        ...(u > 0 ? [`未读消息 ${u} 条`] : []),
        ...l.map((x) => `${NOTIFICATION_KIND_INFO[x.kind].zh} ${x.count}`),
      ];
      digests.push({
        user_id: userId,
        kind: DIGEST_KIND,
        item_key: date,
        title: `每日待办摘要：${date}`,
        body: parts.join('；'),
        link: `/notifications?kind=digest`,
        detail: { unread: u, lines: l },
      });
    }
    const digestSent = await dispatch(tx, date, digests);
    const sent = Object.fromEntries([...sentMap]);
    const result = { date, sent, digests: digestSent.get(DIGEST_KIND) ?? 0 };
    await writeAudit(tx, ctx, [
      {
        action: 'notification.daily',
        entityType: 'notification',
        orgPath: null,
        changes: result,
      },
    ]);
    return result;
  });
}

/** Claims today's run for this installation (see jobs/daily.ts). */
export function claimDailyNotificationRun(db: Db, date: string): Promise<number | null> {
  return claimDailyRun(db, NOTIFICATIONS_DAILY_JOB, date);
}

export function registerNotificationJob(
  app: FastifyInstance,
  db: Db,
  runner: JobRunner,
  schedule: boolean,
): void {
  registerDailyJob(app, db, runner, {
    kind: NOTIFICATIONS_DAILY_JOB,
    schedule,
    run: (date) => runDailyNotifications(db, SYSTEM_CONTEXT, date),
  });
}
