// Contracts and insurance (劳动合同与社保) and career channels (职业发展通道): labour contracts
// signed by the subdistrict with renewals and termination, expiry reminders, the five insurances
// and housing fund per worker as effective-dated records, and career-channel records with their
// counts for the leaders' figures. Bases are money in yuan on the wire (cents in the database)
// and null in responses for callers without worker:pii.
import { INSURANCE_KINDS } from '@cwp/core';
import { z } from 'zod';
import { filterText, pageQuery, text } from './common';
import { isoDate } from './workers';

export const LABOR_CONTRACT_TYPES = ['fixed_term', 'open_ended'] as const;
export type LaborContractType = (typeof LABOR_CONTRACT_TYPES)[number];
export const LABOR_CONTRACT_STATUSES = ['active', 'renewed', 'terminated'] as const;
export type LaborContractStatus = (typeof LABOR_CONTRACT_STATUSES)[number];
export const INSURANCE_STATUSES = ['paying', 'suspended', 'stopped'] as const;
export type InsuranceStatus = (typeof INSURANCE_STATUSES)[number];
export const CAREER_RECORD_KINDS = [
  'civil_service',
  'public_institution',
  'tutor',
  'reserve_pool',
] as const;
export type CareerRecordKind = (typeof CAREER_RECORD_KINDS)[number];
/** The expiry windows offered by the contract list. */
export const EXPIRY_WINDOWS = [30, 60, 90] as const;

const note = text(500, '备注').nullable().optional();
const contractType = z.enum(LABOR_CONTRACT_TYPES, { error: '合同类型应为固定期限或无固定期限' });
const termYears = z
  .number({ error: '合同期限应为数字（年）' })
  .positive({ error: '合同期限应大于 0' })
  .max(20, { error: '合同期限不能超过 20 年' });
const version = z.number({ error: '缺少版本号' }).int().positive();

export const contractRuleRef = z.object({
  id: z.number().int(),
  versionNo: z.number().int(),
  name: z.string(),
});
export type ContractRuleRef = z.infer<typeof contractRuleRef>;

export const laborContractView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  /** The worker's current unit. */
  workerUnitName: z.string(),
  signingUnitId: z.number().int(),
  signingUnitName: z.string(),
  seq: z.number().int(),
  previousId: z.number().int().nullable(),
  type: z.enum(LABOR_CONTRACT_TYPES),
  termYears: z.number().nullable(),
  startDate: z.string(),
  endDate: z.string().nullable(),
  probationMonths: z.number().int(),
  probationEnd: z.string().nullable(),
  status: z.enum(LABOR_CONTRACT_STATUSES),
  terminationDate: z.string().nullable(),
  terminationReason: z.string().nullable(),
  /** Days from today to the last day of an active fixed-term contract; null otherwise. */
  daysToExpiry: z.number().int().nullable(),
  ruleSet: contractRuleRef.nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type LaborContractView = z.infer<typeof laborContractView>;

export const createLaborContractBody = z.strictObject({
  workerId: z.number({ error: '请选择人员' }).int().positive(),
  type: contractType,
  startDate: isoDate('合同开始日期'),
  /** Null for an open-ended contract. */
  termYears: termYears.nullable(),
  probationMonths: z
    .number({ error: '试用期应为整月数' })
    .int({ error: '试用期应为整月数' })
    .min(0, { error: '试用期不能为负数' })
    .max(6, { error: '试用期不得超过 6 个月' }),
  note,
});
export type CreateLaborContractBody = z.infer<typeof createLaborContractBody>;

export const renewLaborContractBody = z.strictObject({
  version,
  /** Defaults to the day after the contract ends. */
  startDate: isoDate('续订开始日期').optional(),
  /** Defaults to the proposal under the rule set in force. */
  type: contractType.optional(),
  termYears: termYears.nullable().optional(),
  note,
});
export type RenewLaborContractBody = z.infer<typeof renewLaborContractBody>;

export const terminateLaborContractBody = z.strictObject({
  version,
  terminationDate: isoDate('终止日期'),
  reason: text(500, '终止原因'),
});
export type TerminateLaborContractBody = z.infer<typeof terminateLaborContractBody>;

export const batchRenewBody = z.strictObject({
  ids: z
    .array(z.number().int().positive(), { error: '请选择要续订的合同' })
    .min(1, { error: '请选择要续订的合同' })
    .max(1000, { error: '一次最多续订 1000 份合同' }),
});
export type BatchRenewBody = z.infer<typeof batchRenewBody>;

export const batchRenewResult = z.object({
  renewed: z.number().int(),
  contracts: z.array(
    z.object({
      previousId: z.number().int(),
      id: z.number().int(),
      type: z.enum(LABOR_CONTRACT_TYPES),
      startDate: z.string(),
      endDate: z.string().nullable(),
    }),
  ),
  rulesUsed: z.array(contractRuleRef.extend({ contracts: z.number().int() })),
});
export type BatchRenewResult = z.infer<typeof batchRenewResult>;

export const contractProposal = z.object({
  type: z.enum(LABOR_CONTRACT_TYPES),
  termYears: z.number().nullable(),
  probationMonths: z.number().int(),
  startDate: z.string(),
  reason: z.string(),
  consecutiveFixedTerms: z.number().int(),
  ruleSet: contractRuleRef,
});
export type ContractProposal = z.infer<typeof contractProposal>;

export const workerContractsView = z.object({
  contracts: z.array(laborContractView),
  /** The next contract under the rule set in force; null when there is no rule. */
  proposal: contractProposal.nullable(),
});
export type WorkerContractsView = z.infer<typeof workerContractsView>;

export const laborContractListQuery = pageQuery.extend({
  orgUnitId: z.coerce.number().int().positive().optional(),
  type: z.enum(LABOR_CONTRACT_TYPES).optional(),
  status: z.enum(LABOR_CONTRACT_STATUSES).optional(),
  /** Active fixed-term contracts whose last day is within this many days from today. */
  expiringWithinDays: z.coerce.number().int().min(0).max(366).optional(),
  q: filterText(50).optional(),
});
export type LaborContractListQuery = z.infer<typeof laborContractListQuery>;

export const laborContractExportQuery = laborContractListQuery.omit({ page: true, pageSize: true });
export type LaborContractExportQuery = z.infer<typeof laborContractExportQuery>;

/**
 * The list counts up to LIST_COUNT_CAP (common.ts), except the expiring list (a bounded set),
 * which is counted exactly.
 */
export const laborContractPage = z.object({
  items: z.array(laborContractView),
  total: z.number().int(),
  totalCapped: z.boolean(),
});

export const reminderRunBody = z.strictObject({
  /** The day to run for; defaults to today. */
  date: isoDate('日期').optional(),
});
export const reminderRunResult = z.object({
  date: z.string(),
  /** Reminders created in this run (one per contract and threshold). */
  reminders: z.number().int(),
  notifications: z.number().int(),
});
export type ReminderRunResult = z.infer<typeof reminderRunResult>;

// ----------------------------------------------------------------------------------------------
// 五险一金

export const socialInsuranceView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  kind: z.enum(INSURANCE_KINDS),
  status: z.enum(INSURANCE_STATUSES),
  /** Yuan; null without worker:pii. */
  base: z.number().nullable(),
  startDate: z.string(),
  effectiveFrom: z.string(),
  /** Masked without worker:pii. */
  accountNo: z.string().nullable(),
  note: z.string().nullable(),
  /** True for the record in force today for its kind. */
  current: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type SocialInsuranceView = z.infer<typeof socialInsuranceView>;

export const insuranceShare = z.object({
  kind: z.enum(INSURANCE_KINDS),
  /** Yuan per month under the pay table in force; null without worker:pii. */
  employee: z.number().nullable(),
  employer: z.number().nullable(),
});

export const workerInsuranceView = z.object({
  records: z.array(socialInsuranceView),
  /** Monthly contributions of the records in force and paying, under the pay table in force. */
  contributions: z.array(insuranceShare),
  payTable: contractRuleRef.nullable(),
});
export type WorkerInsuranceView = z.infer<typeof workerInsuranceView>;

export const createSocialInsuranceBody = z.strictObject({
  kind: z.enum(INSURANCE_KINDS, { error: '请选择险种' }),
  status: z.enum(INSURANCE_STATUSES, { error: '请选择缴纳状态' }),
  base: z
    .number({ error: '缴费基数应为金额' })
    .min(0, { error: '缴费基数不能为负数' })
    .max(1_000_000, { error: '缴费基数过大' })
    .refine((v) => Math.round(v * 100) === Number((v * 100).toFixed(6)), {
      error: '缴费基数最多两位小数',
    }),
  /** First day of participation; defaults to the earlier record's, or effectiveFrom. */
  startDate: isoDate('参保日期').optional(),
  effectiveFrom: isoDate('生效日期'),
  accountNo: text(40, '个人账号').nullable().optional(),
  note,
});
export type CreateSocialInsuranceBody = z.infer<typeof createSocialInsuranceBody>;

// ----------------------------------------------------------------------------------------------
// 职业发展通道

export const careerRecordView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  kind: z.enum(CAREER_RECORD_KINDS),
  occurredOn: z.string(),
  endDate: z.string().nullable(),
  destination: z.string(),
  note: z.string().nullable(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type CareerRecordView = z.infer<typeof careerRecordView>;

export const createCareerRecordBody = z.strictObject({
  kind: z.enum(CAREER_RECORD_KINDS, { error: '请选择通道类别' }),
  occurredOn: isoDate('日期'),
  endDate: isoDate('结束日期').nullable().optional(),
  destination: text(200, '去向/角色'),
  note,
});
export type CreateCareerRecordBody = z.infer<typeof createCareerRecordBody>;

export const careerStatsQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: z.coerce
    .number({ error: '年份应为数字' })
    .int()
    .min(2000, { error: '年份不能早于 2000 年' })
    .max(2100, { error: '年份不能晚于 2100 年' }),
});
export type CareerStatsQuery = z.infer<typeof careerStatsQuery>;

export const careerStatsView = z.object({
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  year: z.number().int(),
  counts: z.array(z.object({ kind: z.enum(CAREER_RECORD_KINDS), count: z.number().int() })),
  total: z.number().int(),
});
export type CareerStatsView = z.infer<typeof careerStatsView>;
