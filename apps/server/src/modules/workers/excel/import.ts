// The worker import: one streaming pass over the sheet in batches of 2,000 rows. Each row goes
// through the create endpoint's schema (createWorkerBody) after normalising its cells; units,
// dictionary values and duplicate ID numbers (within the file and against the database, by blind
// index) are checked in memory or with one query per batch. `validate` only reports. `commit`
// runs the same pass inside one transaction, writing each clean batch as it goes and rolling the
// whole transaction back if any row anywhere has an error: all rows or none. Audit rows are
// written at the end, so the audit chain's lock is held for seconds, not for the whole import.
import { parseIdNumber } from '@cwp/core';
import type { ImportError, WorkerImportResult } from '@cwp/contracts';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Db, DbOrTx } from '../../../db/client';
import * as schema from '../../../db/schema';
import {
  prepareAuditEvent,
  type AuditContext,
  type AuditEvent,
  type PreparedAuditEvent,
} from '../../../lib/audit';
import type { PiiKeys } from '../../../config';
import type { Pii } from '../../../lib/pii';
import { inScope } from '../../../lib/scope';
import type { DictionaryCache } from '../../dictionaries/cache';
import { toInsertProtected, todayIso, type WorkerInsert } from '../mapping';
import {
  addError,
  checkSchema,
  planUpdate,
  resolveUnits,
  trackedKinds,
  TRACKED,
  type Checked,
  type ImportActor,
} from './import-checks';
import { IMPORT_COLUMNS, REPORT_REASON_HEADER, REPORT_ROW_HEADER, DATA_SHEET } from './columns';
import {
  closeHistory,
  futureHistory,
  historyCopy,
  reserveWorkerIds,
  runCopy,
  updateWorkers,
  workersByHash,
  workerCopy,
  writeAuditBulk,
  type HistoryInsert,
  type UnitInfo,
} from './import-write';
import { DictionaryResolver, mapHeader, readRow, type Draft, type HeaderMap } from './import-rows';
import { neutralise } from './normalise';
import { PiiWorker, type Protected } from './pii-worker';
import { openWorkbook, XlsxError, type ReadLimits } from './xlsx-read';
import { createSheetWriter, memorySink, type SheetWriter } from './xlsx-write';

export const IMPORT_LIMITS: ReadLimits = {
  maxRows: 200_000,
  maxColumns: 100,
  maxSheetBytes: 1024 << 20,
  maxSharedStringsBytes: 128 << 20,
};
const BATCH = 2000;
const MAX_RESULT_ERRORS = 1000;
export type { ImportActor };

export interface ImportRequest {
  jobId: number;
  mode: 'validate' | 'commit';
  onExisting: 'error' | 'update';
  fileName: string;
  sha256: string;
  actor: ImportActor;
  audit: AuditContext;
  signal?: AbortSignal;
  onProgress?: (percent: number) => Promise<void>;
}

export interface ImportDeps {
  db: Db;
  pool: pg.Pool;
  pii: Pii;
  /** The keys, for the worker thread that encrypts and indexes the new workers' personal data. */
  cfg: { pii: PiiKeys };
  dictionaries: DictionaryCache;
}

/** A batch of checked rows and the worker thread's answer for their personal data. */
interface Batch {
  rows: Checked[];
  crypto: Promise<Protected>;
}

class Rollback extends Error {}

const CREATE = 'worker.create';

/**
 * A created worker's audit row, kept compact until the audit rows are written at the end; its
 * changes are written out as JSON text during the pass, while PostgreSQL works on the batches.
 */
type CreatedAudit = [id: number, orgPath: string, changesText: string | null];

export async function runWorkerImport(
  deps: ImportDeps,
  file: Buffer,
  req: ImportRequest,
): Promise<{ result: WorkerImportResult; errorReport: Buffer | null }> {
  const book = await openWorkbook(file, IMPORT_LIMITS);
  const dicts = new DictionaryResolver(await deps.dictionaries.all());
  const today = todayIso();
  const state = {
    total: 0,
    valid: 0,
    invalid: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skippedExampleRows: 0,
    errors: [] as ImportError[],
    errorCount: 0,
    seen: new Map<string, number>(),
    units: new Map<string, UnitInfo | null>(),
    /** What each created worker's audit row records (compact: the row itself holds the rest). */
    createdAudit: [] as CreatedAudit[],
    /** The previous batch's writes, still running in PostgreSQL while the next batch is read. */
    pending: null as Promise<void> | null,
    updateEvents: [] as AuditEvent[],
  };
  const sink = memorySink();
  const report: { writer: SheetWriter | null } = { writer: null };

  const fail = (d: Checked) => {
    state.invalid++;
    state.errorCount += d.errors.length;
    for (const e of d.errors) if (state.errors.length < MAX_RESULT_ERRORS) state.errors.push(e);
    report.writer ??= createSheetWriter(sink.stream, {
      sheetName: DATA_SHEET,
      columns: [
        { header: REPORT_ROW_HEADER, width: 8 },
        { header: REPORT_REASON_HEADER, width: 50 },
        ...IMPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width })),
      ],
    });
    const reason = d.errors.map((e) => (e.column ? `${e.column}：${e.message}` : e.message));
    report.writer.addRow([d.row, reason.join('；'), ...d.raw.map(neutralise)]);
  };

  /**
   * A batch's work that needs no database: the schema (with the unit filled in later), and on the
   * worker thread the blind index of each ID number and, when committing, the encrypted columns.
   * It runs while PostgreSQL still works on the previous batch.
   */
  const prepareBatch = (drafts: Draft[], commit: boolean): Batch => {
    const rows: Checked[] = drafts;
    const idNumbers: (string | null)[] = [];
    const phones: (string | null)[] = [];
    for (const d of rows) {
      checkSchema(d);
      const id = typeof d.values.idNumber === 'string' ? parseIdNumber(d.values.idNumber) : null;
      if (id?.ok) d.idNumber = id;
      idNumbers.push(id?.ok ? id.value : null);
      phones.push(commit && d.body && d.errors.length === 0 ? d.body.phone : null);
    }
    const crypto = piiWorker.protect(idNumbers, phones, commit);
    // Awaited by finishBatch; marked handled so a failure before then is not "unhandled".
    crypto.catch(() => undefined);
    return { rows, crypto };
  };

  /** Duplicates within the file, by blind index; for a commit, the new workers' columns. */
  const protectBatch = ({ rows }: Batch, p: Protected) => {
    rows.forEach((d, i) => {
      const hash = p.idHash[i];
      if (!hash) return;
      const first = state.seen.get(hash);
      if (first !== undefined) {
        addError(d, 'idNumber', `与第 ${first} 行的身份证号重复`);
        return;
      }
      state.seen.set(hash, d.row);
      d.hash = hash;
      const idNumberEnc = p.idEnc?.[i];
      const phoneEnc = p.phoneEnc?.[i];
      const phoneHash = p.phoneHash?.[i];
      if (d.body && d.idNumber && d.errors.length === 0 && idNumberEnc && phoneEnc && phoneHash)
        d.insert = toInsertProtected(
          d.body,
          d.idNumber,
          { idNumberEnc, idNumberHash: hash, phoneEnc, phoneHash },
          req.actor.username,
        );
    });
  };

  /**
   * The batch's checks against the database (units, registered workers); then its writes.
   *
   * A commit is bound by the one backend of its transaction, so everything else for a batch is
   * done while that backend still writes the previous one. The look-ups only read: they go to
   * pool connections of their own. They cannot miss a row of this import, whose ID numbers are
   * unique within the file before they are looked up; a worker registered by someone else after
   * the look-up fails the COPY on the unique blind index, and the transaction rolls back. When
   * updating, the registered workers found are locked and read again in the transaction. The new
   * workers' ids (sequence values, not transactional) and the COPY text are ready before the
   * previous batch's writes end.
   */
  const finishBatch = async (exec: DbOrTx, batch: Batch, write: pg.PoolClient | null) => {
    req.signal?.throwIfAborted();
    protectBatch(batch, await batch.crypto);
    const { rows } = batch;
    const hashes = rows.flatMap((d) => (d.hash ? [d.hash] : []));
    const update = req.onExisting === 'update';
    let [, existing] = await Promise.all([
      resolveUnits(deps.db, rows, state.units, req.actor),
      workersByHash(deps.db, hashes, false),
    ]);
    if (write && update && existing.size > 0) {
      await state.pending;
      existing = await workersByHash(exec, [...existing.keys()], true);
    }
    for (const d of rows) {
      if (!d.unit) continue;
      if (d.body) d.body.orgUnitId = d.unit.id;
      if (d.insert) Object.assign(d.insert, { orgUnitId: d.unit.id, orgPath: d.unit.path });
    }
    for (const d of rows) {
      d.existing = d.hash ? existing.get(d.hash) : undefined;
      if (!d.existing) continue;
      if (!update)
        addError(
          d,
          'idNumber',
          '该身份证号已在系统中登记；如需更新已登记人员，请选择“更新已有人员”',
        );
      else if (!inScope(req.actor, d.existing.orgPath))
        addError(d, 'idNumber', '该身份证号已登记在您管辖范围以外的单位，不能通过导入更新');
      else if (d.body && d.unit) planUpdate(d, d.body, d.unit, d.existing, deps.pii, req.actor);
    }
    const tracked = rows.filter((d) => d.change && d.errors.length === 0 && trackedKinds(d).length);
    if (tracked.length > 0) {
      const future = await futureHistory(
        exec,
        tracked.map((d) => d.existing?.id ?? 0),
        today,
      );
      for (const d of tracked)
        for (const k of trackedKinds(d))
          if (future.has(`${d.existing?.id}:${k}`))
            addError(
              d,
              k === 'unit' ? 'orgUnitId' : k,
              '该项已有晚于今天生效的变动记录，不能通过导入修改',
            );
    }
    const good: Checked[] = [];
    for (const d of rows) {
      if (d.errors.length > 0) fail(d);
      else {
        state.valid++;
        good.push(d);
      }
    }
    for (const d of good) {
      if (d.existing && !d.change) state.unchanged++;
      else if (d.existing) state.updated++;
      else state.created++;
    }
    if (write && state.invalid === 0) {
      const plan = await planWrites(good);
      await state.pending;
      state.pending = sendWrites(exec, write, plan);
      state.pending.catch(() => undefined);
    }
  };

  /**
   * One history row, written as a single literal: in Node 20's V8 an object spread followed by
   * more properties (`{ ...base, kind }`) cost ~4 µs, and the objects it made were slow to read.
   */
  const historyRow = (
    workerId: number,
    effectiveFrom: string,
    reason: string,
    kind: HistoryInsert['kind'],
    value: string,
    orgUnitId: number | null,
  ): HistoryInsert => ({
    workerId,
    kind,
    value,
    orgUnitId,
    effectiveFrom,
    reason,
    createdBy: req.actor.username,
  });

  /** A batch's writes, ready to send: the new workers' ids reserved, the COPY text built. */
  const planWrites = async (good: Checked[]) => {
    const creates = good.flatMap((d) =>
      !d.existing && d.body && d.unit && d.insert
        ? [{ row: d.row, body: d.body, unit: d.unit, insert: d.insert }]
        : [],
    );
    const ids = await reserveWorkerIds(deps.db, creates.length);
    const inserts: WorkerInsert[] = [];
    const history: HistoryInsert[] = [];
    creates.forEach(({ row, body, unit, insert }, i) => {
      const id = ids[i] ?? 0;
      insert.id = id;
      inserts.push(insert);
      const changes = {
        source: 'import',
        importJobId: req.jobId,
        row,
        name: body.name,
        idNumber: insert.idNumberMasked,
        orgUnitId: unit.id,
      };
      const { changesText } = prepareAuditEvent({ action: CREATE, entityType: 'worker', changes });
      state.createdAudit.push([id, unit.path, changesText]);
      history.push(historyRow(id, body.hireDate, '聘用', 'unit', unit.name, unit.id));
      for (const k of TRACKED) {
        const v = body[k];
        if (v !== null && v !== undefined)
          history.push(historyRow(id, body.hireDate, '聘用', k, String(v), null));
      }
    });
    const updates = good.flatMap((d) =>
      d.existing && d.change ? [{ d, w: d.existing, change: d.change }] : [],
    );
    const closes: { workerId: number; kind: string }[] = [];
    for (const { d, w, change } of updates) {
      for (const k of trackedKinds(d)) {
        closes.push({ workerId: w.id, kind: k });
        const reason = '批量导入更新';
        if (k === 'unit')
          history.push(historyRow(w.id, today, reason, k, d.unit?.name ?? '', d.unit?.id ?? null));
        else {
          const v = change.values[k];
          if (v !== null && v !== undefined)
            history.push(historyRow(w.id, today, reason, k, String(v), null));
        }
      }
      state.updateEvents.push({
        action: 'worker.update',
        entityType: 'worker',
        entityId: w.id,
        orgPath: d.unit?.path ?? w.orgPath,
        changes: { ...change.diff, source: 'import', importJobId: req.jobId, row: d.row },
      });
    }
    return {
      workers: workerCopy(inserts),
      updates: updates.map((u) => u.change.values),
      closes,
      history: historyCopy(history),
    };
  };

  const sendWrites = async (
    exec: DbOrTx,
    client: pg.PoolClient,
    plan: Awaited<ReturnType<typeof planWrites>>,
  ) => {
    await runCopy(client, plan.workers);
    await updateWorkers(exec, plan.updates);
    await closeHistory(exec, plan.closes, today);
    await runCopy(client, plan.history);
  };

  const pass = async (exec: DbOrTx, write: pg.PoolClient | null) => {
    let header: HeaderMap | null = null;
    let batch: Draft[] = [];
    let inflight: Promise<void> | null = null;
    const flush = async () => {
      const rows = prepareBatch(batch, write !== null);
      batch = [];
      await inflight;
      inflight = finishBatch(exec, rows, write);
      // Awaited before the next batch; marked handled so a failure meanwhile is not "unhandled".
      inflight.catch(() => undefined);
      await report.writer?.drain();
    };
    for await (const chunk of book.rows({
      signal: req.signal,
      onProgress: (f) => void req.onProgress?.(f * 90),
    })) {
      for (const row of chunk) {
        if (!header) {
          if (row.cells.every((c) => c === undefined)) continue;
          header = mapHeader(row);
          continue;
        }
        const d = readRow(row, header, dicts, book.date1904);
        if (d === 'blank') continue;
        if (d === 'example') {
          state.skippedExampleRows++;
          continue;
        }
        state.total++;
        batch.push(d);
        if (batch.length >= BATCH) await flush();
      }
    }
    if (!header) throw new XlsxError('工作表是空的：第一行应为表头，从第二行起每行一名社区工作者');
    if (batch.length > 0) await flush();
    await inflight;
    await state.pending;
  };

  let committed = false;
  // Created here, after the workbook opened, and used by prepareBatch during the passes.
  const piiWorker = new PiiWorker(deps.cfg.pii);
  try {
    if (req.mode === 'validate') await pass(deps.db, null);
    else {
      // A transaction on one connection of our own, because COPY needs the driver's client.
      const client = await deps.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const tx = drizzle(client, { schema });
        await pass(tx, client);
        if (state.invalid > 0 || state.total === 0) throw new Rollback();
        await req.onProgress?.(92);
        await auditImport(tx, client, req, state);
        await client.query('commit');
        committed = true;
      } catch (err) {
        await client.query('rollback').catch((e: unknown) => {
          broken = e instanceof Error ? e : new Error(String(e));
        });
        if (!(err instanceof Rollback)) {
          broken ??= err instanceof Error ? err : new Error(String(err));
          throw err;
        }
      } finally {
        // A connection that failed mid-COPY is dropped rather than returned to the pool.
        client.release(broken);
      }
    }
  } finally {
    await piiWorker.close();
  }
  let errorReport: Buffer | null = null;
  if (report.writer) {
    await report.writer.finish();
    errorReport = sink.result();
  }
  return {
    result: {
      mode: req.mode,
      onExisting: req.onExisting,
      total: state.total,
      valid: state.valid,
      invalid: state.invalid,
      errors: state.errors,
      errorCount: state.errorCount,
      errorsTruncated: state.errorCount > state.errors.length,
      committed,
      created: state.created,
      updated: state.updated,
      unchanged: state.unchanged,
      skippedExampleRows: state.skippedExampleRows,
      hasErrorReport: errorReport !== null,
    },
    errorReport,
  };
}

/**
 * One audit row per written worker, as the create and edit endpoints write (a create records the
 * import job and row, the worker's own row holds the values; an update records its field diff),
 * plus a summary naming the file by its SHA-256. Loaded with COPY (writeAuditBulk), built lazily
 * from the compact facts kept during the pass.
 */
async function auditImport(
  tx: DbOrTx,
  client: pg.PoolClient,
  req: ImportRequest,
  state: {
    createdAudit: CreatedAudit[];
    updateEvents: AuditEvent[];
    total: number;
    created: number;
    updated: number;
    unchanged: number;
  },
): Promise<void> {
  function* events(): Generator<PreparedAuditEvent> {
    for (const [id, orgPath, changesText] of state.createdAudit)
      yield { action: CREATE, entityType: 'worker', entityId: String(id), orgPath, changesText };
    for (const e of state.updateEvents) yield prepareAuditEvent(e);
    yield prepareAuditEvent({
      action: 'worker.import',
      entityType: 'job',
      entityId: req.jobId,
      orgPath: req.actor.orgPath,
      changes: {
        fileName: req.fileName,
        sha256: req.sha256,
        onExisting: req.onExisting,
        rows: state.total,
        created: state.created,
        updated: state.updated,
        unchanged: state.unchanged,
      },
    });
  }
  await writeAuditBulk(tx, client, req.audit, events());
}
