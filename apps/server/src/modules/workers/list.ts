// The roster query: scoped to the caller's subtree, filtered, sorted with a keyset cursor so deep
// pages cost the same as the first. Used by the roster API and, unpaged, by the Excel export.
import { normalizeIdNumber } from '@cwp/core';
import type { WorkerListQuery, WorkerSummary } from '@cwp/contracts';
import { and, asc, eq, gte, lte, sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { orgUnit, worker } from '../../db/schema';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { escapeLike } from '../org-units/service';
import { presentSummary, todayIso } from './mapping';

export type WorkerFilter = Omit<
  WorkerListQuery,
  'page' | 'pageSize' | 'cursor' | 'withTotal' | 'sort'
>;

const SORT_COLUMNS: Record<WorkerListQuery['sort'], AnyColumn> = {
  unit: worker.orgPath,
  name: worker.name,
  hireDate: worker.hireDate,
  birthDate: worker.birthDate,
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

async function unitPathOf(db: Db, id: number, units?: UnitPaths): Promise<string | null> {
  const known = units?.unitPath(id);
  if (known !== undefined) return known;
  const [unit] = await db.select({ path: orgUnit.path }).from(orgUnit).where(eq(orgUnit.id, id));
  if (unit) units?.setUnitPath(id, unit.path);
  return unit?.path ?? null;
}

/** WHERE conditions for a roster filter, always starting with the caller's data scope. */
export async function workerConditions(
  db: Db,
  auth: AuthContext,
  pii: Pii,
  f: WorkerFilter,
  units?: UnitPaths,
): Promise<SQL[]> {
  const where: SQL[] = [scopeToOrgUnits(auth, worker.orgPath)];
  if (f.orgUnitId !== undefined) {
    const path = await unitPathOf(db, f.orgUnitId, units);
    if (path === null || !inScope(auth, path)) throw notFound();
    where.push(sql`${worker.orgPath} like ${`${path}%`}`);
  }
  if (f.q) {
    const q = normalizeIdNumber(f.q);
    if (/^\d{17}[\dX]$/.test(q))
      where.push(eq(worker.idNumberHash, pii.blindIndex('id_number', q)));
    else if (/^1\d{10}$/.test(q)) where.push(eq(worker.phoneHash, pii.blindIndex('phone', q)));
    else where.push(sql`${worker.name} like ${`%${escapeLike(f.q)}%`}`);
  }
  if (f.category) where.push(eq(worker.category, f.category));
  if (f.post) where.push(eq(worker.post, f.post));
  if (f.status) where.push(eq(worker.status, f.status));
  if (f.gradeMin !== undefined) where.push(gte(worker.grade, f.gradeMin));
  if (f.gradeMax !== undefined) where.push(lte(worker.grade, f.gradeMax));
  if (f.education) where.push(eq(worker.education, f.education));
  if (f.politicalStatus) where.push(eq(worker.politicalStatus, f.politicalStatus));
  if (f.qualification) where.push(eq(worker.qualification, f.qualification));
  const today = todayIso();
  // Age N means born after (today − N − 1 years) and on or before (today − N years).
  if (f.ageMin !== undefined) where.push(lte(worker.birthDate, shiftYears(today, -f.ageMin)));
  if (f.ageMax !== undefined)
    where.push(sql`${worker.birthDate} > ${shiftYears(today, -(f.ageMax + 1))}`);
  return where;
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

export const summaryColumns = { orgUnitName: orgUnit.name };

/** The columns a roster row shows (and the keyset needs); never the encrypted ones. */
const rosterColumns = {
  id: worker.id,
  name: worker.name,
  sex: worker.sex,
  birthDate: worker.birthDate,
  idNumberMasked: worker.idNumberMasked,
  phoneMasked: worker.phoneMasked,
  orgUnitId: worker.orgUnitId,
  orgPath: worker.orgPath,
  category: worker.category,
  post: worker.post,
  grade: worker.grade,
  status: worker.status,
  education: worker.education,
  politicalStatus: worker.politicalStatus,
  qualification: worker.qualification,
  hireDate: worker.hireDate,
  version: worker.version,
};

export async function listWorkers(
  db: Db,
  auth: AuthContext,
  pii: Pii,
  q: WorkerListQuery,
  units?: UnitPaths,
): Promise<{ items: WorkerSummary[]; total: number | null; nextCursor: string | null }> {
  const where = await workerConditions(db, auth, pii, q, units);
  const sortCol = SORT_COLUMNS[q.sort];
  const pageWhere = [...where];
  if (q.cursor) {
    const [value, id] = decodeCursor(q.cursor);
    pageWhere.push(
      value === null
        ? sql`(${sortCol} is null and ${worker.id} > ${id})`
        : sql`(${sortCol}, ${worker.id}) > (${value}, ${id})`,
    );
  }
  const rowsQuery = db
    .select({ w: rosterColumns, orgUnitName: orgUnit.name })
    .from(worker)
    .innerJoin(orgUnit, eq(orgUnit.id, worker.orgUnitId))
    .where(and(...pageWhere))
    .orderBy(asc(sortCol), asc(worker.id))
    .limit(q.pageSize + 1);
  if (!q.cursor && q.page > 1) rowsQuery.offset((q.page - 1) * q.pageSize);
  const [rows, total] = await Promise.all([
    rowsQuery,
    q.withTotal
      ? db
          .select({ n: sql<number>`count(*)::int` })
          .from(worker)
          .where(and(...where))
          .then((r) => r[0]?.n ?? 0)
      : Promise.resolve(null),
  ]);
  const page = rows.slice(0, q.pageSize);
  const last = page[page.length - 1];
  const today = todayIso();
  return {
    items: page.map((r) => presentSummary({ ...r.w, orgUnitName: r.orgUnitName }, today)),
    total,
    nextCursor:
      rows.length > q.pageSize && last ? encodeCursor(sortValue(last.w, q.sort), last.w.id) : null,
  };
}

function sortValue(
  w: Pick<typeof worker.$inferSelect, 'orgPath' | 'name' | 'hireDate' | 'birthDate'>,
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
