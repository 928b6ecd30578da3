// Server entry point: configuration → database (embedded or DATABASE_URL) → migrations →
// reference data → demo data on an empty database → HTTP. Stops cleanly on SIGINT/SIGTERM.
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { DataDirLockedError } from './db/embedded';
import { openDatabase } from './db/runtime';
import { bootstrapReferenceData } from './seed/bootstrap';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from './seed/demo';
import { Pii } from './lib/pii';

async function main(): Promise<void> {
  let cfg: Config;
  try {
    cfg = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const started = Date.now();
  let database;
  try {
    database = await openDatabase(cfg);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(3);
    }
    throw err;
  }
  await bootstrapReferenceData(database.db);
  let seeded = false;
  if (cfg.SEED_DEMO) seeded = (await seedDemo(database.db, { pii: new Pii(cfg.pii) })).seeded;

  const app = await buildApp({ cfg, db: database.db, pool: database.pool });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ host: cfg.HOST, port: cfg.PORT });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.PORT;
  const lines = [
    '',
    `社区工作者队伍建设管理平台 — http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`,
    `Database: ${database.embedded ? `embedded PostgreSQL, data in ${cfg.dataDir}` : 'DATABASE_URL'}; ready in ${Date.now() - started} ms`,
  ];
  if (cfg.SEED_DEMO) {
    lines.push(
      seeded
        ? 'Demo data seeded. Demo logins (password ' + DEMO_PASSWORD + '):'
        : `Demo logins (password ${DEMO_PASSWORD}):`,
    );
    for (const a of DEMO_LOGINS) lines.push(`  ${a.username.padEnd(10)} ${a.displayName}`);
  }
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
