// Recruitment endpoints for the HR screens and the public pages.
import {
  applicationPage,
  applicationView,
  applyResult,
  attachmentUploaded,
  hireView,
  objectionView,
  planPage,
  planView,
  publicPlanList,
  publicPlanView,
  rankingView,
  scoreImportResult,
  statusLookupResult,
  type ApplyBody,
  type CreatePlanBody,
  type UpdatePlanBody,
} from '@cwp/contracts';
import { z } from 'zod';
import { api, downloadFile, upload } from '../../api/client';

export type PlanAction = 'submit' | 'approve' | 'return' | 'withdraw' | 'publish';

const base = '/api/recruitment';

export const recruitmentApi = {
  list: (query: { page: number; pageSize: number; status?: string | undefined; q?: string }) =>
    api.get(`${base}/plans`, planPage, query),
  get: (id: number) => api.get(`${base}/plans/${id}`, planView),
  create: (body: CreatePlanBody) => api.post(`${base}/plans`, planView, body),
  update: (id: number, body: UpdatePlanBody) => api.patch(`${base}/plans/${id}`, planView, body),
  act: (id: number, action: PlanAction, version: number, comment?: string) =>
    api.post(`${base}/plans/${id}/${action}`, planView, {
      version,
      ...(comment ? { comment } : {}),
    }),
  /** Every application of the plan, page by page (the stages work on the whole list). */
  applications: async (id: number) => {
    const first = await api.get(`${base}/plans/${id}/applications`, applicationPage, {
      page: 1,
      pageSize: 100,
    });
    const items = [...first.items];
    for (let page = 2; items.length < first.total; page++) {
      const next = await api.get(`${base}/plans/${id}/applications`, applicationPage, {
        page,
        pageSize: 100,
      });
      if (next.items.length === 0) break;
      items.push(...next.items);
    }
    return { items, total: first.total };
  },
  review: (id: number, version: number, outcome: 'pass' | 'fail', reason?: string) =>
    api.post(`${base}/applications/${id}/review`, applicationView, {
      version,
      outcome,
      ...(reason ? { reason } : {}),
    }),
  attachment: (id: number, attachmentId: number, name: string) =>
    downloadFile(`${base}/applications/${id}/attachments/${attachmentId}`, { fallbackName: name }),
  saveScores: (
    id: number,
    scores: { applicationId: number; writtenScore: number | null; interviewScore: number | null }[],
  ) => api.put(`${base}/plans/${id}/scores`, scoreImportResult, { scores }),
  template: (id: number) =>
    downloadFile(`${base}/plans/${id}/scores/template`, { fallbackName: 'scores.xlsx' }),
  importScores: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file);
    return upload(`${base}/plans/${id}/scores/import`, scoreImportResult, form);
  },
  rank: (id: number) => api.post(`${base}/plans/${id}/rank`, rankingView),
  ranking: (id: number) => api.get(`${base}/plans/${id}/ranking`, rankingView),
  check: (
    id: number,
    body: {
      version: number;
      kind: 'medical' | 'background';
      outcome: 'pass' | 'fail';
      note?: string;
    },
  ) => api.post(`${base}/applications/${id}/check`, applicationView, body),
  callNext: (id: number, postId: number) =>
    api.post(`${base}/plans/${id}/posts/${postId}/call-next`, applicationView),
  startNotice: (id: number, startDate: string) =>
    api.post(
      `${base}/plans/${id}/notice`,
      z.object({ noticeStart: z.string(), noticeEnd: z.string(), applications: z.number() }),
      { startDate },
    ),
  objections: (id: number) => api.get(`${base}/plans/${id}/objections`, z.array(objectionView)),
  addObjection: (
    id: number,
    body: { applicationId: number; receivedOn: string; objector?: string; content: string },
  ) => api.post(`${base}/plans/${id}/objections`, objectionView, body),
  handleObjection: (
    id: number,
    body: { version: number; outcome: 'sustained' | 'dismissed'; note: string },
  ) => api.post(`${base}/objections/${id}/handle`, objectionView, body),
  hire: (id: number) => api.get(`${base}/hires/${id}`, hireView),
  hires: (id: number) => api.get(`${base}/plans/${id}/hires`, z.array(hireView)),
  submitHire: (id: number, body: { applicationIds: number[]; hireDate: string }) =>
    api.post(`${base}/plans/${id}/hires`, hireView, body),
  decideHire: (
    id: number,
    action: 'approve' | 'return' | 'withdraw',
    version: number,
    comment?: string,
  ) =>
    api.post(`${base}/hires/${id}/${action}`, hireView, {
      version,
      ...(comment ? { comment } : {}),
    }),
};

const pub = '/api/public/recruitment';
const optionList = z.array(z.object({ code: z.string(), label: z.string() }));

export const publicApi = {
  plans: () => api.get(`${pub}/plans`, publicPlanList),
  plan: (id: number) => api.get(`${pub}/plans/${id}`, publicPlanView),
  options: () =>
    api.get(
      `${pub}/options`,
      z.object({
        ethnicity: optionList,
        politicalStatus: optionList,
        education: optionList,
        qualification: optionList,
      }),
    ),
  apply: (id: number, body: ApplyBody) =>
    api.post(`${pub}/plans/${id}/applications`, applyResult, body),
  attach: (idNumber: string, code: string, file: File) => {
    const form = new FormData();
    // The fields go before the file: the server reads them first.
    form.append('idNumber', idNumber);
    form.append('code', code);
    form.append('file', file);
    return upload(`${pub}/attachments`, attachmentUploaded, form);
  },
  status: (idNumber: string, code: string) =>
    api.post(`${pub}/status`, statusLookupResult, { idNumber, code }),
};
