// Assessment results endpoints: list (scoped), enter one, edit one, the import template and the
// import (validate or commit; any error writes nothing).
import {
  assessmentImportQuery,
  assessmentImportResult,
  assessmentListQuery,
  assessmentPage,
  assessmentView,
  createAssessmentBody,
  idParam,
  updateAssessmentBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, fieldError } from '../../lib/errors';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { XlsxError } from '../workers/excel/xlsx-read';
import { buildAssessmentTemplate, importAssessments } from './import';
import { createAssessment, listAssessments, updateAssessment } from './service';

const tags = ['assessments'];
const MAX_BYTES = 10 * 1024 * 1024;

export function assessmentRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/assessments',
      {
        config: { permission: 'assessment:read' },
        schema: {
          tags,
          summary: '考核结果列表（本级及下级人员）',
          querystring: assessmentListQuery,
          response: { 200: assessmentPage },
        },
      },
      async (request) => listAssessments(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/assessments',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '录入一名人员的年度考核结果',
          body: createAssessmentBody,
          response: { 200: assessmentView },
        },
      },
      async (request) =>
        createAssessment(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.patch(
      '/api/assessments/:id',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '修改考核结果（须带版本号）',
          params: idParam,
          body: updateAssessmentBody,
          response: { 200: assessmentView },
        },
      },
      async (request) =>
        updateAssessment(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.get(
      '/api/assessments/import-template',
      {
        config: { permission: 'assessment:manage' },
        schema: { tags, summary: '下载考核结果导入模板（.xlsx）' },
      },
      async (_request, reply) =>
        reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition('考核结果导入模板.xlsx'))
          .send(await buildAssessmentTemplate()),
    );
    app.post(
      '/api/assessments/import',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '导入考核结果（multipart 字段 file；任一行有错误则不写入，逐行报告错误）',
          querystring: assessmentImportQuery,
          response: { 200: assessmentImportResult },
        },
      },
      async (request) => {
        let buf: Buffer;
        try {
          const part = await request.file({ limits: { fileSize: MAX_BYTES, files: 1 } });
          if (!part) throw fieldError('file', '请选择要导入的 Excel 文件');
          buf = await part.toBuffer();
        } catch (err) {
          if (
            typeof err === 'object' &&
            err !== null &&
            'code' in err &&
            err.code === 'FST_REQ_FILE_TOO_LARGE'
          ) {
            throw new AppError(
              'PAYLOAD_TOO_LARGE',
              [{ path: 'file', message: '文件不能超过 10 MB' }],
              '导入文件超过 10 MB 上限',
            );
          }
          throw err;
        }
        if (buf.length === 0) throw fieldError('file', '上传的文件是空的');
        try {
          return await importAssessments(
            deps,
            authOf(request),
            auditContext(request),
            buf,
            request.query.mode,
          );
        } catch (err) {
          if (err instanceof XlsxError) throw fieldError('file', err.message);
          throw err;
        }
      },
    );
  };
}
