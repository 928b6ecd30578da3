// The in-process session cache (会话缓存). Every signed-in request needs its session, user, unit
// and role permissions; reading them from PostgreSQL costs a round trip that is often longer than
// the request's own query (the roster's deep page: ~1 ms of SQL). Each instance therefore keeps
// the rows it has read, and drops them when anything they were built from changes:
// - triggers on session, app_user, user_role, role and org_unit send pg_notify on the
//   `auth_changed` channel (migration 0018): `s:<session id>` when a session ends or changes,
//   `u:<user id>` when a user's account or roles change, `*` when a role or an org unit changes;
//   NOTIFY is delivered after commit, to every instance including this one;
// - this instance also empties its cache after every unsafe request it answers (plugins/auth.ts),
//   so its own next request never races the notification of its own change;
// - entries live at most SESSION_CACHE_SECONDS, and the cache serves nothing while its listening
//   connection is down (a lost notification cannot keep a revoked session alive).
// The same cache keeps the paths of org units named in requests (the roster's `orgUnitId`), which
// only a change to org_unit (notified as `*`) can make wrong.
// Idle and absolute expiry are still checked on every request against the cached timestamps; an
// entry that looks idle is re-read, since another instance may have seen the user more recently.
import type pg from 'pg';

export const AUTH_CHANNEL = 'auth_changed';

interface Entry<T> {
  at: number;
  userId: number;
  value: T;
}

export class SessionCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** user id → that user's cached session ids, so a change to one user is cheap to apply. */
  private readonly byUser = new Map<number, Set<string>>();
  /** org unit id → path, for requests that name a unit (`?orgUnitId=`); a move notifies `*`. */
  private readonly unitPaths = new Map<number, string>();
  private listener: pg.PoolClient | null = null;
  private closed = false;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  /** Serving from memory needs a TTL and a live listening connection. */
  get enabled(): boolean {
    return this.ttlMs > 0 && this.listener !== null && !this.closed;
  }

  get size(): number {
    return this.entries.size;
  }

  get(sessionId: string, now = Date.now()): T | undefined {
    if (!this.enabled) return undefined;
    const e = this.entries.get(sessionId);
    if (!e) return undefined;
    if (now - e.at >= this.ttlMs) {
      this.drop(sessionId);
      return undefined;
    }
    return e.value;
  }

  set(sessionId: string, userId: number, value: T, now = Date.now()): void {
    if (!this.enabled) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: drop the oldest tenth.
      const drop = Math.ceil(this.maxEntries / 10);
      for (const k of [...this.entries.keys()].slice(0, drop)) this.drop(k);
    }
    this.drop(sessionId);
    this.entries.set(sessionId, { at: now, userId, value });
    let ids = this.byUser.get(userId);
    if (!ids) this.byUser.set(userId, (ids = new Set()));
    ids.add(sessionId);
  }

  drop(sessionId: string): void {
    const e = this.entries.get(sessionId);
    if (!e) return;
    this.entries.delete(sessionId);
    const ids = this.byUser.get(e.userId);
    ids?.delete(sessionId);
    if (ids?.size === 0) this.byUser.delete(e.userId);
  }

  dropUser(userId: number): void {
    for (const id of this.byUser.get(userId) ?? []) this.entries.delete(id);
    this.byUser.delete(userId);
  }

  clear(): void {
    this.entries.clear();
    this.byUser.clear();
    this.unitPaths.clear();
  }

  unitPath(id: number): string | undefined {
    return this.enabled ? this.unitPaths.get(id) : undefined;
  }

  setUnitPath(id: number, path: string): void {
    if (!this.enabled) return;
    if (this.unitPaths.size >= this.maxEntries) this.unitPaths.clear();
    this.unitPaths.set(id, path);
  }

  /** Applies one `auth_changed` payload. */
  apply(payload: string): void {
    if (payload.startsWith('s:')) this.drop(payload.slice(2));
    else if (payload.startsWith('u:')) {
      const id = Number(payload.slice(2));
      if (Number.isSafeInteger(id)) this.dropUser(id);
      else this.clear();
    } else this.clear();
  }

  /** Listens for changes made by any instance; reconnects after a lost connection. */
  async listen(pool: pg.Pool, onError: (err: unknown) => void): Promise<void> {
    if (this.closed || this.ttlMs <= 0) return;
    const retry = () => {
      if (!this.closed) setTimeout(() => void this.listen(pool, onError), 5_000).unref();
    };
    let client: pg.PoolClient | null = null;
    try {
      client = await pool.connect();
      const c = client;
      c.on('notification', (msg) => {
        if (msg.channel === AUTH_CHANNEL) this.apply(msg.payload ?? '*');
      });
      c.on('error', (err) => {
        if (this.listener !== c) return;
        onError(err);
        this.listener = null;
        this.clear();
        c.release(err);
        retry();
      });
      await c.query(`listen ${AUTH_CHANNEL}`);
      if (this.closed) {
        c.release();
        return;
      }
      // Anything cached before the listener was up may have missed a notification.
      this.clear();
      this.listener = c;
    } catch (err) {
      onError(err);
      if (client && this.listener !== client) client.release(err instanceof Error ? err : true);
      retry();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clear();
    const client = this.listener;
    this.listener = null;
    if (client) {
      try {
        await client.query(`unlisten ${AUTH_CHANNEL}`);
      } finally {
        client.release();
      }
    }
  }
}
