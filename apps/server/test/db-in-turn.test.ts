// inTurn (db/client.ts): independent queries side by side on the pool, one after another in a
// transaction, whose one connection runs one statement at a time (pg 9 will refuse a second).
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTurn } from '../src/db/client';
import { createTestApp, type TestApp } from '../../../tests/setup/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('inTurn', () => {
  /** Two queries of 50 ms each, recording when each starts and ends. */
  function twoQueries(db: Parameters<typeof inTurn>[0], events: string[]) {
    const query = (name: string, value: number) => async () => {
      events.push(`${name} start`);
      const r = await db.execute<{ v: number }>(sql`select ${value}::int as v, pg_sleep(0.05)`);
      events.push(`${name} end`);
      return r.rows[0]?.v;
    };
    return [query('a', 1), query('b', 2)] as const;
  }

  it('runs a transaction’s queries one after another, in order, with their results', async () => {
    const events: string[] = [];
    const got = await t.db.db.transaction(async (tx) => inTurn(tx, ...twoQueries(tx, events)));
    expect(got).toEqual([1, 2]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('runs the pool’s queries side by side', async () => {
    const events: string[] = [];
    const got = await inTurn(t.db.db, ...twoQueries(t.db.db, events));
    expect(got).toEqual([1, 2]);
    expect(events.slice(0, 2)).toEqual(['a start', 'b start']);
  });
});
