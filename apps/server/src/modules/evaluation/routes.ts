// Evaluation rounds (评估指导): thin routes over service.ts. Reading needs evaluation:read,
// creating, computing, entering values with evidence and finalizing need evaluation:manage.
import {
  createEvaluationRoundBody,
  enterEvaluationValueFields,
  evaluationRoundDetail,
  evaluationRoundListQuery,
  evaluationRoundPage,
  idParam,
  versionBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, fieldError } from '../../lib/errors';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { readStored, sniffType, storeFile } from '../workers/attachments';
import { exportRoundXlsx } from './export';
import {
  checkEnteredValue,
  computeRound,
  createRound,
  enterValue,
  evidenceOf,
  finalizeRound,
  getRound,
  listRounds,
} from './service';

const tags = ['evaluation'];
const read = { permission: 'evaluation:read' } as const;
const manage = { permission: 'evaluation:manage' } as const;
const evidenceQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive(),
  code: z.string().regex(/^[A-Za-z0-9_]{1,32}$/),
});

export function evaluationRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/evaluation/rounds',
      {
        config: read,
        schema: {
          tags,
          summary: '评估列表',
          querystring: evaluationRoundListQuery,
          response: { 200: evaluationRoundPage },
        },
      },
      async (request) => listRounds(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/evaluation/rounds',
      {
        config: manage,
        schema: {
          tags,
          summary: '发起评估（记录评估单位当年生效的评估指标体系版本）',
          body: createEvaluationRoundBody,
          response: { 200: evaluationRoundDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const id = await createRound(deps.db, auth, auditContext(request), request.body);
        return getRound(deps.db, auth, id);
      },
    );
    app.get(
      '/api/evaluation/rounds/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '评估详情：指标、各单位的值、得分与排名',
          params: idParam,
          response: { 200: evaluationRoundDetail },
        },
      },
      async (request) => getRound(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/evaluation/rounds/:id/compute',
      {
        config: manage,
        schema: {
          tags,
          summary: '计算（系统计算的指标取自实时数据，再计分排名；已定稿的不能重算）',
          params: idParam,
          body: versionBody,
          response: { 200: evaluationRoundDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await computeRound(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body.version,
        );
        return getRound(deps.db, auth, request.params.id);
      },
    );
    app.post(
      '/api/evaluation/rounds/:id/values',
      {
        config: manage,
        schema: {
          tags,
          summary:
            '填报指标值（multipart：version、orgUnitId、code、value、note，佐证材料 file 为 PDF/PNG/JPEG）',
          params: idParam,
          response: { 200: evaluationRoundDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const file = await request.file({
          limits: { fileSize: deps.cfg.UPLOAD_LIMIT_BYTES, files: 1 },
        });
        if (!file) throw fieldError('file', '请上传佐证材料');
        const raw: Record<string, string> = {};
        for (const [k, f] of Object.entries(file.fields)) {
          if (f && !Array.isArray(f) && 'value' in f && typeof f.value === 'string')
            raw[k] = f.value;
        }
        const parsed = enterEvaluationValueFields.safeParse(raw);
        if (!parsed.success) {
          throw new AppError(
            'VALIDATION_FAILED',
            parsed.error.issues.map((i) => ({
              path: i.path.map(String).join('.'),
              message: i.message,
            })),
          );
        }
        await checkEnteredValue(deps.db, auth, request.params.id, parsed.data);
        const buf = await file.toBuffer();
        if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE');
        const type = sniffType(buf);
        if (!type)
          throw fieldError('file', '佐证材料只能是 PDF、PNG 或 JPEG 文件（按文件内容识别）');
        const stored = await storeFile(deps.cfg.dataDir, buf);
        const fileName = (file.filename || `evidence.${type.ext}`)
          // eslint-disable-next-line no-control-regex -- strip control characters from file names
          .replace(/[\\/\u0000-\u001f]/g, '_')
          .slice(0, 200);
        await enterValue(deps.db, auth, auditContext(request), request.params.id, parsed.data, {
          fileName,
          mimeType: type.mime,
          size: buf.length,
          sha256: stored.sha256,
          storagePath: stored.storagePath,
        });
        return getRound(deps.db, auth, request.params.id);
      },
    );
    app.get(
      '/api/evaluation/rounds/:id/evidence',
      {
        config: read,
        schema: { tags, summary: '下载佐证材料', params: idParam, querystring: evidenceQuery },
      },
      async (request, reply) => {
        const e = await evidenceOf(
          deps.db,
          authOf(request),
          request.params.id,
          request.query.orgUnitId,
          request.query.code,
        );
        const buf = await readStored(deps.cfg.dataDir, e.storagePath, e.sha256);
        return reply
          .type(e.mimeType)
          .header('content-disposition', attachmentDisposition(e.fileName))
          .send(buf);
      },
    );
    app.post(
      '/api/evaluation/rounds/:id/finalize',
      {
        config: manage,
        schema: {
          tags,
          summary: '定稿（此后只读）',
          params: idParam,
          body: versionBody,
          response: { 200: evaluationRoundDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await finalizeRound(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body.version,
        );
        return getRound(deps.db, auth, request.params.id);
      },
    );
    app.get(
      '/api/evaluation/rounds/:id/export.xlsx',
      {
        config: read,
        schema: { tags, summary: '导出年度评估报告（.xlsx）', params: idParam },
      },
      async (request, reply) => {
        const file = await exportRoundXlsx(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
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
