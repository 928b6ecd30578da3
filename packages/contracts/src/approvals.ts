// The approval flow (审批) shared by every subject that needs one (rule sets now; recruitment plans,
// hires, grade changes, payroll and exits later): submit → approve or return, with comments and a
// history. In-app notifications (站内消息) tell deciders and submitters what happened.
import { z } from 'zod';
import { text } from './common';
import { approvalEventView } from './rule-set-api';

export const APPROVAL_STATUSES = ['pending', 'approved', 'returned', 'withdrawn'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_STATUS_LABELS: Readonly<Record<ApprovalStatus, { zh: string; en: string }>> =
  {
    pending: { zh: '待审批', en: 'Pending' },
    approved: { zh: '已通过', en: 'Approved' },
    returned: { zh: '已退回', en: 'Returned' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  };

/** What a request is about; each type names the module that acts on the decision. */
export const APPROVAL_SUBJECT_TYPES = [
  'rule_set',
  'grade_review',
  'grade_change',
  'payroll_run',
  'recruitment_plan',
  'hire',
  'exit',
  'assessment_cycle',
  'training_plan',
  'nomination',
] as const;
export type ApprovalSubjectType = (typeof APPROVAL_SUBJECT_TYPES)[number];

/** Display names of the subject types, for inboxes and notifications. */
export const APPROVAL_SUBJECT_LABELS: Readonly<
  Record<ApprovalSubjectType, { zh: string; en: string }>
> = {
  rule_set: { zh: '规则集', en: 'Rule set' },
  grade_review: { zh: '年度晋级评审', en: 'Annual grade review' },
  grade_change: { zh: '等级调整', en: 'Grade change' },
  payroll_run: { zh: '月度薪酬核算', en: 'Monthly payroll' },
  recruitment_plan: { zh: '选聘计划', en: 'Recruitment plan' },
  hire: { zh: '聘用', en: 'Hire' },
  exit: { zh: '人员退出', en: 'Exit' },
  assessment_cycle: { zh: '考核结果', en: 'Assessment cycle' },
  training_plan: { zh: '培训计划', en: 'Training plan' },
  nomination: { zh: '“两代表一委员”推选', en: 'Nomination' },
};

/**
 * `decide`: pending or decided requests the caller may decide (in their subtree, with the required
 * permission, not submitted by them); `submitted`: the caller's own; `all`: both.
 */
export const APPROVAL_BOXES = ['decide', 'submitted', 'all'] as const;

const userRef = z.object({ id: z.number().int(), displayName: z.string() });

export const approvalView = z.object({
  id: z.number().int(),
  subjectType: z.enum(APPROVAL_SUBJECT_TYPES),
  subjectId: z.number().int(),
  title: z.string(),
  /** The deciding unit: its users and those above it may decide. */
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  requiredPermission: z.string(),
  status: z.enum(APPROVAL_STATUSES),
  submittedBy: userRef,
  submittedAt: z.string(),
  decidedBy: userRef.nullable(),
  decidedAt: z.string().nullable(),
  /** Web route of the subject, e.g. /rule-sets/12. */
  link: z.string(),
  version: z.number().int(),
  abilities: z.object({ decide: z.boolean(), withdraw: z.boolean(), comment: z.boolean() }),
});
export type ApprovalView = z.infer<typeof approvalView>;

export const approvalDetail = approvalView.extend({ events: z.array(approvalEventView) });
export type ApprovalDetail = z.infer<typeof approvalDetail>;

export const approvalListQuery = z.strictObject({
  status: z.enum(APPROVAL_STATUSES).optional(),
  box: z.enum(APPROVAL_BOXES).default('decide'),
  subjectType: z.enum(APPROVAL_SUBJECT_TYPES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ApprovalListQuery = z.infer<typeof approvalListQuery>;

export const approvalPage = z.object({ items: z.array(approvalView), total: z.number().int() });

export const approvalDecisionBody = z.strictObject({
  version: z.number().int(),
  comment: text(1000, '意见').optional(),
});
export const approvalReturnBody = z.strictObject({
  version: z.number().int(),
  comment: text(1000, '退回理由'),
});
export const approvalCommentBody = z.strictObject({ comment: text(1000, '意见') });

// ---------------------------------------------------------------------------------------------
// Notifications

export const notificationView = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;

export const notificationListQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const notificationPage = z.object({
  items: z.array(notificationView),
  total: z.number().int(),
  /** Unread notifications of the caller, whatever the filter. */
  unread: z.number().int(),
});
