// Post-grade ladder endpoints: reviews and their proposals, grade changes, initial grading.
import type {
  CreateGradeChangeBody,
  CreateGradeReviewBody,
  UpdateProposalBody,
} from '@cwp/contracts';
import {
  gradeChangePage,
  gradeChangeView,
  gradeProposalPage,
  gradeProposalView,
  gradeReviewPage,
  gradeReviewView,
  historyEntry,
  initialGradeView,
} from '@cwp/contracts';
import { z } from 'zod';
import { api, downloadFile } from '../../api/client';

export const gradesApi = {
  reviews: (query: { orgUnitId?: number | undefined; page: number; pageSize: number }) =>
    api.get('/api/grades/reviews', gradeReviewPage, { ...query }),
  review: (id: number) => api.get(`/api/grades/reviews/${id}`, gradeReviewView),
  start: (body: CreateGradeReviewBody) => api.post('/api/grades/reviews', gradeReviewView, body),
  proposals: (
    id: number,
    query: {
      filter?: string | undefined;
      q?: string | undefined;
      after?: number | undefined;
      pageSize: number;
    },
  ) => api.get(`/api/grades/reviews/${id}/proposals`, gradeProposalPage, { ...query }),
  updateProposal: (id: number, workerId: number, body: UpdateProposalBody) =>
    api.patch(`/api/grades/reviews/${id}/proposals/${workerId}`, gradeProposalView, body),
  submit: (id: number, version: number, comment?: string) =>
    api.post(`/api/grades/reviews/${id}/submit`, gradeReviewView, {
      version,
      ...(comment ? { comment } : {}),
    }),
  discard: (id: number, version: number) =>
    api.post(`/api/grades/reviews/${id}/discard`, gradeReviewView, { version }),
  exportXlsx: (id: number) =>
    downloadFile(`/api/grades/reviews/${id}/export`, { fallbackName: 'grade-review.xlsx' }),
  changes: (query: { workerId?: number | undefined; page: number; pageSize: number }) =>
    api.get('/api/grades/changes', gradeChangePage, { ...query }),
  change: (id: number) => api.get(`/api/grades/changes/${id}`, gradeChangeView),
  createChange: (body: CreateGradeChangeBody) =>
    api.post('/api/grades/changes', gradeChangeView, body),
  initial: (workerId: number, onDate?: string) =>
    api.get(`/api/grades/workers/${workerId}/initial`, initialGradeView, { onDate }),
  gradeHistory: (workerId: number) =>
    api.get(`/api/workers/${workerId}/history`, z.array(historyEntry), { kind: 'grade' }),
};
