// A producer finds, for one day, what is due in one area (contracts, training, care …) and says
// whom it concerns: item notifications (each with a key naming the item and its due cycle, so the
// daily run sends it once) and a count per user for the daily digest. Producers only read other
// modules' tables or call their exported queries; the daily run (../daily.ts) writes.
import type { NotificationKind } from '@cwp/contracts';
import type { Db } from '../../../db/client';

export interface DueItem {
  userId: number;
  /** The item and its due cycle; a (user, kind, key) is notified once. */
  itemKey: string;
  title: string;
  body: string;
  /** Web route of the item. */
  link: string;
}

export interface ProducerResult {
  items: DueItem[];
  /** userId → how many of these are waiting in the user's scope today (for the digest). */
  counts: Map<number, number>;
}

export interface Producer {
  kind: NotificationKind;
  collect(db: Db, date: string): Promise<ProducerResult>;
}
