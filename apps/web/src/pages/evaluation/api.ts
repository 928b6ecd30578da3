// Evaluation endpoints (评估指导).
import {
  evaluationRoundDetail,
  evaluationRoundPage,
  type CreateEvaluationRoundBody,
} from '@cwp/contracts';
import { api, downloadFile, upload } from '../../api/client';

export const evaluationApi = {
  rounds: (page: number) =>
    api.get('/api/evaluation/rounds', evaluationRoundPage, { page, pageSize: 20 }),
  round: (id: number) => api.get(`/api/evaluation/rounds/${id}`, evaluationRoundDetail),
  create: (body: CreateEvaluationRoundBody) =>
    api.post('/api/evaluation/rounds', evaluationRoundDetail, body),
  compute: (id: number, version: number) =>
    api.post(`/api/evaluation/rounds/${id}/compute`, evaluationRoundDetail, { version }),
  finalize: (id: number, version: number) =>
    api.post(`/api/evaluation/rounds/${id}/finalize`, evaluationRoundDetail, { version }),
  /** Fields first, then the file: the server reads the fields that precede the file part. */
  enter: (
    id: number,
    v: { version: number; orgUnitId: number; code: string; value: number; note?: string },
    file: File,
    onProgress?: (percent: number) => void,
  ) => {
    const form = new FormData();
    form.append('version', String(v.version));
    form.append('orgUnitId', String(v.orgUnitId));
    form.append('code', v.code);
    form.append('value', String(v.value));
    if (v.note) form.append('note', v.note);
    form.append('file', file);
    return upload(`/api/evaluation/rounds/${id}/values`, evaluationRoundDetail, form, {
      onProgress,
    });
  },
  exportXlsx: (id: number) =>
    downloadFile(`/api/evaluation/rounds/${id}/export.xlsx`, { fallbackName: 'evaluation.xlsx' }),
  evidence: (id: number, orgUnitId: number, code: string, name: string) =>
    downloadFile(`/api/evaluation/rounds/${id}/evidence`, {
      query: { orgUnitId, code },
      fallbackName: name,
    }),
};
