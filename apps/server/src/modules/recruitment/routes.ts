// Recruitment API for HR officers and approvers (/api/recruitment): plans, applications and
// review, scores and ranking, medical/background, notice and objections, hires. Thin routes:
// validate → authorize (route permission + scope in the service) → service → present.
import {
  applicationListQuery,
  applicationPage,
  applicationView,
  checkBody,
  createPlanBody,
  handleObjectionBody,
  hireBody,
  hireDecisionBody,
  hireReturnBody,
  hireView,
  idParam,
  noticeBody,
  objectionBody,
  objectionView,
  planActionBody,
  planListQuery,
  planPage,
  planReturnBody,
  planView,
  rankingView,
  reviewBody,
  scoreImportResult,
  scoresBody,
  updatePlanBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { fieldError } from '../../lib/errors';
import { authOf } from '../../plugins/auth';
import { readStored } from '../workers/attachments';
import { todayIso } from '../workers/mapping';
import { attachmentOf, getApplication, listApplications, reviewApplication } from './applications';
import { decideHire, getHire, listHires, submitHire } from './hire';
import { bindHireDeps } from './hire-subject';
import {
  createPlan,
  decidePlan,
  getPlan,
  listPlans,
  publishPlan,
  submitPlan,
  updatePlan,
} from './plans';
import {
  callNext,
  handleObjection,
  importScores,
  listObjections,
  rankPlan,
  ranking,
  recordCheck,
  recordObjection,
  saveScores,
  scoreTemplate,
  startNotice,
} from './selection';

const tags = ['recruitment'];
const attachmentParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  attachmentId: z.coerce.number().int().positive(),
});
const postParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  postId: z.coerce.number().int().positive(),
});
const DECISIONS = ['approve', 'return', 'withdraw'] as const;

export function recruitmentRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  bindHireDeps(deps);
  return async (app) => {
    const ctx = auditContext;

    app.get(
      '/api/recruitment/plans',
      {
        config: { permission: 'recruit:read' },
        schema: {
          tags,
          summary: '招聘计划列表（本级及下级）',
          querystring: planListQuery,
          response: { 200: planPage },
        },
      },
      async (request) => listPlans(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/recruitment/plans',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '新建招聘计划（按生效的选聘条件规则校验）',
          body: createPlanBody,
          response: { 200: planView },
        },
      },
      async (request) => createPlan(deps, authOf(request), ctx(request), request.body),
    );
    app.get(
      '/api/recruitment/plans/:id',
      {
        config: { permission: 'recruit:read' },
        schema: { tags, summary: '招聘计划详情', params: idParam, response: { 200: planView } },
      },
      async (request) => getPlan(deps.db, authOf(request), request.params.id),
    );
    app.patch(
      '/api/recruitment/plans/:id',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '修改草稿或已退回的计划（须带 version）',
          params: idParam,
          body: updatePlanBody,
          response: { 200: planView },
        },
      },
      async (request) =>
        updatePlan(deps, authOf(request), ctx(request), request.params.id, request.body),
    );
    app.post(
      '/api/recruitment/plans/:id/submit',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '提交审批',
          params: idParam,
          body: planActionBody,
          response: { 200: planView },
        },
      },
      async (request) =>
        submitPlan(deps, authOf(request), ctx(request), request.params.id, request.body),
    );
    for (const decision of DECISIONS) {
      app.post(
        `/api/recruitment/plans/:id/${decision}`,
        {
          config: { permission: decision === 'withdraw' ? 'recruit:manage' : 'recruit:approve' },
          schema: {
            tags,
            summary: { approve: '审批通过', return: '退回修改（须填写理由）', withdraw: '撤回' }[
              decision
            ],
            params: idParam,
            body: decision === 'return' ? planReturnBody : planActionBody,
            response: { 200: planView },
          },
        },
        async (request) =>
          decidePlan(
            deps.db,
            authOf(request),
            ctx(request),
            request.params.id,
            decision,
            request.body,
          ),
      );
    }
    app.post(
      '/api/recruitment/plans/:id/publish',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '发布招聘公告（开放报名页面）',
          params: idParam,
          body: planActionBody,
          response: { 200: planView },
        },
      },
      async (request) =>
        publishPlan(deps.db, authOf(request), ctx(request), request.params.id, request.body),
    );

    // Applications and review
    app.get(
      '/api/recruitment/plans/:id/applications',
      {
        config: { permission: 'recruit:read' },
        schema: {
          tags,
          summary: '报名列表（含资格初审结果）',
          params: idParam,
          querystring: applicationListQuery,
          response: { 200: applicationPage },
        },
      },
      async (request) =>
        listApplications(deps.db, authOf(request), request.params.id, request.query),
    );
    app.get(
      '/api/recruitment/applications/:id',
      {
        config: { permission: 'recruit:read' },
        schema: { tags, summary: '报名详情', params: idParam, response: { 200: applicationView } },
      },
      async (request) => getApplication(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/recruitment/applications/:id/review',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '资格审查（通过/不通过，不通过须填写理由）',
          params: idParam,
          body: reviewBody,
          response: { 200: applicationView },
        },
      },
      async (request) =>
        reviewApplication(deps.db, authOf(request), ctx(request), request.params.id, request.body),
    );
    app.get(
      '/api/recruitment/applications/:id/attachments/:attachmentId',
      {
        config: { permission: 'recruit:read' },
        schema: { tags, summary: '下载报名附件', params: attachmentParams },
      },
      async (request, reply) => {
        const f = await attachmentOf(
          deps.db,
          authOf(request),
          request.params.id,
          request.params.attachmentId,
        );
        const buf = await readStored(deps.cfg.dataDir, f.storagePath, f.sha256);
        return reply
          .type(f.mimeType)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
          )
          .send(buf);
      },
    );

    // Scores and ranking
    app.put(
      '/api/recruitment/plans/:id/scores',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '录入笔试、面试成绩（全部成功或全部不写入）',
          params: idParam,
          body: scoresBody,
          response: { 200: scoreImportResult },
        },
      },
      async (request) =>
        saveScores(deps.db, authOf(request), ctx(request), request.params.id, request.body),
    );
    app.get(
      '/api/recruitment/plans/:id/scores/template',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '下载成绩导入模板（.xlsx，含资格审查通过的人员）',
          params: idParam,
        },
      },
      async (request, reply) => {
        const buf = await scoreTemplate(deps.db, authOf(request), request.params.id);
        const name = `成绩导入模板-${request.params.id}-${todayIso()}.xlsx`;
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
          .send(buf);
      },
    );
    app.post(
      '/api/recruitment/plans/:id/scores/import',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '从 .xlsx 模板导入成绩（任一行有误则全部不写入，错误按行列出）',
          params: idParam,
          response: { 200: scoreImportResult },
        },
      },
      async (request) => {
        const file = await request.file({
          limits: { fileSize: deps.cfg.UPLOAD_LIMIT_BYTES, files: 1 },
        });
        if (!file) throw fieldError('file', '请选择要导入的文件');
        const buf = await file.toBuffer();
        return importScores(deps.db, authOf(request), ctx(request), request.params.id, buf);
      },
    );
    app.post(
      '/api/recruitment/plans/:id/rank',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '计算综合成绩并按岗位排名（同分按计划规定的规则排序）',
          params: idParam,
          response: { 200: rankingView },
        },
      },
      async (request) => rankPlan(deps.db, authOf(request), ctx(request), request.params.id),
    );
    app.get(
      '/api/recruitment/plans/:id/ranking',
      {
        config: { permission: 'recruit:read' },
        schema: {
          tags,
          summary: '按岗位的成绩排名',
          params: idParam,
          response: { 200: rankingView },
        },
      },
      async (request) => ranking(deps.db, authOf(request), request.params.id),
    );

    // Medical exam, background review, substitutes, notice, objections
    app.post(
      '/api/recruitment/applications/:id/check',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '记录体检或考察结论（不合格须说明）',
          params: idParam,
          body: checkBody,
          response: { 200: applicationView },
        },
      },
      async (request) =>
        recordCheck(deps.db, authOf(request), ctx(request), request.params.id, request.body),
    );
    app.post(
      '/api/recruitment/plans/:id/posts/:postId/call-next',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '按排名递补下一名',
          params: postParams,
          response: { 200: applicationView },
        },
      },
      async (request) =>
        callNext(deps.db, authOf(request), ctx(request), request.params.id, request.params.postId),
    );
    app.post(
      '/api/recruitment/plans/:id/notice',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '开始公示（按工作日计算公示期，只跳过周末，不含法定节假日）',
          params: idParam,
          body: noticeBody,
          response: {
            200: z.object({
              noticeStart: z.string(),
              noticeEnd: z.string(),
              applications: z.number().int(),
            }),
          },
        },
      },
      async (request) =>
        startNotice(deps.db, authOf(request), ctx(request), request.params.id, request.body),
    );
    app.get(
      '/api/recruitment/plans/:id/objections',
      {
        config: { permission: 'recruit:read' },
        schema: {
          tags,
          summary: '公示异议记录',
          params: idParam,
          response: { 200: z.array(objectionView) },
        },
      },
      async (request) => listObjections(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/recruitment/plans/:id/objections',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '登记公示期间收到的异议',
          params: idParam,
          body: objectionBody,
          response: { 200: objectionView },
        },
      },
      async (request) =>
        recordObjection(deps.db, authOf(request), ctx(request), request.params.id, request.body),
    );
    app.post(
      '/api/recruitment/objections/:id/handle',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '处理异议（查实则取消拟聘用资格）',
          params: idParam,
          body: handleObjectionBody,
          response: { 200: objectionView },
        },
      },
      async (request) =>
        handleObjection(deps.db, authOf(request), ctx(request), request.params.id, request.body),
    );

    // Hires
    app.get(
      '/api/recruitment/plans/:id/hires',
      {
        config: { permission: 'recruit:read' },
        schema: {
          tags,
          summary: '聘用申请',
          params: idParam,
          response: { 200: z.array(hireView) },
        },
      },
      async (request) => listHires(deps.db, authOf(request), request.params.id),
    );
    app.get(
      '/api/recruitment/hires/:id',
      {
        config: { permission: 'recruit:read' },
        schema: {
          tags,
          summary: '聘用申请（审批链接用）',
          params: idParam,
          response: { 200: hireView },
        },
      },
      async (request) => getHire(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/recruitment/plans/:id/hires',
      {
        config: { permission: 'recruit:manage' },
        schema: {
          tags,
          summary: '提交聘用审批（公示期满且无未处理异议的人员）',
          params: idParam,
          body: hireBody,
          response: { 200: hireView },
        },
      },
      async (request) =>
        submitHire(deps.db, authOf(request), ctx(request), request.params.id, request.body),
    );
    for (const decision of DECISIONS) {
      app.post(
        `/api/recruitment/hires/:id/${decision}`,
        {
          config: { permission: decision === 'withdraw' ? 'recruit:manage' : 'recruit:approve' },
          schema: {
            tags,
            summary: {
              approve: '批准聘用：建立档案、签订劳动合同（含试用期）、初次定级',
              return: '退回聘用申请',
              withdraw: '撤回聘用申请',
            }[decision],
            params: idParam,
            body: decision === 'return' ? hireReturnBody : hireDecisionBody,
            response: { 200: hireView },
          },
        },
        async (request) =>
          decideHire(
            deps.db,
            authOf(request),
            ctx(request),
            request.params.id,
            decision,
            request.body,
          ),
      );
    }
  };
}
