import type { createUserBody, updateUserBody } from '@cwp/contracts';
import { okResponse, pageOf, userSummary } from '@cwp/contracts';
import type { z } from 'zod';
import { api } from '../../api/client';

export interface UserQuery {
  q?: string | undefined;
  orgUnitId?: number | undefined;
  page: number;
  pageSize: number;
}

export const usersApi = {
  list: (query: UserQuery) => api.get('/api/users', pageOf(userSummary), { ...query }),
  create: (body: z.input<typeof createUserBody>) => api.post('/api/users', userSummary, body),
  update: (id: number, body: z.input<typeof updateUserBody>) =>
    api.patch(`/api/users/${id}`, userSummary, body),
  resetPassword: (id: number, password: string) =>
    api.post(`/api/users/${id}/reset-password`, okResponse, { password }),
  unlock: (id: number) => api.post(`/api/users/${id}/unlock`, userSummary),
};
