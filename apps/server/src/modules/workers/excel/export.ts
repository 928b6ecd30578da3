// The roster export: the same filter and data scope as the roster (workerConditions), read in
// keyset batches of 2,000 in roster order (unit path, then id) and streamed as .xlsx, so memory
// stays flat for a million rows. ID number and phone are masked unless the caller holds
// worker:pii. Every export is audited with its filter, row count and whether it completed.
//
// Speed: the next batch is already being read (and its personal data decrypted on a worker
// thread) while the current one is written, so PostgreSQL, the decryption and the sheet use both
// cores; batches come back as arrays through a prepared statement rather than as mapped objects,
// and each row is serialised straight into the sheet.
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { WorkerExportQuery } from '@cwp/contracts';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { orgUnit, worker } from '../../../db/schema';
import { type AuditContext, auditedFilter, writeAudit } from '../../../lib/audit';
import type { AuthContext } from '../../../lib/auth-context';
import type { AppDeps } from '../../../lib/context';
import { workerConditions } from '../list';
import { DATA_SHEET, WORKER_COLUMNS, WORKER_STATUS_LABELS, type WorkerColumn } from './columns';
import { neutralise } from './normalise';
import { PiiWorker } from './pii-worker';
import { createSheetWriter, type CellOut } from './xlsx-write';

const BATCH = 2000;
const SEX_LABELS = new Map([
  ['1', '男'],
  ['2', '女'],
]);
const STATUS_LABELS = new Map<string, string>(Object.entries(WORKER_STATUS_LABELS));

/**
 * What a batch selects, in this order; rows come back as arrays indexed by FIELD. ID number and
 * phone are the ciphertext for a caller with worker:pii and the stored mask otherwise, so a
 * masked export never even reads the ciphertext.
 */
const selection = (withPii: boolean) => ({
  id: worker.id,
  orgPath: worker.orgPath,
  name: worker.name,
  idNumber: withPii ? worker.idNumberEnc : worker.idNumberMasked,
  sex: worker.sex,
  birthDate: worker.birthDate,
  ethnicity: worker.ethnicity,
  nativePlace: worker.nativePlace,
  politicalStatus: worker.politicalStatus,
  partyJoinDate: worker.partyJoinDate,
  educationFullTime: worker.educationFullTime,
  educationInService: worker.educationInService,
  degree: worker.degree,
  school: worker.school,
  major: worker.major,
  maritalStatus: worker.maritalStatus,
  phone: withPii ? worker.phoneEnc : worker.phoneMasked,
  address: worker.address,
  category: worker.category,
  orgUnitName: orgUnit.name,
  divisionCode: orgUnit.divisionCode,
  post: worker.post,
  grade: worker.grade,
  status: worker.status,
  workStartDate: worker.workStartDate,
  hireDate: worker.hireDate,
  probationEnd: worker.probationEnd,
  qualification: worker.qualification,
  certNumber: worker.certNumber,
  certDate: worker.certDate,
});
type Field = keyof ReturnType<typeof selection>;
const FIELDS = Object.keys(selection(false));
const FIELD = Object.fromEntries(FIELDS.map((k, i) => [k, i])) as Record<Field, number>;

function isField(key: string): key is Field {
  return FIELDS.includes(key);
}

type Row = unknown[];
const text = (r: Row, i: number): string | null => {
  const v = r[i];
  return typeof v === 'string' ? v : null;
};

// Dates stay 'YYYY-MM-DD' text (as Drizzle's string mode returns them), not JS Dates.
const TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format),
};

export interface ExportOutcome {
  rows: number;
  completed: boolean;
}

export interface PreparedExport {
  auth: AuthContext;
  filter: WorkerExportQuery;
  where: SQL[];
  withPii: boolean;
  toCells: (r: Row, out: CellOut[]) => void;
}

/**
 * One function per column, from a row array (ID number and phone already decrypted or masked)
 * and the dictionaries' labels.
 */
function cellsOf(
  columns: readonly WorkerColumn[],
  labels: Map<string, Map<string, string>>,
): (r: Row, out: CellOut[]) => void {
  const getters = columns.map((c): ((r: Row) => CellOut) => {
    switch (c.key) {
      case 'sex':
        return (r) => {
          const v = text(r, FIELD.sex);
          return v === null ? null : (SEX_LABELS.get(v) ?? v);
        };
      case 'orgUnitId':
        return (r) => text(r, FIELD.divisionCode);
      case 'grade':
        return (r) => {
          const v = r[FIELD.grade];
          return typeof v === 'number' ? v : null;
        };
      case 'status':
        return (r) => {
          const v = text(r, FIELD.status);
          return v === null ? null : (STATUS_LABELS.get(v) ?? v);
        };
    }
    const key = c.key;
    if (!isField(key)) throw new Error(`export column ${key} has no field`);
    const i = FIELD[key];
    if (c.kind === 'dict' && c.dict) {
      const map = labels.get(c.dict) ?? new Map<string, string>();
      return (r) => {
        const v = text(r, i);
        return v === null ? null : (map.get(v) ?? v);
      };
    }
    return (r) => text(r, i);
  });
  return (r, out) => {
    for (let i = 0; i < getters.length; i++) {
      const v = (getters[i] as (r: Row) => CellOut)(r);
      out[i] = typeof v === 'string' ? neutralise(v) : v;
    }
  };
}

/** Resolves the filter (a unit outside the caller's scope is a 404) before anything is sent. */
export async function prepareExport(
  deps: AppDeps,
  auth: AuthContext,
  filter: WorkerExportQuery,
): Promise<PreparedExport> {
  const where = await workerConditions(deps.pool, auth, deps.pii, filter);
  const withPii = auth.permissions.has('worker:pii');
  const labels = new Map<string, Map<string, string>>();
  for (const [code, d] of await deps.dictionaries.all())
    labels.set(code, new Map(d.items.map((i) => [i.code, i.labelZh])));
  const toCells = cellsOf(WORKER_COLUMNS, labels);
  return { auth, filter, where, withPii, toCells };
}

function readBatch(
  deps: AppDeps,
  prepared: PreparedExport,
  after: { path: string; id: number } | null,
): Promise<Row[]> {
  const { where, withPii } = prepared;
  const q = deps.db
    .select(selection(withPii))
    .from(worker)
    .innerJoin(orgUnit, eq(orgUnit.id, worker.orgUnitId))
    .where(
      and(
        ...where,
        after ? sql`(${worker.orgPath}, ${worker.id}) > (${after.path}, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(worker.orgPath), asc(worker.id))
    .limit(BATCH)
    .toSQL();
  return deps.pool
    .query<Row>({
      // Named, so each connection plans the statement once for the whole export.
      name: `wexp_${createHash('sha1').update(q.sql).digest('hex').slice(0, 20)}`,
      text: q.sql,
      values: q.params,
      rowMode: 'array',
      types: TYPES,
    })
    .then((r) => r.rows);
}

/** Replaces the ID number and phone ciphertexts of a batch with their plaintext. */
async function reveal(decrypter: PiiWorker, rows: Row[]): Promise<Row[]> {
  const tokens: (string | null)[] = [];
  for (const r of rows) tokens.push(text(r, FIELD.idNumber), text(r, FIELD.phone));
  const plain = await decrypter.decrypt(tokens);
  rows.forEach((r, i) => {
    r[FIELD.idNumber] = plain[2 * i] ?? null;
    r[FIELD.phone] = plain[2 * i + 1] ?? null;
  });
  return rows;
}

export async function runExport(
  deps: AppDeps,
  prepared: PreparedExport,
  audit: AuditContext,
  out: Writable,
  signal: AbortSignal,
): Promise<ExportOutcome> {
  const { auth, filter, withPii, toCells } = prepared;
  const sheet = createSheetWriter(out, {
    sheetName: DATA_SHEET,
    columns: WORKER_COLUMNS.map((c) => ({ header: c.header, width: c.width })),
  });
  const cells: CellOut[] = new Array<CellOut>(WORKER_COLUMNS.length);
  const decrypter = withPii ? new PiiWorker(deps.cfg.pii) : null;
  const fetchBatch = (after: { path: string; id: number } | null) =>
    readBatch(deps, prepared, after).then((rows) => (decrypter ? reveal(decrypter, rows) : rows));
  let completed = false;
  let next: Promise<Row[]> | null = fetchBatch(null);
  try {
    while (next && !signal.aborted) {
      const page: Row[] = await next;
      const last = page[page.length - 1];
      // Ask for the next batch before writing this one.
      next =
        last && page.length === BATCH
          ? fetchBatch({
              path: text(last, FIELD.orgPath) ?? '',
              id: Number(last[FIELD.id]),
            })
          : null;
      for (const r of page) {
        toCells(r, cells);
        sheet.addRow(cells);
      }
      await sheet.drain();
    }
    completed = !signal.aborted;
  } finally {
    // A batch still in flight after an abort or error must not reject unobserved.
    next?.catch(() => undefined);
    await decrypter?.close();
    // Audited before the file is closed, so a delivered export always has its audit row.
    await deps.db.transaction((tx) =>
      writeAudit(tx, audit, [
        {
          action: 'worker.export',
          entityType: 'worker',
          orgPath: auth.orgPath,
          changes: {
            filter: auditedFilter(filter),
            rows: sheet.rows,
            pii: withPii,
            completed,
          },
        },
      ]),
    );
  }
  if (completed) await sheet.finish();
  return { rows: sheet.rows, completed };
}
