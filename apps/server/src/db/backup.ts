// Logical backup and restore without external binaries: one REPEATABLE READ snapshot, every
// table streamed with COPY into a gzip file; restore migrates an empty database and COPYs the
// tables back in foreign-key order. Works the same on the embedded and any external PostgreSQL.
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { runMigrations } from './migrate';

const MAGIC = 'CWP-BACKUP 1';

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

export async function backupDatabase(
  pool: pg.Pool,
  file: string,
): Promise<{ tables: number; rows: number }> {
  const client = await pool.connect();
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  const done = pipeline(gzip, out);
  let rows = 0;
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
      `${MAGIC}\n${JSON.stringify({ createdAt: new Date().toISOString(), migrations, tables })}\n`,
    );
    for (const t of tables) {
      await write(`@@TABLE ${t.name}\n`);
      const stream = client.query(
        copyTo(`copy ${ident(t.name)} (${t.columns.map(ident).join(',')}) to stdout`),
      );
      for await (const chunk of stream) await write(chunk as Buffer);
      rows += stream.rowCount ?? 0;
      await write('\\.\n');
    }
    await client.query('commit');
    gzip.end();
    await done;
    return { tables: tables.length, rows };
  } catch (err) {
    gzip.destroy();
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export class RestoreError extends Error {}

export async function restoreDatabase(
  pool: pg.Pool,
  file: string,
): Promise<{ tables: number; rows: number }> {
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new RestoreError(`无法读取备份文件 ${file} / cannot read backup file ${file}`);
  }
  await runMigrations(pool);
  const client = await pool.connect();
  let lines: Interface | null = null;
  let rows = 0;
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
    // Open the file only now and iterate at once: readline starts reading as soon as it is
    // created, and lines it emits before the iterator exists are lost (the restore then hangs).
    const gunzip = createGunzip();
    // .pipe() does not forward the file's errors; hand them to the stream readline listens to.
    createReadStream(file)
      .on('error', (e) => gunzip.destroy(e))
      .pipe(gunzip);
    lines = createInterface({ input: gunzip, crlfDelay: Infinity });
    const iter = lines[Symbol.asyncIterator]();
    const first = await iter.next();
    if (first.value !== MAGIC)
      throw new RestoreError('不是本系统的备份文件 / not a backup file of this system');
    const header = JSON.parse(String((await iter.next()).value)) as { tables: TableInfo[] };
    const known = new Set(tables.map((t) => t.name));
    let count = 0;
    for (;;) {
      const next = await iter.next();
      if (next.done) break;
      const m = /^@@TABLE (\w+)$/.exec(next.value);
      if (!m?.[1])
        throw new RestoreError(
          `备份文件格式错误 / corrupt backup near: ${next.value.slice(0, 40)}`,
        );
      const name = m[1];
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
      for (;;) {
        const line = await iter.next();
        if (line.done) throw new RestoreError('备份文件不完整 / truncated backup');
        if (line.value === '\\.') break;
        if (!sink.write(`${line.value}\n`)) await once(sink, 'drain');
      }
      sink.end();
      await finished;
      rows += sink.rowCount ?? 0;
      count++;
    }
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
    return { tables: count, rows };
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
    lines?.close();
    client.release();
  }
}
