import {
  attachmentInfo,
  createWorkerBody,
  historyEntry,
  idParam,
  replaceFamilyBody,
  replaceWorkHistoryBody,
  revealBody,
  revealedPii,
  transferWorkerBody,
  updateWorkerBody,
  workerDetail,
  workerListQuery,
  workerPage,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { authOf } from '../../plugins/auth';
import { addAttachment, openAttachment, readAttachmentUpload } from './attachments';
import { listWorkers } from './list';
import {
  createWorker,
  getWorker,
  loadVisible,
  replaceList,
  revealWorker,
  transferWorker,
  updateWorker,
  workerHistoryOf,
} from './service';

const tags = ['workers'];
const attachmentParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  attachmentId: z.coerce.number().int().positive(),
});

export function workerRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/workers',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '社区工作者花名册',
          querystring: workerListQuery,
          response: { 200: workerPage },
        },
      },
      async (request) =>
        listWorkers(deps.pool, authOf(request), deps.pii, request.query, deps.authCache),
    );
    app.get(
      '/api/workers/me',
      {
        config: { permission: 'self:read' },
        schema: { tags, summary: '本人档案', response: { 200: workerDetail } },
      },
      async (request) => {
        const auth = authOf(request);
        if (!auth.workerId) throw notFound();
        return getWorker(deps.db, auth, auth.workerId);
      },
    );
    app.post(
      '/api/workers',
      {
        config: { permission: 'worker:manage' },
        schema: {
          tags,
          summary: '新增社区工作者',
          body: createWorkerBody,
          response: { 200: workerDetail },
        },
      },
      async (request) => createWorker(deps, authOf(request), auditContext(request), request.body),
    );
    app.get(
      '/api/workers/:id',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '档案详情（敏感字段脱敏）',
          params: idParam,
          response: { 200: workerDetail },
        },
      },
      async (request) => getWorker(deps.db, authOf(request), request.params.id),
    );
    app.patch(
      '/api/workers/:id',
      {
        config: { permission: 'worker:manage' },
        schema: {
          tags,
          summary: '修改档案（须带 version）',
          params: idParam,
          body: updateWorkerBody,
          response: { 200: workerDetail },
        },
      },
      async (request) =>
        updateWorker(deps, authOf(request), auditContext(request), request.params.id, request.body),
    );
    app.post(
      '/api/workers/:id/transfer',
      {
        config: { permission: 'worker:manage' },
        schema: {
          tags,
          summary: '调动（保留历史）',
          params: idParam,
          body: transferWorkerBody,
          response: { 200: workerDetail },
        },
      },
      async (request) =>
        transferWorker(
          deps,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.post(
      '/api/workers/:id/reveal',
      {
        config: { permission: 'worker:pii' },
        schema: {
          tags,
          summary: '查看完整身份证号、手机号或家庭成员（留痕）',
          params: idParam,
          body: revealBody,
          response: { 200: revealedPii },
        },
      },
      async (request) =>
        revealWorker(
          deps,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.fields,
        ),
    );
    app.get(
      '/api/workers/:id/history',
      {
        // A worker reads their own history; loadVisible requires worker:read for anyone else.
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '单位、岗位、等级、状态变动历史',
          params: idParam,
          querystring: z.strictObject({
            kind: z.enum(['unit', 'post', 'grade', 'status']).optional(),
          }),
          response: { 200: z.array(historyEntry) },
        },
      },
      async (request) =>
        workerHistoryOf(deps.db, authOf(request), request.params.id, request.query.kind),
    );
    app.put(
      '/api/workers/:id/work-history',
      {
        config: { permission: 'worker:manage' },
        schema: {
          tags,
          summary: '替换工作经历',
          params: idParam,
          body: replaceWorkHistoryBody,
          response: { 200: workerDetail },
        },
      },
      async (request) =>
        replaceList(
          deps,
          authOf(request),
          auditContext(request),
          request.params.id,
          'work_history',
          request.body.version,
          request.body.items,
        ),
    );
    app.put(
      '/api/workers/:id/family',
      {
        config: { permission: 'worker:pii' },
        schema: {
          tags,
          summary: '替换家庭成员（敏感信息）',
          params: idParam,
          body: replaceFamilyBody,
          response: { 200: workerDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        if (!auth.permissions.has('worker:manage')) throw new AppError('FORBIDDEN');
        return replaceList(
          deps,
          auth,
          auditContext(request),
          request.params.id,
          'family',
          request.body.version,
          request.body.items,
        );
      },
    );
    app.post(
      '/api/workers/:id/attachments',
      {
        config: { permission: 'worker:manage' },
        schema: {
          tags,
          summary: '上传附件（PDF/PNG/JPEG，multipart 字段 kind 在前、file 在后；kind 取固定类型）',
          params: idParam,
          response: { 200: attachmentInfo },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const row = await loadVisible(deps.db, auth, request.params.id);
        if (!inScope(auth, row.orgPath)) throw notFound();
        const upload = await readAttachmentUpload(request, deps.cfg.UPLOAD_LIMIT_BYTES);
        return addAttachment(deps.db, deps.cfg.dataDir, auth, auditContext(request), row, upload);
      },
    );
    app.get(
      '/api/workers/:id/attachments/:attachmentId',
      {
        // As for history: loadVisible allows the worker themself or a roster reader in scope;
        // openAttachment also requires worker:pii for personal documents and audits the download.
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '下载附件（个人证件类须有敏感信息权限，留痕）',
          params: attachmentParams,
        },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const row = await loadVisible(deps.db, auth, request.params.id);
        const a = await openAttachment(
          deps.db,
          deps.cfg.dataDir,
          auth,
          auditContext(request),
          request.log,
          row,
          request.params.attachmentId,
        );
        return reply
          .type(a.mimeType)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
          )
          .send(a.buffer);
      },
    );
  };
}
