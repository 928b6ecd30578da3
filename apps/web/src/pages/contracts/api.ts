// Contracts and insurance endpoints: labour contracts (list, one, create, renew, terminate, batch
// renewal, export, reminders on demand), a worker's contracts, insurance and career records, and
// the career-channel counts.
import type {
  CreateCareerRecordBody,
  CreateLaborContractBody,
  CreateSocialInsuranceBody,
  LaborContractListQuery,
  RenewLaborContractBody,
  TerminateLaborContractBody,
} from '@cwp/contracts';
import {
  batchRenewResult,
  careerRecordView,
  careerStatsView,
  laborContractPage,
  laborContractView,
  okResponse,
  reminderRunResult,
  workerContractsView,
  workerInsuranceView,
} from '@cwp/contracts';
import { z } from 'zod';
import { api, downloadFile } from '../../api/client';

type ListQuery = Partial<LaborContractListQuery>;

export const contractsApi = {
  list: (q: ListQuery) => api.get('/api/labor-contracts', laborContractPage, { ...q }),
  get: (id: number) => api.get(`/api/labor-contracts/${id}`, laborContractView),
  create: (body: CreateLaborContractBody) =>
    api.post('/api/labor-contracts', laborContractView, body),
  renew: (id: number, body: RenewLaborContractBody) =>
    api.post(`/api/labor-contracts/${id}/renew`, laborContractView, body),
  terminate: (id: number, body: TerminateLaborContractBody) =>
    api.post(`/api/labor-contracts/${id}/terminate`, laborContractView, body),
  batchRenew: (ids: number[]) =>
    api.post('/api/labor-contracts/batch-renew', batchRenewResult, { ids }),
  runReminders: () => api.post('/api/labor-contracts/reminders/run', reminderRunResult, {}),
  exportXlsx: (q: Omit<ListQuery, 'page' | 'pageSize'>) =>
    downloadFile('/api/labor-contracts/export', {
      query: { ...q },
      fallbackName: 'labor-contracts.xlsx',
    }),
  ofWorker: (workerId: number) =>
    api.get(`/api/workers/${workerId}/labor-contracts`, workerContractsView),
  insurance: (workerId: number) =>
    api.get(`/api/workers/${workerId}/social-insurance`, workerInsuranceView),
  addInsurance: (workerId: number, body: CreateSocialInsuranceBody) =>
    api.post(`/api/workers/${workerId}/social-insurance`, workerInsuranceView, body),
  careerRecords: (workerId: number) =>
    api.get(`/api/workers/${workerId}/career-records`, z.array(careerRecordView)),
  addCareerRecord: (workerId: number, body: CreateCareerRecordBody) =>
    api.post(`/api/workers/${workerId}/career-records`, z.array(careerRecordView), body),
  deleteCareerRecord: (id: number, version: number) =>
    api.post(`/api/career-records/${id}/delete`, okResponse, { version }),
  careerStats: (year: number, orgUnitId?: number) =>
    api.get('/api/career-records/stats', careerStatsView, { year, orgUnitId }),
};
