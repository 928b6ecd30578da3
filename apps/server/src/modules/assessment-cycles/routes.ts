// Assessment cycle endpoints (the scheme is a rule set, edited in the rule-set module): cycles, entries, scores (JSON and Excel), source data,
// compute, adjust, submit, publish, appeals, final, effect proposals, and the worker's own page.
// Source data (satisfaction, absence) is entered on the screen or imported from an .xlsx template.
import {
  adjustCycleEntryBody,
  assessmentAppealBody,
  assessmentEffectListQuery,
  assessmentEffectPage,
  assessmentEffectView,
  assessmentImportQuery,
  createCycleBody,
  cycleAppealReplyBody,
  cycleCountResult,
  cycleEntryListQuery,
  cycleEntryPage,
  cycleInputImportResult,
  cycleInputListQuery,
  cycleInputPage,
  cycleInputsBody,
  cycleListQuery,
  cyclePage,
  cycleScoreImportResult,
  cycleScoresBody,
  cycleVersionBody,
  cycleView,
  cycleWorkerParams,
  decideAssessmentEffectBody,
  idParam,
  myAssessmentList,
  okResponse,
  selfAssessmentBody,
} from '@cwp/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, fieldError } from '../../lib/errors';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { XlsxError } from '../workers/excel/xlsx-read';
import { getCycle, listCycles, openCycle } from './cycles';
import { decideEffect, listEffects } from './effects';
import { buildScoreTemplate, importScores } from './excel';
import {
  adjustEntry,
  computeCycle,
  listEntries,
  listInputs,
  saveInputs,
  saveScores,
} from './entries';
import { buildInputsTemplate, importInputs } from './inputs-excel';
import { defaultProviders, type CycleSourceProviders } from './inputs';
import { myAssessments, submitAppeal, submitSelfAssessment } from './self';
import { finalizeCycle, publishCycle, replyAppeal, submitCycle } from './workflow';

const tags = ['assessment-cycles'];
const MAX_BYTES = 10 * 1024 * 1024;

/** The multipart `file` of an import (10 MB at most, not empty). */
async function uploadedFile(request: FastifyRequest): Promise<Buffer> {
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
  return buf;
}

export function assessmentCycleRoutes(
  deps: AppDeps,
  providers: CycleSourceProviders = defaultProviders,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/assessment-cycles',
      {
        config: { permission: 'assessment:read' },
        schema: {
          tags,
          summary: '考核周期列表',
          querystring: cycleListQuery,
          response: { 200: cyclePage },
        },
      },
      async (request) => listCycles(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/assessment-cycles',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '为一个单位开启考核',
          body: createCycleBody,
          response: { 200: cycleView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const id = await openCycle(deps.db, auth, auditContext(request), request.body);
        return getCycle(deps.db, auth, id);
      },
    );
    app.get(
      '/api/assessment-cycles/:id',
      {
        config: { permission: 'assessment:read' },
        schema: { tags, summary: '一次考核', params: idParam, response: { 200: cycleView } },
      },
      async (request) => getCycle(deps.db, authOf(request), request.params.id),
    );
    app.get(
      '/api/assessment-cycles/:id/entries',
      {
        config: { permission: 'assessment:read' },
        schema: {
          tags,
          summary: '考核人员、计算结果与理由',
          params: idParam,
          querystring: cycleEntryListQuery,
          response: { 200: cycleEntryPage },
        },
      },
      async (request) => listEntries(deps.db, authOf(request), request.params.id, request.query),
    );
    app.post(
      '/api/assessment-cycles/:id/scores',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '录入考核组或同事评分',
          params: idParam,
          body: cycleScoresBody,
          response: { 200: cycleCountResult },
        },
      },
      async (request) => ({
        count: await saveScores(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.items,
        ),
      }),
    );
    app.get(
      '/api/assessment-cycles/:id/scores/template',
      {
        config: { permission: 'assessment:manage' },
        schema: { tags, summary: '下载评分导入模板（.xlsx，列出本次考核人员）', params: idParam },
      },
      async (request, reply) =>
        reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition('考核评分导入模板.xlsx'))
          .send(await buildScoreTemplate(deps.db, authOf(request), request.params.id)),
    );
    app.post(
      '/api/assessment-cycles/:id/scores/import',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '导入评分（multipart 字段 file；任一行有错误则不写入）',
          params: idParam,
          querystring: assessmentImportQuery,
          response: { 200: cycleScoreImportResult },
        },
      },
      async (request) => {
        const buf = await uploadedFile(request);
        try {
          return await importScores(
            deps.db,
            authOf(request),
            auditContext(request),
            request.params.id,
            buf,
            request.query.mode,
          );
        } catch (err) {
          if (err instanceof XlsxError) throw fieldError('file', err.message);
          throw err;
        }
      },
    );
    app.post(
      '/api/assessment-cycles/:id/inputs',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '录入满意度或无故缺勤天数（优先于测评与考勤模块的数据）',
          params: idParam,
          body: cycleInputsBody,
          response: { 200: cycleCountResult },
        },
      },
      async (request) => ({
        count: await saveInputs(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.items,
        ),
      }),
    );
    app.get(
      '/api/assessment-cycles/:id/inputs',
      {
        config: { permission: 'assessment:read' },
        schema: {
          tags,
          summary: '人员的满意度与无故缺勤天数（当前数值及来源）',
          params: idParam,
          querystring: cycleInputListQuery,
          response: { 200: cycleInputPage },
        },
      },
      async (request) =>
        listInputs(deps.db, authOf(request), providers, request.params.id, request.query),
    );
    app.get(
      '/api/assessment-cycles/:id/inputs/template',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '下载满意度与缺勤导入模板（.xlsx，列出本次考核人员及当前数值、来源）',
          params: idParam,
        },
      },
      async (request, reply) =>
        reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition('满意度与缺勤导入模板.xlsx'))
          .send(await buildInputsTemplate(deps.db, authOf(request), providers, request.params.id)),
    );
    app.post(
      '/api/assessment-cycles/:id/inputs/import',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary:
            '导入满意度与无故缺勤天数（multipart 字段 file；与下载时相同的数值不变，清空即撤销本期录入；任一行有错误则不写入）',
          params: idParam,
          querystring: assessmentImportQuery,
          response: { 200: cycleInputImportResult },
        },
      },
      async (request) => {
        const buf = await uploadedFile(request);
        try {
          return await importInputs(
            deps.db,
            authOf(request),
            auditContext(request),
            providers,
            request.params.id,
            buf,
            request.query.mode,
          );
        } catch (err) {
          if (err instanceof XlsxError) throw fieldError('file', err.message);
          throw err;
        }
      },
    );
    app.post(
      '/api/assessment-cycles/:id/compute',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '按考核方案计算建议等次与理由',
          params: idParam,
          body: cycleVersionBody,
          response: { 200: cycleView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await computeCycle(
          deps.db,
          auth,
          auditContext(request),
          providers,
          request.params.id,
          request.body.version,
        );
        return getCycle(deps.db, auth, request.params.id);
      },
    );
    app.patch(
      '/api/assessment-cycles/:id/entries/:workerId',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '调整一名人员的等次（须写明理由）',
          params: cycleWorkerParams,
          body: adjustCycleEntryBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await adjustEntry(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.params.workerId,
          request.body,
        );
        return { ok: true as const };
      },
    );
    app.post(
      '/api/assessment-cycles/:id/submit',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '提交审批',
          params: idParam,
          body: cycleVersionBody,
          response: { 200: cycleView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await submitCycle(deps.db, auth, auditContext(request), request.params.id, request.body);
        return getCycle(deps.db, auth, request.params.id);
      },
    );
    app.post(
      '/api/assessment-cycles/:id/publish',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '向人员公示结果，开始申诉期',
          params: idParam,
          body: cycleVersionBody,
          response: { 200: cycleView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await publishCycle(deps.db, auth, auditContext(request), request.params.id, request.body);
        return getCycle(deps.db, auth, request.params.id);
      },
    );
    app.post(
      '/api/assessment-cycles/:id/entries/:workerId/appeal-reply',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '答复申诉（等次不变即维持原结果）',
          params: cycleWorkerParams,
          body: cycleAppealReplyBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await replyAppeal(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.params.workerId,
          request.body,
        );
        return { ok: true as const };
      },
    );
    app.post(
      '/api/assessment-cycles/:id/finalize',
      {
        config: { permission: 'assessment:manage' },
        schema: {
          tags,
          summary: '定档：写入考核结果并生成结果运用建议',
          params: idParam,
          body: cycleVersionBody,
          response: { 200: cycleView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await finalizeCycle(deps.db, auth, auditContext(request), request.params.id, request.body);
        return getCycle(deps.db, auth, request.params.id);
      },
    );
    app.get(
      '/api/assessment-effects',
      {
        config: { permission: 'assessment:read' },
        schema: {
          tags,
          summary: '考核结果运用建议（晋级、绩效档次、合同）',
          querystring: assessmentEffectListQuery,
          response: { 200: assessmentEffectPage },
        },
      },
      async (request) => listEffects(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/assessment-effects/:id/decide',
      {
        config: { permission: 'assessment:approve' },
        schema: {
          tags,
          summary: '审批一条结果运用建议',
          params: idParam,
          body: decideAssessmentEffectBody,
          response: { 200: assessmentEffectView },
        },
      },
      async (request) =>
        decideEffect(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.get(
      '/api/me/assessments',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '本人的考核（自评、公示结果、申诉）',
          response: { 200: myAssessmentList },
        },
      },
      async (request) => ({ items: await myAssessments(deps.db, authOf(request)) }),
    );
    app.post(
      '/api/me/assessments/:id/self-assessment',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '提交个人总结（自评）',
          params: idParam,
          body: selfAssessmentBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await submitSelfAssessment(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.summary,
        );
        return { ok: true as const };
      },
    );
    app.post(
      '/api/me/assessments/:id/appeal',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '对公示的考核结果提出申诉（申诉期内）',
          params: idParam,
          body: assessmentAppealBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await submitAppeal(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.text,
        );
        return { ok: true as const };
      },
    );
  };
}
