import { z } from 'zod';
import { ORG_LEVELS } from '@cwp/core';
import { filterText, text } from './common';

export const orgLevel = z.enum(ORG_LEVELS);

export const orgUnit = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  level: orgLevel,
  name: z.string(),
  divisionCode: z.string(),
  path: z.string(),
  depth: z.number().int(),
  residentPopulation: z.number().int().nullable(),
  households: z.number().int().nullable(),
  active: z.boolean(),
  childCount: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type OrgUnit = z.infer<typeof orgUnit>;

const population = z
  .number({ error: '请输入整数' })
  .int({ error: '请输入整数' })
  .min(0, { error: '不能为负数' })
  .max(10_000_000, { error: '数值过大' })
  .nullable();

export const createOrgUnitBody = z.strictObject({
  parentId: z.number().int().positive().nullable(),
  level: orgLevel,
  name: text(100, '名称'),
  divisionCode: z
    .string()
    .trim()
    .regex(/^\d{6,12}$/, { error: '区划代码应为 6、9 或 12 位数字' }),
  residentPopulation: population.optional(),
  households: population.optional(),
});
export type CreateOrgUnitBody = z.infer<typeof createOrgUnitBody>;

export const updateOrgUnitBody = z.strictObject({
  version: z.number().int(),
  name: text(100, '名称').optional(),
  divisionCode: z
    .string()
    .trim()
    .regex(/^\d{6,12}$/, { error: '区划代码应为 6、9 或 12 位数字' })
    .optional(),
  residentPopulation: population.optional(),
  households: population.optional(),
});
export type UpdateOrgUnitBody = z.infer<typeof updateOrgUnitBody>;

export const moveOrgUnitBody = z.strictObject({
  version: z.number().int(),
  parentId: z.number().int().positive(),
  divisionCode: z
    .string()
    .trim()
    .regex(/^\d{6,12}$/, { error: '区划代码应为 6、9 或 12 位数字' })
    .optional(),
});

export const deactivateOrgUnitBody = z.strictObject({ version: z.number().int() });

export const orgUnitListQuery = z.strictObject({
  parentId: z.coerce.number().int().positive().optional(),
  q: filterText(100).optional(),
  level: orgLevel.optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(100),
});
