// The worker dossier endpoints: roster, detail, edits, transfer, audited reveal, history, lists,
// attachments, and the spreadsheet endpoints (template, import job, export).
import type {
  createWorkerBody,
  replaceFamilyBody,
  replaceWorkHistoryBody,
  RevealBody,
  RevealedPii,
  transferWorkerBody,
  updateWorkerBody,
  WorkerExportQuery,
  WorkerListQuery,
} from '@cwp/contracts';
import {
  attachmentInfo,
  historyEntry,
  jobCreated,
  jobView,
  revealedPii,
  workerDetail,
  workerPage,
} from '@cwp/contracts';
import { z } from 'zod';
import { api, downloadFile, upload, type Query } from '../../api/client';

export type RosterFilter = Partial<Omit<WorkerExportQuery, 'withTotal'>>;
export type RosterSort = WorkerListQuery['sort'];

export interface RosterRequest extends RosterFilter {
  sort: RosterSort;
  pageSize: number;
  /** Used when there is no cursor for the page (a jump, or a reload on page N). */
  page: number;
  cursor?: string | undefined;
  withTotal: boolean;
}

export type Revealed = RevealedPii;
export type PiiField = RevealBody['fields'][number];

function toQuery(filter: RosterFilter): Query {
  return { ...filter };
}

export const workersApi = {
  list: (req: RosterRequest, signal?: AbortSignal) =>
    api.get(
      '/api/workers',
      workerPage,
      { ...toQuery(req), withTotal: req.withTotal ? 'true' : 'false' },
      signal,
    ),
  get: (id: number) => api.get(`/api/workers/${id}`, workerDetail),
  me: () => api.get('/api/workers/me', workerDetail),
  create: (body: z.input<typeof createWorkerBody>) => api.post('/api/workers', workerDetail, body),
  update: (id: number, body: z.input<typeof updateWorkerBody>) =>
    api.patch(`/api/workers/${id}`, workerDetail, body),
  transfer: (id: number, body: z.input<typeof transferWorkerBody>) =>
    api.post(`/api/workers/${id}/transfer`, workerDetail, body),
  reveal: (id: number, fields: PiiField[]) =>
    api.post(`/api/workers/${id}/reveal`, revealedPii, { fields }),
  history: (id: number) => api.get(`/api/workers/${id}/history`, z.array(historyEntry)),
  replaceWorkHistory: (id: number, body: z.input<typeof replaceWorkHistoryBody>) =>
    api.put(`/api/workers/${id}/work-history`, workerDetail, body),
  replaceFamily: (id: number, body: z.input<typeof replaceFamilyBody>) =>
    api.put(`/api/workers/${id}/family`, workerDetail, body),
  uploadAttachment: (id: number, file: File, kind: string, onProgress: (p: number) => void) => {
    const form = new FormData();
    // Fields before the file: the server reads them while it streams the file part.
    form.append('kind', kind);
    form.append('file', file, file.name);
    return upload(`/api/workers/${id}/attachments`, attachmentInfo, form, { onProgress });
  },
  attachmentUrl: (id: number, attachmentId: number) =>
    `/api/workers/${id}/attachments/${attachmentId}`,
  downloadAttachment: (id: number, attachmentId: number, fileName: string) =>
    downloadFile(`/api/workers/${id}/attachments/${attachmentId}`, { fallbackName: fileName }),

  downloadTemplate: () =>
    downloadFile('/api/workers/import-template', { fallbackName: 'workers-template.xlsx' }),
  exportRoster: (filter: RosterFilter, onProgress: (bytes: number) => void, signal: AbortSignal) =>
    downloadFile('/api/workers/export', {
      query: toQuery(filter),
      fallbackName: 'workers.xlsx',
      onProgress,
      signal,
    }),
  startImport: (
    file: File,
    mode: 'validate' | 'commit',
    onExisting: 'error' | 'update',
    onProgress: (p: number) => void,
  ) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return upload('/api/workers/import', jobCreated, form, {
      query: { mode, onExisting },
      onProgress,
    });
  },
  job: (jobId: number, signal?: AbortSignal) =>
    api.get(`/api/jobs/${jobId}`, jobView, undefined, signal),
  downloadErrorReport: (jobId: number) =>
    downloadFile(`/api/jobs/${jobId}/error-report`, { fallbackName: 'import-errors.xlsx' }),
};
