// Life care endpoints.
import type { z } from 'zod';
import {
  careSettingView,
  healthDuePage,
  workerCareView,
  type careSettingBody,
  type createCareRecordBody,
  type createHealthCheckBody,
} from '@cwp/contracts';
import { api } from '../../api/client';

export const careApi = {
  setting: (orgUnitId?: number) => api.get('/api/care/settings', careSettingView, { orgUnitId }),
  putSetting: (body: z.input<typeof careSettingBody>) =>
    api.put('/api/care/settings', careSettingView, body),
  due: (q: { orgUnitId?: number | undefined; state: string; page: number; pageSize: number }) =>
    api.get('/api/care/health-due', healthDuePage, q),
  ofWorker: (workerId: number) => api.get(`/api/workers/${workerId}/care`, workerCareView),
  mine: () => api.get('/api/care/mine', workerCareView),
  addHealthCheck: (body: z.input<typeof createHealthCheckBody>) =>
    api.post('/api/care/health-checks', workerCareView, body),
  addRecord: (body: z.input<typeof createCareRecordBody>) =>
    api.post('/api/care/records', workerCareView, body),
};
