// The worker thread repeats lib/pii.ts's formats in plain JavaScript; what it writes must be what
// Pii reads and finds, and the other way round, or imported workers could not be revealed or found
// by ID number, and exports would fail on the main thread's ciphertexts.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PiiKeys } from '../src/config';
import { Pii } from '../src/lib/pii';
import { PiiWorker } from '../src/modules/workers/excel/pii-worker';

const oldKey = randomBytes(32);
const keys: PiiKeys = { current: randomBytes(32), old: [oldKey], index: randomBytes(32) };
const pii = new Pii(keys);
let worker: PiiWorker;

beforeAll(() => {
  worker = new PiiWorker(keys);
});
afterAll(async () => {
  await worker.close();
});

const ids = ['11010519491231002X', null, '440524188001010014'];
const phones = ['13812345678', '15900001111', null];

describe('PiiWorker', () => {
  it('indexes ID numbers as Pii does, and encrypts only when asked', async () => {
    const p = await worker.protect(ids, phones, false);
    expect(p.idHash).toEqual([
      pii.blindIndex('id_number', '11010519491231002X'),
      null,
      pii.blindIndex('id_number', '440524188001010014'),
    ]);
    expect(p.idEnc).toBeUndefined();
    expect(p.phoneHash).toBeUndefined();
  });

  it('encrypts with the current key so that Pii decrypts, and indexes phones as Pii does', async () => {
    const p = await worker.protect(ids, phones, true);
    expect(p.idEnc?.map((t) => (t === null ? null : pii.decrypt(t)))).toEqual(ids);
    expect(p.phoneEnc?.map((t) => (t === null ? null : pii.decrypt(t)))).toEqual(phones);
    expect(p.idEnc?.every((t) => t === null || !pii.isStale(t))).toBe(true);
    expect(p.phoneHash).toEqual([
      pii.blindIndex('phone', '13812345678'),
      pii.blindIndex('phone', '15900001111'),
      null,
    ]);
    // A fresh IV each time: the same value never gives the same ciphertext.
    const again = await worker.protect(ids, phones, true);
    expect(again.idEnc?.[0]).not.toBe(p.idEnc?.[0]);
  });

  it("decrypts Pii's ciphertexts, including those of an old key", async () => {
    const byOld = new Pii({ current: oldKey, old: [], index: keys.index });
    const tokens = [pii.encrypt('13812345678'), null, byOld.encrypt('11010519491231002X')];
    expect(await worker.decrypt(tokens)).toEqual(['13812345678', null, '11010519491231002X']);
  });

  it('rejects a token of an unknown key, and keeps serving', async () => {
    const stranger = new Pii({ current: randomBytes(32), old: [], index: keys.index });
    await expect(worker.decrypt([stranger.encrypt('x')])).rejects.toThrow(/unknown key/);
    expect(await worker.decrypt([pii.encrypt('y')])).toEqual(['y']);
  });
});
