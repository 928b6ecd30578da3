// Economic responsibility audits: thin routes over service.ts. Reads need econ_audit:read, changes
// econ_audit:manage; the audited person reads their own through /mine (self:read).
import {
  closeRectificationBody,
  createEconAuditBody,
  createFindingBody,
  createRectificationBody,
  econAuditDetail,
  econAuditListQuery,
  econAuditPage,
  econAuditStatusBody,
  idParam,
  myEconAudits,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import {
  addFinding,
  addRectification,
  changeStatus,
  closeRectification,
  createAudit,
  getAudit,
  listAudits,
  myAudits,
} from './service';

const tags = ['econ-audits'];

export function econAuditRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/econ-audits',
      {
        config: { permission: 'econ_audit:read' },
        schema: {
          tags,
          summary: '经济责任审计列表（本单位及下级）',
          querystring: econAuditListQuery,
          response: { 200: econAuditPage },
        },
      },
      async (request) => listAudits(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/econ-audits/mine',
      {
        config: { permission: 'self:read' },
        schema: {
          tags,
          summary: '本人作为被审计人的审计及发现的问题',
          response: { 200: myEconAudits },
        },
      },
      async (request) => ({ items: await myAudits(deps.db, authOf(request)) }),
    );
    app.get(
      '/api/econ-audits/:id',
      {
        config: { permission: 'econ_audit:read' },
        schema: {
          tags,
          summary: '经济责任审计详情（问题、整改、报告）',
          params: idParam,
          response: { 200: econAuditDetail },
        },
      },
      async (request) => getAudit(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/econ-audits',
      {
        config: { permission: 'econ_audit:manage' },
        schema: {
          tags,
          summary: '新建审计计划',
          body: createEconAuditBody,
          response: { 200: econAuditDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const id = await deps.db.transaction((tx) =>
          createAudit(tx, auth, auditContext(request), request.body),
        );
        return getAudit(deps.db, auth, id);
      },
    );
    app.post(
      '/api/econ-audits/:id/status',
      {
        config: { permission: 'econ_audit:manage' },
        schema: {
          tags,
          summary: '推进审计状态（实施 → 出具报告 → 办结；办结须整改全部完成）',
          params: idParam,
          body: econAuditStatusBody,
          response: { 200: econAuditDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await deps.db.transaction((tx) =>
          changeStatus(tx, auth, auditContext(request), request.params.id, request.body),
        );
        return getAudit(deps.db, auth, request.params.id);
      },
    );
    app.post(
      '/api/econ-audits/:id/findings',
      {
        config: { permission: 'econ_audit:manage' },
        schema: {
          tags,
          summary: '登记审计发现的问题',
          params: idParam,
          body: createFindingBody,
          response: { 200: econAuditDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await deps.db.transaction((tx) =>
          addFinding(tx, auth, auditContext(request), request.params.id, request.body),
        );
        return getAudit(deps.db, auth, request.params.id);
      },
    );
    app.post(
      '/api/econ-audits/:id/rectifications',
      {
        config: { permission: 'econ_audit:manage' },
        schema: {
          tags,
          summary: '添加整改事项（责任人、期限）',
          params: idParam,
          body: createRectificationBody,
          response: { 200: econAuditDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await deps.db.transaction((tx) =>
          addRectification(tx, auth, auditContext(request), request.params.id, request.body),
        );
        return getAudit(deps.db, auth, request.params.id);
      },
    );
    app.post(
      '/api/econ-audit-rectifications/:id/close',
      {
        config: { permission: 'econ_audit:manage' },
        schema: {
          tags,
          summary: '整改事项销号',
          params: idParam,
          body: closeRectificationBody,
          response: { 200: econAuditDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const auditId = await deps.db.transaction((tx) =>
          closeRectification(tx, auth, auditContext(request), request.params.id, request.body),
        );
        return getAudit(deps.db, auth, auditId);
      },
    );
  };
}
