// Job status and files, for the job's owner only (another user's job answers 404).
import { idParam, jobView } from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../lib/context';
import { notFound } from '../../lib/errors';
import { authOf } from '../../plugins/auth';
import { loadOwnJob, presentJob, readJobFile } from './service';

const tags = ['jobs'];
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function jobRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/jobs/:id',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags,
          summary: '后台任务状态（进度、结果）',
          params: idParam,
          response: { 200: jobView },
        },
      },
      async (request) =>
        presentJob(await loadOwnJob(deps.db, authOf(request).userId, request.params.id)),
    );
    app.get(
      '/api/jobs/:id/error-report',
      {
        config: { permission: 'authenticated' },
        schema: { tags, summary: '下载导入错误报告（.xlsx，含错误原因列）', params: idParam },
      },
      async (request, reply) => {
        const row = await loadOwnJob(deps.db, authOf(request).userId, request.params.id);
        const file = await readJobFile(deps.pool, row.id, 'error_report');
        if (!file) throw notFound();
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('cache-control', 'no-store')
          .send(file.bytes);
      },
    );
  };
}
