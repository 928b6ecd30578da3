// Scenario "contracts" (standalone, not in bench/run.ts): labour-contract writes at the volume an
// anchor HR system needs two hours for (800 contracts). On a fresh database with the demo city
// (~8,000 workers, their contract history and the example contract rule), through the real app:
//   batch renewal — POST /api/labor-contracts/batch-renew with 1,000 active fixed-term contracts
//                   (one transaction, set-based, each on its worker's rule in force);
//   single signing — 1,000 first contracts signed one request at a time (POST /api/labor-contracts).
// Run: node --import tsx bench/contracts.ts
import { performance } from 'node:perf_hooks';
import { buildApp } from '../apps/server/src/app';
import { runMigrations } from '../apps/server/src/db/migrate';
import { Pii } from '../apps/server/src/lib/pii';
import { bootstrapReferenceData } from '../apps/server/src/seed/bootstrap';
import { seedDemo } from '../apps/server/src/seed/demo';
import { as, login, testConfig } from '../tests/setup/app';
import { openTarget } from './subtree';

const N = Number(process.env.BENCH_CONTRACTS ?? 1000);

async function main() {
  const target = await openTarget((l) => console.log(l));
  const { db, pool } = target.database;
  await runMigrations(pool);
  await bootstrapReferenceData(db);
  const cfg = testConfig();
  const t0 = performance.now();
  await seedDemo(db, { pii: new Pii(cfg.pii) });
  console.log(`demo city seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const app = await buildApp({ cfg, db, pool, logger: false });
  await app.ready();
  const t = { app, db: { pool } };
  try {
    const admin = await login(t.app, 'admin');
    const { rows } = await t.db.pool.query<{ id: number }>(
      `select id from labor_contract where status = 'active' and type = 'fixed_term'
        order by id limit $1`,
      [N],
    );
    const ids = rows.map((r) => Number(r.id));
    console.log(`${ids.length} active fixed-term contracts selected`);
    let start = performance.now();
    const res = await as(t.app, admin).post('/api/labor-contracts/batch-renew', { ids });
    const batchMs = performance.now() - start;
    if (res.statusCode !== 200) throw new Error(`batch renew failed: ${res.body}`);
    const body = res.json<{ renewed: number }>();
    console.log(
      `batch renewal: ${body.renewed} contracts in ${batchMs.toFixed(0)} ms ` +
        `(${((batchMs / body.renewed) * 1000).toFixed(0)} µs per contract)`,
    );

    // Workers without an active contract: end theirs, then sign new ones one by one.
    const { rows: workers } = await t.db.pool.query<{ id: number }>(
      `update labor_contract set status = 'terminated', termination_date = current_date,
              termination_reason = 'bench'
        where id in (select id from labor_contract where status = 'active' order by id desc
                      limit $1)
       returning worker_id as id`,
      [N],
    );
    const today = new Date().toISOString().slice(0, 10);
    start = performance.now();
    for (const w of workers) {
      const r = await as(t.app, admin).post('/api/labor-contracts', {
        workerId: Number(w.id),
        type: 'fixed_term',
        startDate: today,
        termYears: 3,
        probationMonths: 0,
      });
      if (r.statusCode !== 200) throw new Error(`create failed: ${r.body}`);
    }
    const singleMs = performance.now() - start;
    console.log(
      `single signing: ${workers.length} contracts in ${singleMs.toFixed(0)} ms ` +
        `(${(singleMs / workers.length).toFixed(1)} ms per request)`,
    );
  } finally {
    await app.close();
    await target.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
