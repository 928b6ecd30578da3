// Cycle records: open one for a unit and period, read it (scoped), lock it for a change.
import type { CreateCycleBody, CycleStatus, CycleView } from '@cwp/contracts';
import { ASSESSMENT_RATING_LABELS, ASSESSMENT_RATINGS, type AssessmentScheme } from '@cwp/core';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { assessmentCycle } from '../../db/schema-assessment-cycles';
import { ruleSet } from '../../db/schema-career';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { latestRequestOf } from '../approvals/view';
import { resolveScheme, storedScheme } from './scheme';

export type CycleRow = typeof assessmentCycle.$inferSelect;

export const STATUS_ZH: Readonly<Record<CycleStatus, string>> = {
  open: '自评与评分中',
  computed: '已计算',
  pending: '审批中',
  approved: '已审批',
  published: '已公示',
  final: '已定档',
};

export function periodLabel(year: number, period: string): string {
  if (period === 'annual') return `${year} 年度`;
  if (period.startsWith('q')) return `${year} 年第 ${period.slice(1)} 季度`;
  return `${year} 年 ${Number(period.slice(1))} 月`;
}

/** Today in the server's zone, as YYYY-MM-DD. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function frequencyOf(period: string): 'annual' | 'quarterly' | 'monthly' {
  return period === 'annual' ? 'annual' : period.startsWith('q') ? 'quarterly' : 'monthly';
}

/** Locks a cycle in scope, checks the version when given and the allowed statuses. */
export async function lockCycle(
  tx: Tx,
  auth: AuthContext,
  id: number,
  opts: { version?: number | undefined; status?: readonly CycleStatus[]; action?: string } = {},
): Promise<CycleRow> {
  const [row] = await tx
    .select()
    .from(assessmentCycle)
    .where(eq(assessmentCycle.id, id))
    .for('update');
  if (!row || !inScope(auth, row.orgPath)) throw notFound();
  if (opts.version !== undefined && row.version !== opts.version) throw new AppError('CONFLICT');
  if (opts.status && !opts.status.includes(row.status as CycleStatus)) {
    const msg = `考核当前状态为“${STATUS_ZH[row.status as CycleStatus]}”，不能${opts.action ?? '进行此操作'}`;
    throw new AppError('BAD_REQUEST', [{ path: 'status', message: msg }], msg);
  }
  return row;
}

export function schemeOf(row: CycleRow, content: unknown): AssessmentScheme {
  return storedScheme({ id: row.schemeId, content });
}

export async function openCycle(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateCycleBody,
): Promise<number> {
  return db.transaction(async (tx) => {
    const [unit] = await tx
      .select({ id: orgUnit.id, path: orgUnit.path, name: orgUnit.name })
      .from(orgUnit)
      .where(eq(orgUnit.id, body.orgUnitId));
    if (!unit || !inScope(auth, unit.path)) throw fieldError('orgUnitId', '单位不存在或无权访问');
    const scheme = await resolveScheme(tx, unit.path, `${body.year}-12-31`);
    if (!scheme) {
      throw fieldError(
        'orgUnitId',
        `${unit.name}及其上级没有 ${body.year} 年适用的考核方案（规则集“考核方案”须经审批生效），请先配置`,
      );
    }
    const content = scheme.content;
    const freq = frequencyOf(body.period);
    if (freq !== 'annual' && !content.frequencies.includes(freq)) {
      throw fieldError(
        'period',
        `适用的考核方案未开展${freq === 'quarterly' ? '季度' : '月度'}考核`,
      );
    }
    const title = `${unit.name} ${periodLabel(body.year, body.period)}考核`;
    const [row] = await tx
      .insert(assessmentCycle)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        year: body.year,
        period: body.period,
        title,
        schemeId: scheme.id,
        schemeVersion: scheme.versionNo,
        createdBy: auth.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw fieldError('period', `${title}已经开启，不能重复开启`);
    // Everyone in service in the subtree is assessed.
    const added = await tx.execute(sql`
      insert into assessment_cycle_entry (cycle_id, worker_id, org_path)
      select ${row.id}, w.id, w.org_path from worker w
       where w.org_path like ${`${unit.path}%`} and w.status in ('active', 'probation')`);
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_cycle.open',
        entityType: 'assessment_cycle',
        entityId: row.id,
        orgPath: unit.path,
        changes: {
          orgUnitId: unit.id,
          year: body.year,
          period: body.period,
          schemeId: scheme.id,
          schemeVersion: scheme.versionNo,
          workers: added.rowCount ?? 0,
        },
      },
    ]);
    return row.id;
  });
}

interface StatsRow extends Record<string, unknown> {
  cycle_id: number;
  workers: number;
  self_submitted: number;
  pending_appeals: number;
  /** Entries per rating, in ASSESSMENT_RATINGS order. */
  ratings: number[];
}

interface CycleStats {
  workers: number;
  selfSubmitted: number;
  pendingAppeals: number;
  /** Ratings given so far (only those with entries). */
  counts: Record<string, number>;
}

/** The counts a cycle shows, for several cycles in one pass over their entries. */
async function statsOf(db: DbOrTx, ids: number[]): Promise<Map<number, CycleStats>> {
  if (ids.length === 0) return new Map();
  const perRating = sql.join(
    ASSESSMENT_RATINGS.map((r) => sql`count(*) filter (where e.rating = ${r})::int`),
    sql`, `,
  );
  const { rows } = await db.execute<StatsRow>(sql`
    select e.cycle_id,
           count(*)::int as workers,
           count(e.self_submitted_at)::int as self_submitted,
           count(*) filter (where e.appeal_status = 'pending')::int as pending_appeals,
           array[${perRating}] as ratings
      from assessment_cycle_entry e
     where e.cycle_id = any(${sql.param(ids)}::bigint[])
     group by e.cycle_id`);
  return new Map(
    rows.map((r) => [
      Number(r.cycle_id),
      {
        workers: r.workers,
        selfSubmitted: r.self_submitted,
        pendingAppeals: r.pending_appeals,
        counts: Object.fromEntries(
          ASSESSMENT_RATINGS.flatMap((rating, i) => {
            const n = Number(r.ratings[i] ?? 0);
            return n > 0 ? [[rating, n]] : [];
          }),
        ),
      },
    ]),
  );
}

async function present(
  db: DbOrTx,
  rows: { c: CycleRow; unitName: string; content: unknown; schemeName: string }[],
): Promise<CycleView[]> {
  const stats = await statsOf(
    db,
    rows.map((r) => r.c.id),
  );
  const out: CycleView[] = [];
  for (const { c, unitName, content, schemeName } of rows) {
    const s = stats.get(c.id);
    const approval = await latestRequestOf(db, 'assessment_cycle', c.id);
    out.push({
      id: c.id,
      orgUnitId: c.orgUnitId,
      orgUnitName: unitName,
      year: c.year,
      period: c.period,
      title: c.title,
      schemeId: c.schemeId,
      schemeVersion: c.schemeVersion,
      schemeName,
      scheme: schemeOf(c, content),
      status: c.status as CycleStatus,
      computedAt: c.computedAt?.toISOString() ?? null,
      publishedAt: c.publishedAt?.toISOString() ?? null,
      appealDeadline: c.appealDeadline,
      finalizedAt: c.finalizedAt?.toISOString() ?? null,
      workers: s?.workers ?? 0,
      selfSubmitted: s?.selfSubmitted ?? 0,
      counts: s?.counts ?? {},
      pendingAppeals: s?.pendingAppeals ?? 0,
      approvalId: approval?.id ?? null,
      version: c.version,
    });
  }
  return out;
}

function cycleQuery(db: DbOrTx) {
  return db
    .select({
      c: assessmentCycle,
      unitName: orgUnit.name,
      content: ruleSet.content,
      schemeName: ruleSet.name,
    })
    .from(assessmentCycle)
    .innerJoin(orgUnit, eq(orgUnit.id, assessmentCycle.orgUnitId))
    .innerJoin(ruleSet, eq(ruleSet.id, assessmentCycle.schemeId));
}

export async function listCycles(
  db: Db,
  auth: AuthContext,
  q: { year?: number | undefined; page: number; pageSize: number },
): Promise<{ items: CycleView[]; total: number }> {
  const where = and(
    scopeToOrgUnits(auth, assessmentCycle.orgPath),
    q.year !== undefined ? eq(assessmentCycle.year, q.year) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    cycleQuery(db)
      .where(where)
      .orderBy(desc(assessmentCycle.year), desc(assessmentCycle.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(assessmentCycle)
      .where(where),
  ]);
  return { items: await present(db, rows), total: total?.n ?? 0 };
}

export async function getCycle(db: DbOrTx, auth: AuthContext, id: number): Promise<CycleView> {
  const [row] = await cycleQuery(db).where(eq(assessmentCycle.id, id));
  if (!row || !inScope(auth, row.c.orgPath)) throw notFound();
  const [view] = await present(db, [row]);
  if (!view) throw notFound();
  return view;
}

export const ratingZh = (r: string): string =>
  r in ASSESSMENT_RATING_LABELS
    ? ASSESSMENT_RATING_LABELS[r as keyof typeof ASSESSMENT_RATING_LABELS]
    : r;
