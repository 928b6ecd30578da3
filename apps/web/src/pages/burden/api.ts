// Burden reduction endpoints.
import type { z } from 'zod';
import {
  burdenFigures,
  burdenRequestPage,
  burdenRequestView,
  taskItemPage,
  taskItemView,
  type createBurdenRequestBody,
  type createTaskItemBody,
} from '@cwp/contracts';
import { api, downloadFile } from '../../api/client';

export const burdenApi = {
  figures: () => api.get('/api/burden/figures', burdenFigures),
  requests: (q: { page: number; pageSize: number; outOfList?: 'true' | undefined }) =>
    api.get('/api/burden/requests', burdenRequestPage, q),
  logRequest: (body: z.input<typeof createBurdenRequestBody>) =>
    api.post('/api/burden/requests', burdenRequestView, body),
  items: (q: { page: number; pageSize: number; communityId?: number | undefined }) =>
    api.get('/api/burden/task-items', taskItemPage, q),
  createItem: (body: z.input<typeof createTaskItemBody>) =>
    api.post('/api/burden/task-items', taskItemView, body),
  deactivate: (id: number, version: number) =>
    api.patch(`/api/burden/task-items/${id}`, taskItemView, { version, active: false }),
  exportXlsx: () => downloadFile('/api/burden/export', { fallbackName: 'burden.xlsx' }),
};
