// The roster query: scoped to the caller's subtree, filtered, sorted with a keyset cursor so deep
// pages cost the same as the first. Used by the roster API and, unpaged, by the Excel export.
import { normalizeIdNumber } from '@cwp/core';
import type { WorkerListQuery, WorkerSummary } from '@cwp/contracts';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import { inScope, scopePrefix } from '../../lib/scope';
import { escapeLike } from '../org-units/service';
import { presentSummary, todayIso } from './mapping';

export type WorkerFilter = Omit<
  WorkerListQuery,
  'page' | 'pageSize' | 'cursor' | 'withTotal' | 'sort'
>;

/**
 * Sort keys as SQL (roster statements are written by hand, see `rosterStatements`). Names sort in
 * pinyin order (ICU's Chinese collation, as officials expect: 阿, 李, 王, 张), served by
 * `worker_name_idx` on the same expression.
 */
const SORT_COLUMNS: Record<WorkerListQuery['sort'], string> = {
  unit: 'worker.org_path',
  name: 'worker.name collate "zh-x-icu"',
  hireDate: 'worker.hire_date',
  birthDate: 'worker.birth_date',
};

function shiftYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  return date.toISOString().slice(0, 10);
}

/** Org-unit paths this instance has already read (the session cache keeps them; see AppDeps). */
export interface UnitPaths {
  unitPath(id: number): string | undefined;
  setUnitPath(id: number, path: string): void;
}

/** Anything that runs a parameterised statement: the pool, or a client in a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    config: pg.QueryConfig,
  ): Promise<pg.QueryResult<R>>;
}

async function unitPathOf(db: Queryable, id: number, units?: UnitPaths): Promise<string | null> {
  const known = units?.unitPath(id);
  if (known !== undefined) return known;
  const { rows } = await db.query<{ path: string }>({
    text: 'select path from org_unit where id = $1',
    values: [id],
  });
  const path = rows[0]?.path;
  if (path !== undefined) units?.setUnitPath(id, path);
  return path ?? null;
}

/**
 * One WHERE condition: SQL text whose `?` marks stand for `values`, in order. Columns are written
 * `worker.<column>`, so the same text serves the roster's own statements and the export's Drizzle
 * query. (The roster builds its statements by hand: Drizzle's query builder costs ~0.5 ms per
 * statement, a large share of a 1 ms deep page; see docs/PERFORMANCE.md, roster.)
 */
export interface Clause {
  text: string;
  values: unknown[];
}

const clause = (text: string, ...values: unknown[]): Clause => ({ text, values });

/** Roster filter conditions, always starting with the caller's data scope. */
export async function rosterClauses(
  db: Queryable,
  auth: AuthContext,
  pii: Pii,
  f: WorkerFilter,
  units?: UnitPaths,
): Promise<Clause[]> {
  const where: Clause[] = [clause('worker.org_path like ?', scopePrefix(auth))];
  if (f.orgUnitId !== undefined) {
    const path = await unitPathOf(db, f.orgUnitId, units);
    if (path === null || !inScope(auth, path)) throw notFound();
    where.push(clause('worker.org_path like ?', `${path}%`));
  }
  if (f.q) {
    const q = normalizeIdNumber(f.q);
    if (/^\d{17}[\dX]$/.test(q))
      where.push(clause('worker.id_number_hash = ?', pii.blindIndex('id_number', q)));
    else if (/^1\d{10}$/.test(q))
      where.push(clause('worker.phone_hash = ?', pii.blindIndex('phone', q)));
    else where.push(clause('worker.name like ?', `%${escapeLike(f.q)}%`));
  }
  if (f.category) where.push(clause('worker.category = ?', f.category));
  if (f.post) where.push(clause('worker.post = ?', f.post));
  if (f.status) where.push(clause('worker.status = ?', f.status));
  if (f.gradeMin !== undefined) where.push(clause('worker.grade >= ?', f.gradeMin));
  if (f.gradeMax !== undefined) where.push(clause('worker.grade <= ?', f.gradeMax));
  if (f.education) where.push(clause('worker.education = ?', f.education));
  if (f.politicalStatus) where.push(clause('worker.political_status = ?', f.politicalStatus));
  if (f.qualification) where.push(clause('worker.qualification = ?', f.qualification));
  const today = todayIso();
  // Age N means born after (today − N − 1 years) and on or before (today − N years).
  if (f.ageMin !== undefined)
    where.push(clause('worker.birth_date <= ?', shiftYears(today, -f.ageMin)));
  if (f.ageMax !== undefined)
    where.push(clause('worker.birth_date > ?', shiftYears(today, -(f.ageMax + 1))));
  return where;
}

/** The same conditions as Drizzle SQL (for queries built with Drizzle, e.g. the export). */
export async function workerConditions(
  db: Queryable,
  auth: AuthContext,
  pii: Pii,
  f: WorkerFilter,
  units?: UnitPaths,
): Promise<SQL[]> {
  return (await rosterClauses(db, auth, pii, f, units)).map((c) => {
    const parts = c.text.split('?');
    const chunks: SQL[] = [sql.raw(parts[0] ?? '')];
    parts.slice(1).forEach((part, i) => chunks.push(sql`${c.values[i]}`, sql.raw(part)));
    return sql.join(chunks);
  });
}

/** `a and b and …` with the `?` marks numbered `$n` from `values.length + 1`, pushing the values. */
function renderWhere(clauses: Clause[], values: unknown[]): string {
  return clauses
    .map((c) => {
      let i = 0;
      return c.text.replace(/\?/g, () => {
        values.push(c.values[i++]);
        return `$${values.length}`;
      });
    })
    .join(' and ');
}

export function encodeCursor(value: string | number | null, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string | number | null, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[1] === 'number' &&
      (typeof v[0] === 'string' || typeof v[0] === 'number' || v[0] === null)
    ) {
      return [v[0], v[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', [
    { path: 'cursor', message: '分页游标无效，请从第一页重新查询' },
  ]);
}

/** The columns a roster row shows (and the keyset needs); never the encrypted ones. */
const ROSTER_SELECT = `
  select worker.id, worker.name, worker.sex, worker.birth_date as "birthDate",
         worker.id_number_masked as "idNumberMasked", worker.phone_masked as "phoneMasked",
         worker.org_unit_id as "orgUnitId", worker.org_path as "orgPath", worker.category,
         worker.post, worker.grade, worker.status, worker.education,
         worker.political_status as "politicalStatus", worker.qualification,
         worker.hire_date as "hireDate", worker.version, org_unit.name as "orgUnitName"
    from worker join org_unit on org_unit.id = worker.org_unit_id`;

type RosterRow = Omit<WorkerSummary, 'age'> & { orgPath: string };

/** Dates as the 'YYYY-MM-DD' text PostgreSQL sends (the dossier's string mode), not Date. */
const TYPES = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format),
};

export interface RosterStatements {
  page: { text: string; values: unknown[] };
  count: { text: string; values: unknown[] } | null;
}

/** Exactly the statements `listWorkers` runs for a query (the benchmark times them raw). */
export async function rosterStatements(
  db: Queryable,
  auth: AuthContext,
  pii: Pii,
  q: WorkerListQuery,
  units?: UnitPaths,
): Promise<RosterStatements> {
  const where = await rosterClauses(db, auth, pii, q, units);
  const sortCol = SORT_COLUMNS[q.sort];
  const pageWhere = [...where];
  if (q.cursor) {
    const [value, id] = decodeCursor(q.cursor);
    pageWhere.push(
      value === null
        ? clause(`(${sortCol} is null and worker.id > ?)`, id)
        : clause(`(${sortCol}, worker.id) > (?, ?)`, value, id),
    );
  }
  const pageValues: unknown[] = [];
  let text = `${ROSTER_SELECT}
   where ${renderWhere(pageWhere, pageValues)}
   order by ${sortCol}, worker.id limit ${q.pageSize + 1}`;
  if (!q.cursor && q.page > 1) text += ` offset ${(q.page - 1) * q.pageSize}`;
  let count: RosterStatements['count'] = null;
  if (q.withTotal) {
    const values: unknown[] = [];
    count = {
      text: `select count(*)::int as n from worker where ${renderWhere(where, values)}`,
      values,
    };
  }
  return { page: { text, values: pageValues }, count };
}

export async function listWorkers(
  db: Queryable,
  auth: AuthContext,
  pii: Pii,
  q: WorkerListQuery,
  units?: UnitPaths,
): Promise<{ items: WorkerSummary[]; total: number | null; nextCursor: string | null }> {
  const st = await rosterStatements(db, auth, pii, q, units);
  const [rows, total] = await Promise.all([
    db.query<RosterRow>({ ...st.page, types: TYPES }).then((r) => r.rows),
    st.count
      ? db.query<{ n: number }>(st.count).then((r) => r.rows[0]?.n ?? 0)
      : Promise.resolve(null),
  ]);
  const page = rows.slice(0, q.pageSize);
  const last = page[page.length - 1];
  const today = todayIso();
  return {
    items: page.map((r) => presentSummary(r, today)),
    total,
    nextCursor:
      rows.length > q.pageSize && last ? encodeCursor(sortValue(last, q.sort), last.id) : null,
  };
}

function sortValue(
  w: Pick<RosterRow, 'orgPath' | 'name' | 'hireDate' | 'birthDate'>,
  sort: WorkerListQuery['sort'],
): string | number | null {
  switch (sort) {
    case 'unit':
      return w.orgPath;
    case 'name':
      return w.name;
    case 'hireDate':
      return w.hireDate;
    case 'birthDate':
      return w.birthDate;
  }
}
