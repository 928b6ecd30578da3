// Roles and the permission catalogue, shared by the roles page and the account forms.
import type { createRoleBody, updateRoleBody } from '@cwp/contracts';
import { role } from '@cwp/contracts';
import { z } from 'zod';
import { api } from './client';

export const permissionEntry = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export type PermissionEntry = z.infer<typeof permissionEntry>;

export const rolesApi = {
  list: () => api.get('/api/roles', z.array(role)),
  permissions: () => api.get('/api/permissions', z.array(permissionEntry)),
  create: (body: z.input<typeof createRoleBody>) => api.post('/api/roles', role, body),
  update: (id: number, body: z.input<typeof updateRoleBody>) =>
    api.patch(`/api/roles/${id}`, role, body),
};
