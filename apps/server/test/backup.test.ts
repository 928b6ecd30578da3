// Backup and restore through the real operator CLI: a backup restored into an empty database
// reproduces every table row for row, keeps the audit chain intact, and lets ids continue;
// restoring over existing data or from a foreign file is refused with a clear message.
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { as, createTestApp, login, testConfig, type TestApp } from '../../../tests/setup/app';
import { buildApp } from '../src/app';
import { connect, type Database } from '../src/db/client';
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

let t: TestApp;
let restored: Database | null = null;
let restoreUrl: string;
const dir = tempDir('cwp-backup-');
const file = path.join(dir, 'cwp.backup.gz');

beforeAll(async () => {
  t = await createTestApp();
  // Some activity beyond the seed: new units, an account, audit rows.
  const admin = await login(t.app, 'admin');
  const { d1 } = await demoTree(t);
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
  const name = `cwpt_restore_${randomBytes(4).toString('hex')}`;
  const admin2 = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin2.connect();
  try {
    // Not from the test template: a truly empty database, as an operator would create.
    await admin2.query(`create database ${name}`);
  } finally {
    await admin2.end();
  }
  restoreUrl = withDatabase(inject('pgAdminUrl'), name);
});
afterAll(async () => {
  await restored?.close();
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore (CLI)', () => {
  it('writes a backup of a live database', async () => {
    const res = await runCli(['backup', file], { DATABASE_URL: t.db.url });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/backup written to .*cwp\.backup\.gz: \d+ tables, \d+ rows/);
  }, 120_000);

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
    const res = await runCli(['restore', file], { DATABASE_URL: restoreUrl });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/restored \d+ tables, \d+ rows/);

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
      cfg: testConfig(),
      db: restored.db,
      pool: restored.pool,
      logger: false,
    });
    try {
      const admin = await login(app, 'admin');
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
});
