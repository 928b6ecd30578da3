// Rewards and sanctions (奖惩): records with kind, level, date, reason and issuing body, shown in
// the worker dossier and counted per unit for the leaders' figures.
import { z } from 'zod';
import { text } from './common';
import { isoDate } from './workers';

export const REWARD_KINDS = ['reward', 'sanction'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];
/** Levels of a reward: the body's level (国家级 … 街道级). */
export const REWARD_LEVELS = ['national', 'provincial', 'city', 'district', 'subdistrict'] as const;
/** Levels of a sanction (警告、记过、记大过、降级、解聘). */
export const SANCTION_LEVELS = [
  'warning',
  'demerit',
  'major_demerit',
  'demotion',
  'dismissal',
] as const;
export const REWARD_SANCTION_LEVELS = [...REWARD_LEVELS, ...SANCTION_LEVELS] as const;

const version = z.number({ error: '缺少版本号' }).int().positive();

export const rewardView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  kind: z.enum(REWARD_KINDS),
  level: z.enum(REWARD_SANCTION_LEVELS),
  title: z.string(),
  date: z.string(),
  reason: z.string(),
  issuingBody: z.string(),
  documentNo: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type RewardView = z.infer<typeof rewardView>;

const fields = {
  kind: z.enum(REWARD_KINDS, { error: '类别应为奖励或处分' }),
  level: z.enum(REWARD_SANCTION_LEVELS, { error: '级别无效' }),
  title: text(100, '名称'),
  date: isoDate('日期'),
  reason: text(1000, '事由'),
  issuingBody: text(100, '决定机关'),
  documentNo: text(100, '文号').nullable().optional(),
};

function levelMatchesKind(v: { kind?: string; level?: string }, ctx: z.RefinementCtx): void {
  if (v.kind === undefined || v.level === undefined) return;
  const ok =
    v.kind === 'reward'
      ? (REWARD_LEVELS as readonly string[]).includes(v.level)
      : (SANCTION_LEVELS as readonly string[]).includes(v.level);
  if (!ok)
    ctx.addIssue({
      code: 'custom',
      path: ['level'],
      message: v.kind === 'reward' ? '奖励级别应为国家级至街道级' : '处分级别应为警告至解聘',
    });
}

export const createRewardBody = z
  .strictObject({ workerId: z.number({ error: '请选择人员' }).int().positive(), ...fields })
  .superRefine(levelMatchesKind);
export type CreateRewardBody = z.infer<typeof createRewardBody>;

export const updateRewardBody = z
  .strictObject({ version, ...fields })
  .superRefine(levelMatchesKind);
export type UpdateRewardBody = z.infer<typeof updateRewardBody>;

export const rewardStatsQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  year: z.coerce.number({ error: '年份应为数字' }).int().min(2000).max(2100).optional(),
});
export const rewardStatsView = z.object({
  year: z.number().int().nullable(),
  units: z.array(
    z.object({
      orgUnitId: z.number().int(),
      orgUnitName: z.string(),
      rewards: z.number().int(),
      sanctions: z.number().int(),
    }),
  ),
  byLevel: z.array(
    z.object({
      kind: z.enum(REWARD_KINDS),
      level: z.enum(REWARD_SANCTION_LEVELS),
      count: z.number().int(),
    }),
  ),
  totals: z.object({ rewards: z.number().int(), sanctions: z.number().int() }),
});
export type RewardStatsView = z.infer<typeof rewardStatsView>;
