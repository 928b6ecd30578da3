// Disclosure and complaint endpoints for the staff screens and the public pages.
import type {
  ComplaintSettingBody,
  CreateDisclosureBody,
  SubmitComplaintBody,
  UpsertDisclosureScheduleBody,
} from '@cwp/contracts';
import {
  complaintSettingList,
  complaintSettingVersion,
  disclosureScheduleList,
  disclosureScheduleView,
  publicHonorRoll,
  complaintAttachmentUploaded,
  complaintPage,
  complaintStats,
  complaintTrackView,
  complaintView,
  disclosurePage,
  disclosureView,
  okResponse,
  publicCommunityList,
  publicDisclosureItem,
  publicDisclosureList,
  submitComplaintResult,
} from '@cwp/contracts';
import { z } from 'zod';
import { api, upload, type Query } from '../../api/client';

const overdueList = z.object({
  items: z.array(
    z.object({
      orgUnitId: z.number(),
      orgUnitName: z.string(),
      kind: z.enum(['party', 'affairs', 'finance']),
      periodKey: z.string(),
      dueDate: z.string(),
    }),
  ),
});

type Content = Omit<CreateDisclosureBody, 'orgUnitId' | 'kind'>;

export const disclosuresApi = {
  list: (q: Query) => api.get('/api/disclosures', disclosurePage, q),
  overdue: () => api.get('/api/disclosures/overdue', overdueList),
  get: (id: number) => api.get(`/api/disclosures/${id}`, disclosureView),
  create: (body: CreateDisclosureBody) => api.post('/api/disclosures', disclosureView, body),
  update: (id: number, body: Content & { version: number }) =>
    api.patch(`/api/disclosures/${id}`, disclosureView, body),
  submit: (id: number, version: number) =>
    api.post(`/api/disclosures/${id}/submit`, disclosureView, { version }),
  publish: (id: number, version: number, offScheduleReason?: string) =>
    api.post(`/api/disclosures/${id}/publish`, disclosureView, {
      version,
      ...(offScheduleReason ? { offScheduleReason } : {}),
    }),
  reject: (id: number, version: number, reason: string) =>
    api.post(`/api/disclosures/${id}/reject`, disclosureView, { version, reason }),
  withdraw: (id: number, version: number, reason: string) =>
    api.post(`/api/disclosures/${id}/withdraw`, disclosureView, { version, reason }),
  correct: (id: number, body: Content & { version: number; correctionNote: string }) =>
    api.post(`/api/disclosures/${id}/corrections`, disclosureView, body),
  schedules: (orgUnitId?: number) =>
    api.get('/api/disclosures/schedules', disclosureScheduleList, { orgUnitId }),
  putSchedule: (body: UpsertDisclosureScheduleBody) =>
    api.put('/api/disclosures/schedules', disclosureScheduleView, body),
};

export const complaintsApi = {
  list: (q: Query) => api.get('/api/complaints', complaintPage, q),
  get: (id: number) => api.get(`/api/complaints/${id}`, complaintView),
  stats: () => api.get('/api/complaints/stats', complaintStats),
  act: (id: number, action: 'accept' | 'reject' | 'reply' | 'close' | 'notes', body: object) =>
    api.post(`/api/complaints/${id}/${action}`, complaintView, body),
  settings: (orgUnitId?: number) =>
    api.get('/api/complaints/settings', complaintSettingList, { orgUnitId }),
  putSetting: (body: ComplaintSettingBody) =>
    api.put('/api/complaints/settings', complaintSettingVersion, body),
};

export const publicSupervisionApi = {
  disclosures: (communityId: number) =>
    api.get(`/api/public/communities/${communityId}/disclosures`, publicDisclosureList),
  honors: (communityId: number) =>
    api.get(`/api/public/communities/${communityId}/honors`, publicHonorRoll),
  disclosure: (communityId: number, id: number) =>
    api.get(`/api/public/communities/${communityId}/disclosures/${id}`, publicDisclosureItem),
  communities: (q: string) =>
    api.get('/api/public/complaints/communities', publicCommunityList, { q }),
  submit: (body: SubmitComplaintBody) =>
    api.post('/api/public/complaints', submitComplaintResult, body),
  track: (code: string) => api.post('/api/public/complaints/track', complaintTrackView, { code }),
  rate: (code: string, rating: number, comment?: string) =>
    api.post('/api/public/complaints/rate', okResponse, {
      code,
      rating,
      ...(comment ? { comment } : {}),
    }),
  attach: (code: string, file: File) => {
    const form = new FormData();
    form.append('code', code);
    form.append('file', file);
    return upload('/api/public/complaints/attachments', complaintAttachmentUploaded, form);
  },
};

export const yuan = (fen: number) => (fen / 100).toFixed(2);
