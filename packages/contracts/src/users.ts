import { z } from 'zod';
import { filterText, text } from './common';

export const userSummary = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  roles: z.array(z.string()),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  version: z.number().int(),
});
export type UserSummary = z.infer<typeof userSummary>;

const username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/, {
    error: '用户名为 3–32 位字母、数字、下划线、点或横线，且以字母开头',
  });

export const createUserBody = z.strictObject({
  username,
  displayName: text(50, '姓名'),
  orgUnitId: z.number().int().positive(),
  roles: z.array(z.string().max(64)).min(1, { error: '至少选择一个角色' }).max(10),
  password: z.string().min(1, { error: '请输入初始密码' }).max(128),
});

export const updateUserBody = z.strictObject({
  version: z.number().int(),
  displayName: text(50, '姓名').optional(),
  orgUnitId: z.number().int().positive().optional(),
  roles: z.array(z.string().max(64)).min(1, { error: '至少选择一个角色' }).max(10).optional(),
  active: z.boolean().optional(),
});

export const resetPasswordBody = z.strictObject({
  password: z.string().min(1, { error: '请输入新密码' }).max(128),
});

export const userListQuery = z.strictObject({
  q: filterText(64).optional(),
  orgUnitId: z.coerce.number().int().positive().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const role = z.object({
  id: z.number().int(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
  version: z.number().int(),
});
export type Role = z.infer<typeof role>;

export const createRoleBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{2,31}$/, { error: '角色代码为 3–32 位小写字母、数字或下划线' }),
  nameZh: text(50, '中文名称'),
  nameEn: text(50, '英文名称'),
  permissions: z.array(z.string().max(64)).max(100),
});

export const updateRoleBody = z.strictObject({
  version: z.number().int(),
  nameZh: text(50, '中文名称').optional(),
  nameEn: text(50, '英文名称').optional(),
  permissions: z.array(z.string().max(64)).max(100).optional(),
});
