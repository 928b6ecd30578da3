// The reusable approval flow: a subject module opens a request inside its own transaction (the
// deciding unit and the permission a decider needs are its choice — "the level the rule names");
// deciders are notified; a decision locks the request, then hands the subject to its handler
// (subjects.ts), writes the event and the audit row, and notifies the submitter.
import type { ApprovalDetail, ApprovalSubjectType, Permission } from '@cwp/contracts';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client';
import { approvalEvent, approvalRequest } from '../../db/schema-career';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import { notifyUsers } from '../notifications/service';
import { canManage, handlerOf, isDecider, visible, type RequestRow } from './policy';
import type { Decision } from './subjects';
import { getApproval } from './view';

const DECIDED_STATUS = { approve: 'approved', return: 'returned', withdraw: 'withdrawn' } as const;
const DECISION_ZH = { approve: '审批通过', return: '被退回', withdraw: '已撤回' } as const;

export interface OpenRequestInput {
  subjectType: ApprovalSubjectType;
  subjectId: number;
  title: string;
  /** Its users and those of its ancestors holding `requiredPermission` decide. */
  decidingUnit: { id: number; path: string };
  subjectOrgPath: string;
  requiredPermission: Permission;
  submitter: { userId: number; displayName: string };
  comment: string | null;
}

/** Active users holding `permission` at the deciding unit or above it, except `exceptUserId`. */
export async function decidersOf(
  tx: DbOrTx,
  orgPath: string,
  permission: Permission,
  exceptUserId: number,
): Promise<number[]> {
  const rows = await tx.execute<{ id: number }>(sqlDeciders(orgPath, permission, exceptUserId));
  return rows.rows.map((r) => Number(r.id));
}

function sqlDeciders(orgPath: string, permission: string, exceptUserId: number): SQL {
  return sql`
    select distinct u.id
      from app_user u
      join org_unit o on o.id = u.org_unit_id
      join user_role ur on ur.user_id = u.id
      join role r on r.id = ur.role_id
     where u.active and u.id <> ${exceptUserId} and ${permission} = any(r.permissions)
       and ${orgPath} like o.path || '%'`;
}

/** Opens a request in the subject's transaction; fails if the subject already has one pending. */
export async function openRequest(
  tx: Tx,
  ctx: AuditContext,
  input: OpenRequestInput,
): Promise<RequestRow> {
  const [open] = await tx
    .select({ id: approvalRequest.id })
    .from(approvalRequest)
    .where(
      and(
        eq(approvalRequest.subjectType, input.subjectType),
        eq(approvalRequest.subjectId, input.subjectId),
        eq(approvalRequest.status, 'pending'),
      ),
    );
  if (open) throw new AppError('CONFLICT', undefined, '该事项已在审批中');
  const [row] = await tx
    .insert(approvalRequest)
    .values({
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      title: input.title,
      orgUnitId: input.decidingUnit.id,
      orgPath: input.decidingUnit.path,
      subjectOrgPath: input.subjectOrgPath,
      requiredPermission: input.requiredPermission,
      submittedBy: input.submitter.userId,
    })
    .returning();
  if (!row) throw new AppError('INTERNAL');
  await tx.insert(approvalEvent).values({
    requestId: row.id,
    kind: 'submit',
    actorId: input.submitter.userId,
    comment: input.comment,
  });
  const deciders = await decidersOf(
    tx,
    row.orgPath,
    input.requiredPermission,
    input.submitter.userId,
  );
  await notifyUsers(tx, deciders, {
    kind: 'approval.pending',
    title: `待审批：${input.title}`,
    body: `${input.submitter.displayName} 提交了审批申请${input.comment ? `：${input.comment}` : ''}`,
    link: `/approvals/${row.id}`,
  });
  await writeAudit(tx, ctx, [
    {
      action: 'approval.submit',
      entityType: 'approval_request',
      entityId: row.id,
      orgPath: input.subjectOrgPath,
      changes: {
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        decidingUnitId: input.decidingUnit.id,
        requiredPermission: input.requiredPermission,
        notified: deciders.length,
        comment: input.comment,
      },
    },
  ]);
  return row;
}

// ---------------------------------------------------------------------------------------------
// Decisions

async function lockVisible(tx: Tx, auth: AuthContext, id: number): Promise<RequestRow> {
  const [row] = await tx
    .select()
    .from(approvalRequest)
    .where(eq(approvalRequest.id, id))
    .for('update');
  if (!row || !visible(auth, row)) throw notFound();
  return row;
}

export interface DecideOptions {
  comment: string | null;
  /** The request version the caller saw. */
  version?: number | undefined;
  /** The subject version the caller saw (when deciding from the subject's own screen). */
  subjectVersion?: number | undefined;
}

/** Approve, return or withdraw a pending request, in the caller's transaction. */
export async function decideInTx(
  tx: Tx,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  decision: Decision,
  opts: DecideOptions,
): Promise<RequestRow> {
  const row = await lockVisible(tx, auth, id);
  if (opts.version !== undefined && row.version !== opts.version) throw new AppError('CONFLICT');
  if (row.status !== 'pending') {
    throw new AppError('CONFLICT', undefined, '该申请已处理，请刷新后查看');
  }
  if (decision === 'withdraw') {
    if (row.submittedBy !== auth.userId && !canManage(auth, row)) throw new AppError('FORBIDDEN');
  } else if (row.submittedBy === auth.userId) {
    throw new AppError('FORBIDDEN', undefined, '不能审批本人提交的申请');
  } else if (!isDecider(auth, row)) {
    throw new AppError('FORBIDDEN');
  }
  const now = new Date();
  const [updated] = await tx
    .update(approvalRequest)
    .set({
      status: DECIDED_STATUS[decision],
      decidedBy: auth.userId,
      decidedAt: now,
      version: row.version + 1,
      updatedAt: now,
    })
    .where(eq(approvalRequest.id, id))
    .returning();
  if (!updated) throw new AppError('INTERNAL');
  await tx
    .insert(approvalEvent)
    .values({ requestId: id, kind: decision, actorId: auth.userId, comment: opts.comment });
  const handler = handlerOf(row.subjectType);
  await handler.onDecided(tx, ctx, row.subjectId, decision, {
    userId: auth.userId,
    comment: opts.comment,
    expectedVersion: opts.subjectVersion,
  });
  if (row.submittedBy !== auth.userId) {
    await notifyUsers(tx, [row.submittedBy], {
      kind: `approval.${DECIDED_STATUS[decision]}`,
      title: `${DECISION_ZH[decision]}：${row.title}`,
      body: `${auth.displayName}${opts.comment ? `：${opts.comment}` : ''}`,
      link: handler.link(row.subjectId),
    });
  }
  await writeAudit(tx, ctx, [
    {
      action: `approval.${decision}`,
      entityType: 'approval_request',
      entityId: id,
      orgPath: row.subjectOrgPath,
      changes: {
        subjectType: row.subjectType,
        subjectId: row.subjectId,
        status: { from: row.status, to: updated.status },
        comment: opts.comment,
      },
    },
  ]);
  return updated;
}

export async function decide(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  decision: Decision,
  opts: DecideOptions,
): Promise<ApprovalDetail> {
  await db.transaction((tx) => decideInTx(tx, auth, ctx, id, decision, opts));
  return getApproval(db, auth, id);
}

export async function addComment(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
  comment: string,
): Promise<ApprovalDetail> {
  await db.transaction(async (tx) => {
    const row = await lockVisible(tx, auth, id);
    await tx
      .insert(approvalEvent)
      .values({ requestId: id, kind: 'comment', actorId: auth.userId, comment });
    if (row.submittedBy !== auth.userId) {
      await notifyUsers(tx, [row.submittedBy], {
        kind: 'approval.comment',
        title: `审批意见：${row.title}`,
        body: `${auth.displayName}：${comment}`,
        link: `/approvals/${id}`,
      });
    }
    await writeAudit(tx, ctx, [
      {
        action: 'approval.comment',
        entityType: 'approval_request',
        entityId: id,
        orgPath: row.subjectOrgPath,
        changes: { comment },
      },
    ]);
  });
  return getApproval(db, auth, id);
}
