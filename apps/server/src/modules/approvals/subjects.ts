// The subjects the approval flow can decide, and what each does when a request is decided. A new
// subject (recruitment plan, hire, grade change, payroll, exit) adds its handler here.
import type { ApprovalSubjectType, Permission } from '@cwp/contracts';
import type { Tx } from '../../db/client';
import type { AuditContext } from '../../lib/audit';
import { ruleSetApprovalSubject } from '../rule-sets/approval-subject';
import { assessmentCycleApprovalSubject } from '../assessment-cycles/workflow';
import { recruitmentPlanApprovalSubject } from '../recruitment/approval-subject';
import { hireApprovalSubject } from '../recruitment/hire-subject';
import { exitApprovalSubject } from '../exits/approval-subject';
import { payrollRunApprovalSubject } from '../payroll/approval';
import { gradeChangeApprovalSubject, gradeReviewApprovalSubject } from '../grades/approval-subject';
import { trainingPlanApprovalSubject } from '../training/plans';
import { nominationApprovalSubject } from '../honors/approval-subject';

export type Decision = 'approve' | 'return' | 'withdraw';

export interface ApprovalSubjectHandler {
  /** Who may withdraw a request besides its submitter (with the subject's unit in scope). */
  managePermission: Permission;
  /** Web route of the subject. */
  link(subjectId: number): string;
  /**
   * Applies the decision to the subject inside the deciding transaction (locks it, checks the
   * version the decider saw when given, writes the subject's own audit row).
   */
  onDecided(
    tx: Tx,
    ctx: AuditContext,
    subjectId: number,
    decision: Decision,
    by: { userId: number; comment: string | null; expectedVersion?: number | undefined },
  ): Promise<void>;
}

export const APPROVAL_SUBJECTS: Readonly<Record<ApprovalSubjectType, ApprovalSubjectHandler>> = {
  rule_set: ruleSetApprovalSubject,
  recruitment_plan: recruitmentPlanApprovalSubject,
  hire: hireApprovalSubject,
  exit: exitApprovalSubject,
  payroll_run: payrollRunApprovalSubject,
  grade_review: gradeReviewApprovalSubject,
  grade_change: gradeChangeApprovalSubject,
  assessment_cycle: assessmentCycleApprovalSubject,
  training_plan: trainingPlanApprovalSubject,
  nomination: nominationApprovalSubject,
};
