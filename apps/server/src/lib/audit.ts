// The audit trail: every mutation writes its audit rows in the same transaction. Rows form an SM3
// hash chain (each row's hash covers its content and the previous row's hash), so altering or
// deleting a row breaks the chain at that point; `cli verify-audit` walks it.
import { createHash } from 'node:crypto';
import { maskPersonalNumbers } from '@cwp/core';
import { asc, gt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import { auditLog } from '../db/schema';

export interface AuditContext {
  actorId: number | null;
  actorName: string | null;
  requestId: string | null;
  ip: string | null;
}

export const SYSTEM_CONTEXT: AuditContext = {
  actorId: null,
  actorName: 'system',
  requestId: null,
  ip: null,
};

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  orgPath?: string | null;
  changes?: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_CHAIN_LOCK = 7_420_002;

type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

/** JSON with sorted keys, so a value read back from jsonb hashes like the value written. */
export function canonicalJson(value: unknown): string {
  const normalised: JsonValue =
    value === undefined ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
  return stringifySorted(normalised);
}

function stringifySorted(v: JsonValue): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stringifySorted).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stringifySorted(v[k] ?? null)}`).join(',')}}`;
}

export interface ChainRow {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orgPath: string | null;
  changes: unknown;
  requestId: string | null;
  ip: string | null;
  prevHash: string;
}

export function hashRow(row: ChainRow): string {
  const text = JSON.stringify(row.changes);
  // Object.assign, not a spread followed by a property (slow in Node 20's V8; verify-audit walks
  // every row through here).
  return hashJsonRow(
    Object.assign({}, row, { changes: text === undefined ? null : JSON.parse(text) }),
  ).hash;
}

/**
 * hashRow for a row whose `changes` are already JSON values (parsed from JSON text, as the writers
 * store them), without a second JSON round trip; also gives the changes as sorted JSON text. The
 * content hashed is canonicalJson of the row's fields in order, written out piece by piece.
 */
export function hashJsonRow(row: ChainRow): { hash: string; changes: string } {
  const changes = stringifySorted((row.changes ?? null) as JsonValue);
  const hash = chainHash(
    row.id,
    scalarJson(row.at.toISOString()),
    contextJson(row),
    row,
    changes,
    row.prevHash,
  );
  return { hash, changes };
}

/** A scalar as canonicalJson writes it inside an array (undefined as null). */
function scalarJson(v: string | number | null | undefined): string {
  return JSON.stringify(v ?? null);
}

/** The context's fields as the hashed content writes them: before and after the changes. */
function contextJson(ctx: AuditContext): { head: string; tail: string } {
  return {
    head: `${scalarJson(ctx.actorId)},${scalarJson(ctx.actorName)}`,
    tail: `${scalarJson(ctx.requestId)},${scalarJson(ctx.ip)}`,
  };
}

/**
 * The SM3 of a row's content: canonicalJson of its fields in order (id, at, actor id and name,
 * action, entity type and id, org path, changes, request id, ip, previous hash), written out
 * piece by piece. `atJson`, `context` and `changes` come already written as JSON.
 */
function chainHash(
  id: number,
  atJson: string,
  context: { head: string; tail: string },
  e: Pick<ChainRow, 'action' | 'entityType' | 'entityId' | 'orgPath'>,
  changes: string,
  prevHash: string,
): string {
  const content =
    `[${id},${atJson},${context.head},${scalarJson(e.action)},${scalarJson(e.entityType)},` +
    `${scalarJson(e.entityId)},${scalarJson(e.orgPath)},${changes},${context.tail},` +
    `${scalarJson(prevHash)}]`;
  return createHash('sm3').update(content, 'utf8').digest('hex');
}

/**
 * An event ready for the chain, its changes already normalised and written as sorted JSON text
 * (null when there are none): a bulk writer prepares its events while it has time, and hashes
 * them in order once it holds the chain's lock.
 */
export interface PreparedAuditEvent {
  action: string;
  entityType: string;
  entityId: string | null;
  orgPath: string | null;
  changesText: string | null;
}

export function prepareAuditEvent(e: AuditEvent): PreparedAuditEvent {
  const changes = (
    e.changes === undefined ? null : JSON.parse(JSON.stringify(e.changes))
  ) as JsonValue;
  return {
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId == null ? null : String(e.entityId),
    orgPath: e.orgPath ?? null,
    changesText: changes === null ? null : stringifySorted(changes),
  };
}

/** Takes the chain's lock for the rest of the transaction; gives the next id and the last hash. */
export async function lockAuditChain(tx: DbOrTx): Promise<{ nextId: number; prevHash: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const tail = (
    await tx.execute<{ id: number; hash: string }>(
      sql`select id, hash from audit_log order by id desc limit 1`,
    )
  ).rows[0];
  return { nextId: Number(tail?.id ?? 0) + 1, prevHash: tail?.hash ?? GENESIS_HASH };
}

/**
 * Continues the chain after lockAuditChain for many prepared events with one context and one
 * time, with the same content and hashes writeAudit would give them. What every row shares is
 * written out once, so a row costs its own fields and one SM3.
 */
export class AuditChainCursor {
  private readonly atJson: string;
  private readonly context: { head: string; tail: string };
  private nextId: number;
  private prevHash: string;

  constructor(ctx: AuditContext, at: Date, start: { nextId: number; prevHash: string }) {
    this.atJson = scalarJson(at.toISOString());
    this.context = contextJson(ctx);
    this.nextId = start.nextId;
    this.prevHash = start.prevHash;
  }

  /** The event's id, the hash it follows and its own hash; the chain moves on past it. */
  next(e: PreparedAuditEvent): { id: number; prevHash: string; hash: string } {
    const id = this.nextId++;
    const prevHash = this.prevHash;
    const hash = chainHash(id, this.atJson, this.context, e, e.changesText ?? 'null', prevHash);
    this.prevHash = hash;
    return { id, prevHash, hash };
  }
}

/**
 * Appends events to the chain. Runs inside the transaction of the change it records; the advisory
 * lock serialises writers (across instances) until that transaction ends. Given the pool instead
 * (a read or an export that changes nothing), it opens a transaction of its own: outside one the
 * lock would end with its statement, and two writers would take the same id.
 */
export async function writeAudit(
  tx: DbOrTx,
  ctx: AuditContext,
  events: AuditEvent[],
): Promise<void> {
  if (events.length === 0) return;
  if (!(tx instanceof PgTransaction)) return tx.transaction((own) => writeAudit(own, ctx, events));
  const at = new Date();
  const chain = new AuditChainCursor(ctx, at, await lockAuditChain(tx));
  const rows = events.map((e) => {
    const p = prepareAuditEvent(e);
    return { ...p, ...chain.next(p) };
  });
  // One JSON parameter per 5,000 rows: a Drizzle multi-row insert costs ~45 µs a row to build,
  // which dominated a 100,000-row import.
  for (let i = 0; i < rows.length; i += 5000) {
    const json = JSON.stringify(
      rows.slice(i, i + 5000).map((r) => ({
        id: r.id,
        at: at.toISOString(),
        actor_id: ctx.actorId,
        actor_name: ctx.actorName,
        action: r.action,
        entity_type: r.entityType,
        entity_id: r.entityId,
        org_path: r.orgPath,
        changes: r.changesText === null ? null : (JSON.parse(r.changesText) as unknown),
        request_id: ctx.requestId,
        ip: ctx.ip,
        prev_hash: r.prevHash,
        hash: r.hash,
      })),
    );
    await tx.execute(sql`
      insert into audit_log (id, at, actor_id, actor_name, action, entity_type, entity_id,
                             org_path, changes, request_id, ip, prev_hash, hash)
      select id, at, actor_id, actor_name, action, entity_type, entity_id,
             org_path, changes, request_id, ip, prev_hash, hash
        from json_to_recordset(${json}::json) as x(id bigint, at timestamptz, actor_id bigint,
             actor_name text, action text, entity_type text, entity_id text, org_path text,
             changes jsonb, request_id text, ip text, prev_hash text, hash text)`);
  }
}

export interface VerifyResult {
  verified: number;
  broken: { id: number; reason: string } | null;
}

/** Walks the whole chain in id order, in batches, recomputing every hash. */
export async function verifyAuditChain(db: DbOrTx, batch = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let prevId = 0;
  let verified = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, prevId))
      .orderBy(asc(auditLog.id))
      .limit(batch);
    if (rows.length === 0) return { verified, broken: null };
    for (const row of rows) {
      if (row.id !== prevId + 1) {
        return {
          verified,
          broken: { id: row.id, reason: `missing record(s) before id ${row.id}` },
        };
      }
      if (row.prevHash !== prevHash) {
        return { verified, broken: { id: row.id, reason: 'previous-hash link does not match' } };
      }
      if (hashRow(row) !== row.hash) {
        return { verified, broken: { id: row.id, reason: 'content does not match its hash' } };
      }
      prevHash = row.hash;
      prevId = row.id;
      verified++;
    }
  }
}

/** Field-level before/after of the keys that changed; pass only fields safe to record. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    const a = after[key];
    if (a === undefined) continue;
    if (canonicalJson(before[key]) !== canonicalJson(a))
      out[key] = { from: before[key] ?? null, to: a };
  }
  return out;
}

/**
 * A list or export filter as an audit record keeps it: every ID number and mobile number typed
 * into a search field masked (`q=110105********123X`), the rest as given.
 */
export function auditedFilter<T extends object>(filter: T): T {
  const mask = (v: unknown): unknown =>
    typeof v === 'string' ? maskPersonalNumbers(v) : Array.isArray(v) ? v.map(mask) : v;
  return Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, mask(v)])) as T;
}
