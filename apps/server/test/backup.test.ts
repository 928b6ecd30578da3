// Backup and restore through the real operator CLI: a backup restored into an empty database
// reproduces every table row for row, keeps the audit chain intact, and lets ids continue; the
// stored files it references (dossier attachments, training evidence) come back byte for byte
// under the target DATA_DIR; restoring over existing data, from a foreign file, a tampered file
// or a path escaping the storage directory is refused with a clear message.
import { composeIdNumber } from '@cwp/core';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { getTableName } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  as,
  createTestApp,
  login,
  testConfig,
  type Session,
  type TestApp,
} from '../../../tests/setup/app';
import { buildApp } from '../src/app';
import { connect, type Database } from '../src/db/client';
import { FILE_REFERENCES, isSafeStoragePath } from '../src/db/stored-files';
import { verifyAuditChain } from '../src/lib/audit';
import {
  databaseDigestOf,
  demoTree,
  expectOk,
  runCli,
  STRONG_PASSWORD,
  tableCountsOf,
  tempDir,
  withDatabase,
} from './helpers';
import { multipart } from './excel-helpers';

let t: TestApp;
let restored: Database | null = null;
let restoreUrl: string;
/** An empty database for the restores that must fail (it stays empty and usable). */
let scratchUrl: string;
const dir = tempDir('cwp-backup-');
const file = path.join(dir, 'cwp.backup.gz');
const dbOnlyFile = path.join(dir, 'cwp-db-only.backup.gz');
/** DATA_DIR of the restored installation: empty before the restore. */
const restoreDataDir = tempDir('cwp-backup-restore-data-');
const scratchDataDir = tempDir('cwp-backup-scratch-data-');

// Binary content (newlines, `@@`, backslashes, NUL) over several gzip chunks.
const SCAN = Buffer.concat([
  Buffer.from('%PDF-1.4\n'),
  randomBytes(300_000),
  Buffer.from('\n@@END {}\n\\.\n@@SHA256 x\n\0'),
]);
const EVIDENCE = Buffer.concat([Buffer.from('%PDF-1.4\n结业证书\n'), randomBytes(2_000)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let workerId = 0;
let scanId = 0;
let evidenceUrl = '';

async function emptyDatabase(): Promise<string> {
  const name = `${inject('testDbPrefix')}restore_${randomBytes(4).toString('hex')}`;
  const admin2 = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin2.connect();
  try {
    // Not from the test template: a truly empty database, as an operator would create.
    await admin2.query(`create database ${name}`);
  } finally {
    await admin2.end();
  }
  return withDatabase(inject('pgAdminUrl'), name);
}

function uploadAttachment(app: FastifyInstance, s: Session, worker: number, content: Buffer) {
  const body = multipart(content, '身份证扫描件.pdf');
  return app.inject({
    method: 'POST',
    url: `/api/workers/${worker}/attachments`,
    headers: { ...body.headers, cookie: s.cookie, 'x-csrf-token': s.csrfToken },
    payload: body.payload,
  });
}

/** Every file under a directory, relative paths. */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

beforeAll(async () => {
  t = await createTestApp();
  // Some activity beyond the seed: new units, an account, audit rows.
  const admin = await login(t.app, 'admin');
  const { d1, c1 } = await demoTree(t);
  expectOk(
    await as(t.app, admin).post('/api/org-units', {
      parentId: d1.id,
      level: 'subdistrict',
      name: '备份测试街道\t含制表符', // COPY escapes tabs and newlines; the round trip must too
      divisionCode: '330102077',
    }),
  );
  expectOk(
    await as(t.app, admin).post('/api/users', {
      username: 'backupuser',
      displayName: '备份\n用户 \\ 反斜杠',
      orgUnitId: d1.id,
      roles: ['auditor'],
      password: STRONG_PASSWORD,
    }),
  );
  // A worker with a dossier attachment and external training evidence, stored under DATA_DIR.
  const w = await as(t.app, admin).post('/api/workers', {
    name: '备份测试员',
    idNumber: composeIdNumber({
      divisionCode: '330106',
      birthDate: '1988-02-03',
      sequence: 517,
      sex: 'male',
    }),
    ethnicity: '01',
    politicalStatus: '13',
    phone: '13800138517',
    category: 'full_time',
    orgUnitId: c1.id,
    post: 'staff',
    grade: 3,
    status: 'active',
    workStartDate: '2012-03-01',
    hireDate: '2013-04-01',
    educationFullTime: '20',
  });
  expectOk(w);
  workerId = w.json<{ id: number }>().id;
  const scan = await uploadAttachment(t.app, admin, workerId, SCAN);
  expectOk(scan);
  scanId = scan.json<{ id: number }>().id;
  const ev = multipart(EVIDENCE, '结业证书.pdf');
  const evidence = await t.app.inject({
    method: 'POST',
    url: `/api/training/workers/${workerId}/evidence`,
    headers: { ...ev.headers, cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    payload: ev.payload,
  });
  expectOk(evidence);
  const entry = await as(t.app, admin).post('/api/training/external', {
    workerId,
    title: '备份测试外部培训',
    provider: '市民政局',
    startDate: '2026-03-02',
    endDate: '2026-03-03',
    hours: 8,
    ability: 'coordination',
    evidenceAttachmentId: evidence.json<{ id: number }>().id,
  });
  expectOk(entry);
  evidenceUrl =
    entry
      .json<{ entries: { sourceType: string; evidenceUrl: string | null }[] }>()
      .entries.find((x) => x.sourceType === 'external')?.evidenceUrl ?? '';
  expect(evidenceUrl).toMatch(/^\/api\/training\/external\/\d+\/evidence$/);
  [restoreUrl, scratchUrl] = await Promise.all([emptyDatabase(), emptyDatabase()]);
}, 120_000);
afterAll(async () => {
  await restored?.close();
  await t?.close();
  for (const d of [dir, restoreDataDir, scratchDataDir])
    rmSync(d, { recursive: true, force: true });
});

describe('backup and restore (CLI)', () => {
  it('writes a backup of a live database and the files it references', async () => {
    const res = await runCli(['backup', file], {
      DATABASE_URL: t.db.url,
      DATA_DIR: t.cfg.dataDir,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/backup written to .*cwp\.backup\.gz: \d+ tables, \d+ rows/);
    expect(res.stdout).toContain(`2 files, ${SCAN.length + EVIDENCE.length} bytes`);
    expect(res.stderr).not.toContain('warning');
    // Only the referenced files: not the embedded database, not the keys beside them.
    const text = gunzipSync(readFileSync(file)).toString('latin1');
    const entries = [...text.matchAll(/^@@FILE (.*)$/gm)].map(
      (m) => JSON.parse(m[1] ?? '') as { path: string; size: number; sha256: string },
    );
    expect(entries.map((e) => e.sha256).sort()).toEqual([sha(SCAN), sha(EVIDENCE)].sort());
    expect(entries.every((e) => e.path.startsWith('attachments/'))).toBe(true);
  }, 120_000);

  it('lists every file-referencing column of the schema', async () => {
    const { rows: cols } = await t.db.pool.query<{ t: string; c: string }>(
      `select table_name as t, column_name as c from information_schema.columns
        where table_schema = 'public' and (column_name like '%storage_path' or column_name like '%evidence_path'
              or column_name like '%file_path')
        order by 1, 2`,
    );
    expect(cols.length).toBeGreaterThanOrEqual(5);
    expect(
      FILE_REFERENCES.map((r) => ({ t: getTableName(r.table), c: r.path.name })).sort((a, b) =>
        `${a.t}.${a.c}`.localeCompare(`${b.t}.${b.c}`),
      ),
    ).toEqual(cols);
  });

  it('accepts only plain relative paths inside the storage directories', () => {
    expect(isSafeStoragePath('attachments/ab/abcdef')).toBe(true);
    expect(isSafeStoragePath('learning/ab/abcdef')).toBe(true);
    for (const bad of [
      '../outside',
      'attachments/../../etc/passwd',
      'attachments/ab/../../pg/PG_VERSION',
      '/etc/passwd',
      'C:\\evil',
      'attachments\\ab\\x',
      'pg/PG_VERSION',
      'pii-key',
      'attachments//x',
      'attachments/./x',
      'attachments',
      '',
    ])
      expect(isSafeStoragePath(bad), bad).toBe(false);
  });

  it('refuses a file that is not a backup, leaving the empty target usable', async () => {
    const bogus = path.join(dir, 'bogus.gz');
    writeFileSync(bogus, gzipSync('hello world\n'));
    const res = await runCli(['restore', bogus], { DATABASE_URL: restoreUrl });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('not a backup file');
    const plain = path.join(dir, 'plain.txt');
    writeFileSync(plain, 'CWP-BACKUP 1\n');
    const notGzip = await runCli(['restore', plain], { DATABASE_URL: restoreUrl });
    expect(notGzip.code).not.toBe(0);
    expect(notGzip.stderr).toContain('not a backup file');
    const missing = await runCli(['restore', path.join(dir, 'missing.gz')], {
      DATABASE_URL: restoreUrl,
    });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('cannot read backup file');
    expect(missing.stderr).not.toContain('Unhandled');
  }, 120_000);

  it('restores into an empty database: every table, every row, the chain and the ids', async () => {
    const res = await runCli(['restore', file], {
      DATABASE_URL: restoreUrl,
      DATA_DIR: restoreDataDir,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/restored \d+ tables, \d+ rows/);
    expect(res.stdout).toContain(`2 files, ${SCAN.length + EVIDENCE.length} bytes`);
    const written = filesUnder(restoreDataDir);
    expect(written.filter((f) => f.startsWith('attachments/'))).toHaveLength(2);
    expect(written.some((f) => f.endsWith('.tmp'))).toBe(false);

    restored = connect(restoreUrl, 4);
    const [srcCounts, dstCounts] = await Promise.all([
      tableCountsOf(t.db.pool),
      tableCountsOf(restored.pool),
    ]);
    expect(Object.keys(dstCounts).length).toBeGreaterThan(8);
    expect(dstCounts).toEqual(srcCounts);
    expect(dstCounts.org_unit).toBeGreaterThan(300);
    // Row for row, byte for byte (tabs, newlines and backslashes included).
    expect(await databaseDigestOf(restored.pool)).toEqual(await databaseDigestOf(t.db.pool));
    const { rows: names } = await restored.pool.query<{ display_name: string }>(
      `select display_name from app_user where username = 'backupuser'`,
    );
    expect(names[0]?.display_name).toBe('备份\n用户 \\ 反斜杠');

    const chain = await verifyAuditChain(restored.db);
    expect(chain.broken).toBeNull();
    expect(chain.verified).toBe(srcCounts.audit_log);
  }, 120_000);

  it('continues sequences after the restored ids and serves logins', async () => {
    if (!restored) throw new Error('restore did not run');
    const { rows: maxRows } = await restored.pool.query<{ org: number; usr: number }>(
      'select (select max(id) from org_unit)::int as org, (select max(id) from app_user)::int as usr',
    );
    const max = maxRows[0];
    const app = await buildApp({
      cfg: testConfig({ DATA_DIR: restoreDataDir }),
      db: restored.db,
      pool: restored.pool,
      logger: false,
    });
    try {
      const admin = await login(app, 'admin');
      // The files come back through the API byte for byte.
      const scan = await as(app, admin).get(`/api/workers/${workerId}/attachments/${scanId}`);
      expectOk(scan);
      expect(Buffer.compare(scan.rawPayload, SCAN)).toBe(0);
      const evidence = await as(app, admin).get(evidenceUrl);
      expectOk(evidence);
      expect(Buffer.compare(evidence.rawPayload, EVIDENCE)).toBe(0);
      const { rows: d } = await restored.pool.query<{ id: number }>(
        `select id from org_unit where division_code = '330103'`,
      );
      const unit = await as(app, admin).post('/api/org-units', {
        parentId: d[0]?.id,
        level: 'subdistrict',
        name: '恢复后新建街道',
        divisionCode: '330103077',
      });
      expectOk(unit);
      expect(unit.json<{ id: number }>().id).toBe((max?.org ?? 0) + 1);
      const user = await as(app, admin).post('/api/users', {
        username: 'afterrestore',
        displayName: '恢复后',
        orgUnitId: d[0]?.id,
        roles: ['auditor'],
        password: STRONG_PASSWORD,
      });
      expectOk(user);
      expect(user.json<{ id: number }>().id).toBe((max?.usr ?? 0) + 1);
      expect((await verifyAuditChain(restored.db)).broken).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('refuses to restore over existing data, changing nothing', async () => {
    const before = await databaseDigestOf(t.db.pool);
    const res = await runCli(['restore', file], { DATABASE_URL: t.db.url });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('目标数据库不是空库');
    expect(res.stderr).toContain('restore needs an empty database');
    expect(await databaseDigestOf(t.db.pool)).toEqual(before);
  }, 120_000);
  it('skips files already present with the right checksum on a second restore', async () => {
    // The files of the first restore are there; a restore into another empty database with
    // the same DATA_DIR leaves them and reports them as already present.
    const other = await emptyDatabase();
    const res = await runCli(['restore', file], { DATABASE_URL: other, DATA_DIR: restoreDataDir });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('0 files, 0 bytes (2 already present)');
  }, 120_000);

  it('refuses a backup whose file bytes were altered, leaving no half file', async () => {
    const text = gunzipSync(readFileSync(file));
    const at = text.indexOf(SCAN.subarray(0, 64));
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(text);
    const pos = at + 150_000;
    tampered[pos] = (tampered[pos] ?? 0) ^ 0xff;
    const bad = path.join(dir, 'tampered.gz');
    writeFileSync(bad, gzipSync(tampered));
    const res = await runCli(['restore', bad], {
      DATABASE_URL: scratchUrl,
      DATA_DIR: scratchDataDir,
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('校验失败');
    expect(res.stderr).toContain('fails its SHA-256 check');
    const left = filesUnder(scratchDataDir);
    expect(left.some((f) => f.endsWith(sha(SCAN)))).toBe(false);
    expect(left.some((f) => f.endsWith('.tmp'))).toBe(false);
    const scratch = new pg.Client({ connectionString: scratchUrl });
    await scratch.connect();
    try {
      const { rows: n } = await scratch.query<{ n: number }>(
        'select (select count(*) from worker_attachment) + (select count(*) from org_unit) as n',
      );
      expect(Number(n[0]?.n)).toBe(0);
    } finally {
      await scratch.end();
    }
  }, 120_000);

  it('writes a database-only backup with --without-files', async () => {
    const res = await runCli(['backup', dbOnlyFile, '--without-files'], {
      DATABASE_URL: t.db.url,
      DATA_DIR: t.cfg.dataDir,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/\d+ tables, \d+ rows, files left out \(--without-files\)/);
    const text = gunzipSync(readFileSync(dbOnlyFile)).toString('latin1');
    expect(text).not.toMatch(/^@@FILE /m);
    expect(text).toMatch(/^@@END /m);
  }, 120_000);

  it('refuses a file path that escapes the storage directory', async () => {
    const tables = gunzipSync(readFileSync(dbOnlyFile)).toString('latin1');
    const head = tables.slice(0, tables.search(/^@@END /m));
    for (const evil of ['../escaped.txt', '/tmp/cwp-escaped.txt', 'pg/PG_VERSION']) {
      const content = Buffer.from('owned');
      const forged = Buffer.concat([
        Buffer.from(head, 'latin1'),
        Buffer.from(`@@FILE ${JSON.stringify({ path: evil, size: 5, sha256: sha(content) })}\n`),
        content,
        Buffer.from(`@@SHA256 ${sha(content)}\n@@END {}\n`),
      ]);
      const bad = path.join(dir, 'escape.gz');
      writeFileSync(bad, gzipSync(forged));
      const res = await runCli(['restore', bad], {
        DATABASE_URL: scratchUrl,
        DATA_DIR: scratchDataDir,
      });
      expect(res.code, evil).not.toBe(0);
      expect(res.stderr).toContain('file path escapes the storage directory');
    }
    expect(existsSync(path.join(scratchDataDir, '..', 'escaped.txt'))).toBe(false);
    expect(existsSync('/tmp/cwp-escaped.txt')).toBe(false);
    expect(filesUnder(scratchDataDir).some((f) => f.startsWith('pg'))).toBe(false);
  }, 120_000);

  it('still restores an old-format backup (tables only)', async () => {
    const text = gunzipSync(readFileSync(dbOnlyFile)).toString('latin1');
    const body = text.slice(text.indexOf('\n') + 1, text.search(/^@@END /m));
    const old = path.join(dir, 'old-format.gz');
    writeFileSync(old, gzipSync(Buffer.from(`CWP-BACKUP 1\n${body}`, 'latin1')));
    const res = await runCli(['restore', old], {
      DATABASE_URL: scratchUrl,
      DATA_DIR: scratchDataDir,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/restored \d+ tables, \d+ rows, no files/);
    const scratch = new pg.Client({ connectionString: scratchUrl });
    await scratch.connect();
    try {
      const { rows: n } = await scratch.query<{ n: number }>(
        'select count(*)::int as n from worker_attachment',
      );
      expect(n[0]?.n).toBe(2);
    } finally {
      await scratch.end();
    }
  }, 120_000);

  it('completes a backup when a referenced file is missing on disk, and reports it', async () => {
    const admin = await login(t.app, 'admin');
    const lost = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(500)]);
    const up = await uploadAttachment(t.app, admin, workerId, lost);
    expectOk(up);
    const { rows: p } = await t.db.pool.query<{ storage_path: string }>(
      'select storage_path from worker_attachment where id = $1',
      [up.json<{ id: number }>().id],
    );
    const rel = p[0]?.storage_path ?? '';
    unlinkSync(path.join(t.cfg.dataDir, rel));
    const out = path.join(dir, 'missing-file.gz');
    const res = await runCli(['backup', out], { DATABASE_URL: t.db.url, DATA_DIR: t.cfg.dataDir });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`2 files, ${SCAN.length + EVIDENCE.length} bytes`);
    expect(res.stderr).toContain('warning: 1 referenced files missing under DATA_DIR');
    expect(res.stderr).toContain(rel);
    // Complete: the last line is the end marker.
    const text = gunzipSync(readFileSync(out)).toString('latin1');
    expect(text.slice(text.lastIndexOf('\n', text.length - 2) + 1)).toMatch(/^@@END \{/);
  }, 120_000);
});
