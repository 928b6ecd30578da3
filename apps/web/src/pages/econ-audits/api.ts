// Economic responsibility audit endpoints.
import type { z } from 'zod';
import {
  econAuditDetail,
  econAuditPage,
  myEconAudits,
  type closeRectificationBody,
  type createEconAuditBody,
  type createFindingBody,
  type createRectificationBody,
  type econAuditStatusBody,
} from '@cwp/contracts';
import { api } from '../../api/client';

export const econAuditsApi = {
  list: (q: {
    page: number;
    pageSize: number;
    status?: string | undefined;
    q?: string | undefined;
  }) => api.get('/api/econ-audits', econAuditPage, q),
  get: (id: number) => api.get(`/api/econ-audits/${id}`, econAuditDetail),
  mine: () => api.get('/api/econ-audits/mine', myEconAudits),
  create: (body: z.input<typeof createEconAuditBody>) =>
    api.post('/api/econ-audits', econAuditDetail, body),
  status: (id: number, body: z.input<typeof econAuditStatusBody>) =>
    api.post(`/api/econ-audits/${id}/status`, econAuditDetail, body),
  addFinding: (id: number, body: z.input<typeof createFindingBody>) =>
    api.post(`/api/econ-audits/${id}/findings`, econAuditDetail, body),
  addRectification: (id: number, body: z.input<typeof createRectificationBody>) =>
    api.post(`/api/econ-audits/${id}/rectifications`, econAuditDetail, body),
  closeRectification: (id: number, body: z.input<typeof closeRectificationBody>) =>
    api.post(`/api/econ-audit-rectifications/${id}/close`, econAuditDetail, body),
};
