// Libraries (课程库, 师资库, 培训基地/实习实践基地): scoped CRUD with optimistic locking and audit.
// Records belong to a unit and are visible in its subtree and to the units above it; sessions
// anywhere below may use them.
import type { z } from 'zod';
import type {
  courseBody,
  CourseView,
  libraryListQuery,
  trainerBody,
  TrainerView,
  trainingBaseBody,
  TrainingBaseView,
  updateCourseBody,
  updateTrainerBody,
  updateTrainingBaseBody,
} from '@cwp/contracts';
import { and, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { trainer, trainingBase, trainingCourse } from '../../db/schema-training';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import { inScope, scopeToOrgUnits } from '../../lib/scope';
import { checkVersion, hoursText, num, unitInScope } from './common';

type CourseRow = typeof trainingCourse.$inferSelect;
type TrainerRow = typeof trainer.$inferSelect;
type BaseRow = typeof trainingBase.$inferSelect;

export const presentCourse = (r: CourseRow): CourseView => ({
  id: r.id,
  orgUnitId: r.orgUnitId,
  title: r.title,
  abilities: r.abilities,
  format: r.format as CourseView['format'],
  hours: num(r.hours),
  description: r.description,
  active: r.active,
  version: r.version,
});
const presentTrainer = (r: TrainerRow): TrainerView => ({
  id: r.id,
  orgUnitId: r.orgUnitId,
  name: r.name,
  kind: r.kind as TrainerView['kind'],
  workerId: r.workerId,
  organisation: r.organisation,
  title: r.title,
  fields: r.fields,
  contact: r.contact,
  rating: r.ratingCount > 0 ? Math.round((r.ratingSum / r.ratingCount) * 10) / 10 : null,
  ratingCount: r.ratingCount,
  active: r.active,
  version: r.version,
});
const presentBase = (r: BaseRow): TrainingBaseView => ({
  id: r.id,
  orgUnitId: r.orgUnitId,
  kind: r.kind as TrainingBaseView['kind'],
  name: r.name,
  address: r.address,
  capacity: r.capacity,
  contactName: r.contactName,
  contactPhone: r.contactPhone,
  description: r.description,
  active: r.active,
  version: r.version,
});

/**
 * Library records are visible in the caller's subtree and on the caller's ancestors (a city's
 * course serves every community): org_path is a prefix of the caller's path or under it.
 */
function libraryScope(auth: AuthContext, path: PgColumn): SQL {
  return or(scopeToOrgUnits(auth, path), sql`${auth.orgPath} like ${path} || '%'`) ?? sql`false`;
}
export const visibleLibraryPath = (auth: AuthContext, p: string): boolean =>
  inScope(auth, p) || auth.orgPath.startsWith(p);

type ListQuery = z.infer<typeof libraryListQuery>;

export async function listCourses(db: Db, auth: AuthContext, q: ListQuery) {
  const where = and(
    libraryScope(auth, trainingCourse.orgPath),
    q.q ? ilike(trainingCourse.title, `%${q.q}%`) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(trainingCourse)
      .where(where)
      .orderBy(desc(trainingCourse.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(trainingCourse).where(where),
  ]);
  return { items: rows.map(presentCourse), total: total?.n ?? 0 };
}

export async function getCourseRow(db: Db, auth: AuthContext, id: number): Promise<CourseRow> {
  const [row] = await db.select().from(trainingCourse).where(eq(trainingCourse.id, id));
  if (!row || !visibleLibraryPath(auth, row.orgPath)) throw notFound();
  return row;
}

export async function saveCourse(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number | null,
  body: z.infer<typeof courseBody> | z.infer<typeof updateCourseBody>,
): Promise<CourseView> {
  return db.transaction(async (tx) => {
    const unit = await unitInScope(tx, auth, body.orgUnitId);
    const values = {
      orgUnitId: unit.id,
      orgPath: unit.path,
      title: body.title,
      abilities: body.abilities,
      format: body.format,
      hours: hoursText(body.hours),
      description: body.description ?? null,
    };
    let row: CourseRow | undefined;
    if (id === null) {
      [row] = await tx.insert(trainingCourse).values(values).returning();
    } else {
      const [old] = await tx
        .select()
        .from(trainingCourse)
        .where(eq(trainingCourse.id, id))
        .for('update');
      if (!old || !inScope(auth, old.orgPath)) throw notFound();
      checkVersion(old.version, 'version' in body ? body.version : -1);
      [row] = await tx
        .update(trainingCourse)
        .set({
          ...values,
          active: 'active' in body && body.active !== undefined ? body.active : old.active,
          version: old.version + 1,
          updatedAt: new Date(),
        })
        .where(eq(trainingCourse.id, id))
        .returning();
    }
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: id === null ? 'training_course.create' : 'training_course.update',
        entityType: 'training_course',
        entityId: row.id,
        orgPath: unit.path,
        changes: body,
      },
    ]);
    return presentCourse(row);
  });
}

export async function listTrainers(db: Db, auth: AuthContext, q: ListQuery) {
  const where = and(
    libraryScope(auth, trainer.orgPath),
    q.q ? ilike(trainer.name, `%${q.q}%`) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(trainer)
      .where(where)
      .orderBy(desc(trainer.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(trainer).where(where),
  ]);
  return { items: rows.map(presentTrainer), total: total?.n ?? 0 };
}

export async function saveTrainer(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number | null,
  body: z.infer<typeof trainerBody> | z.infer<typeof updateTrainerBody>,
): Promise<TrainerView> {
  return db.transaction(async (tx) => {
    const unit = await unitInScope(tx, auth, body.orgUnitId);
    const values = {
      orgUnitId: unit.id,
      orgPath: unit.path,
      name: body.name,
      kind: body.kind,
      workerId: body.workerId ?? null,
      organisation: body.organisation ?? null,
      title: body.title ?? null,
      fields: body.fields,
      contact: body.contact ?? null,
    };
    let row: TrainerRow | undefined;
    if (id === null) {
      [row] = await tx.insert(trainer).values(values).returning();
    } else {
      const [old] = await tx.select().from(trainer).where(eq(trainer.id, id)).for('update');
      if (!old || !inScope(auth, old.orgPath)) throw notFound();
      checkVersion(old.version, 'version' in body ? body.version : -1);
      [row] = await tx
        .update(trainer)
        .set({
          ...values,
          active: 'active' in body && body.active !== undefined ? body.active : old.active,
          version: old.version + 1,
          updatedAt: new Date(),
        })
        .where(eq(trainer.id, id))
        .returning();
    }
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: id === null ? 'trainer.create' : 'trainer.update',
        entityType: 'trainer',
        entityId: row.id,
        orgPath: unit.path,
        changes: body,
      },
    ]);
    return presentTrainer(row);
  });
}

export async function listBases(db: Db, auth: AuthContext, q: ListQuery) {
  const where = and(
    libraryScope(auth, trainingBase.orgPath),
    q.q ? ilike(trainingBase.name, `%${q.q}%`) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(trainingBase)
      .where(where)
      .orderBy(desc(trainingBase.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(trainingBase).where(where),
  ]);
  return { items: rows.map(presentBase), total: total?.n ?? 0 };
}

export async function saveBase(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number | null,
  body: z.infer<typeof trainingBaseBody> | z.infer<typeof updateTrainingBaseBody>,
): Promise<TrainingBaseView> {
  return db.transaction(async (tx) => {
    const unit = await unitInScope(tx, auth, body.orgUnitId);
    const values = {
      orgUnitId: unit.id,
      orgPath: unit.path,
      kind: body.kind,
      name: body.name,
      address: body.address ?? null,
      capacity: body.capacity,
      contactName: body.contactName ?? null,
      contactPhone: body.contactPhone ?? null,
      description: body.description ?? null,
    };
    let row: BaseRow | undefined;
    if (id === null) {
      [row] = await tx.insert(trainingBase).values(values).returning();
    } else {
      const [old] = await tx
        .select()
        .from(trainingBase)
        .where(eq(trainingBase.id, id))
        .for('update');
      if (!old || !inScope(auth, old.orgPath)) throw notFound();
      checkVersion(old.version, 'version' in body ? body.version : -1);
      [row] = await tx
        .update(trainingBase)
        .set({
          ...values,
          active: 'active' in body && body.active !== undefined ? body.active : old.active,
          version: old.version + 1,
          updatedAt: new Date(),
        })
        .where(eq(trainingBase.id, id))
        .returning();
    }
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: id === null ? 'training_base.create' : 'training_base.update',
        entityType: 'training_base',
        entityId: row.id,
        orgPath: unit.path,
        changes: body,
      },
    ]);
    return presentBase(row);
  });
}
