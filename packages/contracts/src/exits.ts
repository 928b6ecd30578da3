// Exit (退出): resignation, dismissal, non-renewal, retirement and transfer out; a checklist
// (handover, contract ended, insurance stopped, accounts disabled, final pay), approval, the
// dossier kept read-only after exit, re-hire, workers reaching retirement age, and turnover.
import { EXIT_CHECKLIST_ITEMS, EXIT_TYPES } from '@cwp/core';
import { z } from 'zod';

export { EXIT_CHECKLIST_ITEMS, EXIT_TYPES } from '@cwp/core';
import { text } from './common';
import { isoDate } from './workers';

export const EXIT_STATUSES = ['draft', 'pending', 'approved', 'returned', 'cancelled'] as const;
export type ExitStatus = (typeof EXIT_STATUSES)[number];
export const EXIT_DESTINATION_KINDS = ['civil_service', 'public_institution', 'other'] as const;

const version = z.number({ error: '缺少版本号' }).int().positive();

export const exitChecklistEntry = z.object({
  item: z.enum(EXIT_CHECKLIST_ITEMS),
  doneAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  /**
   * For the accounts item ticked before the exit date: the date the accounts will be disabled
   * (the exit taking effect), until the exit is applied; otherwise null (done at once).
   */
  takesEffectOn: z.string().nullable(),
});

export const exitView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  type: z.enum(EXIT_TYPES),
  reason: z.string(),
  exitDate: z.string(),
  destination: z.string().nullable(),
  destinationKind: z.enum(EXIT_DESTINATION_KINDS).nullable(),
  status: z.enum(EXIT_STATUSES),
  checklist: z.array(exitChecklistEntry),
  approvalRequestId: z.number().int().nullable(),
  approvedAt: z.string().nullable(),
  /** When the approved exit took effect (on its exit date); null while it is still due. */
  appliedAt: z.string().nullable(),
  rehiredAt: z.string().nullable(),
  rehireDate: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type ExitView = z.infer<typeof exitView>;

export const createExitBody = z
  .strictObject({
    workerId: z.number({ error: '请选择人员' }).int().positive(),
    type: z.enum(EXIT_TYPES, { error: '退出类型无效' }),
    reason: text(1000, '退出原因'),
    exitDate: isoDate('退出日期'),
    destination: text(200, '去向').nullable().optional(),
    destinationKind: z
      .enum(EXIT_DESTINATION_KINDS, { error: '去向类别无效' })
      .nullable()
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'transfer_out' && !v.destination)
      ctx.addIssue({ code: 'custom', path: ['destination'], message: '调出须填写去向单位' });
  });
export type CreateExitBody = z.infer<typeof createExitBody>;

export const exitChecklistBody = z.strictObject({
  version,
  item: z.enum(EXIT_CHECKLIST_ITEMS, { error: '清单事项无效' }),
});
export type ExitChecklistBody = z.infer<typeof exitChecklistBody>;

export const exitSubmitBody = z.strictObject({
  version,
  comment: text(500, '说明').nullable().optional(),
});
export const exitVersionBody = z.strictObject({ version });

export const exitListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  status: z.enum(EXIT_STATUSES, { error: '状态无效' }).optional(),
  workerId: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const exitPage = z.object({ items: z.array(exitView), nextCursor: z.number().nullable() });

export const rehireBody = z.strictObject({
  /** The worker's version. */
  version,
  hireDate: isoDate('重新聘用日期'),
  reason: text(500, '重新聘用说明'),
  probationEnd: isoDate('试用期截止日期').nullable().optional(),
  /**
   * A new self-service account when the worker has none (an existing one is re-enabled instead).
   */
  account: z
    .strictObject({
      username: z
        .string({ error: '用户名不能为空' })
        .trim()
        .regex(/^[A-Za-z0-9_.-]{3,40}$/, {
          error: '用户名应为 3–40 位字母、数字、点、横线或下划线',
        }),
      password: z
        .string({ error: '初始密码不能为空' })
        .min(1, { error: '初始密码不能为空' })
        .max(200, { error: '初始密码过长' }),
    })
    .nullable()
    .optional(),
});
export type RehireBody = z.infer<typeof rehireBody>;

export const rehireResult = z.object({
  workerId: z.number().int(),
  exit: exitView.nullable(),
  /** The labour contract opened for the re-hire. */
  contractId: z.number().int(),
  /** Accounts re-enabled or created (must change the password at first login when created). */
  accountUserIds: z.array(z.number().int()),
  accountCreated: z.boolean(),
});
export type RehireResult = z.infer<typeof rehireResult>;

export const retirementDueQuery = z.strictObject({
  months: z.coerce
    .number({ error: '月数应为数字' })
    .int({ error: '月数应为整数' })
    .min(1, { error: '月数至少为 1' })
    .max(60, { error: '月数不能超过 60' })
    .default(12),
  orgUnitId: z.coerce.number().int().positive().optional(),
});
export const retirementDueRow = z.object({
  workerId: z.number().int(),
  name: z.string(),
  orgUnitName: z.string(),
  sex: z.string(),
  birthDate: z.string(),
  retirementAge: z.string(),
  retirementDate: z.string(),
  hasOpenExit: z.boolean(),
});
export const retirementDueView = z.object({
  months: z.number().int(),
  rows: z.array(retirementDueRow),
});

export const retirementRuleView = z.object({
  id: z.number().int(),
  sex: z.string(),
  label: z.string(),
  baseAgeMonths: z.number().int(),
  raiseFrom: z.string().nullable(),
  raiseEveryMonths: z.number().int().nullable(),
  targetAgeMonths: z.number().int().nullable(),
  version: z.number().int(),
});
export const updateRetirementRuleBody = z
  .strictObject({
    version,
    label: text(50, '名称'),
    baseAgeMonths: z.number({ error: '基准年龄应为月数' }).int().min(480).max(900),
    raiseFrom: isoDate('延迟起始日期').nullable(),
    raiseEveryMonths: z.number().int().min(1).max(24).nullable(),
    targetAgeMonths: z.number().int().min(480).max(900).nullable(),
  })
  .superRefine((v, ctx) => {
    const all = [v.raiseFrom, v.raiseEveryMonths, v.targetAgeMonths];
    if (all.some((x) => x === null) && all.some((x) => x !== null))
      ctx.addIssue({
        code: 'custom',
        path: ['raiseFrom'],
        message: '延迟退休的起始日期、间隔月数和目标年龄须同时填写或同时留空',
      });
    if (v.targetAgeMonths !== null && v.targetAgeMonths < v.baseAgeMonths)
      ctx.addIssue({
        code: 'custom',
        path: ['targetAgeMonths'],
        message: '目标年龄不能低于基准年龄',
      });
  });

export const exitStatsQuery = z.strictObject({
  year: z.coerce.number({ error: '年份应为数字' }).int().min(2000).max(2100),
  orgUnitId: z.coerce.number().int().positive().optional(),
});
export const exitStatsView = z.object({
  year: z.number().int(),
  /** Exits approved per month (1–12) of the year. */
  byMonth: z.array(z.object({ month: z.number().int(), count: z.number().int() })),
  byType: z.array(z.object({ type: z.enum(EXIT_TYPES), count: z.number().int() })),
  reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  units: z.array(
    z.object({
      orgUnitId: z.number().int(),
      orgUnitName: z.string(),
      exits: z.number().int(),
      headcount: z.number().int(),
      /** Exits / (headcount in post + exits of the year), in percent. */
      turnoverRate: z.number(),
      byMonth: z.array(z.number().int()),
    }),
  ),
});
export type ExitStatsView = z.infer<typeof exitStatsView>;
