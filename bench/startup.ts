// Scenario "startup": the real server on a fresh data directory (initdb, migrations, reference and
// demo data) until /api/health answers 200; SIGTERM; then again on the same directory.
import path from 'node:path';
import {
  freePort,
  round,
  scratchDir,
  startServer,
  stopServer,
  waitForHealth,
  type ScenarioResult,
} from './lib';

const FIRST_TARGET_S = 60;
const EXISTING_TARGET_S = 5;

/** main.ts prints "ready in N ms" once it listens: the part of start-up after loading code. */
function readyMs(output: string): number | null {
  const m = /ready in (\d+) ms/.exec(output);
  return m ? Number(m[1]) : null;
}

const fmt = (ms: number | null) => (ms === null ? 'n/a' : `${round(ms / 1000, 2)} s`);

export async function startupScenario(log: (line: string) => void): Promise<ScenarioResult> {
  const scratch = scratchDir('cwp-bench-startup-');
  const dataDir = path.join(scratch.dir, 'data');
  const port = await freePort();
  const pgPort = await freePort();
  const notes: string[] = [];
  try {
    log(`first start on empty ${dataDir} (port ${port}, embedded PostgreSQL ${pgPort}) …`);
    let t0 = performance.now();
    let server = startServer({ dataDir, port, pgPort, env: { SEED_DEMO: 'true' } });
    let first: number;
    try {
      first = await waitForHealth(server, t0, 180_000);
    } finally {
      const stop = await stopServer(server);
      notes.push(`first stop: exit ${stop.code ?? stop.signal} after ${round(stop.ms, 0)} ms`);
    }
    log(`  healthy after ${round(first / 1000, 2)} s`);
    const firstReady = readyMs(server.output());

    log('second start on the same data directory …');
    t0 = performance.now();
    server = startServer({ dataDir, port, pgPort, env: { SEED_DEMO: 'true' } });
    let existing: number;
    try {
      existing = await waitForHealth(server, t0, 120_000);
    } finally {
      const stop = await stopServer(server);
      notes.push(`second stop: exit ${stop.code ?? stop.signal} after ${round(stop.ms, 0)} ms`);
      if (stop.code !== 0) notes.push('WARNING: the server did not exit 0 on SIGTERM');
    }
    log(`  healthy after ${round(existing / 1000, 2)} s`);
    const existingReady = readyMs(server.output());
    notes.push(
      `server-reported "ready in" (database + migrations + seed + app, without Node/tsx start-up): ` +
        `first ${fmt(firstReady)}, existing ${fmt(existingReady)}`,
    );

    return {
      figures: [
        {
          metric: 'first start (initdb + migrate + seed) → health 200',
          value: round(first / 1000, 2),
          unit: 's',
          target: `≤ ${FIRST_TARGET_S} s`,
          pass: first / 1000 <= FIRST_TARGET_S,
        },
        {
          metric: 'start on existing data dir → health 200',
          value: round(existing / 1000, 2),
          unit: 's',
          target: `≤ ${EXISTING_TARGET_S} s`,
          pass: existing / 1000 <= EXISTING_TARGET_S,
        },
      ],
      notes,
    };
  } finally {
    scratch.remove();
  }
}
