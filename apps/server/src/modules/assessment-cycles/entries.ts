// Inside a cycle: the entries list, raters' scores, entered source data, the computation (pure
// scoring from @cwp/core, written back in one statement) and adjustments with a reason.
import type { CycleEntryView, CycleInputView, CycleScoreItem } from '@cwp/contracts';
import {
  excellentCapViolation,
  RATED_SOURCES,
  scoreCycle,
  type AssessmentRating,
  type DimensionScores,
  type RatedSource,
  type WorkerInputs,
  type AssessmentScheme,
} from '@cwp/core';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { inTurn, type Db, type DbOrTx, type Tx } from '../../db/client';
import { orgUnit, worker } from '../../db/schema';
import {
  assessmentCycle,
  assessmentCycleEntry,
  assessmentCycleInput,
  assessmentCycleScore,
} from '../../db/schema-assessment-cycles';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import { inOrderOf } from '../../lib/paging';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { escapeLike } from '../org-units/service';
import { getCycle, lockCycle, ratingZh, type CycleRow } from './cycles';
import { schemeById } from './scheme';
import {
  ABSENCE_SOURCES,
  ABSENCE_SOURCE_ZH,
  loadSourceData,
  type CycleSourceProviders,
} from './inputs';

const ENTRY_WRITABLE = ['open', 'computed'] as const;

export interface EntryPageQuery {
  q?: string | undefined;
  rating?: string | undefined;
  appeal?: 'pending' | undefined;
  page: number;
  pageSize: number;
}

/**
 * One page of a cycle's entries in the caller's subtree, as worker ids in list order (unit path,
 * then worker), and the total. Read from `assessment_cycle_entry_path_idx` alone (the worker is
 * looked at only to search by name), so a page far down a cycle of 100,000 walks the index
 * instead of joining every entry before it.
 */
async function entryPage(
  db: Db,
  auth: AuthContext,
  cycleId: number,
  q: EntryPageQuery,
): Promise<{ ids: number[]; total: number }> {
  const where = and(
    eq(assessmentCycleEntry.cycleId, cycleId),
    // Inside the cycle, a caller sees only the workers of their own subtree.
    scopeToOrgUnits(auth, assessmentCycleEntry.orgPath),
    q.q
      ? sql`exists (select 1 from ${worker} where ${worker.id} = ${assessmentCycleEntry.workerId}
              and ${worker.name} like ${`%${escapeLike(q.q)}%`})`
      : undefined,
    q.rating ? eq(assessmentCycleEntry.rating, q.rating) : undefined,
    q.appeal ? eq(assessmentCycleEntry.appealStatus, q.appeal) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ workerId: assessmentCycleEntry.workerId })
      .from(assessmentCycleEntry)
      .where(where)
      .orderBy(assessmentCycleEntry.orgPath, assessmentCycleEntry.workerId)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(assessmentCycleEntry)
      .where(where),
  ]);
  return { ids: rows.map((r) => r.workerId), total: total?.n ?? 0 };
}

export async function listEntries(
  db: Db,
  auth: AuthContext,
  cycleId: number,
  q: EntryPageQuery,
): Promise<{ items: CycleEntryView[]; total: number }> {
  await getCycle(db, auth, cycleId);
  const page = await entryPage(db, auth, cycleId, q);
  const rows =
    page.ids.length === 0
      ? []
      : await db
          .select({
            e: assessmentCycleEntry,
            workerName: worker.name,
            orgUnitName: orgUnit.name,
            scores: sql<number>`(select count(*)::int from assessment_cycle_score s where s.cycle_id = ${assessmentCycleEntry.cycleId} and s.worker_id = ${assessmentCycleEntry.workerId})`,
          })
          .from(assessmentCycleEntry)
          .innerJoin(worker, eq(worker.id, assessmentCycleEntry.workerId))
          .innerJoin(orgUnit, eq(orgUnit.id, worker.orgUnitId))
          .where(
            and(
              eq(assessmentCycleEntry.cycleId, cycleId),
              inArray(assessmentCycleEntry.workerId, page.ids),
            ),
          );
  return {
    items: inOrderOf(page.ids, rows, (r) => r.e.workerId).map((r) =>
      presentEntry(r.e, r.workerName, r.orgUnitName, r.scores),
    ),
    total: page.total,
  };
}

type EntryRow = typeof assessmentCycleEntry.$inferSelect;

const stringArray = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function numberRecord(v: unknown): Record<string, number> | null {
  if (typeof v !== 'object' || v === null) return null;
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'number') out[k] = x;
  return out;
}

export function presentEntry(
  e: EntryRow,
  workerName: string,
  orgUnitName: string,
  scoresEntered: number,
): CycleEntryView {
  return {
    workerId: e.workerId,
    workerName,
    orgUnitName,
    selfSummary: e.selfSummary,
    selfSubmittedAt: e.selfSubmittedAt?.toISOString() ?? null,
    satisfactionPct: e.satisfactionPct,
    absenceDays: e.absenceDays,
    absenceSource:
      e.absenceSource === 'attendance' || e.absenceSource === 'entered' ? e.absenceSource : null,
    score: e.score,
    sourceScores: numberRecord(e.sourceScores),
    proposedRating: e.proposedRating as AssessmentRating | null,
    reasons: stringArray(e.reasons),
    rating: e.rating as AssessmentRating | null,
    adjustReason: e.adjustReason,
    appealStatus: e.appealStatus as CycleEntryView['appealStatus'],
    appealText: e.appealText,
    appealedAt: e.appealedAt?.toISOString() ?? null,
    appealReply: e.appealReply,
    scoresEntered,
    version: e.version,
  };
}

/** Worker ids of the cycle inside the caller's scope, from `ids`. */
async function entriesInScope(tx: Tx, auth: AuthContext, cycleId: number, ids: number[]) {
  const rows = await tx
    .select({ workerId: assessmentCycleEntry.workerId })
    .from(assessmentCycleEntry)
    .where(
      and(
        eq(assessmentCycleEntry.cycleId, cycleId),
        sql`${assessmentCycleEntry.workerId} = any(${sql.param(ids)}::bigint[])`,
        sql`${assessmentCycleEntry.orgPath} like ${`${auth.orgPath}%`}`,
      ),
    );
  return new Set(rows.map((r) => r.workerId));
}

function unknownWorkers(items: { workerId: number }[], known: Set<number>): AppError | null {
  const bad = items.findIndex((i) => !known.has(i.workerId));
  if (bad < 0) return null;
  const msg = `第 ${bad + 1} 条：人员 ${items[bad]?.workerId} 不在本次考核范围内`;
  return new AppError('VALIDATION_FAILED', [{ path: `items.${bad}.workerId`, message: msg }], msg);
}

/** Raters' scores (insert or replace per worker, source and rater). */
export async function saveScores(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  cycleId: number,
  items: CycleScoreItem[],
): Promise<number> {
  return db.transaction(async (tx) => {
    const cycle = await lockCycle(tx, auth, cycleId, {
      status: ENTRY_WRITABLE,
      action: '录入评分',
    });
    await writeScoresInTx(tx, auth, ctx, cycle, items);
    return items.length;
  });
}

export async function writeScoresInTx(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  cycle: CycleRow,
  items: CycleScoreItem[],
): Promise<void> {
  items.forEach((it, i) => {
    if (it.politicalQuality == null && it.performance == null && it.residentSatisfaction == null) {
      const msg = `第 ${i + 1} 条：至少填写一个维度的得分`;
      throw new AppError(
        'VALIDATION_FAILED',
        [{ path: `items.${i}.performance`, message: msg }],
        msg,
      );
    }
  });
  const known = await entriesInScope(
    tx,
    auth,
    cycle.id,
    items.map((i) => i.workerId),
  );
  const err = unknownWorkers(items, known);
  if (err) throw err;
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    await tx
      .insert(assessmentCycleScore)
      .values(
        chunk.map((it) => ({
          cycleId: cycle.id,
          workerId: it.workerId,
          source: it.source,
          rater: it.rater,
          politicalQuality: it.politicalQuality ?? null,
          performance: it.performance ?? null,
          residentSatisfaction: it.residentSatisfaction ?? null,
          recordedBy: auth.userId,
        })),
      )
      .onConflictDoUpdate({
        target: [
          assessmentCycleScore.cycleId,
          assessmentCycleScore.workerId,
          assessmentCycleScore.source,
          assessmentCycleScore.rater,
        ],
        set: {
          politicalQuality: sql`excluded.political_quality`,
          performance: sql`excluded.performance`,
          residentSatisfaction: sql`excluded.resident_satisfaction`,
          recordedBy: auth.userId,
          recordedAt: new Date(),
        },
      });
  }
  await writeAudit(tx, ctx, [
    {
      action: 'assessment_cycle.scores',
      entityType: 'assessment_cycle',
      entityId: cycle.id,
      orgPath: cycle.orgPath,
      changes: {
        count: items.length,
        items: items.slice(0, 200).map((it) => ({
          workerId: it.workerId,
          source: it.source,
          rater: it.rater,
          politicalQuality: it.politicalQuality ?? null,
          performance: it.performance ?? null,
          residentSatisfaction: it.residentSatisfaction ?? null,
        })),
      },
    },
  ]);
}

export interface CycleInputItem {
  workerId: number;
  satisfactionPct?: number | null | undefined;
  absenceDays?: number | null | undefined;
}

/**
 * Satisfaction and absence entered by hand for workers of the cycle. Each item replaces the
 * worker's entered pair: a missing or null figure clears the entered value (the cycle then reads
 * the survey or attendance figure again, if any).
 */
export async function saveInputs(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  cycleId: number,
  items: CycleInputItem[],
): Promise<number> {
  return db.transaction(async (tx) => {
    const cycle = await lockInputs(tx, auth, cycleId);
    await writeInputsInTx(tx, auth, ctx, cycle, items);
    return items.length;
  });
}

/** Locks the cycle for entered figures: refused once its inputs are locked (after compute). */
export function lockInputs(tx: Tx, auth: AuthContext, cycleId: number): Promise<CycleRow> {
  return lockCycle(tx, auth, cycleId, {
    status: ENTRY_WRITABLE,
    action: '录入满意度或缺勤数据',
  });
}

/** The write shared by the screen (POST …/inputs) and the .xlsx import; audited. */
export async function writeInputsInTx(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  cycle: CycleRow,
  items: CycleInputItem[],
  via: 'screen' | 'xlsx' = 'screen',
): Promise<void> {
  if (items.length === 0) return;
  const known = await entriesInScope(
    tx,
    auth,
    cycle.id,
    items.map((i) => i.workerId),
  );
  const err = unknownWorkers(items, known);
  if (err) throw err;
  for (let i = 0; i < items.length; i += 1000) {
    await tx
      .insert(assessmentCycleInput)
      .values(
        items.slice(i, i + 1000).map((it) => ({
          cycleId: cycle.id,
          workerId: it.workerId,
          satisfactionPct: it.satisfactionPct ?? null,
          absenceDays: it.absenceDays ?? null,
          recordedBy: auth.userId,
        })),
      )
      .onConflictDoUpdate({
        target: [assessmentCycleInput.cycleId, assessmentCycleInput.workerId],
        set: {
          satisfactionPct: sql`excluded.satisfaction_pct`,
          absenceDays: sql`excluded.absence_days`,
          recordedBy: auth.userId,
          recordedAt: new Date(),
        },
      });
  }
  await writeAudit(tx, ctx, [
    {
      action: 'assessment_cycle.inputs',
      entityType: 'assessment_cycle',
      entityId: cycle.id,
      orgPath: cycle.orgPath,
      changes: {
        count: items.length,
        ...(via === 'xlsx' ? { via } : {}),
        items: items.slice(0, 200),
      },
    },
  ]);
}

/** Current satisfaction and absence of the cycle's workers (in scope) and where each comes from. */
export async function listInputs(
  db: Db,
  auth: AuthContext,
  providers: CycleSourceProviders,
  cycleId: number,
  q: { q?: string | undefined; page: number; pageSize: number },
): Promise<{ items: CycleInputView[]; total: number }> {
  const cycle = await getCycleRow(db, auth, cycleId);
  const page = await entryPage(db, auth, cycleId, q);
  if (page.ids.length === 0) return { items: [], total: page.total };
  // The page's names and units, and the source data of its workers only.
  const [named, source] = await Promise.all([
    db
      .select({ workerId: worker.id, workerName: worker.name, orgUnitName: orgUnit.name })
      .from(worker)
      .innerJoin(orgUnit, eq(orgUnit.id, worker.orgUnitId))
      .where(inArray(worker.id, page.ids)),
    loadSourceData(db, providers, cycle, page.ids),
  ]);
  const rows = inOrderOf(page.ids, named, (r) => r.workerId);
  return {
    items: rows.map((r) => {
      const d = source.get(r.workerId);
      return {
        ...r,
        absenceDays: d?.absenceDays ?? null,
        absenceSource: d?.absenceSource ?? null,
        satisfactionPct: d?.satisfactionPct ?? null,
        satisfactionSource: d?.satisfactionSource ?? null,
      };
    }),
    total: page.total,
  };
}

/** The cycle row (scoped), for reads that need its period and unit. */
export async function getCycleRow(db: DbOrTx, auth: AuthContext, id: number): Promise<CycleRow> {
  const [row] = await db.select().from(assessmentCycle).where(eq(assessmentCycle.id, id));
  if (!row || !inScope(auth, row.orgPath)) throw notFound();
  return row;
}

interface ScoreRow extends Record<string, unknown> {
  worker_id: number;
  source: string;
  political_quality: string | null;
  performance: string | null;
  resident_satisfaction: string | null;
}

const num = (v: string | null): number | undefined => (v === null ? undefined : Number(v));

/** Inputs of every worker of the cycle, for the pure scoring. */
export async function loadWorkerInputs(
  db: DbOrTx,
  providers: CycleSourceProviders,
  cycle: Pick<CycleRow, 'id' | 'year' | 'period' | 'orgPath'>,
): Promise<WorkerInputs[]> {
  const [entries, scores, source] = await inTurn(
    db,
    () =>
      db
        .select({ workerId: assessmentCycleEntry.workerId })
        .from(assessmentCycleEntry)
        .where(eq(assessmentCycleEntry.cycleId, cycle.id)),
    () =>
      db.execute<ScoreRow>(sql`
        select worker_id, source, political_quality, performance, resident_satisfaction
          from assessment_cycle_score where cycle_id = ${cycle.id}`),
    () => loadSourceData(db, providers, cycle),
  );
  const byWorker = new Map<number, WorkerInputs>();
  for (const e of entries) {
    const d = source.get(e.workerId);
    byWorker.set(e.workerId, {
      workerId: e.workerId,
      ratings: {},
      satisfactionPct: d?.satisfactionPct ?? null,
      unexcusedAbsenceDays: d?.absenceDays ?? null,
      absenceSource: d?.absenceSource ? ABSENCE_SOURCE_ZH[d.absenceSource] : null,
    });
  }
  for (const s of scores.rows) {
    const w = byWorker.get(Number(s.worker_id));
    if (!w || !RATED_SOURCES.includes(s.source as RatedSource)) continue;
    const dims: DimensionScores = {};
    const pq = num(s.political_quality);
    const pf = num(s.performance);
    const rs = num(s.resident_satisfaction);
    if (pq !== undefined) dims.political_quality = pq;
    if (pf !== undefined) dims.performance = pf;
    if (rs !== undefined) dims.resident_satisfaction = rs;
    const src = s.source as RatedSource;
    (w.ratings[src] ??= []).push(dims);
  }
  return [...byWorker.values()];
}

/** Entries per UPDATE when scores are written (~300 bytes of JSON each). */
const WRITE_CHUNK = 50_000;

/**
 * Scores the whole cycle and writes score, proposal and reasons of every entry, WRITE_CHUNK
 * entries per statement. An adjusted entry keeps its adjusted rating (the proposal next to it is
 * refreshed).
 */
export async function computeCycleInTx(
  tx: DbOrTx,
  providers: CycleSourceProviders,
  cycle: CycleRow,
  scheme: AssessmentScheme,
): Promise<{ workers: number; counts: Record<string, number> }> {
  const inputs = await loadWorkerInputs(tx, providers, cycle);
  const scored = scoreCycle(scheme, inputs);
  // Every entry's new figures go as one JSON document (jsonb_to_recordset): pg's escaping of eight
  // 100,000-element array parameters, the JSON texts among them, took ~5 s of the 6.5 s this
  // statement cost for 100,000 workers (docs/PERFORMANCE.md, assessment cycles).
  const rows: unknown[] = [];
  const counts: Record<string, number> = {};
  inputs.forEach((input, i) => {
    const s = scored[i];
    if (!s) return;
    rows.push({
      worker_id: s.workerId,
      score: s.score,
      rating: s.rating,
      reasons: s.reasons,
      sources: s.sourceScores,
      sat: input.satisfactionPct,
      abs: input.unexcusedAbsenceDays,
      abs_src:
        input.unexcusedAbsenceDays === null
          ? null
          : (ABSENCE_SOURCES.find((k) => ABSENCE_SOURCE_ZH[k] === input.absenceSource) ?? null),
    });
    counts[s.rating] = (counts[s.rating] ?? 0) + 1;
  });
  // In chunks, so no one document nears jsonb's 256 MB limit (a province-wide cycle).
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    await tx.execute(sql`
    update assessment_cycle_entry e
       set score = u.score, proposed_rating = u.rating, reasons = u.reasons,
           source_scores = u.sources, satisfaction_pct = u.sat, absence_days = u.abs,
           absence_source = u.abs_src,
           rating = case when e.adjust_reason is null then u.rating else e.rating end,
           version = e.version + 1
      from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + WRITE_CHUNK))}::jsonb)
           as u(worker_id bigint, score numeric, rating text, reasons jsonb, sources jsonb,
                sat numeric, abs numeric, abs_src text)
     where e.cycle_id = ${cycle.id} and e.worker_id = u.worker_id`);
  }
  return { workers: rows.length, counts };
}

export async function computeCycle(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  providers: CycleSourceProviders,
  id: number,
  version: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const cycle = await lockCycle(tx, auth, id, {
      version,
      status: ENTRY_WRITABLE,
      action: '计算考核结果',
    });
    const scheme = await schemeById(tx, cycle.schemeId);
    const result = await computeCycleInTx(tx, providers, cycle, scheme);
    await tx
      .update(assessmentCycle)
      .set({
        status: 'computed',
        computedAt: new Date(),
        version: cycle.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(assessmentCycle.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_cycle.compute',
        entityType: 'assessment_cycle',
        entityId: id,
        orgPath: cycle.orgPath,
        changes: {
          status: { from: cycle.status, to: 'computed' },
          schemeId: cycle.schemeId,
          schemeVersion: cycle.schemeVersion,
          ...result,
        },
      },
    ]);
  });
}

/** Ratings of the whole cycle with `workerId` set to `rating`: the cap applies to the result. */
export async function assertCapAfter(
  tx: DbOrTx,
  cycle: CycleRow,
  workerId: number,
  rating: AssessmentRating,
): Promise<void> {
  if (rating !== 'excellent') return;
  const scheme = await schemeById(tx, cycle.schemeId);
  const [c] = await tx
    .select({
      total: sql<number>`count(*)::int`,
      excellent: sql<number>`count(*) filter (where ${assessmentCycleEntry.rating} = 'excellent' or ${assessmentCycleEntry.workerId} = ${workerId})::int`,
    })
    .from(assessmentCycleEntry)
    .where(eq(assessmentCycleEntry.cycleId, cycle.id));
  const msg = excellentCapViolation(scheme, c?.total ?? 0, c?.excellent ?? 0);
  if (msg) throw new AppError('VALIDATION_FAILED', [{ path: 'rating', message: msg }], msg);
}

export async function lockEntry(
  tx: Tx,
  auth: AuthContext,
  cycleId: number,
  workerId: number,
  version: number | undefined,
): Promise<EntryRow> {
  const [e] = await tx
    .select()
    .from(assessmentCycleEntry)
    .where(
      and(eq(assessmentCycleEntry.cycleId, cycleId), eq(assessmentCycleEntry.workerId, workerId)),
    )
    .for('update');
  if (!e || !inScope(auth, e.orgPath)) throw notFound();
  if (version !== undefined && e.version !== version) throw new AppError('CONFLICT');
  return e;
}

export async function adjustEntry(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  cycleId: number,
  workerId: number,
  body: { version: number; rating: AssessmentRating; reason: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const cycle = await lockCycle(tx, auth, cycleId, {
      status: ['computed'],
      action: '调整等次（请先计算）',
    });
    const e = await lockEntry(tx, auth, cycleId, workerId, body.version);
    if (e.rating !== 'excellent') await assertCapAfter(tx, cycle, workerId, body.rating);
    await tx
      .update(assessmentCycleEntry)
      .set({
        rating: body.rating,
        adjustReason: body.reason,
        adjustedBy: auth.userId,
        version: e.version + 1,
      })
      .where(
        and(eq(assessmentCycleEntry.cycleId, cycleId), eq(assessmentCycleEntry.workerId, workerId)),
      );
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_cycle.adjust',
        entityType: 'assessment_cycle_entry',
        entityId: cycleId,
        orgPath: e.orgPath,
        changes: {
          workerId,
          rating: { from: e.rating, to: body.rating },
          proposed: e.proposedRating,
          reason: body.reason,
          label: `${ratingZh(e.rating ?? '')} → ${ratingZh(body.rating)}`,
        },
      },
    ]);
  });
}
