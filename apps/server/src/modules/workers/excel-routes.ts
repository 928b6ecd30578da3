// Worker spreadsheets: the import template, the import (a background job: validate, or commit all
// rows in one transaction), and the roster export streamed as .xlsx.
import { PassThrough } from 'node:stream';
import {
  jobCreated,
  workerExportQuery,
  workerImportQuery,
  type WorkerImportQuery,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../lib/context';
import { auditContext } from '../../lib/context';
import { AppError, fieldError } from '../../lib/errors';
import { authOf } from '../../plugins/auth';
import { postgresCode } from '../../plugins/errors';
import { JobFailure, type JobRunner } from '../jobs/runner';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { deleteJobFile, enqueueJob, readJobFile, storeJobFile } from '../jobs/service';
import { prepareExport, runExport } from './excel/export';
import { IMPORT_LIMITS, runWorkerImport } from './excel/import';
import { buildImportTemplate } from './excel/template';
import { inspectXlsx, XlsxError } from './excel/xlsx-read';
import { todayIso } from './mapping';

const tags = ['workers'];
export const WORKER_IMPORT_JOB = 'worker.import';
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;

/** What the job needs from the request that started it (the job may run on another instance). */
const importPayload = z.object({
  mode: z.enum(['validate', 'commit']),
  onExisting: z.enum(['error', 'update']),
  fileName: z.string(),
  actor: z.object({ userId: z.number(), username: z.string(), orgPath: z.string() }),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});

function fileTooLarge(): AppError {
  return new AppError(
    'PAYLOAD_TOO_LARGE',
    [{ path: 'file', message: '文件不能超过 50 MB' }],
    '导入文件超过 50 MB 上限，请拆分后分批导入',
  );
}

// eslint-disable-next-line no-control-regex -- strip control characters from file names
const UNSAFE_NAME_CHARS = /[\\/\u0000-\u001f]/g;

function safeFileName(name: string | undefined): string {
  return (name || 'import.xlsx').replace(UNSAFE_NAME_CHARS, '_').slice(0, 200);
}

function isFileTooLarge(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    err.code === 'FST_REQ_FILE_TOO_LARGE'
  );
}

export function registerWorkerImportJob(deps: AppDeps, runner: JobRunner): void {
  runner.register(WORKER_IMPORT_JOB, async (ctx) => {
    const payload = importPayload.parse(ctx.job.payload);
    const file = await readJobFile(deps.pool, ctx.job.id, 'upload');
    if (!file) throw new JobFailure('上传的文件已不存在，请重新上传');
    try {
      const { result, errorReport } = await runWorkerImport(deps, file.bytes, {
        jobId: ctx.job.id,
        mode: payload.mode,
        onExisting: payload.onExisting,
        fileName: payload.fileName,
        sha256: file.sha256,
        actor: payload.actor,
        audit: {
          actorId: payload.actor.userId,
          actorName: payload.actor.username,
          requestId: payload.requestId,
          ip: payload.ip,
        },
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(p),
      });
      if (errorReport)
        await storeJobFile(
          deps.db,
          ctx.job.id,
          'error_report',
          `导入错误报告-${todayIso()}-${ctx.job.id}.xlsx`,
          errorReport,
        );
      await deleteJobFile(deps.db, ctx.job.id, 'upload');
      return result;
    } catch (err) {
      if (err instanceof XlsxError) {
        await deleteJobFile(deps.db, ctx.job.id, 'upload');
        throw new JobFailure(err.message);
      }
      if (postgresCode(err) === '23505') {
        // Someone registered one of the file's ID numbers after our check and before our insert.
        throw new JobFailure(
          '导入期间有其他用户登记了文件中的身份证号，本次导入已全部撤销；请重新校验后再导入',
        );
      }
      throw err;
    }
  });
}

export function workerExcelRoutes(deps: AppDeps & { jobs: JobRunner }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/workers/import-template',
      {
        config: { permission: 'worker:import' },
        schema: { tags, summary: '下载社区工作者导入模板（.xlsx）' },
      },
      async (_request, reply) => {
        const buf = await buildImportTemplate(await deps.dictionaries.all());
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition('社区工作者导入模板.xlsx'))
          .header('cache-control', 'no-store')
          .send(buf);
      },
    );

    app.post(
      '/api/workers/import',
      {
        config: { permission: 'worker:import' },
        schema: {
          tags,
          summary: '导入社区工作者（multipart 字段 file；后台任务，返回 jobId）',
          querystring: workerImportQuery,
          response: { 200: jobCreated },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const q: WorkerImportQuery = request.query;
        let buf: Buffer;
        let fileName: string;
        try {
          const part = await request.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
          if (!part) throw fieldError('file', '请选择要导入的 Excel 文件');
          buf = await part.toBuffer();
          fileName = safeFileName(part.filename);
        } catch (err) {
          if (isFileTooLarge(err)) throw fileTooLarge();
          throw err;
        }
        if (buf.length === 0) throw fieldError('file', '上传的文件是空的');
        try {
          await inspectXlsx(buf, IMPORT_LIMITS);
        } catch (err) {
          if (err instanceof XlsxError)
            throw new AppError(
              'VALIDATION_FAILED',
              [{ path: 'file', message: err.message }],
              err.message,
            );
          throw err;
        }
        const audit = auditContext(request);
        const jobId = await enqueueJob(deps.db, {
          kind: WORKER_IMPORT_JOB,
          createdBy: auth.userId,
          payload: {
            mode: q.mode,
            onExisting: q.onExisting,
            fileName,
            actor: { userId: auth.userId, username: auth.username, orgPath: auth.orgPath },
            requestId: audit.requestId,
            ip: audit.ip,
          } satisfies z.infer<typeof importPayload>,
          file: { name: fileName, bytes: buf },
        });
        deps.jobs.kick();
        return { jobId };
      },
    );

    app.get(
      '/api/workers/export',
      {
        config: { permission: 'worker:export' },
        schema: {
          tags,
          summary: '导出花名册（.xlsx，筛选条件同花名册；无敏感信息权限时身份证号、手机号脱敏）',
          querystring: workerExportQuery,
        },
      },
      async (request, reply) => {
        const prepared = await prepareExport(deps, authOf(request), request.query);
        const out = new PassThrough();
        const aborted = new AbortController();
        reply.raw.on('close', () => {
          if (reply.raw.writableFinished) return;
          // The client went away: stop reading, and wake a writer waiting for 'drain'.
          aborted.abort();
          out.destroy();
        });
        runExport(deps, prepared, auditContext(request), out, aborted.signal)
          .then((r) => {
            if (!r.completed) out.destroy();
          })
          .catch((err: unknown) => {
            request.log.error({ err }, 'worker export failed');
            out.destroy(err instanceof Error ? err : new Error(String(err)));
          });
        return reply
          .type(XLSX_MIME)
          .header(
            'content-disposition',
            attachmentDisposition(`社区工作者花名册-${todayIso().replaceAll('-', '')}.xlsx`),
          )
          .header('cache-control', 'no-store')
          .send(out);
      },
    );
  };
}
