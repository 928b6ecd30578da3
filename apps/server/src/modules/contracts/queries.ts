// Reads of labour contracts: the scoped list (with the expiring-within filter the reminders and
// the /contracts page use), one worker's history with the proposal for the next contract, and
// the rows of the Excel export. Scope follows the worker's current unit.
import type {
  LaborContractExportQuery,
  LaborContractListQuery,
  LaborContractView,
  WorkerContractsView,
} from '@cwp/contracts';
import { addDays } from '@cwp/core';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import { cappedCount, inOrderOf } from '../../lib/paging';
import { scopeToOrgUnits } from '../../lib/scope';
import { todayIso } from '../workers/mapping';
import { proposalFor, type WorkerRef } from './service';

interface ContractRow extends Record<string, unknown> {
  id: number;
  worker_id: number;
  worker_name: string;
  worker_unit_name: string;
  signing_unit_id: number;
  signing_unit_name: string;
  seq: number;
  previous_id: number | null;
  type: LaborContractView['type'];
  term_months: number | null;
  start_date: string;
  end_date: string | null;
  probation_months: number;
  probation_end: string | null;
  status: LaborContractView['status'];
  termination_date: string | null;
  termination_reason: string | null;
  days_to_expiry: number | null;
  rule_set_id: number | null;
  rule_set_version: number | null;
  rule_set_name: string | null;
  note: string | null;
  version: number;
  created_at: Date | string;
}

const d = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);

function selectContracts(today: string): SQL {
  return sql`
    select c.id, c.worker_id, w.name as worker_name, wu.name as worker_unit_name,
           c.org_unit_id as signing_unit_id, su.name as signing_unit_name, c.seq, c.previous_id,
           c.type, c.term_months, ${d('c.start_date')} as start_date, ${d('c.end_date')} as end_date,
           c.probation_months, ${d('c.probation_end')} as probation_end, c.status,
           ${d('c.termination_date')} as termination_date, c.termination_reason,
           case when c.status = 'active' and c.end_date is not null
                then c.end_date - ${today}::date end as days_to_expiry,
           c.rule_set_id, c.rule_set_version, r.name as rule_set_name, c.note, c.version,
           c.created_at
      from labor_contract c
      join worker w on w.id = c.worker_id
      join org_unit wu on wu.id = w.org_unit_id
      join org_unit su on su.id = c.org_unit_id
      left join rule_set r on r.id = c.rule_set_id`;
}

function present(r: ContractRow): LaborContractView {
  return {
    id: Number(r.id),
    workerId: Number(r.worker_id),
    workerName: r.worker_name,
    workerUnitName: r.worker_unit_name,
    signingUnitId: Number(r.signing_unit_id),
    signingUnitName: r.signing_unit_name,
    seq: r.seq,
    previousId: r.previous_id === null ? null : Number(r.previous_id),
    type: r.type,
    termYears: r.term_months === null ? null : r.term_months / 12,
    startDate: r.start_date,
    endDate: r.end_date,
    probationMonths: r.probation_months,
    probationEnd: r.probation_end,
    status: r.status,
    terminationDate: r.termination_date,
    terminationReason: r.termination_reason,
    daysToExpiry: r.days_to_expiry === null ? null : Number(r.days_to_expiry),
    ruleSet:
      r.rule_set_id === null
        ? null
        : {
            id: Number(r.rule_set_id),
            versionNo: r.rule_set_version ?? 0,
            name: r.rule_set_name ?? '',
          },
    note: r.note,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Path of a unit the caller may see (404 otherwise); the caller's own unit by default. */
export async function unitPathInScope(
  db: DbOrTx,
  auth: AuthContext,
  orgUnitId: number | undefined,
): Promise<{ id: number; path: string; name: string }> {
  const id = orgUnitId ?? auth.orgUnitId;
  const { rows } = await db.execute<{ id: number; path: string; name: string }>(
    sql`select id, path, name from org_unit where id = ${id}`,
  );
  const u = rows[0];
  if (!u || !u.path.startsWith(auth.orgPath)) throw notFound();
  return { id: Number(u.id), path: u.path, name: u.name };
}

async function filters(
  db: DbOrTx,
  auth: AuthContext,
  q: LaborContractExportQuery,
  today: string,
): Promise<SQL> {
  const conds: SQL[] = [scopeToOrgUnits(auth, sql`w.org_path`)];
  if (q.orgUnitId !== undefined) {
    const unit = await unitPathInScope(db, auth, q.orgUnitId);
    conds.push(sql`w.org_path like ${`${unit.path}%`}`);
  }
  if (q.type) conds.push(sql`c.type = ${q.type}`);
  if (q.expiringWithinDays !== undefined) {
    conds.push(sql`c.status = 'active' and c.end_date is not null`);
    conds.push(sql`c.end_date >= ${today}::date`);
    conds.push(sql`c.end_date <= ${today}::date + ${q.expiringWithinDays}::int`);
  } else if (q.status) {
    conds.push(sql`c.status = ${q.status}`);
  }
  if (q.q) conds.push(sql`w.name like ${`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  return sql.join(conds, sql` and `);
}

/**
 * A page of contracts. By default in unit order (the worker's unit path, the worker, the newest
 * contract first): the page walks the scope's workers in the order of their path index and stops
 * after the rows it needs, whatever the scope's size, and the total is counted up to
 * LIST_COUNT_CAP. The expiring list (at most a year of end dates) is ordered by end date: its
 * matching set is found first, planned as a whole (index-only on the expiry index, joined to the
 * scope's workers), then ordered and counted exactly. Walking the expiry index in date order and
 * looking up each contract's worker instead read every expiring contract of the province for a
 * subdistrict (0.5 s on 1,000,000 workers).
 */
export async function listContracts(
  db: DbOrTx,
  auth: AuthContext,
  q: LaborContractListQuery,
): Promise<{ items: LaborContractView[]; total: number; totalCapped: boolean }> {
  const today = todayIso();
  const where = await filters(db, auth, q, today);
  const offset = (q.page - 1) * q.pageSize;
  if (q.expiringWithinDays !== undefined) {
    const { rows } = await db.execute<{ n: number; ids: string[] }>(sql`
      with m as materialized (
        select c.id, c.end_date from labor_contract c join worker w on w.id = c.worker_id
         where ${where})
      select (select count(*)::int from m) as n,
             array(select id from m order by end_date, id limit ${q.pageSize} offset ${offset}) as ids`);
    const ids = (rows[0]?.ids ?? []).map(Number);
    const page = ids.length
      ? await db.execute<ContractRow>(
          sql`${selectContracts(today)} where c.id = any(${sql.param(ids)}::bigint[])`,
        )
      : { rows: [] };
    return {
      items: inOrderOf(ids, page.rows, (r) => Number(r.id)).map(present),
      total: Number(rows[0]?.n ?? 0),
      totalCapped: false,
    };
  }
  const [list, counted] = await Promise.all([
    db.execute<ContractRow>(sql`${selectContracts(today)} where ${where}
      order by w.org_path, w.id, c.seq desc limit ${q.pageSize} offset ${offset}`),
    cappedCount(
      db,
      sql`select 1 from labor_contract c join worker w on w.id = c.worker_id where ${where}`,
    ),
  ]);
  return { items: list.rows.map(present), ...counted };
}

/** Every matching row for the export, bounded. */
export async function exportContracts(
  db: DbOrTx,
  auth: AuthContext,
  q: LaborContractExportQuery,
  limit: number,
): Promise<LaborContractView[]> {
  const today = todayIso();
  const where = await filters(db, auth, q, today);
  const tooMany = () =>
    new AppError(
      'BAD_REQUEST',
      undefined,
      `导出结果超过 ${limit} 条，请按单位或类型缩小范围后再导出`,
    );
  // Too many is found without sorting: a province's 1.4 million contracts used to be sorted in
  // full only to be refused.
  const { totalCapped } = await cappedCount(
    db,
    sql`select 1 from labor_contract c join worker w on w.id = c.worker_id where ${where}`,
    limit,
  );
  if (totalCapped) throw tooMany();
  // Checked again on the rows themselves: contracts recorded since the count must not be cut off.
  const { rows } = await db.execute<ContractRow>(
    sql`${selectContracts(today)} where ${where} order by wu.name, w.name, c.seq limit ${limit + 1}`,
  );
  if (rows.length > limit) throw tooMany();
  return rows.map(present);
}

export async function getContract(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
): Promise<LaborContractView> {
  const { rows } = await db.execute<ContractRow>(
    sql`${selectContracts(todayIso())} where c.id = ${id} and ${scopeToOrgUnits(auth, sql`w.org_path`)}`,
  );
  const r = rows[0];
  if (!r) throw notFound();
  return present(r);
}

/** A worker the caller may see, or 404. */
export async function workerInScope(
  db: DbOrTx,
  auth: AuthContext,
  workerId: number,
): Promise<WorkerRef> {
  const { rows } = await db.execute<{
    id: number;
    name: string;
    org_unit_id: number;
    org_path: string;
  }>(sql`select id, name, org_unit_id, org_path from worker where id = ${workerId}`);
  const r = rows[0];
  if (!r || !r.org_path.startsWith(auth.orgPath)) throw notFound();
  return { id: Number(r.id), name: r.name, orgUnitId: Number(r.org_unit_id), orgPath: r.org_path };
}

export async function workerContracts(
  db: DbOrTx,
  auth: AuthContext,
  workerId: number,
): Promise<WorkerContractsView> {
  const today = todayIso();
  const w = await workerInScope(db, auth, workerId);
  const { rows } = await db.execute<ContractRow>(
    sql`${selectContracts(today)} where c.worker_id = ${w.id} order by c.seq`,
  );
  const contracts = rows.map(present);
  const active = contracts.find((c) => c.status === 'active');
  // The next contract starts after the active one ends, or today when there is none.
  const startDate =
    active?.endDate !== undefined && active.endDate !== null ? addDays(active.endDate, 1) : today;
  let proposal: WorkerContractsView['proposal'] = null;
  if (!active || active.type === 'fixed_term') {
    try {
      const p = await proposalFor(db, w, startDate);
      proposal = {
        type: p.type,
        termYears: p.termYears,
        probationMonths: p.probationMonths,
        startDate,
        reason: p.reason,
        consecutiveFixedTerms: p.consecutiveFixedTerms,
        ruleSet: { id: p.rule.ruleSetId, versionNo: p.rule.versionNo, name: p.rule.name },
      };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
    }
  }
  return { contracts, proposal };
}
