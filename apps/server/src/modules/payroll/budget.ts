// Budget forecast (薪酬预算) and what-if (测算): the current workforce of a unit (active and
// probation workers, their grades, last ratings and qualifications) priced by the same engine as
// the payroll. The forecast takes, for each month of a year, the pay table in force on its first
// day (so a rule that starts mid-year counts from then); the what-if prices everyone under two
// given pay-table versions and lists the largest per-worker changes. The forecast and the
// what-if totals are sums over a unit; the what-if's per-worker lines carry amounts only with
// `worker:pii`, and then leave one audit row (disclosure.ts).
import type {
  BudgetComponents,
  BudgetForecast,
  BudgetQuery,
  WhatIfQuery,
  WhatIfResult,
} from '@cwp/contracts';
import type { MonthlyPay } from '@cwp/core';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { ruleSet } from '../../db/schema-career';
import type { AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import {
  governingResolver,
  loadCandidates,
  storedContent,
  type Candidate,
} from '../rule-sets/resolve';
import { canRead } from '../rule-sets/view';
import { todayIso } from '../workers/mapping';
import { cents, inProbation, loadPayWorkers, monthStart, payCalculator } from './compute';
import { auditPayDisclosure, othersThan, PAY_AMOUNTS_VIEW } from './disclosure';
import { seesAmounts } from './view';

interface Acc {
  basePay: number;
  performancePay: number;
  allowance: number;
  grossPay: number;
  employeeTotal: number;
  employerTotal: number;
  netPay: number;
}

const zero = (): Acc => ({
  basePay: 0,
  performancePay: 0,
  allowance: 0,
  grossPay: 0,
  employeeTotal: 0,
  employerTotal: 0,
  netPay: 0,
});

function add(acc: Acc, p: MonthlyPay, times = 1): void {
  acc.basePay += cents(p.base) * times;
  acc.performancePay += cents(p.performance) * times;
  acc.allowance += cents(p.allowances) * times;
  acc.grossPay += cents(p.gross) * times;
  acc.employeeTotal += cents(p.employeeContributionsTotal) * times;
  acc.employerTotal += cents(p.employerContributionsTotal) * times;
  acc.netPay += cents(p.net) * times;
}

function sumInto(into: Acc, from: Acc): void {
  for (const k of Object.keys(into) as (keyof Acc)[]) into[k] += from[k];
}

function present(acc: Acc): BudgetComponents {
  return {
    basePay: acc.basePay / 100,
    performancePay: acc.performancePay / 100,
    allowance: acc.allowance / 100,
    grossPay: acc.grossPay / 100,
    employeeTotal: acc.employeeTotal / 100,
    employerTotal: acc.employerTotal / 100,
    netPay: acc.netPay / 100,
    totalCost: (acc.grossPay + acc.employerTotal) / 100,
  };
}

async function unitOr404(db: Db, auth: AuthContext, id: number) {
  const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, id));
  if (!unit || !inScope(auth, unit.path)) throw notFound();
  return unit;
}

export async function budgetForecast(
  db: Db,
  auth: AuthContext,
  q: BudgetQuery,
): Promise<BudgetForecast> {
  const unit = await unitOr404(db, auth, q.orgUnitId);
  const months = Array.from(
    { length: 12 },
    (_v, i) => `${q.year}-${String(i + 1).padStart(2, '0')}`,
  );
  const [workers, ...candidateLists] = await Promise.all([
    loadPayWorkers(db, unit.path, q.year, `${q.year}-01-01`),
    ...months.map((m) => loadCandidates(db, 'pay_table', unit.path, monthStart(m))),
  ]);
  const pay = payCalculator();
  const total = zero();
  const skippedIds = new Set<number>();
  const out: BudgetForecast['months'] = months.map((month, i) => {
    const governing = governingResolver(candidateLists[i] ?? []);
    const acc = zero();
    const uses = new Map<number, { rule: Candidate<'pay_table'>; workers: number }>();
    let n = 0;
    for (const w of workers) {
      const rule = governing(w.orgPath);
      if (!rule) {
        skippedIds.add(w.id);
        continue;
      }
      const r = pay(rule, w, inProbation(w, month));
      if (!r.ok) {
        skippedIds.add(w.id);
        continue;
      }
      add(acc, r.pay);
      n++;
      const u = uses.get(rule.id);
      if (u) u.workers++;
      else uses.set(rule.id, { rule, workers: 1 });
    }
    sumInto(total, acc);
    return {
      month,
      workers: n,
      components: present(acc),
      rules: [...uses.values()].map((u) => ({
        ruleSetId: u.rule.id,
        versionNo: u.rule.versionNo,
        name: u.rule.name,
        workers: u.workers,
      })),
    };
  });
  return {
    orgUnitId: unit.id,
    orgUnitName: unit.name,
    year: q.year,
    workers: workers.length,
    skipped: skippedIds.size,
    months: out,
    total: present(total),
  };
}

/** A pay-table version the caller may read (their subtree, or in force above them). */
async function payTableOr404(db: Db, auth: AuthContext, id: number, field: string) {
  const [row] = await db.select().from(ruleSet).where(eq(ruleSet.id, id));
  if (!row || !canRead(auth, row)) throw notFound();
  if (row.kind !== 'pay_table') throw fieldError(field, '所选规则集不是薪酬标准');
  const candidate: Candidate<'pay_table'> = {
    id: row.id,
    kind: 'pay_table',
    orgUnitId: row.orgUnitId,
    orgPath: row.orgPath,
    orgUnitName: '',
    name: row.name,
    versionNo: row.versionNo,
    effectiveFrom: row.effectiveFrom,
    content: storedContent('pay_table', row.content, row.id),
  };
  return candidate;
}

export async function whatIf(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  q: WhatIfQuery,
): Promise<WhatIfResult> {
  const unit = await unitOr404(db, auth, q.orgUnitId);
  const [base, alt] = await Promise.all([
    payTableOr404(db, auth, q.baseRuleSetId, 'baseRuleSetId'),
    payTableOr404(db, auth, q.altRuleSetId, 'altRuleSetId'),
  ]);
  const today = todayIso();
  const month = today.slice(0, 7);
  const workers = await loadPayWorkers(db, unit.path, Number(today.slice(0, 4)), today);
  const pay = payCalculator();
  const accBase = zero();
  const accAlt = zero();
  const changes: { w: (typeof workers)[number]; base: number; alt: number; diff: number }[] = [];
  let skipped = 0;
  let increased = 0;
  let decreased = 0;
  let unchanged = 0;
  for (const w of workers) {
    const probation = inProbation(w, month);
    const a = pay(base, w, probation);
    const b = pay(alt, w, probation);
    if (!a.ok || !b.ok) {
      skipped++;
      continue;
    }
    add(accBase, a.pay);
    add(accAlt, b.pay);
    const diff = cents(b.pay.gross) - cents(a.pay.gross);
    if (diff > 0) increased++;
    else if (diff < 0) decreased++;
    else unchanged++;
    changes.push({ w, base: cents(a.pay.gross), alt: cents(b.pay.gross), diff });
  }
  changes.sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff) || x.w.id - y.w.id);
  const unitNames = new Map<number, string>();
  const top = changes.slice(0, q.top);
  const ids = [...new Set(top.map((c) => c.w.orgUnitId))];
  if (ids.length > 0) {
    const rows = await db
      .select({ id: orgUnit.id, name: orgUnit.name })
      .from(orgUnit)
      .where(inArray(orgUnit.id, ids));
    for (const r of rows) unitNames.set(r.id, r.name);
  }
  const show = seesAmounts(auth);
  if (show) {
    await auditPayDisclosure(db, ctx, {
      action: PAY_AMOUNTS_VIEW,
      view: 'what_if',
      entityType: 'org_unit',
      entityId: unit.id,
      orgPath: unit.path,
      workerIds: othersThan(
        auth,
        top.map((c) => c.w.id),
      ),
      detail: { baseRuleSetId: base.id, altRuleSetId: alt.id },
    });
  }
  const monthlyBase = present(accBase);
  const monthlyAlt = present(accAlt);
  const annual = (acc: Acc) => {
    const y = zero();
    for (const k of Object.keys(y) as (keyof Acc)[]) y[k] = acc[k] * 12;
    return present(y);
  };
  const ref = (c: Candidate<'pay_table'>) => ({
    ruleSetId: c.id,
    versionNo: c.versionNo,
    name: c.name,
  });
  const monthlyDiff = monthlyAlt.totalCost - monthlyBase.totalCost;
  return {
    orgUnitId: unit.id,
    workers: workers.length - skipped,
    skipped,
    base: { ...ref(base), monthly: monthlyBase, annual: annual(accBase) },
    alt: { ...ref(alt), monthly: monthlyAlt, annual: annual(accAlt) },
    monthlyDifference: Math.round(monthlyDiff * 100) / 100,
    annualDifference: Math.round(monthlyDiff * 12 * 100) / 100,
    increased,
    decreased,
    unchanged,
    changes: top.map((c) => ({
      workerId: c.w.id,
      name: c.w.name,
      orgUnitName: unitNames.get(c.w.orgUnitId) ?? '',
      grade: c.w.grade ?? 0,
      base: show ? c.base / 100 : null,
      alt: show ? c.alt / 100 : null,
      difference: show ? c.diff / 100 : null,
    })),
  };
}
