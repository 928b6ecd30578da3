// Payroll endpoints: runs, slips, adjustments, approval, exports, payees, budget and what-if, and
// the worker's own pay slips.
import type {
  CreatePayrollAdjustmentBody,
  CreatePayrollRunBody,
  PayrollRunListQuery,
  UpdatePayeeBody,
} from '@cwp/contracts';
import {
  budgetForecast,
  okResponse,
  payeeView,
  payrollAdjustmentList,
  payrollAdjustmentView,
  payrollRunDetail,
  payrollRunPage,
  payrollSlipDetail,
  payrollSlipPage,
  payrollSlipView,
  ruleSetPage,
  whatIfResult,
} from '@cwp/contracts';
import { z } from 'zod';
import { api, downloadFile } from '../../api/client';

const batchResult = z.object({
  created: z.array(
    z.object({ runId: z.number(), orgUnitId: z.number(), name: z.string(), workers: z.number() }),
  ),
  skipped: z.array(z.object({ orgUnitId: z.number(), name: z.string(), reason: z.string() })),
  workers: z.number(),
});
export type BatchResult = z.infer<typeof batchResult>;

type Decision = 'approve' | 'return' | 'withdraw';

export const payrollApi = {
  list: (q: Partial<PayrollRunListQuery>) => api.get('/api/payroll/runs', payrollRunPage, { ...q }),
  create: (body: CreatePayrollRunBody) => api.post('/api/payroll/runs', payrollRunDetail, body),
  createBatch: (body: CreatePayrollRunBody) =>
    api.post('/api/payroll/runs/batch', batchResult, body),
  get: (id: number) => api.get(`/api/payroll/runs/${id}`, payrollRunDetail),
  recompute: (id: number, version: number) =>
    api.post(`/api/payroll/runs/${id}/recompute`, payrollRunDetail, { version }),
  submit: (id: number, version: number) =>
    api.post(`/api/payroll/runs/${id}/submit`, payrollRunDetail, { version }),
  decide: (id: number, decision: Decision, version: number, comment?: string) =>
    api.post(`/api/payroll/runs/${id}/${decision}`, payrollRunDetail, {
      version,
      ...(comment ? { comment } : {}),
    }),
  slips: (id: number, q: { q?: string; page: number; pageSize: number }) =>
    api.get(`/api/payroll/runs/${id}/slips`, payrollSlipPage, { ...q }),
  slip: (id: number) => api.get(`/api/payroll/slips/${id}`, payrollSlipDetail),
  adjustments: (id: number) =>
    api.get(`/api/payroll/runs/${id}/adjustments`, payrollAdjustmentList),
  addAdjustment: (id: number, body: CreatePayrollAdjustmentBody) =>
    api.post(`/api/payroll/runs/${id}/adjustments`, payrollAdjustmentView, body),
  deleteAdjustment: (id: number, adjustmentId: number) =>
    api.post(`/api/payroll/runs/${id}/adjustments/${adjustmentId}/delete`, okResponse),
  exportBank: (id: number) =>
    downloadFile(`/api/payroll/runs/${id}/export/bank`, { fallbackName: 'bank.xlsx' }),
  exportSummary: (id: number) =>
    downloadFile(`/api/payroll/runs/${id}/export/summary`, { fallbackName: 'summary.xlsx' }),
  payee: (workerId: number) => api.get(`/api/payroll/payees/${workerId}`, payeeView),
  savePayee: (workerId: number, body: UpdatePayeeBody) =>
    api.put(`/api/payroll/payees/${workerId}`, payeeView, body),
  budget: (orgUnitId: number, year: number) =>
    api.get('/api/payroll/budget', budgetForecast, { orgUnitId, year }),
  whatIf: (orgUnitId: number, baseRuleSetId: number, altRuleSetId: number) =>
    api.get('/api/payroll/what-if', whatIfResult, {
      orgUnitId,
      baseRuleSetId,
      altRuleSetId,
      top: 50,
    }),
  payTables: () => api.get('/api/rule-sets', ruleSetPage, { kind: 'pay_table', pageSize: 100 }),
  mySlips: () => api.get('/api/payroll/me/slips', z.object({ items: z.array(payrollSlipView) })),
  mySlip: (id: number) => api.get(`/api/payroll/me/slips/${id}`, payrollSlipDetail),
};
