// Reads a vitest JSON report and prints "passed failed browserPassed" on one line for .ci/run.
// A test file that failed before any test ran (an import or setup error) counts as one failure,
// so a broken file can never look like a green run.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('0 0 0');
  process.exit(3);
}
let passed = 0;
let failed = 0;
let browserPassed = 0;
for (const f of report.testResults ?? []) {
  const results = f.assertionResults ?? [];
  const isBrowser = /[/\\]tests[/\\]browser[/\\]/.test(f.name ?? '');
  for (const t of results) {
    if (t.status === 'passed') {
      passed++;
      if (isBrowser) browserPassed++;
    } else if (t.status === 'failed') failed++;
  }
  if (f.status === 'failed' && !results.some((t) => t.status === 'failed')) failed++;
}
console.log(`${passed} ${failed} ${browserPassed}`);
