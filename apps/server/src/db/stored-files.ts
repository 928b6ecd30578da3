// The files kept on disk under DATA_DIR by content hash, as the backup sees them: every table
// column that references one (with the checksum recorded beside it), and the storage directories
// they live in. A new module storing files under DATA_DIR adds its columns here, or its files are
// left out of backups (apps/server/test/backup.test.ts checks every *storage_path / *evidence_path
// column of the schema is listed).
import path from 'node:path';
import { getTableName } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { workerAttachment } from './schema';
import { complaintAttachment } from './schema-disclosure';
import { evaluationValue } from './schema-evaluation';
import { onlineCourseItem } from './schema-learning';
import { recruitmentAttachment } from './schema-recruitment';

interface FileReference {
  table: PgTable;
  path: PgColumn;
  sha256: PgColumn;
}

export const FILE_REFERENCES: readonly FileReference[] = [
  // Dossier attachments, worker photos and training evidence (kind `training_evidence`).
  { table: workerAttachment, path: workerAttachment.storagePath, sha256: workerAttachment.sha256 },
  {
    table: recruitmentAttachment,
    path: recruitmentAttachment.storagePath,
    sha256: recruitmentAttachment.sha256,
  },
  {
    table: complaintAttachment,
    path: complaintAttachment.storagePath,
    sha256: complaintAttachment.sha256,
  },
  // Online course content (PDF, video).
  { table: onlineCourseItem, path: onlineCourseItem.storagePath, sha256: onlineCourseItem.sha256 },
  // Evidence of entered evaluation indicators.
  {
    table: evaluationValue,
    path: evaluationValue.evidencePath,
    sha256: evaluationValue.evidenceSha256,
  },
];

/** Top-level directories under DATA_DIR that hold stored files (never `pg`, never secrets). */
export const STORAGE_DIRS: readonly string[] = ['attachments', 'learning'];

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Every distinct (path, sha256) referenced by the database, in path order. */
export function referencedFilesSql(): string {
  const parts = FILE_REFERENCES.map(
    (r) =>
      `select ${ident(r.path.name)} as path, ${ident(r.sha256.name)} as sha256 from ${ident(getTableName(r.table))} where ${ident(r.path.name)} is not null`,
  );
  return `select distinct path, sha256 from (${parts.join(' union all ')}) f order by path, sha256`;
}

/**
 * True when `rel` is a plain relative path inside one of the storage directories: no absolute
 * path, no `..` or `.` segment, no empty segment, no backslash or NUL.
 */
export function isSafeStoragePath(rel: string): boolean {
  if (rel.length === 0 || rel.length > 1024 || /[\\\0]/.test(rel)) return false;
  if (path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel)) return false;
  const segments = rel.split('/');
  if (segments.length < 2) return false;
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return false;
  return STORAGE_DIRS.includes(segments[0] ?? '');
}
