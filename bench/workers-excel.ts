// Scenarios "workers-export" and "workers-import": the real server (child process, embedded
// PostgreSQL) holding 1,000,000 workers over 100,000 communities (bench/workers-scale.ts).
//  - export: GET /api/workers/export of every worker as a system administrator (full ID numbers
//    and phones, decrypted), streamed and counted; rows/s and the server's peak RSS.
//  - import: a generated 100,000-row .xlsx (shared strings, as Excel writes), uploaded with
//    mode=validate, then mode=commit, each waited for; end-to-end seconds and peak RSS.
// Peak RSS is the server process's VmHWM from /proc, reset (clear_refs 5) before each scenario.
// The scale data is built once per process and reused by both scenarios.
// Sizes: BENCH_WORKERS, BENCH_COMMUNITIES, BENCH_IMPORT_ROWS (defaults 1,000,000 / 100,000 /
// 100,000). Standalone: node --import tsx bench/workers-excel.ts [export] [import]
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeIdNumber, createRng, STANDARD_DICTIONARIES } from '@cwp/core';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { Pii } from '../apps/server/src/lib/pii';
import { IMPORT_COLUMNS } from '../apps/server/src/modules/workers/excel/columns';
import {
  embeddedPgUrl,
  freePort,
  inTransaction,
  round,
  scratchDir,
  sleep,
  startServer,
  stopServer,
  waitForHealth,
  type RunningServer,
  type ScenarioResult,
} from './lib';
import { createBenchAdmin, loadScale } from './workers-scale';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 1_000_000);
const COMMUNITIES = Number(process.env.BENCH_COMMUNITIES ?? 100_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const EXPORT_TARGET_RPS = 20_000;
const EXPORT_TARGET_MB = 400;
const IMPORT_TARGET_S = 30;
const IMPORT_TARGET_MB = 600;
const USER = 'bench';
const PASSWORD = 'Bench#2026pw';

export interface ScaleEnv {
  dataDir: string;
  pgPort: number;
  env: Record<string, string>;
  pgUrl: string;
  workers: number;
  loadSeconds: number;
}

let prepared: Promise<ScaleEnv> | null = null;

/**
 * Builds (once per process) a data directory holding the scale tree, workers and a bench admin.
 * With BENCH_SCALE_DIR set, the directory is kept after the run and reused by the next one (the
 * import scenario then deletes the workers it added), which saves the minute-long load when
 * measuring repeatedly; remove the directory by hand when done.
 */
export function scaleEnv(log: (l: string) => void): Promise<ScaleEnv> {
  prepared ??= (async () => {
    const kept = process.env.BENCH_SCALE_DIR;
    const saved = kept ? path.join(kept, 'bench-env.json') : null;
    if (saved && existsSync(saved)) {
      const { history, ...env } = JSON.parse(readFileSync(saved, 'utf8')) as Omit<
        ScaleEnv,
        'pgPort' | 'pgUrl'
      > & { history?: boolean };
      const pgPort = await freePort();
      log(`reusing the scale data in ${kept} (${env.workers} workers)`);
      if (!history)
        log(
          `  warning: this data was built without the workers' history records, so the import ` +
            `writes into an empty worker_history; delete ${kept} to rebuild it with them`,
        );
      return { ...env, pgPort, pgUrl: embeddedPgUrl(pgPort) };
    }
    let base: string;
    if (kept) {
      mkdirSync(kept, { recursive: true });
      chmodSync(kept, 0o755);
      base = kept;
    } else {
      const scratch = scratchDir('cwp-bench-workers-');
      process.once('exit', () => scratch.remove());
      base = scratch.dir;
    }
    const env = {
      SEED_DEMO: 'false',
      PII_KEY: randomBytes(32).toString('base64'),
      PII_INDEX_KEY: randomBytes(32).toString('base64'),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn',
    };
    const dataDir = path.join(base, 'data');
    const pgPort = await freePort();
    const server = startServer({ dataDir, port: await freePort(), pgPort, env });
    const pgUrl = embeddedPgUrl(pgPort);
    try {
      await waitForHealth(server, performance.now(), 180_000);
      const pool = new pg.Pool({ connectionString: pgUrl, max: 2 });
      try {
        const pii = new Pii({
          current: Buffer.from(env.PII_KEY, 'base64'),
          old: [],
          index: Buffer.from(env.PII_INDEX_KEY, 'base64'),
        });
        log(`loading ${WORKERS} workers over ${COMMUNITIES} communities (COPY) …`);
        const r = await loadScale(pool, pii, {
          workers: WORKERS,
          communities: COMMUNITIES,
          // The import writes into worker_history too: measure it at its real size.
          history: true,
          log: (l) => log(`  ${l}`),
        });
        log(`  loaded in ${round(r.seconds, 1)} s`);
        await createBenchAdmin(pool, r.root.id, USER, PASSWORD);
        if (saved)
          writeFileSync(
            saved,
            JSON.stringify({
              dataDir,
              env,
              workers: r.workers,
              loadSeconds: r.seconds,
              history: true,
            }),
          );
        return { dataDir, pgPort, env, pgUrl, workers: r.workers, loadSeconds: r.seconds };
      } finally {
        await pool.end();
      }
    } finally {
      await stopServer(server);
    }
  })();
  return prepared;
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function signIn(port: number): Promise<Session> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USER, password: PASSWORD }),
  });
  const body = (await res.json()) as { csrfToken?: string };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('cwp_session='));
  if (res.status !== 200 || !cookie || !body.csrfToken)
    throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  return { cookie, csrf: body.csrfToken };
}

export function hwmMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** User + system CPU seconds of a process (all its threads). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function resetHwm(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Without permission the figure includes start-up, which only makes it larger.
  }
}

async function withServer<T>(
  env: ScaleEnv,
  fn: (server: RunningServer, s: Session) => Promise<T>,
): Promise<T> {
  const port = await freePort();
  const server = startServer({ dataDir: env.dataDir, port, pgPort: env.pgPort, env: env.env });
  try {
    await waitForHealth(server, performance.now(), 180_000);
    return await fn(server, await signIn(port));
  } finally {
    await stopServer(server);
  }
}

export async function workersExportScenario(log: (l: string) => void): Promise<ScenarioResult> {
  const env = await scaleEnv(log);
  return withServer(env, async (server, s) => {
    const pid = server.child.pid ?? 0;
    await sleep(1000);
    resetHwm(pid);
    const base = hwmMiB(pid);
    const cpu0 = cpuSeconds(pid);
    log(`GET /api/workers/export (all ${env.workers} workers, full ID numbers and phones) …`);
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${server.port}/api/workers/export`, {
      headers: { cookie: s.cookie },
    });
    if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
    let bytes = 0;
    let firstByteMs = 0;
    for await (const chunk of res.body) {
      if (bytes === 0) firstByteMs = performance.now() - t0;
      bytes += chunk.length;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(pid) - cpu0;
    const peak = hwmMiB(pid);
    const pool = new pg.Pool({ connectionString: env.pgUrl, max: 1 });
    const audit = await pool.query<{ rows: string; completed: string }>(
      `select changes->>'rows' as rows, changes->>'completed' as completed from audit_log
        where action = 'worker.export' order by id desc limit 1`,
    );
    await pool.end();
    const rows = Number(audit.rows[0]?.rows ?? 0);
    const rps = rows / seconds;
    log(
      `  ${rows} rows, ${round(bytes / 2 ** 20, 1)} MiB in ${round(seconds, 1)} s (first byte after ${round(firstByteMs, 0)} ms)`,
    );
    return {
      figures: [
        {
          metric: `export ${rows} rows`,
          value: round(rps, 0),
          unit: 'rows/s',
          target: `≥ ${EXPORT_TARGET_RPS} rows/s`,
          pass: rows === env.workers && rps >= EXPORT_TARGET_RPS,
        },
        {
          metric: 'export wall time',
          value: round(seconds, 1),
          unit: 's',
          target: '',
          pass: null,
        },
        {
          metric: 'server process CPU per 1,000 rows (all threads)',
          value: round((cpu / Math.max(1, rows)) * 1000 * 1000, 1),
          unit: 'ms',
          target: '',
          pass: null,
        },
        {
          metric: 'server peak RSS during export',
          value: round(peak, 0),
          unit: 'MiB',
          target: `≤ ${EXPORT_TARGET_MB} MiB`,
          pass: peak <= EXPORT_TARGET_MB,
        },
      ],
      notes: [
        `server RSS before the export ${round(base, 0)} MiB; file ${round(bytes / 2 ** 20, 1)} MiB`,
        `scale data (${env.workers} workers) loaded in ${round(env.loadSeconds, 1)} s`,
        `audit row: rows=${rows}, completed=${audit.rows[0]?.completed ?? '?'}`,
      ],
      details: { rows, bytes, seconds, rps, cpu, peakMiB: peak, baseMiB: base },
    };
  });
}

const labelsOf = (code: string) =>
  new Map(
    (STANDARD_DICTIONARIES.find((d) => d.code === code)?.items ?? []).map((i) => [
      i.code,
      i.labelZh,
    ]),
  );

/** A file as Excel writes it (shared strings), rows over the given communities' division codes. */
export async function generateImportFile(
  file: string,
  rows: number,
  divisionCodes: string[],
): Promise<void> {
  const rng = createRng(4242);
  const ethnic = labelsOf('ethnicity');
  const political = labelsOf('political_status');
  const education = labelsOf('education');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('社区工作者');
  ws.addRow(IMPORT_COLUMNS.map((c) => c.header)).commit();
  for (let i = 0; i < rows; i++) {
    const year = 1966 + (i % 36);
    const birth = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    // Division code 440106 is not one generateWorker uses, so no clash with the loaded workers.
    const idNumber = composeIdNumber({
      divisionCode: `4401${String(10 + (Math.floor(i / 500) % 90)).padStart(2, '0')}`,
      birthDate: birth,
      sequence: i % 999,
      sex: i % 2 ? 'male' : 'female',
    });
    const values: Record<string, string | number | null> = {
      name: `导入${String.fromCharCode(0x4e00 + (i % 2000))}${String.fromCharCode(0x4e00 + ((i * 7) % 2000))}`,
      idNumber,
      ethnicity: ethnic.get(rng.next() < 0.94 ? '01' : '03') ?? '汉族',
      nativePlace: '广东广州',
      politicalStatus: political.get(rng.pick(['01', '03', '13'])) ?? '群众',
      partyJoinDate: null,
      educationFullTime: education.get(rng.pick(['20', '30'])) ?? '大学本科',
      educationInService: null,
      degree: '学士',
      school: '中山大学',
      major: '社会工作',
      maritalStatus: '已婚',
      phone: `13${String(100_000_000 + i).slice(-9)}`,
      address: `基准省某市某区${i % 997}号`,
      category: '专职社区工作者',
      orgUnitId: divisionCodes[i % divisionCodes.length] ?? '',
      post: '工作人员',
      grade: 1 + (i % 12),
      status: '在岗',
      workStartDate: '2015-03-01',
      hireDate: `${2016 + (i % 8)}/4/1`,
      probationEnd: null,
      qualification: null,
      certNumber: null,
      certDate: null,
    };
    if (values.politicalStatus === '中国共产党党员') values.partyJoinDate = '2010年7月1日';
    ws.addRow(IMPORT_COLUMNS.map((c) => values[c.key] ?? null)).commit();
  }
  ws.commit();
  await wb.commit();
}

export interface JobView {
  status: string;
  error: string | null;
  result: {
    total: number;
    valid: number;
    errorCount: number;
    committed: boolean;
    created: number;
  } | null;
}

export async function runJob(
  port: number,
  s: Session,
  file: Buffer,
  mode: string,
): Promise<JobView> {
  const form = new FormData();
  form.append('file', new Blob([file]), 'bench-import.xlsx');
  const res = await fetch(`http://127.0.0.1:${port}/api/workers/import?mode=${mode}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: form,
  });
  const body = (await res.json()) as { jobId?: number };
  if (res.status !== 200 || !body.jobId)
    throw new Error(`import ${mode}: ${res.status} ${JSON.stringify(body)}`);
  for (;;) {
    await sleep(200);
    const j = await fetch(`http://127.0.0.1:${port}/api/jobs/${body.jobId}`, {
      headers: { cookie: s.cookie },
    });
    const job = (await j.json()) as JobView;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
  }
}

/**
 * Deletes the workers an import added (id above `maxId`) and their history. Only the import's own
 * rows reference them, so foreign-key checks are skipped: each would scan the referencing tables
 * that have no index leading with worker_id, such as the ~4,000,000 effect proposals the lists
 * scenario adds (one scan per deleted worker).
 */
async function deleteImportedWorkers(pool: pg.Pool, maxId: number): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('set local session_replication_role = replica');
    await client.query('delete from worker_history where worker_id > $1', [maxId]);
    await client.query('delete from worker where id > $1', [maxId]);
  });
}

/** PostgreSQL's own time for the commit's rows, statement by statement (ms). */
interface SqlFloor {
  workers: number;
  history: number;
  audit: number;
}

/**
 * The floor under the commit: the rows the import has just written (workers above `maxId`, their
 * history records, the audit rows above `maxAuditId`), written again by plain SQL in one
 * transaction that is rolled back, one INSERT … SELECT per table. The copies get fresh ids and
 * fresh random blind indexes, so they land at random places in the unique trees as the import's
 * rows did; every index, foreign key and WAL record is the same. The difference between the
 * commit and this is what the application adds (reading and checking the file, encryption,
 * COPY in batches, the audit chain's hashes).
 */
async function commitSqlFloor(pool: pg.Pool, maxId: number, maxAuditId: number): Promise<SqlFloor> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const columns = (
      await client.query<{ column_name: string }>(
        `select column_name from information_schema.columns
          where table_schema = 'public' and table_name = 'worker' and is_generated = 'NEVER'
          order by ordinal_position`,
      )
    ).rows
      .map((r) => `"${r.column_name}"`)
      .join(', ');
    await client.query(
      `create temp table floor_worker on commit drop as select * from worker where id > $1`,
      [maxId],
    );
    const shift = Number(
      (await client.query<{ s: string }>(`select max(id) - $1 as s from worker`, [maxId])).rows[0]
        ?.s,
    );
    await client.query(
      `update floor_worker
          set id = id + $1,
              id_number_hash = encode(sha256(convert_to(id_number_hash, 'UTF8')), 'hex'),
              phone_hash = encode(sha256(convert_to(phone_hash, 'UTF8')), 'hex')`,
      [shift],
    );
    await client.query(
      `create temp table floor_history on commit drop as
         select worker_id + $2 as worker_id, kind, value, org_unit_id, effective_from, reason,
                created_by
           from worker_history where worker_id > $1 order by worker_id, id`,
      [maxId, shift],
    );
    await client.query(
      `create temp table floor_audit on commit drop as
         select * from audit_log where id > $1 order by id`,
      [maxAuditId],
    );
    const auditShift = Number(
      (await client.query<{ s: string }>(`select max(id) - $1 as s from audit_log`, [maxAuditId]))
        .rows[0]?.s,
    );
    const timed = async (statement: string, params: unknown[] = []) => {
      const t = performance.now();
      await client.query(statement, params);
      return performance.now() - t;
    };
    const workers = await timed(
      `insert into worker (${columns}) select ${columns} from floor_worker order by id`,
    );
    const history = await timed(
      `insert into worker_history (worker_id, kind, value, org_unit_id, effective_from, reason, created_by)
       select * from floor_history`,
    );
    const audit = await timed(
      `insert into audit_log (id, at, actor_id, actor_name, action, entity_type, entity_id,
                              org_path, changes, request_id, ip, prev_hash, hash)
       select id + $1, at, actor_id, actor_name, action, entity_type,
              case when entity_type = 'worker' then (entity_id::bigint + $2)::text else entity_id end,
              org_path, changes, request_id, ip, prev_hash, hash
         from floor_audit`,
      [auditShift, shift],
    );
    return { workers, history, audit };
  } finally {
    await client.query('rollback');
    client.release();
  }
}

export async function workersImportScenario(log: (l: string) => void): Promise<ScenarioResult> {
  const env = await scaleEnv(log);
  const scratch = scratchDir('cwp-bench-import-');
  try {
    return await withServer(env, async (server, s) => {
      const pool = new pg.Pool({ connectionString: env.pgUrl, max: 1 });
      let maxId: number | null = null;
      try {
        const codes = (
          await pool.query<{ division_code: string }>(
            `select division_code from org_unit where level = 'community' order by id limit 20000`,
          )
        ).rows.map((r) => r.division_code);
        const file = path.join(scratch.dir, 'import.xlsx');
        log(`generating a ${IMPORT_ROWS}-row file (shared strings, as Excel writes) …`);
        await generateImportFile(file, IMPORT_ROWS, codes);
        const bytes = readFileSync(file);
        log(`  ${round(bytes.length / 2 ** 20, 1)} MiB`);
        const count = async () =>
          Number((await pool.query<{ n: string }>('select count(*) as n from worker')).rows[0]?.n);
        const before = await count();
        maxId = Number(
          (await pool.query<{ m: string }>('select coalesce(max(id), 0) as m from worker')).rows[0]
            ?.m,
        );
        const maxAuditId = Number(
          (await pool.query<{ m: string }>('select coalesce(max(id), 0) as m from audit_log'))
            .rows[0]?.m,
        );
        const pid = server.child.pid ?? 0;
        await sleep(1000);
        resetHwm(pid);
        const base = hwmMiB(pid);
        const cpu0 = cpuSeconds(pid);
        const t0 = performance.now();
        const validate = await runJob(server.port, s, bytes, 'validate');
        const t1 = performance.now();
        log(
          `  validate: ${round((t1 - t0) / 1000, 1)} s, ${JSON.stringify({ status: validate.status, error: validate.error, valid: validate.result?.valid, errors: validate.result?.errorCount })}`,
        );
        const commit = await runJob(server.port, s, bytes, 'commit');
        const t2 = performance.now();
        const cpu = cpuSeconds(pid) - cpu0;
        log(
          `  commit: ${round((t2 - t1) / 1000, 1)} s, ${JSON.stringify({ status: commit.status, error: commit.error, created: commit.result?.created, committed: commit.result?.committed })}`,
        );
        const peak = hwmMiB(pid);
        const after = await count();
        const seconds = (t2 - t0) / 1000;
        const ok = commit.result?.committed === true && after - before === IMPORT_ROWS;
        log('  the same rows written again by plain SQL (the floor under the commit) …');
        const floor = ok ? await commitSqlFloor(pool, maxId, maxAuditId) : null;
        const floorS = floor ? (floor.workers + floor.history + floor.audit) / 1000 : 0;
        return {
          figures: [
            {
              metric: `import ${IMPORT_ROWS} rows (validate + commit, end to end)`,
              value: round(seconds, 1),
              unit: 's',
              target: `≤ ${IMPORT_TARGET_S} s`,
              pass: ok && seconds <= IMPORT_TARGET_S,
            },
            {
              metric: 'validate',
              value: round((t1 - t0) / 1000, 1),
              unit: 's',
              target: '',
              pass: null,
            },
            {
              metric: 'commit',
              value: round((t2 - t1) / 1000, 1),
              unit: 's',
              target: '',
              pass: null,
            },
            {
              metric: "the commit's rows by plain SQL (INSERT … SELECT, one transaction)",
              value: round(floorS, 1),
              unit: 's',
              target: '',
              pass: null,
            },
            {
              metric: 'server process CPU (validate + commit)',
              value: round(cpu, 1),
              unit: 's',
              target: '',
              pass: null,
            },
            {
              metric: 'server peak RSS during import',
              value: round(peak, 0),
              unit: 'MiB',
              target: `≤ ${IMPORT_TARGET_MB} MiB`,
              pass: peak <= IMPORT_TARGET_MB,
            },
          ],
          notes: [
            `file ${round(bytes.length / 2 ** 20, 1)} MiB; workers ${before} → ${after}`,
            `server RSS before the import ${round(base, 0)} MiB`,
            ...(floor
              ? [
                  `by plain SQL: ${IMPORT_ROWS} workers ${round(floor.workers / 1000, 1)} s, their history records ${round(floor.history / 1000, 1)} s, the audit rows ${round(floor.audit / 1000, 1)} s (rolled back)`,
                ]
              : []),
          ],
          details: {
            seconds,
            cpu,
            peakMiB: peak,
            before,
            after,
            validate: validate.result,
            commit: commit.result,
            sqlFloorMs: floor,
          },
        };
      } finally {
        if (process.env.BENCH_SCALE_DIR && maxId !== null) {
          // A kept scale directory goes back to its loaded state for the next run (the audit
          // chain keeps the import's rows: it is append-only).
          await deleteImportedWorkers(pool, maxId);
          await pool.query('vacuum analyze worker');
          await pool.query('vacuum analyze worker_history');
          await pool.query('vacuum analyze audit_log');
        }
        await pool.end();
      }
    });
  } finally {
    scratch.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const wanted = process.argv.slice(2);
  const run = wanted.length ? wanted : ['export', 'import'];
  const log = (l: string) => console.log(l);
  for (const name of run) {
    const r =
      name === 'export' ? await workersExportScenario(log) : await workersImportScenario(log);
    for (const f of r.figures)
      console.log(
        `${f.metric}: ${f.value} ${f.unit} ${f.target ? `(target ${f.target}) ${f.pass ? 'PASS' : 'FAIL'}` : ''}`,
      );
    for (const n of r.notes) console.log(`note: ${n}`);
  }
}
