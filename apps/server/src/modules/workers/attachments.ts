// Dossier attachments (scans, certificates, photos): stored on disk under DATA_DIR by content hash,
// the type sniffed from the bytes (never trusted from the name or header), size-limited.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

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

export async function readStored(
  dataDir: string,
  storagePath: string,
  sha256: string,
): Promise<Buffer> {
  const buf = await readFile(path.join(dataDir, storagePath));
  // A file altered on disk is refused rather than served.
  if (createHash('sha256').update(buf).digest('hex') !== sha256)
    throw new Error(`attachment ${storagePath} fails its checksum`);
  return buf;
}
