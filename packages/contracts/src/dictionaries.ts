import { z } from 'zod';
import { text } from './common';

export const dictionaryItem = z.object({
  id: z.number().int(),
  code: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  sort: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});
export type DictionaryItem = z.infer<typeof dictionaryItem>;

export const dictionary = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  standard: z.string().nullable(),
  items: z.array(dictionaryItem),
});
export type Dictionary = z.infer<typeof dictionary>;

export const createDictionaryItemBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{1,32}$/, { error: '代码为 1–32 位字母、数字或下划线' }),
  labelZh: text(50, '中文名称'),
  labelEn: text(80, '英文名称'),
  sort: z.number().int().min(0).max(100000).optional(),
});

export const updateDictionaryItemBody = z.strictObject({
  version: z.number().int(),
  labelZh: text(50, '中文名称').optional(),
  labelEn: text(80, '英文名称').optional(),
  sort: z.number().int().min(0).max(100000).optional(),
  active: z.boolean().optional(),
});
