// Political care and honours: nomination rounds for "two deputies and one member" (两代表一委员)
// whose eligibility criteria are data, nominees approved up the tree (approval subject
// `nomination`) with their outcome, and commendations and role models with citations that may be
// shown on a community's public page.
import { ASSESSMENT_RATINGS } from '@cwp/core';
import { z } from 'zod';
import { pageQuery, text } from './common';
import { isoDate } from './workers';

export const NOMINATION_KINDS = ['party_congress', 'peoples_congress', 'cppcc'] as const;
export const NOMINATION_STATUSES = [
  'draft',
  'pending',
  'approved',
  'returned',
  'withdrawn',
] as const;
export const NOMINATION_OUTCOMES = ['elected', 'not_elected'] as const;
export const COMMENDATION_KINDS = ['commendation', 'role_model'] as const;

const version = z.number({ error: '缺少版本号' }).int().positive();

export const nominationCriteria = z.strictObject({
  minServiceYears: z
    .number({ error: '最低社区工作年限应为整数' })
    .int({ error: '最低社区工作年限应为整数' })
    .min(0, { error: '最低社区工作年限不能为负数' })
    .max(50, { error: '最低社区工作年限不能超过 50 年' }),
  assessmentYears: z
    .number({ error: '考核年数应为整数' })
    .int({ error: '考核年数应为整数' })
    .min(0, { error: '考核年数不能为负数' })
    .max(10, { error: '考核年数不能超过 10 年' }),
  minRating: z.enum(ASSESSMENT_RATINGS, { error: '最低考核等次无效' }),
  politicalStatuses: z.array(z.string().trim().min(1).max(8)).max(20),
  maxAge: z.number().int().min(18).max(80).nullable(),
});

export const createNominationRoundBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择组织单位' }).int().positive(),
  kind: z.enum(NOMINATION_KINDS, { error: '推选类别无效' }),
  title: text(100, '推选名称'),
  referenceDate: isoDate('资格审查基准日'),
  criteria: nominationCriteria,
});

export const nominationRoundView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  kind: z.enum(NOMINATION_KINDS),
  title: z.string(),
  referenceDate: z.string(),
  criteria: nominationCriteria,
  nominations: z.number().int(),
  version: z.number().int(),
});
export type NominationRoundView = z.infer<typeof nominationRoundView>;

export const eligibilityView = z.object({
  eligible: z.boolean(),
  serviceYears: z.number().int(),
  age: z.number().int(),
  yearsChecked: z.array(z.number().int()),
  reasons: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type EligibilityView = z.infer<typeof eligibilityView>;

export const candidatesQuery = z.strictObject({ workerId: z.coerce.number().int().positive() });

export const createNominationBody = z.strictObject({
  workerId: z.number({ error: '请选择被推选人' }).int().positive(),
  reason: text(1000, '推选理由'),
});

export const nominationView = z.object({
  id: z.number().int(),
  roundId: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  workerUnitName: z.string(),
  reason: z.string(),
  eligibility: eligibilityView,
  status: z.enum(NOMINATION_STATUSES),
  outcome: z.enum(NOMINATION_OUTCOMES).nullable(),
  version: z.number().int(),
});
export type NominationView = z.infer<typeof nominationView>;

export const nominationRoundDetail = nominationRoundView.extend({
  items: z.array(nominationView),
});
export type NominationRoundDetail = z.infer<typeof nominationRoundDetail>;

export const nominationRoundPage = z.object({
  items: z.array(nominationRoundView),
  total: z.number().int(),
});

export const submitNominationBody = z.strictObject({
  version,
  comment: text(500, '说明').nullable().optional(),
});
export const nominationOutcomeBody = z.strictObject({
  version,
  outcome: z.enum(NOMINATION_OUTCOMES, { error: '结果应为当选或未当选' }),
});

export const createCommendationBody = z.strictObject({
  workerId: z.number({ error: '请选择人员' }).int().positive(),
  kind: z.enum(COMMENDATION_KINDS, { error: '类别应为表彰或先进典型' }),
  title: text(100, '荣誉名称'),
  awardingBody: text(100, '授予单位'),
  awardedOn: isoDate('授予日期'),
  citation: text(2000, '事迹简介'),
  isPublic: z.boolean().default(false),
});

export const commendationView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  workerUnitName: z.string(),
  kind: z.enum(COMMENDATION_KINDS),
  title: z.string(),
  awardingBody: z.string(),
  awardedOn: z.string(),
  citation: z.string(),
  isPublic: z.boolean(),
  version: z.number().int(),
});
export type CommendationView = z.infer<typeof commendationView>;

export const commendationListQuery = pageQuery.extend({
  workerId: z.coerce.number().int().positive().optional(),
});
export const commendationPage = z.object({
  items: z.array(commendationView),
  total: z.number().int(),
});

/** The public honour roll of one community: no IDs beyond names and citations. */
export const publicHonorRoll = z.object({
  community: z.string(),
  items: z.array(
    z.object({
      workerName: z.string(),
      kind: z.enum(COMMENDATION_KINDS),
      title: z.string(),
      awardingBody: z.string(),
      awardedOn: z.string(),
      citation: z.string(),
    }),
  ),
});
export type PublicHonorRoll = z.infer<typeof publicHonorRoll>;
