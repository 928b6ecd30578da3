// Political care and honours: nomination rounds with their criteria (data), nominees checked
// against them (evaluateEligibility), submitted for approval one level up the tree (subject
// `nomination`), their outcome; commendations and role models, optionally public.
import type {
  CommendationView,
  EligibilityView,
  NominationRoundDetail,
  NominationRoundView,
  NominationView,
  PublicHonorRoll,
  createCommendationBody,
  createNominationBody,
  createNominationRoundBody,
  nominationOutcomeBody,
  submitNominationBody,
  commendationListQuery,
} from '@cwp/contracts';
import {
  ASSESSMENT_RATINGS,
  evaluateEligibility,
  type AssessmentRating,
  type NominationCriteria,
} from '@cwp/core';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { DbOrTx, Tx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { scopeToOrgUnits } from '../../lib/scope';
import { openRequest } from '../approvals/service';
import { unitPathInScope, workerInScope } from '../contracts/queries';

type Row = Record<string, unknown>;
const d = (col: string) => sql.raw(`to_char(${col}, 'YYYY-MM-DD')`);

function isRating(v: string): v is AssessmentRating {
  return (ASSESSMENT_RATINGS as readonly string[]).includes(v);
}

function presentRound(r: Row): NominationRoundView {
  return {
    id: Number(r.id),
    orgUnitId: Number(r.org_unit_id),
    orgUnitName: String(r.org_unit_name),
    kind: r.kind as NominationRoundView['kind'],
    title: String(r.title),
    referenceDate: String(r.reference_date),
    criteria: r.criteria as NominationCriteria,
    nominations: Number(r.nominations ?? 0),
    version: Number(r.version),
  };
}

const ROUND_SQL = sql`
  select n.id, n.org_unit_id, o.name as org_unit_name, n.org_path, n.kind, n.title,
         ${d('n.reference_date')} as reference_date, n.criteria, n.version,
         (select count(*)::int from nomination x where x.round_id = n.id) as nominations
    from nomination_round n join org_unit o on o.id = n.org_unit_id`;

export async function listRounds(
  db: DbOrTx,
  auth: AuthContext,
  page: { page: number; pageSize: number },
): Promise<{ items: NominationRoundView[]; total: number }> {
  const cond = scopeToOrgUnits(auth, sql`n.org_path`);
  const { rows } = await db.execute<Row>(
    sql`${ROUND_SQL} where ${cond} order by n.id desc
        limit ${page.pageSize} offset ${(page.page - 1) * page.pageSize}`,
  );
  const { rows: c } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from nomination_round n where ${cond}`,
  );
  return { items: rows.map(presentRound), total: Number(c[0]?.n ?? 0) };
}

async function roundRow(db: DbOrTx, auth: AuthContext, id: number): Promise<Row> {
  const { rows } = await db.execute<Row>(sql`${ROUND_SQL} where n.id = ${id}`);
  const r = rows[0];
  if (!r || !String(r.org_path).startsWith(auth.orgPath)) throw notFound();
  return r;
}

function presentNomination(r: Row): NominationView {
  return {
    id: Number(r.id),
    roundId: Number(r.round_id),
    workerId: Number(r.worker_id),
    workerName: String(r.worker_name),
    workerUnitName: String(r.worker_unit_name),
    reason: String(r.reason),
    eligibility: r.eligibility as EligibilityView,
    status: r.status as NominationView['status'],
    outcome: (r.outcome ?? null) as NominationView['outcome'],
    version: Number(r.version),
  };
}

export async function getRound(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
): Promise<NominationRoundDetail> {
  const r = await roundRow(db, auth, id);
  const { rows } = await db.execute<Row>(sql`
    select x.id, x.round_id, x.worker_id, w.name as worker_name, o.name as worker_unit_name,
           x.reason, x.eligibility, x.status, x.outcome, x.version
      from nomination x join worker w on w.id = x.worker_id join org_unit o on o.id = w.org_unit_id
     where x.round_id = ${id} and ${scopeToOrgUnits(auth, sql`x.org_path`)}
     order by x.id`);
  return { ...presentRound(r), items: rows.map(presentNomination) };
}

export async function createRound(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof createNominationRoundBody>,
): Promise<number> {
  const unit = await unitPathInScope(tx, auth, body.orgUnitId);
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into nomination_round (org_unit_id, org_path, kind, title, reference_date, criteria,
                                  created_by)
    values (${unit.id}, ${unit.path}, ${body.kind}, ${body.title}, ${body.referenceDate},
            ${JSON.stringify(body.criteria)}::jsonb, ${auth.userId})
    returning id`);
  const id = Number(rows[0]?.id);
  await writeAudit(tx, ctx, [
    {
      action: 'nomination_round.create',
      entityType: 'nomination_round',
      entityId: id,
      orgPath: unit.path,
      changes: body,
    },
  ]);
  return id;
}

/** Eligibility of one worker for a round, from the worker record and annual assessment results. */
export async function eligibilityFor(
  db: DbOrTx,
  auth: AuthContext,
  roundId: number,
  workerId: number,
): Promise<EligibilityView> {
  const round = await roundRow(db, auth, roundId);
  const w = await workerInScope(db, auth, workerId);
  if (!w.orgPath.startsWith(String(round.org_path))) {
    throw fieldError('workerId', '该人员不在本次推选的单位范围内');
  }
  const { rows } = await db.execute<{
    work_start_date: string;
    birth_date: string;
    political_status: string;
  }>(sql`select ${d('work_start_date')} as work_start_date, ${d('birth_date')} as birth_date,
                political_status from worker where id = ${workerId}`);
  const info = rows[0];
  if (!info) throw notFound();
  const { rows: ratings } = await db.execute<{ year: number; rating: string }>(
    sql`select year, rating from assessment_result where worker_id = ${workerId}
         and period = 'annual'`,
  );
  return evaluateEligibility(
    round.criteria as NominationCriteria,
    {
      workStartDate: info.work_start_date,
      birthDate: info.birth_date,
      politicalStatus: info.political_status,
      ratings: ratings.flatMap((r) =>
        isRating(r.rating) ? [{ year: Number(r.year), rating: r.rating }] : [],
      ),
    },
    String(round.reference_date),
  );
}

export async function nominate(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  roundId: number,
  body: z.infer<typeof createNominationBody>,
): Promise<void> {
  const result = await eligibilityFor(tx, auth, roundId, body.workerId);
  if (!result.eligible) {
    throw fieldError(
      'workerId',
      `不符合推选条件：${result.reasons.map((r) => r.message).join('；')}`,
    );
  }
  const w = await workerInScope(tx, auth, body.workerId);
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into nomination (round_id, worker_id, org_path, reason, eligibility, created_by)
    values (${roundId}, ${w.id}, ${w.orgPath}, ${body.reason}, ${JSON.stringify(result)}::jsonb,
            ${auth.userId})
    on conflict (round_id, worker_id) do nothing
    returning id`);
  if (rows.length === 0) throw new AppError('DUPLICATE', undefined, '该人员已在本次推选名单中');
  await writeAudit(tx, ctx, [
    {
      action: 'nomination.create',
      entityType: 'nomination',
      entityId: Number(rows[0]?.id),
      orgPath: w.orgPath,
      changes: { roundId, workerId: w.id, reason: body.reason, eligibility: result },
    },
  ]);
}

interface LockedNomination extends Record<string, unknown> {
  id: number;
  round_id: number;
  org_path: string;
  status: string;
  version: number;
  worker_name: string;
  round_title: string;
  round_unit_id: number;
  round_path: string;
  parent_id: number | null;
  parent_path: string | null;
}

async function lockNomination(tx: Tx, id: number): Promise<LockedNomination | undefined> {
  const { rows } = await tx.execute<LockedNomination>(sql`
    select x.id, x.round_id, x.org_path, x.status, x.version, w.name as worker_name,
           r.title as round_title, r.org_unit_id as round_unit_id, r.org_path as round_path,
           p.id as parent_id, p.path as parent_path
      from nomination x
      join worker w on w.id = x.worker_id
      join nomination_round r on r.id = x.round_id
      join org_unit o on o.id = r.org_unit_id
      left join org_unit p on p.id = o.parent_id
     where x.id = ${id} for update of x`);
  return rows[0];
}

export async function submitNomination(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: z.infer<typeof submitNominationBody>,
): Promise<number> {
  const n = await lockNomination(tx, id);
  if (!n || !n.org_path.startsWith(auth.orgPath)) throw notFound();
  if (n.version !== body.version) throw new AppError('CONFLICT');
  if (n.status !== 'draft' && n.status !== 'returned') {
    throw new AppError('CONFLICT', undefined, '该推选已提交审批');
  }
  await tx.execute(sql`update nomination set status = 'pending', version = version + 1,
                        updated_at = now() where id = ${id}`);
  await writeAudit(tx, ctx, [
    {
      action: 'nomination.submit',
      entityType: 'nomination',
      entityId: id,
      orgPath: n.org_path,
      changes: { status: { from: n.status, to: 'pending' }, comment: body.comment ?? null },
    },
  ]);
  // Up the tree: the unit above the one running the round decides (the top unit decides itself).
  const deciding =
    n.parent_id === null || n.parent_path === null
      ? { id: Number(n.round_unit_id), path: n.round_path }
      : { id: Number(n.parent_id), path: n.parent_path };
  await openRequest(tx, ctx, {
    subjectType: 'nomination',
    subjectId: id,
    title: `推选：${n.round_title} — ${n.worker_name}`,
    decidingUnit: deciding,
    subjectOrgPath: n.org_path,
    requiredPermission: 'honor:manage',
    submitter: { userId: auth.userId, displayName: auth.displayName },
    comment: body.comment ?? null,
  });
  return Number(n.round_id);
}

const NEXT_STATUS = { approve: 'approved', return: 'returned', withdraw: 'withdrawn' } as const;

export async function onNominationDecided(
  tx: Tx,
  ctx: AuditContext,
  id: number,
  decision: 'approve' | 'return' | 'withdraw',
  by: { userId: number; comment: string | null; expectedVersion?: number | undefined },
): Promise<void> {
  const n = await lockNomination(tx, id);
  if (!n) throw new AppError('INTERNAL', undefined, `审批事项对应的推选 ${id} 不存在`);
  if (by.expectedVersion !== undefined && n.version !== by.expectedVersion) {
    throw new AppError('CONFLICT');
  }
  if (n.status !== 'pending') throw new AppError('CONFLICT');
  const status = NEXT_STATUS[decision];
  await tx.execute(sql`update nomination set status = ${status}, version = version + 1,
                        updated_at = now() where id = ${id}`);
  await writeAudit(tx, ctx, [
    {
      action: `nomination.${decision}`,
      entityType: 'nomination',
      entityId: id,
      orgPath: n.org_path,
      changes: { status: { from: n.status, to: status }, comment: by.comment },
    },
  ]);
}

export async function recordOutcome(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: z.infer<typeof nominationOutcomeBody>,
): Promise<number> {
  const n = await lockNomination(tx, id);
  if (!n || !n.org_path.startsWith(auth.orgPath)) throw notFound();
  if (n.version !== body.version) throw new AppError('CONFLICT');
  if (n.status !== 'approved') throw fieldError('outcome', '推选经审批通过后才能登记结果');
  await tx.execute(sql`update nomination set outcome = ${body.outcome}, version = version + 1,
                        updated_at = now() where id = ${id}`);
  await writeAudit(tx, ctx, [
    {
      action: 'nomination.outcome',
      entityType: 'nomination',
      entityId: id,
      orgPath: n.org_path,
      changes: { outcome: body.outcome },
    },
  ]);
  return Number(n.round_id);
}

// ---------------------------------------------------------------------------------------------
// Commendations and role models

const COMMENDATION_SQL = sql`
  select c.id, c.worker_id, w.name as worker_name, o.name as worker_unit_name, c.kind, c.title,
         c.awarding_body, ${d('c.awarded_on')} as awarded_on, c.citation, c.is_public, c.version,
         c.org_path
    from commendation c join worker w on w.id = c.worker_id join org_unit o on o.id = w.org_unit_id`;

function presentCommendation(r: Row): CommendationView {
  return {
    id: Number(r.id),
    workerId: Number(r.worker_id),
    workerName: String(r.worker_name),
    workerUnitName: String(r.worker_unit_name),
    kind: r.kind as CommendationView['kind'],
    title: String(r.title),
    awardingBody: String(r.awarding_body),
    awardedOn: String(r.awarded_on),
    citation: String(r.citation),
    isPublic: Boolean(r.is_public),
    version: Number(r.version),
  };
}

export async function listCommendations(
  db: DbOrTx,
  auth: AuthContext,
  q: z.infer<typeof commendationListQuery>,
): Promise<{ items: CommendationView[]; total: number }> {
  const where: SQL[] = [scopeToOrgUnits(auth, sql`c.org_path`)];
  if (q.workerId) where.push(sql`c.worker_id = ${q.workerId}`);
  const cond = sql.join(where, sql` and `);
  const { rows } = await db.execute<Row>(
    sql`${COMMENDATION_SQL} where ${cond} order by c.awarded_on desc, c.id desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const { rows: c } = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from commendation c where ${cond}`,
  );
  return { items: rows.map(presentCommendation), total: Number(c[0]?.n ?? 0) };
}

export async function createCommendation(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  body: z.infer<typeof createCommendationBody>,
): Promise<CommendationView> {
  const w = await workerInScope(tx, auth, body.workerId);
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into commendation (worker_id, org_path, kind, title, awarding_body, awarded_on,
                              citation, is_public, created_by)
    values (${w.id}, ${w.orgPath}, ${body.kind}, ${body.title}, ${body.awardingBody},
            ${body.awardedOn}, ${body.citation}, ${body.isPublic}, ${auth.userId})
    returning id`);
  const id = Number(rows[0]?.id);
  await writeAudit(tx, ctx, [
    {
      action: 'commendation.create',
      entityType: 'commendation',
      entityId: id,
      orgPath: w.orgPath,
      changes: body,
    },
  ]);
  const { rows: out } = await tx.execute<Row>(sql`${COMMENDATION_SQL} where c.id = ${id}`);
  const r = out[0];
  if (!r) throw new AppError('INTERNAL');
  return presentCommendation(r);
}

/**
 * The public honour roll of a community: its public commendations only; null when the id is not
 * an active community.
 */
export async function publicHonorRoll(db: DbOrTx, id: number): Promise<PublicHonorRoll | null> {
  const { rows: units } = await db.execute<{ name: string; path: string }>(
    sql`select name, path from org_unit where id = ${id} and level = 'community' and active`,
  );
  const unit = units[0];
  if (!unit) return null;
  const { rows } = await db.execute<Row>(
    sql`${COMMENDATION_SQL} where c.is_public and c.org_path like ${`${unit.path}%`}
        order by c.awarded_on desc, c.id desc limit 100`,
  );
  return {
    community: unit.name,
    items: rows.map((r) => {
      const v = presentCommendation(r);
      return {
        workerName: v.workerName,
        kind: v.kind,
        title: v.title,
        awardingBody: v.awardingBody,
        awardedOn: v.awardedOn,
        citation: v.citation,
      };
    }),
  };
}
