import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema';

// bigint columns (counts, ids) come back as JS numbers; ids stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * Runs independent queries side by side on the pool, or one after another in a transaction: a
 * transaction is one connection, which runs one statement at a time (pg 8 queues a second one with
 * a deprecation warning, pg 9 will refuse it). Each query is given as a function, so that none
 * starts before its turn (drizzle's builders run when awaited).
 */
export async function inTurn<T extends readonly unknown[]>(
  db: DbOrTx,
  ...queries: { [K in keyof T]: () => PromiseLike<T[K]> }
): Promise<T> {
  if (!(db instanceof PgTransaction))
    return (await Promise.all(queries.map((q) => q()))) as unknown as T;
  const out: unknown[] = [];
  for (const q of queries) out.push(await q());
  return out as unknown as T;
}

export interface Database {
  pool: pg.Pool;
  db: Db;
  close(): Promise<void>;
}

/**
 * Connections the pool keeps open however long they sit idle (pg-pool opens them on demand and
 * closes the others after 10 s idle). A new connection costs a fork and an authentication, and a
 * new backend then maps each page of shared_buffers into its address space the first time it
 * touches it: with 256 MB of shared_buffers, 53,000 page faults and ~1.2 s spread over its first
 * ~40 district roster counts here (40 ms each at first, 7 ms once warm); the cost grows with
 * shared_buffers. The pool hands out the most recently used connection first, so the kept ones
 * are the warm ones. See docs/PERFORMANCE.md (session of 2026-11-28).
 */
export const POOL_MIN = 4;

export function connect(
  url: string,
  max = 20,
  /** pg-pool's idle timeout (10 s); only tests shorten it. */
  idleTimeoutMillis?: number,
): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    min: Math.min(POOL_MIN, max),
    ...(idleTimeoutMillis === undefined ? {} : { idleTimeoutMillis }),
    application_name: 'cwp',
  });
  // An idle client error (e.g. the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  const db = drizzle(pool, { schema });
  return { pool, db, close: () => pool.end() };
}
