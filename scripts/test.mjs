// `npm test [-- vitest args]`: build the web app if stale (the browser tests drive the built app;
// skipped only when --project names no browser project), then `vitest run` over every project —
// unit, api and browser — with any extra arguments passed through. The exit code is vitest's.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { buildWebIfStale, ROOT, runForeground } from './lib.mjs';

const args = process.argv.slice(2);

/** The projects named with --project (all of them when none is named). */
function selectedProjects(argv) {
  const named = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--project' && argv[i + 1]) named.push(argv[++i]);
    else if (a.startsWith('--project=')) named.push(a.slice('--project='.length));
  }
  return named;
}

/** The Chromium the browser tests launch (tests/browser/harness.ts looks in the same place). */
function findChromium() {
  const candidate = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    accessSync(candidate, constants.X_OK);
    return candidate;
  } catch {
    return null;
  }
}

const projects = selectedProjects(args);
const browserSelected = projects.length === 0 || projects.includes('browser');

// Browser tests are never skipped quietly: without Chromium the run fails with the fix.
if (browserSelected && !findChromium()) {
  console.error(
    'The browser tests need Chromium and none was found (/usr/bin/chromium or CHROMIUM_PATH).\n' +
      'Install it with: apt-get install -y --no-install-recommends chromium fonts-noto-cjk',
  );
  process.exit(1);
}

if (browserSelected && !buildWebIfStale()) process.exit(1);

const vitest = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
process.exit(await runForeground(process.execPath, [vitest, 'run', ...args], { cwd: ROOT }));
