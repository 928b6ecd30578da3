// Dossier attachments (scans, certificates, photos): stored on disk under DATA_DIR by content hash,
// the type sniffed from the bytes (never trusted from the name or header), size-limited, of a
// fixed kind (ATTACHMENT_KINDS in the contracts). Personal documents (an ID card, a labour
// contract, anything unclassified) are downloaded only with worker:pii or by the worker themself,
// and every download of any kind is audited, like a reveal of a masked field.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ATTACHMENT_KINDS,
  attachmentKind,
  type AttachmentKind,
  type attachmentInfo,
} from '@cwp/contracts';
import { and, eq } from 'drizzle-orm';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Db, DbOrTx } from '../../db/client';
import { workerAttachment } from '../../db/schema';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import type { WorkerRow } from './mapping';

export const ATTACHMENT_TYPES = [
  { mime: 'application/pdf', ext: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { mime: 'image/png', ext: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'image/jpeg', ext: 'jpg', magic: [0xff, 0xd8, 0xff] },
] as const;

export function sniffType(buf: Buffer): (typeof ATTACHMENT_TYPES)[number] | null {
  return ATTACHMENT_TYPES.find((t) => t.magic.every((b, i) => buf[i] === b)) ?? null;
}

export async function storeFile(
  dataDir: string,
  buf: Buffer,
): Promise<{ sha256: string; storagePath: string }> {
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const rel = path.join('attachments', sha256.slice(0, 2), sha256);
  const abs = path.join(dataDir, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.tmp`;
  await writeFile(tmp, buf, { mode: 0o600 });
  await rename(tmp, abs);
  return { sha256, storagePath: rel };
}

/** A stored file that is missing or no longer matches its checksum. */
export class StoredFileError extends Error {
  constructor(
    readonly storagePath: string,
    readonly reason: 'missing' | 'checksum',
  ) {
    super(
      reason === 'missing'
        ? `attachment ${storagePath} is missing`
        : `attachment ${storagePath} fails its checksum`,
    );
    this.name = 'StoredFileError';
  }
}

function isMissingFile(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 'ENOENT';
}

export async function readStored(
  dataDir: string,
  storagePath: string,
  sha256: string,
): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = await readFile(path.join(dataDir, storagePath));
  } catch (err) {
    if (isMissingFile(err)) throw new StoredFileError(storagePath, 'missing');
    throw err;
  }
  // A file altered on disk is refused rather than served.
  if (createHash('sha256').update(buf).digest('hex') !== sha256)
    throw new StoredFileError(storagePath, 'checksum');
  return buf;
}

/** Whether a stored kind is a personal document; a kind outside the list (older rows) counts. */
export function isPersonalAttachmentKind(kind: string): boolean {
  const parsed = attachmentKind.safeParse(kind);
  return !parsed.success || ATTACHMENT_KINDS[parsed.data].personal;
}

/** The `kind` form field: `other` when absent, else one of the fixed kinds (400 naming `kind`). */
export function parseAttachmentKind(raw: string | undefined): AttachmentKind {
  if (raw === undefined) return 'other';
  const parsed = attachmentKind.safeParse(raw);
  if (!parsed.success) {
    const labels = Object.values(ATTACHMENT_KINDS).map((k) => k.zh);
    throw fieldError('kind', `附件类型（kind）无效，应为：${labels.join('、')}`);
  }
  return parsed.data;
}

/** A byte count as the limit message shows it: "20 MB", "1.5 MB", "2 KB". */
export function formatLimit(bytes: number): string {
  const mib = 1024 * 1024;
  if (bytes % mib === 0) return `${bytes / mib} MB`;
  if (bytes >= mib) return `${(bytes / mib).toFixed(1)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

export function attachmentTooLarge(limitBytes: number): AppError {
  const limit = formatLimit(limitBytes);
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    [{ path: 'file', message: `文件不能超过 ${limit}` }],
    `附件超过 ${limit} 上限，未保存`,
  );
}

function isFileTooLarge(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    err.code === 'FST_REQ_FILE_TOO_LARGE'
  );
}

export interface AttachmentUpload {
  buffer: Buffer;
  fileName: string | undefined;
  kind: AttachmentKind;
}

/**
 * The multipart upload: `kind` (a field before the file, `other` when absent) and `file`, read
 * whole within the limit. Everything is checked before anything is written.
 */
export async function readAttachmentUpload(
  request: FastifyRequest,
  limitBytes: number,
): Promise<AttachmentUpload> {
  let buffer: Buffer;
  const file = await request.file({ limits: { fileSize: limitBytes, files: 1 } });
  if (!file) throw fieldError('file', '请选择要上传的文件');
  try {
    buffer = await file.toBuffer();
  } catch (err) {
    if (isFileTooLarge(err)) throw attachmentTooLarge(limitBytes);
    throw err;
  }
  const field = file.fields.kind;
  const raw =
    field === undefined
      ? undefined
      : 'value' in field && typeof field.value === 'string'
        ? field.value
        : '';
  return { buffer, fileName: file.filename, kind: parseAttachmentKind(raw) };
}

export type AttachmentInfo = z.infer<typeof attachmentInfo>;

type AttachmentRow = typeof workerAttachment.$inferSelect;

/**
 * Stores an uploaded file under DATA_DIR and records it as a worker's attachment, with the audit
 * row `audit` writes, in one transaction: the type is sniffed from the bytes (`typeError` when it
 * is not PDF, PNG or JPEG), the file name cleaned (`defaultName.<ext>` when the upload named none).
 */
export async function recordAttachment(
  db: Db,
  dataDir: string,
  auth: AuthContext,
  file: {
    workerId: number;
    kind: AttachmentKind;
    buffer: Buffer;
    fileName: string | undefined;
    defaultName: string;
    typeError: string;
  },
  audit: (tx: DbOrTx, a: AttachmentRow) => Promise<void>,
): Promise<AttachmentInfo> {
  const type = sniffType(file.buffer);
  if (!type) throw fieldError('file', file.typeError);
  const stored = await storeFile(dataDir, file.buffer);
  const fileName = (file.fileName || `${file.defaultName}.${type.ext}`)
    // eslint-disable-next-line no-control-regex -- strip control characters from file names
    .replace(/[\\/\u0000-\u001f]/g, '_')
    .slice(0, 200);
  const row = await db.transaction(async (tx) => {
    const [a] = await tx
      .insert(workerAttachment)
      .values({
        workerId: file.workerId,
        kind: file.kind,
        fileName,
        mimeType: type.mime,
        size: file.buffer.length,
        sha256: stored.sha256,
        storagePath: stored.storagePath,
        createdBy: auth.username,
      })
      .returning();
    if (!a) throw new AppError('INTERNAL');
    await audit(tx, a);
    return a;
  });
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    mimeType: row.mimeType,
    size: row.size,
    sha256: row.sha256,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Stores the file and records it (row and audit in one transaction) for a worker in scope. */
export async function addAttachment(
  db: Db,
  dataDir: string,
  auth: AuthContext,
  ctx: AuditContext,
  worker: WorkerRow,
  upload: AttachmentUpload,
): Promise<AttachmentInfo> {
  const { kind } = upload;
  return recordAttachment(
    db,
    dataDir,
    auth,
    {
      workerId: worker.id,
      kind,
      buffer: upload.buffer,
      fileName: upload.fileName,
      defaultName: 'attachment',
      typeError: '只能上传 PDF、PNG 或 JPEG 文件（按文件内容识别）',
    },
    (tx, a) =>
      writeAudit(tx, ctx, [
        {
          action: 'worker.attachment.add',
          entityType: 'worker',
          entityId: worker.id,
          orgPath: worker.orgPath,
          changes: {
            attachmentId: a.id,
            fileName: a.fileName,
            kind,
            size: a.size,
            sha256: a.sha256,
          },
        },
      ]),
  );
}

export interface OpenedAttachment {
  fileName: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * The bytes of one attachment of a worker the caller may see (loadVisible): a personal document
 * needs worker:pii unless the caller is the worker; the download is audited (id, kind, name and
 * checksum, never the content) before anything is sent. A file missing or altered on disk is
 * refused with its own message and logged as an error for the operator; nothing is audited as
 * downloaded then.
 */
export async function openAttachment(
  db: Db,
  dataDir: string,
  auth: AuthContext,
  ctx: AuditContext,
  log: FastifyBaseLogger,
  worker: WorkerRow,
  attachmentId: number,
): Promise<OpenedAttachment> {
  const [a] = await db
    .select()
    .from(workerAttachment)
    .where(and(eq(workerAttachment.id, attachmentId), eq(workerAttachment.workerId, worker.id)));
  if (!a) throw notFound();
  if (
    isPersonalAttachmentKind(a.kind) &&
    !auth.permissions.has('worker:pii') &&
    auth.workerId !== worker.id
  ) {
    throw new AppError(
      'FORBIDDEN',
      undefined,
      '该附件属于个人证件等敏感材料，下载需要“查看敏感信息”权限',
    );
  }
  let buffer: Buffer;
  try {
    buffer = await readStored(dataDir, a.storagePath, a.sha256);
  } catch (err) {
    if (!(err instanceof StoredFileError)) throw err;
    log.error({ err, workerId: worker.id, attachmentId: a.id }, 'stored attachment refused');
    throw new AppError(
      'INTERNAL',
      undefined,
      err.reason === 'missing'
        ? '附件文件已丢失，无法下载，请联系系统管理员'
        : '附件文件校验失败（与上传时的校验值不符），可能已损坏或被篡改，已拒绝下载，请联系系统管理员',
    );
  }
  await db.transaction((tx) =>
    writeAudit(tx, ctx, [
      {
        action: 'worker.attachment.download',
        entityType: 'worker',
        entityId: worker.id,
        orgPath: worker.orgPath,
        changes: {
          attachmentId: a.id,
          kind: a.kind,
          fileName: a.fileName,
          size: a.size,
          sha256: a.sha256,
        },
      },
    ]),
  );
  return { fileName: a.fileName, mimeType: a.mimeType, buffer };
}
