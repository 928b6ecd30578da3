// Notification centre (消息中心): the kinds of due work the daily run looks for, the filter of the
// centre's list, and the daily digest (每日待办摘要) — one per user and day, a count per kind with
// the screen that lists the items.
import { z } from 'zod';

/** The due-work kinds, in the order the digest lists them. */
export const NOTIFICATION_KINDS = [
  'approval.pending',
  'labor_contract.expiring',
  'training.behind',
  'quota.vacant',
  'disclosure.overdue',
  'rectification.due',
  'health_check.due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DIGEST_KIND = 'digest.daily';

/** Chinese label and the screen listing the items of each kind. */
export const NOTIFICATION_KIND_INFO: Record<
  NotificationKind,
  { zh: string; en: string; link: string }
> = {
  'approval.pending': { zh: '待审批事项', en: 'Approvals waiting', link: '/approvals' },
  'labor_contract.expiring': {
    zh: '30 天内到期的劳动合同',
    en: 'Contracts expiring within 30 days',
    link: '/contracts',
  },
  'training.behind': {
    zh: '培训学时未达标人员',
    en: 'Workers behind on training',
    link: '/training',
  },
  'quota.vacant': { zh: '员额空缺', en: 'Vacant quota places', link: '/staffing' },
  'disclosure.overdue': { zh: '逾期未公开事项', en: 'Disclosures overdue', link: '/disclosures' },
  'rectification.due': {
    zh: '到期或逾期的审计整改事项',
    en: 'Audit rectifications due or overdue',
    link: '/econ-audits',
  },
  'health_check.due': {
    zh: '到期或逾期的体检',
    en: 'Health checks due or overdue',
    link: '/care',
  },
};

/** Filters of the centre's list: a due-work kind (with its item notifications), the digest. */
export const NOTIFICATION_FILTERS = [...NOTIFICATION_KINDS, 'digest', 'other'] as const;
export type NotificationFilter = (typeof NOTIFICATION_FILTERS)[number];

export const notificationCentreQuery = z.strictObject({
  unread: z
    .enum(['true', 'false'], { error: '未读筛选无效' })
    .optional()
    .transform((v) => v === 'true'),
  kind: z.enum(NOTIFICATION_FILTERS, { error: '消息类别无效' }).optional(),
  page: z.coerce.number({ error: '页码无效' }).int().min(1, { error: '页码无效' }).default(1),
  pageSize: z.coerce
    .number({ error: '每页条数无效' })
    .int()
    .min(1, { error: '每页条数无效' })
    .max(100, { error: '每页最多 100 条' })
    .default(20),
});
export type NotificationCentreQuery = z.infer<typeof notificationCentreQuery>;

export const digestLine = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  count: z.number().int(),
  link: z.string(),
});
export type DigestLine = z.infer<typeof digestLine>;

export const notificationDigestView = z.object({
  /** The digest's date (YYYY-MM-DD), or null when the user has had none yet. */
  date: z.string().nullable(),
  notificationId: z.number().int().nullable(),
  lines: z.array(digestLine),
  /** Unread notifications of the user when the digest was made. */
  unread: z.number().int(),
});
export type NotificationDigestView = z.infer<typeof notificationDigestView>;

export const notificationRunBody = z.strictObject({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
    .optional(),
});
export const notificationRunResult = z.object({
  date: z.string(),
  /** Item notifications sent, per kind. */
  sent: z.record(z.string(), z.number().int()),
  digests: z.number().int(),
});
export type NotificationRunResult = z.infer<typeof notificationRunResult>;
