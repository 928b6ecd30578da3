// `npm start`: build the web app if its sources changed since the last build, then run the server
// in the foreground (embedded PostgreSQL under ./data unless DATABASE_URL is set). Ctrl-C or
// SIGTERM stops the server cleanly; its exit code becomes ours.
import { buildWebIfStale, ROOT, runForeground } from './lib.mjs';

if (!buildWebIfStale()) {
  console.error('Not starting: fix the web build above (or run `npm run build`) and try again.');
  process.exit(1);
}

const env = { ...process.env, PORT: process.env.PORT || '3000' };
const code = await runForeground(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
  cwd: ROOT,
  env,
});
process.exit(code);
