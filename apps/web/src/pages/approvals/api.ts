// Approval inbox endpoints: list by box, one request with its events, and the decisions.
import type { ApprovalListQuery } from '@cwp/contracts';
import { approvalDetail, approvalPage } from '@cwp/contracts';
import { api } from '../../api/client';

export type ApprovalQuery = Partial<ApprovalListQuery> & { page: number; pageSize: number };
export type ApprovalAction = 'approve' | 'return' | 'withdraw';

export const approvalsApi = {
  list: (query: ApprovalQuery) => api.get('/api/approvals', approvalPage, { ...query }),
  get: (id: number) => api.get(`/api/approvals/${id}`, approvalDetail),
  decide: (id: number, action: ApprovalAction, version: number, comment?: string) =>
    api.post(`/api/approvals/${id}/${action}`, approvalDetail, {
      version,
      ...(comment ? { comment } : {}),
    }),
  comment: (id: number, comment: string) =>
    api.post(`/api/approvals/${id}/comments`, approvalDetail, { comment }),
};
