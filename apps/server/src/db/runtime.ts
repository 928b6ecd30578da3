// Opens the database the configuration names: DATABASE_URL, or the embedded PostgreSQL under
// DATA_DIR. Used by the server and the CLI alike.
import type { Config } from '../config';
import { connect, type Database } from './client';
import { startEmbeddedPostgres, type EmbeddedHandle } from './embedded';
import { runMigrations } from './migrate';

export interface OpenedDatabase extends Database {
  url: string;
  embedded: EmbeddedHandle | null;
  shutdown(): Promise<void>;
}

export async function openDatabase(
  cfg: Config,
  opts: { migrate?: boolean; log?: (m: string) => void } = {},
): Promise<OpenedDatabase> {
  let embedded: EmbeddedHandle | null = null;
  let url = cfg.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: cfg.dataDir,
      port: cfg.EMBEDDED_PG_PORT,
      ...(opts.log ? { log: opts.log } : {}),
    });
    url = embedded.url;
  }
  const database = connect(url);
  try {
    if (opts.migrate !== false) await runMigrations(database.pool);
  } catch (err) {
    await database.close();
    await embedded?.stop();
    throw err;
  }
  return {
    ...database,
    url,
    embedded,
    async shutdown() {
      await database.close();
      await embedded?.stop();
    },
  };
}
