// Reading approval requests: the inbox (what the caller may decide), their own submissions, one
// request with its events, and the latest request about a subject for the subject's own screen.
import {
  APPROVAL_STATUSES,
  APPROVAL_SUBJECT_TYPES,
  type ApprovalDetail,
  type ApprovalEventView,
  type ApprovalListQuery,
  type ApprovalSubjectType,
  type ApprovalView,
} from '@cwp/contracts';
import { and, asc, count, desc, eq, inArray, like, ne, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/client';
import { appUser, orgUnit } from '../../db/schema';
import { approvalEvent, approvalRequest } from '../../db/schema-career';
import type { AuthContext } from '../../lib/auth-context';
import { notFound } from '../../lib/errors';
import { narrow } from '../../lib/narrow';
import { abilities, handlerOf, visible, type RequestRow } from './policy';
import { APPROVAL_SUBJECTS } from './subjects';

const EVENT_KINDS = ['submit', 'approve', 'return', 'withdraw', 'comment'] as const;

const submitter = alias(appUser, 'submitter');
const decider = alias(appUser, 'decider');

function selectViews(db: DbOrTx) {
  return db
    .select({
      row: approvalRequest,
      orgUnitName: orgUnit.name,
      submitterName: submitter.displayName,
      deciderName: decider.displayName,
    })
    .from(approvalRequest)
    .innerJoin(orgUnit, eq(orgUnit.id, approvalRequest.orgUnitId))
    .innerJoin(submitter, eq(submitter.id, approvalRequest.submittedBy))
    .leftJoin(decider, eq(decider.id, approvalRequest.decidedBy));
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectViews>['execute']>>[number];

function present(auth: AuthContext, v: ViewRow): ApprovalView {
  const r = v.row;
  const handler = handlerOf(r.subjectType);
  return {
    id: r.id,
    subjectType: narrow(APPROVAL_SUBJECT_TYPES, r.subjectType, '审批事项类型'),
    subjectId: r.subjectId,
    title: r.title,
    orgUnitId: r.orgUnitId,
    orgUnitName: v.orgUnitName,
    requiredPermission: r.requiredPermission,
    status: narrow(APPROVAL_STATUSES, r.status, '审批状态'),
    submittedBy: { id: r.submittedBy, displayName: v.submitterName },
    submittedAt: r.submittedAt.toISOString(),
    decidedBy: r.decidedBy !== null ? { id: r.decidedBy, displayName: v.deciderName ?? '' } : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    link: handler.link(r.subjectId),
    version: r.version,
    abilities: abilities(auth, r),
  };
}

/** The SQL twin of isDecider / canManage / the submitter check, for lists. */
function visibilityConditions(auth: AuthContext) {
  const prefix = `${auth.orgPath}%`;
  const held = [...auth.permissions];
  const decide =
    held.length > 0
      ? and(
          like(approvalRequest.orgPath, prefix),
          inArray(approvalRequest.requiredPermission, held),
          ne(approvalRequest.submittedBy, auth.userId),
        )
      : undefined;
  const submitted = eq(approvalRequest.submittedBy, auth.userId);
  const managed = Object.entries(APPROVAL_SUBJECTS)
    .filter(([, h]) => auth.permissions.has(h.managePermission))
    .map(([type]) =>
      and(eq(approvalRequest.subjectType, type), like(approvalRequest.subjectOrgPath, prefix)),
    );
  return { decide, submitted, managed };
}

export async function listApprovals(
  db: Db,
  auth: AuthContext,
  q: ApprovalListQuery,
): Promise<{ items: ApprovalView[]; total: number }> {
  const v = visibilityConditions(auth);
  let box: SQL | undefined;
  if (q.box === 'decide') box = v.decide;
  else if (q.box === 'submitted') box = v.submitted;
  else box = or(v.decide, v.submitted, ...v.managed);
  if (!box) return { items: [], total: 0 };
  const where = and(
    box,
    q.status ? eq(approvalRequest.status, q.status) : undefined,
    q.subjectType ? eq(approvalRequest.subjectType, q.subjectType) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectViews(db)
      .where(where)
      .orderBy(desc(approvalRequest.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(approvalRequest).where(where),
  ]);
  return { items: rows.map((r) => present(auth, r)), total: total?.n ?? 0 };
}

export async function eventsOf(db: DbOrTx, requestId: number): Promise<ApprovalEventView[]> {
  const rows = await db
    .select({ e: approvalEvent, actorName: appUser.displayName })
    .from(approvalEvent)
    .leftJoin(appUser, eq(appUser.id, approvalEvent.actorId))
    .where(eq(approvalEvent.requestId, requestId))
    .orderBy(asc(approvalEvent.id));
  return rows.map(({ e, actorName }) => ({
    id: e.id,
    kind: narrow(EVENT_KINDS, e.kind, '审批记录类型'),
    actor: e.actorId !== null ? { id: e.actorId, displayName: actorName ?? '' } : null,
    comment: e.comment,
    at: e.at.toISOString(),
  }));
}

export async function getApproval(db: Db, auth: AuthContext, id: number): Promise<ApprovalDetail> {
  const [row] = await selectViews(db).where(eq(approvalRequest.id, id));
  if (!row || !visible(auth, row.row)) throw notFound();
  return { ...present(auth, row), events: await eventsOf(db, id) };
}

/** The most recent request about a subject (any status), for the subject's own screen. */
export async function latestRequestOf(
  db: DbOrTx,
  subjectType: ApprovalSubjectType,
  subjectId: number,
): Promise<RequestRow | undefined> {
  const [row] = await db
    .select()
    .from(approvalRequest)
    .where(
      and(eq(approvalRequest.subjectType, subjectType), eq(approvalRequest.subjectId, subjectId)),
    )
    .orderBy(desc(approvalRequest.id))
    .limit(1);
  return row;
}
