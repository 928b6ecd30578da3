// Scenario "surveys": the public survey endpoint under load. The real server (fresh data dir,
// demo data); a campaign of one demo community with its workers is opened and enough one-time
// codes are generated beforehand; then autocannon posts complete answers, each request with the
// next unused code. Answers land in the ballot box and the survey.mix job (every 5 s here) moves
// full batches into the results while the load runs. Afterwards a second wave re-sending used
// codes must all be refused; then the campaign is closed (which mixes what is still pending) and
// the answers in its results must equal the 2xx answers and the used codes, with none pending.
// Run alone with `node --import tsx bench/surveys.ts`; SURVEY_BENCH_AMOUNT (default 6000) and
// SURVEY_BENCH_WARMUP (600) make a quick small run possible.
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

/** Requests of the measured wave (a fixed amount, so every answer is seen before counting). */
function knob(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? '');
  return Number.isInteger(v) && v > 0 ? v : fallback;
}
const AMOUNT = knob('SURVEY_BENCH_AMOUNT', 6_000);
const WARMUP = knob('SURVEY_BENCH_WARMUP', 600);
const CONNECTIONS = 20;
const TARGET_RPS = 500;
const CODES = Math.max(10_000, Math.ceil((AMOUNT + WARMUP) * 1.2));

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

async function api<T>(base: string, s: Session, method: string, url: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

function iso(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface Campaign {
  id: number;
  version: number;
  status: string;
  respondents: number;
  codesUsed: number;
  codesIssued: number;
}

interface Results {
  respondents: number;
  reasons: string[];
}

const QUESTIONS = [
  { key: 'team_service', text: '社区团队的服务态度', target: 'team' },
  { key: 'team_result', text: '社区为民办实事的成效', target: 'team' },
  { key: 'worker_attitude', text: '服务态度', target: 'worker' },
  { key: 'worker_ability', text: '解决问题的能力', target: 'worker' },
];

async function prepare(base: string, s: Session, log: (l: string) => void) {
  const page = await api<{ items: { id: number; orgUnitId: number }[] }>(
    base,
    s,
    'GET',
    '/api/workers?status=active&pageSize=100',
  );
  const byUnit = new Map<number, number[]>();
  for (const w of page.items) byUnit.set(w.orgUnitId, [...(byUnit.get(w.orgUnitId) ?? []), w.id]);
  const [unitId, workers] = [...byUnit].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (!unitId || !workers) throw new Error('no demo workers to survey');
  const ids = workers.slice(0, 6);
  const today = new Date();
  const later = new Date();
  later.setDate(later.getDate() + 30);
  const created = await api<Campaign>(base, s, 'POST', '/api/surveys', {
    orgUnitId: unitId,
    title: '压力测试测评',
    year: today.getFullYear(),
    period: 'annual',
    opensOn: iso(today),
    closesOn: iso(later),
    questions: QUESTIONS,
    scaleMax: 5,
    satisfiedMin: 4,
    minRespondents: 50,
    minOrdinaryPct: 70,
    workerIds: ids,
  });
  const opened = await api<Campaign>(base, s, 'POST', `/api/surveys/${created.id}/status`, {
    version: created.version,
    status: 'open',
  });
  const codes: string[] = [];
  const t0 = performance.now();
  while (codes.length < CODES) {
    const batch = await api<{ codes: string[] }>(
      base,
      s,
      'POST',
      `/api/surveys/${opened.id}/codes`,
      {
        count: Math.min(5000, CODES - codes.length),
      },
    );
    codes.push(...batch.codes);
  }
  log(
    `  campaign ${opened.id}: ${ids.length} workers, ${codes.length} codes generated in ${round((performance.now() - t0) / 1000, 1)} s`,
  );
  return { campaignId: opened.id, workerIds: ids, codes };
}

function answerBody(code: string, workerIds: number[], n: number): string {
  const answers: { questionKey: string; workerId: number | null; rating: number }[] = [];
  let x = n * 2654435761;
  const rating = () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return 1 + (x % 5);
  };
  for (const q of QUESTIONS) {
    if (q.target === 'team') answers.push({ questionKey: q.key, workerId: null, rating: rating() });
    else
      for (const w of workerIds)
        answers.push({ questionKey: q.key, workerId: w, rating: rating() });
  }
  return JSON.stringify({
    code,
    respondentType: n % 5 === 0 ? 'representative' : 'ordinary',
    answers,
  });
}

interface Wave {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  sent: number;
}

async function wave(url: string, bodies: () => string | null, amount: number): Promise<Wave> {
  const r = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    amount,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const body = bodies();
          return body === null ? (null as never) : { ...req, body };
        },
      },
    ],
  });
  return {
    // requests.average is per whole second; with a fixed amount the exact rate is total ÷ time.
    rps: (r['2xx'] + r.non2xx) / Math.max(0.001, (r.finish.getTime() - r.start.getTime()) / 1000),
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    sent: r.requests.sent,
  };
}

export async function surveysScenario(log: (line: string) => void): Promise<ScenarioResult> {
  const notes: string[] = [];
  const scratch = scratchDir('cwp-bench-surveys-');
  try {
    const port = await freePort();
    const server = startServer({
      dataDir: path.join(scratch.dir, 'data'),
      port,
      pgPort: await freePort(),
      // One loopback address sends every request: lift the per-address limit for the run.
      env: {
        SEED_DEMO: 'true',
        LOG_LEVEL: 'warn',
        SURVEY_SUBMITS_PER_IP_PER_MINUTE: '1000000',
        // Mix often, so batches are moved (and the tables vacuumed) while the load runs.
        SURVEY_MIX_INTERVAL_SECONDS: '5',
      },
    });
    try {
      await waitForHealth(server, performance.now(), 180_000);
      const base = `http://127.0.0.1:${port}`;
      const s = await login(base);
      const { campaignId, workerIds, codes } = await prepare(base, s, log);
      const url = `${base}/api/public/surveys/${campaignId}/responses`;
      let next = 0;
      const fresh = () => {
        if (next >= codes.length) return null;
        const n = next++;
        return answerBody(codes[n]!, workerIds, n);
      };
      log(`POST ${url.replace(base, '')}: warm-up ${WARMUP} answers …`);
      const warm = await wave(url, fresh, WARMUP);
      log(`autocannon ${CONNECTIONS} connections, ${AMOUNT} answers, a fresh code per request …`);
      const load = await wave(url, fresh, AMOUNT);
      log(
        `  ${round(load.rps, 0)} submissions/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ` +
          `${load.ok} accepted, ${load.non2xx} refused, ${load.errors} errors`,
      );
      if (next >= codes.length) notes.push('ran out of prepared codes: raise CODES');
      const usedCodes = codes.slice(0, next);
      // Second wave: every code already sent once goes again; all must be refused.
      let replay = 0;
      const again = () =>
        replay < 2000 && replay < usedCodes.length
          ? answerBody(usedCodes[replay++]!, workerIds, replay)
          : null;
      const dup = await wave(url, again, Math.min(2000, usedCodes.length));
      log(`  replay of ${dup.sent} used codes: ${dup.ok} accepted, ${dup.non2xx} refused`);
      // Close the campaign: the close mixes the ballots still pending into the results.
      const before = await api<Campaign>(base, s, 'GET', `/api/surveys/${campaignId}`);
      const t0 = performance.now();
      await api<Campaign>(base, s, 'POST', `/api/surveys/${campaignId}/status`, {
        version: before.version,
        status: 'closed',
      });
      const closeMs = performance.now() - t0;
      const results = await api<Results>(base, s, 'GET', `/api/surveys/${campaignId}/results`);
      const c = await api<Campaign>(base, s, 'GET', `/api/surveys/${campaignId}`);
      const pending = results.reasons.some((r) => r.includes('尚未计入'));
      const accepted = warm.ok + load.ok + dup.ok;
      log(
        `  closed (with the last mix) in ${round(closeMs, 0)} ms; answers in the results ${results.respondents}, ` +
          `taken ${c.respondents}, codes used ${c.codesUsed}, 2xx answers ${accepted}, ` +
          `requests sent ${warm.sent + load.sent}`,
      );
      const consistent =
        results.respondents === accepted &&
        c.respondents === accepted &&
        c.codesUsed === accepted &&
        !pending &&
        dup.ok === 0;
      if (!consistent)
        notes.push('answers in the results, used codes and accepted answers differ (or pending)');
      if (load.non2xx || load.errors)
        notes.push(`${load.non2xx} refused, ${load.errors} errors under load`);
      notes.push(
        'autocannon runs in the bench process on the same 2 cores as the server and its PostgreSQL',
      );
      return {
        figures: [
          {
            metric: `POST survey answer, fresh code each (p50 ${load.p50} ms, p99 ${load.p99} ms)`,
            value: round(load.rps, 0),
            unit: 'submissions/s',
            target: `≥ ${TARGET_RPS} submissions/s`,
            pass: consistent && load.non2xx === 0 && load.errors === 0 && load.rps >= TARGET_RPS,
          },
          {
            metric:
              'answers in the results (after the mix) = codes used = 2xx; replayed codes accepted',
            value: dup.ok,
            unit: 'double-counted',
            target: '0, consistent',
            pass: consistent,
          },
        ],
        notes,
        details: {
          warm,
          load,
          replay: dup,
          stored: results.respondents,
          codesUsed: c.codesUsed,
          closeMs: round(closeMs, 0),
        },
      };
    } finally {
      await stopServer(server);
    }
  } finally {
    scratch.remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  surveysScenario((l) => console.log(l))
    .then((r) => {
      console.log(JSON.stringify(r, null, 2));
      process.exit(r.figures.every((f) => f.pass !== false) ? 0 : 1);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
