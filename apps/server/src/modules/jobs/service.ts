// Background jobs: rows in `job` that any instance may claim, with their files (the uploaded
// spreadsheet, the error report) in `job_file`, so the instance that runs a job need not be the
// one that received the upload. A job belongs to the user who started it; nobody else sees it.
import { createHash } from 'node:crypto';
import { workerImportResult, type JobView } from '@cwp/contracts';
import { and, eq } from 'drizzle-orm';
import type pg from 'pg';
import type { Db, DbOrTx } from '../../db/client';
import { job, jobFile } from '../../db/schema';
import { AppError, notFound } from '../../lib/errors';

export type JobRow = typeof job.$inferSelect;
export type JobFilePurpose = 'upload' | 'error_report';

export async function enqueueJob(
  db: Db,
  input: {
    kind: string;
    payload: unknown;
    createdBy: number;
    file?: { name: string; bytes: Buffer };
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(job)
      .values({ kind: input.kind, payload: input.payload, createdBy: input.createdBy })
      .returning({ id: job.id });
    if (!row) throw new AppError('INTERNAL');
    if (input.file) await storeJobFile(tx, row.id, 'upload', input.file.name, input.file.bytes);
    return row.id;
  });
}

export async function storeJobFile(
  db: DbOrTx,
  jobId: number,
  purpose: JobFilePurpose,
  fileName: string,
  bytes: Buffer,
): Promise<void> {
  await db
    .insert(jobFile)
    .values({
      jobId,
      purpose,
      fileName,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes,
    })
    .onConflictDoUpdate({
      target: [jobFile.jobId, jobFile.purpose],
      set: { fileName, size: bytes.length, bytes, createdAt: new Date() },
    });
}

/**
 * The file's bytes, fetched in 4 MB slices so a 50 MB upload never travels as one 100 MB hex
 * string.
 */
export async function readJobFile(
  pool: pg.Pool,
  jobId: number,
  purpose: JobFilePurpose,
): Promise<{ fileName: string; sha256: string; bytes: Buffer } | null> {
  const meta = await pool.query<{ file_name: string; sha256: string; size: number }>(
    'select file_name, sha256, octet_length(bytes) as size from job_file where job_id = $1 and purpose = $2',
    [jobId, purpose],
  );
  const m = meta.rows[0];
  if (!m) return null;
  const bytes = Buffer.allocUnsafe(m.size);
  const SLICE = 4 << 20;
  for (let offset = 0; offset < m.size; offset += SLICE) {
    const { rows } = await pool.query<{ part: Buffer }>(
      'select substring(bytes from $3 for $4) as part from job_file where job_id = $1 and purpose = $2',
      [jobId, purpose, offset + 1, SLICE],
    );
    const part = rows[0]?.part;
    if (!part) return null;
    part.copy(bytes, offset);
  }
  return { fileName: m.file_name, sha256: m.sha256, bytes };
}

export async function deleteJobFile(
  db: DbOrTx,
  jobId: number,
  purpose: JobFilePurpose,
): Promise<void> {
  await db.delete(jobFile).where(and(eq(jobFile.jobId, jobId), eq(jobFile.purpose, purpose)));
}

/** The job if it belongs to `userId`; 404 otherwise, so other users' job ids reveal nothing. */
export async function loadOwnJob(db: Db, userId: number, id: number): Promise<JobRow> {
  const [row] = await db.select().from(job).where(eq(job.id, id));
  if (!row || row.createdBy !== userId) throw notFound();
  return row;
}

export function presentJob(row: JobRow): JobView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as JobView['status'],
    progress: row.progress,
    // Parsed rather than cast: a result written by an older version must not break the view.
    result: row.result === null ? null : (workerImportResult.safeParse(row.result).data ?? null),
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
