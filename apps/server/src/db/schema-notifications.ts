// Notification centre (消息中心): what the daily run has already sent. One row per (user, kind,
// item key) makes every producer idempotent — a second run, or a run on another instance, inserts
// nothing for an item already sent — and the daily digest is the row of kind `digest.daily` keyed
// by its date, whose `detail` holds the digest's lines (kind, count, link) for the centre to show.
// drizzle.config.ts reads every schema*.ts.
import {
  bigint,
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { appUser } from './schema';

export const notificationDispatch = pgTable(
  'notification_dispatch',
  {
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** The item and its due cycle, e.g. `<rectification id>:<deadline>` or `<YYYY-MM>`. */
    itemKey: text('item_key').notNull(),
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
    /** The digest's lines; null for an item notification. */
    detail: jsonb('detail'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind, t.itemKey] }),
    index('notification_dispatch_sent_idx').on(t.sentOn),
  ],
);
