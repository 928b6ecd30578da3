// Burden reduction (减负增效): the community task admission list (items with legal basis and
// issuing department) and the requests made of communities, flagged when outside the list, with
// figures per community and per requesting department (count, estimated hours).
import { z } from 'zod';
import { filterText, pageQuery, text } from './common';
import { isoDate } from './workers';

export const BURDEN_KINDS = [
  'form',
  'report',
  'meeting',
  'signboard',
  'certificate',
  'other',
] as const;

const version = z.number({ error: '缺少版本号' }).int().positive();

export const createTaskItemBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择组织单位' }).int().positive(),
  title: text(200, '事项名称'),
  kind: z.enum(BURDEN_KINDS, { error: '事项类型无效' }),
  legalBasis: text(500, '法律依据'),
  issuingDepartment: text(100, '主管部门'),
});
export const updateTaskItemBody = z.strictObject({
  version,
  title: text(200, '事项名称').optional(),
  legalBasis: text(500, '法律依据').optional(),
  issuingDepartment: text(100, '主管部门').optional(),
  active: z.boolean().optional(),
});

export const taskItemView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  title: z.string(),
  kind: z.enum(BURDEN_KINDS),
  legalBasis: z.string(),
  issuingDepartment: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});
export type TaskItemView = z.infer<typeof taskItemView>;
export const taskItemListQuery = pageQuery.extend({
  communityId: z.coerce.number().int().positive().optional(),
  q: filterText(50).optional(),
});
export const taskItemPage = z.object({ items: z.array(taskItemView), total: z.number().int() });

export const createBurdenRequestBody = z.strictObject({
  communityId: z.number({ error: '请选择社区' }).int().positive(),
  requestingDepartment: text(100, '提出部门'),
  kind: z.enum(BURDEN_KINDS, { error: '事项类型无效' }),
  title: text(200, '事项内容'),
  /** The admitted item it falls under; null = outside the list (flagged). */
  taskItemId: z.number().int().positive().nullable().optional(),
  requestedOn: isoDate('提出日期'),
  estimatedHours: z
    .number({ error: '预计工时应为数字' })
    .min(0, { error: '预计工时不能为负数' })
    .max(10_000, { error: '预计工时不能超过 10000 小时' })
    .refine((v) => Math.round(v * 10) === Number((v * 10).toFixed(6)), {
      error: '预计工时最多一位小数',
    }),
  note: text(500, '备注').nullable().optional(),
});

export const burdenRequestView = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  communityName: z.string(),
  requestingDepartment: z.string(),
  kind: z.enum(BURDEN_KINDS),
  title: z.string(),
  taskItemId: z.number().int().nullable(),
  taskItemTitle: z.string().nullable(),
  outOfList: z.boolean(),
  requestedOn: z.string(),
  estimatedHours: z.number(),
  note: z.string().nullable(),
  loggedBy: z.string().nullable(),
});
export type BurdenRequestView = z.infer<typeof burdenRequestView>;

export const burdenRequestListQuery = pageQuery.extend({
  communityId: z.coerce.number().int().positive().optional(),
  outOfList: z.enum(['true', 'false']).optional(),
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
});
export const burdenRequestPage = z.object({
  items: z.array(burdenRequestView),
  total: z.number().int(),
});

export const burdenFiguresQuery = z.strictObject({
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
});
const figureRow = z.object({
  key: z.string(),
  label: z.string(),
  requests: z.number().int(),
  outOfList: z.number().int(),
  estimatedHours: z.number(),
});
export type BurdenFigureRow = z.infer<typeof figureRow>;
export const burdenFigures = z.object({
  byCommunity: z.array(figureRow),
  byDepartment: z.array(figureRow),
  total: figureRow,
});
export type BurdenFigures = z.infer<typeof burdenFigures>;
