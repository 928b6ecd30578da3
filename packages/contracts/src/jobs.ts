// Background jobs (Excel import) and the worker spreadsheet endpoints: the query strings, the job
// view polled by the web, and the import result it carries.
import { z } from 'zod';
import { workerListQuery } from './workers';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const IMPORT_MODES = ['validate', 'commit'] as const;
export const ON_EXISTING = ['error', 'update'] as const;

export const workerImportQuery = z.strictObject({
  mode: z.enum(IMPORT_MODES, { error: '导入方式应为 validate（仅校验）或 commit（正式导入）' }),
  /** What to do with a row whose ID number is already registered: report it, or update that worker. */
  onExisting: z
    .enum(ON_EXISTING, { error: '已存在人员的处理方式应为 error 或 update' })
    .default('error'),
});
export type WorkerImportQuery = z.infer<typeof workerImportQuery>;

/** The roster filter without paging: an export holds exactly what the roster lists. */
export const workerExportQuery = workerListQuery.omit({
  page: true,
  pageSize: true,
  cursor: true,
  withTotal: true,
  sort: true,
});
export type WorkerExportQuery = z.infer<typeof workerExportQuery>;

export const importError = z.object({
  /** The spreadsheet's own row number (the header is row 1). */
  row: z.number().int(),
  /** Chinese column header, or '' for a problem with the whole row. */
  column: z.string(),
  message: z.string(),
});
export type ImportError = z.infer<typeof importError>;

export const workerImportResult = z.object({
  mode: z.enum(IMPORT_MODES),
  onExisting: z.enum(ON_EXISTING),
  /** Data rows read (blank rows and the template's example row are not counted). */
  total: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  /** Every error up to a cap; the error report holds all of them. */
  errors: z.array(importError),
  errorCount: z.number().int(),
  errorsTruncated: z.boolean(),
  /** True only when a commit wrote the rows; a file with any error writes nothing. */
  committed: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skippedExampleRows: z.number().int(),
  hasErrorReport: z.boolean(),
});
export type WorkerImportResult = z.infer<typeof workerImportResult>;

export const jobView = z.object({
  id: z.number().int(),
  kind: z.string(),
  status: z.enum(JOB_STATUSES),
  /** 0–100. */
  progress: z.number().int(),
  /** The job's outcome; import is the only kind so far. */
  result: workerImportResult.nullable(),
  /** Why the job failed (file unreadable, wrong headers, …), in Chinese. */
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type JobView = z.infer<typeof jobView>;

export const jobCreated = z.object({ jobId: z.number().int() });
