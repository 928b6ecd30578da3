// Decrypts personal data for a large export on a worker thread. AES-GCM in Node costs about 6 µs a
// value, almost all of it setting up the cipher; two values a row would take a third of the main
// thread's budget for a 20,000 rows/s export, so this thread does it while the main thread
// writes the previous batch.
//
// The worker runs plain JavaScript passed as source (worker threads do not load TypeScript), so
// it repeats the small token format of lib/pii.ts ("v1.<key id>.<iv>.<tag>.<ciphertext>",
// base64url parts, key id = first 8 hex digits of the key's SHA-256); the export tests compare
// its output with Pii.decrypt.
import { Worker } from 'node:worker_threads';
import type { PiiKeys } from '../../../config';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createDecipheriv, createHash } = require('node:crypto');
const keys = new Map(
  workerData.keys.map((k) => [createHash('sha256').update(k).digest('hex').slice(0, 8), Buffer.from(k)]),
);
function decrypt(token) {
  const [version, id, iv, tag, ct] = token.split('.');
  const key = id ? keys.get(id) : undefined;
  if (version !== 'v1' || !key || !iv || !tag || ct === undefined)
    throw new Error('undecryptable personal-data field (unknown key or format)');
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  const out = d.update(ct, 'base64url', 'utf8');
  d.final();
  return out;
}
parentPort.on('message', ({ id, tokens }) => {
  try {
    parentPort.postMessage({ id, plain: tokens.map((t) => (typeof t === 'string' ? decrypt(t) : null)) });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
`;

interface Reply {
  id: number;
  plain?: (string | null)[];
  error?: string;
}

function isReply(v: unknown): v is Reply {
  return typeof v === 'object' && v !== null && 'id' in v && typeof v.id === 'number';
}

export class DecryptWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (v: (string | null)[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private failed: Error | null = null;

  constructor(keys: PiiKeys) {
    this.worker = new Worker(SOURCE, {
      eval: true,
      workerData: { keys: [keys.current, ...keys.old] },
    });
    this.worker.on('message', (m: unknown) => {
      if (!isReply(m)) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.plain) p.resolve(m.plain);
      else p.reject(new Error(m.error ?? 'decryption failed'));
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => this.fail(new Error('decrypt worker exited')));
  }

  private fail(err: Error): void {
    this.failed ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  decrypt(tokens: (string | null)[]): Promise<(string | null)[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, tokens });
    });
  }

  async close(): Promise<void> {
    this.failed ??= new Error('decrypt worker closed');
    await this.worker.terminate();
  }
}
