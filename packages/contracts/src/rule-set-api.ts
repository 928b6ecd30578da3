// The rule-set API (规则集): versions of each kind of career rule attached to an org unit, their
// lifecycle (draft → pending → in force, or returned / withdrawn), the rule in force for a unit on
// a date, and the preview of what a draft would change. The content of each kind is described by
// rule-sets.ts; GET /api/rule-sets/kinds serves its JSON Schema and an example for the editor.
import { z } from 'zod';
import { filterText, text } from './common';
import { RULE_SET_KINDS } from './rule-sets';
import { isoDate } from './workers';

export const RULE_SET_STATUSES = ['draft', 'pending', 'in_force', 'returned', 'withdrawn'] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

export const RULE_SET_STATUS_LABELS: Readonly<Record<RuleSetStatus, { zh: string; en: string }>> = {
  draft: { zh: '草稿', en: 'Draft' },
  pending: { zh: '待审批', en: 'Pending approval' },
  in_force: { zh: '已生效', en: 'Approved' },
  returned: { zh: '已退回', en: 'Returned' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const ruleSetKind = z.enum(RULE_SET_KINDS, {
  error: `规则类型无效，应为 ${RULE_SET_KINDS.join(' / ')} 之一`,
});
export const ruleSetStatus = z.enum(RULE_SET_STATUSES);

/**
 * Where an approved version stands at its own unit today: `current` applies now, `scheduled`
 * takes effect later, `superseded` was replaced by a newer version. Null unless in force.
 */
export const RULE_SET_TIMELINES = ['current', 'scheduled', 'superseded'] as const;

const userRef = z.object({ id: z.number().int(), displayName: z.string() }).nullable();

const contentDoc = z.unknown().meta({
  description:
    '规则内容，结构随 kind 而定；各类型的 JSON Schema 与示例见 GET /api/rule-sets/kinds。' +
    '保存时按类型校验（结构与语义），错误路径以 content. 开头。',
});

export const ruleSetSummary = z.object({
  id: z.number().int(),
  kind: ruleSetKind,
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  orgUnitLevel: z.string(),
  name: z.string(),
  versionNo: z.number().int(),
  effectiveFrom: z.string(),
  status: ruleSetStatus,
  timeline: z.enum(RULE_SET_TIMELINES).nullable(),
  note: z.string().nullable(),
  createdBy: userRef,
  submittedBy: userRef,
  submittedAt: z.string().nullable(),
  approvedBy: userRef,
  approvedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RuleSetSummary = z.infer<typeof ruleSetSummary>;

export const ruleSetAbilities = z.object({
  edit: z.boolean(),
  submit: z.boolean(),
  withdraw: z.boolean(),
  /** Approve or return: holds rule:approve at or above the unit and did not submit it. */
  decide: z.boolean(),
  /** Always, except a pay table's, which needs worker:pii (pay is sensitive data). */
  preview: z.boolean(),
});

export const ruleSetView = ruleSetSummary.extend({ content: contentDoc });
export type RuleSetView = z.infer<typeof ruleSetView>;

export const approvalEventView = z.object({
  id: z.number().int(),
  kind: z.enum(['submit', 'approve', 'return', 'withdraw', 'comment']),
  actor: userRef,
  comment: z.string().nullable(),
  at: z.string(),
});
export type ApprovalEventView = z.infer<typeof approvalEventView>;

export const ruleSetDetail = ruleSetView.extend({
  abilities: ruleSetAbilities,
  /** Every version of this kind at this unit the caller may read, newest first (no content). */
  history: z.array(ruleSetSummary),
  /** The latest approval request of this version, with its events. */
  approval: z
    .object({
      id: z.number().int(),
      status: z.enum(['pending', 'approved', 'returned', 'withdrawn']),
      events: z.array(approvalEventView),
    })
    .nullable(),
});
export type RuleSetDetail = z.infer<typeof ruleSetDetail>;

export const RULE_SET_ORG_SCOPES = ['self', 'chain', 'subtree'] as const;

export const ruleSetListQuery = z.strictObject({
  kind: ruleSetKind.optional(),
  status: ruleSetStatus.optional(),
  /** Without it: every rule set the caller may read (own subtree, plus ancestors' approved ones). */
  orgUnitId: z.coerce.number().int().positive().optional(),
  /**
   * With orgUnitId: `self` the unit's own rule sets, `chain` the unit's and its ancestors' (what
   * applies to it), `subtree` the unit's and its descendants'.
   */
  orgScope: z.enum(RULE_SET_ORG_SCOPES).default('self'),
  q: filterText(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type RuleSetListQuery = z.infer<typeof ruleSetListQuery>;

export const ruleSetPage = z.object({ items: z.array(ruleSetSummary), total: z.number().int() });

const ruleNote = text(500, '说明').nullable().optional();

export const createRuleSetBody = z.strictObject({
  kind: ruleSetKind,
  orgUnitId: z.number({ error: '请选择适用单位' }).int().positive(),
  name: text(100, '规则名称'),
  effectiveFrom: isoDate('生效日期'),
  content: contentDoc,
  note: ruleNote,
});
export type CreateRuleSetBody = z.infer<typeof createRuleSetBody>;

export const updateRuleSetBody = z.strictObject({
  version: z.number().int(),
  name: text(100, '规则名称').optional(),
  effectiveFrom: isoDate('生效日期').optional(),
  content: contentDoc.optional(),
  note: ruleNote,
});
export type UpdateRuleSetBody = z.infer<typeof updateRuleSetBody>;

const comment = (label: string) => text(1000, label);

/** Submit, approve or withdraw: the version seen, and an optional comment. */
export const ruleSetActionBody = z.strictObject({
  version: z.number().int(),
  comment: comment('意见').optional(),
});
/** Returning needs a reason. */
export const ruleSetReturnBody = z.strictObject({
  version: z.number().int(),
  comment: comment('退回理由'),
});

export const validateRuleSetBody = z.strictObject({ kind: ruleSetKind, content: contentDoc });
export const validateRuleSetResult = z.object({
  ok: z.boolean(),
  /** Paths start with `content.`, as in a 400 from create or edit. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
});

export const ruleSetKindInfo = z.object({
  kind: ruleSetKind,
  zh: z.string(),
  en: z.string(),
  /** JSON Schema (draft 2020-12) of the content, input side (fields with defaults optional). */
  contentSchema: z.record(z.string(), z.unknown()),
  example: z.object({ name: z.string(), content: z.unknown() }),
});

export const inForceQuery = z.strictObject({
  kind: ruleSetKind,
  /** Defaults to the caller's own unit. */
  orgUnitId: z.coerce.number().int().positive().optional(),
  /** Defaults to today. */
  date: isoDate('日期').optional(),
});

export const inForceResult = z.object({
  orgUnitId: z.number().int(),
  kind: ruleSetKind,
  date: z.string(),
  /** Null when no approved version applies on that date anywhere up the tree. */
  ruleSet: ruleSetView.nullable(),
  /** True when the rule comes from an ancestor rather than the unit itself. */
  inherited: z.boolean(),
});
export type InForceResult = z.infer<typeof inForceResult>;

export const previewBody = z.strictObject({
  /** The day compared; defaults to the version's effective date. */
  date: isoDate('比较日期').optional(),
});

const ruleRef = z.object({
  ruleSetId: z.number().int(),
  versionNo: z.number().int(),
  name: z.string(),
  orgUnitName: z.string(),
});

const contentChange = z.object({
  path: z.string(),
  current: z.unknown(),
  proposed: z.unknown(),
});

const previewCommon = {
  ruleSetId: z.number().int(),
  date: z.string(),
  /** The rule in force at this version's unit on the date (what this version replaces). */
  replaces: ruleRef.nullable(),
  /** Fields that differ from the replaced rule's content. */
  contentChanges: z.array(contentChange),
  /** Problems that do not block saving, e.g. a pay table whose grades differ from the scheme. */
  warnings: z.array(z.string()),
};

export const staffingPreview = z.object({
  kind: z.literal('staffing_standard'),
  ...previewCommon,
  /** Communities and subdistricts under the version's unit. */
  units: z.number().int(),
  /** Units that would use this version (the others keep a deeper unit's own standard). */
  governed: z.number().int(),
  changedCount: z.number().int(),
  missingInputs: z.number().int(),
  totals: z.object({ current: z.number().int(), proposed: z.number().int(), delta: z.number() }),
  /** Units whose quota changes, largest change first; at most 200. */
  changes: z.array(
    z.object({
      orgUnitId: z.number().int(),
      name: z.string(),
      level: z.string(),
      current: z.number().int().nullable(),
      proposed: z.number().int().nullable(),
      delta: z.number().int().nullable(),
      currentRule: ruleRef.nullable(),
      explanation: z.string(),
    }),
  ),
  truncated: z.boolean(),
});

const skipped = z.array(z.object({ reason: z.string(), workers: z.number().int() }));

export const payTablePreview = z.object({
  kind: z.literal('pay_table'),
  ...previewCommon,
  /** Active and probation workers under the version's unit. */
  workers: z.number().int(),
  /** Workers this version would pay (the others keep a deeper unit's own table). */
  governed: z.number().int(),
  computed: z.number().int(),
  skipped,
  /** Monthly gross pay (应发) of the computed workers before any annual rating (factor for unrated). */
  totals: z.object({ current: z.number(), proposed: z.number(), delta: z.number() }),
  byGrade: z.array(
    z.object({
      grade: z.number().int(),
      workers: z.number().int(),
      currentGross: z.number().nullable(),
      proposedGross: z.number(),
      delta: z.number().nullable(),
    }),
  ),
});

export const gradeSchemePreview = z.object({
  kind: z.literal('grade_scheme'),
  ...previewCommon,
  workers: z.number().int(),
  governed: z.number().int(),
  computed: z.number().int(),
  skipped,
  /** Starting grade (定级) now vs. under this version, for the computed workers. */
  raised: z.number().int(),
  lowered: z.number().int(),
  unchanged: z.number().int(),
  transitions: z.array(
    z.object({
      post: z.string(),
      from: z.number().int().nullable(),
      to: z.number().int(),
      workers: z.number().int(),
    }),
  ),
});

export const contentPreview = z.object({
  kind: z.enum([
    'contract_insurance',
    'recruitment_conditions',
    'assessment_scheme',
    'training_requirements',
    'evaluation_indicators',
  ]),
  ...previewCommon,
});

export const ruleSetPreview = z.discriminatedUnion('kind', [
  staffingPreview,
  payTablePreview,
  gradeSchemePreview,
  contentPreview,
]);
export type RuleSetPreview = z.infer<typeof ruleSetPreview>;
