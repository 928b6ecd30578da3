// PII key rotation end to end: data written through the API under key A, then the real CLI
// (`reencrypt-pii`) run with key B current and A old. Afterwards B alone must read every encrypted
// value of every table, the blind-index searches must find the same people, business versions and
// update stamps must be untouched (open edit forms still save), and the run is audited, idempotent
// and resumable. An undecryptable value fails the run loudly and is left as it is; a row locked by
// a user's transaction is not waited on but picked up once free; a new PII_INDEX_KEY is handled by
// `--reindex`.
import { randomBytes } from 'node:crypto';
import { composeIdNumber } from '@cwp/core';
import { getTableName } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { verifyAuditChain } from '../src/lib/audit';
import { Pii } from '../src/lib/pii';
import { ENCRYPTED_COLUMNS, reencryptPii } from '../src/lib/pii-rotate';
import {
  as,
  createTestApp,
  login,
  testConfig,
  type Session,
  type TestApp,
} from '../../../tests/setup/app';
import {
  auditSince,
  databaseDigest,
  demoTree,
  expectOk,
  maxAuditId,
  one,
  rows,
  runCli,
  type AuditRow,
} from './helpers';
import { recruitmentPlanBody } from './recruitment-helpers';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const keyC = randomBytes(32);
const indexKey = randomBytes(32);
const indexKey2 = randomBytes(32);
const b64 = (k: Buffer) => k.toString('base64');

const piiA = new Pii({ current: keyA, old: [], index: indexKey });
/** What the app can read once PII_OLD_KEYS is emptied. */
const piiBOnly = new Pii({ current: keyB, old: [], index: indexKey });

/** Every column holding ciphertext, written out here independently of ENCRYPTED_COLUMNS. */
const EXPECTED: { table: string; key: string; column: string; hash?: string }[] = [
  { table: 'worker', key: 'id', column: 'id_number_enc', hash: 'id_number_hash' },
  { table: 'worker', key: 'id', column: 'phone_enc', hash: 'phone_hash' },
  { table: 'recruitment_application', key: 'id', column: 'id_number_enc', hash: 'id_number_hash' },
  { table: 'recruitment_application', key: 'id', column: 'phone_enc', hash: 'phone_hash' },
  { table: 'payroll_payee', key: 'worker_id', column: 'account_enc' },
  { table: 'complaint', key: 'id', column: 'submitter_phone' },
];
const TABLES = [...new Set(EXPECTED.map((e) => e.table))];
const keyOf = (table: string) => EXPECTED.find((e) => e.table === table)?.key ?? 'id';

/** The CLI with B current and A old (and the index key given), against the test database. */
function cli(args: string[], env: Record<string, string> = {}) {
  return runCli(['reencrypt-pii', ...args], {
    DATABASE_URL: t.db.url,
    PII_KEY: b64(keyB),
    PII_OLD_KEYS: b64(keyA),
    PII_INDEX_KEY: b64(indexKey),
    ...env,
  });
}

interface Stored {
  table: string;
  column: string;
  key: number;
  value: string;
}

/** Every non-null encrypted value in the database. */
async function storedValues(): Promise<Stored[]> {
  const out: Stored[] = [];
  for (const e of EXPECTED) {
    const found = await rows<{ k: number; v: string }>(
      t,
      `select ${e.key} as k, ${e.column} as v from ${e.table} where ${e.column} is not null order by 1`,
    );
    for (const r of found)
      out.push({ table: e.table, column: e.column, key: Number(r.k), value: r.v });
  }
  return out;
}

const ref = (s: Pick<Stored, 'table' | 'column' | 'key'>) => `${s.table}.${s.column}#${s.key}`;

/** Business version and update stamp of every row of the encrypted tables. */
async function stamps(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of TABLES) {
    const cols = await rows<{ c: string }>(
      t,
      `select column_name as c from information_schema.columns
        where table_schema = 'public' and table_name = $1
          and column_name in ('version', 'updated_at', 'updated_by')`,
      [table],
    );
    const list = cols.map((c) => `${c.c}::text`).join(` || '|' || `);
    for (const r of await rows<{ k: number; s: string }>(
      t,
      `select ${keyOf(table)} as k, ${list} as s from ${table}`,
    ))
      out[`${table}#${r.k}`] = r.s;
  }
  return out;
}

let t: TestApp;
let street: Session;
let district: Session;
let tree: Awaited<ReturnType<typeof demoTree>>;
const workers: { id: number; idNumber: string; phone: string; version: number }[] = [];
/** Plaintext of every encrypted value, read with key A before any rotation. */
const plaintext = new Map<string, string>();
const keyIdA = piiA.currentKeyId;
const keyIdB = piiBOnly.currentKeyId;

/** A second app on the same database configured with B alone (A removed from PII_OLD_KEYS). */
async function appWithOnlyB(index = indexKey): Promise<FastifyInstance> {
  const app = await buildApp({
    cfg: testConfig({ PII_KEY: b64(keyB), PII_INDEX_KEY: b64(index) }),
    db: t.db.db,
    pool: t.db.pool,
    logger: false,
  });
  await app.ready();
  return app;
}

async function seedThroughApi(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const idNumber = composeIdNumber({
      divisionCode: '330106',
      birthDate: '1990-05-17',
      sequence: 400 + i * 2,
      sex: 'female',
    });
    const phone = `1390000${String(1000 + i)}`;
    const res = await as(t.app, street).post('/api/workers', {
      name: `轮换${i}`,
      idNumber,
      ethnicity: '01',
      politicalStatus: '13',
      phone,
      category: 'full_time',
      orgUnitId: tree.c1.id,
      post: 'staff',
      grade: 3,
      status: 'active',
      workStartDate: '2015-03-01',
      hireDate: '2016-04-01',
      educationFullTime: '20',
    });
    expectOk(res);
    const w = res.json<{ id: number; version: number }>();
    workers.push({ id: w.id, idNumber, phone, version: w.version });
  }
  for (const w of workers.slice(0, 2)) {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/payroll/payees/${w.id}`,
      headers: { cookie: street.cookie, 'x-csrf-token': street.csrfToken },
      payload: { bankName: '中国工商银行杭州分行', account: `62220212020000${w.id}` },
    });
    expectOk(put);
  }
  // A recruitment plan through its approval, and two applications on the public form.
  const draft = await as(t.app, street).post(
    '/api/recruitment/plans',
    recruitmentPlanBody(
      { subdistrictId: Number(tree.s1.id), communityId: Number(tree.c1.id) },
      { title: '密钥轮换测试招聘' },
    ),
  );
  expectOk(draft);
  let plan = draft.json<{ id: number; version: number; posts: { id: number }[] }>();
  for (const [who, step, extra] of [
    [street, 'submit', {}],
    [district, 'approve', { comment: '同意' }],
    [street, 'publish', {}],
  ] as const) {
    const res = await as(t.app, who).post(`/api/recruitment/plans/${plan.id}/${step}`, {
      version: plan.version,
      ...extra,
    });
    expectOk(res);
    plan = res.json();
  }
  for (let i = 0; i < 2; i++) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/public/recruitment/plans/${plan.id}/applications`,
      remoteAddress: `10.7.0.${i + 1}`,
      payload: {
        postId: plan.posts[0]?.id,
        name: `应聘${i}`,
        idNumber: composeIdNumber({
          divisionCode: '330102',
          birthDate: '1998-05-04',
          sequence: 600 + i * 2,
          sex: 'female',
        }),
        phone: `1370000${String(2000 + i)}`,
        ethnicity: '01',
        politicalStatus: '13',
        education: '20',
        school: '浙江大学',
        major: '社会工作',
        householdRegistration: '浙江省杭州市',
      },
    });
    expectOk(res);
  }
  // Two complaints with a phone and an anonymous one (no phone stored).
  for (const [i, phone] of ['13600003000', '13600003001', null].entries()) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/public/complaints',
      remoteAddress: `10.8.0.${i + 1}`,
      payload: {
        orgUnitId: tree.c1.id,
        category: 'finance',
        text: '社区活动经费使用不透明。',
        ...(phone ? { anonymous: false, name: '李四', phone } : { anonymous: true }),
      },
    });
    expectOk(res);
  }
}

beforeAll(async () => {
  t = await createTestApp({ env: { PII_KEY: b64(keyA), PII_INDEX_KEY: b64(indexKey) } });
  tree = await demoTree(t);
  [street, district] = await Promise.all([login(t.app, 'street'), login(t.app, 'district')]);
  await seedThroughApi();
  for (const s of await storedValues()) plaintext.set(ref(s), piiA.decrypt(s.value));
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('reencrypt-pii', () => {
  it('covers every column that holds ciphertext, and the data set has values in each', async () => {
    const listed = ENCRYPTED_COLUMNS.flatMap((tb) =>
      tb.columns.map((c) => `${getTableName(tb.table)}.${c.enc.name}`),
    ).sort();
    expect(listed).toEqual(EXPECTED.map((e) => `${e.table}.${e.column}`).sort());
    // Any text or JSON column of any table holding a token (or a JSON document holding one, e.g.
    // an audit row's changes) must be one of them.
    const textColumns = await rows<{ table: string; column: string }>(
      t,
      `select table_name as table, column_name as column from information_schema.columns
        where table_schema = 'public'
          and data_type in ('text', 'character varying', 'json', 'jsonb')
          and table_name in (select table_name from information_schema.tables
                              where table_schema = 'public' and table_type = 'BASE TABLE')`,
    );
    const holding: string[] = [];
    for (const c of textColumns) {
      const hit = await one<{ n: number }>(
        t,
        `select count(*)::int as n from "${c.table}"
          where "${c.column}"::text ~ 'v1\\.[0-9a-f]{8}\\.[A-Za-z0-9_-]{16}\\.'`,
      );
      if (hit.n > 0) holding.push(`${c.table}.${c.column}`);
    }
    expect(holding.sort()).toEqual(EXPECTED.map((e) => `${e.table}.${e.column}`).sort());
    const stored = await storedValues();
    for (const e of EXPECTED)
      expect(
        stored.filter((s) => s.table === e.table && s.column === e.column).length,
      ).toBeGreaterThan(0);
    expect(stored.every((s) => s.value.split('.')[1] === keyIdA)).toBe(true);
  });

  it('--dry-run counts the values under the old key and writes nothing', async () => {
    const before = await databaseDigest(t);
    const res = await cli(['--dry-run']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('worker.id_number_enc: 5 under an old key');
    expect(res.stdout).toContain('worker.phone_enc: 5 under an old key');
    expect(res.stdout).toContain('recruitment_application.phone_enc: 2 under an old key');
    expect(res.stdout).toContain('payroll_payee.account_enc: 2 under an old key');
    expect(res.stdout).toContain('complaint.submitter_phone: 2 under an old key');
    expect(res.stdout).toContain(`dry run: ${plaintext.size} values under an old key`);
    expect(await databaseDigest(t)).toEqual(before);
  });

  it('re-encrypts every value under the current key in batches, leaving versions alone', async () => {
    const stampsBefore = await stamps();
    const hashesBefore = await hashes();
    const auditFrom = await maxAuditId(t);
    const res = await cli(['--batch-size', '2']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('worker.id_number_enc: 5 re-encrypted');
    expect(res.stdout).toContain('complaint.submitter_phone: 2 re-encrypted');
    expect(res.stdout).toContain(
      `total: ${plaintext.size} values re-encrypted under key ${keyIdB}`,
    );

    // B alone decrypts every value, to the same plaintext.
    const after = await storedValues();
    expect(after).toHaveLength(plaintext.size);
    for (const s of after) {
      expect(s.value.split('.')[1], ref(s)).toBe(keyIdB);
      expect(piiBOnly.decrypt(s.value), ref(s)).toBe(plaintext.get(ref(s)));
    }
    // The blind indexes, versions and update stamps are as they were.
    expect(await hashes()).toEqual(hashesBefore);
    expect(await stamps()).toEqual(stampsBefore);

    const audit = (await auditSince(t, auditFrom)).filter(
      (a: AuditRow) => a.action === 'system.reencrypt_pii',
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: null,
      actor_name: 'cli',
      entity_type: 'system',
      changes: {
        keyId: keyIdB,
        fromKeys: { [keyIdA]: plaintext.size },
        total: { reencrypted: plaintext.size, undecryptable: 0, busy: 0 },
        columns: {
          'worker.id_number_enc': { stale: 5, reencrypted: 5 },
          'payroll_payee.account_enc': { stale: 2, reencrypted: 2 },
          'complaint.submitter_phone': { stale: 2, reencrypted: 2 },
        },
      },
    });
    expect((await verifyAuditChain(t.db.db)).broken).toBeNull();
  });

  it('lets an app with only the new key reveal, find and edit everything', async () => {
    const app = await appWithOnlyB();
    try {
      for (const w of workers) {
        const reveal = await as(app, street).post(`/api/workers/${w.id}/reveal`, {
          fields: ['idNumber', 'phone'],
        });
        expectOk(reveal);
        expect(reveal.json()).toMatchObject({ idNumber: w.idNumber, phone: w.phone });
        const byId = await as(app, street).get(`/api/workers?q=${w.idNumber}`);
        expect(byId.json<{ items: { id: number }[] }>().items.map((x) => x.id)).toEqual([w.id]);
        const byPhone = await as(app, street).get(`/api/workers?q=${w.phone}`);
        expect(byPhone.json<{ items: { id: number }[] }>().items.map((x) => x.id)).toEqual([w.id]);
      }
      const payee = await as(app, street).get(`/api/payroll/payees/${workers[0]?.id}`);
      expectOk(payee);
      expect(payee.json()).toMatchObject({ account: `62220212020000${workers[0]?.id}` });
      const c = await one<{ id: number }>(
        t,
        'select id from complaint where submitter_phone is not null order by id limit 1',
      );
      const complaint = await as(app, street).get(`/api/complaints/${c.id}`);
      expectOk(complaint);
      expect(complaint.json()).toMatchObject({ submitterPhone: '13600003000' });
      // An edit form opened before the rotation (the version it read then) still saves.
      const w = workers[0];
      const edit = await as(app, street).patch(`/api/workers/${w?.id}`, {
        version: w?.version,
        address: '轮换后修改的地址',
      });
      expectOk(edit);
    } finally {
      await app.close();
    }
  });

  it('finds nothing to do on a second run', async () => {
    const before = await databaseDigest(t, { except: ['audit_log'] });
    const again = await cli([]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`total: 0 values re-encrypted under key ${keyIdB}`);
    const dry = await cli(['--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run: 0 values under an old key');
    expect(await databaseDigest(t, { except: ['audit_log'] })).toEqual(before);
  });

  it('fails naming a value no key decrypts, leaves it, and still does the rest', async () => {
    const stranger = new Pii({ current: keyC, old: [], index: indexKey });
    const [first, second] = await rows<{ id: number }>(
      t,
      'select id from complaint where submitter_phone is not null order by id',
    );
    const foreign = stranger.encrypt('13600003000');
    const old = piiA.encrypt('13600003001');
    await t.db.pool.query('update complaint set submitter_phone = $2 where id = $1', [
      first?.id,
      foreign,
    ]);
    await t.db.pool.query('update complaint set submitter_phone = $2 where id = $1', [
      second?.id,
      old,
    ]);
    const res = await cli([]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`cannot decrypt complaint.submitter_phone of row ${first?.id}`);
    expect(res.stderr).toMatch(/1 values could not be decrypted/);
    expect(res.stdout).toContain('complaint.submitter_phone: 1 re-encrypted, 1 undecryptable');
    const now = await rows<{ id: number; p: string }>(
      t,
      'select id, submitter_phone as p from complaint where id = any($1::bigint[]) order by id',
      [[first?.id, second?.id]],
    );
    expect(now[0]?.p).toBe(foreign);
    expect(piiBOnly.decrypt(now[1]?.p ?? '')).toBe('13600003001');
    // Put the value back as B would have it, for the tests after this one.
    await t.db.pool.query('update complaint set submitter_phone = $2 where id = $1', [
      first?.id,
      piiBOnly.encrypt('13600003000'),
    ]);
  });

  it('does not wait on a row a user holds locked, and takes it on a later run', async () => {
    const w = workers[1];
    if (!w) throw new Error('no worker');
    await t.db.pool.query('update worker set phone_enc = $2 where id = $1', [
      w.id,
      piiA.encrypt(w.phone),
    ]);
    const piiBA = new Pii({ current: keyB, old: [keyA], index: indexKey });
    const run = () =>
      reencryptPii(t.db.pool, piiBA, {
        dryRun: false,
        reindex: false,
        batchSize: 100,
        log: () => undefined,
        retryDelaysMs: [20, 20],
        tables: ENCRYPTED_COLUMNS.filter((x) => getTableName(x.table) === 'worker'),
      });
    const holder = await t.db.pool.connect();
    try {
      // A user's transaction holds the row for the whole run: the run neither waits for it nor
      // writes it, and says it was left.
      await holder.query('begin');
      await holder.query('select 1 from worker where id = $1 for update', [w.id]);
      const busy = await run();
      expect(busy.total).toMatchObject({ reencrypted: 0, busy: 1, undecryptable: 0 });
      await holder.query('commit');
    } finally {
      holder.release();
    }
    const stored = await one<{ p: string }>(t, 'select phone_enc as p from worker where id = $1', [
      w.id,
    ]);
    expect(stored.p.split('.')[1]).toBe(keyIdA);
    const free = await run();
    expect(free.total).toMatchObject({ reencrypted: 1, busy: 0, undecryptable: 0 });
    const done = await one<{ p: string }>(t, 'select phone_enc as p from worker where id = $1', [
      w.id,
    ]);
    expect(piiBOnly.decrypt(done.p)).toBe(w.phone);
  });

  it('refuses a second run at the same time, and a bad batch size', async () => {
    const holder = await t.db.pool.connect();
    try {
      await holder.query(`select pg_advisory_lock(hashtext('cwp:reencrypt-pii'))`);
      const busy = await cli([]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('another reencrypt-pii run is in progress');
      await holder.query(`select pg_advisory_unlock(hashtext('cwp:reencrypt-pii'))`);
    } finally {
      holder.release();
    }
    const bad = await cli(['--batch-size', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--batch-size must be a whole number from 1 to 10000');
  });

  it('--reindex recomputes the blind indexes under a new PII_INDEX_KEY', async () => {
    const env = { PII_OLD_KEYS: '', PII_INDEX_KEY: b64(indexKey2) };
    const dry = await cli(['--dry-run', '--reindex'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      'worker.id_number_enc: 0 under an old key, 5 blind indexes to recompute',
    );
    const res = await cli(['--reindex', '--batch-size', '3'], env);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('worker.phone_enc: 0 re-encrypted, 5 blind indexes recomputed');
    expect(res.stdout).toContain(
      'recruitment_application.id_number_enc: 0 re-encrypted, 2 blind indexes recomputed',
    );
    const pii2 = new Pii({ current: keyB, old: [], index: indexKey2 });
    for (const e of EXPECTED.filter((x) => x.hash)) {
      for (const r of await rows<{ v: string; h: string }>(
        t,
        `select ${e.column} as v, ${e.hash} as h from ${e.table}`,
      ))
        expect(r.h).toBe(
          pii2.blindIndex(
            e.column.startsWith('id_number') ? 'id_number' : 'phone',
            pii2.decrypt(r.v),
          ),
        );
    }
    const app = await appWithOnlyB(indexKey2);
    try {
      for (const w of workers) {
        const found = await as(app, street).get(`/api/workers?q=${w.idNumber}`);
        expect(found.json<{ items: { id: number }[] }>().items.map((x) => x.id)).toEqual([w.id]);
      }
    } finally {
      await app.close();
    }
    const again = await cli(['--dry-run', '--reindex'], env);
    expect(again.stdout).toContain(
      'dry run: 0 values under an old key, 0 blind indexes to recompute',
    );
  });
});

async function hashes(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of EXPECTED.filter((x) => x.hash))
    for (const r of await rows<{ k: number; h: string }>(
      t,
      `select ${e.key} as k, ${e.hash} as h from ${e.table}`,
    ))
      out[`${e.table}.${e.hash}#${r.k}`] = r.h;
  return out;
}
