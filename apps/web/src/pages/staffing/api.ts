// Staffing endpoints: the view of a unit and its children, recompute, adjustments and the export.
import type { CreateAdjustmentBody } from '@cwp/contracts';
import { adjustmentPage, adjustmentView, recomputeResult, staffingView } from '@cwp/contracts';
import { api, downloadFile } from '../../api/client';

export const staffingApi = {
  get: (orgUnitId?: number) => api.get('/api/staffing', staffingView, { orgUnitId }),
  recompute: (orgUnitId: number, date?: string) =>
    api.post('/api/staffing/recompute', recomputeResult, { orgUnitId, ...(date ? { date } : {}) }),
  adjustments: (query: {
    orgUnitId?: number | undefined;
    orgScope?: 'self' | 'subtree';
    page: number;
    pageSize: number;
  }) => api.get('/api/staffing/adjustments', adjustmentPage, { ...query }),
  adjust: (body: CreateAdjustmentBody) =>
    api.post('/api/staffing/adjustments', adjustmentView, body),
  revoke: (id: number, version: number, reason: string) =>
    api.post(`/api/staffing/adjustments/${id}/revoke`, adjustmentView, { version, reason }),
  exportXlsx: (orgUnitId: number) =>
    downloadFile('/api/staffing/export', { query: { orgUnitId }, fallbackName: 'staffing.xlsx' }),
};
