// Dictionary values are read on every validation, so they are cached in memory. Each instance
// reloads after its own writes and at most every 30 s, so edits made on another instance show up
// within that interval.
import type { Dictionary } from '@cwp/contracts';
import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { dictionary, dictionaryItem } from '../../db/schema';

const TTL_MS = 30_000;

export class DictionaryCache {
  private data: Map<string, Dictionary> | null = null;
  private loadedAt = 0;
  private loading: Promise<Map<string, Dictionary>> | null = null;

  constructor(private readonly db: Db) {}

  invalidate(): void {
    this.data = null;
  }

  async all(): Promise<Map<string, Dictionary>> {
    if (this.data && Date.now() - this.loadedAt < TTL_MS) return this.data;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  async get(code: string): Promise<Dictionary | undefined> {
    return (await this.all()).get(code);
  }

  /** True when `value` is an active item of dictionary `code`. */
  async has(code: string, value: string): Promise<boolean> {
    const d = await this.get(code);
    return !!d?.items.some((i) => i.code === value && i.active);
  }

  async label(code: string, value: string, english = false): Promise<string | undefined> {
    const item = (await this.get(code))?.items.find((i) => i.code === value);
    return english ? item?.labelEn : item?.labelZh;
  }

  private async load(): Promise<Map<string, Dictionary>> {
    const [dicts, items] = await Promise.all([
      this.db.select().from(dictionary).orderBy(asc(dictionary.code)),
      this.db
        .select()
        .from(dictionaryItem)
        .orderBy(asc(dictionaryItem.sort), asc(dictionaryItem.code)),
    ]);
    const map = new Map<string, Dictionary>();
    for (const d of dicts) map.set(d.code, { ...d, items: [] });
    for (const i of items) {
      map.get(i.dictionaryCode)?.items.push({
        id: i.id,
        code: i.code,
        labelZh: i.labelZh,
        labelEn: i.labelEn,
        sort: i.sort,
        active: i.active,
        version: i.version,
      });
    }
    this.data = map;
    this.loadedAt = Date.now();
    return map;
  }
}
