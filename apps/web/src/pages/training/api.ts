// Training core endpoints: plans, libraries, sessions (enrolment, QR code, corrections,
// completion), rules, the compliance report and its export, and the worker's own sign-in,
// sessions and hours.
import {
  attachmentInfo,
  completeSessionResult,
  complianceReport,
  coursePage,
  courseView,
  enrolmentList,
  enrolResult,
  mySessionList,
  planProgressView,
  promotedResult,
  sessionPage,
  sessionView,
  signInCodeView,
  signInResult,
  trainerPage,
  trainerView,
  trainingBasePage,
  trainingBaseView,
  trainingPlanPage,
  trainingPlanView,
  workerHoursView,
} from '@cwp/contracts';
import { api, downloadFile, upload } from '../../api/client';

type Body = Record<string, unknown>;

export const trainingApi = {
  plans: (q: { page: number; pageSize: number; year?: number }) =>
    api.get('/api/training/plans', trainingPlanPage, q),
  createPlan: (b: Body) => api.post('/api/training/plans', trainingPlanView, b),
  updatePlan: (id: number, b: Body) => api.put(`/api/training/plans/${id}`, trainingPlanView, b),
  submitPlan: (id: number, version: number) =>
    api.post(`/api/training/plans/${id}/submit`, trainingPlanView, { version }),
  planProgress: (id: number) => api.get(`/api/training/plans/${id}/progress`, planProgressView),
  courses: (q: { page: number; pageSize: number; q?: string }) =>
    api.get('/api/training/courses', coursePage, q),
  createCourse: (b: Body) => api.post('/api/training/courses', courseView, b),
  updateCourse: (id: number, b: Body) => api.put(`/api/training/courses/${id}`, courseView, b),
  trainers: (q: { page: number; pageSize: number; q?: string }) =>
    api.get('/api/training/trainers', trainerPage, q),
  createTrainer: (b: Body) => api.post('/api/training/trainers', trainerView, b),
  updateTrainer: (id: number, b: Body) => api.put(`/api/training/trainers/${id}`, trainerView, b),
  bases: (q: { page: number; pageSize: number; q?: string }) =>
    api.get('/api/training/bases', trainingBasePage, q),
  createBase: (b: Body) => api.post('/api/training/bases', trainingBaseView, b),
  updateBase: (id: number, b: Body) => api.put(`/api/training/bases/${id}`, trainingBaseView, b),
  sessions: (q: { page: number; pageSize: number }) =>
    api.get('/api/training/sessions', sessionPage, q),
  session: (id: number) => api.get(`/api/training/sessions/${id}`, sessionView),
  createSession: (b: Body) => api.post('/api/training/sessions', sessionView, b),
  enrolments: (id: number) => api.get(`/api/training/sessions/${id}/enrolments`, enrolmentList),
  enrol: (id: number, b: { workerIds?: number[]; orgUnitIds?: number[] }) =>
    api.post(`/api/training/sessions/${id}/enrolments`, enrolResult, {
      workerIds: b.workerIds ?? [],
      orgUnitIds: b.orgUnitIds ?? [],
    }),
  withdraw: (id: number, workerId: number) =>
    api.post(`/api/training/sessions/${id}/withdraw`, promotedResult, { workerId }),
  code: (id: number) => api.get(`/api/training/sessions/${id}/sign-in-code`, signInCodeView),
  correct: (id: number, b: { workerId: number; signedIn: boolean; reason: string }) =>
    api.post(`/api/training/sessions/${id}/corrections`, enrolmentList, b),
  complete: (id: number, version: number) =>
    api.post(`/api/training/sessions/${id}/complete`, completeSessionResult, { version }),
  uploadEvidence: (workerId: number, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return upload(`/api/training/workers/${workerId}/evidence`, attachmentInfo, form);
  },
  addExternal: (b: Body) => api.post('/api/training/external', workerHoursView, b),
  downloadEvidence: (url: string) => downloadFile(url, { fallbackName: 'evidence' }),
  compliance: (q: { year: number; orgUnitId?: number; after?: number; pageSize?: number }) =>
    api.get('/api/training/compliance', complianceReport, q),
  exportCompliance: (q: { year: number; orgUnitId?: number }) =>
    downloadFile('/api/training/compliance/export', {
      query: q,
      fallbackName: 'training-compliance.xlsx',
    }),
  signIn: (code: string) => api.post('/api/training/sign-in', signInResult, { code }),
  mySessions: () => api.get('/api/training/my/sessions', mySessionList),
  myHours: (year?: number) => api.get('/api/training/my/hours', workerHoursView, { year }),
};
