// What payroll screens read: runs in scope (list and detail with totals by component and by
// community), and pay slips. Per-worker amounts go through one presenter that blanks them
// without `worker:pii`, and a list or slip that shows them leaves one audit row (disclosure.ts);
// the worker's own locked slips are always shown in full, unaudited.
import {
  PAYROLL_COMPONENTS,
  type ComponentTotals,
  type PayrollRunDetail,
  type PayrollRunListQuery,
  type PayrollRunView,
  type PayrollSlipDetail,
  type PayrollSlipView,
} from '@cwp/contracts';
import { INSURANCE_KINDS, INSURANCE_LABELS, type InsuranceKind } from '@cwp/core';
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { appUser, orgUnit } from '../../db/schema';
import { ruleSet } from '../../db/schema-career';
import { payrollAdjustment, payrollRun, payrollSlip } from '../../db/schema-payroll';
import type { AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { notFound } from '../../lib/errors';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { isDecider } from '../approvals/policy';
import { eventsOf, latestRequestOf } from '../approvals/view';
import { auditPayDisclosure, othersThan, PAY_AMOUNTS_VIEW } from './disclosure';
import type { RunRow } from './runs';

const num = (v: string | number | null | undefined) =>
  v === null || v === undefined ? 0 : Number(v);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const seesAmounts = (auth: AuthContext) => auth.permissions.has('worker:pii');

function presentRun(r: RunRow, unitName: string, ruleName: string): PayrollRunView {
  const net = num(r.netTotal);
  const adj = num(r.adjustmentTotal);
  return {
    id: r.id,
    orgUnitId: r.orgUnitId,
    orgUnitName: unitName,
    month: r.month,
    status: r.status === 'locked' || r.status === 'submitted' ? r.status : 'draft',
    rule: { ruleSetId: r.ruleSetId, versionNo: r.ruleVersionNo, name: ruleName },
    workerCount: r.workerCount,
    problemCount: Array.isArray(r.problems) ? r.problems.length : 0,
    totals: {
      gross: num(r.grossTotal),
      employee: num(r.employeeTotal),
      employer: num(r.employerTotal),
      net,
      adjustments: adj,
      paid: Math.round((net + adj) * 100) / 100,
    },
    computedAt: r.computedAt.toISOString(),
    submittedAt: iso(r.submittedAt),
    lockedAt: iso(r.lockedAt),
    version: r.version,
  };
}

export async function listRuns(
  db: Db,
  auth: AuthContext,
  q: PayrollRunListQuery,
): Promise<{ items: PayrollRunView[]; total: number }> {
  const where: SQL[] = [scopeToOrgUnits(auth, payrollRun.orgPath)];
  if (q.orgUnitId !== undefined) {
    const [u] = await db.select().from(orgUnit).where(eq(orgUnit.id, q.orgUnitId));
    if (!u || !inScope(auth, u.path)) throw notFound();
    where.push(sql`${payrollRun.orgPath} like ${`${u.path}%`}`);
  }
  if (q.month) where.push(eq(payrollRun.month, q.month));
  if (q.status) where.push(eq(payrollRun.status, q.status));
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    db
      .select({ run: payrollRun, unitName: orgUnit.name, ruleName: ruleSet.name })
      .from(payrollRun)
      .innerJoin(orgUnit, eq(orgUnit.id, payrollRun.orgUnitId))
      .innerJoin(ruleSet, eq(ruleSet.id, payrollRun.ruleSetId))
      .where(cond)
      .orderBy(desc(payrollRun.month), orgUnit.divisionCode)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(payrollRun).where(cond),
  ]);
  return {
    items: rows.map((r) => presentRun(r.run, r.unitName, r.ruleName)),
    total: total?.n ?? 0,
  };
}

const COMPONENT_SQL = sql`
  coalesce(sum(base_pay), 0) as "basePay", coalesce(sum(performance_pay), 0) as "performancePay",
  coalesce(sum(allowance), 0) as "allowance", coalesce(sum(gross_pay), 0) as "grossPay",
  coalesce(sum(employee_total), 0) as "employeeTotal",
  coalesce(sum(employer_total), 0) as "employerTotal", coalesce(sum(net_pay), 0) as "netPay",
  coalesce(sum(adjustment_total), 0) as "adjustmentTotal"`;

type ComponentRow = Record<string, unknown>;

function components(r: ComponentRow | undefined): ComponentTotals {
  const out = {} as ComponentTotals;
  for (const c of PAYROLL_COMPONENTS) out[c] = num(r?.[c] as string | undefined);
  return out;
}

export async function runComponents(db: DbOrTx, runId: number) {
  const [total, byCommunity, rules] = await Promise.all([
    db.execute(sql`select ${COMPONENT_SQL} from payroll_slip where run_id = ${runId}`),
    db.execute<ComponentRow & { org_unit_id: number; name: string; workers: number }>(sql`
      select s.org_unit_id, o.name, count(*)::int as workers, ${COMPONENT_SQL}
        from payroll_slip s join org_unit o on o.id = s.org_unit_id
       where s.run_id = ${runId}
       group by s.org_unit_id, o.name, o.division_code
       order by o.division_code`),
    db.execute<{ rule_set_id: number; version_no: number; name: string; workers: number }>(sql`
      select s.rule_set_id, r.version_no, r.name, count(*)::int as workers
        from payroll_slip s join rule_set r on r.id = s.rule_set_id
       where s.run_id = ${runId}
       group by s.rule_set_id, r.version_no, r.name
       order by workers desc`),
  ]);
  return {
    components: components(total.rows[0]),
    byCommunity: byCommunity.rows.map((r) => ({
      orgUnitId: Number(r.org_unit_id),
      name: r.name,
      workers: r.workers,
      components: components(r),
    })),
    rulesUsed: rules.rows.map((r) => ({
      ruleSetId: Number(r.rule_set_id),
      versionNo: r.version_no,
      name: r.name,
      workers: r.workers,
    })),
  };
}

/** A run in the caller's scope, or 404. */
export async function runInScope(db: DbOrTx, auth: AuthContext, id: number) {
  const [row] = await db
    .select({ run: payrollRun, unitName: orgUnit.name, ruleName: ruleSet.name })
    .from(payrollRun)
    .innerJoin(orgUnit, eq(orgUnit.id, payrollRun.orgUnitId))
    .innerJoin(ruleSet, eq(ruleSet.id, payrollRun.ruleSetId))
    .where(eq(payrollRun.id, id));
  if (!row || !inScope(auth, row.run.orgPath)) throw notFound();
  return row;
}

export async function getRun(db: Db, auth: AuthContext, id: number): Promise<PayrollRunDetail> {
  const row = await runInScope(db, auth, id);
  const run = row.run;
  const [agg, request] = await Promise.all([
    runComponents(db, id),
    latestRequestOf(db, 'payroll_run', id),
  ]);
  const events = request ? await eventsOf(db, request.id) : [];
  const manage = auth.permissions.has('payroll:manage');
  const pending = request?.status === 'pending';
  const problems = Array.isArray(run.problems)
    ? run.problems.flatMap((p: unknown) => {
        if (typeof p !== 'object' || p === null) return [];
        const workerId = Reflect.get(p, 'workerId');
        const name = Reflect.get(p, 'name');
        const message = Reflect.get(p, 'message');
        return typeof workerId === 'number' &&
          typeof name === 'string' &&
          typeof message === 'string'
          ? [{ workerId, name, message }]
          : [];
      })
    : [];
  return {
    ...presentRun(run, row.unitName, row.ruleName),
    problems,
    ...agg,
    approval: request ? { id: request.id, status: request.status, events } : null,
    abilities: {
      recompute: manage && run.status === 'draft',
      adjust: manage && run.status === 'draft',
      submit: manage && run.status === 'draft' && run.workerCount > 0,
      decide:
        run.status === 'submitted' &&
        pending &&
        request.submittedBy !== auth.userId &&
        auth.permissions.has('payroll:approve') &&
        isDecider(auth, request),
      withdraw:
        run.status === 'submitted' && pending && (request.submittedBy === auth.userId || manage),
      exportBank: manage && seesAmounts(auth),
      seeAmounts: seesAmounts(auth),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Slips

type SlipRow = typeof payrollSlip.$inferSelect;

const SLIP_SELECT = {
  slip: payrollSlip,
  month: payrollRun.month,
  runStatus: payrollRun.status,
  runPath: payrollRun.orgPath,
  unitName: orgUnit.name,
  ruleName: ruleSet.name,
};

function presentSlip(
  r: { slip: SlipRow; month: string; unitName: string; ruleName: string },
  show: boolean,
): PayrollSlipView {
  const s = r.slip;
  const net = num(s.netPay);
  const adj = num(s.adjustmentTotal);
  const hide = (v: number) => (show ? v : null);
  return {
    id: s.id,
    runId: s.runId,
    month: r.month,
    workerId: s.workerId,
    workerName: s.workerName,
    orgUnitId: s.orgUnitId,
    orgUnitName: r.unitName,
    post: s.post,
    grade: s.grade,
    payGrade: s.payGrade,
    probation: s.probation,
    rating: s.rating,
    ratingYear: s.ratingYear,
    rule: { ruleSetId: s.ruleSetId, versionNo: s.ruleVersionNo, name: r.ruleName },
    gross: hide(num(s.grossPay)),
    employee: hide(num(s.employeeTotal)),
    net: hide(net),
    adjustments: hide(adj),
    paid: hide(Math.round((net + adj) * 100) / 100),
    amountsMasked: !show,
  };
}

const SNAKE: Record<InsuranceKind, keyof SlipRow> = {
  pension: 'eePension',
  medical: 'eeMedical',
  unemployment: 'eeUnemployment',
  workInjury: 'eeWorkInjury',
  maternity: 'eeMaternity',
  housingFund: 'eeHousingFund',
};
const SNAKE_ER: Record<InsuranceKind, keyof SlipRow> = {
  pension: 'erPension',
  medical: 'erMedical',
  unemployment: 'erUnemployment',
  workInjury: 'erWorkInjury',
  maternity: 'erMaternity',
  housingFund: 'erHousingFund',
};
const CODE: Record<InsuranceKind, string> = {
  pension: 'pension',
  medical: 'medical',
  unemployment: 'unemployment',
  workInjury: 'work_injury',
  maternity: 'maternity',
  housingFund: 'housing_fund',
};

type Line = PayrollSlipDetail['lines'][number];

/** The slip's lines in core's order (payLine codes and labels), adjustments after net pay. */
export function slipLines(
  s: SlipRow,
  adjustments: { amount: string; reason: string; correctsMonth: string | null }[],
  show: boolean,
): Line[] {
  const a = (v: unknown) => (show ? num(v as string) : null);
  const lines: Line[] = [
    { code: 'base_pay', label: '基本工资', amount: a(s.basePay), kind: 'earning' },
    { code: 'performance_pay', label: '绩效工资', amount: a(s.performancePay), kind: 'earning' },
  ];
  if (num(s.allowance) !== 0)
    lines.push({
      code: 'qualification_allowance',
      label: '职业资格津贴',
      amount: a(s.allowance),
      kind: 'earning',
    });
  lines.push({ code: 'gross_pay', label: '应发工资', amount: a(s.grossPay), kind: 'total' });
  for (const k of INSURANCE_KINDS)
    lines.push({
      code: `employee_${CODE[k]}`,
      label: `个人缴纳${INSURANCE_LABELS[k]}`,
      amount: a(s[SNAKE[k]]),
      kind: 'deduction',
    });
  lines.push({ code: 'net_pay', label: '实发工资', amount: a(s.netPay), kind: 'net' });
  adjustments.forEach((x, i) =>
    lines.push({
      code: `adjustment_${i + 1}`,
      label: x.correctsMonth ? `调整：${x.reason}（更正 ${x.correctsMonth}）` : `调整：${x.reason}`,
      amount: a(x.amount),
      kind: 'adjustment',
    }),
  );
  if (adjustments.length > 0)
    lines.push({
      code: 'paid',
      label: '实发合计',
      amount: show ? Math.round((num(s.netPay) + num(s.adjustmentTotal)) * 100) / 100 : null,
      kind: 'net',
    });
  for (const k of INSURANCE_KINDS)
    lines.push({
      code: `employer_${CODE[k]}`,
      label: `单位缴纳${INSURANCE_LABELS[k]}`,
      amount: a(s[SNAKE_ER[k]]),
      kind: 'employer',
    });
  return lines;
}

export async function listSlips(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  runId: number,
  q: { q?: string | undefined; page: number; pageSize: number },
): Promise<{ items: PayrollSlipView[]; total: number }> {
  const { run } = await runInScope(db, auth, runId);
  const where = and(
    eq(payrollSlip.runId, runId),
    scopeToOrgUnits(auth, payrollSlip.orgPath),
    q.q ? sql`${payrollSlip.workerName} like ${`%${q.q.replace(/[\\%_]/g, '\\$&')}%`}` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select(SLIP_SELECT)
      .from(payrollSlip)
      .innerJoin(payrollRun, eq(payrollRun.id, payrollSlip.runId))
      .innerJoin(orgUnit, eq(orgUnit.id, payrollSlip.orgUnitId))
      .innerJoin(ruleSet, eq(ruleSet.id, payrollSlip.ruleSetId))
      .where(where)
      .orderBy(payrollSlip.orgPath, payrollSlip.workerId)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(payrollSlip).where(where),
  ]);
  const show = seesAmounts(auth);
  if (show) {
    await auditPayDisclosure(db, ctx, {
      action: PAY_AMOUNTS_VIEW,
      view: 'slip_list',
      entityType: 'payroll_run',
      entityId: run.id,
      orgPath: run.orgPath,
      workerIds: othersThan(
        auth,
        rows.map((r) => r.slip.workerId),
      ),
      detail: { month: run.month, page: q.page },
    });
  }
  return { items: rows.map((r) => presentSlip(r, show)), total: total?.n ?? 0 };
}

async function slipDetail(
  db: DbOrTx,
  where: SQL,
  allow: (r: { slip: SlipRow; runStatus: string; runPath: string }) => boolean,
  show: boolean,
): Promise<{ detail: PayrollSlipDetail; orgPath: string }> {
  const [row] = await db
    .select(SLIP_SELECT)
    .from(payrollSlip)
    .innerJoin(payrollRun, eq(payrollRun.id, payrollSlip.runId))
    .innerJoin(orgUnit, eq(orgUnit.id, payrollSlip.orgUnitId))
    .innerJoin(ruleSet, eq(ruleSet.id, payrollSlip.ruleSetId))
    .where(where);
  if (!row || !allow(row)) throw notFound();
  const adjustments = await db
    .select({
      amount: payrollAdjustment.amount,
      reason: payrollAdjustment.reason,
      correctsMonth: payrollAdjustment.correctsMonth,
    })
    .from(payrollAdjustment)
    .where(
      and(
        eq(payrollAdjustment.runId, row.slip.runId),
        eq(payrollAdjustment.workerId, row.slip.workerId),
      ),
    )
    .orderBy(payrollAdjustment.id);
  const detail: PayrollSlipDetail = {
    ...presentSlip(row, show),
    lines: slipLines(row.slip, adjustments, show),
    notes: row.slip.notes.split('\n').filter(Boolean),
    adjustmentItems: adjustments.map((x) => ({
      amount: show ? num(x.amount) : null,
      reason: x.reason,
      correctsMonth: x.correctsMonth,
    })),
  };
  return { detail, orgPath: row.slip.orgPath };
}

/** HR: a slip of a run in scope; with its amounts (worker:pii) it is audited. */
export async function getSlip(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
): Promise<PayrollSlipDetail> {
  const show = seesAmounts(auth);
  const { detail, orgPath } = await slipDetail(
    db,
    eq(payrollSlip.id, id),
    (r) => inScope(auth, r.runPath) && inScope(auth, r.slip.orgPath),
    show,
  );
  if (show) {
    await auditPayDisclosure(db, ctx, {
      action: PAY_AMOUNTS_VIEW,
      view: 'slip',
      entityType: 'worker',
      entityId: detail.workerId,
      orgPath,
      workerIds: othersThan(auth, [detail.workerId]),
      detail: { runId: detail.runId, slipId: detail.id, month: detail.month },
    });
  }
  return detail;
}

/** Self-service: the worker's own slips of locked months, newest first, amounts in full. */
export async function mySlips(db: Db, auth: AuthContext): Promise<{ items: PayrollSlipView[] }> {
  if (auth.workerId === null) return { items: [] };
  const rows = await db
    .select(SLIP_SELECT)
    .from(payrollSlip)
    .innerJoin(payrollRun, eq(payrollRun.id, payrollSlip.runId))
    .innerJoin(orgUnit, eq(orgUnit.id, payrollSlip.orgUnitId))
    .innerJoin(ruleSet, eq(ruleSet.id, payrollSlip.ruleSetId))
    .where(and(eq(payrollSlip.workerId, auth.workerId), eq(payrollRun.status, 'locked')))
    .orderBy(desc(payrollRun.month))
    .limit(120);
  return { items: rows.map((r) => presentSlip(r, true)) };
}

export async function mySlip(db: Db, auth: AuthContext, id: number): Promise<PayrollSlipDetail> {
  const workerId = auth.workerId;
  const { detail } = await slipDetail(
    db,
    eq(payrollSlip.id, id),
    (r) => workerId !== null && r.slip.workerId === workerId && r.runStatus === 'locked',
    true,
  );
  return detail;
}

/** Display name of a user id, for adjustment lists. */
export async function userNames(db: DbOrTx, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: appUser.id, name: appUser.displayName })
    .from(appUser)
    .where(sql`${appUser.id} = any(${sql.param(ids)}::bigint[])`);
  return new Map(rows.map((r) => [r.id, r.name]));
}
