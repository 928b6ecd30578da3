// Reads a vitest JSON report and prints "passed failed browserPassed" on one line for .ci/run.
// A test file that failed before any test ran (an import or setup error) counts as one failure,
// so a broken file can never look like a green run.
// After the counts it prints one line per failure ("file > test: first line of the message"),
// which .ci/run repeats in its summary, because CI keeps only the tail of the output.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('0 0 0');
  process.exit(3);
}
const rel = (name) => String(name ?? '').replace(process.cwd() + '/', '');
let passed = 0;
let failed = 0;
let browserPassed = 0;
const failures = [];
// The colour codes (ESC [ … m) vitest puts in its messages.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
// The message's first line, then what a Playwright wait was waiting for and the test's own line,
// when the stack names them: "locator.waitFor: Timeout" alone does not say which step failed.
const short = (m) => {
  const lines = String(m ?? '')
    .replace(ANSI, '')
    .split('\n')
    .map((l) => l.trim());
  const first = lines.find((l) => l) ?? '';
  const waiting = lines.find((l) => /^-\s*waiting for /.test(l))?.replace(/^-\s*/, '');
  // The test file's own frame first (a helper's throw is less telling), else the first of ours.
  const ours = lines.filter(
    (l) => /^at .*[/\\](tests|apps|packages)[/\\].*:\d+:\d+\)?$/.test(l) && !/node_modules/.test(l),
  );
  const frame = (ours.find((l) => /\.test\.[cm]?[jt]s:/.test(l)) ?? ours[0])?.match(
    /((?:tests|apps|packages)[/\\][^:()]+:\d+):\d+\)?$/,
  )?.[1];
  return [first, waiting && `(${waiting})`, frame && `at ${frame}`].filter(Boolean).join(' ');
};
for (const f of report.testResults ?? []) {
  const results = f.assertionResults ?? [];
  const isBrowser = /[/\\]tests[/\\]browser[/\\]/.test(f.name ?? '');
  for (const t of results) {
    if (t.status === 'passed') {
      passed++;
      if (isBrowser) browserPassed++;
    } else if (t.status === 'failed') {
      failed++;
      failures.push(
        `${rel(f.name)} > ${t.fullName ?? t.title}: ${short(t.failureMessages?.[0]).slice(0, 500)}`,
      );
    }
  }
  if (f.status === 'failed' && !results.some((t) => t.status === 'failed')) {
    failed++;
    failures.push(`${rel(f.name)}: ${short(f.message).slice(0, 300)}`);
  }
}
console.log(`${passed} ${failed} ${browserPassed}`);
for (const line of failures) console.log(line);
