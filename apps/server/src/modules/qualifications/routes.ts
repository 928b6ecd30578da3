// Qualification routes: exam registrations and results, certificates (which update the dossier
// and may propose a grade change), and the certification goal per region.
import {
  certificateListQuery,
  certificatePage,
  certificateResult,
  createCertificateBody,
  createExamBody,
  examListQuery,
  examPage,
  examResultBody,
  examView,
  goalQuery,
  goalReport as goalReportSchema,
  idParam,
  setGoalBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import {
  goalReport,
  listCertificates,
  listExams,
  recordCertificate,
  recordExamResult,
  registerExam,
  setGoal,
} from './service';

const tags = ['qualifications'];

export function qualificationRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/qualifications/exams',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '职业资格考试报名',
          querystring: examListQuery,
          response: { 200: examPage },
        },
      },
      async (request) => listExams(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/qualifications/exams',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '登记考试报名',
          body: createExamBody,
          response: { 200: examView },
        },
      },
      async (request) =>
        registerExam(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.post(
      '/api/qualifications/exams/:id/result',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '登记考试结果（须带 version）',
          params: idParam,
          body: examResultBody,
          response: { 200: examView },
        },
      },
      async (request) =>
        recordExamResult(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.get(
      '/api/qualifications/certificates',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '职业资格证书',
          querystring: certificateListQuery,
          response: { 200: certificatePage },
        },
      },
      async (request) => listCertificates(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/qualifications/certificates',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '登记证书（更新档案，必要时提出等级调整）',
          body: createCertificateBody,
          response: { 200: certificateResult },
        },
      },
      async (request) =>
        recordCertificate(deps, authOf(request), auditContext(request), request.body),
    );
    app.get(
      '/api/qualifications/goal',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '持证率（本单位及下级单位）',
          querystring: goalQuery,
          response: { 200: goalReportSchema },
        },
      },
      async (request) => goalReport(deps.db, authOf(request), request.query.orgUnitId),
    );
    app.put(
      '/api/qualifications/goal',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '设置持证率目标',
          body: setGoalBody,
          response: { 200: goalReportSchema },
        },
      },
      async (request) => setGoal(deps.db, authOf(request), auditContext(request), request.body),
    );
  };
}
