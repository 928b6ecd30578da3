// Runs an import on a worker thread with a capped heap: the server's event loop keeps answering
// while a 100,000-row file is checked, a pathological file fails its job instead of exhausting
// the server's memory, and the thread's memory is returned when the job ends. The thread gets
// the file, the PII keys and the database URL; it opens its own small pool.
import { Worker } from 'node:worker_threads';
import type { WorkerImportResult } from '@cwp/contracts';
import type pg from 'pg';
import type { Config } from '../../../config';
import type { ImportRequest } from './import';
import { isThreadMessage, type ThreadInput } from './import-protocol';
import { XlsxError } from './xlsx-read';

/**
 * The thread's heap: a larger young generation than V8's default keeps the short-lived objects of
 * a batch from being promoted (measured: a third less CPU), the old generation is capped well
 * above the ~100 MB an import keeps alive.
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 96, maxOldGenerationSizeMb: 320 };
const ABORT_GRACE_MS = 10_000;

/** A unique key taken by someone else while the import ran; nothing was written. */
export class ImportConflictError extends Error {}

export function runImportInThread(
  deps: { pool: pg.Pool; cfg: Pick<Config, 'pii'> },
  file: Buffer,
  req: ImportRequest,
): Promise<{ result: WorkerImportResult; errorReport: Buffer | null }> {
  const dbUrl = deps.pool.options.connectionString;
  if (!dbUrl) return Promise.reject(new Error('the import thread needs a connection string'));
  const copy = new Uint8Array(file);
  const { signal, onProgress, ...request } = req;
  const input: ThreadInput = {
    dbUrl,
    keys: {
      current: new Uint8Array(deps.cfg.pii.current),
      old: deps.cfg.pii.old.map((k) => new Uint8Array(k)),
      index: new Uint8Array(deps.cfg.pii.index),
    },
    file: copy,
    request,
  };
  const worker = new Worker(new URL('./import-worker.mjs', import.meta.url), {
    workerData: input,
    transferList: [copy.buffer],
    resourceLimits: RESOURCE_LIMITS,
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    const onAbort = () => {
      worker.postMessage('abort');
      setTimeout(() => void worker.terminate(), ABORT_GRACE_MS).unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: unknown) => {
      if (!isThreadMessage(m)) return;
      switch (m.type) {
        case 'progress':
          onProgress?.(m.percent).catch(() => undefined);
          return;
        case 'done':
          settle(() =>
            resolve({ result: m.result, errorReport: m.report ? Buffer.from(m.report) : null }),
          );
          return;
        case 'refused':
          settle(() => reject(new XlsxError(m.message)));
          return;
        case 'conflict':
          settle(() => reject(new ImportConflictError()));
          return;
        case 'error':
          settle(() => reject(signal?.aborted ? signal.reason : new Error(m.message)));
      }
    });
    worker.on('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new XlsxError('文件内容过多，导入所需内存超过上限；请拆分文件后分批导入')
            : err,
        ),
      ),
    );
    worker.on('exit', (code) => {
      signal?.removeEventListener('abort', onAbort);
      settle(() =>
        reject(signal?.aborted ? signal.reason : new Error(`import thread exited (${code})`)),
      );
    });
  });
}
