// Burden reduction (减负增效): the community task admission list kept by departments at district
// level or above, requests made of communities logged with who asked and estimated hours
// (flagged when they fall under no admitted item), and the figures per community and per
// requesting department. Requests are scoped by the community's path.
import type {
  BurdenFigureRow,
  BurdenFigures,
  BurdenRequestView,
  TaskItemView,
  burdenFiguresQuery,
  burdenRequestListQuery,
  createBurdenRequestBody,
  createTaskItemBody,
  taskItemListQuery,
  updateTaskItemBody,
} from '@cwp/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client';
import { diff, writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { scopeToOrgUnits } from '../../lib/scope';
import { unitPathInScope } from '../contracts/queries';

type Row = Record<string, unknown>;
const d = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);
/** The admission list is a district-or-above document (a community cannot admit its own tasks). */
const LIST_LEVELS = ['province', 'city', 'district'];

const ITEM_SQL = sql`
  select t.id, t.org_unit_id, o.name as org_unit_name, t.org_path, t.title, t.kind, t.legal_basis,
         t.issuing_department, t.active, t.version
    from burden_task_item t join org_unit o on o.id = t.org_unit_id`;

function presentItem(r: Row): TaskItemView {
  return {
    id: Number(r.id),
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: String(r.org_unit_name),
    title: String(r.title),
    kind: r.kind as TaskItemView['kind'],
    legalBasis: String(r.legal_basis),
    issuingDepartment: String(r.issuing_department),
    active: Boolean(r.active),
    version: Number(r.version),
  };
}

/**
 * Items the caller may read: the lists of the units above them (which bind their communities)
 * and those kept inside their subtree; with `communityId`, the items binding that community.
 */
export async function listTaskItems(
  db: DbOrTx,
  auth: AuthContext,
  q: z.infer<typeof taskItemListQuery>,
): Promise<{ items: TaskItemView[]; total: number }> {
  const where: SQL[] = [];
  if (q.communityId) {
    const c = await unitPathInScope(db, auth, q.communityId);
    where.push(sql`${c.path} like t.org_path || '%'`, sql`t.active`);
  } else {
    where.push(
      sql`(${auth.orgPath} like t.org_path || '%' or ${scopeToOrgUnits(auth, sql`t.org_path`)})`,
    );
  }
  if (q.q) where.push(sql`(t.title like ${`%${q.q}%`} or t.issuing_department like ${`%${q.q}%`})`);
  const cond = sql.join(where, sql` and `);
  const { rows } = await db.execute<Row>(
    sql`${ITEM_SQL} where ${cond} order by t.active desc, t.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const { rows: c } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from burden_task_item t where ${cond}`,
  );
  return { items: rows.map(presentItem), total: Number(c[0]?.n ?? 0) };
}

async function itemInScope(db: DbOrTx, auth: AuthContext, id: number): Promise<TaskItemView> {
  const { rows } = await db.execute<Row>(sql`${ITEM_SQL} where t.id = ${id}`);
  const r = rows[0];
  if (!r || !String(r.org_path).startsWith(auth.orgPath)) throw notFound();
  return presentItem(r);
}

export async function getTaskItem(db: DbOrTx, auth: AuthContext, id: number) {
  return itemInScope(db, auth, id);
}

export async function createTaskItem(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof createTaskItemBody>,
): Promise<number> {
  const unit = await unitPathInScope(tx, auth, body.orgUnitId);
  const { rows: lv } = await tx.execute<{ level: string }>(
    sql`select level from org_unit where id = ${unit.id}`,
  );
  if (!LIST_LEVELS.includes(String(lv[0]?.level))) {
    throw fieldError('orgUnitId', '社区工作事项准入清单由区（县）及以上部门维护');
  }
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into burden_task_item (org_unit_id, org_path, title, kind, legal_basis,
                                  issuing_department, created_by)
    values (${unit.id}, ${unit.path}, ${body.title}, ${body.kind}, ${body.legalBasis},
            ${body.issuingDepartment}, ${auth.userId})
    returning id`);
  const id = Number(rows[0]?.id);
  await writeAudit(tx, ctx, [
    {
      action: 'burden_task_item.create',
      entityType: 'burden_task_item',
      entityId: id,
      orgPath: unit.path,
      changes: body,
    },
  ]);
  return id;
}

export async function updateTaskItem(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: z.infer<typeof updateTaskItemBody>,
): Promise<void> {
  const { rows } = await tx.execute<Row>(
    sql`select org_path from burden_task_item where id = ${id} for update`,
  );
  if (!rows[0] || !String(rows[0].org_path).startsWith(auth.orgPath)) throw notFound();
  const before = await itemInScope(tx, auth, id);
  if (before.version !== body.version) throw new AppError('CONFLICT');
  const { version: _v, ...changes } = body;
  await tx.execute(sql`
    update burden_task_item
       set title = coalesce(${changes.title ?? null}::text, title),
           legal_basis = coalesce(${changes.legalBasis ?? null}::text, legal_basis),
           issuing_department = coalesce(${changes.issuingDepartment ?? null}::text,
                                         issuing_department),
           active = coalesce(${changes.active ?? null}::boolean, active),
           version = version + 1, updated_at = now()
     where id = ${id}`);
  await writeAudit(tx, ctx, [
    {
      action: 'burden_task_item.update',
      entityType: 'burden_task_item',
      entityId: id,
      orgPath: String(rows[0].org_path),
      changes: diff(before, changes),
    },
  ]);
}

const REQUEST_SQL = sql`
  select r.id, r.community_id, c.name as community_name, r.requesting_department, r.kind, r.title,
         r.task_item_id, t.title as task_item_title, r.out_of_list,
         ${d('r.requested_on')} as requested_on, r.estimated_hours::float8 as estimated_hours,
         r.note, u.display_name as logged_by
    from burden_request r
    join org_unit c on c.id = r.community_id
    left join burden_task_item t on t.id = r.task_item_id
    left join app_user u on u.id = r.created_by`;

function presentRequest(r: Row): BurdenRequestView {
  return {
    id: Number(r.id),
    communityId: Number(r.community_id),
    communityName: String(r.community_name),
    requestingDepartment: String(r.requesting_department),
    kind: r.kind as BurdenRequestView['kind'],
    title: String(r.title),
    taskItemId: r.task_item_id === null ? null : Number(r.task_item_id),
    taskItemTitle: r.task_item_title === null ? null : String(r.task_item_title),
    outOfList: Boolean(r.out_of_list),
    requestedOn: String(r.requested_on),
    estimatedHours: Number(r.estimated_hours),
    note: r.note === null ? null : String(r.note),
    loggedBy: r.logged_by === null ? null : String(r.logged_by),
  };
}

export async function logRequest(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof createBurdenRequestBody>,
): Promise<BurdenRequestView> {
  const { rows: cs } = await tx.execute<{ id: number; path: string; level: string }>(
    sql`select id, path, level from org_unit where id = ${body.communityId}`,
  );
  const c = cs[0];
  if (!c || !c.path.startsWith(auth.orgPath)) throw notFound();
  if (c.level !== 'community') throw fieldError('communityId', '请选择社区（居委会）');
  if (body.taskItemId != null) {
    const { rows } = await tx.execute(sql`
      select 1 from burden_task_item
       where id = ${body.taskItemId} and active and ${c.path} like org_path || '%'`);
    if (rows.length === 0) {
      throw fieldError('taskItemId', '所选事项不在该社区适用的准入清单中（或已停用）');
    }
  }
  const outOfList = body.taskItemId == null;
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into burden_request (community_id, org_path, requesting_department, kind, title,
                                task_item_id, out_of_list, requested_on, estimated_hours, note,
                                created_by)
    values (${c.id}, ${c.path}, ${body.requestingDepartment}, ${body.kind}, ${body.title},
            ${body.taskItemId ?? null}, ${outOfList}, ${body.requestedOn}, ${body.estimatedHours},
            ${body.note ?? null}, ${auth.userId})
    returning id`);
  const id = Number(rows[0]?.id);
  await writeAudit(tx, ctx, [
    {
      action: 'burden_request.create',
      entityType: 'burden_request',
      entityId: id,
      orgPath: c.path,
      changes: { ...body, outOfList },
    },
  ]);
  const { rows: out } = await tx.execute<Row>(sql`${REQUEST_SQL} where r.id = ${id}`);
  if (!out[0]) throw new AppError('INTERNAL');
  return presentRequest(out[0]);
}

function requestFilters(
  auth: AuthContext,
  q: {
    communityId?: number | undefined;
    outOfList?: 'true' | 'false' | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
): SQL {
  const where: SQL[] = [scopeToOrgUnits(auth, sql`r.org_path`)];
  if (q.communityId) where.push(sql`r.community_id = ${q.communityId}`);
  if (q.outOfList) where.push(sql`r.out_of_list = ${q.outOfList === 'true'}`);
  if (q.from) where.push(sql`r.requested_on >= ${q.from}::date`);
  if (q.to) where.push(sql`r.requested_on <= ${q.to}::date`);
  return sql.join(where, sql` and `);
}

export async function listRequests(
  db: DbOrTx,
  auth: AuthContext,
  q: z.infer<typeof burdenRequestListQuery>,
): Promise<{ items: BurdenRequestView[]; total: number }> {
  if (q.communityId) await unitPathInScope(db, auth, q.communityId);
  const cond = requestFilters(auth, q);
  const { rows } = await db.execute<Row>(
    sql`${REQUEST_SQL} where ${cond} order by r.requested_on desc, r.id desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const { rows: c } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from burden_request r where ${cond}`,
  );
  return { items: rows.map(presentRequest), total: Number(c[0]?.n ?? 0) };
}

export async function burdenFigures(
  db: DbOrTx,
  auth: AuthContext,
  q: z.infer<typeof burdenFiguresQuery>,
): Promise<BurdenFigures> {
  const cond = requestFilters(auth, q);
  const agg = sql`count(*)::int as requests, count(*) filter (where r.out_of_list)::int as out_of_list,
                  coalesce(sum(r.estimated_hours), 0)::float8 as hours`;
  const toRow = (x: Row): BurdenFigureRow => ({
    key: String(x.key),
    label: String(x.label),
    requests: Number(x.requests),
    outOfList: Number(x.out_of_list),
    estimatedHours: Number(x.hours),
  });
  const { rows: byCommunity } = await db.execute<Row>(sql`
    select r.community_id::text as key, c.name as label, ${agg}
      from burden_request r join org_unit c on c.id = r.community_id
     where ${cond} group by r.community_id, c.name order by hours desc, requests desc, c.name`);
  const { rows: byDepartment } = await db.execute<Row>(sql`
    select r.requesting_department as key, r.requesting_department as label, ${agg}
      from burden_request r
     where ${cond} group by r.requesting_department order by hours desc, requests desc, 1`);
  const { rows: total } = await db.execute<Row>(sql`
    select 'total' as key, '合计' as label, ${agg} from burden_request r where ${cond}`);
  return {
    byCommunity: byCommunity.map(toRow),
    byDepartment: byDepartment.map(toRow),
    total: toRow(
      total[0] ?? { key: 'total', label: '合计', requests: 0, out_of_list: 0, hours: 0 },
    ),
  };
}
