// The worker dossier (一人一档): one schema for the create/edit forms, the API and the Excel
// import, so a value the form accepts is a value the server and the import accept.
import { isCalendarDate, parseIdNumber, validateMobile } from '@cwp/core';
import { z } from 'zod';
import { text } from './common';

export const WORKER_STATUSES = ['active', 'probation', 'suspended', 'exited'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

/** Dictionary each coded field draws from; the server checks values against it. */
export const WORKER_DICTIONARY_FIELDS = {
  ethnicity: 'ethnicity',
  politicalStatus: 'political_status',
  educationFullTime: 'education',
  educationInService: 'education',
  degree: 'degree',
  maritalStatus: 'marital_status',
  category: 'worker_category',
  post: 'post',
  qualification: 'social_work_qualification',
} as const;
export type WorkerDictionaryField = keyof typeof WORKER_DICTIONARY_FIELDS;

export const isoDate = (label: string) =>
  z
    .string({ error: `${label}不能为空` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 YYYY-MM-DD` })
    .refine(isCalendarDate, { error: `${label}不是有效日期` });

const code = (label: string) =>
  z
    .string({ error: `请选择${label}` })
    .trim()
    .min(1, { error: `请选择${label}` })
    .max(32);
const optionalText = (max: number, label: string) => text(max, label).nullable().optional();

export const idNumberField = z.string({ error: '身份证号不能为空' }).transform((v, ctx) => {
  const r = parseIdNumber(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value;
});

export const phoneField = z.string({ error: '手机号码不能为空' }).transform((v, ctx) => {
  const r = validateMobile(v);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.message });
    return z.NEVER;
  }
  return r.value;
});

const workerFields = {
  name: text(50, '姓名'),
  idNumber: idNumberField,
  ethnicity: code('民族'),
  nativePlace: optionalText(100, '籍贯'),
  politicalStatus: code('政治面貌'),
  partyJoinDate: isoDate('入党（团）时间').nullable().optional(),
  educationFullTime: code('全日制学历').nullable().optional(),
  educationInService: code('在职学历').nullable().optional(),
  degree: code('学位').nullable().optional(),
  school: optionalText(100, '毕业院校'),
  major: optionalText(100, '专业'),
  maritalStatus: code('婚姻状况').nullable().optional(),
  phone: phoneField,
  address: optionalText(200, '住址'),
  category: code('人员类别'),
  orgUnitId: z.number({ error: '请选择所属单位' }).int().positive(),
  post: code('岗位'),
  grade: z
    .number({ error: '等级应为整数' })
    .int({ error: '等级应为整数' })
    .min(1, { error: '等级最小为 1' })
    .max(30, { error: '等级最大为 30' })
    .nullable()
    .optional(),
  status: z.enum(WORKER_STATUSES, { error: '人员状态无效' }),
  workStartDate: isoDate('参加社区工作时间'),
  hireDate: isoDate('聘用日期'),
  probationEnd: isoDate('试用期截止日期').nullable().optional(),
  qualification: code('社会工作者职业资格').nullable().optional(),
  certNumber: optionalText(50, '证书编号'),
  certDate: isoDate('取得证书日期').nullable().optional(),
};

function crossFieldChecks(
  v: {
    workStartDate?: string | undefined;
    hireDate?: string | undefined;
    status?: string | undefined;
    probationEnd?: string | null | undefined;
    qualification?: string | null | undefined;
    certNumber?: string | null | undefined;
  },
  ctx: z.RefinementCtx,
) {
  if (v.workStartDate && v.hireDate && v.hireDate < v.workStartDate) {
    ctx.addIssue({
      code: 'custom',
      path: ['hireDate'],
      message: '聘用日期不能早于参加社区工作时间',
    });
  }
  if (v.status === 'probation' && !v.probationEnd) {
    ctx.addIssue({
      code: 'custom',
      path: ['probationEnd'],
      message: '试用期人员须填写试用期截止日期',
    });
  }
  if (v.qualification && !v.certNumber) {
    ctx.addIssue({ code: 'custom', path: ['certNumber'], message: '有职业资格时须填写证书编号' });
  }
}

const workerObject = z.strictObject(workerFields);

export const createWorkerBody = workerObject.superRefine(crossFieldChecks);
export type CreateWorkerBody = z.infer<typeof createWorkerBody>;

/** Transfers go through their own endpoint so the unit history stays right. */
export const updateWorkerBody = workerObject
  .omit({ orgUnitId: true })
  .partial()
  .extend({
    version: z.number().int(),
    /** The date a post, grade or status change takes effect; today when omitted. */
    effectiveDate: isoDate('生效日期').optional(),
  })
  .superRefine(crossFieldChecks);
export type UpdateWorkerBody = z.infer<typeof updateWorkerBody>;

export const transferWorkerBody = z.strictObject({
  version: z.number().int(),
  toOrgUnitId: z.number({ error: '请选择调入单位' }).int().positive(),
  effectiveDate: isoDate('调动日期'),
  reason: text(200, '调动原因'),
});

export const revealBody = z.strictObject({
  fields: z
    .array(z.enum(['idNumber', 'phone', 'family']))
    .min(1)
    .max(3),
});
export type RevealBody = z.infer<typeof revealBody>;

export const workerSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  age: z.number().int(),
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  category: z.string(),
  post: z.string(),
  grade: z.number().int().nullable(),
  status: z.enum(WORKER_STATUSES),
  education: z.string().nullable(),
  politicalStatus: z.string(),
  qualification: z.string().nullable(),
  hireDate: z.string(),
  version: z.number().int(),
});
export type WorkerSummary = z.infer<typeof workerSummary>;

export const historyEntry = z.object({
  id: z.number().int(),
  kind: z.enum(['unit', 'post', 'grade', 'status']),
  value: z.string(),
  orgUnitId: z.number().int().nullable(),
  orgUnitName: z.string().nullable(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  reason: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntry>;

export const workHistoryItem = z.strictObject({
  startDate: isoDate('开始日期'),
  endDate: isoDate('结束日期').nullable().optional(),
  employer: text(100, '工作单位'),
  position: optionalText(50, '职务'),
});
export const familyMember = z.strictObject({
  relation: text(20, '称谓'),
  name: text(50, '姓名'),
  birthDate: isoDate('出生日期').nullable().optional(),
  employer: optionalText(100, '工作单位及职务'),
  politicalStatus: code('政治面貌').nullable().optional(),
});
export const familyMemberView = familyMember.extend({
  birthDate: z.string().nullable(),
  employer: z.string().nullable(),
  politicalStatus: z.string().nullable(),
});
export type FamilyMemberView = z.infer<typeof familyMemberView>;

/** What POST /api/workers/:id/reveal answers: the fields asked for, in full. */
export const revealedPii = z.object({
  idNumber: z.string().optional(),
  phone: z.string().optional(),
  family: z.array(familyMemberView).optional(),
});
export type RevealedPii = z.infer<typeof revealedPii>;

export const replaceWorkHistoryBody = z.strictObject({
  version: z.number().int(),
  items: z.array(workHistoryItem).max(50),
});
export const replaceFamilyBody = z.strictObject({
  version: z.number().int(),
  items: z.array(familyMember).max(30),
});

/**
 * The kinds of dossier attachment. `scan` (an unclassified scan) and `training_evidence` (written
 * by the training module) are kept because stored rows and tests already use them.
 */
export const attachmentKind = z.enum(
  ['photo', 'id_card', 'diploma', 'certificate', 'contract', 'training_evidence', 'scan', 'other'],
  { error: '附件类型无效' },
);
export type AttachmentKind = z.infer<typeof attachmentKind>;

/**
 * Labels of each kind, and whether it is a personal document: one that carries personal data
 * beyond what the masked dossier shows (ID number and address on an ID card, pay on a contract),
 * or may do so because it is unclassified (`scan`, `other`). Downloading a personal document needs
 * `worker:pii` (or being the worker); a stored kind missing here counts as personal.
 */
export const ATTACHMENT_KINDS: Record<
  AttachmentKind,
  { zh: string; en: string; personal: boolean }
> = {
  photo: { zh: '证件照片', en: 'ID photo', personal: false },
  id_card: { zh: '身份证', en: 'ID card', personal: true },
  diploma: { zh: '学历学位证书', en: 'Diploma or degree certificate', personal: false },
  certificate: { zh: '职业资格证书', en: 'Qualification certificate', personal: false },
  contract: { zh: '劳动合同', en: 'Labour contract', personal: true },
  training_evidence: { zh: '培训证明材料', en: 'Training evidence', personal: false },
  scan: { zh: '扫描件（未分类）', en: 'Scan (unclassified)', personal: true },
  other: { zh: '其他', en: 'Other', personal: true },
};

export const attachmentInfo = z.object({
  id: z.number().int(),
  kind: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});

export const workerDetail = workerSummary.extend({
  ethnicity: z.string(),
  nativePlace: z.string().nullable(),
  partyJoinDate: z.string().nullable(),
  educationFullTime: z.string().nullable(),
  educationInService: z.string().nullable(),
  degree: z.string().nullable(),
  school: z.string().nullable(),
  major: z.string().nullable(),
  maritalStatus: z.string().nullable(),
  address: z.string().nullable(),
  workStartDate: z.string(),
  probationEnd: z.string().nullable(),
  certNumber: z.string().nullable(),
  certDate: z.string().nullable(),
  orgPathNames: z.array(z.string()),
  workHistory: z.array(
    workHistoryItem.extend({ endDate: z.string().nullable(), position: z.string().nullable() }),
  ),
  /**
   * Masked (relation and a masked name; the rest null) unless the caller is the worker: the
   * full list is revealed, and audited, through POST /api/workers/:id/reveal with `family`.
   */
  family: z.array(familyMemberView),
  familyMasked: z.boolean(),
  attachments: z.array(attachmentInfo),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type WorkerDetail = z.infer<typeof workerDetail>;

const optionalInt = z.coerce.number().int().optional();
export const workerListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(50).optional(),
  category: z.string().max(32).optional(),
  post: z.string().max(32).optional(),
  status: z.enum(WORKER_STATUSES).optional(),
  gradeMin: optionalInt,
  gradeMax: optionalInt,
  ageMin: optionalInt,
  ageMax: optionalInt,
  education: z.string().max(32).optional(),
  politicalStatus: z.string().max(32).optional(),
  qualification: z.string().max(32).optional(),
  sort: z.enum(['unit', 'name', 'hireDate', 'birthDate']).default('unit'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  /** Opaque keyset cursor from a previous page's `nextCursor`; wins over `page`. */
  cursor: z.string().max(300).optional(),
  /** Skip the total count (deep keyset pages don't need it again). */
  withTotal: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
export type WorkerListQuery = z.infer<typeof workerListQuery>;

export const workerPage = z.object({
  items: z.array(workerSummary),
  total: z.number().int().nullable(),
  nextCursor: z.string().nullable(),
});
