// Burden reduction: thin routes over service.ts. Reads need burden:read, changes burden:manage
// (the admission list only at district level or above, enforced in the service).
import {
  burdenFigures as burdenFiguresView,
  burdenFiguresQuery,
  burdenRequestListQuery,
  burdenRequestPage,
  burdenRequestView,
  createBurdenRequestBody,
  createTaskItemBody,
  idParam,
  taskItemListQuery,
  taskItemPage,
  taskItemView,
  updateTaskItemBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { exportBurdenXlsx } from './export';
import {
  burdenFigures,
  createTaskItem,
  getTaskItem,
  listRequests,
  listTaskItems,
  logRequest,
  updateTaskItem,
} from './service';

const tags = ['burden'];

export function burdenRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/burden/task-items',
      {
        config: { permission: 'burden:read' },
        schema: {
          tags,
          summary: '社区工作事项准入清单（上级清单及本辖区清单；可按社区取适用事项）',
          querystring: taskItemListQuery,
          response: { 200: taskItemPage },
        },
      },
      async (request) => listTaskItems(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/burden/task-items',
      {
        config: { permission: 'burden:manage' },
        schema: {
          tags,
          summary: '新增准入事项（区县及以上）',
          body: createTaskItemBody,
          response: { 200: taskItemView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const id = await deps.db.transaction((tx) =>
          createTaskItem(tx, auth, auditContext(request), request.body),
        );
        return getTaskItem(deps.db, auth, id);
      },
    );
    app.patch(
      '/api/burden/task-items/:id',
      {
        config: { permission: 'burden:manage' },
        schema: {
          tags,
          summary: '修改或停用准入事项',
          params: idParam,
          body: updateTaskItemBody,
          response: { 200: taskItemView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await deps.db.transaction((tx) =>
          updateTaskItem(tx, auth, auditContext(request), request.params.id, request.body),
        );
        return getTaskItem(deps.db, auth, request.params.id);
      },
    );
    app.get(
      '/api/burden/requests',
      {
        config: { permission: 'burden:read' },
        schema: {
          tags,
          summary: '向社区提出的事项登记（清单外事项标记）',
          querystring: burdenRequestListQuery,
          response: { 200: burdenRequestPage },
        },
      },
      async (request) => listRequests(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/burden/requests',
      {
        config: { permission: 'burden:manage' },
        schema: {
          tags,
          summary: '登记向社区提出的事项（不属于准入清单的自动标记）',
          body: createBurdenRequestBody,
          response: { 200: burdenRequestView },
        },
      },
      async (request) =>
        deps.db.transaction((tx) =>
          logRequest(tx, authOf(request), auditContext(request), request.body),
        ),
    );
    app.get(
      '/api/burden/figures',
      {
        config: { permission: 'burden:read' },
        schema: {
          tags,
          summary: '社区负担：按社区、按提出部门统计（事项数、预计工时）',
          querystring: burdenFiguresQuery,
          response: { 200: burdenFiguresView },
        },
      },
      async (request) => burdenFigures(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/burden/export',
      {
        config: { permission: 'burden:read' },
        schema: {
          tags,
          summary: '导出社区负担统计与明细（.xlsx）',
          querystring: burdenFiguresQuery,
        },
      },
      async (request, reply) => {
        const file = await exportBurdenXlsx(
          deps.db,
          authOf(request),
          auditContext(request),
          request.query,
        );
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('cache-control', 'no-store')
          .send(file.buffer);
      },
    );
  };
}
