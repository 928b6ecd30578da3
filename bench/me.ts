// Scenario "me": throughput of an authenticated request. The real server (fresh data dir, demo
// data), logged in as admin, GET /api/auth/me with the session cookie under autocannon; then a
// bare Fastify hello-world measured the same way, for the ratio. Loopback only, bounded in time.
import path from 'node:path';
import autocannon from 'autocannon';
import {
  freePort,
  round,
  scratchDir,
  startScript,
  startServer,
  stopServer,
  waitForHealth,
  type ScenarioResult,
} from './lib';

const DURATION_S = 10;
const CONNECTIONS = 50;
const WARMUP_S = 2;
const TARGET_RPS = 2_000;

interface Load {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

async function cannon(url: string, headers: Record<string, string>, seconds: number) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  } satisfies Load;
}

async function measure(
  url: string,
  headers: Record<string, string>,
  log: (l: string) => void,
): Promise<Load> {
  await cannon(url, headers, WARMUP_S); // JIT, connection pools and caches warm
  const load = await cannon(url, headers, DURATION_S);
  log(
    `  ${round(load.rps, 0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ` +
      `${load.total} requests, ${load.non2xx} non-2xx, ${load.errors} errors`,
  );
  return load;
}

async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Demo@2026' }),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${body}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('cwp_session='));
  if (!cookie) throw new Error('login answered 200 without a cwp_session cookie');
  const me = await fetch(`http://127.0.0.1:${port}/api/auth/me`, { headers: { cookie } });
  if (me.status !== 200) throw new Error(`/api/auth/me with the cookie answered ${me.status}`);
  await me.arrayBuffer();
  return cookie;
}

export async function meScenario(log: (line: string) => void): Promise<ScenarioResult> {
  const notes: string[] = [];
  const scratch = scratchDir('cwp-bench-me-');
  let me: Load;
  try {
    const port = await freePort();
    const server = startServer({
      dataDir: path.join(scratch.dir, 'data'),
      port,
      pgPort: await freePort(),
      env: { SEED_DEMO: 'true', LOG_LEVEL: 'warn' },
    });
    try {
      await waitForHealth(server, performance.now(), 180_000);
      const cookie = await login(port);
      log(
        `GET /api/auth/me as admin: autocannon ${CONNECTIONS} connections, ${DURATION_S} s (after ${WARMUP_S} s warm-up) …`,
      );
      me = await measure(`http://127.0.0.1:${port}/api/auth/me`, { cookie }, log);
    } finally {
      await stopServer(server);
    }
  } finally {
    scratch.remove();
  }

  const helloPort = await freePort();
  const hello = await startScript('hello-server.ts', helloPort);
  let base: Load;
  try {
    log(`bare Fastify hello-world: same load …`);
    base = await measure(`http://127.0.0.1:${helloPort}/hello`, {}, log);
  } finally {
    await stopServer(hello);
  }

  const valid = me.non2xx === 0 && me.errors === 0;
  if (!valid) notes.push(`/api/auth/me: ${me.non2xx} non-2xx answers, ${me.errors} errors`);
  notes.push(
    `autocannon runs in the bench process on the same 2 cores as the server and its PostgreSQL`,
  );
  return {
    figures: [
      {
        metric: `GET /api/auth/me (p50 ${me.p50} ms, p99 ${me.p99} ms)`,
        value: round(me.rps, 0),
        unit: 'req/s',
        target: `≥ ${TARGET_RPS} req/s`,
        pass: valid && me.rps >= TARGET_RPS,
      },
      {
        metric: `bare Fastify hello-world (p50 ${base.p50} ms, p99 ${base.p99} ms)`,
        value: round(base.rps, 0),
        unit: 'req/s',
        target: '',
        pass: null,
      },
      {
        metric: '/api/auth/me ÷ hello-world',
        value: round(me.rps / base.rps, 2),
        unit: '×',
        target: '',
        pass: null,
      },
    ],
    notes,
    details: { me, hello: base, connections: CONNECTIONS, durationS: DURATION_S },
  };
}
