// The connection pool (db/client.ts connect): after a burst it closes the connections beyond
// POOL_MIN that sit idle, and keeps POOL_MIN open however long they wait, so that a quiet server's
// next request runs on a warm backend instead of a new one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, POOL_MIN, type Database } from '../src/db/client';
import { createTestDatabase, type TestDatabase } from '../../../tests/setup/db';

let t: TestDatabase;
let db: Database;
beforeAll(async () => {
  t = await createTestDatabase();
  // A 200 ms idle timeout in place of pg-pool's 10 s, so the test need not wait.
  db = connect(t.url, 10, 200);
});
afterAll(async () => {
  await db?.close();
  await t?.drop();
});

const backend = async (sleep = 0) =>
  (await db.pool.query<{ pid: number }>('select pg_backend_pid() as pid, pg_sleep($1)', [sleep]))
    .rows[0]?.pid;

describe('connection pool', () => {
  it('keeps POOL_MIN connections open after an idle spell, and reuses them', async () => {
    expect(POOL_MIN).toBeGreaterThan(0);
    // A burst of six side-by-side queries opens six connections.
    const burst = new Set(await Promise.all(Array.from({ length: 6 }, () => backend(0.1))));
    expect(burst.size).toBe(6);
    expect(db.pool.totalCount).toBe(6);
    // Idle for well over the timeout: the pool shrinks to POOL_MIN and no further.
    await new Promise((r) => setTimeout(r, 800));
    expect(db.pool.totalCount).toBe(POOL_MIN);
    expect(db.pool.idleCount).toBe(POOL_MIN);
    // The next queries run on backends of the burst: no new connection was opened.
    const after = await Promise.all(Array.from({ length: POOL_MIN }, () => backend(0.05)));
    for (const pid of after) expect(burst.has(pid)).toBe(true);
    expect(db.pool.totalCount).toBe(POOL_MIN);
  });
});
