// The public honour roll's cache (荣誉榜缓存): residents read a community's roll far more often
// than commendations are recorded, so each instance keeps the answer in memory for 30 s. A
// commendation recorded on this instance drops the cache at once; other instances catch up within
// the TTL (the roll is not time-critical, unlike a withdrawn disclosure).
import type { PublicHonorRoll } from '@cwp/contracts';

export class HonorRollCache {
  private readonly entries = new Map<number, { at: number; value: PublicHonorRoll | null }>();
  constructor(
    private readonly ttlMs = 30_000,
    private readonly maxEntries = 20_000,
  ) {}

  /** The cached roll (null = "no such community", cached too), or undefined on a miss. */
  get(id: number, now = Date.now()): PublicHonorRoll | null | undefined {
    const e = this.entries.get(id);
    if (e && now - e.at < this.ttlMs) return e.value;
    if (e) this.entries.delete(id);
    return undefined;
  }

  set(id: number, value: PublicHonorRoll | null, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(id, { at: now, value });
  }

  clear(): void {
    this.entries.clear();
  }
}
