// Five insurances and housing fund (五险一金) per worker: effective-dated records per kind (base,
// first participation date, status paying/suspended/stopped), and the monthly contributions of
// the records in force under the pay table in force. Bases and amounts are pay data: null
// without worker:pii; account numbers are masked. Shown in full to anyone but the worker
// themself, they leave one audit row per request (`insurance.sensitive.view`: how many bases,
// account numbers and contributions, never the values).
import type {
  CreateSocialInsuranceBody,
  SocialInsuranceView,
  WorkerInsuranceView,
} from '@cwp/contracts';
import { INSURANCE_KINDS, fromCents, roundHalfUp, toCents, type InsuranceKind } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { socialInsurance } from '../../db/schema-contracts';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError } from '../../lib/errors';
import { resolveInForce } from '../rule-sets/resolve';
import { todayIso } from '../workers/mapping';
import { workerInScope } from './queries';

const seesPay = (auth: AuthContext) => auth.permissions.has('worker:pii');

function maskAccount(v: string | null): string | null {
  if (v === null) return null;
  return v.length <= 4 ? '****' : `${'*'.repeat(Math.min(8, v.length - 4))}${v.slice(-4)}`;
}

interface Row extends Record<string, unknown> {
  id: number;
  worker_id: number;
  kind: InsuranceKind;
  status: SocialInsuranceView['status'];
  base_cents: number;
  start_date: string;
  effective_from: string;
  account_no: string | null;
  note: string | null;
  version: number;
  created_at: Date | string;
}

async function recordsOf(db: DbOrTx, workerId: number): Promise<Row[]> {
  const { rows } = await db.execute<Row>(sql`
    select id, worker_id, kind, status, base_cents, to_char(start_date, 'YYYY-MM-DD') as start_date,
           to_char(effective_from, 'YYYY-MM-DD') as effective_from, account_no, note, version,
           created_at
      from social_insurance where worker_id = ${workerId}
     order by kind, effective_from desc`);
  return rows;
}

/** The record in force on `date` for each kind (the latest effective_from ≤ date). */
export function currentByKind<T extends { kind: string; effective_from: string }>(
  rows: readonly T[],
  date: string,
): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of rows) {
    if (r.effective_from > date) continue;
    const held = out.get(r.kind);
    if (!held || r.effective_from > held.effective_from) out.set(r.kind, r);
  }
  return out;
}

export async function workerInsurance(
  db: DbOrTx,
  auth: AuthContext,
  workerId: number,
  ctx: AuditContext,
): Promise<WorkerInsuranceView> {
  const w = await workerInScope(db, auth, workerId);
  const today = todayIso();
  // In the order of the five insurances and housing fund, newest change first within a kind.
  const order = new Map<string, number>(INSURANCE_KINDS.map((k, i) => [k, i]));
  const rows = (await recordsOf(db, w.id)).sort(
    (a, b) =>
      (order.get(a.kind) ?? 99) - (order.get(b.kind) ?? 99) ||
      b.effective_from.localeCompare(a.effective_from),
  );
  const current = currentByKind(rows, today);
  const pay = seesPay(auth);
  const records: SocialInsuranceView[] = rows.map((r) => ({
    id: Number(r.id),
    workerId: Number(r.worker_id),
    kind: r.kind,
    status: r.status,
    base: pay ? fromCents(Number(r.base_cents)) : null,
    startDate: r.start_date,
    effectiveFrom: r.effective_from,
    accountNo: pay ? r.account_no : maskAccount(r.account_no),
    note: r.note,
    current: current.get(r.kind)?.id === r.id,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
  }));
  const table = await resolveInForce(db, 'pay_table', w.orgPath, today);
  const contributions: WorkerInsuranceView['contributions'] = [];
  if (table) {
    const floor = toCents(table.content.contributionBase.floor);
    const ceiling = toCents(table.content.contributionBase.ceiling);
    for (const kind of INSURANCE_KINDS) {
      const r = current.get(kind);
      if (!r || r.status !== 'paying') continue;
      const base = Math.min(Math.max(Number(r.base_cents), floor), ceiling);
      const rate = table.content.insurance[kind];
      contributions.push({
        kind,
        employee: pay ? fromCents(roundHalfUp(base * rate.employee)) : null,
        employer: pay ? fromCents(roundHalfUp(base * rate.employer)) : null,
      });
    }
  }
  const bases = records.filter((r) => r.base !== null).length;
  const accounts = pay ? records.filter((r) => r.accountNo !== null).length : 0;
  const amounts = contributions.filter((c) => c.employee !== null).length;
  if (auth.workerId !== w.id && bases + accounts + amounts > 0) {
    await writeAudit(db, ctx, [
      {
        action: 'insurance.sensitive.view',
        entityType: 'worker',
        entityId: w.id,
        orgPath: w.orgPath,
        changes: { view: 'social_insurance', bases, accounts, contributions: amounts },
      },
    ]);
  }
  return {
    records,
    contributions,
    payTable: table ? { id: table.id, versionNo: table.versionNo, name: table.name } : null,
  };
}

/**
 * Records a change for one kind from a date: joining, a new base, a suspension or a stop. The
 * first participation date is carried over from the earlier record of the kind.
 */
export async function addInsuranceRecord(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  workerId: number,
  body: CreateSocialInsuranceBody,
): Promise<WorkerInsuranceView> {
  await db.transaction(async (tx) => {
    const w = await workerInScope(tx, auth, workerId);
    await tx.execute(sql`select id from worker where id = ${w.id} for update`);
    const rows = (await recordsOf(tx, w.id)).filter((r) => r.kind === body.kind);
    if (rows.some((r) => r.effective_from === body.effectiveFrom))
      throw new AppError('VALIDATION_FAILED', [
        { path: 'effectiveFrom', message: '该险种在此日期已有记录，请换一个生效日期' },
      ]);
    const earlier = rows.find((r) => r.effective_from < body.effectiveFrom);
    if (!earlier && body.status !== 'paying')
      throw fieldError('status', '首次参保记录的状态应为“正常缴纳”');
    const startDate = body.startDate ?? rows.at(-1)?.start_date ?? body.effectiveFrom;
    if (startDate > body.effectiveFrom) throw fieldError('startDate', '参保日期不能晚于生效日期');
    const [row] = await tx
      .insert(socialInsurance)
      .values({
        workerId: w.id,
        kind: body.kind,
        status: body.status,
        baseCents: toCents(body.base),
        startDate,
        effectiveFrom: body.effectiveFrom,
        accountNo: body.accountNo ?? earlier?.account_no ?? null,
        note: body.note ?? null,
        createdBy: ctx.actorId,
      })
      .returning({ id: socialInsurance.id });
    await writeAudit(tx, ctx, [
      {
        action: 'social_insurance.record',
        entityType: 'social_insurance',
        entityId: row?.id ?? null,
        orgPath: w.orgPath,
        // The base is pay data: the audit says that it changed, not to what.
        changes: {
          workerId: w.id,
          kind: body.kind,
          status: body.status,
          effectiveFrom: body.effectiveFrom,
          startDate,
          baseChanged: earlier ? Number(earlier.base_cents) !== toCents(body.base) : true,
        },
      },
    ]);
  });
  return workerInsurance(db, auth, workerId, ctx);
}

/**
 * The pension base in force on `date` of each paying worker, in cents, for payroll: the base
 * recorded here rather than the gross pay. Workers without a paying record are absent.
 */
export async function pensionBasesOn(
  db: DbOrTx,
  workerIds: readonly number[],
  date: string,
): Promise<Map<number, number>> {
  const { rows } = await db.execute<{ worker_id: number; base_cents: number; status: string }>(sql`
    select distinct on (worker_id) worker_id, base_cents, status
      from social_insurance
     where kind = 'pension' and worker_id = any(${sql.param([...workerIds])}::bigint[])
       and effective_from <= ${date}::date
     order by worker_id, effective_from desc`);
  const out = new Map<number, number>();
  for (const r of rows)
    if (r.status === 'paying') out.set(Number(r.worker_id), Number(r.base_cents));
  return out;
}
