// The zip container of an .xlsx, read from the uploaded buffer: the central directory (so a
// truncated or forged file is refused before anything is inflated) and each part inflated by
// zlib in chunks, counted against a limit so a zip bomb stops early.
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/** A problem with the file as a whole; the message is shown to the user. */
export class XlsxError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataOffset: number;
}

export const NOT_XLSX =
  '文件不是有效的 Excel 工作簿（.xlsx）；请用 Excel 或 WPS 另存为 .xlsx 后再上传';
export const CORRUPT = 'Excel 文件已损坏或不完整，无法读取；请重新保存后再上传';

/** Checks the bytes are a zip holding a workbook; the route calls this before queueing a job. */
export function sniffXlsx(buf: Buffer): void {
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0) {
    throw new XlsxError(
      '这是旧版 .xls 文件或已加密的工作簿；请取消密码并另存为 .xlsx（Excel 工作簿）后再上传',
    );
  }
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) throw new XlsxError(NOT_XLSX);
  const entries = readCentralDirectory(buf);
  if (!entries.has('xl/workbook.xml') || !entries.has('[Content_Types].xml'))
    throw new XlsxError(NOT_XLSX);
}

export function readCentralDirectory(buf: Buffer): Map<string, ZipEntry> {
  // The end-of-central-directory record sits in the last 22 + up to 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError(CORRUPT);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > buf.length)
    throw new XlsxError(CORRUPT);
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new XlsxError(CORRUPT);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf
      .subarray(p + 46, p + 46 + nameLen)
      .toString('utf8')
      .replace(/^\/+/, '');
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) throw new XlsxError('工作簿已加密，请取消密码后再上传');
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== 0x04034b50)
      throw new XlsxError(CORRUPT);
    const dataOffset =
      localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataOffset + compressedSize > buf.length) throw new XlsxError(CORRUPT);
    entries.set(name, { name, method, compressedSize, size, dataOffset });
  }
  return entries;
}

/** The entry's uncompressed bytes in chunks, stopping with an error past `limit` bytes. */
export async function* inflateEntry(
  buf: Buffer,
  entry: ZipEntry,
  limit: number,
  tooBig: string,
  onCompressedProgress?: (fraction: number) => void,
): AsyncGenerator<Buffer> {
  const data = buf.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.method === 0) {
    if (data.length > limit) throw new XlsxError(tooBig);
    for (let i = 0; i < data.length; i += 1 << 20) {
      onCompressedProgress?.(i / Math.max(1, data.length));
      yield data.subarray(i, i + (1 << 20));
    }
    return;
  }
  if (entry.method !== 8) throw new XlsxError(CORRUPT);
  const CHUNK = 1 << 16;
  let fed = 0;
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += CHUNK) {
        fed = i;
        yield data.subarray(i, i + CHUNK);
      }
      fed = data.length;
    })(),
  );
  const inflate = zlib.createInflateRaw({ chunkSize: 1 << 16 });
  source.on('error', (err) => inflate.destroy(err));
  source.pipe(inflate);
  let total = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw new XlsxError(tooBig);
      // A part larger than the central directory says is forged or damaged.
      if (total > entry.size) throw new XlsxError(CORRUPT);
      onCompressedProgress?.(fed / Math.max(1, data.length));
      yield chunk;
    }
  } catch (err) {
    if (err instanceof XlsxError) throw err;
    throw new XlsxError(CORRUPT);
  } finally {
    source.destroy();
    inflate.destroy();
  }
}

export async function entryText(buf: Buffer, entry: ZipEntry, limit: number): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of inflateEntry(buf, entry, limit, CORRUPT)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}
