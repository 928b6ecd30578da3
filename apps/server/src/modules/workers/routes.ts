import {
  attachmentInfo,
  createWorkerBody,
  historyEntry,
  idParam,
  replaceFamilyBody,
  replaceWorkHistoryBody,
  revealBody,
  transferWorkerBody,
  updateWorkerBody,
  workerDetail,
  workerListQuery,
  workerPage,
} from '@cwp/contracts';
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { workerAttachment } from '../../db/schema';
import { writeAudit } from '../../lib/audit';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { authOf } from '../../plugins/auth';
import { readStored, sniffType, storeFile } from './attachments';
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
          summary: '查看完整身份证号/手机号（留痕）',
          params: idParam,
          body: revealBody,
          response: {
            200: z.object({ idNumber: z.string().optional(), phone: z.string().optional() }),
          },
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
          summary: '上传附件（PDF/PNG/JPEG，multipart 字段 file，可选 kind）',
          params: idParam,
          response: { 200: attachmentInfo },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const row = await loadVisible(deps.db, auth, request.params.id);
        if (!inScope(auth, row.orgPath)) throw notFound();
        const file = await request.file({
          limits: { fileSize: deps.cfg.UPLOAD_LIMIT_BYTES, files: 1 },
        });
        if (!file) throw fieldError('file', '请选择要上传的文件');
        const buf = await file.toBuffer();
        const type = sniffType(buf);
        if (!type) throw fieldError('file', '只能上传 PDF、PNG 或 JPEG 文件（按文件内容识别）');
        const kindField = file.fields.kind;
        const kind =
          kindField && 'value' in kindField && typeof kindField.value === 'string'
            ? kindField.value.slice(0, 32)
            : 'other';
        const stored = await storeFile(deps.cfg.dataDir, buf);
        const fileName = (file.filename || `attachment.${type.ext}`)
          // eslint-disable-next-line no-control-regex -- strip control characters from file names
          .replace(/[\\/\u0000-\u001f]/g, '_')
          .slice(0, 200);
        const rowOut = await deps.db.transaction(async (tx) => {
          const [a] = await tx
            .insert(workerAttachment)
            .values({
              workerId: row.id,
              kind,
              fileName,
              mimeType: type.mime,
              size: buf.length,
              sha256: stored.sha256,
              storagePath: stored.storagePath,
              createdBy: auth.username,
            })
            .returning();
          if (!a) throw new AppError('INTERNAL');
          await writeAudit(tx, auditContext(request), [
            {
              action: 'worker.attachment.add',
              entityType: 'worker',
              entityId: row.id,
              orgPath: row.orgPath,
              changes: {
                attachmentId: a.id,
                fileName,
                kind,
                size: buf.length,
                sha256: stored.sha256,
              },
            },
          ]);
          return a;
        });
        return {
          id: rowOut.id,
          kind: rowOut.kind,
          fileName: rowOut.fileName,
          mimeType: rowOut.mimeType,
          size: rowOut.size,
          sha256: rowOut.sha256,
          createdAt: rowOut.createdAt.toISOString(),
        };
      },
    );
    app.get(
      '/api/workers/:id/attachments/:attachmentId',
      {
        // As for history: loadVisible allows the worker themself or a roster reader in scope.
        config: { permission: 'authenticated' },
        schema: { tags, summary: '下载附件', params: attachmentParams },
      },
      async (request, reply) => {
        const auth = authOf(request);
        await loadVisible(deps.db, auth, request.params.id);
        const [a] = await deps.db
          .select()
          .from(workerAttachment)
          .where(
            and(
              eq(workerAttachment.id, request.params.attachmentId),
              eq(workerAttachment.workerId, request.params.id),
            ),
          );
        if (!a) throw notFound();
        const buf = await readStored(deps.cfg.dataDir, a.storagePath, a.sha256);
        return reply
          .type(a.mimeType)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`,
          )
          .send(buf);
      },
    );
  };
}
