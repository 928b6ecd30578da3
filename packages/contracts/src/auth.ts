import { z } from 'zod';
import { ORG_LEVELS } from '@cwp/core';
import { hasNoControlChars } from './common';

export const loginBody = z.strictObject({
  username: z
    .string()
    .trim()
    .min(1, { error: '请输入用户名' })
    .max(64)
    .refine(hasNoControlChars, { error: '用户名包含不允许的控制字符' }),
  password: z.string().min(1, { error: '请输入密码' }).max(128),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, { error: '请输入原密码' }).max(128),
  newPassword: z.string().min(1, { error: '请输入新密码' }).max(128),
});

export const orgUnitRef = z.object({
  id: z.number().int(),
  name: z.string(),
  level: z.enum(ORG_LEVELS),
});

export const currentUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  orgUnit: orgUnitRef,
  roles: z.array(z.object({ code: z.string(), name: z.string() })),
  permissions: z.array(z.string()),
  workerId: z.number().int().nullable(),
});
export type CurrentUser = z.infer<typeof currentUser>;

export const sessionResponse = z.object({ csrfToken: z.string(), user: currentUser });
export type SessionResponse = z.infer<typeof sessionResponse>;
