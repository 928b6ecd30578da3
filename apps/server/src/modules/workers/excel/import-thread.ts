// The import's worker thread: runs runWorkerImport with its own database pool, so a large file
// neither blocks the server's event loop nor grows the server's heap (the thread's heap is capped
// when it is created, see import-runner.ts). Started through import-worker.mjs, which registers
// tsx first: worker threads do not inherit the main thread's TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { connect } from '../../../db/client';
import { Pii } from '../../../lib/pii';
import { postgresCode } from '../../../plugins/errors';
import { DictionaryCache } from '../../dictionaries/cache';
import { runWorkerImport } from './import';
import { isThreadInput, type ThreadMessage } from './import-protocol';
import { XlsxError } from './xlsx-read';

z.config(z.locales.zhCN());

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('import-thread must run in a worker thread');
  const input: unknown = workerData;
  if (!isThreadInput(input)) throw new Error('import-thread: bad workerData');
  const post = (m: ThreadMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  const ac = new AbortController();
  port.on('message', (m: unknown) => {
    if (m === 'abort') ac.abort();
  });
  const database = connect(input.dbUrl, 3);
  try {
    const deps = {
      db: database.db,
      pool: database.pool,
      pii: new Pii({
        current: Buffer.from(input.keys.current),
        old: input.keys.old.map((k) => Buffer.from(k)),
        index: Buffer.from(input.keys.index),
      }),
      dictionaries: new DictionaryCache(database.db),
    };
    const file = Buffer.from(input.file.buffer, input.file.byteOffset, input.file.byteLength);
    const out = await runWorkerImport(deps, file, {
      ...input.request,
      signal: ac.signal,
      onProgress: async (percent) => post({ type: 'progress', percent }),
    });
    const report = out.errorReport ? new Uint8Array(out.errorReport) : null;
    post({ type: 'done', result: out.result, report }, report ? [report.buffer] : []);
  } catch (err) {
    if (err instanceof XlsxError) post({ type: 'refused', message: err.message });
    else if (postgresCode(err) === '23505') post({ type: 'conflict' });
    else
      post({
        type: 'error',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
  } finally {
    await database.close();
  }
}

void main();
