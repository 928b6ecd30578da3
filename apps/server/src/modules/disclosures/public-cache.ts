// The public disclosure pages' cache (公开页面缓存). Residents read a community's page far more
// often than it changes, so each instance keeps the answer in memory, pre-serialised:
// - publication, withdrawal and correction on this instance drop the entry right after commit;
// - other instances hear the same change through PostgreSQL LISTEN/NOTIFY on the
//   `disclosure_changed` channel (the service sends pg_notify inside its transaction, so the
//   notice arrives only after commit);
// - a short TTL (30 s) bounds staleness if the listening connection is lost and re-established.
// Cache misses touch the database, so they (not hits) are limited per client address.
import type pg from 'pg';
import { DISCLOSURE_CHANNEL } from './service';

import type { PublicDisclosureItem, PublicDisclosureList } from '@cwp/contracts';

interface Entry<T> {
  at: number;
  /** null caches "no such community / item" too, so probes stay cheap. */
  value: T | null;
}

/** A bounded map whose entries expire after ttlMs; keys start with the community id. */
class TtlMap<T> {
  private readonly entries = new Map<string, Entry<T>>();
  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, now: number): Entry<T> | undefined {
    const e = this.entries.get(key);
    if (e && now - e.at < this.ttlMs) return e;
    if (e) this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T | null, now: number): void {
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let drop = Math.ceil(this.maxEntries / 10);
      for (const k of this.entries.keys()) {
        this.entries.delete(k);
        if (--drop <= 0) break;
      }
    }
    this.entries.set(key, { at: now, value });
  }

  dropCommunity(communityId: number): void {
    const prefix = `${communityId}:`;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }
}

export interface CacheOptions {
  ttlMs: number;
  maxEntries: number;
  missesPerMinute: number;
}

export class PublicDisclosureCache {
  readonly lists: TtlMap<PublicDisclosureList>;
  readonly items: TtlMap<PublicDisclosureItem>;
  private readonly misses = new Map<string, { windowStart: number; n: number }>();
  private listener: pg.PoolClient | null = null;
  private closed = false;

  constructor(
    private readonly opts: CacheOptions = {
      ttlMs: 30_000,
      maxEntries: 20_000,
      missesPerMinute: 120,
    },
  ) {
    this.lists = new TtlMap(opts.ttlMs, opts.maxEntries);
    this.items = new TtlMap(opts.ttlMs, opts.maxEntries);
  }

  /** Drops every cached page of one community. */
  invalidate(communityId: number): void {
    this.lists.dropCommunity(communityId);
    this.items.dropCommunity(communityId);
  }

  clear(): void {
    this.lists.clear();
    this.items.clear();
  }

  /** True when this client may cause another database read this minute. */
  allowMiss(client: string, now = Date.now()): boolean {
    const m = this.misses.get(client);
    if (!m || now - m.windowStart >= 60_000) {
      if (this.misses.size > 50_000) this.misses.clear();
      this.misses.set(client, { windowStart: now, n: 1 });
      return true;
    }
    m.n += 1;
    return m.n <= this.opts.missesPerMinute;
  }

  /** Listens for changes made by any instance; reconnects after a lost connection. */
  async listen(pool: pg.Pool, onError: (err: unknown) => void): Promise<void> {
    if (this.closed) return;
    try {
      const client = await pool.connect();
      this.listener = client;
      client.on('notification', (msg) => {
        if (msg.channel === DISCLOSURE_CHANNEL && msg.payload) {
          const id = Number(msg.payload);
          if (Number.isSafeInteger(id)) this.invalidate(id);
        }
      });
      client.on('error', (err) => {
        // Once closed or already handled, the client has gone back to the pool: release it once.
        if (this.listener !== client) return;
        onError(err);
        this.clear();
        this.listener = null;
        client.release(err);
        if (!this.closed) setTimeout(() => void this.listen(pool, onError), 5_000).unref();
      });
      await client.query(`listen ${DISCLOSURE_CHANNEL}`);
    } catch (err) {
      onError(err);
      if (!this.closed) setTimeout(() => void this.listen(pool, onError), 5_000).unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.listener = null;
    if (client) {
      try {
        await client.query(`unlisten ${DISCLOSURE_CHANNEL}`);
      } finally {
        client.release();
      }
    }
  }
}
