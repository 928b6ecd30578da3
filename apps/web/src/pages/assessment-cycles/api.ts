// Assessment cycle endpoints for the web screens.
import type { CreateCycleBody } from '@cwp/contracts';
import {
  assessmentEffectPage,
  assessmentEffectView,
  cycleCountResult,
  cycleEntryPage,
  cycleInputImportResult,
  cycleInputPage,
  cyclePage,
  cycleScoreImportResult,
  cycleView,
  myAssessmentList,
  okResponse,
} from '@cwp/contracts';
import { api, downloadFile, upload } from '../../api/client';

const base = '/api/assessment-cycles';

export const cyclesApi = {
  list: (q: { page: number; pageSize: number; year?: number | undefined }) =>
    api.get(base, cyclePage, { ...q }),
  open: (body: CreateCycleBody) => api.post(base, cycleView, body),
  get: (id: number) => api.get(`${base}/${id}`, cycleView),
  entries: (
    id: number,
    q: { page: number; pageSize: number; q?: string | undefined; appeal?: 'pending' | undefined },
  ) => api.get(`${base}/${id}/entries`, cycleEntryPage, { ...q }),
  step: (id: number, step: 'compute' | 'submit' | 'publish' | 'finalize', version: number) =>
    api.post(`${base}/${id}/${step}`, cycleView, { version }),
  adjust: (
    id: number,
    workerId: number,
    body: { version: number; rating: string; reason: string },
  ) => api.patch(`${base}/${id}/entries/${workerId}`, okResponse, body),
  reply: (id: number, workerId: number, body: { version: number; rating: string; reply: string }) =>
    api.post(`${base}/${id}/entries/${workerId}/appeal-reply`, okResponse, body),
  scores: (
    id: number,
    items: {
      workerId: number;
      source: string;
      rater: string;
      politicalQuality: number | null;
      performance: number | null;
      residentSatisfaction: number | null;
    }[],
  ) => api.post(`${base}/${id}/scores`, cycleCountResult, { items }),
  inputs: (
    id: number,
    items: { workerId: number; satisfactionPct?: number | null; absenceDays?: number | null }[],
  ) => api.post(`${base}/${id}/inputs`, cycleCountResult, { items }),
  template: (id: number) =>
    downloadFile(`${base}/${id}/scores/template`, { fallbackName: 'scores.xlsx' }),
  importScores: (id: number, file: File, mode: 'validate' | 'commit') => {
    const form = new FormData();
    form.append('file', file);
    return upload(`${base}/${id}/scores/import`, cycleScoreImportResult, form, { query: { mode } });
  },
  inputFigures: (id: number, q: { page: number; pageSize: number; q?: string | undefined }) =>
    api.get(`${base}/${id}/inputs`, cycleInputPage, { ...q }),
  inputsTemplate: (id: number) =>
    downloadFile(`${base}/${id}/inputs/template`, { fallbackName: 'inputs.xlsx' }),
  importInputs: (id: number, file: File, mode: 'validate' | 'commit') => {
    const form = new FormData();
    form.append('file', file);
    return upload(`${base}/${id}/inputs/import`, cycleInputImportResult, form, {
      query: { mode },
    });
  },
  effects: (q: { cycleId?: number; status?: string; page: number; pageSize: number }) =>
    api.get('/api/assessment-effects', assessmentEffectPage, { ...q }),
  decideEffect: (id: number, version: number, decision: 'approve' | 'reject') =>
    api.post(`/api/assessment-effects/${id}/decide`, assessmentEffectView, { version, decision }),
  mine: () => api.get('/api/me/assessments', myAssessmentList),
  selfAssess: (cycleId: number, summary: string) =>
    api.post(`/api/me/assessments/${cycleId}/self-assessment`, okResponse, { summary }),
  appeal: (cycleId: number, text: string) =>
    api.post(`/api/me/assessments/${cycleId}/appeal`, okResponse, { text }),
};
