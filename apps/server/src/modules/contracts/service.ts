// Labour contracts (劳动合同): creation (also called by recruitment at hire, inside its own
// transaction), renewal as a new contract linked to the previous one, termination, and the
// proposal for a worker's next contract (open-ended after the configured number of consecutive
// fixed-term contracts). Terms come from the contract_insurance rule set in force for the
// worker's unit; its id and version number are stored with every contract.
import { addDays, type ContractParameters } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { laborContract } from '../../db/schema-contracts';
import { writeAudit, type AuditContext } from '../../lib/audit';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { pathIds, resolveInForce, type Candidate } from '../rule-sets/resolve';
import { todayIso } from '../workers/mapping';
import {
  checkContractDraft,
  consecutiveFixedTerms,
  planContract,
  proposeNextContract,
  type ContractDraft,
  type LaborContractType,
} from './terms';

export interface WorkerRef {
  id: number;
  name: string;
  orgUnitId: number;
  orgPath: string;
}

export interface ContractRule {
  ruleSetId: number;
  versionNo: number;
  name: string;
  params: ContractParameters;
}

/** Locks the worker row (serialising contract changes per worker) and returns it, or null. */
export async function lockWorker(tx: DbOrTx, workerId: number): Promise<WorkerRef | null> {
  const { rows } = await tx.execute<{
    id: number;
    name: string;
    org_unit_id: number;
    org_path: string;
  }>(sql`select id, name, org_unit_id, org_path from worker where id = ${workerId} for update`);
  const r = rows[0];
  return r
    ? { id: Number(r.id), name: r.name, orgUnitId: Number(r.org_unit_id), orgPath: r.org_path }
    : null;
}

/** The subdistrict above (or at) a unit path; the unit itself when there is none above it. */
export async function signingUnit(
  tx: DbOrTx,
  w: Pick<WorkerRef, 'orgUnitId' | 'orgPath'>,
): Promise<{ id: number; path: string }> {
  const { rows } = await tx.execute<{ id: number; path: string }>(sql`
    select id, path from org_unit
     where id = any(${sql.param(pathIds(w.orgPath))}::bigint[]) and level = 'subdistrict'
     order by depth desc limit 1`);
  const r = rows[0];
  return r ? { id: Number(r.id), path: r.path } : { id: w.orgUnitId, path: w.orgPath };
}

function toRule(c: Candidate<'contract_insurance'>): ContractRule {
  return { ruleSetId: c.id, versionNo: c.versionNo, name: c.name, params: c.content };
}

/**
 * The contract rule set governing a unit on a date. A contract entered after the fact may start
 * before any rule was in force; the rule in force today applies to it then.
 */
export async function contractRuleFor(
  tx: DbOrTx,
  unitPath: string,
  date: string,
  field = 'startDate',
): Promise<ContractRule> {
  const onDate = await resolveInForce(tx, 'contract_insurance', unitPath, date);
  const found = onDate ?? (await resolveInForce(tx, 'contract_insurance', unitPath, todayIso()));
  if (!found)
    throw fieldError(field, '该单位没有生效的“劳动合同与社保”规则，请先在规则管理中配置并审批');
  return toRule(found);
}

interface HistoryRow extends Record<string, unknown> {
  id: number;
  seq: number;
  type: string;
  status: string;
  end_date: string | null;
  version: number;
}

async function contractHistory(tx: DbOrTx, workerId: number): Promise<HistoryRow[]> {
  const { rows } = await tx.execute<HistoryRow>(sql`
    select id, seq, type, status, to_char(end_date, 'YYYY-MM-DD') as end_date, version
      from labor_contract where worker_id = ${workerId} order by seq`);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface NewContractInput {
  workerId: number;
  type: LaborContractType;
  startDate: string;
  termYears: number | null;
  probationMonths: number;
  note?: string | null;
}

function checkShape(input: NewContractInput): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.startDate) || Number.isNaN(Date.parse(input.startDate)))
    throw fieldError('startDate', '合同开始日期格式应为 YYYY-MM-DD');
  if (input.type !== 'fixed_term' && input.type !== 'open_ended')
    throw fieldError('type', '合同类型应为固定期限或无固定期限');
  if (!Number.isInteger(input.probationMonths) || input.probationMonths < 0)
    throw fieldError('probationMonths', '试用期应为不小于 0 的整月数');
  if (input.termYears !== null && (!Number.isFinite(input.termYears) || input.termYears > 20))
    throw fieldError('termYears', '合同期限应为 20 年以内的年数');
}

async function insertContract(
  tx: Tx,
  ctx: AuditContext,
  w: WorkerRef,
  history: HistoryRow[],
  input: NewContractInput,
  previousId: number | null,
  audit: string,
): Promise<{ id: number }> {
  const draft: ContractDraft = {
    type: input.type,
    startDate: input.startDate,
    termYears: input.termYears,
    probationMonths: input.probationMonths,
  };
  const issues = checkContractDraft(draft, history.length);
  if (issues[0]) throw new AppError('VALIDATION_FAILED', issues);
  const rule = await contractRuleFor(tx, w.orgPath, input.startDate);
  const plan = planContract(draft);
  const unit = await signingUnit(tx, w);
  const seq = (history[history.length - 1]?.seq ?? 0) + 1;
  const [row] = await tx
    .insert(laborContract)
    .values({
      workerId: w.id,
      seq,
      previousId,
      orgUnitId: unit.id,
      orgPath: unit.path,
      type: input.type,
      termMonths: plan.termMonths,
      startDate: input.startDate,
      endDate: plan.endDate,
      probationMonths: input.probationMonths,
      probationEnd: plan.probationEnd,
      ruleSetId: rule.ruleSetId,
      ruleSetVersion: rule.versionNo,
      note: input.note ?? null,
      createdBy: ctx.actorId,
    })
    .returning({ id: laborContract.id });
  if (!row) throw new Error('labor_contract insert returned nothing');
  await writeAudit(tx, ctx, [
    {
      action: audit,
      entityType: 'labor_contract',
      entityId: row.id,
      orgPath: w.orgPath,
      changes: {
        workerId: w.id,
        seq,
        previousId,
        signingUnitId: unit.id,
        type: input.type,
        startDate: input.startDate,
        endDate: plan.endDate,
        termMonths: plan.termMonths,
        probationMonths: input.probationMonths,
        probationEnd: plan.probationEnd,
        ruleSetId: rule.ruleSetId,
        ruleSetVersion: rule.versionNo,
      },
    },
  ]);
  return row;
}

/**
 * Creates a worker's contract inside the caller's transaction (recruitment calls it at hire).
 * The worker must exist and have no active contract; the caller checks scope.
 */
export async function createLaborContract(
  tx: Tx,
  ctx: AuditContext,
  input: NewContractInput,
): Promise<{ id: number }> {
  checkShape(input);
  const w = await lockWorker(tx, input.workerId);
  if (!w) throw notFound();
  const history = await contractHistory(tx, w.id);
  if (history.some((h) => h.status === 'active'))
    throw fieldError('workerId', `${w.name} 已有履行中的劳动合同，请续订或先终止原合同`);
  return insertContract(tx, ctx, w, history, input, null, 'labor_contract.create');
}

export interface RenewInput {
  version: number;
  /** Defaults to the day after the previous contract ends. */
  startDate?: string | undefined;
  /** Defaults to the proposal under the rule set in force. */
  type?: LaborContractType | undefined;
  termYears?: number | null | undefined;
  note?: string | null | undefined;
}

/** The proposal for the worker's next contract, from the history and the rule in force. */
export async function proposalFor(
  tx: DbOrTx,
  w: WorkerRef,
  date: string,
): Promise<{
  type: LaborContractType;
  termYears: number | null;
  probationMonths: number;
  reason: string;
  consecutiveFixedTerms: number;
  rule: ContractRule;
}> {
  const history = await contractHistory(tx, w.id);
  const rule = await contractRuleFor(tx, w.orgPath, date, 'date');
  const next = proposeNextContract(rule.params, history);
  return {
    type: next.openEnded ? 'open_ended' : 'fixed_term',
    termYears: next.termYears,
    // Probation is agreed only once with the same employer, whatever the rule says.
    probationMonths: history.length > 0 ? 0 : next.probationMonths,
    reason: next.reason,
    consecutiveFixedTerms: consecutiveFixedTerms(history),
    rule,
  };
}

/**
 * Renews an active fixed-term contract: the old one becomes `renewed`, a new one linked to it
 * starts the day after it ends. A fixed-term renewal where the law asks for an open-ended one
 * needs a note (the worker asked for a fixed term, 劳动合同法第十四条).
 */
export async function renewLaborContract(
  tx: Tx,
  ctx: AuditContext,
  contractId: number,
  input: RenewInput,
  inScope: (orgPath: string) => boolean,
): Promise<{ id: number }> {
  const wid = await tx.execute<{ worker_id: number }>(
    sql`select worker_id from labor_contract where id = ${contractId}`,
  );
  const workerId = wid.rows[0]?.worker_id;
  if (workerId === undefined) throw notFound();
  const w = await lockWorker(tx, Number(workerId));
  if (!w || !inScope(w.orgPath)) throw notFound();
  const history = await contractHistory(tx, w.id);
  const prev = history.find((h) => h.id === contractId);
  if (!prev) throw notFound();
  if (prev.version !== input.version) throw new AppError('CONFLICT');
  if (prev.status !== 'active') throw fieldError('id', '只能续订履行中的劳动合同');
  if (prev.type === 'open_ended' || !prev.end_date)
    throw fieldError('id', '无固定期限劳动合同无需续订');
  const dayAfter = addDays(prev.end_date, 1);
  const startDate = input.startDate ?? dayAfter;
  if (startDate < dayAfter)
    throw fieldError('startDate', `续订合同应从原合同到期次日（${dayAfter}）或之后开始`);
  const proposal = await proposalFor(tx, w, startDate);
  const type = input.type ?? proposal.type;
  const termYears =
    input.termYears !== undefined
      ? input.termYears
      : type === proposal.type
        ? proposal.termYears
        : type === 'fixed_term'
          ? proposal.rule.params.renewalTermYears
          : null;
  if (proposal.type === 'open_ended' && type === 'fixed_term' && !input.note?.trim())
    throw fieldError(
      'note',
      `${proposal.reason}；如劳动者提出订立固定期限劳动合同，请在备注中注明`,
    );
  // The old one first: the one-active-contract index must never see two active rows.
  const renewed = await tx.execute(sql`
    update labor_contract set status = 'renewed', version = version + 1, updated_at = now()
     where id = ${prev.id} and status = 'active' and version = ${prev.version}`);
  if (renewed.rowCount !== 1) throw new AppError('CONFLICT');
  return insertContract(
    tx,
    ctx,
    w,
    history,
    { workerId: w.id, type, startDate, termYears, probationMonths: 0, note: input.note ?? null },
    prev.id,
    'labor_contract.renew',
  );
}

export interface TerminateInput {
  version: number;
  terminationDate: string;
  reason: string;
}

/** Ends an active contract on a date with a reason. */
export async function terminateLaborContract(
  tx: Tx,
  ctx: AuditContext,
  contractId: number,
  input: TerminateInput,
  inScope: (orgPath: string) => boolean,
): Promise<void> {
  const { rows } = await tx.execute<{
    worker_path: string;
    status: string;
    version: number;
    start_date: string;
    end_date: string | null;
  }>(sql`
    select w.org_path as worker_path, c.status, c.version,
           to_char(c.start_date, 'YYYY-MM-DD') as start_date,
           to_char(c.end_date, 'YYYY-MM-DD') as end_date
      from labor_contract c join worker w on w.id = c.worker_id
     where c.id = ${contractId} for update of c`);
  const c = rows[0];
  if (!c || !inScope(c.worker_path)) throw notFound();
  if (c.version !== input.version) throw new AppError('CONFLICT');
  if (c.status !== 'active') throw fieldError('id', '只能终止履行中的劳动合同');
  if (input.terminationDate < c.start_date)
    throw fieldError('terminationDate', '终止日期不能早于合同开始日期');
  if (c.end_date !== null && input.terminationDate > c.end_date)
    throw fieldError('terminationDate', `终止日期不能晚于合同结束日期（${c.end_date}）`);
  await tx.execute(sql`
    update labor_contract
       set status = 'terminated', termination_date = ${input.terminationDate}::date,
           termination_reason = ${input.reason}, version = version + 1, updated_at = now()
     where id = ${contractId}`);
  await writeAudit(tx, ctx, [
    {
      action: 'labor_contract.terminate',
      entityType: 'labor_contract',
      entityId: contractId,
      orgPath: c.worker_path,
      changes: { terminationDate: input.terminationDate, reason: input.reason },
    },
  ]);
}
