// The floor under the roster's HTTP ÷ SQL ratio: a bare node:http server, no framework, no
// session, no validation, no log, that answers GET /?i=N by running the N-th entry of
// STATEMENTS_FILE (the exact statements of one roster request, side by side as listWorkers runs
// them) on a pg pool and sending the rows as JSON. Run as its own process like the real server,
// with the same V8 flags; prints "listening" once it accepts connections.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import pg from 'pg';

const runs = JSON.parse(readFileSync(process.env.STATEMENTS_FILE ?? '', 'utf8')) as {
  text: string;
  values: unknown[];
}[][];
const pool = new pg.Pool({ connectionString: process.env.PG_URL, max: 4 });
// As listWorkers: dates stay the 'YYYY-MM-DD' text PostgreSQL sends.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format),
};

const server = http.createServer((req, res) => {
  const i = Number(new URL(req.url ?? '/', 'http://floor').searchParams.get('i'));
  const statements = runs[i] ?? [];
  Promise.all(statements.map((st) => pool.query({ text: st.text, values: st.values, types })))
    .then(([page, count]) => {
      const body = JSON.stringify({
        items: page?.rows ?? [],
        total: (count?.rows[0] as { n?: number } | undefined)?.n ?? null,
      });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    })
    .catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
const stop = () => {
  server.close();
  void pool.end().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
