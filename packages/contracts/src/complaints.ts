// Complaints and reports (信访举报): public submission and follow-up by tracking code, and the
// handling screens of the subdistrict (routing by jurisdiction, deadlines, outcome, rating).
import { z } from 'zod';
import { filterText, hasNoControlChars, text } from './common';

export const COMPLAINT_CATEGORIES = [
  'service',
  'conduct',
  'finance',
  'corruption',
  'environment',
  'other',
] as const;
export const complaintCategory = z.enum(COMPLAINT_CATEGORIES, { error: '请选择反映类别' });
export const COMPLAINT_STATUSES = [
  'submitted',
  'accepted',
  'rejected',
  'replied',
  'closed',
] as const;
export const complaintStatus = z.enum(COMPLAINT_STATUSES);

/** Tracking codes: 24 characters of an unambiguous alphabet (~120 bits), shown in groups. */
export const COMPLAINT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const complaintCode = z
  .string({ error: '请输入查询码' })
  .trim()
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(
    z.string().regex(/^[2-9A-HJ-NP-Z]{24}$/, { error: '查询码应为 24 位字母数字（可含短横线）' }),
  );

export const submitComplaintBody = z
  .strictObject({
    orgUnitId: z.number({ error: '请选择社区' }).int().positive(),
    category: complaintCategory,
    text: text(5000, '反映内容'),
    anonymous: z.boolean({ error: '请选择是否匿名' }),
    name: z.string().trim().max(50).refine(hasNoControlChars).nullish(),
    phone: z
      .string()
      .trim()
      .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { error: '联系电话格式不正确' })
      .nullish(),
    /** The worker the complaint is about, when the submitter names one (free text). */
    subjectName: z.string().trim().max(50).refine(hasNoControlChars).nullish(),
  })
  .superRefine((v, ctx) => {
    if (!v.anonymous && !v.name)
      ctx.addIssue({ code: 'custom', path: ['name'], message: '实名反映请填写姓名' });
  });
export type SubmitComplaintBody = z.infer<typeof submitComplaintBody>;
export const submitComplaintResult = z.object({ code: z.string(), acceptDue: z.string() });

export const trackComplaintBody = z.strictObject({ code: complaintCode });
export const complaintTrackView = z.object({
  category: complaintCategory,
  communityName: z.string(),
  status: complaintStatus,
  submittedAt: z.string(),
  acceptDue: z.string(),
  replyDue: z.string(),
  outcome: z.string().nullable(),
  rating: z.number().nullable(),
  events: z.array(z.object({ action: z.string(), note: z.string().nullable(), at: z.string() })),
});
export const rateComplaintBody = z.strictObject({
  code: complaintCode,
  rating: z.number({ error: '请选择评价' }).int().min(1, { error: '评价为 1 至 5 分' }).max(5, {
    error: '评价为 1 至 5 分',
  }),
  comment: z.string().trim().max(500).refine(hasNoControlChars).nullish(),
});
export const complaintAttachmentUploaded = z.object({ id: z.number(), fileName: z.string() });

export const complaintView = z.object({
  id: z.number(),
  codeHint: z.string(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  handlerUnitName: z.string(),
  category: complaintCategory,
  text: z.string(),
  anonymous: z.boolean(),
  submitterName: z.string().nullable(),
  submitterPhone: z.string().nullable(),
  subjectWorkerId: z.number().nullable(),
  subjectWorkerName: z.string().nullable(),
  subjectName: z.string().nullable(),
  status: complaintStatus,
  acceptDue: z.string(),
  replyDue: z.string(),
  overdue: z.enum(['accept', 'reply']).nullable(),
  rejectReason: z.string().nullable(),
  outcome: z.string().nullable(),
  rating: z.number().nullable(),
  ratingComment: z.string().nullable(),
  createdAt: z.string(),
  version: z.number(),
  attachments: z.array(
    z.object({ id: z.number(), fileName: z.string(), mime: z.string(), size: z.number() }),
  ),
  events: z.array(
    z.object({
      action: z.string(),
      note: z.string().nullable(),
      public: z.boolean(),
      at: z.string(),
    }),
  ),
});
export type ComplaintView = z.infer<typeof complaintView>;

export const complaintListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  category: complaintCategory.optional(),
  status: complaintStatus.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: filterText(50).optional(),
  before: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const complaintListItem = complaintView.omit({ attachments: true, events: true });
export const complaintPage = z.object({
  items: z.array(complaintListItem),
  nextCursor: z.number().nullable(),
});

const version = z.number({ error: '缺少版本号' }).int().positive();
export const acceptComplaintBody = z.strictObject({
  version,
  note: z.string().trim().max(500).refine(hasNoControlChars).nullish(),
  subjectWorkerId: z.number().int().positive().nullish(),
});
export const rejectComplaintBody = z.strictObject({ version, reason: text(500, '不予受理原因') });
export const replyComplaintBody = z.strictObject({ version, outcome: text(5000, '办理结果') });
export const closeComplaintBody = z.strictObject({ version });
export const complaintNoteBody = z.strictObject({
  version,
  note: text(1000, '办理记录'),
  public: z.boolean().default(false),
});

export const complaintStatsQuery = z.strictObject({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
    .optional(),
});
export const complaintStats = z.object({
  rows: z.array(
    z.object({
      orgUnitId: z.number(),
      orgUnitName: z.string(),
      category: complaintCategory,
      total: z.number(),
      open: z.number(),
      overdue: z.number(),
      averageRating: z.number().nullable(),
    }),
  ),
});

export const complaintSettingBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择单位' }).int().positive(),
  acceptDays: z
    .number({ error: '受理时限应为整数天' })
    .int({ error: '受理时限应为整数天' })
    .min(1, { error: '受理时限至少 1 天' })
    .max(90, { error: '受理时限不能超过 90 天' }),
  replyDays: z
    .number({ error: '答复时限应为整数天' })
    .int({ error: '答复时限应为整数天' })
    .min(1, { error: '答复时限至少 1 天' })
    .max(365, { error: '答复时限不能超过 365 天' }),
  /** First day the version governs (today or later); omitted or null = the base version. */
  effectiveFrom: z
    .string({ error: '日期格式应为 YYYY-MM-DD' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
    .nullish(),
  /** Present when replacing an existing version (optimistic locking). */
  version: z.number().int().positive().optional(),
});
export type ComplaintSettingBody = z.infer<typeof complaintSettingBody>;
export const complaintSettingView = z.object({
  orgUnitId: z.number(),
  acceptDays: z.number(),
  replyDays: z.number(),
});
/** One stored version of a unit's complaint deadlines (the administration screen). */
export const complaintSettingVersion = z.object({
  id: z.number(),
  orgUnitId: z.number(),
  orgUnitName: z.string(),
  acceptDays: z.number(),
  replyDays: z.number(),
  effectiveFrom: z.string().nullable(),
  inForce: z.boolean(),
  version: z.number(),
});
export type ComplaintSettingVersion = z.infer<typeof complaintSettingVersion>;
export const complaintSettingList = z.object({ items: z.array(complaintSettingVersion) });

export const publicCommunityList = z.object({
  items: z.array(z.object({ id: z.number(), name: z.string(), parentName: z.string() })),
});
