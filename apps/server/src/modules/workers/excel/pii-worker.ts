// The personal-data cryptography of a large import or export, on a worker thread. AES-GCM in
// Node costs about 6 µs a value and an HMAC-SM3 about 5 µs, almost all of it setting up the
// cipher or hash: for an export, two decryptions a row would take a third of the main thread's
// budget; for an import, the two ciphertexts and two blind indexes of each new worker took about
// a seventh of the whole import. This thread does them while the main thread reads the next
// batch or writes the previous one.
//
// The worker runs plain JavaScript passed as source (worker threads do not load TypeScript), so
// it repeats the small formats of lib/pii.ts: the token "v1.<key id>.<iv>.<tag>.<ciphertext>"
// (base64url parts, key id = first 8 hex digits of the key's SHA-256, a 12-byte IV used once) and
// the blind index HMAC-SM3(index key, "<field>:<value>") in hex. The tests compare its output with
// Pii's in both directions.
import { Worker } from 'node:worker_threads';
import type { PiiKeys } from '../../../config';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } = require('node:crypto');
const keyId = (k) => createHash('sha256').update(k).digest('hex').slice(0, 8);
const current = Buffer.from(workerData.current);
const currentId = keyId(current);
const indexKey = Buffer.from(workerData.index);
const keys = new Map([current, ...workerData.old.map((k) => Buffer.from(k))].map((k) => [keyId(k), k]));
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv() {
  if (ivOffset + 12 > ivPool.length) {
    ivPool = randomBytes(12 * 1024);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + 12);
  ivOffset += 12;
  return iv;
}
function encrypt(plain) {
  const iv = nextIv();
  const c = createCipheriv('aes-256-gcm', current, iv);
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', currentId, iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}
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
const blindIndex = (field, value) => createHmac('sm3', indexKey).update(field + ':' + value).digest('hex');
const orNull = (f) => (v) => (typeof v === 'string' ? f(v) : null);
function run(m) {
  if (m.op === 'decrypt') return m.tokens.map(orNull(decrypt));
  const out = { idHash: m.idNumbers.map(orNull((v) => blindIndex('id_number', v))) };
  if (!m.encrypt) return out;
  return {
    ...out,
    idEnc: m.idNumbers.map(orNull(encrypt)),
    phoneEnc: m.phones.map(orNull(encrypt)),
    phoneHash: m.phones.map(orNull((v) => blindIndex('phone', v))),
  };
}
parentPort.on('message', (m) => {
  try {
    parentPort.postMessage({ id: m.id, result: run(m) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
`;

/** Blind indexes of a batch's ID numbers, and with `encrypt` the columns a new worker stores. */
export interface Protected {
  idHash: (string | null)[];
  idEnc?: (string | null)[];
  phoneEnc?: (string | null)[];
  phoneHash?: (string | null)[];
}

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

function isReply(v: unknown): v is Reply {
  return typeof v === 'object' && v !== null && 'id' in v && typeof v.id === 'number';
}

let started = 0;
let open = 0;

/** Threads started, and those not yet closed: each import and export must close its own. */
export function piiWorkerCounts(): { started: number; open: number } {
  return { started, open };
}

export class PiiWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private failed: Error | null = null;
  private closed = false;

  constructor(keys: PiiKeys) {
    this.worker = new Worker(SOURCE, {
      eval: true,
      workerData: { current: keys.current, old: keys.old, index: keys.index },
      // Its messages are small and short-lived: without a limit, the young generation would
      // grow to the size the main thread's flags allow (--max-semi-space-size), some 60-90 MiB
      // more peak memory during an import.
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    this.worker.on('message', (m: unknown) => {
      if (!isReply(m)) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.result) p.resolve(m.result);
      else p.reject(new Error(m.error ?? 'personal-data worker failed'));
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => this.fail(new Error('personal-data worker exited')));
    started++;
    open++;
  }

  private fail(err: Error): void {
    this.failed ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private call(message: Record<string, unknown>): Promise<unknown> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Plaintext of each token, in order (null stays null). */
  async decrypt(tokens: (string | null)[]): Promise<(string | null)[]> {
    return (await this.call({ op: 'decrypt', tokens })) as (string | null)[];
  }

  /**
   * The blind index of each (normalised) ID number; with `encrypt`, also the ID numbers'
   * ciphertexts and the phones' ciphertexts and blind indexes. Arrays in input order.
   */
  async protect(
    idNumbers: (string | null)[],
    phones: (string | null)[],
    encrypt: boolean,
  ): Promise<Protected> {
    return (await this.call({ op: 'protect', idNumbers, phones, encrypt })) as Protected;
  }

  async close(): Promise<void> {
    this.failed ??= new Error('personal-data worker closed');
    if (!this.closed) {
      this.closed = true;
      open--;
    }
    await this.worker.terminate();
  }
}
