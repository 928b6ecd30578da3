// Rule-set lifecycle (规则集): a draft is created and edited in the caller's subtree, validated
// by kind (validateRuleSetContent; errors name `content.<field>`), submitted into the approval
// flow, approved or returned there by someone else holding rule:approve at or above its unit, and
// then in force from its effective date. Nothing is deleted: past versions stay readable.
import {
  APPROVAL_STATUSES,
  RULE_SET_CONTENT_SCHEMAS,
  RULE_SET_KINDS,
  RULE_SET_KIND_LABELS,
  validateRuleSetContent,
  type CreateRuleSetBody,
  type ErrorDetail,
  type InForceResult,
  type RuleSetDetail,
  type UpdateRuleSetBody,
} from '@cwp/contracts';
import { EXAMPLE_RULE_SETS, type RuleSetKind } from '@cwp/core';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client';
import { orgUnit } from '../../db/schema';
import { ruleSet } from '../../db/schema-career';
import { diff, writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { narrow } from '../../lib/narrow';
import { inScope } from '../../lib/scope';
import { decidersOf, decideInTx, openRequest } from '../approvals/service';
import { eventsOf, latestRequestOf } from '../approvals/view';
import { todayIso } from '../workers/mapping';
import { canPreview } from './preview';
import { resolveInForce } from './resolve';
import { canRead, historyOf, loadView, unitOr404, type RuleSetRow } from './view';

const EDITABLE = new Set(['draft', 'returned']);

/** Validates content of a kind; error paths are prefixed `content.` as the form sends them. */
export function checkContent(
  kind: RuleSetKind,
  content: unknown,
): { ok: true; value: unknown } | { ok: false; errors: ErrorDetail[] } {
  const result = validateRuleSetContent(kind, content);
  if (result.ok) return result;
  return {
    ok: false,
    errors: result.errors.map((e) => ({
      path: e.path ? `content.${e.path}` : 'content',
      message: e.message,
    })),
  };
}

function validContent(kind: RuleSetKind, content: unknown): unknown {
  const checked = checkContent(kind, content);
  if (!checked.ok) throw new AppError('VALIDATION_FAILED', checked.errors);
  return checked.value;
}

export function ruleSetTitle(row: { kind: string; name: string; versionNo: number }): string {
  const kind = RULE_SET_KINDS.find((k) => k === row.kind);
  const label = kind ? RULE_SET_KIND_LABELS[kind].zh : row.kind;
  return `${label}「${row.name}」第 ${row.versionNo} 版`;
}

export function kindInfos() {
  return RULE_SET_KINDS.map((kind) => {
    const schema = z.toJSONSchema(RULE_SET_CONTENT_SCHEMAS[kind], {
      io: 'input',
      unrepresentable: 'any',
    });
    const { $schema: _s, ...contentSchema } = schema;
    return {
      kind,
      zh: RULE_SET_KIND_LABELS[kind].zh,
      en: RULE_SET_KIND_LABELS[kind].en,
      contentSchema,
      example: { name: EXAMPLE_RULE_SETS[kind].name, content: EXAMPLE_RULE_SETS[kind].content },
    };
  });
}

// ---------------------------------------------------------------------------------------------

export async function getRuleSet(db: Db, auth: AuthContext, id: number): Promise<RuleSetDetail> {
  const { view, row } = await loadView(db, auth, id);
  const [history, request] = await Promise.all([
    historyOf(db, auth, row.kind, row.orgUnitId),
    latestRequestOf(db, 'rule_set', id),
  ]);
  const mine = inScope(auth, row.orgPath);
  const manage = mine && auth.permissions.has('rule:manage');
  return {
    ...view,
    abilities: {
      edit: manage && EDITABLE.has(row.status),
      submit: manage && EDITABLE.has(row.status),
      withdraw: manage && (EDITABLE.has(row.status) || row.status === 'pending'),
      decide:
        row.status === 'pending' &&
        mine &&
        auth.permissions.has('rule:approve') &&
        row.submittedBy !== auth.userId,
      preview: canPreview(auth, view.kind),
    },
    history,
    approval: request
      ? {
          id: request.id,
          status: narrow(APPROVAL_STATUSES, request.status, '审批状态'),
          events: await eventsOf(db, request.id),
        }
      : null,
  };
}

export async function createRuleSet(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  body: CreateRuleSetBody,
): Promise<RuleSetDetail> {
  const content = validContent(body.kind, body.content);
  const id = await db.transaction(async (tx) => {
    const [unit] = await tx.select().from(orgUnit).where(eq(orgUnit.id, body.orgUnitId));
    if (!unit || !inScope(auth, unit.path)) {
      throw fieldError('orgUnitId', '适用单位不存在或不在本人管辖范围内');
    }
    if (!unit.active) throw fieldError('orgUnitId', '适用单位已停用');
    // Version numbers per (kind, unit) are handed out one at a time.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`rule_set:${body.kind}`}), ${unit.id}::int)`,
    );
    const [last] = await tx
      .select({ n: sql<number>`coalesce(max(${ruleSet.versionNo}), 0)::int` })
      .from(ruleSet)
      .where(and(eq(ruleSet.kind, body.kind), eq(ruleSet.orgUnitId, unit.id)));
    const versionNo = (last?.n ?? 0) + 1;
    const [row] = await tx
      .insert(ruleSet)
      .values({
        kind: body.kind,
        orgUnitId: unit.id,
        orgPath: unit.path,
        name: body.name,
        versionNo,
        effectiveFrom: body.effectiveFrom,
        content,
        note: body.note ?? null,
        createdBy: auth.userId,
      })
      .returning({ id: ruleSet.id });
    if (!row) throw new AppError('INTERNAL');
    await writeAudit(tx, ctx, [
      {
        action: 'rule_set.create',
        entityType: 'rule_set',
        entityId: row.id,
        orgPath: unit.path,
        changes: {
          kind: body.kind,
          orgUnitId: unit.id,
          versionNo,
          name: body.name,
          effectiveFrom: body.effectiveFrom,
          note: body.note ?? null,
          content,
        },
      },
    ]);
    return row.id;
  });
  return getRuleSet(db, auth, id);
}

/** Locks a rule set the caller may change: 404 if unreadable, 403 if above their subtree. */
async function lockOwn(
  tx: Tx,
  auth: AuthContext,
  id: number,
  version: number,
): Promise<RuleSetRow> {
  const [row] = await tx.select().from(ruleSet).where(eq(ruleSet.id, id)).for('update');
  if (!row || !canRead(auth, row)) throw notFound();
  if (!inScope(auth, row.orgPath)) throw new AppError('FORBIDDEN');
  if (row.version !== version) throw new AppError('CONFLICT');
  return row;
}

function notInState(action: string): AppError {
  return fieldError('status', `只有草稿或已退回的规则集可以${action}`);
}

export async function updateRuleSet(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: UpdateRuleSetBody,
): Promise<RuleSetDetail> {
  await db.transaction(async (tx) => {
    const row = await lockOwn(tx, auth, id, body.version);
    if (!EDITABLE.has(row.status)) throw notInState('修改');
    const kind = RULE_SET_KINDS.find((k) => k === row.kind);
    if (!kind) throw new AppError('INTERNAL');
    const fields: Partial<RuleSetRow> = {};
    if (body.name !== undefined) fields.name = body.name;
    if (body.effectiveFrom !== undefined) fields.effectiveFrom = body.effectiveFrom;
    if (body.note !== undefined) fields.note = body.note;
    if (body.content !== undefined) fields.content = validContent(kind, body.content);
    const changes = diff(row, fields);
    await tx
      .update(ruleSet)
      .set({ ...fields, version: row.version + 1, updatedAt: new Date() })
      .where(eq(ruleSet.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'rule_set.update',
        entityType: 'rule_set',
        entityId: id,
        orgPath: row.orgPath,
        changes,
      },
    ]);
  });
  return getRuleSet(db, auth, id);
}

export async function submitRuleSet(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; comment?: string | undefined },
): Promise<RuleSetDetail> {
  await db.transaction(async (tx) => {
    const row = await lockOwn(tx, auth, id, body.version);
    if (!EDITABLE.has(row.status)) throw notInState('提交审批');
    const deciders = await decidersOf(tx, row.orgPath, 'rule:approve', auth.userId);
    if (deciders.length === 0) {
      throw new AppError(
        'BAD_REQUEST',
        [{ path: '', message: '本级及上级没有其他持有“审批规则集”权限的用户，无法提交审批' }],
        '本级及上级没有其他持有“审批规则集”权限的用户，无法提交审批',
      );
    }
    const now = new Date();
    await tx
      .update(ruleSet)
      .set({
        status: 'pending',
        submittedBy: auth.userId,
        submittedAt: now,
        version: row.version + 1,
        updatedAt: now,
      })
      .where(eq(ruleSet.id, id));
    await writeAudit(tx, ctx, [
      {
        action: 'rule_set.submit',
        entityType: 'rule_set',
        entityId: id,
        orgPath: row.orgPath,
        changes: { status: { from: row.status, to: 'pending' }, comment: body.comment ?? null },
      },
    ]);
    await openRequest(tx, ctx, {
      subjectType: 'rule_set',
      subjectId: id,
      title: ruleSetTitle(row),
      decidingUnit: { id: row.orgUnitId, path: row.orgPath },
      subjectOrgPath: row.orgPath,
      requiredPermission: 'rule:approve',
      submitter: { userId: auth.userId, displayName: auth.displayName },
      comment: body.comment ?? null,
    });
  });
  return getRuleSet(db, auth, id);
}

/** Approve, return or withdraw a pending rule set through its approval request. */
export async function decideRuleSet(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  decision: 'approve' | 'return' | 'withdraw',
  body: { version: number; comment?: string | undefined },
): Promise<RuleSetDetail> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(ruleSet).where(eq(ruleSet.id, id));
    if (!row || !canRead(auth, row)) throw notFound();
    if (!inScope(auth, row.orgPath)) throw new AppError('FORBIDDEN');
    if (decision === 'withdraw' && EDITABLE.has(row.status)) {
      await withdrawDraft(tx, auth, ctx, id, body);
      return;
    }
    if (row.status !== 'pending') {
      throw fieldError(
        'status',
        decision === 'withdraw' ? '该规则集已生效或已撤回，不能撤回' : '该规则集不在待审批状态',
      );
    }
    const request = await latestRequestOf(tx, 'rule_set', id);
    if (!request || request.status !== 'pending') throw new AppError('CONFLICT');
    await decideInTx(tx, auth, ctx, request.id, decision, {
      comment: body.comment ?? null,
      subjectVersion: body.version,
    });
  });
  return getRuleSet(db, auth, id);
}

async function withdrawDraft(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  body: { version: number; comment?: string | undefined },
): Promise<void> {
  const row = await lockOwn(tx, auth, id, body.version);
  if (!EDITABLE.has(row.status)) throw new AppError('CONFLICT');
  await tx
    .update(ruleSet)
    .set({ status: 'withdrawn', version: row.version + 1, updatedAt: new Date() })
    .where(eq(ruleSet.id, id));
  await writeAudit(tx, ctx, [
    {
      action: 'rule_set.withdraw',
      entityType: 'rule_set',
      entityId: id,
      orgPath: row.orgPath,
      changes: { status: { from: row.status, to: 'withdrawn' }, comment: body.comment ?? null },
    },
  ]);
}

export async function inForce(
  db: Db,
  auth: AuthContext,
  q: { kind: RuleSetKind; orgUnitId?: number | undefined; date?: string | undefined },
): Promise<InForceResult> {
  const unit = await unitOr404(db, auth, q.orgUnitId ?? auth.orgUnitId);
  const date = q.date ?? todayIso();
  const found = await resolveInForce(db, q.kind, unit.path, date);
  if (!found) return { orgUnitId: unit.id, kind: q.kind, date, ruleSet: null, inherited: false };
  const { view } = await loadView(db, auth, found.id);
  return {
    orgUnitId: unit.id,
    kind: q.kind,
    date,
    ruleSet: view,
    inherited: found.orgUnitId !== unit.id,
  };
}
