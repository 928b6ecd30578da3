// Economic responsibility audits (经济责任审计) of party secretaries and committee directors: the
// plan (audited person, trigger, period, scope), findings by category with amounts (yuan on the
// wire, fen in the database), rectification items with owner and deadline tracked to closure, and
// the final report. Auditors see the audits of their own subtree; the audited person sees theirs.
import { z } from 'zod';
import { filterText, pageQuery, text } from './common';
import { isoDate } from './workers';

export const AUDITED_ROLES = ['party_secretary', 'committee_director'] as const;
export const AUDIT_TRIGGERS = ['end_of_term', 'leaving_office', 'on_demand'] as const;
export const AUDIT_STATUSES = ['planned', 'in_progress', 'reported', 'closed'] as const;
export const FINDING_CATEGORIES = [
  'fiscal_discipline',
  'asset_management',
  'project_funds',
  'collective_economy',
  'other',
] as const;

const version = z.number({ error: '缺少版本号' }).int().positive();
const yuan = (label: string) =>
  z
    .number({ error: `${label}应为数字（元）` })
    .min(0, { error: `${label}不能为负数` })
    .max(1_000_000_000, { error: `${label}过大` })
    .refine((v) => Math.round(v * 100) === Number((v * 100).toFixed(6)), {
      error: `${label}最多两位小数`,
    });

export const createEconAuditBody = z
  .strictObject({
    orgUnitId: z.number({ error: '请选择审计组织单位' }).int().positive(),
    workerId: z.number({ error: '请选择被审计人' }).int().positive(),
    auditedRole: z.enum(AUDITED_ROLES, { error: '被审计职务应为党组织书记或居委会主任' }),
    trigger: z.enum(AUDIT_TRIGGERS, { error: '审计类型应为任期届满、离任或专项' }),
    title: text(100, '审计名称'),
    periodStart: isoDate('审计期间开始日期'),
    periodEnd: isoDate('审计期间结束日期'),
    scope: text(2000, '审计范围'),
  })
  .refine((b) => b.periodEnd >= b.periodStart, {
    path: ['periodEnd'],
    error: '审计期间结束日期不能早于开始日期',
  });
export type CreateEconAuditBody = z.infer<typeof createEconAuditBody>;

export const econAuditStatusBody = z.strictObject({
  version,
  status: z.enum(['in_progress', 'reported', 'closed'], { error: '状态无效' }),
  conclusion: text(4000, '审计结论').optional(),
});

export const createFindingBody = z.strictObject({
  category: z.enum(FINDING_CATEGORIES, { error: '问题类别无效' }),
  description: text(2000, '问题描述'),
  amount: yuan('涉及金额').nullable().optional(),
});

export const createRectificationBody = z.strictObject({
  findingId: z.number().int().positive().nullable().optional(),
  description: text(2000, '整改事项'),
  ownerName: text(50, '整改责任人'),
  deadline: isoDate('整改期限'),
});

export const closeRectificationBody = z.strictObject({
  version,
  closureNote: text(2000, '整改结果'),
  closedAt: isoDate('整改完成日期').optional(),
});

export const econAuditListQuery = pageQuery.extend({
  status: z.enum(AUDIT_STATUSES).optional(),
  q: filterText(50).optional(),
});

export const findingView = z.object({
  id: z.number().int(),
  category: z.enum(FINDING_CATEGORIES),
  description: z.string(),
  amount: z.number().nullable(),
  createdAt: z.string(),
});
export type FindingView = z.infer<typeof findingView>;

export const rectificationView = z.object({
  id: z.number().int(),
  findingId: z.number().int().nullable(),
  description: z.string(),
  ownerName: z.string(),
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  overdue: z.boolean(),
  closedAt: z.string().nullable(),
  closureNote: z.string().nullable(),
  version: z.number().int(),
});
export type RectificationView = z.infer<typeof rectificationView>;

export const econAuditSummary = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  workerId: z.number().int(),
  workerName: z.string(),
  workerUnitName: z.string(),
  auditedRole: z.enum(AUDITED_ROLES),
  trigger: z.enum(AUDIT_TRIGGERS),
  title: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(AUDIT_STATUSES),
  findings: z.number().int(),
  openRectifications: z.number().int(),
  overdueRectifications: z.number().int(),
  version: z.number().int(),
});
export type EconAuditSummary = z.infer<typeof econAuditSummary>;

export const econAuditDetail = econAuditSummary.extend({
  scope: z.string(),
  conclusion: z.string().nullable(),
  reportedAt: z.string().nullable(),
  totalAmount: z.number(),
  findingList: z.array(findingView),
  rectifications: z.array(rectificationView),
  createdAt: z.string(),
});
export type EconAuditDetail = z.infer<typeof econAuditDetail>;

export const econAuditPage = z.object({
  items: z.array(econAuditSummary),
  total: z.number().int(),
});
export type EconAuditPage = z.infer<typeof econAuditPage>;

/** What the audited person sees about themself. */
export const myEconAudits = z.object({ items: z.array(econAuditDetail) });
