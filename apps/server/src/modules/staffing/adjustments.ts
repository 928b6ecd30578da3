// Manual quota adjustments (员额调整): a delta on, or an override of, a unit's computed quota,
// always with a reason and audited. One is active per unit; a new one supersedes it (the caller
// names the one it saw, so two editors cannot silently overwrite each other) and history stays.
import {
  QUOTA_ADJUSTMENT_MODES,
  type AdjustmentView,
  type CreateAdjustmentBody,
} from '@cwp/contracts';
import { and, count, desc, eq, like, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/client';
import { appUser, orgUnit } from '../../db/schema';
import { quotaAdjustment, unitQuota } from '../../db/schema-career';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { narrow } from '../../lib/narrow';
import { inScope, scopeToOrgUnits } from '../../lib/scope';

export type AdjustmentRow = typeof quotaAdjustment.$inferSelect;
const ADJUST_LOCK = 7_420_201;
const SUPERSEDED = '被新的调整取代';

/** The quota after an adjustment; a delta on a unit without a computed quota stays unknown. */
export function effectiveQuota(
  computed: number | null,
  mode: string | null,
  value: number | null,
): number | null {
  if (mode === null || value === null) return computed;
  if (mode === 'override') return Math.max(0, value);
  return computed === null ? null : Math.max(0, computed + value);
}

export function presentAdjustment(
  row: AdjustmentRow,
  orgUnitName: string,
  createdByName: string | null,
  endedByName: string | null,
): AdjustmentView {
  return {
    id: row.id,
    orgUnitId: row.orgUnitId,
    orgUnitName,
    mode: narrow(QUOTA_ADJUSTMENT_MODES, row.mode, '调整方式'),
    value: row.value,
    reason: row.reason,
    active: row.active,
    createdBy:
      row.createdBy === null ? null : { id: row.createdBy, displayName: createdByName ?? '' },
    createdAt: row.createdAt.toISOString(),
    endedBy: row.endedBy === null ? null : { id: row.endedBy, displayName: endedByName ?? '' },
    endedAt: row.endedAt?.toISOString() ?? null,
    endReason: row.endReason,
    version: row.version,
  };
}

const creator = alias(appUser, 'adj_creator');
const ender = alias(appUser, 'adj_ender');

function selectAdjustments(db: DbOrTx) {
  return db
    .select({
      row: quotaAdjustment,
      orgUnitName: orgUnit.name,
      creatorName: creator.displayName,
      enderName: ender.displayName,
    })
    .from(quotaAdjustment)
    .innerJoin(orgUnit, eq(orgUnit.id, quotaAdjustment.orgUnitId))
    .leftJoin(creator, eq(creator.id, quotaAdjustment.createdBy))
    .leftJoin(ender, eq(ender.id, quotaAdjustment.endedBy));
}

async function viewOf(db: DbOrTx, id: number): Promise<AdjustmentView> {
  const [r] = await selectAdjustments(db).where(eq(quotaAdjustment.id, id));
  if (!r) throw notFound();
  return presentAdjustment(r.row, r.orgUnitName, r.creatorName, r.enderName);
}

export async function createAdjustment(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateAdjustmentBody,
): Promise<AdjustmentView> {
  const id = await db.transaction(async (tx) => {
    const [unit] = await tx.select().from(orgUnit).where(eq(orgUnit.id, body.orgUnitId));
    if (!unit || !inScope(auth, unit.path)) throw notFound();
    if (unit.level !== 'community' && unit.level !== 'subdistrict') {
      throw fieldError('orgUnitId', '只能调整社区或街道的员额');
    }
    if (body.mode === 'override' && body.value < 0) {
      throw fieldError('value', '核定员额不能为负数');
    }
    if (body.mode === 'delta' && body.value === 0) {
      throw fieldError('value', '增减数不能为 0');
    }
    await tx.execute(sql`select pg_advisory_xact_lock(${ADJUST_LOCK}, ${unit.id}::int)`);
    const [active] = await tx
      .select()
      .from(quotaAdjustment)
      .where(and(eq(quotaAdjustment.orgUnitId, unit.id), eq(quotaAdjustment.active, true)));
    if ((active?.id ?? null) !== body.supersedes) throw new AppError('CONFLICT');
    const now = new Date();
    if (active) {
      await tx
        .update(quotaAdjustment)
        .set({
          active: false,
          endedBy: auth.userId,
          endedAt: now,
          endReason: SUPERSEDED,
          version: active.version + 1,
        })
        .where(eq(quotaAdjustment.id, active.id));
    }
    const [row] = await tx
      .insert(quotaAdjustment)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        mode: body.mode,
        value: body.value,
        reason: body.reason,
        createdBy: auth.userId,
        createdAt: now,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    const [computed] = await tx
      .select({ quota: unitQuota.quota })
      .from(unitQuota)
      .where(eq(unitQuota.orgUnitId, unit.id));
    const computedQuota = computed?.quota ?? null;
    await writeAudit(tx, ctx, [
      {
        action: 'staffing.adjust',
        entityType: 'org_unit',
        entityId: unit.id,
        orgPath: unit.path,
        changes: {
          adjustmentId: row.id,
          mode: body.mode,
          value: body.value,
          reason: body.reason,
          supersedes: active ? { id: active.id, mode: active.mode, value: active.value } : null,
          computedQuota,
          quota: {
            from: effectiveQuota(computedQuota, active?.mode ?? null, active?.value ?? null),
            to: effectiveQuota(computedQuota, body.mode, body.value),
          },
        },
      },
    ]);
    return row.id;
  });
  return viewOf(db, id);
}

export async function revokeAdjustment(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; reason: string },
): Promise<AdjustmentView> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(quotaAdjustment)
      .where(eq(quotaAdjustment.id, id))
      .for('update');
    if (!row || !inScope(auth, row.orgPath)) throw notFound();
    if (row.version !== body.version) throw new AppError('CONFLICT');
    if (!row.active) throw fieldError('active', '该调整已失效');
    await tx
      .update(quotaAdjustment)
      .set({
        active: false,
        endedBy: auth.userId,
        endedAt: new Date(),
        endReason: body.reason,
        version: row.version + 1,
      })
      .where(eq(quotaAdjustment.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'staffing.adjustment_revoke',
        entityType: 'org_unit',
        entityId: row.orgUnitId,
        orgPath: row.orgPath,
        changes: { adjustmentId: id, mode: row.mode, value: row.value, reason: body.reason },
      },
    ]);
  });
  return viewOf(db, id);
}

export async function listAdjustments(
  db: Db,
  auth: AuthContext,
  q: {
    orgUnitId?: number | undefined;
    orgScope: 'self' | 'subtree';
    active?: boolean | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: AdjustmentView[]; total: number }> {
  const where: (SQL | undefined)[] = [scopeToOrgUnits(auth, quotaAdjustment.orgPath)];
  if (q.orgUnitId !== undefined) {
    const [unit] = await db.select().from(orgUnit).where(eq(orgUnit.id, q.orgUnitId));
    if (!unit || !inScope(auth, unit.path)) throw notFound();
    where.push(
      q.orgScope === 'self'
        ? eq(quotaAdjustment.orgUnitId, unit.id)
        : like(quotaAdjustment.orgPath, `${unit.path}%`),
    );
  }
  if (q.active !== undefined) where.push(eq(quotaAdjustment.active, q.active));
  const cond = and(...where);
  const [rows, [total]] = await Promise.all([
    selectAdjustments(db)
      .where(cond)
      .orderBy(desc(quotaAdjustment.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(quotaAdjustment).where(cond),
  ]);
  return {
    items: rows.map((r) => presentAdjustment(r.row, r.orgUnitName, r.creatorName, r.enderName)),
    total: total?.n ?? 0,
  };
}
