// Rewards and sanctions (奖惩): records per worker (reward:manage to change, worker:read to see,
// in the worker's subtree), shown in the dossier and counted per unit for the leaders.
import type {
  CreateRewardBody,
  RewardStatsView,
  RewardView,
  UpdateRewardBody,
} from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { isoTs, scopedUnit, scopedWorker } from '../attendance/scope';

interface Row extends Record<string, unknown> {
  id: number;
  worker_id: number;
  worker_name: string;
  org_unit_id: number;
  org_unit_name: string;
  kind: RewardView['kind'];
  level: RewardView['level'];
  title: string;
  date: string;
  reason: string;
  issuing_body: string;
  document_no: string | null;
  version: number;
  created_at: Date;
  org_path: string;
}
const present = (r: Row): RewardView => ({
  id: r.id,
  workerId: r.worker_id,
  workerName: r.worker_name,
  orgUnitId: r.org_unit_id,
  orgUnitName: r.org_unit_name,
  kind: r.kind,
  level: r.level,
  title: r.title,
  date: r.date,
  reason: r.reason,
  issuingBody: r.issuing_body,
  documentNo: r.document_no,
  version: r.version,
  createdAt: isoTs(r.created_at),
});

async function select(db: DbOrTx, where: ReturnType<typeof sql>): Promise<Row[]> {
  const { rows } = await db.execute<Row>(sql`
    select r.id, r.worker_id, w.name as worker_name, r.org_unit_id, u.name as org_unit_name,
           r.kind, r.level, r.title, r.date::text as date, r.reason, r.issuing_body, r.document_no,
           r.version, r.created_at, w.org_path
      from reward_sanction r join worker w on w.id = r.worker_id
      join org_unit u on u.id = r.org_unit_id
     where ${where} order by r.date desc, r.id desc`);
  return rows;
}

export async function workerRewards(
  db: Db,
  auth: AuthContext,
  workerId: number,
): Promise<RewardView[]> {
  const w = await scopedWorker(db, auth, workerId);
  return (await select(db, sql`r.worker_id = ${w.id}`)).map(present);
}

export async function createReward(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateRewardBody,
): Promise<RewardView> {
  const id = await db.transaction(async (tx) => {
    const w = await scopedWorker(tx, auth, body.workerId);
    const { rows } = await tx.execute<{ id: number }>(sql`
      insert into reward_sanction (worker_id, org_unit_id, org_path, kind, level, title, date,
                                   reason, issuing_body, document_no, created_by)
      values (${w.id}, ${w.orgUnitId}, ${w.orgPath}, ${body.kind}, ${body.level}, ${body.title},
              ${body.date}, ${body.reason}, ${body.issuingBody}, ${body.documentNo ?? null},
              ${auth.userId})
      returning id`);
    const rid = rows[0]!.id;
    await writeAudit(tx, ctx, [
      {
        action: `reward_sanction.create`,
        entityType: 'reward_sanction',
        entityId: rid,
        orgPath: w.orgPath,
        changes: { ...body },
      },
    ]);
    return rid;
  });
  return present((await select(db, sql`r.id = ${id}`))[0]!);
}

async function lockVisible(tx: DbOrTx, auth: AuthContext, id: number): Promise<Row> {
  const [row] = await select(tx, sql`r.id = ${id}`);
  if (!row || !inScope(auth, row.org_path)) throw notFound();
  await tx.execute(sql`select 1 from reward_sanction where id = ${id} for update`);
  return row;
}

export async function updateReward(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: UpdateRewardBody,
): Promise<RewardView> {
  await db.transaction(async (tx) => {
    const row = await lockVisible(tx, auth, id);
    const { rows } = await tx.execute<{ id: number }>(sql`
      update reward_sanction set kind = ${body.kind}, level = ${body.level}, title = ${body.title},
             date = ${body.date}, reason = ${body.reason}, issuing_body = ${body.issuingBody},
             document_no = ${body.documentNo ?? null}, version = version + 1, updated_at = now()
       where id = ${id} and version = ${body.version} returning id`);
    if (!rows[0]) throw new AppError('CONFLICT');
    const { version: _v, ...rest } = body;
    await writeAudit(tx, ctx, [
      {
        action: 'reward_sanction.update',
        entityType: 'reward_sanction',
        entityId: id,
        orgPath: row.org_path,
        changes: { before: present(row), after: rest },
      },
    ]);
  });
  return present((await select(db, sql`r.id = ${id}`))[0]!);
}

export async function deleteReward(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockVisible(tx, auth, id);
    if (row.version !== version) throw new AppError('CONFLICT');
    await tx.execute(sql`delete from reward_sanction where id = ${id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'reward_sanction.delete',
        entityType: 'reward_sanction',
        entityId: id,
        orgPath: row.org_path,
        changes: present(row),
      },
    ]);
  });
}

/** Counts per direct child unit (or the unit itself when it has none) and per level. */
export async function rewardStats(
  db: Db,
  auth: AuthContext,
  q: { orgUnitId?: number | undefined; year?: number | undefined },
): Promise<RewardStatsView> {
  const u = await scopedUnit(db, auth, q.orgUnitId);
  const year = q.year
    ? sql` and r.date between ${`${q.year}-01-01`} and ${`${q.year}-12-31`}`
    : sql``;
  const { rows: units } = await db.execute<{
    id: number;
    name: string;
    rewards: number;
    sanctions: number;
  }>(sql`
    select c.id, c.name,
           count(r.id) filter (where r.kind = 'reward')::int as rewards,
           count(r.id) filter (where r.kind = 'sanction')::int as sanctions
      from org_unit c
      left join reward_sanction r on r.org_path like c.path || '%'${year}
     where (c.parent_id = ${u.id} or (c.id = ${u.id} and not exists (
             select 1 from org_unit k where k.parent_id = ${u.id})))
     group by c.id, c.name, c.path order by c.path`);
  const { rows: byLevel } = await db.execute<{
    kind: 'reward' | 'sanction';
    level: RewardView['level'];
    count: number;
  }>(sql`
    select r.kind, r.level, count(*)::int as count from reward_sanction r
     where r.org_path like ${`${u.path}%`}${year}
     group by r.kind, r.level order by r.kind, count desc`);
  const totals = { rewards: 0, sanctions: 0 };
  for (const r of byLevel) {
    if (r.kind === 'reward') totals.rewards += r.count;
    else totals.sanctions += r.count;
  }
  return {
    year: q.year ?? null,
    units: units.map((x) => ({
      orgUnitId: x.id,
      orgUnitName: x.name,
      rewards: x.rewards,
      sanctions: x.sanctions,
    })),
    byLevel,
    totals,
  };
}
