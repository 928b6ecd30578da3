// Evidence of external training (培训证明材料): a scan or certificate uploaded for a worker before
// the external hours entry is saved, stored like every dossier attachment (workers/attachments.ts:
// under DATA_DIR by SHA-256, type sniffed from the bytes, size-limited by UPLOAD_LIMIT_BYTES) as a
// worker_attachment of kind `training_evidence`; the entry then references it. Downloadable by
// whoever may read the worker's training record (training:read in scope) and by the worker.
import type { attachmentInfo } from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { readStored, recordAttachment } from '../workers/attachments';
import { assertWorkerInScope } from './hours';

export const EVIDENCE_KIND = 'training_evidence';

export async function uploadEvidence(
  db: Db,
  dataDir: string,
  auth: AuthContext,
  ctx: AuditContext,
  workerId: number,
  file: { buffer: Buffer; fileName: string } | null,
): Promise<z.infer<typeof attachmentInfo>> {
  const orgPath = await assertWorkerInScope(db, auth, workerId);
  if (!file || file.buffer.length === 0) throw fieldError('file', '请选择要上传的证明材料');
  return recordAttachment(
    db,
    dataDir,
    auth,
    {
      workerId,
      kind: EVIDENCE_KIND,
      buffer: file.buffer,
      fileName: file.fileName,
      defaultName: 'evidence',
      typeError: '证明材料只能是 PDF、PNG 或 JPEG 文件（按文件内容识别）',
    },
    (tx, a) =>
      writeAudit(tx, ctx, [
        {
          action: 'training.evidence.upload',
          entityType: 'worker',
          entityId: workerId,
          orgPath,
          changes: { attachmentId: a.id, fileName: a.fileName, size: a.size, sha256: a.sha256 },
        },
      ]),
  );
}

/** The evidence file of an external training entry, for a reader in scope or the worker. */
export async function evidenceFile(
  db: Db,
  dataDir: string,
  auth: AuthContext,
  externalId: number,
): Promise<{ buffer: Buffer; mimeType: string; fileName: string }> {
  const r = await db.execute<{
    worker_id: number;
    org_path: string;
    file_name: string | null;
    mime_type: string | null;
    storage_path: string | null;
    sha256: string | null;
  }>(sql`
    select x.worker_id, w.org_path, a.file_name, a.mime_type, a.storage_path, a.sha256
      from training_external x
      join worker w on w.id = x.worker_id
      left join worker_attachment a
             on a.id = x.evidence_attachment_id and a.kind = ${EVIDENCE_KIND}
     where x.id = ${externalId}`);
  const row = r.rows[0];
  const self =
    row !== undefined && auth.workerId !== null && Number(row.worker_id) === auth.workerId;
  const reader =
    row !== undefined && auth.permissions.has('training:read') && inScope(auth, row.org_path);
  if (!row || !(self || reader) || !row.storage_path || !row.sha256) throw notFound();
  return {
    buffer: await readStored(dataDir, row.storage_path, row.sha256),
    mimeType: row.mime_type ?? 'application/octet-stream',
    fileName: row.file_name ?? 'evidence',
  };
}
