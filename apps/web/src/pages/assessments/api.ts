// Assessment results endpoints: list, enter, edit, the import template and the import.
import type { CreateAssessmentBody, UpdateAssessmentBody } from '@cwp/contracts';
import { assessmentImportResult, assessmentPage, assessmentView } from '@cwp/contracts';
import { api, downloadFile, upload } from '../../api/client';

export interface AssessmentQuery {
  orgUnitId?: number | undefined;
  workerId?: number | undefined;
  year?: number | undefined;
  rating?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export const assessmentsApi = {
  list: (query: AssessmentQuery) => api.get('/api/assessments', assessmentPage, { ...query }),
  create: (body: CreateAssessmentBody) => api.post('/api/assessments', assessmentView, body),
  update: (id: number, body: UpdateAssessmentBody) =>
    api.patch(`/api/assessments/${id}`, assessmentView, body),
  template: () =>
    downloadFile('/api/assessments/import-template', { fallbackName: 'assessments.xlsx' }),
  import: (file: File, mode: 'validate' | 'commit') => {
    const form = new FormData();
    form.append('file', file);
    return upload('/api/assessments/import', assessmentImportResult, form, { query: { mode } });
  },
};
