// Exit endpoints: list, one, create, checklist items, submit, cancel, re-hire, the retirement list
// and the turnover figures.
import type { CreateExitBody, RehireBody } from '@cwp/contracts';
import { exitPage, exitStatsView, exitView, rehireResult, retirementDueView } from '@cwp/contracts';
import { api } from '../../api/client';

export const exitsApi = {
  list: (q: { status?: string; workerId?: number } = {}) =>
    api.get('/api/exits', exitPage, { ...q, pageSize: 100 }),
  get: (id: number) => api.get(`/api/exits/${id}`, exitView),
  create: (body: CreateExitBody) => api.post('/api/exits', exitView, body),
  check: (id: number, version: number, item: string) =>
    api.post(`/api/exits/${id}/checklist`, exitView, { version, item }),
  submit: (id: number, version: number) =>
    api.post(`/api/exits/${id}/submit`, exitView, { version }),
  cancel: (id: number, version: number) =>
    api.post(`/api/exits/${id}/cancel`, exitView, { version }),
  rehire: (workerId: number, body: RehireBody) =>
    api.post(`/api/workers/${workerId}/rehire`, rehireResult, body),
  retirementDue: (months: number) =>
    api.get('/api/exits/retirement-due', retirementDueView, { months }),
  stats: (year: number) => api.get('/api/exits/stats', exitStatsView, { year }),
};
