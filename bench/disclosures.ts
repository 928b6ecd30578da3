// Scenario "disclosures": a community's public disclosure page under load, and 100 concurrent
// complaint submitters. The real server (fresh data dir, demo data); the admin publishes a
// quarterly finance disclosure and a few party items for one community; autocannon then reads
// the public list and the finance item (served from the per-instance cache). A publication during
// the run must show on the next read (invalidation). Then 100 submitters post complaints at once
// (each from its own address through X-Forwarded-For, so the per-address limit is not what is
// measured): all must be stored, with 100 distinct codes that each find their complaint.
// Run alone with `node --import tsx bench/disclosures.ts`.
import path from 'node:path';
import autocannon from 'autocannon';
import {
  freePort,
  round,
  scratchDir,
  startServer,
  stopServer,
  waitForHealth,
  type ScenarioResult,
} from './lib';

const TARGET_RPS = 1_000;
const CONNECTIONS = 20;
const DURATION_S = 10;
const SUBMITTERS = 100;

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'Demo@2026' }),
  });
  const body = (await res.json()) as { csrfToken: string };
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('cwp_session='));
  if (!cookie) throw new Error('login answered 200 without a cwp_session cookie');
  return { cookie, csrf: body.csrfToken };
}

async function api<T>(
  base: string,
  s: Session | null,
  method: string,
  url: string,
  body?: unknown,
) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

function lastQuarter(): string {
  const d = new Date();
  const q = Math.floor(d.getMonth() / 3);
  return q === 0 ? `${d.getFullYear() - 1}-Q4` : `${d.getFullYear()}-Q${q}`;
}

interface View {
  id: number;
  version: number;
}

async function publish(base: string, s: Session, body: Record<string, unknown>): Promise<number> {
  const d = await api<View>(base, s, 'POST', '/api/disclosures', body);
  const sub = await api<View>(base, s, 'POST', `/api/disclosures/${d.id}/submit`, {
    version: d.version,
  });
  await api<View>(base, s, 'POST', `/api/disclosures/${d.id}/publish`, {
    version: sub.version,
    offScheduleReason: '基准测试',
  });
  return d.id;
}

async function load(url: string) {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

export async function disclosuresScenario(log: (line: string) => void): Promise<ScenarioResult> {
  const notes: string[] = [];
  const scratch = scratchDir('cwp-bench-disclosures-');
  try {
    const port = await freePort();
    const server = startServer({
      dataDir: path.join(scratch.dir, 'data'),
      port,
      pgPort: await freePort(),
      env: { SEED_DEMO: 'true', LOG_LEVEL: 'warn', TRUST_PROXY: 'true' },
    });
    try {
      await waitForHealth(server, performance.now(), 180_000);
      const base = `http://127.0.0.1:${port}`;
      const s = await login(base);
      const communities = await api<{ items: { id: number; name: string }[] }>(
        base,
        null,
        'GET',
        '/api/public/complaints/communities',
      );
      const community = communities.items[0];
      if (!community) throw new Error('no demo community');
      const financeId = await publish(base, s, {
        orgUnitId: community.id,
        kind: 'finance',
        title: `${lastQuarter()} 财务收支公开`,
        periodKey: lastQuarter(),
        finance: {
          rows: [
            { category: '上级拨款', direction: 'income', amount: 1_200_000 },
            { category: '服务收入', direction: 'income', amount: 35_050 },
            { category: '办公费', direction: 'spending', amount: 420_000 },
            { category: '活动费', direction: 'spending', amount: 180_025 },
          ],
          totalIncome: 1_235_050,
          totalSpending: 600_025,
          balance: 635_025,
        },
      });
      for (let i = 1; i <= 10; i++)
        await publish(base, s, {
          orgUnitId: community.id,
          kind: i % 2 ? 'party' : 'affairs',
          title: `公开事项 ${i}`,
          body: '内容'.repeat(100),
        });
      const listUrl = `${base}/api/public/communities/${community.id}/disclosures`;
      await load(listUrl.replace(base, base)); // warm-up (JIT, cache)
      log(
        `GET ${listUrl.replace(base, '')}: autocannon ${CONNECTIONS} connections, ${DURATION_S} s …`,
      );
      const list = await load(listUrl);
      log(
        `  ${round(list.rps, 0)} req/s, p50 ${list.p50} ms, p99 ${list.p99} ms, ${list.non2xx} non-2xx`,
      );
      const itemUrl = `${listUrl}/${financeId}`;
      const item = await load(itemUrl);
      log(`  item page: ${round(item.rps, 0)} req/s, p50 ${item.p50} ms, p99 ${item.p99} ms`);

      // Invalidation: a publication shows on the very next read.
      const fresh = await publish(base, s, {
        orgUnitId: community.id,
        kind: 'party',
        title: '发布后立即可见',
      });
      const after = await api<{ current: { id: number }[] }>(
        base,
        null,
        'GET',
        listUrl.replace(base, ''),
      );
      const invalidated = after.current.some((c) => c.id === fresh);
      log(`  publication visible on the next read: ${invalidated}`);

      // 100 concurrent complaint submitters.
      const t0 = performance.now();
      const results = await Promise.all(
        Array.from({ length: SUBMITTERS }, async (_, i) => {
          const res = await fetch(`${base}/api/public/complaints`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.7.0.${i + 1}` },
            body: JSON.stringify({
              orgUnitId: community.id,
              category: 'other',
              text: `并发提交 ${i}`,
              anonymous: i % 2 === 0,
              ...(i % 2 ? { name: `居民${i}` } : {}),
            }),
          });
          return { status: res.status, body: (await res.json()) as { code?: string } };
        }),
      );
      const ms = performance.now() - t0;
      const codes = results.map((r) => r.body.code).filter((c): c is string => !!c);
      const distinct = new Set(codes).size;
      let found = 0;
      await Promise.all(
        codes.map(async (code, i) => {
          const res = await fetch(`${base}/api/public/complaints/track`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.8.0.${i + 1}` },
            body: JSON.stringify({ code }),
          });
          if (res.status === 200) found++;
          await res.arrayBuffer();
        }),
      );
      const ok = results.filter((r) => r.status === 200).length;
      log(
        `  ${SUBMITTERS} concurrent submitters: ${ok} stored in ${round(ms, 0)} ms, ${distinct} distinct codes, ${found} found by their code`,
      );
      const complaintsOk = ok === SUBMITTERS && distinct === SUBMITTERS && found === SUBMITTERS;
      notes.push(
        'autocannon runs in the bench process on the same 2 cores as the server and its PostgreSQL',
        'cache: per instance, dropped on publication here and on other instances via LISTEN/NOTIFY; 30 s TTL as a backstop',
      );
      return {
        figures: [
          {
            metric: `GET public disclosure list (p50 ${list.p50} ms, p99 ${list.p99} ms)`,
            value: round(list.rps, 0),
            unit: 'req/s',
            target: `≥ ${TARGET_RPS} req/s`,
            pass: list.rps >= TARGET_RPS && list.non2xx === 0 && list.errors === 0,
          },
          {
            metric: `GET public finance item (p50 ${item.p50} ms, p99 ${item.p99} ms)`,
            value: round(item.rps, 0),
            unit: 'req/s',
            target: `≥ ${TARGET_RPS} req/s`,
            pass: item.rps >= TARGET_RPS && item.non2xx === 0 && item.errors === 0,
          },
          {
            metric: 'publication visible on the next public read',
            value: invalidated ? 'yes' : 'no',
            unit: '',
            target: 'yes',
            pass: invalidated,
          },
          {
            metric: `${SUBMITTERS} concurrent complaint submitters stored, distinct codes, each found`,
            value: `${ok}/${distinct}/${found}`,
            unit: '',
            target: `${SUBMITTERS}/${SUBMITTERS}/${SUBMITTERS}`,
            pass: complaintsOk,
          },
        ],
        notes,
      };
    } finally {
      await stopServer(server);
    }
  } finally {
    scratch.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  disclosuresScenario((l) => console.log(l))
    .then((r) => {
      console.table(r.figures);
      for (const n of r.notes) console.log(`note: ${n}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
