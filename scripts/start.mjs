// `npm start`: build the web app if its sources changed since the last build, then run the server
// in the foreground (embedded PostgreSQL under ./data unless DATABASE_URL is set). Ctrl-C or
// SIGTERM stops the server cleanly; its exit code becomes ours.
import { buildWebIfStale, ROOT, runForeground } from './lib.mjs';

if (!buildWebIfStale()) {
  console.error('Not starting: fix the web build above (or run `npm run build`) and try again.');
  process.exit(1);
}

const env = { ...process.env, PORT: process.env.PORT || '3000' };
// A 1 GiB old-generation limit: ten times what a 100,000-row import keeps alive (~100 MiB), and
// with it V8 lets the heap grow ~1.6× past the live objects between full collections instead of
// the 4× it allows at Node's default limit on a large machine; that is what holds the import under
// its 600 MB memory target (docs/PERFORMANCE.md). A 32 MiB young-generation semi-space (Node 20's
// default is 16) halves the scavenges of allocation-heavy work such as the import: 6–9 % less
// wall time for ~25 MiB more peak memory. bench/lib.ts starts the server the same way.
const SERVER_NODE_ARGS = ['--max-old-space-size=1024', '--max-semi-space-size=32'];
const code = await runForeground(
  process.execPath,
  [...SERVER_NODE_ARGS, '--import', 'tsx', 'apps/server/src/main.ts'],
  { cwd: ROOT, env },
);
process.exit(code);
