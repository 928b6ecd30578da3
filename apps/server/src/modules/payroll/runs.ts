// Payroll runs (工资核算): create (one subdistrict and month, or every subdistrict of a district
// or higher at once), recompute while draft, and the totals. Each run is computed in one
// transaction on a client of its own so the slips can be written with COPY; the run stores the
// pay-table version governing its subdistrict, each slip the version governing its worker's unit.
// A locked month never changes: a second run or a recompute for it is refused.
import type { CreatePayrollRunBody } from '@cwp/contracts';
import { drizzle } from 'drizzle-orm/node-postgres';
import { and, eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Db, DbOrTx, Tx } from '../../db/client';
import * as schema from '../../db/schema';
import { orgUnit } from '../../db/schema';
import { payrollRun } from '../../db/schema-payroll';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { governingResolver, loadCandidates, pathIds, type Candidate } from '../rule-sets/resolve';
import { todayIso } from '../workers/mapping';
import {
  copySlipSink,
  inProbation,
  loadPayWorkers,
  monthStart,
  payCalculator,
  type SlipSink,
} from './compute';

export type RunRow = typeof payrollRun.$inferSelect;

/** Problems kept per run; the count beyond is reported, not listed. */
const MAX_PROBLEMS = 500;

export const STATUS_ZH: Record<string, string> = {
  draft: '草稿',
  submitted: '审批中',
  locked: '已锁定',
};

export function lockedMessage(unitName: string, month: string): string {
  return `${unitName} ${month} 的工资已审批锁定，不能再次核算或修改；如需更正，请在以后月份的核算中添加调整项`;
}

/** Runs its body in a transaction on a pooled client of its own (COPY needs the raw client). */
export async function onOwnClient<T>(
  pool: pg.Pool,
  body: (tx: Db, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const tx: Db = drizzle(client, { schema });
    const result = await body(tx, client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** No month later than next month: a payroll is computed for the current or a past month. */
function checkMonth(month: string): void {
  const today = todayIso();
  const y = Number(today.slice(0, 4));
  const mo = Number(today.slice(5, 7));
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  if (month > next) throw fieldError('month', `不能核算 ${next} 以后月份的工资`);
}

interface RunTarget {
  runId: number;
  unitId: number;
  unitName: string;
  path: string;
}

export interface ComputeStats {
  workers: number;
  problems: { workerId: number; name: string; message: string }[];
  problemCount: number;
}

/**
 * Computes and writes the slips of every target run from the workers under `rootPath`; each
 * worker belongs to the target whose subdistrict is on its path. Returns the stats per run.
 */
export async function computeSlips(
  tx: DbOrTx,
  sinkFor: () => SlipSink,
  rootPath: string,
  month: string,
  targets: readonly RunTarget[],
  candidates: readonly Candidate<'pay_table'>[],
): Promise<Map<number, ComputeStats>> {
  const year = Number(month.slice(0, 4));
  const workers = await loadPayWorkers(tx, rootPath, year, monthStart(month));
  // Opened only now: while COPY runs, the client takes no other query.
  const sink = sinkFor();
  const governing = governingResolver(candidates);
  const pay = payCalculator();
  const byUnit = new Map(targets.map((t) => [t.unitId, t]));
  const stats = new Map<number, ComputeStats>(
    targets.map((t) => [t.runId, { workers: 0, problems: [], problemCount: 0 }]),
  );
  let lastPath = '';
  let lastTarget: RunTarget | undefined;
  for (const w of workers) {
    // Workers come ordered by path: the subdistrict lookup changes only between units.
    if (w.orgPath !== lastPath) {
      lastPath = w.orgPath;
      lastTarget = undefined;
      for (const id of pathIds(w.orgPath)) {
        const t = byUnit.get(id);
        if (t) {
          lastTarget = t;
          break;
        }
      }
    }
    const target = lastTarget;
    if (!target) continue;
    const s = stats.get(target.runId);
    if (!s) continue;
    const rule = governing(w.orgPath);
    const out = rule
      ? pay(rule, w, inProbation(w, month))
      : { ok: false as const, message: '没有适用的薪酬标准' };
    if (!out.ok) {
      s.problemCount++;
      if (s.problems.length < MAX_PROBLEMS)
        s.problems.push({ workerId: w.id, name: w.name, message: out.message });
      continue;
    }
    if (!rule) continue;
    s.workers++;
    await sink.push({
      runId: target.runId,
      worker: w,
      pay: out.pay,
      probation: out.probation,
      rule,
    });
  }
  await sink.end();
  return stats;
}

/** Totals of the runs from their slips (adjustments included). */
export async function refreshTotals(tx: DbOrTx, runIds: readonly number[]): Promise<void> {
  if (runIds.length === 0) return;
  await tx.execute(sql`
    update payroll_run r
       set worker_count = coalesce(s.n, 0),
           gross_total = coalesce(s.gross, 0),
           employee_total = coalesce(s.employee, 0),
           employer_total = coalesce(s.employer, 0),
           net_total = coalesce(s.net, 0),
           adjustment_total = coalesce(s.adj, 0)
      from (select x.id, s.n, s.gross, s.employee, s.employer, s.net, s.adj
              from unnest(${sql.param([...runIds])}::bigint[]) as x(id)
              left join (select run_id, count(*)::int as n, sum(gross_pay) as gross,
                                sum(employee_total) as employee, sum(employer_total) as employer,
                                sum(net_pay) as net, sum(adjustment_total) as adj
                           from payroll_slip
                          where run_id = any(${sql.param([...runIds])}::bigint[])
                          group by run_id) s on s.run_id = x.id) s
     where r.id = s.id`);
}

async function unitOr404(db: DbOrTx, auth: AuthContext | null, id: number) {
  const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, id));
  if (!unit || (auth && !inScope(auth, unit.path))) throw notFound();
  return unit;
}

async function lockUnitMonth(tx: DbOrTx, unitId: number, month: string): Promise<void> {
  // Two creations of the same unit and month wait for each other instead of racing the unique key.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`payroll:${unitId}:${month}`}, 0))`,
  );
}

function existingRunError(run: RunRow, unitName: string): AppError {
  if (run.status === 'locked') {
    const message = lockedMessage(unitName, run.month);
    return new AppError('CONFLICT', [{ path: 'month', message }], message);
  }
  const message = `${unitName} ${run.month} 已有工资核算（${STATUS_ZH[run.status] ?? run.status}），请在该核算上重新计算`;
  return new AppError('DUPLICATE', [{ path: 'month', message }], message);
}

/** One run for a subdistrict and month. */
export async function createRun(
  deps: { pool: pg.Pool },
  auth: AuthContext,
  ctx: AuditContext,
  body: CreatePayrollRunBody,
): Promise<number> {
  checkMonth(body.month);
  return onOwnClient(deps.pool, async (tx, client) => {
    const unit = await unitOr404(tx, auth, body.orgUnitId);
    if (unit.level !== 'subdistrict') {
      throw fieldError('orgUnitId', '工资按街道（乡镇）核算，请选择一个街道');
    }
    if (!unit.active) throw fieldError('orgUnitId', '该街道已停用');
    await lockUnitMonth(tx, unit.id, body.month);
    const [existing] = await tx
      .select()
      .from(payrollRun)
      .where(and(eq(payrollRun.orgUnitId, unit.id), eq(payrollRun.month, body.month)));
    if (existing) throw existingRunError(existing, unit.name);
    const candidates = await loadCandidates(tx, 'pay_table', unit.path, monthStart(body.month));
    const rule = governingResolver(candidates)(unit.path);
    if (!rule) {
      throw fieldError('month', `${unit.name} 在 ${body.month} 没有生效的薪酬标准，请先制定并审批`);
    }
    const now = new Date();
    const [run] = await tx
      .insert(payrollRun)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        month: body.month,
        ruleSetId: rule.id,
        ruleVersionNo: rule.versionNo,
        computedAt: now,
        computedBy: auth.userId,
        createdBy: auth.userId,
      })
      .returning();
    if (!run) throw new AppError('INTERNAL');
    const stats = await computeSlips(
      tx,
      () => copySlipSink(client),
      unit.path,
      body.month,
      [{ runId: run.id, unitId: unit.id, unitName: unit.name, path: unit.path }],
      candidates,
    );
    const s = stats.get(run.id);
    await tx
      .update(payrollRun)
      .set({ problems: s?.problems ?? [] })
      .where(eq(payrollRun.id, run.id));
    await refreshTotals(tx, [run.id]);
    const [after] = await tx.select().from(payrollRun).where(eq(payrollRun.id, run.id));
    await writeAudit(tx, ctx, [
      {
        action: 'payroll_run.create',
        entityType: 'payroll_run',
        entityId: run.id,
        orgPath: unit.path,
        changes: {
          orgUnitId: unit.id,
          month: body.month,
          ruleSetId: rule.id,
          ruleVersionNo: rule.versionNo,
          workers: s?.workers ?? 0,
          problems: s?.problemCount ?? 0,
          grossTotal: after?.grossTotal,
          netTotal: after?.netTotal,
        },
      },
    ]);
    return run.id;
  });
}

export interface BatchResult {
  created: { runId: number; orgUnitId: number; name: string; workers: number }[];
  skipped: { orgUnitId: number; name: string; reason: string }[];
  workers: number;
}

/**
 * Runs for every active subdistrict under a unit (district or higher) that has no run for the
 * month yet, in one transaction and one COPY. Subdistricts with a run, or without a pay table in
 * force, are skipped and listed. `auth` null is the system (benchmark).
 */
export async function createRunsUnder(
  deps: { pool: pg.Pool },
  auth: AuthContext | null,
  ctx: AuditContext,
  body: CreatePayrollRunBody,
): Promise<BatchResult> {
  checkMonth(body.month);
  return onOwnClient(deps.pool, async (tx, client) => {
    const root = await unitOr404(tx, auth, body.orgUnitId);
    await lockUnitMonth(tx, root.id, body.month);
    const subs = await tx
      .select({ id: orgUnit.id, name: orgUnit.name, path: orgUnit.path })
      .from(orgUnit)
      .where(
        and(
          sql`${orgUnit.path} like ${`${root.path}%`}`,
          eq(orgUnit.level, 'subdistrict'),
          eq(orgUnit.active, true),
        ),
      );
    if (subs.length === 0) throw fieldError('orgUnitId', '该单位下没有街道');
    const existing = await tx
      .select({ orgUnitId: payrollRun.orgUnitId, status: payrollRun.status })
      .from(payrollRun)
      .where(
        and(sql`${payrollRun.orgPath} like ${`${root.path}%`}`, eq(payrollRun.month, body.month)),
      );
    const taken = new Map(existing.map((e) => [e.orgUnitId, e.status]));
    const candidates = await loadCandidates(tx, 'pay_table', root.path, monthStart(body.month));
    const governing = governingResolver(candidates);
    const skipped: BatchResult['skipped'] = [];
    const planned: { sub: (typeof subs)[number]; rule: Candidate<'pay_table'> }[] = [];
    for (const sub of subs) {
      const status = taken.get(sub.id);
      if (status) {
        skipped.push({
          orgUnitId: sub.id,
          name: sub.name,
          reason:
            status === 'locked'
              ? lockedMessage(sub.name, body.month)
              : `已有工资核算（${STATUS_ZH[status] ?? status}）`,
        });
        continue;
      }
      const rule = governing(sub.path);
      if (!rule) {
        skipped.push({ orgUnitId: sub.id, name: sub.name, reason: '没有生效的薪酬标准' });
        continue;
      }
      planned.push({ sub, rule });
    }
    if (planned.length === 0) {
      throw new AppError(
        'CONFLICT',
        [{ path: 'month', message: '没有可核算的街道' }],
        `${root.name} 下各街道 ${body.month} 均已核算或没有生效的薪酬标准`,
      );
    }
    const now = new Date();
    const inserted = await tx
      .insert(payrollRun)
      .values(
        planned.map(({ sub, rule }) => ({
          orgUnitId: sub.id,
          orgPath: sub.path,
          month: body.month,
          ruleSetId: rule.id,
          ruleVersionNo: rule.versionNo,
          computedAt: now,
          computedBy: auth?.userId ?? null,
          createdBy: auth?.userId ?? null,
        })),
      )
      .returning({ id: payrollRun.id, orgUnitId: payrollRun.orgUnitId });
    const runOf = new Map(inserted.map((r) => [r.orgUnitId, r.id]));
    const targets = planned.map(({ sub }) => ({
      runId: runOf.get(sub.id) ?? 0,
      unitId: sub.id,
      unitName: sub.name,
      path: sub.path,
    }));
    const stats = await computeSlips(
      tx,
      () => copySlipSink(client),
      root.path,
      body.month,
      targets,
      candidates,
    );
    const withProblems = targets.filter((t) => (stats.get(t.runId)?.problemCount ?? 0) > 0);
    if (withProblems.length > 0) {
      await tx.execute(sql`
        update payroll_run r set problems = p.problems::jsonb
          from unnest(${sql.param(withProblems.map((t) => t.runId))}::bigint[],
                      ${sql.param(withProblems.map((t) => JSON.stringify(stats.get(t.runId)?.problems ?? [])))}::text[])
               as p(id, problems)
         where r.id = p.id`);
    }
    const ids = targets.map((t) => t.runId);
    await refreshTotals(tx, ids);
    const created = targets.map((t) => ({
      runId: t.runId,
      orgUnitId: t.unitId,
      name: t.unitName,
      workers: stats.get(t.runId)?.workers ?? 0,
    }));
    const workers = created.reduce((n, c) => n + c.workers, 0);
    await writeAudit(tx, ctx, [
      {
        action: 'payroll_run.create_batch',
        entityType: 'org_unit',
        entityId: root.id,
        orgPath: root.path,
        changes: {
          month: body.month,
          runs: ids,
          workers,
          skipped: skipped.length,
          ruleSets: [...new Set(planned.map((p) => `${p.rule.id}@${p.rule.versionNo}`))],
        },
      },
    ]);
    return { created, skipped, workers };
  });
}

/** Locks a run in the caller's scope for change; 404 outside it, 409 on a stale version. */
export async function lockRun(
  tx: Tx | Db,
  auth: AuthContext,
  id: number,
  version?: number,
): Promise<RunRow & { unitName: string }> {
  const [row] = await tx
    .select({ run: payrollRun, unitName: orgUnit.name })
    .from(payrollRun)
    .innerJoin(orgUnit, eq(orgUnit.id, payrollRun.orgUnitId))
    .where(eq(payrollRun.id, id))
    .for('update', { of: payrollRun });
  if (!row || !inScope(auth, row.run.orgPath)) throw notFound();
  if (version !== undefined && row.run.version !== version) throw new AppError('CONFLICT');
  return { ...row.run, unitName: row.unitName };
}

/** A run that must still be a draft, with the locked month's message otherwise. */
export function assertDraft(run: RunRow & { unitName: string }, action: string): void {
  if (run.status === 'locked') {
    const message = lockedMessage(run.unitName, run.month);
    throw new AppError('CONFLICT', [{ path: 'status', message }], message);
  }
  if (run.status !== 'draft') {
    const message = `该核算${STATUS_ZH[run.status] ?? run.status}，不能${action}`;
    throw new AppError('CONFLICT', [{ path: 'status', message }], message);
  }
}

/** Recomputes a draft run from today's workers, ratings and rules; adjustments are kept. */
export async function recomputeRun(
  deps: { pool: pg.Pool },
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
): Promise<void> {
  await onOwnClient(deps.pool, async (tx, client) => {
    const run = await lockRun(tx, auth, id, version);
    assertDraft(run, '重新计算');
    const candidates = await loadCandidates(tx, 'pay_table', run.orgPath, monthStart(run.month));
    const rule = governingResolver(candidates)(run.orgPath);
    if (!rule) {
      throw fieldError('month', `${run.unitName} 在 ${run.month} 没有生效的薪酬标准`);
    }
    await tx.execute(sql`delete from payroll_slip where run_id = ${id}`);
    const stats = await computeSlips(
      tx,
      () => copySlipSink(client),
      run.orgPath,
      run.month,
      [{ runId: id, unitId: run.orgUnitId, unitName: run.unitName, path: run.orgPath }],
      candidates,
    );
    // Adjustments of workers no longer in the run have nothing to apply to.
    const orphans = await tx.execute<{ id: number; worker_id: number; amount: string }>(sql`
      delete from payroll_adjustment a
       where a.run_id = ${id}
         and not exists (select 1 from payroll_slip s where s.run_id = a.run_id and s.worker_id = a.worker_id)
      returning a.id, a.worker_id, a.amount`);
    await applyAdjustmentTotals(tx, id);
    const s = stats.get(id);
    await tx
      .update(payrollRun)
      .set({
        ruleSetId: rule.id,
        ruleVersionNo: rule.versionNo,
        problems: s?.problems ?? [],
        computedAt: new Date(),
        computedBy: auth.userId,
        version: run.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(payrollRun.id, id));
    await refreshTotals(tx, [id]);
    const [after] = await tx.select().from(payrollRun).where(eq(payrollRun.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'payroll_run.recompute',
        entityType: 'payroll_run',
        entityId: id,
        orgPath: run.orgPath,
        changes: {
          rule: {
            from: `${run.ruleSetId}@${run.ruleVersionNo}`,
            to: `${rule.id}@${rule.versionNo}`,
          },
          workers: { from: run.workerCount, to: s?.workers ?? 0 },
          grossTotal: { from: run.grossTotal, to: after?.grossTotal },
          droppedAdjustments: orphans.rows.map((o) => ({
            id: Number(o.id),
            workerId: Number(o.worker_id),
            amount: o.amount,
          })),
        },
      },
    ]);
  });
}

/** Each slip's adjustment_total from the run's adjustments. */
export async function applyAdjustmentTotals(tx: DbOrTx, runId: number): Promise<void> {
  await tx.execute(sql`
    update payroll_slip s
       set adjustment_total = coalesce((select sum(a.amount) from payroll_adjustment a
                                         where a.run_id = s.run_id and a.worker_id = s.worker_id), 0)
     where s.run_id = ${runId}`);
}
