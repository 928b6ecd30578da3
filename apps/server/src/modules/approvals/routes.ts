// The approvals inbox (审批): what the caller may decide, what they submitted, one request with
// its history, and the decisions. Deciding needs the permission the request names (e.g.
// rule:approve) at or above its deciding unit, so the routes themselves only need a session.
import {
  approvalCommentBody,
  approvalDecisionBody,
  approvalDetail,
  approvalListQuery,
  approvalPage,
  approvalReturnBody,
  idParam,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { addComment, decide } from './service';
import { getApproval, listApprovals } from './view';

const tags = ['approvals'];

export function approvalRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/approvals',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary:
            '审批列表：box=decide（默认）本人可审批的，submitted 本人提交的，all 两者及本人可管理的',
          querystring: approvalListQuery,
          response: { 200: approvalPage },
        },
      },
      async (request) => listApprovals(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/approvals/:id',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '审批详情（含审批记录）',
          params: idParam,
          response: { 200: approvalDetail },
        },
      },
      async (request) => getApproval(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/approvals/:id/approve',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '审批通过（须持有申请所要求的权限，且不是提交人）',
          params: idParam,
          body: approvalDecisionBody,
          response: { 200: approvalDetail },
        },
      },
      async (request) =>
        decide(deps.db, authOf(request), auditContext(request), request.params.id, 'approve', {
          comment: request.body.comment ?? null,
          version: request.body.version,
        }),
    );
    app.post(
      '/api/approvals/:id/return',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '退回（须填写理由）',
          params: idParam,
          body: approvalReturnBody,
          response: { 200: approvalDetail },
        },
      },
      async (request) =>
        decide(deps.db, authOf(request), auditContext(request), request.params.id, 'return', {
          comment: request.body.comment,
          version: request.body.version,
        }),
    );
    app.post(
      '/api/approvals/:id/withdraw',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '撤回（提交人或该事项的管理者）',
          params: idParam,
          body: approvalDecisionBody,
          response: { 200: approvalDetail },
        },
      },
      async (request) =>
        decide(deps.db, authOf(request), auditContext(request), request.params.id, 'withdraw', {
          comment: request.body.comment ?? null,
          version: request.body.version,
        }),
    );
    app.post(
      '/api/approvals/:id/comments',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '添加审批意见',
          params: idParam,
          body: approvalCommentBody,
          response: { 200: approvalDetail },
        },
      },
      async (request) =>
        addComment(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.comment,
        ),
    );
  };
}
