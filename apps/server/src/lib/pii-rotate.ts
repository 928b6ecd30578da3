// Key rotation for personal data at rest: re-encrypts every value made with a key in PII_OLD_KEYS
// under PII_KEY and, with `reindex`, recomputes the blind indexes under PII_INDEX_KEY. This is the
// work behind `cli reencrypt-pii`; docs/SECURITY.md ("Secrets and key rotation") gives the
// procedure around it.
//
// It may run while the app serves. Each batch is one UPDATE (one transaction) that writes only the
// encrypted and blind-index columns, only of rows it can lock without waiting (SKIP LOCKED, so it
// never waits on a user's transaction and cannot deadlock with one), and only where the column
// still holds the ciphertext it read (an edit made meanwhile is never overwritten with the older
// plaintext). Rows it skipped are read again at the end of the table. `version` and `updated_at`
// are deliberately left alone: the plaintext does not change, and a bumped version would make every
// edit form opened before the run fail with "modified by someone else".
import { setTimeout as sleep } from 'node:timers/promises';
import { getTableName } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import * as schema from '../db/schema';
import { complaint } from '../db/schema-disclosure';
import { payrollPayee } from '../db/schema-payroll';
import { recruitmentApplication } from '../db/schema-recruitment';
import { SYSTEM_CONTEXT, writeAudit } from './audit';
import { tokenKeyId, type BlindIndexField, type Pii } from './pii';

export interface EncryptedColumn {
  /** The column holding `v1.<key id>.…` tokens (nullable columns may hold null). */
  enc: AnyPgColumn;
  /** Its blind index, when it has one: the keyed hash of the same plaintext. */
  index?: { column: AnyPgColumn; field: BlindIndexField };
}

export interface EncryptedTable {
  table: PgTable;
  /** A single-column primary key of positive integers: the batches walk it in order. */
  key: AnyPgColumn;
  columns: EncryptedColumn[];
}

/**
 * Every column that holds Pii ciphertext. A new encrypted column must be added here;
 * pii-rotate.test.ts compares this list with the token-shaped values found in the database.
 */
export const ENCRYPTED_COLUMNS: readonly EncryptedTable[] = [
  {
    table: schema.worker,
    key: schema.worker.id,
    columns: [
      {
        enc: schema.worker.idNumberEnc,
        index: { column: schema.worker.idNumberHash, field: 'id_number' },
      },
      { enc: schema.worker.phoneEnc, index: { column: schema.worker.phoneHash, field: 'phone' } },
    ],
  },
  {
    table: recruitmentApplication,
    key: recruitmentApplication.id,
    columns: [
      {
        enc: recruitmentApplication.idNumberEnc,
        index: { column: recruitmentApplication.idNumberHash, field: 'id_number' },
      },
      {
        enc: recruitmentApplication.phoneEnc,
        index: { column: recruitmentApplication.phoneHash, field: 'phone' },
      },
    ],
  },
  { table: payrollPayee, key: payrollPayee.workerId, columns: [{ enc: payrollPayee.accountEnc }] },
  { table: complaint, key: complaint.id, columns: [{ enc: complaint.submitterPhone }] },
];

export interface ReencryptOptions {
  /** Count (and try to decrypt) what would change; write nothing, not even the audit row. */
  dryRun: boolean;
  /** Also recompute every blind index under the current PII_INDEX_KEY (the app must be stopped). */
  reindex: boolean;
  /** Rows per batch (one UPDATE, one transaction). */
  batchSize: number;
  /** Progress and summary lines. */
  log: (line: string) => void;
  progressEveryMs?: number;
  /** The pauses before each new read of the rows left over (default about 8 s in all). */
  retryDelaysMs?: readonly number[];
  /** The tables to walk (tests only; default every encrypted table). */
  tables?: readonly EncryptedTable[];
}

export interface ColumnCounts {
  table: string;
  column: string;
  /** Values found under an old key. */
  stale: number;
  /** Values written under the current key (0 in a dry run). */
  reencrypted: number;
  /** Blind indexes rewritten (in a dry run: that would be rewritten); only with `reindex`. */
  reindexed: number;
  /** Values no configured key decrypts: left as they are. */
  undecryptable: number;
  /** Values still to do because their row stayed locked or kept changing: run again. */
  busy: number;
}

export interface Undecryptable {
  table: string;
  column: string;
  key: number;
  keyId: string;
}

export interface ReencryptResult {
  keyId: string;
  dryRun: boolean;
  reindex: boolean;
  columns: ColumnCounts[];
  /** Values re-encrypted (dry run: found) per key id they were under. */
  fromKeys: Record<string, number>;
  /** The first undecryptable values (at most 20), to name them to the operator. */
  undecryptableSample: Undecryptable[];
  total: {
    stale: number;
    reencrypted: number;
    reindexed: number;
    undecryptable: number;
    busy: number;
  };
  seconds: number;
}

const RUN_LOCK = 'cwp:reencrypt-pii';
const SAMPLE_LIMIT = 20;
const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000];

export class ReencryptBusyError extends Error {}

/** Runs the re-encryption (see the file header); writes one audit row unless it is a dry run. */
export async function reencryptPii(
  pool: pg.Pool,
  pii: Pii,
  opts: ReencryptOptions,
): Promise<ReencryptResult> {
  const started = Date.now();
  const result: ReencryptResult = {
    keyId: pii.currentKeyId,
    dryRun: opts.dryRun,
    reindex: opts.reindex,
    columns: [],
    fromKeys: {},
    undecryptableSample: [],
    total: { stale: 0, reencrypted: 0, reindexed: 0, undecryptable: 0, busy: 0 },
    seconds: 0,
  };
  const client = await pool.connect();
  try {
    const lock = await client.query<{ ok: boolean }>(
      'select pg_try_advisory_lock(hashtext($1)) as ok',
      [RUN_LOCK],
    );
    if (!lock.rows[0]?.ok)
      throw new ReencryptBusyError('another reencrypt-pii run is in progress on this database');
    let failure: unknown = null;
    try {
      for (const t of opts.tables ?? ENCRYPTED_COLUMNS)
        await new TableRun(client, pii, opts, t, result).run();
    } catch (err) {
      failure = err;
    }
    for (const c of result.columns)
      for (const k of ['stale', 'reencrypted', 'reindexed', 'undecryptable', 'busy'] as const)
        result.total[k] += c[k];
    result.seconds = Math.round((Date.now() - started) / 100) / 10;
    if (!opts.dryRun) {
      // Also after a failure: the batches before it are committed, and the trail should say so.
      try {
        await writeRunAudit(client, result, failure);
      } catch (err) {
        if (failure === null) throw err;
      }
    }
    if (failure !== null) throw failure;
    return result;
  } finally {
    // If the connection is gone the server released the lock with it; the pool must drop it.
    const unlocked = await client.query('select pg_advisory_unlock(hashtext($1))', [RUN_LOCK]).then(
      () => true,
      () => false,
    );
    client.release(!unlocked);
  }
}

async function writeRunAudit(
  client: pg.PoolClient,
  r: ReencryptResult,
  failure: unknown,
): Promise<void> {
  const db = drizzle(client, { schema });
  const columns: Record<string, Omit<ColumnCounts, 'table' | 'column'>> = {};
  for (const c of r.columns) {
    const { table, column, ...counts } = c;
    columns[`${table}.${column}`] = counts;
  }
  await writeAudit(db, { ...SYSTEM_CONTEXT, actorName: 'cli' }, [
    {
      action: 'system.reencrypt_pii',
      entityType: 'system',
      changes: {
        keyId: r.keyId,
        reindex: r.reindex,
        fromKeys: r.fromKeys,
        total: r.total,
        columns,
        seconds: r.seconds,
        ...(failure === null
          ? {}
          : { error: failure instanceof Error ? failure.message : String(failure) }),
      },
    },
  ]);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const asText = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** One column's change in one row: the ciphertext read, and what replaces it and its index. */
interface Change {
  old: string;
  enc: string | null;
  hash: string | null;
}

interface RowChanges {
  key: number;
  changes: (Change | null)[];
}

/** The walk over one table: keyset batches, then the rows left over, read again. */
class TableRun {
  private readonly name: string;
  private readonly keyCol: string;
  private readonly counts: ColumnCounts[];
  /** Whether every row is read (blind indexes to check) or only rows with a stale value. */
  private readonly allRows: boolean;
  private readonly selectList: string;
  /** Rows that may need work: a stale value (or, reading every row, true); $2 is the key id. */
  private readonly needsWork: string;
  private readonly needsWorkParams: string[];
  private rowsRead = 0;
  private lastProgress = Date.now();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly pii: Pii,
    private readonly opts: ReencryptOptions,
    private readonly t: EncryptedTable,
    private readonly result: ReencryptResult,
  ) {
    this.name = getTableName(t.table);
    this.keyCol = quote(t.key.name);
    this.counts = t.columns.map((c) => ({
      table: this.name,
      column: c.enc.name,
      stale: 0,
      reencrypted: 0,
      reindexed: 0,
      undecryptable: 0,
      busy: 0,
    }));
    result.columns.push(...this.counts);
    this.allRows = opts.reindex && t.columns.some((c) => c.index);
    this.selectList = [
      `${this.keyCol} as k`,
      ...t.columns.flatMap((c, i) => [
        `${quote(c.enc.name)} as e${i}`,
        ...(c.index ? [`${quote(c.index.column.name)} as h${i}`] : []),
      ]),
    ].join(', ');
    // split_part(…, 2) is the key id, as tokenKeyId reads it; null columns are never stale.
    this.needsWork = this.allRows
      ? ''
      : ` and (${t.columns.map((c) => `split_part(${quote(c.enc.name)}, '.', 2) <> $2`).join(' or ')})`;
    this.needsWorkParams = this.allRows ? [] : [pii.currentKeyId];
  }

  async run(): Promise<void> {
    const started = Date.now();
    let last = 0;
    let leftOver: number[] = [];
    for (;;) {
      const { rows } = await this.client.query<Record<string, unknown>>(
        `select ${this.selectList} from ${quote(this.name)}
          where ${this.keyCol} > $1${this.needsWork}
          order by ${this.keyCol} limit $${2 + this.needsWorkParams.length}`,
        [last, ...this.needsWorkParams, this.opts.batchSize],
      );
      if (rows.length === 0) break;
      last = Number(rows[rows.length - 1]?.k);
      this.rowsRead += rows.length;
      leftOver = leftOver.concat(await this.batch(rows, true));
      this.progress(false);
    }
    for (const delay of this.opts.retryDelaysMs ?? RETRY_DELAYS_MS) {
      if (leftOver.length === 0) break;
      await sleep(delay);
      const again: number[] = [];
      for (let i = 0; i < leftOver.length; i += this.opts.batchSize) {
        const { rows } = await this.client.query<Record<string, unknown>>(
          `select ${this.selectList} from ${quote(this.name)}
            where ${this.keyCol} = any($1::bigint[])${this.needsWork}
            order by ${this.keyCol}`,
          [leftOver.slice(i, i + this.opts.batchSize), ...this.needsWorkParams],
        );
        again.push(...(await this.batch(rows, false)));
      }
      leftOver = again;
    }
    // What is still left over is counted per column it would have changed.
    if (leftOver.length > 0) {
      const { rows } = await this.client.query<Record<string, unknown>>(
        `select ${this.selectList} from ${quote(this.name)}
          where ${this.keyCol} = any($1::bigint[])${this.needsWork}`,
        [leftOver, ...this.needsWorkParams],
      );
      for (const row of rows)
        this.t.columns.forEach((c, i) => {
          const v = asText(row[`e${i}`]);
          if (v !== null && (tokenKeyId(v) !== this.pii.currentKeyId || (this.allRows && c.index)))
            (this.counts[i] as ColumnCounts).busy++;
        });
    }
    this.progress(true, Date.now() - started);
  }

  /**
   * Works out the changes of a batch's rows and writes them; gives the keys of the rows it could
   * not write (locked, or changed since they were read). `first` counts stale values found.
   */
  private async batch(rows: Record<string, unknown>[], first: boolean): Promise<number[]> {
    const todo: RowChanges[] = [];
    for (const row of rows) {
      const key = Number(row.k);
      const changes = this.t.columns.map((c, i) => this.change(c, i, key, row, first));
      if (changes.some((x) => x !== null)) todo.push({ key, changes });
    }
    if (todo.length === 0) return [];
    const written = await this.write(todo);
    const left: number[] = [];
    for (const r of todo) {
      const done = written.get(r.key);
      r.changes.forEach((ch, i) => {
        if (!ch || !done?.[i]) return;
        const counts = this.counts[i] as ColumnCounts;
        if (ch.enc !== null) {
          counts.reencrypted++;
          const from = tokenKeyId(ch.old);
          this.result.fromKeys[from] = (this.result.fromKeys[from] ?? 0) + 1;
        }
        if (ch.hash !== null) counts.reindexed++;
      });
      if (r.changes.some((ch, i) => ch && !done?.[i])) left.push(r.key);
    }
    return left;
  }

  /** What one column of one row needs: nothing (null), a new ciphertext, a new index, or both. */
  private change(
    c: EncryptedColumn,
    i: number,
    key: number,
    row: Record<string, unknown>,
    first: boolean,
  ): Change | null {
    const old = asText(row[`e${i}`]);
    if (old === null) return null;
    const counts = this.counts[i] as ColumnCounts;
    const stale = tokenKeyId(old) !== this.pii.currentKeyId;
    const checkIndex = this.opts.reindex && c.index !== undefined;
    if (!stale && !checkIndex) return null;
    let plain: string;
    try {
      plain = this.pii.decrypt(old);
    } catch {
      // Retried rows were counted when first read.
      if (first) {
        counts.undecryptable++;
        if (this.result.undecryptableSample.length < SAMPLE_LIMIT)
          this.result.undecryptableSample.push({
            table: this.name,
            column: c.enc.name,
            key,
            keyId: tokenKeyId(old),
          });
      }
      return null;
    }
    if (stale && first) {
      counts.stale++;
      if (this.opts.dryRun) {
        const from = tokenKeyId(old);
        this.result.fromKeys[from] = (this.result.fromKeys[from] ?? 0) + 1;
      }
    }
    let hash: string | null = null;
    if (checkIndex && c.index) {
      const fresh = this.pii.blindIndex(c.index.field, plain);
      if (fresh !== asText(row[`h${i}`])) hash = fresh;
    }
    if (this.opts.dryRun) {
      if (hash !== null && first) counts.reindexed++;
      return null;
    }
    if (!stale && hash === null) return null;
    return { old, enc: stale ? this.pii.encrypt(plain) : null, hash };
  }

  /** One UPDATE for the batch; gives, per key written, which columns it changed. */
  private async write(todo: RowChanges[]): Promise<Map<number, boolean[]>> {
    const cols = this.t.columns;
    const params: unknown[] = [todo.map((r) => r.key)];
    const names = ['k'];
    const sets: string[] = [];
    const matches: string[] = [];
    const returns: string[] = [`t.${this.keyCol} as k`];
    cols.forEach((c, i) => {
      const pick = (f: (ch: Change) => string | null) =>
        todo.map((r) => {
          const ch = r.changes[i];
          return ch ? f(ch) : null;
        });
      params.push(
        pick((ch) => ch.old),
        pick((ch) => ch.enc),
      );
      names.push(`o${i}`, `n${i}`);
      const enc = quote(c.enc.name);
      const hit = `t.${enc} = v.o${i}`;
      sets.push(`${enc} = case when ${hit} then coalesce(v.n${i}, v.o${i}) else t.${enc} end`);
      if (c.index) {
        params.push(pick((ch) => ch.hash));
        names.push(`x${i}`);
        const h = quote(c.index.column.name);
        sets.push(`${h} = case when ${hit} then coalesce(v.x${i}, t.${h}) else t.${h} end`);
      }
      matches.push(hit);
      // After the update t.<enc> is the new value: equal to what was written only if this column's
      // condition held (a fresh ciphertext cannot equal the one a concurrent edit wrote).
      returns.push(`coalesce(t.${enc} = coalesce(v.n${i}, v.o${i}), false) as d${i}`);
    });
    const unnest = names.map((n, j) => `$${j + 1}::${n === 'k' ? 'bigint' : 'text'}[]`).join(', ');
    const table = quote(this.name);
    const text = `
      update ${table} t set ${sets.join(', ')}
        from unnest(${unnest}) as v(${names.join(', ')})
       where t.${this.keyCol} = v.k
         and t.${this.keyCol} in (select ${this.keyCol} from ${table}
                                  where ${this.keyCol} = any($1::bigint[]) for update skip locked)
         and (${matches.join(' or ')})
      returning ${returns.join(', ')}`;
    let written: Record<string, unknown>[];
    try {
      written = (await this.client.query<Record<string, unknown>>(text, params)).rows;
    } catch (err) {
      // E.g. a recomputed blind index colliding with another row's (the app was not stopped).
      const keys = `${todo[0]?.key}…${todo[todo.length - 1]?.key}`;
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`${this.name}: writing the batch of rows ${keys} failed: ${why}`, {
        cause: err,
      });
    }
    return new Map(written.map((r) => [Number(r.k), cols.map((_, i) => r[`d${i}`] === true)]));
  }

  private progress(final: boolean, ms = 0): void {
    const now = Date.now();
    if (!final) {
      if (now - this.lastProgress < (this.opts.progressEveryMs ?? 5000)) return;
      this.lastProgress = now;
      const done = this.counts.reduce(
        (n, c) => n + (this.opts.dryRun ? c.stale : c.reencrypted),
        0,
      );
      this.opts.log(
        `${this.name}: ${this.rowsRead} rows read, ${done} values ${this.opts.dryRun ? 'under an old key' : 're-encrypted'} so far`,
      );
      return;
    }
    for (const c of this.counts) this.opts.log(`${summaryLine(c, this.opts)} (${ms} ms)`);
  }
}

/** One summary line for a column: `worker.phone_enc: 12 re-encrypted, 1 undecryptable`. */
export function summaryLine(c: ColumnCounts, opts: Pick<ReencryptOptions, 'dryRun' | 'reindex'>) {
  const parts = opts.dryRun ? [`${c.stale} under an old key`] : [`${c.reencrypted} re-encrypted`];
  if (opts.reindex)
    parts.push(`${c.reindexed} blind indexes ${opts.dryRun ? 'to recompute' : 'recomputed'}`);
  if (c.undecryptable > 0) parts.push(`${c.undecryptable} undecryptable`);
  if (c.busy > 0) parts.push(`${c.busy} left (rows busy)`);
  return `${c.table}.${c.column}: ${parts.join(', ')}`;
}
