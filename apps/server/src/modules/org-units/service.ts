// The org tree. Each unit stores the materialized path of its ancestors' ids, so "everything under
// X" is one indexed prefix scan and a move rewrites the subtree's paths in one statement.
import { childLevelOf, ORG_LEVELS, validateDivisionCode, type OrgLevel } from '@cwp/core';
import type { CreateOrgUnitBody, OrgUnit, UpdateOrgUnitBody } from '@cwp/contracts';
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { diff, writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { assertInScope, scopeToOrgUnits } from '../../lib/scope';
import { moveCareerPaths } from '../rule-sets/move';

type Row = typeof orgUnit.$inferSelect;

// The outer table is named explicitly: Drizzle renders a column of a single-table query unqualified
// ("id"), which inside this subquery would bind to the inner alias and count nothing.
const childCount = sql<number>`(select count(*)::int from org_unit c where c.parent_id = "org_unit"."id" and c.active)`;

export function presentOrgUnit(row: Row & { childCount: number }): OrgUnit {
  return {
    id: row.id,
    parentId: row.parentId,
    level: row.level as OrgLevel,
    name: row.name,
    divisionCode: row.divisionCode,
    path: row.path,
    depth: row.depth,
    residentPopulation: row.residentPopulation,
    households: row.households,
    active: row.active,
    childCount: row.childCount,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listOrgUnits(
  db: Db,
  auth: AuthContext,
  q: {
    parentId?: number | undefined;
    q?: string | undefined;
    level?: OrgLevel | undefined;
    includeInactive: boolean;
    page: number;
    pageSize: number;
  },
): Promise<{ items: OrgUnit[]; total: number }> {
  const where: SQL[] = [scopeToOrgUnits(auth, orgUnit.path)];
  if (q.parentId !== undefined) where.push(eq(orgUnit.parentId, q.parentId));
  else if (!q.q && !q.level) where.push(eq(orgUnit.id, auth.orgUnitId)); // the caller's own root
  if (q.q) {
    const cond = or(ilike(orgUnit.name, `%${escapeLike(q.q)}%`), eq(orgUnit.divisionCode, q.q));
    if (cond) where.push(cond);
  }
  if (q.level) where.push(eq(orgUnit.level, q.level));
  if (!q.includeInactive) where.push(eq(orgUnit.active, true));
  const cond = and(...where);
  const [rows, [count]] = await Promise.all([
    db
      .select({ ...colsOf(), childCount })
      .from(orgUnit)
      .where(cond)
      .orderBy(asc(orgUnit.divisionCode))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(orgUnit)
      .where(cond),
  ]);
  return { items: rows.map(presentOrgUnit), total: count?.n ?? 0 };
}

function colsOf() {
  const {
    id,
    parentId,
    level,
    name,
    divisionCode,
    path,
    depth,
    residentPopulation,
    households,
    active,
    version,
    createdAt,
    updatedAt,
  } = orgUnit;
  return {
    id,
    parentId,
    level,
    name,
    divisionCode,
    path,
    depth,
    residentPopulation,
    households,
    active,
    version,
    createdAt,
    updatedAt,
  };
}

export function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function findRow(db: DbOrTx, id: number, lock = false): Promise<Row | undefined> {
  const q = db.select().from(orgUnit).where(eq(orgUnit.id, id));
  const rows = lock ? await q.for('update') : await q;
  return rows[0];
}

export async function getOrgUnit(db: Db, auth: AuthContext, id: number): Promise<OrgUnit> {
  const [row] = await db
    .select({ ...colsOf(), childCount })
    .from(orgUnit)
    .where(eq(orgUnit.id, id));
  if (!row) throw notFound();
  assertInScope(auth, row.path);
  return presentOrgUnit(row);
}

/** Ancestors of a unit inside the caller's scope, root first (for breadcrumbs). */
export async function getAncestors(db: Db, auth: AuthContext, id: number): Promise<OrgUnit[]> {
  const unit = await getOrgUnit(db, auth, id);
  const ids = unit.path.split('.').filter(Boolean).map(Number);
  const rows = await db
    .select({ ...colsOf(), childCount })
    .from(orgUnit)
    .where(and(inArray(orgUnit.id, ids), scopeToOrgUnits(auth, orgUnit.path)))
    .orderBy(asc(orgUnit.depth));
  return rows.map(presentOrgUnit);
}

function checkCode(
  level: OrgLevel,
  code: string,
  parent: Row | null,
  field = 'divisionCode',
): void {
  const res = validateDivisionCode(
    level,
    code,
    parent ? { level: parent.level as OrgLevel, divisionCode: parent.divisionCode } : null,
  );
  if (!res.ok) throw fieldError(field, res.message);
}

async function assertCodeFree(db: DbOrTx, code: string, exceptId?: number): Promise<void> {
  const [hit] = await db
    .select({ id: orgUnit.id })
    .from(orgUnit)
    .where(eq(orgUnit.divisionCode, code));
  if (hit && hit.id !== exceptId)
    throw fieldError('divisionCode', `区划代码 ${code} 已被其他单位使用`);
}

/** The leading digits of a unit's code that its descendants' codes start with. */
function descendantPrefix(level: OrgLevel, code: string): string {
  if (level === 'province') return code.slice(0, 2);
  if (level === 'city') return code.endsWith('0000') ? code.slice(0, 2) : code.slice(0, 4);
  return code;
}

/**
 * When a unit's code changes (a rename of its code or a move to another parent), its descendants'
 * codes carry the old prefix; rewrite them so every child code still starts with its parent's.
 * Returns how many descendants changed.
 */
async function rewriteDescendantCodes(tx: DbOrTx, row: Row, newCode: string): Promise<number> {
  const from = descendantPrefix(row.level as OrgLevel, row.divisionCode);
  const to = descendantPrefix(row.level as OrgLevel, newCode);
  if (from === to) return 0;
  const subtree = `${row.path}%`;
  const rewritten = sql`${to} || substr(d.division_code, ${from.length + 1})`;
  const clash = await tx.execute<{ code: string }>(sql`
    select o.division_code as code
      from org_unit d
      join org_unit o on o.division_code = ${rewritten}
     where d.path like ${subtree} and d.id <> ${row.id} and d.division_code like ${`${from}%`}
       and o.path not like ${subtree}
     limit 1`);
  const taken = clash.rows[0]?.code;
  if (taken) throw fieldError('divisionCode', `下级单位的新区划代码 ${taken} 已被其他单位使用`);
  const updated = await tx.execute(sql`
    update org_unit d
       set division_code = ${rewritten}, updated_at = now()
     where d.path like ${subtree} and d.id <> ${row.id} and d.division_code like ${`${from}%`}`);
  return updated.rowCount ?? 0;
}

export async function createOrgUnit(
  db: Db,
  auth: AuthContext | null,
  ctx: AuditContext,
  body: CreateOrgUnitBody,
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    let parent: Row | null = null;
    if (body.parentId !== null) {
      parent = (await findRow(tx, body.parentId, true)) ?? null;
      if (!parent || (auth && !parent.path.startsWith(auth.orgPath)))
        throw fieldError('parentId', '上级单位不存在或无权访问');
      if (!parent.active) throw fieldError('parentId', '上级单位已停用');
      const expected = childLevelOf(parent.level as OrgLevel);
      if (body.level !== expected) {
        throw fieldError(
          'level',
          expected
            ? `该上级单位下只能创建“${LEVEL_ZH[expected]}”级单位`
            : '社区下不能再创建下级单位',
        );
      }
    } else if (auth) {
      // Only a bootstrap (no caller) creates roots; through the API every unit has a parent.
      throw fieldError('parentId', '请选择上级单位');
    }
    checkCode(body.level, body.divisionCode, parent);
    await assertCodeFree(tx, body.divisionCode);
    const id = Number(
      (await tx.execute<{ id: string }>(sql`select nextval('org_unit_id_seq') as id`)).rows[0]?.id,
    );
    const path = `${parent?.path ?? ''}${id}.`;
    const [row] = await tx
      .insert(orgUnit)
      .values({
        id,
        parentId: parent?.id ?? null,
        level: body.level,
        name: body.name,
        divisionCode: body.divisionCode,
        path,
        depth: (parent?.depth ?? -1) + 1,
        residentPopulation: body.residentPopulation ?? null,
        households: body.households ?? null,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'org_unit.create',
        entityType: 'org_unit',
        entityId: id,
        orgPath: path,
        changes: { ...body },
      },
    ]);
    return presentOrgUnit({ ...row, childCount: 0 });
  });
}

export const LEVEL_ZH: Record<OrgLevel, string> = {
  province: '省',
  city: '市',
  district: '区（县）',
  subdistrict: '街道（乡镇）',
  community: '社区',
};

async function lockForChange(
  tx: DbOrTx,
  auth: AuthContext,
  id: number,
  version: number,
): Promise<Row> {
  const row = await findRow(tx, id, true);
  if (!row || !row.path.startsWith(auth.orgPath)) throw notFound();
  if (row.version !== version) throw new AppError('CONFLICT');
  return row;
}

export async function updateOrgUnit(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: UpdateOrgUnitBody,
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    const row = await lockForChange(tx, auth, id, body.version);
    if (row.id === auth.orgUnitId && body.divisionCode && body.divisionCode !== row.divisionCode) {
      throw fieldError('divisionCode', '不能修改本人所属单位的区划代码');
    }
    let descendantCodes = 0;
    if (body.divisionCode !== undefined && body.divisionCode !== row.divisionCode) {
      const parent = row.parentId ? ((await findRow(tx, row.parentId)) ?? null) : null;
      checkCode(row.level as OrgLevel, body.divisionCode, parent);
      await assertCodeFree(tx, body.divisionCode, row.id);
      descendantCodes = await rewriteDescendantCodes(tx, row, body.divisionCode);
    }
    const { version: _v, ...fields } = body;
    const changes = {
      ...diff(row, fields),
      ...(descendantCodes > 0 ? { descendantCodesRewritten: descendantCodes } : {}),
    };
    const [updated] = await tx
      .update(orgUnit)
      .set({ ...fields, version: row.version + 1, updatedAt: new Date() })
      .where(eq(orgUnit.id, id))
      .returning();
    if (!updated) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'org_unit.update',
        entityType: 'org_unit',
        entityId: id,
        orgPath: row.path,
        changes,
      },
    ]);
    const [c] = await tx.select({ childCount }).from(orgUnit).where(eq(orgUnit.id, id));
    return presentOrgUnit({ ...updated, childCount: c?.childCount ?? 0 });
  });
}

export async function moveOrgUnit(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; parentId: number; divisionCode?: string | undefined },
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    const row = await lockForChange(tx, auth, id, body.version);
    if (row.id === auth.orgUnitId) throw fieldError('parentId', '不能移动本人所属的单位');
    const parent = await findRow(tx, body.parentId, true);
    if (!parent || !parent.path.startsWith(auth.orgPath))
      throw fieldError('parentId', '目标上级单位不存在或无权访问');
    if (parent.path.startsWith(row.path))
      throw fieldError('parentId', '不能移动到自身或其下级单位之下');
    if (!parent.active) throw fieldError('parentId', '目标上级单位已停用');
    if (childLevelOf(parent.level as OrgLevel) !== row.level) {
      const wanted = ORG_LEVELS[ORG_LEVELS.indexOf(row.level as OrgLevel) - 1];
      throw fieldError(
        'parentId',
        wanted
          ? `“${LEVEL_ZH[row.level as OrgLevel]}”级单位只能移动到“${LEVEL_ZH[wanted]}”级单位下`
          : '顶级单位不能移动',
      );
    }
    const code = body.divisionCode ?? row.divisionCode;
    checkCode(row.level as OrgLevel, code, parent);
    await assertCodeFree(tx, code, row.id);
    const descendantCodes =
      code !== row.divisionCode ? await rewriteDescendantCodes(tx, row, code) : 0;
    const newPath = `${parent.path}${row.id}.`;
    const depthDelta = parent.depth + 1 - row.depth;
    // One statement rewrites the whole subtree: the unit and all its descendants.
    const moved = await tx.execute(sql`
      update org_unit
         set path = ${newPath} || substr(path, ${row.path.length + 1}),
             depth = depth + ${depthDelta},
             updated_at = now(),
             version = version + 1
       where path like ${`${row.path}%`}`);
    // Workers carry a copy of their unit's path for scoped roster queries; move them along.
    await tx.execute(sql`
      update worker
         set org_path = ${newPath} || substr(org_path, ${row.path.length + 1})
       where org_path like ${`${row.path}%`}`);
    await moveCareerPaths(tx, row.path, newPath);
    await tx
      .update(orgUnit)
      .set({ parentId: parent.id, divisionCode: code })
      .where(eq(orgUnit.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'org_unit.move',
        entityType: 'org_unit',
        entityId: id,
        orgPath: newPath,
        changes: {
          parentId: { from: row.parentId, to: parent.id },
          path: { from: row.path, to: newPath },
          ...(code !== row.divisionCode
            ? { divisionCode: { from: row.divisionCode, to: code } }
            : {}),
          subtreeSize: moved.rowCount ?? 0,
          ...(descendantCodes > 0 ? { descendantCodesRewritten: descendantCodes } : {}),
        },
      },
    ]);
    const [after] = await tx
      .select({ ...colsOf(), childCount })
      .from(orgUnit)
      .where(eq(orgUnit.id, id));
    if (!after) throw new AppError('INTERNAL');
    return presentOrgUnit(after);
  });
}

export async function setOrgUnitActive(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
  active: boolean,
): Promise<OrgUnit> {
  return db.transaction(async (tx) => {
    const row = await lockForChange(tx, auth, id, version);
    if (row.id === auth.orgUnitId) throw fieldError('id', '不能停用本人所属的单位');
    if (!active) {
      const [child] = await tx
        .select({ id: orgUnit.id })
        .from(orgUnit)
        .where(and(eq(orgUnit.parentId, id), eq(orgUnit.active, true)))
        .limit(1);
      if (child) throw fieldError('id', '该单位下还有启用的下级单位，请先停用或移走下级单位');
      const [user] = await tx
        .execute<{ id: number }>(
          sql`select id from app_user where org_unit_id = ${id} and active limit 1`,
        )
        .then((r) => r.rows);
      if (user) throw fieldError('id', '该单位下还有启用的账号，请先停用或调整这些账号');
    } else if (row.parentId) {
      const parent = await findRow(tx, row.parentId);
      if (parent && !parent.active) throw fieldError('id', '上级单位已停用，请先启用上级单位');
    }
    const [updated] = await tx
      .update(orgUnit)
      .set({ active, version: row.version + 1, updatedAt: new Date() })
      .where(eq(orgUnit.id, id))
      .returning();
    if (!updated) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: active ? 'org_unit.activate' : 'org_unit.deactivate',
        entityType: 'org_unit',
        entityId: id,
        orgPath: row.path,
        changes: { active: { from: row.active, to: active } },
      },
    ]);
    return presentOrgUnit({ ...updated, childCount: 0 });
  });
}
