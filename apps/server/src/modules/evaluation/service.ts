// Evaluation rounds (评估): create (the indicator set in force for the evaluating unit on the
// year's last day is recorded by id, version and content), compute (every computed indicator in
// one set-based statement over the subtree, then scores and ranks), enter values with evidence,
// finalize (read-only afterwards). Scope is the evaluating unit's path: outside it, 404. Every
// change and its audit row are written in one transaction.
import {
  EVALUATION_METRIC_INFO,
  ORG_LEVELS,
  percentOf,
  rankScores,
  scoreUnit,
  type EvaluationIndicators,
  type OrgLevel,
} from '@cwp/core';
import type {
  CreateEvaluationRoundBody,
  EvaluationLevel,
  EvaluationRoundDetail,
  EvaluationRoundView,
} from '@cwp/contracts';
import { EVALUATION_LEVELS, EVALUATION_STATUSES } from '@cwp/contracts';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { evaluationRound, evaluationUnit, evaluationValue } from '../../db/schema-evaluation';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { narrow } from '../../lib/narrow';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { pathIds, resolveInForce, storedContent } from '../rule-sets/resolve';
import { computeMetrics, metricKey, type MetricRequest } from './metrics';

type RoundRow = typeof evaluationRound.$inferSelect;

/** Which levels a unit of each level may evaluate (strictly below it). */
const EVALUABLE: Readonly<Record<OrgLevel, readonly EvaluationLevel[]>> = {
  province: ['district', 'subdistrict'],
  city: ['district', 'subdistrict'],
  district: ['subdistrict'],
  subdistrict: [],
  community: [],
};

export function roundFinalized(): AppError {
  return new AppError('CONFLICT', undefined, '该评估已定稿，不能再修改或重新计算');
}

export function indicatorsOf(row: Pick<RoundRow, 'id' | 'indicators'>): EvaluationIndicators {
  return storedContent('evaluation_indicators', row.indicators, row.id);
}

/** The round if the caller may see it (its evaluating unit lies in the caller's subtree). */
export async function loadRound(db: DbOrTx, auth: AuthContext, id: number): Promise<RoundRow> {
  const [row] = await db.select().from(evaluationRound).where(eq(evaluationRound.id, id));
  if (!row || !inScope(auth, row.orgPath)) throw notFound();
  return row;
}

async function lockRound(
  tx: DbOrTx,
  auth: AuthContext,
  id: number,
  version: number,
): Promise<RoundRow> {
  await tx.execute(sql`select id from evaluation_round where id = ${id} for update`);
  const row = await loadRound(tx, auth, id);
  if (row.status === 'finalized') throw roundFinalized();
  if (row.version !== version) throw new AppError('CONFLICT');
  return row;
}

function present(row: RoundRow, orgUnitName: string, units: number): EvaluationRoundView {
  return {
    id: row.id,
    orgUnitId: row.orgUnitId,
    orgUnitName,
    year: row.year,
    level: narrow(EVALUATION_LEVELS, row.level, '被评估层级'),
    title: row.title,
    referenceDate: row.referenceDate,
    ruleSetId: row.ruleSetId,
    ruleVersionNo: row.ruleVersionNo,
    ruleSetName: row.ruleSetName,
    status: narrow(EVALUATION_STATUSES, row.status, '评估状态'),
    units,
    computedAt: row.computedAt?.toISOString() ?? null,
    finalizedAt: row.finalizedAt?.toISOString() ?? null,
    version: row.version,
  };
}

export async function listRounds(
  db: Db,
  auth: AuthContext,
  q: { page: number; pageSize: number; year?: number | undefined },
): Promise<{ items: EvaluationRoundView[]; total: number }> {
  const where = and(
    scopeToOrgUnits(auth, evaluationRound.orgPath),
    q.year === undefined ? undefined : eq(evaluationRound.year, q.year),
  );
  const [rows, [totalRow]] = await Promise.all([
    db
      .select({
        round: evaluationRound,
        unitName: orgUnit.name,
        units: sql<number>`(select count(*)::int from evaluation_unit u where u.round_id = ${evaluationRound.id})`,
      })
      .from(evaluationRound)
      .innerJoin(orgUnit, eq(orgUnit.id, evaluationRound.orgUnitId))
      .where(where)
      .orderBy(desc(evaluationRound.year), desc(evaluationRound.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(evaluationRound).where(where),
  ]);
  return {
    items: rows.map((r) => present(r.round, r.unitName, r.units)),
    total: totalRow?.n ?? 0,
  };
}

export async function createRound(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateEvaluationRoundBody,
): Promise<number> {
  const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, body.orgUnitId));
  if (!unit || !inScope(auth, unit.path))
    throw fieldError('orgUnitId', '评估单位不存在或不在您的管辖范围内');
  const level = narrow(ORG_LEVELS, unit.level, '单位层级');
  if (!EVALUABLE[level].includes(body.level)) {
    throw fieldError('level', '被评估层级须低于评估单位（市、区可评估下辖的区或街道）');
  }
  const referenceDate = `${body.year}-12-31`;
  const rule = await resolveInForce(db, 'evaluation_indicators', unit.path, referenceDate);
  if (!rule) {
    throw fieldError(
      'orgUnitId',
      `该单位在 ${body.year} 年没有生效的评估指标体系，请先在“规则集”中制定并审批`,
    );
  }
  return db.transaction(async (tx) => {
    const [round] = await tx
      .insert(evaluationRound)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        year: body.year,
        level: body.level,
        title: body.title,
        referenceDate,
        ruleSetId: rule.id,
        ruleVersionNo: rule.versionNo,
        ruleSetName: rule.name,
        indicators: rule.content,
        createdBy: auth.userId,
      })
      .returning();
    if (!round) throw new AppError('INTERNAL');
    const { rowCount } = await tx.execute(sql`
      insert into evaluation_unit (round_id, org_unit_id, org_path, name, division_code)
      select ${round.id}, o.id, o.path, o.name, o.division_code
        from org_unit o
       where o.path like ${`${unit.path}%`} and o.level = ${body.level} and o.active`);
    if (!rowCount) throw fieldError('level', '评估单位下没有该层级的单位');
    await writeAudit(tx, ctx, [
      {
        action: 'evaluation.round.create',
        entityType: 'evaluation_round',
        entityId: round.id,
        orgPath: unit.path,
        changes: { ...body, ruleSetId: rule.id, ruleVersionNo: rule.versionNo, units: rowCount },
      },
    ]);
    return round.id;
  });
}

/** Scores and ranks every unit of a round from its stored values. */
async function rescoreInTx(tx: DbOrTx, round: RoundRow): Promise<void> {
  const set = indicatorsOf(round);
  const [units, values] = await Promise.all([
    tx
      .select({ orgUnitId: evaluationUnit.orgUnitId })
      .from(evaluationUnit)
      .where(eq(evaluationUnit.roundId, round.id)),
    tx
      .select({
        orgUnitId: evaluationValue.orgUnitId,
        code: evaluationValue.code,
        value: evaluationValue.value,
      })
      .from(evaluationValue)
      .where(eq(evaluationValue.roundId, round.id)),
  ]);
  const byUnit = new Map<number, Map<string, number | null>>();
  for (const v of values) {
    const m = byUnit.get(v.orgUnitId) ?? new Map<string, number | null>();
    m.set(v.code, v.value === null ? null : Number(v.value));
    byUnit.set(v.orgUnitId, m);
  }
  const scores = units.map((u) => ({
    key: u.orgUnitId,
    score: scoreUnit(set, byUnit.get(u.orgUnitId) ?? new Map()),
  }));
  const ranks = rankScores(scores.map((s) => ({ key: s.key, total: s.score.total })));
  const unitIds: number[] = [];
  const codes: string[] = [];
  const points: number[] = [];
  for (const s of scores) {
    for (const i of s.score.indicators) {
      unitIds.push(s.key);
      codes.push(i.code);
      points.push(i.points);
    }
  }
  // Every (unit, indicator) gets a row, so missing values show as 0 points.
  await tx.execute(sql`
    insert into evaluation_value (round_id, org_unit_id, code, points)
    select ${round.id}, x.u, x.c, x.p
      from unnest(${sql.param(unitIds)}::bigint[], ${sql.param(codes)}::text[],
                  ${sql.param(points)}::numeric[]) as x(u, c, p)
    on conflict (round_id, org_unit_id, code) do update set points = excluded.points`);
  await tx.execute(sql`
    update evaluation_unit u set total = x.t, rank = x.r
      from unnest(${sql.param(scores.map((s) => s.key))}::bigint[],
                  ${sql.param(scores.map((s) => s.score.total))}::numeric[],
                  ${sql.param(scores.map((s) => ranks.get(s.key) ?? null))}::int[]) as x(id, t, r)
     where u.round_id = ${round.id} and u.org_unit_id = x.id`);
}

/**
 * Computes every computed indicator for every unit, then scores and ranks. The metric statements
 * are read-only and run in parallel on the pool before the writing transaction, which re-checks
 * the round's state and version under its row lock.
 */
export async function computeRound(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
): Promise<void> {
  const started = Date.now();
  const first = await loadRound(db, auth, id);
  if (first.status === 'finalized') throw roundFinalized();
  if (first.version !== version) throw new AppError('CONFLICT');
  const set = indicatorsOf(first);
  const units = await db
    .select({ orgUnitId: evaluationUnit.orgUnitId, orgPath: evaluationUnit.orgPath })
    .from(evaluationUnit)
    .where(eq(evaluationUnit.roundId, id));
  // Units of one level normally sit at one depth; each distinct depth is one pass.
  const rootDepth = pathIds(first.orgPath).length;
  const offsets = [...new Set(units.map((u) => pathIds(u.orgPath).length - rootDepth))];
  const requests: MetricRequest[] = [];
  for (const ind of set.indicators) {
    if (ind.source === 'computed' && ind.metric) {
      requests.push({ metric: ind.metric, parameter: ind.parameter ?? null });
    }
  }
  const results = await Promise.all(
    offsets.map((offset) =>
      computeMetrics(
        db,
        { rootPath: first.orgPath, offset, year: first.year, date: first.referenceDate },
        requests,
      ),
    ),
  );
  const unitIds: number[] = [];
  const codes: string[] = [];
  const vals: (number | null)[] = [];
  const nums: (number | null)[] = [];
  const dens: (number | null)[] = [];
  for (const ind of set.indicators) {
    if (ind.source !== 'computed' || !ind.metric) continue;
    const key = metricKey({ metric: ind.metric, parameter: ind.parameter ?? null });
    for (const u of units) {
      let c: { numerator: number; denominator: number | null } | undefined;
      for (const r of results) c ??= r.get(key)?.get(u.orgUnitId);
      unitIds.push(u.orgUnitId);
      codes.push(ind.code);
      nums.push(c ? c.numerator : null);
      dens.push(c ? c.denominator : null);
      vals.push(c && c.denominator !== null ? percentOf(c.numerator, c.denominator) : null);
    }
  }
  await db.transaction(async (tx) => {
    const round = await lockRound(tx, auth, id, version);
    if (unitIds.length > 0) {
      await tx.execute(sql`
        insert into evaluation_value (round_id, org_unit_id, code, value, numerator, denominator,
                                      updated_at)
        select ${round.id}, x.u, x.c, x.v, x.n, x.d, now()
          from unnest(${sql.param(unitIds)}::bigint[], ${sql.param(codes)}::text[],
                      ${sql.param(vals)}::numeric[], ${sql.param(nums)}::numeric[],
                      ${sql.param(dens)}::numeric[]) as x(u, c, v, n, d)
        on conflict (round_id, org_unit_id, code) do update
          set value = excluded.value, numerator = excluded.numerator,
              denominator = excluded.denominator, updated_at = now()`);
    }
    await rescoreInTx(tx, round);
    const millis = Date.now() - started;
    await tx
      .update(evaluationRound)
      .set({
        status: 'computed',
        computedAt: new Date(),
        computeMillis: millis,
        version: round.version + 1,
        updatedAt: new Date(),
      })
      .where(eq(evaluationRound.id, round.id));
    await writeAudit(tx, ctx, [
      {
        action: 'evaluation.round.compute',
        entityType: 'evaluation_round',
        entityId: round.id,
        orgPath: round.orgPath,
        changes: { units: units.length, values: unitIds.length, millis },
      },
    ]);
  });
}

export interface EnteredValue {
  version: number;
  orgUnitId: number;
  code: string;
  value: number;
  note?: string | undefined;
}

export interface StoredEvidence {
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  storagePath: string;
}

/** Checks an entered value before its file is stored: indicator, unit, round state. */
export async function checkEnteredValue(
  db: DbOrTx,
  auth: AuthContext,
  id: number,
  body: EnteredValue,
): Promise<void> {
  const round = await loadRound(db, auth, id);
  if (round.status === 'finalized') throw roundFinalized();
  const ind = indicatorsOf(round).indicators.find((i) => i.code === body.code);
  if (!ind) throw fieldError('code', '该指标不在本次评估的指标体系中');
  if (ind.source !== 'entered') throw fieldError('code', '该指标由系统计算，不能填报');
  const [u] = await db
    .select({ id: evaluationUnit.orgUnitId })
    .from(evaluationUnit)
    .where(and(eq(evaluationUnit.roundId, id), eq(evaluationUnit.orgUnitId, body.orgUnitId)));
  if (!u) throw fieldError('orgUnitId', '该单位不在本次评估范围内');
}

export async function enterValue(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: EnteredValue,
  evidence: StoredEvidence,
): Promise<void> {
  await db.transaction(async (tx) => {
    const round = await lockRound(tx, auth, id, body.version);
    await checkEnteredValue(tx, auth, id, body);
    const row = {
      value: body.value,
      numerator: null,
      denominator: null,
      evidenceName: evidence.fileName,
      evidenceMime: evidence.mimeType,
      evidenceSize: evidence.size,
      evidenceSha256: evidence.sha256,
      evidencePath: evidence.storagePath,
      note: body.note ?? null,
      enteredBy: auth.userId,
      updatedAt: new Date(),
    };
    await tx
      .insert(evaluationValue)
      .values({ roundId: id, orgUnitId: body.orgUnitId, code: body.code, ...row })
      .onConflictDoUpdate({
        target: [evaluationValue.roundId, evaluationValue.orgUnitId, evaluationValue.code],
        set: row,
      });
    if (round.status === 'computed') await rescoreInTx(tx, round);
    await tx
      .update(evaluationRound)
      .set({ version: round.version + 1, updatedAt: new Date() })
      .where(eq(evaluationRound.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'evaluation.value.enter',
        entityType: 'evaluation_round',
        entityId: id,
        orgPath: round.orgPath,
        changes: {
          orgUnitId: body.orgUnitId,
          code: body.code,
          value: body.value,
          note: body.note ?? null,
          evidence: { fileName: evidence.fileName, size: evidence.size, sha256: evidence.sha256 },
        },
      },
    ]);
  });
}

export async function finalizeRound(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const round = await lockRound(tx, auth, id, version);
    if (round.status !== 'computed') throw fieldError('status', '请先计算得分，再定稿');
    const now = new Date();
    await tx
      .update(evaluationRound)
      .set({
        status: 'finalized',
        finalizedAt: now,
        finalizedBy: auth.userId,
        version: round.version + 1,
        updatedAt: now,
      })
      .where(eq(evaluationRound.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'evaluation.round.finalize',
        entityType: 'evaluation_round',
        entityId: id,
        orgPath: round.orgPath,
        changes: { status: { from: round.status, to: 'finalized' } },
      },
    ]);
  });
}

export async function getRound(
  db: Db,
  auth: AuthContext,
  id: number,
): Promise<EvaluationRoundDetail> {
  const round = await loadRound(db, auth, id);
  const set = indicatorsOf(round);
  const [[unit], units, values] = await Promise.all([
    db.select({ name: orgUnit.name }).from(orgUnit).where(eq(orgUnit.id, round.orgUnitId)),
    db
      .select()
      .from(evaluationUnit)
      .where(eq(evaluationUnit.roundId, id))
      .orderBy(sql`${evaluationUnit.rank} asc nulls last`, asc(evaluationUnit.divisionCode)),
    db.select().from(evaluationValue).where(eq(evaluationValue.roundId, id)),
  ]);
  const byKey = new Map(values.map((v) => [`${v.orgUnitId}|${v.code}`, v]));
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    ...present(round, unit?.name ?? '', units.length),
    computeMillis: round.computeMillis,
    indicators: set.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      weight: i.weight,
      source: i.source,
      metric: i.metric ?? null,
      metricName: i.metric ? EVALUATION_METRIC_INFO[i.metric].zh : null,
      how: i.metric ? EVALUATION_METRIC_INFO[i.metric].howZh : null,
      parameter: i.parameter ?? null,
      unit: i.source === 'computed' ? '%' : (i.unit ?? null),
      target: i.target,
      scoring: i.scoring,
    })),
    unitsDetail: units.map((u) => ({
      orgUnitId: u.orgUnitId,
      name: u.name,
      divisionCode: u.divisionCode,
      total: num(u.total),
      rank: u.rank,
      values: set.indicators.map((i) => {
        const v = byKey.get(`${u.orgUnitId}|${i.code}`);
        return {
          code: i.code,
          value: v ? num(v.value) : null,
          points: v ? Number(v.points) : 0,
          numerator: v ? num(v.numerator) : null,
          denominator: v ? num(v.denominator) : null,
          evidence:
            v && v.evidenceName && v.evidenceMime && v.evidenceSha256
              ? {
                  fileName: v.evidenceName,
                  mimeType: v.evidenceMime,
                  size: v.evidenceSize ?? 0,
                  sha256: v.evidenceSha256,
                }
              : null,
          note: v?.note ?? null,
        };
      }),
    })),
  };
}

/** The evidence of one value, if the caller may see the round. */
export async function evidenceOf(
  db: Db,
  auth: AuthContext,
  id: number,
  orgUnitId: number,
  code: string,
) {
  await loadRound(db, auth, id);
  const [v] = await db
    .select()
    .from(evaluationValue)
    .where(
      and(
        eq(evaluationValue.roundId, id),
        eq(evaluationValue.orgUnitId, orgUnitId),
        eq(evaluationValue.code, code),
      ),
    );
  if (!v || !v.evidencePath || !v.evidenceSha256 || !v.evidenceName || !v.evidenceMime)
    throw notFound();
  return {
    fileName: v.evidenceName,
    mimeType: v.evidenceMime,
    storagePath: v.evidencePath,
    sha256: v.evidenceSha256,
  };
}
