// Post-grade ladder (岗位等级): initial grading, the annual review (晋级评审) with one proposal per
// worker and its reason, HR exclusions and adjustments, approval and application, and manual grade
// changes. Every computed grade names the ladder (rule set id and version) that produced it.
import { ASSESSMENT_RATINGS } from '@cwp/core';
import { z } from 'zod';
import { filterText, text } from './common';
import { isoDate } from './workers';

export const GRADE_REVIEW_STATUSES = [
  'computing',
  'draft',
  'pending',
  'returned',
  'applied',
  'discarded',
  'failed',
] as const;
export type GradeReviewStatus = (typeof GRADE_REVIEW_STATUSES)[number];

export const GRADE_PROPOSAL_OUTCOMES = ['promoted', 'blocked'] as const;
/** Filter of the proposals table: the rule's outcome, or excluded / adjusted by HR. */
export const GRADE_PROPOSAL_FILTERS = ['promoted', 'blocked', 'excluded', 'adjusted'] as const;

export const GRADE_CHANGE_KINDS = ['adjust', 'initial'] as const;
export const GRADE_CHANGE_STATUSES = ['pending', 'applied', 'returned', 'withdrawn'] as const;

const userRef = z.object({ id: z.number().int(), displayName: z.string() });

export const initialGradeView = z.object({
  workerId: z.number().int().nullable(),
  grade: z.number().int(),
  currentGrade: z.number().int().nullable(),
  ruleSetId: z.number().int(),
  ruleVersionNo: z.number().int(),
  explanation: z.string(),
  onDate: z.string(),
});
export type InitialGradeView = z.infer<typeof initialGradeView>;

export const initialGradeQuery = z.strictObject({ onDate: isoDate('定级日期').optional() });

/** Compute a starting grade without a worker (e.g. a candidate on hire). */
export const initialGradePreviewBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择单位' }).int().positive(),
  post: text(32, '岗位'),
  workStartDate: isoDate('参加社区工作时间'),
  education: text(8, '学历').nullable().optional(),
  qualification: text(32, '职业资格').nullable().optional(),
  onDate: isoDate('定级日期').optional(),
});

export const gradeReviewView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  year: z.number().int(),
  reviewDate: z.string(),
  status: z.enum(GRADE_REVIEW_STATUSES),
  /** 0–100 while computing. */
  progress: z.number().int(),
  error: z.string().nullable(),
  total: z.number().int(),
  promoted: z.number().int(),
  blocked: z.number().int(),
  excluded: z.number().int(),
  adjusted: z.number().int(),
  appliedCount: z.number().int().nullable(),
  note: z.string().nullable(),
  ruleSets: z.array(
    z.object({
      ruleSetId: z.number().int(),
      ruleVersionNo: z.number().int(),
      name: z.string(),
      workers: z.number().int(),
    }),
  ),
  createdBy: userRef.nullable(),
  createdAt: z.string(),
  computedAt: z.string().nullable(),
  submittedAt: z.string().nullable(),
  appliedAt: z.string().nullable(),
  approvalId: z.number().int().nullable(),
  version: z.number().int(),
  abilities: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    discard: z.boolean(),
  }),
});
export type GradeReviewView = z.infer<typeof gradeReviewView>;

export const gradeReviewListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const gradeReviewPage = z.object({
  items: z.array(gradeReviewView),
  total: z.number().int(),
});

export const createGradeReviewBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择单位' }).int().positive(),
  year: z
    .number({ error: '请填写评审年度' })
    .int({ error: '评审年度应为整数' })
    .min(2000, { error: '评审年度不能早于 2000 年' })
    .max(2100, { error: '评审年度不能晚于 2100 年' }),
  note: text(500, '备注').nullable().optional(),
});
export type CreateGradeReviewBody = z.infer<typeof createGradeReviewBody>;

export const gradeProposalView = z.object({
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  post: z.string(),
  currentGrade: z.number().int().nullable(),
  proposedGrade: z.number().int().nullable(),
  outcome: z.enum(GRADE_PROPOSAL_OUTCOMES),
  reason: z.string(),
  yearsInGrade: z.number().nullable(),
  gradeSince: z.string().nullable(),
  lastRating: z.enum(ASSESSMENT_RATINGS).nullable(),
  lastRatingYear: z.number().int().nullable(),
  effectiveFrom: z.string().nullable(),
  ruleSetId: z.number().int().nullable(),
  ruleVersionNo: z.number().int().nullable(),
  excluded: z.boolean(),
  adjustedGrade: z.number().int().nullable(),
  /** The grade applied on approval: null when nothing changes. */
  finalGrade: z.number().int().nullable(),
  hrReason: z.string().nullable(),
  version: z.number().int(),
});
export type GradeProposalView = z.infer<typeof gradeProposalView>;

export const gradeProposalQuery = z.strictObject({
  filter: z.enum(GRADE_PROPOSAL_FILTERS).optional(),
  q: filterText(50).optional(),
  /** Keyset: proposals after this worker id. */
  after: z.coerce.number().int().min(0).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const gradeProposalPage = z.object({
  items: z.array(gradeProposalView),
  total: z.number().int(),
  nextAfter: z.number().int().nullable(),
});

export const reviewWorkerParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  workerId: z.coerce.number().int().positive(),
});

export const updateProposalBody = z.strictObject({
  version: z.number().int(),
  /** true: leave the worker out; false: take them back. */
  excluded: z.boolean().optional(),
  /** A grade other than the rule's proposal; null clears the adjustment. */
  adjustedGrade: z
    .number({ error: '调整后等级应为整数' })
    .int({ error: '调整后等级应为整数' })
    .min(1, { error: '调整后等级不能小于 1' })
    .max(99, { error: '调整后等级过大' })
    .nullable()
    .optional(),
  reason: text(500, '理由'),
});
export type UpdateProposalBody = z.infer<typeof updateProposalBody>;

export const reviewVersionBody = z.strictObject({
  version: z.number().int(),
  comment: text(1000, '说明').optional(),
});

export const gradeChangeView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  kind: z.enum(GRADE_CHANGE_KINDS),
  fromGrade: z.number().int().nullable(),
  toGrade: z.number().int(),
  effectiveDate: z.string(),
  reason: z.string(),
  explanation: z.string().nullable(),
  ruleSetId: z.number().int().nullable(),
  ruleVersionNo: z.number().int().nullable(),
  status: z.enum(GRADE_CHANGE_STATUSES),
  createdBy: userRef.nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  approvalId: z.number().int().nullable(),
  version: z.number().int(),
});
export type GradeChangeView = z.infer<typeof gradeChangeView>;

export const createGradeChangeBody = z.strictObject({
  workerId: z.number({ error: '请选择人员' }).int().positive(),
  /** adjust: toGrade is required; initial: the grade is computed by the ladder in force. */
  kind: z.enum(GRADE_CHANGE_KINDS).default('adjust'),
  toGrade: z
    .number({ error: '调整后等级应为整数' })
    .int({ error: '调整后等级应为整数' })
    .min(1, { error: '调整后等级不能小于 1' })
    .max(99, { error: '调整后等级过大' })
    .optional(),
  effectiveDate: isoDate('生效日期'),
  reason: text(500, '调整理由'),
});
export type CreateGradeChangeBody = z.infer<typeof createGradeChangeBody>;

export const gradeChangeListQuery = z.strictObject({
  workerId: z.coerce.number().int().positive().optional(),
  status: z.enum(GRADE_CHANGE_STATUSES).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const gradeChangePage = z.object({
  items: z.array(gradeChangeView),
  total: z.number().int(),
});
