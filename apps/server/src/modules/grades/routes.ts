// Post-grade ladder endpoints: initial grading (propose for a worker or a candidate), the annual
// review (start, list, read, proposals, exclude/adjust, submit, discard, export) and single grade
// changes (manual adjustment or initial grading, through approval).
import {
  createGradeChangeBody,
  createGradeReviewBody,
  gradeChangeListQuery,
  gradeChangePage,
  gradeChangeView,
  gradeProposalPage,
  gradeProposalQuery,
  gradeProposalView,
  gradeReviewListQuery,
  gradeReviewPage,
  gradeReviewView,
  idParam,
  initialGradePreviewBody,
  initialGradeQuery,
  initialGradeView,
  reviewVersionBody,
  reviewWorkerParams,
  updateProposalBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { fieldError } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import type { JobRunner } from '../jobs/runner';
import { todayIso } from '../workers/mapping';
import {
  createGradeChange,
  getGradeChange,
  listGradeChanges,
  proposeInitialGrade,
} from './changes';
import { exportProposals } from './export';
import { computeInitialGrade } from './initial';
import {
  discardReview,
  getReview,
  listProposals,
  listReviews,
  startReview,
  submitReview,
  updateProposal,
} from './reviews';
import { sql } from 'drizzle-orm';

const tags = ['grades'];

export function gradeRoutes(deps: AppDeps & { jobs: JobRunner }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/grades/workers/:id/initial',
      {
        config: { permission: 'grade:read' },
        schema: {
          tags,
          summary: '按适用的岗位等级规则计算该人员的起始等级（不写入，附计算说明与规则版本）',
          params: idParam,
          querystring: initialGradeQuery,
          response: { 200: initialGradeView },
        },
      },
      async (request) =>
        proposeInitialGrade(deps.db, authOf(request), request.params.id, request.query.onDate),
    );
    app.post(
      '/api/grades/initial/preview',
      {
        config: { permission: 'grade:read' },
        schema: {
          tags,
          summary: '按单位适用的岗位等级规则试算起始等级（如聘用前），不写入',
          body: initialGradePreviewBody,
          response: { 200: initialGradeView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const b = request.body;
        const { rows } = await deps.db.execute<{ path: string }>(
          sql`select path from org_unit where id = ${b.orgUnitId}`,
        );
        const path = rows[0]?.path;
        if (!path || !inScope(auth, path)) throw fieldError('orgUnitId', '单位不存在或无权访问');
        const onDate = b.onDate ?? todayIso();
        const r = await computeInitialGrade(deps.db, {
          orgUnitId: b.orgUnitId,
          post: b.post,
          workStartDate: b.workStartDate,
          education: b.education ?? null,
          qualification: b.qualification ?? null,
          onDate,
        });
        return { workerId: null, currentGrade: null, onDate, ...r };
      },
    );

    app.get(
      '/api/grades/reviews',
      {
        config: { permission: 'grade:read' },
        schema: {
          tags,
          summary: '晋级评审列表（本级及下级）',
          querystring: gradeReviewListQuery,
          response: { 200: gradeReviewPage },
        },
      },
      async (request) => listReviews(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/grades/reviews',
      {
        config: { permission: 'grade:manage' },
        schema: {
          tags,
          summary:
            '发起年度晋级评审（后台计算每名人员的晋级建议及理由；同一单位同一年度只能有一次）',
          body: createGradeReviewBody,
          response: { 200: gradeReviewView },
        },
      },
      async (request) =>
        startReview(
          { db: deps.db, jobs: deps.jobs },
          authOf(request),
          auditContext(request),
          request.body,
        ),
    );
    app.get(
      '/api/grades/reviews/:id',
      {
        config: { permission: 'grade:read' },
        schema: {
          tags,
          summary: '晋级评审详情（计算进度、汇总、所用规则版本）',
          params: idParam,
          response: { 200: gradeReviewView },
        },
      },
      async (request) => getReview(deps.db, authOf(request), request.params.id),
    );
    app.get(
      '/api/grades/reviews/:id/proposals',
      {
        config: { permission: 'grade:read' },
        schema: {
          tags,
          summary: '晋级建议列表（按结果筛选，附理由；按人员编号分页）',
          params: idParam,
          querystring: gradeProposalQuery,
          response: { 200: gradeProposalPage },
        },
      },
      async (request) => listProposals(deps.db, authOf(request), request.params.id, request.query),
    );
    app.patch(
      '/api/grades/reviews/:id/proposals/:workerId',
      {
        config: { permission: 'grade:manage' },
        schema: {
          tags,
          summary: '排除或调整一名人员的晋级建议（须填写理由）',
          params: reviewWorkerParams,
          body: updateProposalBody,
          response: { 200: gradeProposalView },
        },
      },
      async (request) =>
        updateProposal(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.params.workerId,
          request.body,
        ),
    );
    app.post(
      '/api/grades/reviews/:id/submit',
      {
        config: { permission: 'grade:manage' },
        schema: {
          tags,
          summary: '提交晋级评审审批（通过后一次性生效）',
          params: idParam,
          body: reviewVersionBody,
          response: { 200: gradeReviewView },
        },
      },
      async (request) =>
        submitReview(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.post(
      '/api/grades/reviews/:id/discard',
      {
        config: { permission: 'grade:manage' },
        schema: {
          tags,
          summary: '作废未提交或被退回的晋级评审',
          params: idParam,
          body: reviewVersionBody,
          response: { 200: gradeReviewView },
        },
      },
      async (request) =>
        discardReview(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.get(
      '/api/grades/reviews/:id/export',
      {
        config: { permission: 'grade:read' },
        schema: { tags, summary: '导出晋级建议（.xlsx）', params: idParam },
      },
      async (request, reply) => {
        const file = await exportProposals(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
        );
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('cache-control', 'no-store')
          .send(file.bytes);
      },
    );

    app.get(
      '/api/grades/changes',
      {
        config: { permission: 'grade:read' },
        schema: {
          tags,
          summary: '等级调整与定级记录',
          querystring: gradeChangeListQuery,
          response: { 200: gradeChangePage },
        },
      },
      async (request) => listGradeChanges(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/grades/changes/:id',
      {
        config: { permission: 'grade:read' },
        schema: {
          tags,
          summary: '一次等级调整或定级的详情',
          params: idParam,
          response: { 200: gradeChangeView },
        },
      },
      async (request) => getGradeChange(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/grades/changes',
      {
        config: { permission: 'grade:manage' },
        schema: {
          tags,
          summary: '申请调整一名人员的等级或为其定级（须填写理由，审批通过后生效）',
          body: createGradeChangeBody,
          response: { 200: gradeChangeView },
        },
      },
      async (request) =>
        createGradeChange(deps.db, authOf(request), auditContext(request), request.body),
    );
  };
}
