// Assessment schemes (考核方案): versions per org unit, immutable; a change is a new version. The
// scheme for a unit on a date is the deepest ancestor-or-self's latest version in force.
import type { AssessmentSchemeView, CreateAssessmentSchemeBody } from '@cwp/contracts';
import { assessmentSchemeContent } from '@cwp/contracts';
import type { AssessmentScheme } from '@cwp/core';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { assessmentScheme } from '../../db/schema-assessment-cycles';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError } from '../../lib/errors';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { pathIds } from '../rule-sets/resolve';

type SchemeRow = typeof assessmentScheme.$inferSelect;

/** Content read back from the database, checked again so scoring only sees a valid scheme. */
export function storedScheme(row: Pick<SchemeRow, 'id' | 'content'>): AssessmentScheme {
  const r = assessmentSchemeContent.safeParse(row.content);
  if (!r.success) {
    throw new AppError('INTERNAL', undefined, `考核方案 ${row.id} 的内容无效`);
  }
  return r.data;
}

function present(r: SchemeRow, unitName: string): AssessmentSchemeView {
  return {
    id: r.id,
    orgUnitId: r.orgUnitId,
    orgUnitName: unitName,
    versionNo: r.versionNo,
    name: r.name,
    effectiveFrom: r.effectiveFrom,
    content: storedScheme(r),
    createdAt: r.createdAt.toISOString(),
  };
}

/** Versions defined at the caller's units and above them (the ones that can govern their units). */
export async function listSchemes(db: Db, auth: AuthContext): Promise<AssessmentSchemeView[]> {
  const ids = pathIds(auth.orgPath);
  const rows = await db
    .select({ s: assessmentScheme, unitName: orgUnit.name })
    .from(assessmentScheme)
    .innerJoin(orgUnit, eq(orgUnit.id, assessmentScheme.orgUnitId))
    .where(
      sql`(${scopeToOrgUnits(auth, assessmentScheme.orgPath)} or ${assessmentScheme.orgUnitId} = any(${sql.param(ids)}::bigint[]))`,
    )
    .orderBy(assessmentScheme.orgPath, desc(assessmentScheme.versionNo))
    .limit(500);
  return rows.map((r) => present(r.s, r.unitName));
}

export async function createScheme(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateAssessmentSchemeBody,
): Promise<AssessmentSchemeView> {
  return db.transaction(async (tx) => {
    const [unit] = await tx
      .select({ id: orgUnit.id, path: orgUnit.path, name: orgUnit.name })
      .from(orgUnit)
      .where(eq(orgUnit.id, body.orgUnitId));
    if (!unit || !inScope(auth, unit.path)) throw fieldError('orgUnitId', '单位不存在或无权访问');
    // Versions of one unit are numbered in order; the lock keeps two saves from taking one number.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext('assessment_scheme'), ${unit.id}::int)`,
    );
    const [last] = await tx
      .select({ v: assessmentScheme.versionNo })
      .from(assessmentScheme)
      .where(eq(assessmentScheme.orgUnitId, unit.id))
      .orderBy(desc(assessmentScheme.versionNo))
      .limit(1);
    const [row] = await tx
      .insert(assessmentScheme)
      .values({
        orgUnitId: unit.id,
        orgPath: unit.path,
        versionNo: (last?.v ?? 0) + 1,
        name: body.name,
        effectiveFrom: body.effectiveFrom,
        content: body.content,
        createdBy: auth.userId,
      })
      .returning();
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'assessment_scheme.create',
        entityType: 'assessment_scheme',
        entityId: row.id,
        orgPath: unit.path,
        changes: {
          orgUnitId: unit.id,
          versionNo: row.versionNo,
          name: body.name,
          effectiveFrom: body.effectiveFrom,
          content: body.content,
        },
      },
    ]);
    return present(row, unit.name);
  });
}

/** The version governing the unit at `unitPath` on `date`, or null. */
export async function resolveScheme(
  db: DbOrTx,
  unitPath: string,
  date: string,
): Promise<SchemeRow | null> {
  const [row] = await db
    .select()
    .from(assessmentScheme)
    .where(
      and(
        sql`${assessmentScheme.orgUnitId} = any(${sql.param(pathIds(unitPath))}::bigint[])`,
        sql`${assessmentScheme.effectiveFrom} <= ${date}::date`,
      ),
    )
    .orderBy(
      desc(sql`length(${assessmentScheme.orgPath})`),
      desc(assessmentScheme.effectiveFrom),
      desc(assessmentScheme.versionNo),
    )
    .limit(1);
  return row ?? null;
}
