// Operator commands: npm run cli -- <command> [args]. Each opens the configured database the same
// way the server does (embedded under DATA_DIR unless DATABASE_URL is set).
import { parseArgs } from 'node:util';
import { checkPasswordPolicy } from '@cwp/core';
import { eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from './config';
import { backupDatabase, restoreDatabase } from './db/backup';
import { DataDirLockedError } from './db/embedded';
import { openDatabase } from './db/runtime';
import { appUser, orgUnit, role, userRole } from './db/schema';
import { SYSTEM_CONTEXT, verifyAuditChain, writeAudit } from './lib/audit';
import { hashPassword } from './lib/password';
import { Pii } from './lib/pii';
import { reencryptPii, ReencryptBusyError, summaryLine } from './lib/pii-rotate';
import { createOrgUnit } from './modules/org-units/service';
import { bootstrapReferenceData } from './seed/bootstrap';
import { seedDemo } from './seed/demo';

const USAGE = `Usage: npm run cli -- <command>
  migrate                         apply database migrations
  seed                            load reference data and the demo city (only into an empty tree)
  create-admin --username U --password P [--name 显示名] [--org-name 示范市 --division-code 330100 --level city]
                                  create a system administrator (and a root org unit if the tree is empty)
  verify-audit                    verify the audit trail's hash chain
  backup <file> [--without-files] write a consistent backup of the whole database and of the stored
                                  files it references (--without-files: the database only)
  restore <file>                  restore a backup into an empty database, its files under DATA_DIR
  reencrypt-pii [--dry-run] [--reindex] [--batch-size N]
                                  re-encrypt under PII_KEY the personal data still under a key in
                                  PII_OLD_KEYS (--dry-run: only count; --reindex: also recompute the
                                  blind indexes under PII_INDEX_KEY, with the app stopped; batches of
                                  N rows, default 2000)`;

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const cfg = loadConfig();
  const database = await openDatabase(cfg, { migrate: command !== 'restore' });
  try {
    switch (command) {
      case 'migrate':
        console.log('migrations applied');
        return 0;
      case 'seed': {
        await bootstrapReferenceData(database.db);
        const res = await seedDemo(database.db, { pii: new Pii(cfg.pii) });
        console.log(
          res.seeded
            ? `demo city seeded: ${res.units} org units, ${res.workers} workers`
            : 'org tree not empty; demo data not seeded',
        );
        return 0;
      }
      case 'create-admin':
        return await createAdmin(database.db, rest);
      case 'verify-audit': {
        const res = await verifyAuditChain(database.db);
        if (res.broken) {
          console.error(
            `audit chain BROKEN at record ${res.broken.id}: ${res.broken.reason} (${res.verified} records verified before it)`,
          );
          return 1;
        }
        console.log(`audit chain intact: ${res.verified} records verified`);
        return 0;
      }
      case 'backup': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { 'without-files': { type: 'boolean' } },
        });
        const file = positionals[0];
        if (!file || positionals.length > 1) throw new UsageError('backup needs one file name');
        const withoutFiles = values['without-files'] === true;
        const res = await backupDatabase(database.pool, file, {
          dataDir: cfg.dataDir,
          withoutFiles,
        });
        console.log(
          `backup written to ${file}: ${res.tables} tables, ${res.rows} rows, ` +
            (withoutFiles
              ? 'files left out (--without-files)'
              : `${res.files} files, ${res.bytes} bytes`),
        );
        const warn = (what: string, l: typeof res.missing) => {
          if (l.count === 0) return;
          console.warn(`warning: ${l.count} ${what}:`);
          for (const p of l.paths) console.warn(`  ${p}`);
          if (l.count > l.paths.length) console.warn(`  ... and ${l.count - l.paths.length} more`);
        };
        warn('referenced files missing under DATA_DIR, not in the backup', res.missing);
        warn('files not matching their recorded SHA-256 (backed up as they are)', res.damaged);
        warn('referenced paths outside the storage directories, not read', res.refused);
        return 0;
      }
      case 'restore': {
        const file = rest[0];
        if (!file) throw new UsageError('restore needs a file name');
        const res = await restoreDatabase(database.pool, file, { dataDir: cfg.dataDir });
        console.log(
          `restored ${res.tables} tables, ${res.rows} rows, ` +
            (res.hadFiles
              ? `${res.files} files, ${res.bytes} bytes (${res.skipped} already present)`
              : 'no files (a database-only backup)') +
            ` from ${file}`,
        );
        if (res.damaged.count > 0) {
          console.warn(
            `warning: ${res.damaged.count} files were already damaged when backed up, not restored:`,
          );
          for (const p of res.damaged.paths) console.warn(`  ${p}`);
        }
        return 0;
      }
      case 'reencrypt-pii':
        return await reencryptCommand(database.pool, new Pii(cfg.pii), rest);
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } finally {
    await database.shutdown();
  }
}

class UsageError extends Error {}

async function createAdmin(db: Parameters<typeof seedDemo>[0], args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      'org-name': { type: 'string' },
      'division-code': { type: 'string' },
      level: { type: 'string' },
    },
  });
  if (!values.username || !values.password)
    throw new UsageError('create-admin needs --username and --password');
  const policy = checkPasswordPolicy(values.password, values.username);
  if (!policy.ok) throw new UsageError(policy.message);
  await bootstrapReferenceData(db);
  let [root] = await db.select().from(orgUnit).where(eq(orgUnit.depth, 0)).limit(1);
  if (!root) {
    if (!values['org-name'] || !values['division-code']) {
      throw new UsageError(
        'the org tree is empty: give --org-name and --division-code (and --level, default city) for its root',
      );
    }
    const level = (values.level ?? 'city') as 'province' | 'city';
    const created = await createOrgUnit(db, null, SYSTEM_CONTEXT, {
      parentId: null,
      level,
      name: values['org-name'],
      divisionCode: values['division-code'],
    });
    [root] = await db.select().from(orgUnit).where(eq(orgUnit.id, created.id));
  }
  if (!root) throw new Error('no root org unit');
  const [adminRole] = await db.select().from(role).where(eq(role.code, 'system_admin'));
  if (!adminRole) throw new Error('system_admin role missing');
  const passwordHash = await hashPassword(values.password);
  const rootUnit = root;
  await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(appUser)
      .values({
        username: values.username ?? '',
        displayName: values.name ?? values.username ?? '',
        orgUnitId: rootUnit.id,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: appUser.id });
    if (!user) throw new Error('insert failed');
    await tx.insert(userRole).values({ userId: user.id, roleId: adminRole.id });
    await writeAudit(tx, { ...SYSTEM_CONTEXT, actorName: 'cli' }, [
      {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        orgPath: rootUnit.path,
        changes: { username: values.username, roles: ['system_admin'] },
      },
    ]);
  });
  console.log(
    `administrator ${values.username} created at ${rootUnit.name}; the password must be changed at first login`,
  );
  return 0;
}

async function reencryptCommand(
  pool: Parameters<typeof reencryptPii>[0],
  pii: Pii,
  args: string[],
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean' },
      reindex: { type: 'boolean' },
      'batch-size': { type: 'string' },
    },
  });
  const batchSize = Number(values['batch-size'] ?? 2000);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new UsageError('--batch-size must be a whole number from 1 to 10000');
  const opts = {
    dryRun: values['dry-run'] === true,
    reindex: values.reindex === true,
    batchSize,
  };
  let res;
  try {
    res = await reencryptPii(pool, pii, { ...opts, log: (line) => console.log(line) });
  } catch (err) {
    if (!(err instanceof ReencryptBusyError)) throw err;
    console.error(err.message);
    return 1;
  }
  const t = res.total;
  console.log(
    opts.dryRun
      ? `dry run: ${t.stale} values under an old key` +
          (opts.reindex ? `, ${t.reindexed} blind indexes to recompute` : '') +
          ` (current key ${res.keyId}); nothing written`
      : `total: ${t.reencrypted} values re-encrypted under key ${res.keyId}` +
          (opts.reindex ? `, ${t.reindexed} blind indexes recomputed` : '') +
          ` in ${res.seconds} s`,
  );
  let code = 0;
  if (t.undecryptable > 0) {
    for (const u of res.undecryptableSample)
      console.error(
        `cannot decrypt ${u.table}.${u.column} of row ${u.key} (key id "${u.keyId}"): left unchanged`,
      );
    if (t.undecryptable > res.undecryptableSample.length)
      console.error(`  ... and ${t.undecryptable - res.undecryptableSample.length} more`);
    console.error(
      `${t.undecryptable} values could not be decrypted with PII_KEY or any key in PII_OLD_KEYS ` +
        'and were left unchanged. Add the key that made them to PII_OLD_KEYS and run again; ' +
        'do not remove any old key until this command reports none.',
    );
    code = 1;
  }
  if (t.busy > 0) {
    console.error(
      `${t.busy} values were left because their rows stayed locked or kept changing: run again`,
    );
    code = 1;
  }
  if (code !== 0)
    for (const c of res.columns)
      if (c.undecryptable > 0 || c.busy > 0) console.error(`  ${summaryLine(c, opts)}`);
  return code;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (
      err instanceof UsageError ||
      err instanceof ConfigError ||
      err instanceof DataDirLockedError
    ) {
      console.error(err.message);
      if (err instanceof UsageError) console.error(USAGE);
      process.exit(2);
    }
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
