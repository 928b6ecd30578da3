// Public recruitment pages' API (/api/public/recruitment): no login, so each route is declared
// `public` and rate-limited per client address. Answers are polite and never reveal another
// person's data: the status lookup needs both the ID number and the application code.
import rateLimit from '@fastify/rate-limit';
import {
  applyBody,
  applyResult,
  attachmentUploaded,
  idParam,
  publicPlanList,
  publicPlanView,
  statusLookupBody,
  statusLookupResult,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, fieldError } from '../../lib/errors';
import { addAttachment, apply, getPublicPlan, listPublicPlans, lookupStatus } from './applications';

const tags = ['recruitment-public'];
const MINUTE = 60_000;

const optionList = z.array(z.object({ code: z.string(), label: z.string() }));
const formOptions = z.object({
  ethnicity: optionList,
  politicalStatus: optionList,
  education: optionList,
  qualification: optionList,
});

function fieldValue(fields: Record<string, unknown>, name: string): string {
  const f = fields[name];
  return f && typeof f === 'object' && 'value' in f && typeof f.value === 'string' ? f.value : '';
}

export function publicRecruitmentRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const appDeps = { ...deps, dataDir: deps.cfg.dataDir };
  return async (app) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: () => new AppError('RATE_LIMITED'),
    });
    const limit = (max: number) => ({ max, timeWindow: MINUTE });

    app.get(
      '/api/public/recruitment/plans',
      {
        config: { permission: 'public', rateLimit: limit(120) },
        schema: { tags, summary: '正在发布的招聘公告', response: { 200: publicPlanList } },
      },
      async () => listPublicPlans(deps.db),
    );
    app.get(
      '/api/public/recruitment/plans/:id',
      {
        config: { permission: 'public', rateLimit: limit(120) },
        schema: {
          tags,
          summary: '招聘公告、岗位与条件、公示名单',
          params: idParam,
          response: { 200: publicPlanView },
        },
      },
      async (request) => getPublicPlan(deps.db, request.params.id),
    );
    app.get(
      '/api/public/recruitment/options',
      {
        config: { permission: 'public', rateLimit: limit(120) },
        schema: {
          tags,
          summary: '报名表的选项（民族、政治面貌、学历、职业资格）',
          response: { 200: formOptions },
        },
      },
      async (request) => {
        const en = /^en\b/i.test(String(request.headers['accept-language'] ?? ''));
        const of = async (code: string) =>
          ((await deps.dictionaries.get(code))?.items ?? [])
            .filter((i) => i.active)
            .map((i) => ({ code: i.code, label: en ? i.labelEn : i.labelZh }));
        return {
          ethnicity: await of('ethnicity'),
          politicalStatus: await of('political_status'),
          education: await of('education'),
          qualification: await of('social_work_qualification'),
        };
      },
    );
    app.post(
      '/api/public/recruitment/plans/:id/applications',
      {
        config: { permission: 'public', rateLimit: limit(10) },
        schema: {
          tags,
          summary: '在线报名（每人每个计划限报一次），返回报名编号',
          params: idParam,
          body: applyBody,
          response: { 200: applyResult },
        },
      },
      async (request) => apply(appDeps, auditContext(request), request.params.id, request.body),
    );
    app.post(
      '/api/public/recruitment/attachments',
      {
        config: { permission: 'public', rateLimit: limit(20) },
        schema: {
          tags,
          summary: '上传报名附件（multipart：idNumber、code 字段在前，file 在后；PDF/PNG/JPG）',
          response: { 200: attachmentUploaded },
        },
      },
      async (request) => {
        const file = await request.file({
          limits: { fileSize: deps.cfg.UPLOAD_LIMIT_BYTES, files: 1 },
        });
        if (!file) throw fieldError('file', '请选择要上传的文件');
        const who = statusLookupBody.safeParse({
          idNumber: fieldValue(file.fields, 'idNumber'),
          code: fieldValue(file.fields, 'code'),
        });
        if (!who.success) {
          throw new AppError(
            'VALIDATION_FAILED',
            who.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
          );
        }
        const buf = await file.toBuffer();
        return addAttachment(appDeps, auditContext(request), who.data, {
          fileName: file.filename,
          buf,
        });
      },
    );
    app.post(
      '/api/public/recruitment/status',
      {
        config: { permission: 'public', rateLimit: limit(20) },
        schema: {
          tags,
          summary: '凭身份证号和报名编号查询报名进度',
          body: statusLookupBody,
          response: { 200: statusLookupResult },
        },
      },
      async (request) => lookupStatus(appDeps, request.body),
    );
  };
}
