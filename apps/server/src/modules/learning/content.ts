// Course content files (PDF and video): streamed to disk under DATA_DIR while being hashed, the
// type sniffed from the first bytes (never from the name or the header), size-limited per kind,
// stored by content hash like dossier attachments, and served with HTTP range support so a video
// player can seek.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply } from 'fastify';
import { fieldError } from '../../lib/errors';

export const CONTENT_TYPES = [
  {
    kind: 'pdf',
    mime: 'application/pdf',
    ext: 'pdf',
    test: (b: Buffer) => starts(b, 0, [0x25, 0x50, 0x44, 0x46, 0x2d]),
  },
  // ISO base media (MP4): a box size then "ftyp".
  {
    kind: 'video',
    mime: 'video/mp4',
    ext: 'mp4',
    test: (b: Buffer) => starts(b, 4, [0x66, 0x74, 0x79, 0x70]),
  },
  // EBML header (WebM).
  {
    kind: 'video',
    mime: 'video/webm',
    ext: 'webm',
    test: (b: Buffer) => starts(b, 0, [0x1a, 0x45, 0xdf, 0xa3]),
  },
] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

function starts(buf: Buffer, offset: number, magic: readonly number[]): boolean {
  return buf.length >= offset + magic.length && magic.every((b, i) => buf[offset + i] === b);
}

export function sniffContent(head: Buffer): ContentType | null {
  return CONTENT_TYPES.find((t) => t.test(head)) ?? null;
}

/** Videos may be this many times larger than the general upload limit (documents are not). */
export const VIDEO_LIMIT_FACTOR = 25;

export function contentLimit(uploadLimit: number, kind: 'pdf' | 'video'): number {
  return kind === 'video' ? uploadLimit * VIDEO_LIMIT_FACTOR : uploadLimit;
}

export interface StoredContent {
  type: ContentType;
  size: number;
  sha256: string;
  storagePath: string;
}

/**
 * Streams an upload to a temporary file while hashing it; refuses it (and removes the temporary
 * file) when it exceeds `limit` bytes or its bytes are not an allowed type.
 */
export async function storeContentStream(
  dataDir: string,
  source: Readable & { truncated?: boolean },
  limit: number,
  expectedKind: 'pdf' | 'video',
): Promise<StoredContent> {
  const dir = path.join(dataDir, 'learning');
  await mkdir(dir, { recursive: true });
  const tmp = path.join(
    dir,
    `upload-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`,
  );
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  let tooLarge = false;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        cb(new Error('too large'));
        return;
      }
      if (head.length < 16) head = Buffer.concat([head, chunk.subarray(0, 16 - head.length)]);
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, createWriteStream(tmp, { mode: 0o600 }));
  } catch (e) {
    await rm(tmp, { force: true });
    if (tooLarge) throw sizeError(limit);
    throw e;
  }
  if (source.truncated) {
    await rm(tmp, { force: true });
    throw sizeError(limit);
  }
  const type = sniffContent(head);
  if (!type || type.kind !== expectedKind) {
    await rm(tmp, { force: true });
    throw fieldError(
      'file',
      expectedKind === 'pdf'
        ? '只能上传 PDF 文件（按文件内容识别）'
        : '只能上传 MP4 或 WebM 视频（按文件内容识别）',
    );
  }
  if (size === 0) {
    await rm(tmp, { force: true });
    throw fieldError('file', '文件为空');
  }
  const sha256 = hash.digest('hex');
  const storagePath = path.join('learning', sha256.slice(0, 2), sha256);
  await mkdir(path.join(dataDir, path.dirname(storagePath)), { recursive: true });
  await rename(tmp, path.join(dataDir, storagePath));
  return { type, size, sha256, storagePath };
}

function sizeError(limit: number) {
  return fieldError('file', `文件不能超过 ${Math.floor(limit / 1024 / 1024)} MB`);
}

/** Parses one `bytes=a-b` range; null when absent; 'invalid' when unsatisfiable. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/**
 * Sends a stored file, whole or one byte range. The recorded size must match the file on disk
 * (the checksum was verified on upload; a whole-file read of a PDF verifies it again).
 */
export async function sendContent(
  reply: FastifyReply,
  dataDir: string,
  file: { storagePath: string; size: number; mimeType: string; fileName: string; sha256: string },
  rangeHeader: string | undefined,
): Promise<FastifyReply> {
  const abs = path.join(dataDir, file.storagePath);
  const st = await stat(abs);
  if (st.size !== file.size) throw new Error(`content ${file.storagePath} has the wrong size`);
  const range = parseRange(rangeHeader, st.size);
  reply
    .type(file.mimeType)
    .header('accept-ranges', 'bytes')
    .header('cache-control', 'private, max-age=3600')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
  if (range === 'invalid') {
    return reply.code(416).header('content-range', `bytes */${st.size}`).send();
  }
  if (range === null) {
    if (file.mimeType === 'application/pdf') {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(abs)) hash.update(chunk as Buffer);
      if (hash.digest('hex') !== file.sha256)
        throw new Error(`content ${file.storagePath} fails its checksum`);
    }
    return reply.header('content-length', st.size).send(createReadStream(abs));
  }
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${st.size}`)
    .header('content-length', range.end - range.start + 1)
    .send(createReadStream(abs, { start: range.start, end: range.end }));
}
