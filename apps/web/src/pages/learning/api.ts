// Online learning and qualification endpoints: course management, the worker's own learning, and
// exam registrations, certificates and the certification goal.
import type {
  CreateCertificateBody,
  CreateOnlineCourseBody,
  ReplaceQuizBody,
  SubmitQuizBody,
  UpdateOnlineCourseBody,
} from '@cwp/contracts';
import {
  certificatePage,
  certificateResult,
  examPage,
  examView,
  goalReport,
  heartbeatResult,
  markReadResult,
  myCourseDetail,
  myLearningSummary,
  onlineCourseDetail,
  onlineCoursePage,
  onlineItemView,
  quizResult,
  workerPage,
} from '@cwp/contracts';
import { api, upload } from '../../api/client';

export const learningApi = {
  courses: (page: number) => api.get('/api/learning/courses', onlineCoursePage, { page }),
  course: (id: number) => api.get(`/api/learning/courses/${id}`, onlineCourseDetail),
  create: (body: CreateOnlineCourseBody) =>
    api.post('/api/learning/courses', onlineCourseDetail, body),
  update: (id: number, body: UpdateOnlineCourseBody) =>
    api.patch(`/api/learning/courses/${id}`, onlineCourseDetail, body),
  addText: (id: number, body: { title: string; body: string }) =>
    api.post(`/api/learning/courses/${id}/items/text`, onlineItemView, body),
  uploadFile: (
    id: number,
    kind: 'pdf' | 'video',
    title: string,
    file: File,
    durationSeconds?: number,
  ) => {
    // Fields first: the server reads them before the file streams in.
    const form = new FormData();
    form.append('title', title);
    if (durationSeconds !== undefined) form.append('durationSeconds', String(durationSeconds));
    form.append('file', file);
    return upload(`/api/learning/courses/${id}/items/${kind}`, onlineItemView, form);
  },
  replaceQuiz: (id: number, body: ReplaceQuizBody) =>
    api.put(`/api/learning/courses/${id}/quiz`, onlineCourseDetail, body),
  contentUrl: (itemId: number) => `/api/learning/items/${itemId}/content`,

  mySummary: () => api.get('/api/me/learning', myLearningSummary),
  myCourse: (id: number) => api.get(`/api/me/learning/courses/${id}`, myCourseDetail),
  heartbeat: (itemId: number, position: number) =>
    api.post(`/api/me/learning/items/${itemId}/heartbeat`, heartbeatResult, { position }),
  markRead: (itemId: number) => api.post(`/api/me/learning/items/${itemId}/read`, markReadResult),
  submitQuiz: (courseId: number, body: SubmitQuizBody) =>
    api.post(`/api/me/learning/courses/${courseId}/quiz`, quizResult, body),

  exams: (page: number) => api.get('/api/qualifications/exams', examPage, { page }),
  registerExam: (body: { workerId: number; year: number; level: string }) =>
    api.post('/api/qualifications/exams', examView, body),
  examResult: (id: number, body: { status: string; score: number | null; version: number }) =>
    api.post(`/api/qualifications/exams/${id}/result`, examView, body),
  certificates: (page: number) =>
    api.get('/api/qualifications/certificates', certificatePage, { page }),
  recordCertificate: (body: CreateCertificateBody) =>
    api.post('/api/qualifications/certificates', certificateResult, body),
  goal: (orgUnitId?: number) =>
    api.get('/api/qualifications/goal', goalReport, orgUnitId ? { orgUnitId } : {}),
  setGoal: (orgUnitId: number, targetShare: number) =>
    api.put('/api/qualifications/goal', goalReport, { orgUnitId, targetShare }),
  searchWorkers: (q: string) =>
    api.get('/api/workers', workerPage, { q, pageSize: 20, withTotal: 'false' }),
};
