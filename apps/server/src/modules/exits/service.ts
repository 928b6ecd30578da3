// Exit (退出): a draft per worker with its checklist (each item done by a person, the contract,
// insurance and account items acting on their modules), submission to approval (subject 'exit'),
// then the worker's status becomes exited and the dossier read-only (workers/service.ts refuses
// changes); a re-hire reactivates the dossier with a new hire date and its history. The accounts
// item ticked before the exit date does not lock out a worker still at work: the accounts are
// disabled when the exit takes effect on its date (apply.ts); on or after that date, at once.
import type {
  CreateExitBody,
  ExitChecklistBody,
  ExitView,
  RehireBody,
  RehireResult,
  WorkerStatus,
} from '@cwp/contracts';
import { EXIT_CHECKLIST_ITEMS, missingChecklistItems, type ExitChecklistItem } from '@cwp/core';
import { EXIT_CHECKLIST_LABELS, checkPasswordPolicy } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { openRequest } from '../approvals/service';
import { scopedUnit, scopedWorker, iso, isoTs } from '../attendance/scope';
import { createLaborContract, proposalFor, terminateLaborContract } from '../contracts/service';
import { hashPassword } from '../../lib/password';
import { todayIso } from '../workers/mapping';

/** Columns of each checklist item. */
const ITEM_COLUMNS: Record<ExitChecklistItem, { at: string; by: string }> = {
  handover: { at: 'handover_at', by: 'handover_by' },
  contractEnded: { at: 'contract_ended_at', by: 'contract_ended_by' },
  insuranceStopped: { at: 'insurance_stopped_at', by: 'insurance_stopped_by' },
  accountsDisabled: { at: 'accounts_disabled_at', by: 'accounts_disabled_by' },
  finalPay: { at: 'final_pay_at', by: 'final_pay_by' },
};

const TYPE_ZH = {
  resignation: '辞职',
  dismissal: '解聘',
  non_renewal: '合同期满不续订',
  retirement: '退休',
  transfer_out: '调出',
} as const;

export interface ExitRow extends Record<string, unknown> {
  id: number;
  worker_id: number;
  worker_name: string;
  org_unit_id: number;
  org_unit_name: string;
  org_path: string;
  type: ExitView['type'];
  reason: string;
  exit_date: string;
  destination: string | null;
  destination_kind: ExitView['destinationKind'];
  status: ExitView['status'];
  approval_request_id: number | null;
  approved_at: Date | null;
  applied_at: Date | null;
  rehired_at: Date | null;
  rehire_date: string | null;
  version: number;
  created_at: Date;
}

/** Local calendar day of a timestamp, as YYYY-MM-DD (the zone todayIso uses). */
function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The accounts item ticked before the exit date only records the step: the accounts stay active
 * until the exit takes effect (apply.ts). Until then this returns the exit date, else null.
 */
function accountsDeferredTo(r: ExitRow): string | null {
  const at = r.accountsDisabled_at as Date | null | undefined;
  if (!at || r.applied_at || r.status === 'cancelled') return null;
  return localDay(new Date(at)) < r.exit_date ? r.exit_date : null;
}

function present(r: ExitRow): ExitView {
  return {
    id: r.id,
    workerId: r.worker_id,
    workerName: r.worker_name,
    orgUnitId: r.org_unit_id,
    orgUnitName: r.org_unit_name,
    type: r.type,
    reason: r.reason,
    exitDate: r.exit_date,
    destination: r.destination,
    destinationKind: r.destination_kind,
    status: r.status,
    checklist: EXIT_CHECKLIST_ITEMS.map((item) => ({
      item,
      doneAt: iso(r[`${item}_at`] as Date | null),
      doneBy: (r[`${item}_by`] as string | null) ?? null,
      takesEffectOn: item === 'accountsDisabled' ? accountsDeferredTo(r) : null,
    })),
    approvalRequestId: r.approval_request_id,
    approvedAt: iso(r.approved_at),
    appliedAt: iso(r.applied_at),
    rehiredAt: iso(r.rehired_at),
    rehireDate: r.rehire_date,
    version: r.version,
    createdAt: isoTs(r.created_at),
  };
}

const itemSelect = sql.raw(
  EXIT_CHECKLIST_ITEMS.map((i) => {
    const c = ITEM_COLUMNS[i];
    return `e.${c.at} as "${i}_at", (select display_name from app_user x where x.id = e.${c.by}) as "${i}_by"`;
  }).join(', '),
);

export async function selectExits(
  db: DbOrTx,
  where: ReturnType<typeof sql>,
  limit = 1000,
  lock = false,
): Promise<ExitRow[]> {
  const { rows } = await db.execute<ExitRow>(sql`
    select e.id, e.worker_id, w.name as worker_name, e.org_unit_id, u.name as org_unit_name,
           w.org_path, e.type, e.reason, e.exit_date::text as exit_date, e.destination,
           e.destination_kind, e.status, e.approval_request_id, e.approved_at, e.applied_at, e.rehired_at,
           e.rehire_date::text as rehire_date, e.version, e.created_at, ${itemSelect}
      from worker_exit e join worker w on w.id = e.worker_id join org_unit u on u.id = e.org_unit_id
     where ${where} order by e.id desc limit ${limit}${lock ? sql` for update of e` : sql``}`);
  return rows;
}

async function visible(db: DbOrTx, auth: AuthContext, id: number, lock = false): Promise<ExitRow> {
  const [row] = await selectExits(db, sql`e.id = ${id}`, 1, lock);
  if (!row || !inScope(auth, row.org_path)) throw notFound();
  return row;
}

export async function getExit(db: DbOrTx, auth: AuthContext, id: number): Promise<ExitView> {
  return present(await visible(db, auth, id));
}

export async function listExits(
  db: Db,
  auth: AuthContext,
  q: {
    orgUnitId?: number | undefined;
    status?: string | undefined;
    workerId?: number | undefined;
    before?: number | undefined;
    pageSize: number;
  },
) {
  const u = await scopedUnit(db, auth, q.orgUnitId);
  const parts = [sql`w.org_path like ${`${u.path}%`}`];
  if (q.status) parts.push(sql`e.status = ${q.status}`);
  if (q.workerId) parts.push(sql`e.worker_id = ${q.workerId}`);
  if (q.before) parts.push(sql`e.id < ${q.before}`);
  const rows = await selectExits(db, sql.join(parts, sql` and `), q.pageSize + 1);
  const items = rows.slice(0, q.pageSize).map(present);
  return {
    items,
    nextCursor: rows.length > q.pageSize ? (items[items.length - 1]?.id ?? null) : null,
  };
}

export async function createExit(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateExitBody,
): Promise<ExitView> {
  const id = await db.transaction(async (tx) => {
    const w = await scopedWorker(tx, auth, body.workerId, true);
    if (w.status === 'exited') throw fieldError('workerId', `${w.name}已退出`);
    const { rows: hire } = await tx.execute<{ hire_date: string }>(
      sql`select hire_date::text as hire_date from worker where id = ${w.id}`,
    );
    if (hire[0] && body.exitDate < hire[0].hire_date)
      throw fieldError('exitDate', `退出日期不能早于聘用日期（${hire[0].hire_date}）`);
    const { rows: open } = await tx.execute<{ id: number }>(sql`
      select id from worker_exit where worker_id = ${w.id} and status in ('draft', 'pending', 'returned')`);
    if (open[0]) throw new AppError('DUPLICATE', undefined, `${w.name}已有办理中的退出`);
    const { rows } = await tx.execute<{ id: number }>(sql`
      insert into worker_exit (worker_id, org_unit_id, org_path, type, reason, exit_date,
                               destination, destination_kind, previous_status, created_by)
      values (${w.id}, ${w.orgUnitId}, ${w.orgPath}, ${body.type}, ${body.reason}, ${body.exitDate},
              ${body.destination ?? null}, ${body.destinationKind ?? null}, ${w.status}, ${auth.userId})
      returning id`);
    const exitId = rows[0]!.id;
    await writeAudit(tx, ctx, [
      {
        action: 'worker_exit.create',
        entityType: 'worker_exit',
        entityId: exitId,
        orgPath: w.orgPath,
        changes: { ...body },
      },
    ]);
    return exitId;
  });
  return getExit(db, auth, id);
}

/** Stops every insurance kind not already stopped, from the exit date. */
async function stopInsurance(tx: Tx, workerId: number, exitDate: string): Promise<number> {
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into social_insurance (worker_id, kind, status, base_cents, start_date, effective_from,
                                  account_no, note, created_by)
    select s.worker_id, s.kind, 'stopped', s.base_cents, s.start_date, ${exitDate}::date,
           s.account_no, '人员退出停缴', null
      from (select distinct on (kind) * from social_insurance
             where worker_id = ${workerId} and effective_from <= ${exitDate}::date
             order by kind, effective_from desc) s
     where s.status <> 'stopped'
       and not exists (select 1 from social_insurance x where x.worker_id = s.worker_id
                          and x.kind = s.kind and x.effective_from = ${exitDate}::date)
    returning id`);
  return rows.length;
}

export async function completeChecklistItem(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: ExitChecklistBody,
): Promise<ExitView> {
  await db.transaction(async (tx) => {
    const e = await visible(tx, auth, id, true);
    if (e.version !== body.version) throw new AppError('CONFLICT');
    if (e.status !== 'draft' && e.status !== 'returned')
      throw fieldError('item', '只有草稿或退回的退出事项可以办理清单');
    if (e[`${body.item}_at`])
      throw fieldError('item', `“${EXIT_CHECKLIST_LABELS[body.item]}”已办理`);
    const effects: Record<string, unknown> = {};
    if (body.item === 'contractEnded') {
      const { rows } = await tx.execute<{
        id: number;
        version: number;
        start_date: string;
        end_date: string | null;
      }>(sql`
        select id, version, start_date::text as start_date, end_date::text as end_date
          from labor_contract where worker_id = ${e.worker_id} and status = 'active'`);
      const c = rows[0];
      if (c) {
        const date = c.end_date !== null && c.end_date < e.exit_date ? c.end_date : e.exit_date;
        if (date < c.start_date)
          throw fieldError('item', `退出日期早于劳动合同开始日期（${c.start_date}），请先核对`);
        await terminateLaborContract(
          tx,
          ctx,
          c.id,
          { version: c.version, terminationDate: date, reason: `人员退出：${TYPE_ZH[e.type]}` },
          (p) => inScope(auth, p),
        );
        effects.terminatedContractId = c.id;
      } else {
        effects.terminatedContractId = null;
      }
    } else if (body.item === 'insuranceStopped') {
      effects.insuranceRecordsStopped = await stopInsurance(tx, e.worker_id, e.exit_date);
    } else if (body.item === 'accountsDisabled' && e.exit_date > todayIso()) {
      // Dated later: the worker is still at work. Ticking records the step; the accounts are
      // disabled and signed out when the exit takes effect on its date (apply.ts).
      const { rows } = await tx.execute<{ id: number }>(
        sql`select id from app_user where worker_id = ${e.worker_id} and active order by id`,
      );
      effects.disabledUserIds = [];
      effects.disableOnExitDate = e.exit_date;
      effects.activeUserIds = rows.map((r) => Number(r.id));
    } else if (body.item === 'accountsDisabled') {
      const { rows } = await tx.execute<{ id: number }>(sql`
        update app_user set active = false, version = version + 1, updated_at = now()
         where worker_id = ${e.worker_id} and active returning id`);
      const ids = rows.map((r) => r.id);
      if (ids.length > 0)
        await tx.execute(
          sql`delete from session where user_id = any(${`{${ids.join(',')}}`}::bigint[])`,
        );
      effects.disabledUserIds = ids;
    }
    const c = ITEM_COLUMNS[body.item];
    await tx.execute(sql`
      update worker_exit set ${sql.raw(c.at)} = now(), ${sql.raw(c.by)} = ${auth.userId},
             version = version + 1, updated_at = now()
       where id = ${id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'worker_exit.checklist',
        entityType: 'worker_exit',
        entityId: id,
        orgPath: e.org_path,
        changes: { item: body.item, ...effects },
      },
    ]);
  });
  return getExit(db, auth, id);
}

export async function submitExit(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; comment?: string | null | undefined },
): Promise<ExitView> {
  await db.transaction(async (tx) => {
    const e = await visible(tx, auth, id, true);
    if (e.version !== body.version) throw new AppError('CONFLICT');
    if (e.status !== 'draft' && e.status !== 'returned')
      throw fieldError('version', '只有草稿或退回的退出事项可以提交审批');
    const done = Object.fromEntries(
      EXIT_CHECKLIST_ITEMS.map((i) => [i, e[`${i}_at`] != null]),
    ) as Record<ExitChecklistItem, boolean>;
    const missing = missingChecklistItems(done);
    if (missing.length > 0)
      throw fieldError(
        'checklist',
        `退出清单尚未办完：${missing.map((m) => EXIT_CHECKLIST_LABELS[m]).join('、')}`,
      );
    const req = await openRequest(tx, ctx, {
      subjectType: 'exit',
      subjectId: id,
      title: `${e.worker_name} ${TYPE_ZH[e.type]}（${e.exit_date}）`,
      decidingUnit: { id: e.org_unit_id, path: e.org_path },
      subjectOrgPath: e.org_path,
      requiredPermission: 'exit:approve',
      submitter: { userId: auth.userId, displayName: auth.displayName },
      comment: body.comment ?? null,
    });
    await tx.execute(sql`
      update worker_exit set status = 'pending', approval_request_id = ${req.id},
             version = version + 1, updated_at = now() where id = ${id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'worker_exit.submit',
        entityType: 'worker_exit',
        entityId: id,
        orgPath: e.org_path,
        changes: { status: { from: e.status, to: 'pending' }, approvalRequestId: req.id },
      },
    ]);
  });
  return getExit(db, auth, id);
}

export async function cancelExit(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
): Promise<ExitView> {
  await db.transaction(async (tx) => {
    const e = await visible(tx, auth, id, true);
    if (e.version !== version) throw new AppError('CONFLICT');
    if (e.status !== 'draft' && e.status !== 'returned')
      throw fieldError('version', '只有草稿或退回的退出事项可以撤销');
    await tx.execute(sql`
      update worker_exit set status = 'cancelled', version = version + 1, updated_at = now()
       where id = ${id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'worker_exit.cancel',
        entityType: 'worker_exit',
        entityId: id,
        orgPath: e.org_path,
        changes: { status: { from: e.status, to: 'cancelled' } },
      },
    ]);
  });
  return getExit(db, auth, id);
}

/** Closes the open status record and opens one with `status` from `from`. */
export async function recordStatus(
  tx: DbOrTx,
  workerId: number,
  status: WorkerStatus,
  from: string,
  reason: string,
  actor: string | null,
): Promise<void> {
  await tx.execute(sql`
    update worker_history set effective_to = greatest(effective_from, ${from}::date)
     where worker_id = ${workerId} and kind = 'status' and effective_to is null`);
  await tx.execute(sql`
    insert into worker_history (worker_id, kind, value, effective_from, reason, created_by)
    values (${workerId}, 'status', ${status}, ${from}, ${reason}, ${actor})`);
}

/**
 * Re-hire of an exited worker, in one transaction: the dossier becomes active (or probation) from
 * the hire date with its status-history record, the worker's accounts are re-enabled (or one is
 * created when credentials are given and none exists), and a new labour contract is opened through
 * the contracts module under the contract rule in force (type and term proposed from the history).
 */
export async function rehire(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  workerId: number,
  body: RehireBody,
): Promise<RehireResult> {
  let passwordHash: string | null = null;
  if (body.account) {
    const policy = checkPasswordPolicy(body.account.password, body.account.username);
    if (!policy.ok) throw fieldError('account.password', policy.message);
    passwordHash = await hashPassword(body.account.password);
  }
  const done = await db.transaction(async (tx) => {
    const w = await scopedWorker(tx, auth, workerId, true);
    if (w.version !== body.version) throw new AppError('CONFLICT');
    if (w.status !== 'exited') throw fieldError('version', `${w.name}未退出，无需重新聘用`);
    const [last] = await selectExits(
      tx,
      sql`e.worker_id = ${w.id} and e.status = 'approved' and e.rehired_at is null`,
      1,
      true,
    );
    if (last && body.hireDate <= last.exit_date)
      throw fieldError('hireDate', `重新聘用日期应晚于退出日期（${last.exit_date}）`);
    if (body.probationEnd && body.probationEnd < body.hireDate)
      throw fieldError('probationEnd', '试用期截止日期不能早于聘用日期');
    const status: WorkerStatus = body.probationEnd ? 'probation' : 'active';
    await tx.execute(sql`
      update worker set status = ${status}, hire_date = ${body.hireDate},
             probation_end = ${body.probationEnd ?? null}, version = version + 1,
             updated_at = now(), updated_by = ${auth.username}
       where id = ${w.id}`);
    await recordStatus(tx, w.id, status, body.hireDate, `重新聘用：${body.reason}`, auth.username);
    // The contract: proposed from the history under the rule in force on the hire date.
    const ref = { id: w.id, name: w.name, orgUnitId: w.orgUnitId, orgPath: w.orgPath };
    const next = await proposalFor(tx, ref, body.hireDate);
    const contract = await createLaborContract(tx, ctx, {
      workerId: w.id,
      type: next.type,
      startDate: body.hireDate,
      termYears: next.termYears,
      probationMonths: body.probationEnd ? next.rule.params.probationMonths : 0,
      note: `重新聘用：${body.reason}`,
    });
    // Accounts: re-enable the worker's own, else create one when credentials are given.
    const { rows: enabled } = await tx.execute<{ id: number }>(sql`
      update app_user set active = true, failed_logins = 0, locked_until = null,
             version = version + 1, updated_at = now()
       where worker_id = ${w.id} returning id`);
    let accountUserIds = enabled.map((r) => Number(r.id));
    let accountCreated = false;
    if (accountUserIds.length === 0 && body.account && passwordHash) {
      accountUserIds = [await createWorkerAccount(tx, w, body.account.username, passwordHash)];
      accountCreated = true;
    }
    if (last)
      await tx.execute(sql`
        update worker_exit set rehired_at = now(), rehire_date = ${body.hireDate},
               version = version + 1, updated_at = now() where id = ${last.id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'worker.rehire',
        entityType: 'worker',
        entityId: w.id,
        orgPath: w.orgPath,
        changes: {
          status: { from: 'exited', to: status },
          hireDate: body.hireDate,
          probationEnd: body.probationEnd ?? null,
          reason: body.reason,
          exitId: last?.id ?? null,
          contractId: contract.id,
          contractRuleSetId: next.rule.ruleSetId,
          accountUserIds,
          accountCreated,
          username: accountCreated ? (body.account?.username ?? null) : undefined,
        },
      },
    ]);
    return { exitId: last?.id ?? null, contractId: contract.id, accountUserIds, accountCreated };
  });
  return {
    workerId,
    exit: done.exitId === null ? null : await getExit(db, auth, done.exitId),
    contractId: done.contractId,
    accountUserIds: done.accountUserIds,
    accountCreated: done.accountCreated,
  };
}

/** A self-service account (role `worker`) linked to the dossier; the password must be changed. */
async function createWorkerAccount(
  tx: Tx,
  w: { id: number; name: string; orgUnitId: number },
  username: string,
  passwordHash: string,
): Promise<number> {
  const { rows: dupe } = await tx.execute<{ id: number }>(
    sql`select id from app_user where lower(username) = lower(${username})`,
  );
  if (dupe[0]) throw fieldError('account.username', `用户名 ${username} 已被使用`);
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into app_user (username, display_name, org_unit_id, password_hash, must_change_password,
                          worker_id)
    values (${username}, ${w.name}, ${w.orgUnitId}, ${passwordHash}, true, ${w.id})
    returning id`);
  const id = Number(rows[0]!.id);
  const { rows: roles } = await tx.execute<{ id: number }>(
    sql`select id from role where code = 'worker'`,
  );
  if (!roles[0]) throw new AppError('INTERNAL', undefined, '缺少“worker”角色');
  await tx.execute(sql`insert into user_role (user_id, role_id) values (${id}, ${roles[0].id})`);
  return id;
}
