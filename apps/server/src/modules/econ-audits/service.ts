// Economic responsibility audits (经济责任审计): plans, findings, rectification items and the
// report. Scope is the auditing unit's subtree (econ_audit.org_path); a read outside it is 404.
// The audited person reads the audits about themself through /mine (self:read).
import type {
  EconAuditDetail,
  EconAuditPage,
  EconAuditSummary,
  FindingView,
  RectificationView,
} from '@cwp/contracts';
import { fromCents, isRectificationOverdue, toCents } from '@cwp/core';
import type { z } from 'zod';
import type {
  closeRectificationBody,
  createEconAuditBody,
  createFindingBody,
  createRectificationBody,
  econAuditListQuery,
  econAuditStatusBody,
} from '@cwp/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { scopeToOrgUnits } from '../../lib/scope';
import { unitPathInScope, workerInScope } from '../contracts/queries';
import { todayIso } from '../workers/mapping';

type Row = Record<string, unknown>;
const d = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);

function summarySql(today: string): SQL {
  return sql`
    select a.id, a.org_unit_id, o.name as org_unit_name, a.worker_id, w.name as worker_name,
           wu.name as worker_unit_name, a.audited_role, a.trigger, a.title,
           ${d('a.period_start')} as period_start, ${d('a.period_end')} as period_end, a.status,
           a.version, a.scope, a.conclusion, a.reported_at, a.created_at, a.org_path,
           (select count(*)::int from econ_audit_finding f where f.audit_id = a.id) as findings,
           (select count(*)::int from econ_audit_rectification r
             where r.audit_id = a.id and r.status = 'open') as open_rect,
           (select count(*)::int from econ_audit_rectification r
             where r.audit_id = a.id and r.status = 'open' and r.deadline < ${today}::date)
             as overdue_rect
      from econ_audit a
      join org_unit o on o.id = a.org_unit_id
      join worker w on w.id = a.worker_id
      join org_unit wu on wu.id = w.org_unit_id`;
}

function presentSummary(r: Row): EconAuditSummary {
  return {
    id: Number(r.id),
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: String(r.org_unit_name),
    workerId: Number(r.worker_id),
    workerName: String(r.worker_name),
    workerUnitName: String(r.worker_unit_name),
    auditedRole: r.audited_role as EconAuditSummary['auditedRole'],
    trigger: r.trigger as EconAuditSummary['trigger'],
    title: String(r.title),
    periodStart: String(r.period_start),
    periodEnd: String(r.period_end),
    status: r.status as EconAuditSummary['status'],
    findings: Number(r.findings),
    openRectifications: Number(r.open_rect),
    overdueRectifications: Number(r.overdue_rect),
    version: Number(r.version),
  };
}

export async function listAudits(
  db: DbOrTx,
  auth: AuthContext,
  q: z.infer<typeof econAuditListQuery>,
): Promise<EconAuditPage> {
  const where: SQL[] = [scopeToOrgUnits(auth, sql`a.org_path`)];
  if (q.status) where.push(sql`a.status = ${q.status}`);
  if (q.q) where.push(sql`(a.title like ${`%${q.q}%`} or w.name like ${`%${q.q}%`})`);
  const cond = sql.join(where, sql` and `);
  const { rows } = await db.execute<Row>(
    sql`${summarySql(todayIso())} where ${cond} order by a.id desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const { rows: c } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from econ_audit a join worker w on w.id = a.worker_id where ${cond}`,
  );
  return { items: rows.map(presentSummary), total: Number(c[0]?.n ?? 0) };
}

async function detailOf(db: DbOrTx, r: Row): Promise<EconAuditDetail> {
  const today = todayIso();
  const id = Number(r.id);
  const { rows: fs } = await db.execute<Row>(
    sql`select id, category, description, amount_fen, created_at from econ_audit_finding
         where audit_id = ${id} order by id`,
  );
  const { rows: rs } = await db.execute<Row>(
    sql`select id, finding_id, description, owner_name, ${d('deadline')} as deadline, status,
               ${d('closed_at')} as closed_at, closure_note, version
          from econ_audit_rectification where audit_id = ${id} order by deadline, id`,
  );
  const findingList: FindingView[] = fs.map((f) => ({
    id: Number(f.id),
    category: f.category as FindingView['category'],
    description: String(f.description),
    amount: f.amount_fen === null ? null : fromCents(Number(f.amount_fen)),
    createdAt: new Date(String(f.created_at)).toISOString(),
  }));
  const rectifications: RectificationView[] = rs.map((x) => {
    const status = x.status === 'closed' ? 'closed' : 'open';
    return {
      id: Number(x.id),
      findingId: x.finding_id === null ? null : Number(x.finding_id),
      description: String(x.description),
      ownerName: String(x.owner_name),
      deadline: String(x.deadline),
      status,
      overdue: isRectificationOverdue({ deadline: String(x.deadline), status }, today),
      closedAt: x.closed_at === null ? null : String(x.closed_at),
      closureNote: x.closure_note === null ? null : String(x.closure_note),
      version: Number(x.version),
    };
  });
  const totalFen = fs.reduce((s, f) => s + (f.amount_fen === null ? 0 : Number(f.amount_fen)), 0);
  return {
    ...presentSummary(r),
    scope: String(r.scope),
    conclusion: r.conclusion === null ? null : String(r.conclusion),
    reportedAt: r.reported_at === null ? null : new Date(String(r.reported_at)).toISOString(),
    totalAmount: fromCents(totalFen),
    findingList,
    rectifications,
    createdAt: new Date(String(r.created_at)).toISOString(),
  };
}

async function loadRow(db: DbOrTx, auth: AuthContext, id: number): Promise<Row> {
  const { rows } = await db.execute<Row>(sql`${summarySql(todayIso())} where a.id = ${id}`);
  const r = rows[0];
  if (!r || !String(r.org_path).startsWith(auth.orgPath)) throw notFound();
  return r;
}

export async function getAudit(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
): Promise<EconAuditDetail> {
  return detailOf(db, await loadRow(db, auth, id));
}

/** The audits about the caller's own worker record (none without a linked worker). */
export async function myAudits(db: DbOrTx, auth: AuthContext): Promise<EconAuditDetail[]> {
  if (auth.workerId === null) return [];
  const { rows } = await db.execute<Row>(
    sql`${summarySql(todayIso())} where a.worker_id = ${auth.workerId} order by a.id desc`,
  );
  const out: EconAuditDetail[] = [];
  for (const r of rows) out.push(await detailOf(db, r));
  return out;
}

export async function createAudit(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof createEconAuditBody>,
): Promise<number> {
  const unit = await unitPathInScope(tx, auth, body.orgUnitId);
  const w = await workerInScope(tx, auth, body.workerId);
  if (!w.orgPath.startsWith(unit.path)) {
    throw fieldError('workerId', '被审计人不在审计单位的管辖范围内');
  }
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into econ_audit (org_unit_id, org_path, worker_id, audited_role, trigger, title,
                            period_start, period_end, scope, created_by)
    values (${unit.id}, ${unit.path}, ${w.id}, ${body.auditedRole}, ${body.trigger}, ${body.title},
            ${body.periodStart}, ${body.periodEnd}, ${body.scope}, ${auth.userId})
    returning id`);
  const id = Number(rows[0]?.id);
  await writeAudit(tx, ctx, [
    {
      action: 'econ_audit.create',
      entityType: 'econ_audit',
      entityId: id,
      orgPath: unit.path,
      changes: { ...body },
    },
  ]);
  return id;
}

async function lockAudit(tx: Tx, auth: AuthContext, id: number) {
  const { rows } = await tx.execute<{
    id: number;
    org_path: string;
    status: string;
    version: number;
  }>(sql`select id, org_path, status, version from econ_audit where id = ${id} for update`);
  const r = rows[0];
  if (!r || !r.org_path.startsWith(auth.orgPath)) throw notFound();
  return r;
}

const NEXT: Readonly<Record<string, string>> = {
  planned: 'in_progress',
  in_progress: 'reported',
  reported: 'closed',
};

export async function changeStatus(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: z.infer<typeof econAuditStatusBody>,
): Promise<void> {
  const a = await lockAudit(tx, auth, id);
  if (a.version !== body.version) throw new AppError('CONFLICT');
  if (NEXT[a.status] !== body.status) {
    throw fieldError('status', `审计当前为“${a.status}”状态，不能改为“${body.status}”`);
  }
  if (body.status === 'reported' && !body.conclusion) {
    throw fieldError('conclusion', '出具审计报告须填写审计结论');
  }
  if (body.status === 'closed') {
    const { rows } = await tx.execute<{ n: number }>(
      sql`select count(*)::int as n from econ_audit_rectification
           where audit_id = ${id} and status = 'open'`,
    );
    if (Number(rows[0]?.n) > 0) {
      throw fieldError('status', `尚有 ${rows[0]?.n} 项整改未完成，不能办结审计`);
    }
  }
  await tx.execute(sql`
    update econ_audit set status = ${body.status}, version = version + 1, updated_at = now(),
           conclusion = coalesce(${body.conclusion ?? null}::text, conclusion),
           reported_at = case when ${body.status}::text = 'reported' then now() else reported_at end
     where id = ${id}`);
  await writeAudit(tx, ctx, [
    {
      action: `econ_audit.${body.status}`,
      entityType: 'econ_audit',
      entityId: id,
      orgPath: a.org_path,
      changes: { status: { from: a.status, to: body.status }, conclusion: body.conclusion },
    },
  ]);
}

export async function addFinding(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: z.infer<typeof createFindingBody>,
): Promise<void> {
  const a = await lockAudit(tx, auth, id);
  if (a.status === 'reported' || a.status === 'closed') {
    throw new AppError('CONFLICT', undefined, '审计报告已出具，不能再添加问题');
  }
  const amountFen = body.amount == null ? null : toCents(body.amount);
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into econ_audit_finding (audit_id, category, description, amount_fen, created_by)
    values (${id}, ${body.category}, ${body.description}, ${amountFen}, ${auth.userId})
    returning id`);
  await tx.execute(sql`update econ_audit set version = version + 1, updated_at = now()
                        where id = ${id}`);
  await writeAudit(tx, ctx, [
    {
      action: 'econ_audit.finding_add',
      entityType: 'econ_audit_finding',
      entityId: Number(rows[0]?.id),
      orgPath: a.org_path,
      changes: { auditId: id, ...body },
    },
  ]);
}

export async function addRectification(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: z.infer<typeof createRectificationBody>,
): Promise<void> {
  const a = await lockAudit(tx, auth, id);
  if (a.status === 'closed') throw new AppError('CONFLICT', undefined, '审计已办结');
  if (body.findingId != null) {
    const { rows } = await tx.execute(
      sql`select 1 from econ_audit_finding where id = ${body.findingId} and audit_id = ${id}`,
    );
    if (rows.length === 0) throw fieldError('findingId', '所选问题不属于本次审计');
  }
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into econ_audit_rectification (audit_id, finding_id, description, owner_name, deadline,
                                          created_by)
    values (${id}, ${body.findingId ?? null}, ${body.description}, ${body.ownerName},
            ${body.deadline}, ${auth.userId})
    returning id`);
  await tx.execute(sql`update econ_audit set version = version + 1, updated_at = now()
                        where id = ${id}`);
  await writeAudit(tx, ctx, [
    {
      action: 'econ_audit.rectification_add',
      entityType: 'econ_audit_rectification',
      entityId: Number(rows[0]?.id),
      orgPath: a.org_path,
      changes: { auditId: id, ...body },
    },
  ]);
}

export async function closeRectification(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: z.infer<typeof closeRectificationBody>,
): Promise<number> {
  const { rows } = await tx.execute<{
    audit_id: number;
    org_path: string;
    status: string;
    version: number;
  }>(sql`select r.audit_id, a.org_path, r.status, r.version
           from econ_audit_rectification r join econ_audit a on a.id = r.audit_id
          where r.id = ${id} for update of r`);
  const r = rows[0];
  if (!r || !r.org_path.startsWith(auth.orgPath)) throw notFound();
  if (r.version !== body.version) throw new AppError('CONFLICT');
  if (r.status !== 'open') throw new AppError('CONFLICT', undefined, '该整改事项已完成');
  const closedAt = body.closedAt ?? todayIso();
  await tx.execute(sql`
    update econ_audit_rectification
       set status = 'closed', closed_at = ${closedAt}, closure_note = ${body.closureNote},
           version = version + 1, updated_at = now()
     where id = ${id}`);
  await writeAudit(tx, ctx, [
    {
      action: 'econ_audit.rectification_close',
      entityType: 'econ_audit_rectification',
      entityId: id,
      orgPath: r.org_path,
      changes: { status: { from: 'open', to: 'closed' }, closedAt, closureNote: body.closureNote },
    },
  ]);
  return Number(r.audit_id);
}
