// What a decision in the approval flow does to a nomination: approve → approved (outcome may then
// be recorded), return → back to the nominating unit, withdraw → withdrawn.
import type { ApprovalSubjectHandler } from '../approvals/subjects';
import { onNominationDecided } from './service';

export const nominationApprovalSubject: ApprovalSubjectHandler = {
  managePermission: 'honor:manage',
  link: () => '/honors',
  onDecided: onNominationDecided,
};
