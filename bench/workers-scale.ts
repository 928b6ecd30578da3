// Scale data for the worker benchmarks: an org tree (province → cities → districts →
// subdistricts → communities) and N workers spread over its communities, with personal data
// encrypted and blind-indexed by the app's own Pii class and generateWorker, loaded with COPY.
// 1,000,000 workers over 100,000 communities load in a few minutes on 2 cores.
//
// Standalone: node --import tsx bench/workers-scale.ts --url postgres://… --workers 1000000 \
//   --communities 100000 --pii-key <base64> --index-key <base64>
// (the keys must be the server's PII_KEY / PII_INDEX_KEY, or it cannot read the data back).
import { createRng, type Rng } from '@cwp/core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { hashPassword } from '../apps/server/src/lib/password';
import { Pii } from '../apps/server/src/lib/pii';
import { generateWorker } from '../apps/server/src/seed/demo-workers';

export interface ScaleUnit {
  id: number;
  parentId: number | null;
  level: 'province' | 'city' | 'district' | 'subdistrict' | 'community';
  name: string;
  code: string;
  path: string;
  depth: number;
}

export interface ScaleOptions {
  workers: number;
  communities: number;
  /** Two-digit province code; must not clash with units already in the database. */
  province?: string;
  /** Also write the four hiring history records per worker (derived in SQL after the workers). */
  history?: boolean;
  seed?: number;
  log?: (line: string) => void;
}

export interface ScaleResult {
  root: ScaleUnit;
  communities: ScaleUnit[];
  workers: number;
  seconds: number;
}

const copyField = (v: unknown) =>
  v === null || v === undefined
    ? '\\N'
    : String(v).replace(/[\\\t\n\r]/g, (c) =>
        c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\\\',
      );

/** The tree: 10 cities × 10 districts × 10 subdistricts, communities spread evenly below. */
export function scaleTree(firstId: number, communities: number, province = '44'): ScaleUnit[] {
  const units: ScaleUnit[] = [];
  let nextId = firstId;
  const add = (parent: ScaleUnit | null, level: ScaleUnit['level'], name: string, code: string) => {
    const id = nextId++;
    const u: ScaleUnit = {
      id,
      parentId: parent?.id ?? null,
      level,
      name,
      code,
      path: `${parent?.path ?? ''}${id}.`,
      depth: parent ? parent.depth + 1 : 0,
    };
    units.push(u);
    return u;
  };
  const root = add(null, 'province', '基准省', `${province}0000`);
  const subdistricts: ScaleUnit[] = [];
  for (let c = 1; c <= 10; c++) {
    const city = add(root, 'city', `基准${c}市`, `${province}${String(c).padStart(2, '0')}00`);
    for (let d = 1; d <= 10; d++) {
      const dc = `${city.code.slice(0, 4)}${String(d).padStart(2, '0')}`;
      const district = add(city, 'district', `${city.name}第${d}区`, dc);
      for (let s = 1; s <= 10; s++) {
        const sc = `${dc}${String(s).padStart(3, '0')}`;
        subdistricts.push(add(district, 'subdistrict', `${district.name}第${s}街道`, sc));
      }
    }
  }
  const base = Math.floor(communities / subdistricts.length);
  const extra = communities % subdistricts.length;
  subdistricts.forEach((sub, i) => {
    const n = base + (i < extra ? 1 : 0);
    if (n > 999) throw new Error('at most 999 communities per subdistrict (division codes)');
    for (let k = 1; k <= n; k++)
      add(sub, 'community', `${sub.name}第${k}社区`, `${sub.code}${String(k).padStart(3, '0')}`);
  });
  return units;
}

async function copyRows(
  client: pg.PoolClient,
  statement: string,
  rows: Iterable<string>,
): Promise<void> {
  const sink = client.query(copyFrom(statement));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  let buf = '';
  for (const line of rows) {
    buf += line;
    if (buf.length > 1 << 17) {
      if (!sink.write(buf)) await new Promise((r) => sink.once('drain', r));
      buf = '';
    }
  }
  sink.end(buf);
  await done;
}

const WORKER_COPY_COLUMNS = [
  ['id', 'id'],
  ['name', 'name'],
  ['id_number_enc', 'idNumberEnc'],
  ['id_number_hash', 'idNumberHash'],
  ['id_number_masked', 'idNumberMasked'],
  ['birth_date', 'birthDate'],
  ['sex', 'sex'],
  ['ethnicity', 'ethnicity'],
  ['native_place', 'nativePlace'],
  ['political_status', 'politicalStatus'],
  ['party_join_date', 'partyJoinDate'],
  ['education_full_time', 'educationFullTime'],
  ['education_in_service', 'educationInService'],
  ['education', 'education'],
  ['degree', 'degree'],
  ['school', 'school'],
  ['major', 'major'],
  ['marital_status', 'maritalStatus'],
  ['phone_enc', 'phoneEnc'],
  ['phone_hash', 'phoneHash'],
  ['phone_masked', 'phoneMasked'],
  ['address', 'address'],
  ['category', 'category'],
  ['org_unit_id', 'orgUnitId'],
  ['org_path', 'orgPath'],
  ['post', 'post'],
  ['grade', 'grade'],
  ['status', 'status'],
  ['work_start_date', 'workStartDate'],
  ['hire_date', 'hireDate'],
  ['probation_end', 'probationEnd'],
  ['qualification', 'qualification'],
  ['cert_number', 'certNumber'],
  ['cert_date', 'certDate'],
  ['updated_by', 'updatedBy'],
] as const;

/** Loads the tree and the workers; returns the tree's root and communities. */
/** Runs a bulk load with `table`'s indexes (but its primary key) dropped, then rebuilds them once. */
async function withoutSecondaryIndexes(
  client: pg.PoolClient,
  table: string,
  load: () => Promise<void>,
): Promise<void> {
  const indexes = (
    await client.query<{ indexdef: string; indexname: string }>(
      `select indexname, indexdef from pg_indexes where tablename = $1 and indexname <> $2`,
      [table, `${table}_pkey`],
    )
  ).rows;
  for (const ix of indexes) await client.query(`drop index ${ix.indexname}`);
  await load();
  for (const ix of indexes) await client.query(ix.indexdef);
}

/**
 * The four hiring records (unit, post, grade, status from the hire date) of each worker from
 * `firstWorker` on, as the create endpoint and the demo seed write them, derived in SQL from the
 * workers just loaded. The table's indexes are rebuilt once afterwards, and on a superuser
 * connection the foreign-key triggers are skipped for the load (the rows reference the workers
 * and units they were derived from); elsewhere they run, which takes a few minutes more.
 */
async function loadHiringHistory(
  client: pg.PoolClient,
  firstWorker: number,
  log: (l: string) => void,
): Promise<void> {
  const t0 = performance.now();
  const superuser =
    (await client.query<{ s: string }>(`select current_setting('is_superuser') as s`)).rows[0]
      ?.s === 'on';
  await withoutSecondaryIndexes(client, 'worker_history', async () => {
    if (superuser) await client.query(`set session_replication_role = replica`);
    try {
      const { rowCount } = await client.query(
        `insert into worker_history (worker_id, kind, value, org_unit_id, effective_from, reason, created_by)
         select w.id, k.kind,
                case k.kind when 'unit' then u.name when 'post' then w.post
                            when 'grade' then w.grade::text else w.status end,
                case when k.kind = 'unit' then w.org_unit_id end,
                w.hire_date, '聘用', 'system'
           from worker w
           join org_unit u on u.id = w.org_unit_id
          cross join (values ('unit'), ('post'), ('grade'), ('status')) k(kind)
          where w.id >= $1 and (k.kind <> 'grade' or w.grade is not null)
          order by w.id, k.kind`,
        [firstWorker],
      );
      log(`${rowCount ?? 0} history records (${Math.round((performance.now() - t0) / 1000)} s)`);
    } finally {
      if (superuser) await client.query(`reset session_replication_role`);
    }
  });
  await client.query('analyze worker_history');
}

export async function loadScale(pool: pg.Pool, pii: Pii, opts: ScaleOptions): Promise<ScaleResult> {
  const log = opts.log ?? (() => undefined);
  const t0 = performance.now();
  const client = await pool.connect();
  try {
    const firstUnit = Number(
      (await client.query<{ id: string }>(`select nextval('org_unit_id_seq') as id`)).rows[0]?.id,
    );
    const units = scaleTree(firstUnit, opts.communities, opts.province);
    await copyRows(
      client,
      'copy org_unit (id, parent_id, level, name, division_code, path, depth) from stdin',
      units.map(
        (u) =>
          `${[u.id, u.parentId, u.level, u.name, u.code, u.path, u.depth].map(copyField).join('\t')}\n`,
      ),
    );
    await client.query(`select setval('org_unit_id_seq', (select max(id) from org_unit))`);
    const communities = units.filter((u) => u.level === 'community');
    log(`org tree: ${units.length} units (${communities.length} communities)`);

    const firstWorker = Number(
      (await client.query<{ id: string }>(`select coalesce(max(id), 0) + 1 as id from worker`))
        .rows[0]?.id,
    );
    const rng: Rng = createRng(opts.seed ?? 20_260_303);
    const used = new Set<string>();
    let made = 0;
    const per = Math.max(1, Math.ceil(opts.workers / communities.length));
    function* workerLines(): Generator<string> {
      for (const unit of communities) {
        for (let i = 0; i < per && made < opts.workers; i++) {
          const post = i === 0 ? 'principal' : i <= 2 ? 'deputy' : 'staff';
          const g = generateWorker(rng, pii, unit, post, used);
          const id = firstWorker + made++;
          const v: Record<string, unknown> = { ...g.values, id };
          yield `${WORKER_COPY_COLUMNS.map(([, k]) => copyField(v[k])).join('\t')}\n`;
          if (made % 100_000 === 0)
            log(`  ${made} workers (${Math.round((performance.now() - t0) / 1000)} s)`);
        }
        if (made >= opts.workers) return;
      }
    }
    await withoutSecondaryIndexes(client, 'worker', async () => {
      await copyRows(
        client,
        `copy worker (${WORKER_COPY_COLUMNS.map(([c]) => c).join(', ')}) from stdin`,
        workerLines(),
      );
      log(
        `workers copied (${Math.round((performance.now() - t0) / 1000)} s); rebuilding indexes …`,
      );
    });
    if (opts.history) await loadHiringHistory(client, firstWorker, log);
    await client.query(`select setval('worker_id_seq', (select max(id) from worker))`);
    await client.query('analyze org_unit');
    await client.query('analyze worker');
    const root = units[0];
    if (!root) throw new Error('empty tree');
    return { root, communities, workers: made, seconds: (performance.now() - t0) / 1000 };
  } finally {
    client.release();
  }
}

/** A system administrator at the tree's root, for the benchmarks to sign in with. */
export async function createBenchAdmin(
  pool: pg.Pool,
  rootUnitId: number,
  username: string,
  password: string,
): Promise<void> {
  const hash = await hashPassword(password);
  await pool.query(
    `with u as (
       insert into app_user (username, display_name, password_hash, org_unit_id, must_change_password)
       values ($1, $1, $2, $3, false) returning id)
     insert into user_role (user_id, role_id)
     select u.id, r.id from u, role r where r.code = 'system_admin'`,
    [username, hash, rootUnitId],
  );
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = arg('url');
  const piiKey = arg('pii-key');
  const indexKey = arg('index-key');
  if (!url || !piiKey || !indexKey) {
    console.error(
      'usage: node --import tsx bench/workers-scale.ts --url <postgres url> --pii-key <b64> --index-key <b64> [--workers N] [--communities M] [--history]',
    );
    process.exit(2);
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const pii = new Pii({
    current: Buffer.from(piiKey, 'base64'),
    old: [],
    index: Buffer.from(indexKey, 'base64'),
  });
  const r = await loadScale(pool, pii, {
    workers: Number(arg('workers') ?? 1_000_000),
    communities: Number(arg('communities') ?? 100_000),
    history: process.argv.includes('--history'),
    log: (l) => console.log(l),
  });
  console.log(
    `loaded ${r.workers} workers over ${r.communities.length} communities in ${r.seconds.toFixed(1)} s`,
  );
  await pool.end();
}
