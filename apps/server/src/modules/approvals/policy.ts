// Who may see, decide, withdraw and comment on an approval request: the submitter; holders of the
// permission the request names at or above its deciding unit (never the submitter); and managers
// of the subject (its module's manage permission with the subject's unit in scope).
import { APPROVAL_SUBJECT_TYPES, isPermission, type ApprovalView } from '@cwp/contracts';
import type { approvalRequest } from '../../db/schema-career';
import type { AuthContext } from '../../lib/auth-context';
import { narrow } from '../../lib/narrow';
import { inScope } from '../../lib/scope';
import { APPROVAL_SUBJECTS } from './subjects';

export type RequestRow = typeof approvalRequest.$inferSelect;

export function has(auth: AuthContext, code: string): boolean {
  return isPermission(code) && auth.permissions.has(code);
}

export function canManage(auth: AuthContext, row: RequestRow): boolean {
  const handler = handlerOf(row.subjectType);
  return has(auth, handler.managePermission) && inScope(auth, row.subjectOrgPath);
}

export function isDecider(auth: AuthContext, row: RequestRow): boolean {
  return (
    has(auth, row.requiredPermission) &&
    inScope(auth, row.orgPath) &&
    row.submittedBy !== auth.userId
  );
}

export function visible(auth: AuthContext, row: RequestRow): boolean {
  return row.submittedBy === auth.userId || isDecider(auth, row) || canManage(auth, row);
}

export function abilities(auth: AuthContext, row: RequestRow): ApprovalView['abilities'] {
  const pending = row.status === 'pending';
  return {
    decide: pending && isDecider(auth, row),
    withdraw: pending && (row.submittedBy === auth.userId || canManage(auth, row)),
    comment: visible(auth, row),
  };
}

export function handlerOf(subjectType: string) {
  return APPROVAL_SUBJECTS[narrow(APPROVAL_SUBJECT_TYPES, subjectType, '审批事项类型')];
}
