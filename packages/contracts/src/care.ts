// Life care (关心关爱): health checks on a schedule (the interval is a per-unit setting), due
// lists per unit, care visits and hardship aid. Health results and aid amounts are sensitive:
// shown to the worker themself and to staff holding care:read with worker:pii, null otherwise.
import { z } from 'zod';
import { pageQuery, text } from './common';
import { isoDate } from './workers';

export const HEALTH_CONCLUSIONS = ['normal', 'follow_up', 'treatment'] as const;
export const CARE_KINDS = ['visit', 'hardship_aid'] as const;
export const DUE_STATES = ['overdue', 'due_soon', 'not_due'] as const;

export const careSettingBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择组织单位' }).int().positive(),
  healthCheckIntervalMonths: z
    .number({ error: '体检周期应为整月数' })
    .int({ error: '体检周期应为整月数' })
    .min(1, { error: '体检周期至少 1 个月' })
    .max(60, { error: '体检周期不能超过 60 个月' }),
  dueSoonDays: z
    .number({ error: '提前提醒天数应为整数' })
    .int({ error: '提前提醒天数应为整数' })
    .min(0, { error: '提前提醒天数不能为负数' })
    .max(180, { error: '提前提醒天数不能超过 180 天' }),
});

export const careSettingView = z.object({
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  healthCheckIntervalMonths: z.number().int(),
  dueSoonDays: z.number().int(),
  /** True when the setting is the built-in default (no unit above has set one). */
  isDefault: z.boolean(),
});
export type CareSettingView = z.infer<typeof careSettingView>;

export const createHealthCheckBody = z.strictObject({
  workerId: z.number({ error: '请选择人员' }).int().positive(),
  checkDate: isoDate('体检日期'),
  institution: text(100, '体检机构'),
  conclusion: z.enum(HEALTH_CONCLUSIONS, { error: '体检结论无效' }),
  findings: text(2000, '体检所见').nullable().optional(),
});

export const healthCheckView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  checkDate: z.string(),
  institution: z.string(),
  /** Null when the caller may not see health results. */
  conclusion: z.enum(HEALTH_CONCLUSIONS).nullable(),
  findings: z.string().nullable(),
  masked: z.boolean(),
});
export type HealthCheckView = z.infer<typeof healthCheckView>;

export const createCareRecordBody = z
  .strictObject({
    workerId: z.number({ error: '请选择人员' }).int().positive(),
    kind: z.enum(CARE_KINDS, { error: '类别应为走访慰问或困难帮扶' }),
    occurredOn: isoDate('日期'),
    reason: text(500, '事由'),
    amount: z
      .number({ error: '金额应为数字（元）' })
      .min(0, { error: '金额不能为负数' })
      .max(1_000_000, { error: '金额不能超过 1,000,000 元' })
      .nullable()
      .optional(),
    visitor: text(100, '走访人').nullable().optional(),
  })
  .refine((b) => b.kind !== 'hardship_aid' || (b.amount ?? 0) > 0, {
    path: ['amount'],
    error: '困难帮扶须填写金额',
  });

export const careRecordView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  kind: z.enum(CARE_KINDS),
  occurredOn: z.string(),
  reason: z.string(),
  /** Yuan; null without the right to see it. */
  amount: z.number().nullable(),
  visitor: z.string().nullable(),
});
export type CareRecordView = z.infer<typeof careRecordView>;

export const workerCareView = z.object({
  workerId: z.number().int(),
  healthChecks: z.array(healthCheckView),
  nextHealthCheck: z.object({ dueDate: z.string(), state: z.enum(DUE_STATES) }),
  intervalMonths: z.number().int(),
  records: z.array(careRecordView),
  /** Whether the caller sees results and amounts. */
  sensitiveVisible: z.boolean(),
});
export type WorkerCareView = z.infer<typeof workerCareView>;

export const healthDueQuery = pageQuery.extend({
  orgUnitId: z.coerce.number().int().positive().optional(),
  state: z.enum(['overdue', 'due_soon', 'due']).default('due'),
});

export const healthDueItem = z.object({
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitName: z.string(),
  lastCheckDate: z.string().nullable(),
  dueDate: z.string(),
  state: z.enum(DUE_STATES),
});
export type HealthDueItem = z.infer<typeof healthDueItem>;
export const healthDuePage = z.object({
  items: z.array(healthDueItem),
  total: z.number().int(),
  intervalMonths: z.number().int(),
});
export type HealthDuePage = z.infer<typeof healthDuePage>;
