// Reading rule sets: who may read which (their own subtree, plus the approved versions of their
// ancestors, since those apply to them), the list query, and the presenters.
import {
  RULE_SET_KINDS,
  RULE_SET_STATUSES,
  type RuleSetListQuery,
  type RuleSetSummary,
  type RuleSetView,
} from '@cwp/contracts';
import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  ilike,
  inArray,
  like,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/client';
import { appUser, orgUnit } from '../../db/schema';
import { ruleSet } from '../../db/schema-career';
import type { AuthContext } from '../../lib/auth-context';
import { notFound } from '../../lib/errors';
import { narrow } from '../../lib/narrow';
import { inScope } from '../../lib/scope';
import { todayIso } from '../workers/mapping';
import { pathIds } from './resolve';

export type RuleSetRow = typeof ruleSet.$inferSelect;

/** Own subtree: everything; an ancestor's: approved versions only. */
export function canRead(auth: AuthContext, row: { orgPath: string; status: string }): boolean {
  return (
    inScope(auth, row.orgPath) ||
    (auth.orgPath.startsWith(row.orgPath) && row.status === 'in_force')
  );
}

/** A unit whose rules the caller may ask about: in their subtree or above them. */
export function canSeeUnit(auth: AuthContext, path: string): boolean {
  return inScope(auth, path) || auth.orgPath.startsWith(path);
}

/** The SQL twin of canRead. */
export function readableBy(auth: AuthContext): SQL {
  const above = pathIds(auth.orgPath).slice(0, -1);
  const own = like(ruleSet.orgPath, `${auth.orgPath}%`);
  if (above.length === 0) return own;
  return or(own, and(inArray(ruleSet.orgUnitId, above), eq(ruleSet.status, 'in_force'))) ?? own;
}

export async function unitOr404(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
): Promise<typeof orgUnit.$inferSelect> {
  const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, id));
  if (!unit || !canSeeUnit(auth, unit.path)) throw notFound();
  return unit;
}

const creator = alias(appUser, 'rs_creator');
const submitter = alias(appUser, 'rs_submitter');
const approver = alias(appUser, 'rs_approver');

const { content: _content, ...summaryColumns } = getTableColumns(ruleSet);

function selectRuleSets(db: DbOrTx, withContent: boolean, today: string) {
  return db
    .select({
      row: summaryColumns,
      content: withContent ? ruleSet.content : sql<unknown>`null`,
      orgUnitName: orgUnit.name,
      orgUnitLevel: orgUnit.level,
      creatorName: creator.displayName,
      submitterName: submitter.displayName,
      approverName: approver.displayName,
      // The version in force at this unit today, to tell current from superseded and scheduled.
      currentId: sql<number | null>`(
        select r2.id from rule_set r2
         where r2.kind = "rule_set"."kind" and r2.org_unit_id = "rule_set"."org_unit_id"
           and r2.status = 'in_force' and r2.effective_from <= ${today}::date
         order by r2.effective_from desc, r2.version_no desc limit 1)`,
    })
    .from(ruleSet)
    .innerJoin(orgUnit, eq(orgUnit.id, ruleSet.orgUnitId))
    .leftJoin(creator, eq(creator.id, ruleSet.createdBy))
    .leftJoin(submitter, eq(submitter.id, ruleSet.submittedBy))
    .leftJoin(approver, eq(approver.id, ruleSet.approvedBy));
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectRuleSets>['execute']>>[number];

const ref = (id: number | null, name: string | null) =>
  id === null ? null : { id, displayName: name ?? '' };

function presentSummary(s: Selected, today: string): RuleSetSummary {
  const r = s.row;
  const status = narrow(RULE_SET_STATUSES, r.status, '规则集状态');
  let timeline: RuleSetSummary['timeline'] = null;
  if (status === 'in_force') {
    if (r.effectiveFrom > today) timeline = 'scheduled';
    else timeline = Number(s.currentId) === r.id ? 'current' : 'superseded';
  }
  return {
    id: r.id,
    kind: narrow(RULE_SET_KINDS, r.kind, '规则类型'),
    orgUnitId: r.orgUnitId,
    orgUnitName: s.orgUnitName,
    orgUnitLevel: s.orgUnitLevel,
    name: r.name,
    versionNo: r.versionNo,
    effectiveFrom: r.effectiveFrom,
    status,
    timeline,
    note: r.note,
    createdBy: ref(r.createdBy, s.creatorName),
    submittedBy: ref(r.submittedBy, s.submitterName),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    approvedBy: ref(r.approvedBy, s.approverName),
    approvedAt: r.approvedAt?.toISOString() ?? null,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** One rule set with its content, if the caller may read it; 404 otherwise. */
export async function loadView(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
): Promise<{ view: RuleSetView; row: Selected['row'] }> {
  const today = todayIso();
  const [s] = await selectRuleSets(db, true, today).where(eq(ruleSet.id, id));
  if (!s || !canRead(auth, s.row)) throw notFound();
  return { view: { ...presentSummary(s, today), content: s.content }, row: s.row };
}

/** Every readable version of one kind at one unit, newest first. */
export async function historyOf(
  db: DbOrTx,
  auth: AuthContext,
  kind: string,
  orgUnitId: number,
): Promise<RuleSetSummary[]> {
  const today = todayIso();
  const rows = await selectRuleSets(db, false, today)
    .where(and(eq(ruleSet.kind, kind), eq(ruleSet.orgUnitId, orgUnitId), readableBy(auth)))
    .orderBy(desc(ruleSet.versionNo));
  return rows.map((s) => presentSummary(s, today));
}

export async function listRuleSets(
  db: Db,
  auth: AuthContext,
  q: RuleSetListQuery,
): Promise<{ items: RuleSetSummary[]; total: number }> {
  const where: (SQL | undefined)[] = [readableBy(auth)];
  if (q.orgUnitId !== undefined) {
    const unit = await unitOr404(db, auth, q.orgUnitId);
    if (q.orgScope === 'self') where.push(eq(ruleSet.orgUnitId, unit.id));
    else if (q.orgScope === 'chain') where.push(inArray(ruleSet.orgUnitId, pathIds(unit.path)));
    else where.push(like(ruleSet.orgPath, `${unit.path}%`));
  }
  if (q.kind) where.push(eq(ruleSet.kind, q.kind));
  if (q.status) where.push(eq(ruleSet.status, q.status));
  if (q.q) where.push(ilike(ruleSet.name, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const cond = and(...where);
  const today = todayIso();
  const [rows, [total]] = await Promise.all([
    selectRuleSets(db, false, today)
      .where(cond)
      .orderBy(
        asc(sql`length(${ruleSet.orgPath})`),
        asc(ruleSet.orgPath),
        asc(ruleSet.kind),
        desc(ruleSet.versionNo),
      )
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(ruleSet).where(cond),
  ]);
  return { items: rows.map((s) => presentSummary(s, today)), total: total?.n ?? 0 };
}
