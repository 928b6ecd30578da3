// The import's database side: batch look-ups (units by division code, workers by blind index,
// future-dated history) and batch writes inside the commit transaction: new workers and their
// history with COPY, updates as one JSON parameter expanded with json_to_recordset.
import { sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbOrTx } from '../../../db/client';
import { worker } from '../../../db/schema';
import {
  AuditChainCursor,
  lockAuditChain,
  type AuditContext,
  type PreparedAuditEvent,
} from '../../../lib/audit';
import type { WorkerInsert, WorkerRow } from '../mapping';

export type UnitInfo = {
  id: number;
  name: string;
  path: string;
  level: string;
  active: boolean;
};

export async function unitsByDivisionCode(
  db: DbOrTx,
  codes: string[],
): Promise<Map<string, UnitInfo>> {
  const out = new Map<string, UnitInfo>();
  if (codes.length === 0) return out;
  const { rows } = await db.execute<UnitInfo & { division_code: string }>(sql`
    select id, name, path, level, active, division_code from org_unit
     where division_code = any(${sql.param(codes)}::text[])`);
  for (const r of rows)
    out.set(r.division_code, {
      id: Number(r.id),
      name: r.name,
      path: r.path,
      level: r.level,
      active: r.active,
    });
  return out;
}

/** Registered workers by ID-number blind index; locked when the caller is about to update them. */
export async function workersByHash(
  db: DbOrTx,
  hashes: string[],
  lock: boolean,
): Promise<Map<string, WorkerRow>> {
  const out = new Map<string, WorkerRow>();
  if (hashes.length === 0) return out;
  const q = db
    .select()
    .from(worker)
    .where(sql`${worker.idNumberHash} = any(${sql.param(hashes)}::text[])`);
  const rows = lock ? await q.for('update') : await q;
  for (const r of rows) out.set(r.idNumberHash, r);
  return out;
}

/** Workers (of `ids`) with an open history record of `kind` that starts after `today`. */
export async function futureHistory(
  db: DbOrTx,
  ids: number[],
  today: string,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.execute<{ worker_id: number; kind: string }>(sql`
    select distinct worker_id, kind from worker_history
     where worker_id = any(${sql.param(ids)}::bigint[]) and effective_to is null
       and effective_from > ${today}`);
  return new Set(rows.map((r) => `${Number(r.worker_id)}:${r.kind}`));
}

/** `n` new worker ids. Sequence values are not transactional: any connection may reserve them. */
export async function reserveWorkerIds(db: DbOrTx, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await db.execute<{ id: number }>(sql`
    select nextval(pg_get_serial_sequence('worker', 'id'))::bigint as id
      from generate_series(1, ${n})`);
  return rows.map((r) => Number(r.id));
}

/** Column name, JS key and SQL type of what the import writes into `worker`. */
const WORKER_COLUMNS: readonly [string, keyof WorkerInsert, string][] = [
  ['id', 'id', 'bigint'],
  ['name', 'name', 'text'],
  ['id_number_enc', 'idNumberEnc', 'text'],
  ['id_number_hash', 'idNumberHash', 'text'],
  ['id_number_masked', 'idNumberMasked', 'text'],
  ['birth_date', 'birthDate', 'date'],
  ['sex', 'sex', 'text'],
  ['ethnicity', 'ethnicity', 'text'],
  ['native_place', 'nativePlace', 'text'],
  ['political_status', 'politicalStatus', 'text'],
  ['party_join_date', 'partyJoinDate', 'date'],
  ['education_full_time', 'educationFullTime', 'text'],
  ['education_in_service', 'educationInService', 'text'],
  ['education', 'education', 'text'],
  ['degree', 'degree', 'text'],
  ['school', 'school', 'text'],
  ['major', 'major', 'text'],
  ['marital_status', 'maritalStatus', 'text'],
  ['phone_enc', 'phoneEnc', 'text'],
  ['phone_hash', 'phoneHash', 'text'],
  ['phone_masked', 'phoneMasked', 'text'],
  ['address', 'address', 'text'],
  ['category', 'category', 'text'],
  ['org_unit_id', 'orgUnitId', 'bigint'],
  ['org_path', 'orgPath', 'text'],
  ['post', 'post', 'text'],
  ['grade', 'grade', 'integer'],
  ['status', 'status', 'text'],
  ['work_start_date', 'workStartDate', 'date'],
  ['hire_date', 'hireDate', 'date'],
  ['probation_end', 'probationEnd', 'date'],
  ['qualification', 'qualification', 'text'],
  ['cert_number', 'certNumber', 'text'],
  ['cert_date', 'certDate', 'date'],
  ['updated_by', 'updatedBy', 'text'],
];

/** Columns an update rewrites (identity stays: the row was matched by its ID number). */
const UPDATE_COLUMNS = WORKER_COLUMNS.filter(
  ([c]) =>
    !['id_number_enc', 'id_number_hash', 'id_number_masked', 'birth_date', 'sex'].includes(c),
);

function recordType(cols: readonly [string, unknown, string][]): SQL {
  return sql.raw(cols.map(([c, , t]) => `"${c}" ${t}`).join(', '));
}

function toJson(
  rows: WorkerInsert[],
  cols: readonly [string, keyof WorkerInsert, string][],
): string {
  return JSON.stringify(
    rows.map((r) => Object.fromEntries(cols.map(([c, k]) => [c, r[k] ?? null]))),
  );
}

/** A value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const t = String(v);
  return /[\\\t\n\r]/.test(t)
    ? t.replace(/[\\\t\n\r]/g, (c) =>
        c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\\\',
      )
    : t;
}

/** A COPY … FROM STDIN statement and its lines, built ahead of sending. */
export interface CopyBatch {
  statement: string;
  lines: string[];
}

/** COPY … FROM STDIN: about twice as fast as a multi-row insert for a batch of workers. */
export async function runCopy(
  client: pg.PoolClient,
  { statement, lines }: CopyBatch,
): Promise<void> {
  if (lines.length === 0) return;
  const sink = client.query(copyFrom(statement));
  await new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
    sink.end(lines.join(''));
  });
}

const WORKER_COPY = `copy worker (${WORKER_COLUMNS.map(([c]) => `"${c}"`).join(', ')}) from stdin`;

export function workerCopy(rows: WorkerInsert[]): CopyBatch {
  return {
    statement: WORKER_COPY,
    lines: rows.map((r) => `${WORKER_COLUMNS.map(([, k]) => copyValue(r[k])).join('\t')}\n`),
  };
}

export async function updateWorkers(db: DbOrTx, rows: WorkerInsert[]): Promise<void> {
  if (rows.length === 0) return;
  const set = sql.raw(
    UPDATE_COLUMNS.filter(([c]) => c !== 'id')
      .map(([c]) => `"${c}" = x."${c}"`)
      .join(', '),
  );
  await db.execute(sql`
    update worker w set ${set}, version = w.version + 1, updated_at = now()
      from json_to_recordset(${toJson(rows, UPDATE_COLUMNS)}::json) as x(${recordType(UPDATE_COLUMNS)})
     where w.id = x.id`);
}

export interface HistoryInsert {
  workerId: number;
  kind: 'unit' | 'post' | 'grade' | 'status';
  value: string;
  orgUnitId: number | null;
  effectiveFrom: string;
  reason: string;
  createdBy: string;
}

export function historyCopy(rows: HistoryInsert[]): CopyBatch {
  return {
    statement:
      'copy worker_history (worker_id, kind, value, org_unit_id, effective_from, reason, created_by) from stdin',
    lines: rows.map(
      (h) =>
        `${[h.workerId, h.kind, h.value, h.orgUnitId, h.effectiveFrom, h.reason, h.createdBy].map(copyValue).join('\t')}\n`,
    ),
  };
}

/** Ends the open records of the given (worker, kind) pairs on `day`. */
export async function closeHistory(
  db: DbOrTx,
  pairs: { workerId: number; kind: string }[],
  day: string,
): Promise<void> {
  if (pairs.length === 0) return;
  await db.execute(sql`
    update worker_history h set effective_to = ${day}
      from json_to_recordset(${JSON.stringify(pairs)}::json) as x("workerId" bigint, kind text)
     where h.worker_id = x."workerId" and h.kind = x.kind and h.effective_to is null`);
}

/**
 * Appends many audit events to the chain, exactly as writeAudit would (same fields, same hashes,
 * one timestamp), loaded with COPY a chunk at a time while the next chunk is hashed. It takes the
 * chain's lock for the rest of the transaction. The events come prepared (prepareAuditEvent), so
 * that a writer can do the JSON work before it holds the lock.
 */
export async function writeAuditBulk(
  tx: DbOrTx,
  client: pg.PoolClient,
  ctx: AuditContext,
  events: Iterable<PreparedAuditEvent>,
): Promise<number> {
  const it = events[Symbol.iterator]();
  let r = it.next();
  if (r.done) return 0;
  const at = new Date();
  const chain = new AuditChainCursor(ctx, at, await lockAuditChain(tx));
  // COPY text of the fields every row shares.
  const atText = at.toISOString();
  const actor = `${copyValue(ctx.actorId)}\t${copyValue(ctx.actorName)}`;
  const request = `${copyValue(ctx.requestId)}\t${copyValue(ctx.ip)}`;
  const line = (e: PreparedAuditEvent): string => {
    const { id, prevHash, hash } = chain.next(e);
    return (
      `${id}\t${atText}\t${actor}\t${copyValue(e.action)}\t${copyValue(e.entityType)}\t` +
      `${copyValue(e.entityId)}\t${copyValue(e.orgPath)}\t${copyValue(e.changesText)}\t` +
      `${request}\t${prevHash}\t${hash}\n`
    );
  };
  const CHUNK = 1000;
  let written = 0;
  let inflight: Promise<void> | null = null;
  for (;;) {
    const lines: string[] = [];
    while (lines.length < CHUNK && !r.done) {
      lines.push(line(r.value));
      r = it.next();
    }
    await inflight;
    if (lines.length === 0) break;
    written += lines.length;
    inflight = runCopy(client, {
      statement:
        'copy audit_log (id, at, actor_id, actor_name, action, entity_type, entity_id, org_path, changes, request_id, ip, prev_hash, hash) from stdin',
      lines,
    });
    // Marked handled: it is awaited before the next chunk, and a failure must not go unhandled.
    inflight.catch(() => undefined);
  }
  return written;
}
