// Logical backup and restore without external binaries: one REPEATABLE READ snapshot, every
// table streamed with COPY into a gzip file, then every file under DATA_DIR that the snapshot
// references (stored-files.ts), streamed with its path, size and SHA-256; restore migrates an
// empty database, COPYs the tables back in foreign-key order and writes the files back under
// DATA_DIR, verifying each checksum. Works the same on the embedded and any external PostgreSQL.
//
// Format (gzip): `CWP-BACKUP 2`, a JSON header line, then per table `@@TABLE name`, its COPY text
// rows and `\.`; then per file `@@FILE {"path","size","sha256"}` (sha256 as the database records
// it), exactly `size` raw bytes and `@@SHA256 <hash of those bytes>`; last `@@END {summary}`.
// Version 1 backups (tables only, no `@@END`) still restore.
import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { runMigrations } from './migrate';
import { isSafeStoragePath, referencedFilesSql } from './stored-files';

const MAGIC_V1 = 'CWP-BACKUP 1';
const MAGIC = 'CWP-BACKUP 2';
/** How many paths of missing/damaged files a result lists (the counts are always complete). */
const LIST_LIMIT = 1000;

interface TableInfo {
  name: string;
  columns: string[];
}

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

async function listTables(client: pg.PoolClient): Promise<TableInfo[]> {
  const { rows } = await client.query<{ table_name: string; columns: string[] }>(`
    select c.table_name, array_agg(c.column_name::text order by c.ordinal_position) as columns
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       -- Generated columns (e.g. worker.health_check_base) are computed again on restore.
       and c.is_generated = 'NEVER'
     group by c.table_name`);
  const deps = await client.query<{ child: string; parent: string }>(`
    select cl.relname as child, pl.relname as parent
      from pg_constraint k
      join pg_class cl on cl.oid = k.conrelid
      join pg_class pl on pl.oid = k.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
     where k.contype = 'f' and n.nspname = 'public' and cl.relname <> pl.relname`);
  // Parents before children, so foreign keys hold while rows arrive.
  const order: TableInfo[] = [];
  const byName = new Map(
    rows.map((r) => [r.table_name, { name: r.table_name, columns: r.columns }]),
  );
  const visiting = new Set<string>();
  const visit = (name: string) => {
    const t = byName.get(name);
    if (!t || order.includes(t) || visiting.has(name)) return;
    visiting.add(name);
    for (const d of deps.rows) if (d.child === name) visit(d.parent);
    order.push(t);
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return order;
}

/** Paths of some files, with the full count (the list stops at LIST_LIMIT). */
export interface FileList {
  count: number;
  paths: string[];
}

const emptyList = (): FileList => ({ count: 0, paths: [] });
const note = (l: FileList, p: string) => {
  l.count++;
  if (l.paths.length < LIST_LIMIT) l.paths.push(p);
};

export interface BackupResult {
  tables: number;
  rows: number;
  /** Whether the stored files were included (false with `withoutFiles`). */
  withFiles: boolean;
  files: number;
  bytes: number;
  /** Referenced by the database but not on disk (or not a regular file): not in the backup. */
  missing: FileList;
  /** On disk but not matching the checksum the database records: in the backup, not restored. */
  damaged: FileList;
  /** Referenced with a path outside the storage directories: never read. */
  refused: FileList;
}

export async function backupDatabase(
  pool: pg.Pool,
  file: string,
  opts: { dataDir?: string; withoutFiles?: boolean } = {},
): Promise<BackupResult> {
  const withFiles = !opts.withoutFiles;
  if (withFiles && !opts.dataDir) throw new Error('backup of the stored files needs DATA_DIR');
  const client = await pool.connect();
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  const done = pipeline(gzip, out);
  const res: BackupResult = {
    tables: 0,
    rows: 0,
    withFiles,
    files: 0,
    bytes: 0,
    missing: emptyList(),
    damaged: emptyList(),
    refused: emptyList(),
  };
  try {
    await client.query('begin isolation level repeatable read read only');
    const tables = await listTables(client);
    const migrations = await client
      .query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations')
      .then((r) => r.rows[0]?.n ?? 0)
      .catch(() => 0);
    const write = async (chunk: string | Buffer) => {
      if (!gzip.write(chunk)) await once(gzip, 'drain');
    };
    await write(
      `${MAGIC}\n${JSON.stringify({ createdAt: new Date().toISOString(), migrations, tables, files: withFiles })}\n`,
    );
    for (const t of tables) {
      await write(`@@TABLE ${t.name}\n`);
      const stream = client.query(
        copyTo(`copy ${ident(t.name)} (${t.columns.map(ident).join(',')}) to stdout`),
      );
      for await (const chunk of stream) await write(chunk as Buffer);
      res.rows += stream.rowCount ?? 0;
      await write('\\.\n');
    }
    res.tables = tables.length;
    if (withFiles && opts.dataDir) {
      // The list of files comes from the same snapshot as the rows, read in batches.
      await client.query(`declare backup_files no scroll cursor for ${referencedFilesSql()}`);
      for (;;) {
        const { rows: batch } = await client.query<{ path: string; sha256: string | null }>(
          'fetch 500 from backup_files',
        );
        if (batch.length === 0) break;
        for (const f of batch) await backupFile(opts.dataDir, f.path, f.sha256 ?? '', write, res);
      }
      await client.query('close backup_files');
    }
    await write(
      `@@END ${JSON.stringify({ tables: res.tables, rows: res.rows, files: res.files, bytes: res.bytes })}\n`,
    );
    await client.query('commit');
    gzip.end();
    await done;
    return res;
  } catch (err) {
    gzip.destroy();
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function backupFile(
  dataDir: string,
  rel: string,
  sha256: string,
  write: (chunk: string | Buffer) => Promise<void>,
  res: BackupResult,
): Promise<void> {
  if (!isSafeStoragePath(rel)) {
    note(res.refused, rel);
    return;
  }
  const abs = path.join(dataDir, rel);
  const st = await stat(abs).catch(() => null);
  if (!st?.isFile()) {
    note(res.missing, rel);
    return;
  }
  const size = st.size;
  await write(`@@FILE ${JSON.stringify({ path: rel, size, sha256 })}\n`);
  const hash = createHash('sha256');
  let read = 0;
  if (size > 0) {
    // Stored files are written once under their hash and never changed; exactly `size` bytes.
    for await (const chunk of createReadStream(abs, { start: 0, end: size - 1 })) {
      const b = chunk as Buffer;
      hash.update(b);
      read += b.length;
      await write(b);
    }
  }
  if (read !== size) throw new Error(`stored file ${rel} changed while being backed up`);
  const actual = hash.digest('hex');
  await write(`@@SHA256 ${actual}\n`);
  if (actual !== sha256) note(res.damaged, rel);
  res.files++;
  res.bytes += size;
}

export class RestoreError extends Error {}

export interface RestoreResult {
  tables: number;
  rows: number;
  /** Files written under DATA_DIR. */
  files: number;
  bytes: number;
  /** Already present under DATA_DIR with the right checksum. */
  skipped: number;
  /** Damaged when the backup was made (bytes not matching the database's checksum): not written. */
  damaged: FileList;
  /** False for a backup made without files (or in the old, tables-only format). */
  hadFiles: boolean;
}

const NL = 0x0a;
const BACKSLASH = 0x5c;
const DOT = 0x2e;
const END_OF_COPY = Buffer.from('\n\\.\n');

const truncated = () => new RestoreError('备份文件不完整 / truncated backup');

/** Reads lines, COPY sections and raw byte runs from the decompressed backup, in constant memory. */
class BackupReader {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    const chunk = next.value;
    this.buf = this.buf.length > 0 ? Buffer.concat([this.buf, chunk]) : chunk;
    return true;
  }

  /** The next line without its newline; null at the end of the stream. */
  async line(): Promise<string | null> {
    let from = 0;
    for (;;) {
      const i = this.buf.indexOf(NL, from);
      if (i >= 0) {
        const s = this.buf.subarray(0, i).toString('utf8');
        this.buf = this.buf.subarray(i + 1);
        return s;
      }
      from = this.buf.length;
      if (this.buf.length > 16 * 1024 * 1024)
        throw new RestoreError('备份文件格式错误 / corrupt backup (line too long)');
      if (!(await this.fill())) {
        if (this.buf.length === 0) return null;
        throw truncated();
      }
    }
  }

  /** Passes COPY text rows on (whole chunks, not line by line) up to the `\.` line. */
  async copyRows(write: (b: Buffer) => Promise<void>): Promise<void> {
    let atLineStart = true;
    for (;;) {
      if (atLineStart) {
        // Enough bytes to tell whether this line is the end marker.
        while (
          this.buf.length < 3 &&
          (this.buf.length === 0 ||
            (this.buf[0] === BACKSLASH && (this.buf.length === 1 || this.buf[1] === DOT)))
        ) {
          if (!(await this.fill())) throw truncated();
        }
        if (this.buf[0] === BACKSLASH && this.buf[1] === DOT) {
          if (this.buf[2] !== NL)
            throw new RestoreError('备份文件格式错误 / corrupt backup (bad end of table)');
          this.buf = this.buf.subarray(3);
          return;
        }
      }
      if (this.buf.length === 0) {
        if (!(await this.fill())) throw truncated();
        continue;
      }
      const end = this.buf.indexOf(END_OF_COPY);
      if (end >= 0) {
        await write(this.buf.subarray(0, end + 1));
        this.buf = this.buf.subarray(end + END_OF_COPY.length);
        return;
      }
      const last = this.buf.lastIndexOf(NL);
      if (last < 0) {
        await write(this.buf);
        this.buf = Buffer.alloc(0);
        atLineStart = false;
      } else {
        await write(this.buf.subarray(0, last + 1));
        this.buf = this.buf.subarray(last + 1);
        atLineStart = true;
      }
    }
  }

  /** Exactly `n` bytes, as they arrive. */
  async *bytes(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill())) throw truncated();
      const part = this.buf.subarray(0, Math.min(left, this.buf.length));
      this.buf = this.buf.subarray(part.length);
      left -= part.length;
      yield part;
    }
  }
}

export async function restoreDatabase(
  pool: pg.Pool,
  file: string,
  opts: { dataDir?: string } = {},
): Promise<RestoreResult> {
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new RestoreError(`无法读取备份文件 ${file} / cannot read backup file ${file}`);
  }
  await runMigrations(pool);
  const client = await pool.connect();
  let input: ReturnType<typeof createReadStream> | null = null;
  let gunzip: ReturnType<typeof createGunzip> | null = null;
  const res: RestoreResult = {
    tables: 0,
    rows: 0,
    files: 0,
    bytes: 0,
    skipped: 0,
    damaged: emptyList(),
    hadFiles: false,
  };
  try {
    await client.query('begin');
    const tables = await listTables(client);
    for (const t of tables) {
      const { rows: r } = await client.query<{ any: boolean }>(
        `select exists(select 1 from ${ident(t.name)}) as any`,
      );
      if (r[0]?.any)
        throw new RestoreError(
          `目标数据库不是空库（表 ${t.name} 已有数据），只能恢复到空数据库 / restore needs an empty database`,
        );
    }
    const unzip = createGunzip();
    gunzip = unzip;
    // .pipe() does not forward the file's errors; hand them to the stream being read.
    input = createReadStream(file);
    input.on('error', (e) => unzip.destroy(e)).pipe(unzip);
    const reader = new BackupReader(unzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
    const magic = await reader.line();
    if (magic !== MAGIC && magic !== MAGIC_V1)
      throw new RestoreError('不是本系统的备份文件 / not a backup file of this system');
    const v2 = magic === MAGIC;
    const header = JSON.parse(String(await reader.line())) as {
      tables: TableInfo[];
      files?: boolean;
    };
    res.hadFiles = v2 && header.files === true;
    const known = new Set(tables.map((t) => t.name));
    let ended = false;
    let inFiles = false;
    for (;;) {
      const next = await reader.line();
      if (next === null) break;
      if (ended)
        throw new RestoreError('备份文件格式错误 / corrupt backup (data after the end marker)');
      const table = /^@@TABLE (\w+)$/.exec(next);
      if (table?.[1] && !inFiles) {
        const name = table[1];
        const info = header.tables.find((t) => t.name === name);
        if (!info || !known.has(name))
          throw new RestoreError(`备份中的表 ${name} 在当前版本中不存在`);
        const sink = client.query(
          copyFrom(`copy ${ident(name)} (${info.columns.map(ident).join(',')}) from stdin`),
        );
        const finished = new Promise<void>((resolve, reject) => {
          sink.on('finish', resolve);
          sink.on('error', reject);
        });
        await reader.copyRows(async (b) => {
          if (!sink.write(b)) await once(sink, 'drain');
        });
        sink.end();
        await finished;
        res.rows += sink.rowCount ?? 0;
        res.tables++;
        continue;
      }
      if (v2 && next.startsWith('@@FILE ')) {
        inFiles = true;
        await restoreFile(reader, next.slice('@@FILE '.length), opts.dataDir, res);
        continue;
      }
      if (v2 && next.startsWith('@@END ')) {
        ended = true;
        continue;
      }
      throw new RestoreError(`备份文件格式错误 / corrupt backup near: ${next.slice(0, 40)}`);
    }
    if (v2 && !ended) throw truncated();
    // Sequences continue after the restored ids.
    await client.query(`
      do $$ declare s record; begin
        for s in select sn.nspname as schema, seq.relname as seq, tab.relname as tab, att.attname as col
                   from pg_class seq
                   join pg_namespace sn on sn.oid = seq.relnamespace
                   join pg_depend d on d.objid = seq.oid and d.deptype = 'a'
                   join pg_class tab on tab.oid = d.refobjid
                   join pg_attribute att on att.attrelid = tab.oid and att.attnum = d.refobjsubid
                  where seq.relkind = 'S' and sn.nspname = 'public' loop
          execute format('select setval(%L, coalesce((select max(%I) from %I.%I), 0) + 1, false)',
                         s.schema || '.' || s.seq, s.col, s.schema, s.tab);
        end loop;
      end $$;`);
    await client.query('commit');
    return res;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    const zlibCode = (err as NodeJS.ErrnoException).code;
    if (zlibCode === 'Z_DATA_ERROR' || zlibCode === 'Z_BUF_ERROR') {
      throw new RestoreError(
        `不是本系统的备份文件或文件已损坏 / not a backup file of this system, or corrupt (${(err as Error).message})`,
      );
    }
    throw err;
  } finally {
    input?.destroy();
    gunzip?.destroy();
    client.release();
  }
}

/**
 * Writes one file of the backup under DATA_DIR: to a temporary name beside its place, hashed while
 * written, renamed only when the bytes match the recorded checksum. A file already there with the
 * right checksum is left as it is.
 */
async function restoreFile(
  reader: BackupReader,
  headerJson: string,
  dataDir: string | undefined,
  res: RestoreResult,
): Promise<void> {
  let entry: { path?: unknown; size?: unknown; sha256?: unknown };
  try {
    entry = JSON.parse(headerJson) as typeof entry;
  } catch {
    throw new RestoreError(
      `备份文件格式错误 / corrupt backup near: @@FILE ${headerJson.slice(0, 40)}`,
    );
  }
  const { path: rel, size, sha256 } = entry;
  if (typeof rel !== 'string' || typeof sha256 !== 'string' || !Number.isSafeInteger(size))
    throw new RestoreError(
      `备份文件格式错误 / corrupt backup near: @@FILE ${headerJson.slice(0, 40)}`,
    );
  if (!isSafeStoragePath(rel))
    throw new RestoreError(
      `备份中的文件路径 ${JSON.stringify(rel)} 不在存储目录内，拒绝恢复 / file path escapes the storage directory: ${JSON.stringify(rel)}`,
    );
  if (!dataDir) throw new RestoreError('恢复文件需要 DATA_DIR / restoring files needs DATA_DIR');
  const n = size as number;
  const abs = path.join(dataDir, rel);
  const present = await hashOf(abs);
  const hash = createHash('sha256');
  let tmp: string | null = null;
  try {
    if (present === sha256) {
      for await (const b of reader.bytes(n)) hash.update(b);
    } else {
      await mkdir(path.dirname(abs), { recursive: true });
      tmp = `${abs}.restore-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      const out = createWriteStream(tmp, { mode: 0o600 });
      const source = reader.bytes(n);
      await pipeline(
        (async function* () {
          for await (const b of source) {
            hash.update(b);
            yield b;
          }
        })(),
        out,
      );
    }
    const trailer = await reader.line();
    const recorded = /^@@SHA256 ([0-9a-f]{64})$/.exec(trailer ?? '')?.[1];
    if (!recorded) throw truncated();
    const actual = hash.digest('hex');
    if (actual !== recorded)
      throw new RestoreError(
        `备份中的文件 ${rel} 校验失败（SHA-256 不符），备份文件已损坏或被篡改 / file ${rel} in the backup fails its SHA-256 check`,
      );
    if (present === sha256) {
      res.skipped++;
    } else if (actual !== sha256) {
      // Already damaged on disk when the backup was made; the backup reported it.
      note(res.damaged, rel);
    } else if (tmp) {
      await rename(tmp, abs);
      tmp = null;
      res.files++;
      res.bytes += n;
    }
  } finally {
    if (tmp) await rm(tmp, { force: true });
  }
}

async function hashOf(abs: string): Promise<string | null> {
  const st = await stat(abs).catch(() => null);
  if (!st?.isFile()) return null;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(abs)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
