// Survey API for organisers (/api/surveys): campaigns of the caller's subtree, their questions and
// workers, code batches for printing, results with flags and the .xlsx export. survey:manage on
// every route; records outside the caller's subtree answer 404. Results first mix the campaign's
// pending ballots when it is due (mixer.ts): all of them once it no longer takes answers, only
// a full batch while it is open; closing a campaign mixes what is pending.
import {
  createSurveyCampaignBody,
  generateCodesBody,
  generatedCodes,
  idParam,
  surveyCampaignList,
  surveyCampaignQuery,
  surveyCampaignView,
  surveyResults,
  surveyStatusBody,
  updateSurveyCampaignBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { writeAudit } from '../../lib/audit';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import {
  campaignInScope,
  campaignWorkers,
  codeHasher,
  createCampaign,
  generateCodes,
  getCampaign,
  listCampaigns,
  setCampaignStatus,
  updateCampaign,
} from './campaigns';
import { flushCampaign } from './mixer';
import { campaignResults, resultsWorkbook } from './results';

const tags = ['surveys'];

export function surveyRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const hash = codeHasher(deps.cfg.pii.current);
  return async (app) => {
    const resultsOf = async (auth: ReturnType<typeof authOf>, id: number) => {
      const row = await campaignInScope(deps.db, auth, id);
      await flushCampaign(deps.pool, id);
      const workers = await campaignWorkers(deps.db, id);
      return { row, results: await campaignResults(deps.db, row, workers) };
    };

    app.get(
      '/api/surveys',
      {
        config: { permission: 'survey:manage' },
        schema: {
          tags,
          summary: '满意度测评活动列表（本级及下级，按编号倒序翻页）',
          querystring: surveyCampaignQuery,
          response: { 200: surveyCampaignList },
        },
      },
      async (request) => listCampaigns(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/surveys',
      {
        config: { permission: 'survey:manage' },
        schema: {
          tags,
          summary: '新建社区满意度测评（题目、参评人员、起止日期、最低样本规则）',
          body: createSurveyCampaignBody,
          response: { 200: surveyCampaignView },
        },
      },
      async (request) =>
        createCampaign(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.get(
      '/api/surveys/:id',
      {
        config: { permission: 'survey:manage' },
        schema: {
          tags,
          summary: '测评详情',
          params: idParam,
          response: { 200: surveyCampaignView },
        },
      },
      async (request) => getCampaign(deps.db, authOf(request), request.params.id),
    );
    app.put(
      '/api/surveys/:id',
      {
        config: { permission: 'survey:manage' },
        schema: {
          tags,
          summary: '修改测评（仅草稿）',
          params: idParam,
          body: updateSurveyCampaignBody,
          response: { 200: surveyCampaignView },
        },
      },
      async (request) =>
        updateCampaign(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.post(
      '/api/surveys/:id/status',
      {
        config: { permission: 'survey:manage' },
        schema: {
          tags,
          summary: '开始、结束、重新开始或公布测评',
          params: idParam,
          body: surveyStatusBody,
          response: { 200: surveyCampaignView },
        },
      },
      async (request) => {
        const view = await setCampaignStatus(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        );
        if (view.status !== 'open') {
          // The campaign no longer takes answers: mix what is pending now. A failure here leaves
          // the ballots to the next survey.mix job (or the next results request).
          await flushCampaign(deps.pool, view.id).catch((err: unknown) =>
            request.log.error({ err, campaignId: view.id }, 'survey mix after closing failed'),
          );
        }
        return view;
      },
    );
    app.post(
      '/api/surveys/:id/codes',
      {
        config: { permission: 'survey:manage' },
        schema: {
          tags,
          summary: '生成一批入户测评码（明文只在本次返回，用于打印；服务器只保存密钥散列）',
          params: idParam,
          body: generateCodesBody,
          response: { 200: generatedCodes },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return generateCodes(
          deps.db,
          authOf(request),
          auditContext(request),
          hash,
          request.params.id,
          request.body,
        );
      },
    );
    app.get(
      '/api/surveys/:id/results',
      {
        config: { permission: 'survey:manage' },
        schema: {
          tags,
          summary: '测评结果：社区团队与每位社区工作者的满意率、样本规则检查、异常提示',
          params: idParam,
          response: { 200: surveyResults },
        },
      },
      async (request) => (await resultsOf(authOf(request), request.params.id)).results,
    );
    app.get(
      '/api/surveys/:id/results.xlsx',
      {
        config: { permission: 'survey:manage' },
        schema: { tags, summary: '导出测评结果（.xlsx）', params: idParam },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const { row, results } = await resultsOf(auth, request.params.id);
        const buf = await resultsWorkbook(row.title, row.questions, results);
        await writeAudit(deps.db, auditContext(request), [
          {
            action: 'survey.export',
            entityType: 'survey_campaign',
            entityId: request.params.id,
            orgPath: row.org_path,
          },
        ]);
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition(`测评结果-${row.title}.xlsx`))
          .header('cache-control', 'no-store')
          .send(buf);
      },
    );
  };
}
