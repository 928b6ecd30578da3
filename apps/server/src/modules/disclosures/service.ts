// Disclosure workflow (公开事项): a community drafts an item (disclosure:manage), submits it, and an
// approver (disclosure:approve) publishes or rejects it; a published item may be withdrawn with a
// reason. A published version is never edited: a correction is a new version (corrects_id points at
// the old one, correction_note says what changed) and publishing it marks the old one superseded.
// Every change is audited in its transaction and announces itself on the `disclosure_changed`
// channel so every instance drops its cached public page.
import type { CreateDisclosureBody, FinanceTableInput } from '@cwp/contracts';
import { checkFinanceTable, dueDateFor, publicationOnSchedule } from '@cwp/core';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { disclosure } from '../../db/schema-disclosure';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { todayIso } from '../workers/mapping';
import { governingSchedule, loadDisclosure, type DisclosureRow } from './queries';

export const DISCLOSURE_CHANNEL = 'disclosure_changed';

type Content = Omit<CreateDisclosureBody, 'orgUnitId' | 'kind'>;

function checkContent(kind: string, c: Content): FinanceTableInput | null {
  if (kind === 'finance') {
    if (!c.finance) throw fieldError('finance', '财务公开须填写收支明细表');
    const problems = checkFinanceTable(c.finance);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems);
    return c.finance;
  }
  if (c.finance) throw fieldError('finance', '只有财务公开可以填写收支明细表');
  return null;
}

async function schedulingOf(tx: DbOrTx, path: string, kind: string, c: Content) {
  const schedule = await governingSchedule(tx, path, kind);
  if (!schedule) return { dueDate: null, scheduleId: null, scheduleVersion: null };
  if (schedule.rule.type === 'periodic' && c.periodKey) {
    if (dueDateFor(schedule.rule, c) === null) {
      const eg = { month: '2026-07', quarter: '2026-Q3', half: '2026-H1', year: '2026' };
      throw fieldError('periodKey', `本类公开按期进行，期间应写作如 ${eg[schedule.rule.period]}`);
    }
  }
  if (schedule.rule.type === 'event' && !c.eventDate)
    throw fieldError('eventDate', '本类公开在事件发生后限期公开，请填写事件日期');
  return {
    dueDate: dueDateFor(schedule.rule, c),
    scheduleId: schedule.id,
    scheduleVersion: schedule.version,
  };
}

async function notifyChanged(tx: DbOrTx, orgUnitId: number): Promise<void> {
  await tx.execute(sql`select pg_notify(${DISCLOSURE_CHANNEL}, ${String(orgUnitId)})`);
}

const audited = (row: DisclosureRow) => ({
  entityType: 'disclosure',
  entityId: row.id,
  orgPath: row.org_path,
});

export async function createDisclosure(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateDisclosureBody,
): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ path: string; level: string; active: boolean }>(
      sql`select path, level, active from org_unit where id = ${body.orgUnitId}`,
    );
    const unit = rows[0];
    if (!unit || !inScope(auth, unit.path))
      throw fieldError('orgUnitId', '社区不存在或不在管辖范围内');
    if (unit.level !== 'community' || !unit.active)
      throw fieldError('orgUnitId', '公开事项只能由社区发布，请选择一个社区');
    const finance = checkContent(body.kind, body);
    const sched = await schedulingOf(tx, unit.path, body.kind, body);
    const [row] = await tx
      .insert(disclosure)
      .values({
        orgUnitId: body.orgUnitId,
        orgPath: unit.path,
        kind: body.kind,
        title: body.title,
        body: body.body,
        periodKey: body.periodKey ?? null,
        eventDate: body.eventDate ?? null,
        finance,
        ...sched,
        createdBy: auth.userId,
      })
      .returning({ id: disclosure.id });
    if (!row) throw new Error('insert returned nothing');
    await tx.execute(sql`update disclosure set series_id = id where id = ${row.id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'disclosure.create',
        entityType: 'disclosure',
        entityId: row.id,
        orgPath: unit.path,
        changes: { kind: body.kind, title: body.title, periodKey: body.periodKey ?? null },
      },
    ]);
    return row.id;
  });
}

function expectVersion(row: DisclosureRow, version: number): void {
  if (row.version !== version) throw new AppError('CONFLICT');
}

function expectStatus(row: DisclosureRow, allowed: string[], message: string): void {
  if (!allowed.includes(row.status)) throw new AppError('BAD_REQUEST', undefined, message);
}

/** Edits a draft (or a rejected item before resubmission); published versions are never edited. */
export async function updateDisclosure(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: Content & { version: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await loadDisclosure(tx, auth, id, true);
    expectVersion(row, body.version);
    expectStatus(row, ['draft', 'rejected'], '只能修改草稿或被退回的公开事项；已发布的请发布更正');
    const finance = checkContent(row.kind, body);
    const sched = await schedulingOf(tx, row.org_path, row.kind, body);
    await tx.execute(sql`
      update disclosure set title = ${body.title}, body = ${body.body},
             period_key = ${body.periodKey ?? null}, event_date = ${body.eventDate ?? null},
             finance = ${finance ? JSON.stringify(finance) : null}::jsonb,
             due_date = ${sched.dueDate}, schedule_id = ${sched.scheduleId},
             schedule_version = ${sched.scheduleVersion}, status = 'draft', reject_reason = null,
             version = version + 1, updated_at = now()
       where id = ${id}`);
    await writeAudit(tx, ctx, [
      {
        action: 'disclosure.update',
        ...audited(row),
        changes: { title: body.title, periodKey: body.periodKey ?? null, finance: !!finance },
      },
    ]);
  });
}

export async function submitDisclosure(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  version: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await loadDisclosure(tx, auth, id, true);
    expectVersion(row, version);
    expectStatus(row, ['draft', 'rejected'], '只有草稿可以提交审核');
    await tx.execute(sql`update disclosure set status = 'pending', version = version + 1,
      updated_at = now() where id = ${id}`);
    await writeAudit(tx, ctx, [{ action: 'disclosure.submit', ...audited(row) }]);
  });
}

/**
 * Publishes a pending item. Outside the schedule in force (late, or before the period has ended)
 * a reason is required and stored. Publishing a correction marks the version it corrects
 * superseded.
 */
export async function publishDisclosure(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; offScheduleReason?: string | null | undefined },
): Promise<{ orgUnitId: number }> {
  return db.transaction(async (tx) => {
    const row = await loadDisclosure(tx, auth, id, true);
    expectVersion(row, body.version);
    expectStatus(row, ['pending'], '只有待审核的公开事项可以发布');
    const today = todayIso();
    const schedule = await governingSchedule(tx, row.org_path, row.kind);
    const onSchedule =
      !schedule ||
      publicationOnSchedule(
        schedule.rule,
        { periodKey: row.period_key, eventDate: row.event_date },
        today,
      );
    const reason = body.offScheduleReason?.trim() || null;
    if (!onSchedule && !reason)
      throw fieldError(
        'offScheduleReason',
        row.due_date
          ? `不在公开时限内（应于 ${row.due_date} 前、期间结束后公开），请说明原因`
          : '本事项不在公开时限安排内，请说明原因',
      );
    await tx.execute(sql`
      update disclosure set status = 'published', published_at = now(),
             published_by = ${auth.userId},
             off_schedule_reason = ${onSchedule ? null : reason},
             version = version + 1, updated_at = now()
       where id = ${id}`);
    const events = [
      {
        action: 'disclosure.publish',
        ...audited(row),
        changes: { onSchedule, offScheduleReason: onSchedule ? null : reason },
      },
    ];
    if (row.corrects_id !== null) {
      const { rows } = await tx.execute<{ id: number }>(sql`
        update disclosure set status = 'superseded', version = version + 1, updated_at = now()
         where id = ${row.corrects_id} and status = 'published' returning id`);
      if (rows[0])
        events.push({
          action: 'disclosure.supersede',
          ...audited(row),
          entityId: Number(row.corrects_id),
          changes: { onSchedule, offScheduleReason: null },
        });
    }
    await notifyChanged(tx, Number(row.org_unit_id));
    await writeAudit(tx, ctx, events);
    return { orgUnitId: Number(row.org_unit_id) };
  });
}

export async function rejectDisclosure(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; reason: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await loadDisclosure(tx, auth, id, true);
    expectVersion(row, body.version);
    expectStatus(row, ['pending'], '只有待审核的公开事项可以退回');
    await tx.execute(sql`update disclosure set status = 'rejected', reject_reason = ${body.reason},
      version = version + 1, updated_at = now() where id = ${id}`);
    await writeAudit(tx, ctx, [
      { action: 'disclosure.reject', ...audited(row), changes: { reason: body.reason } },
    ]);
  });
}

/** Withdraws a published item from the public site; it stays listed there as withdrawn. */
export async function withdrawDisclosure(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; reason: string },
): Promise<{ orgUnitId: number }> {
  return db.transaction(async (tx) => {
    const row = await loadDisclosure(tx, auth, id, true);
    expectVersion(row, body.version);
    expectStatus(row, ['published'], '只有已发布的公开事项可以撤回');
    await tx.execute(sql`update disclosure set status = 'withdrawn', withdraw_reason = ${body.reason},
      withdrawn_at = now(), version = version + 1, updated_at = now() where id = ${id}`);
    await notifyChanged(tx, Number(row.org_unit_id));
    await writeAudit(tx, ctx, [
      { action: 'disclosure.withdraw', ...audited(row), changes: { reason: body.reason } },
    ]);
    return { orgUnitId: Number(row.org_unit_id) };
  });
}

/** Drafts a correction of a published version: a new version linked to it, never an edit. */
export async function correctDisclosure(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: Content & { version: number; correctionNote: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const row = await loadDisclosure(tx, auth, id, true);
    expectVersion(row, body.version);
    expectStatus(row, ['published'], '只能更正已发布的公开事项');
    const { rows: open } = await tx.execute<{ id: number }>(sql`
      select id from disclosure where corrects_id = ${id}
         and status in ('draft', 'pending', 'rejected') limit 1`);
    if (open[0])
      throw new AppError('DUPLICATE', undefined, `已有一份更正（第 ${open[0].id} 号）正在办理`);
    const finance = checkContent(row.kind, body);
    const sched = await schedulingOf(tx, row.org_path, row.kind, body);
    const [created] = await tx
      .insert(disclosure)
      .values({
        seriesId: Number(row.series_id ?? row.id),
        revision: row.revision + 1,
        correctsId: id,
        correctionNote: body.correctionNote,
        orgUnitId: Number(row.org_unit_id),
        orgPath: row.org_path,
        kind: row.kind,
        title: body.title,
        body: body.body,
        periodKey: body.periodKey ?? null,
        eventDate: body.eventDate ?? null,
        finance,
        ...sched,
        createdBy: auth.userId,
      })
      .returning({ id: disclosure.id });
    if (!created) throw notFound();
    await writeAudit(tx, ctx, [
      {
        action: 'disclosure.correct',
        entityType: 'disclosure',
        entityId: created.id,
        orgPath: row.org_path,
        changes: { corrects: id, correctionNote: body.correctionNote },
      },
    ]);
    return created.id;
  });
}
