// Payroll (薪酬发放) routes: runs (create per subdistrict or for every subdistrict under a unit,
// recompute, adjustments, submit/approve/return/withdraw), slips (HR in scope, amounts masked
// without worker:pii; the worker's own locked slips in self-service), payee bank accounts, the
// bank transfer list and summary (.xlsx), the budget forecast and the what-if. Reads that return
// someone's pay amounts or bank account in full are audited (disclosure.ts), so they take the
// request's audit context.
import {
  budgetForecast as budgetForecastSchema,
  budgetQuery,
  createPayrollAdjustmentBody,
  createPayrollRunBody,
  idParam,
  okResponse,
  payeeParams,
  payeeView,
  payrollAdjustmentList,
  payrollAdjustmentParams,
  payrollAdjustmentView,
  payrollReturnBody,
  payrollRunDetail,
  payrollRunListQuery,
  payrollRunPage,
  payrollSlipDetail,
  payrollSlipPage,
  payrollSlipQuery,
  payrollVersionBody,
  updatePayeeBody,
  whatIfQuery,
  whatIfResult,
} from '@cwp/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { createAdjustment, deleteAdjustment, listAdjustments } from './adjustments';
import { decideRun, submitRun } from './approval';
import { budgetForecast, whatIf } from './budget';
import { bankTransferList, runSummary } from './export';
import { getPayee, updatePayee } from './payees';
import { createRun, createRunsUnder, recomputeRun } from './runs';
import { getRun, getSlip, listRuns, listSlips, mySlip, mySlips } from './view';

const tags = ['payroll'];

const batchResult = z.object({
  created: z.array(
    z.object({
      runId: z.number().int(),
      orgUnitId: z.number().int(),
      name: z.string(),
      workers: z.number().int(),
    }),
  ),
  skipped: z.array(z.object({ orgUnitId: z.number().int(), name: z.string(), reason: z.string() })),
  workers: z.number().int(),
});

function sendXlsx(reply: FastifyReply, file: { fileName: string; buffer: Buffer }) {
  return reply
    .type(XLSX_MIME)
    .header('content-disposition', attachmentDisposition(file.fileName))
    .header('cache-control', 'no-store')
    .send(file.buffer);
}

export function payrollRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/payroll/runs',
      {
        config: { permission: 'payroll:read' },
        schema: {
          tags,
          summary: '工资核算列表（本辖区）',
          querystring: payrollRunListQuery,
          response: { 200: payrollRunPage },
        },
      },
      async (request) => listRuns(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/payroll/runs',
      {
        config: { permission: 'payroll:manage' },
        schema: {
          tags,
          summary: '按街道核算某月工资（已锁定的月份不能再次核算）',
          body: createPayrollRunBody,
          response: { 200: payrollRunDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const id = await createRun(deps, auth, auditContext(request), request.body);
        return getRun(deps.db, auth, id);
      },
    );
    app.post(
      '/api/payroll/runs/batch',
      {
        config: { permission: 'payroll:manage' },
        schema: {
          tags,
          summary: '为该单位下所有尚未核算的街道核算某月工资（一次事务）',
          body: createPayrollRunBody,
          response: { 200: batchResult },
        },
      },
      async (request) =>
        createRunsUnder(deps, authOf(request), auditContext(request), request.body),
    );
    app.get(
      '/api/payroll/runs/:id',
      {
        config: { permission: 'payroll:read' },
        schema: {
          tags,
          summary: '工资核算详情（按项目、按社区汇总，审批记录）',
          params: idParam,
          response: { 200: payrollRunDetail },
        },
      },
      async (request) => getRun(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/payroll/runs/:id/recompute',
      {
        config: { permission: 'payroll:manage' },
        schema: {
          tags,
          summary: '重新计算草稿（按当前人员、考核结果和薪酬标准；保留调整项）',
          params: idParam,
          body: payrollVersionBody,
          response: { 200: payrollRunDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await recomputeRun(
          deps,
          auth,
          auditContext(request),
          request.params.id,
          request.body.version,
        );
        return getRun(deps.db, auth, request.params.id);
      },
    );
    app.get(
      '/api/payroll/runs/:id/slips',
      {
        config: { permission: 'payroll:read' },
        schema: {
          tags,
          summary: '工资条列表（无敏感信息权限时金额不显示）',
          params: idParam,
          querystring: payrollSlipQuery,
          response: { 200: payrollSlipPage },
        },
      },
      async (request) =>
        listSlips(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.query,
        ),
    );
    app.get(
      '/api/payroll/slips/:id',
      {
        config: { permission: 'payroll:read' },
        schema: {
          tags,
          summary: '工资条明细',
          params: idParam,
          response: { 200: payrollSlipDetail },
        },
      },
      async (request) =>
        getSlip(deps.db, authOf(request), auditContext(request), request.params.id),
    );
    app.get(
      '/api/payroll/runs/:id/adjustments',
      {
        config: { permission: 'payroll:read' },
        schema: {
          tags,
          summary: '调整项列表',
          params: idParam,
          response: { 200: payrollAdjustmentList },
        },
      },
      async (request) =>
        listAdjustments(deps.db, authOf(request), auditContext(request), request.params.id),
    );
    app.post(
      '/api/payroll/runs/:id/adjustments',
      {
        config: { permission: 'payroll:manage' },
        schema: {
          tags,
          summary: '添加调整项（须填写理由；更正以往月份时填写更正月份）',
          params: idParam,
          body: createPayrollAdjustmentBody,
          response: { 200: payrollAdjustmentView },
        },
      },
      async (request) =>
        createAdjustment(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.post(
      '/api/payroll/runs/:id/adjustments/:adjustmentId/delete',
      {
        config: { permission: 'payroll:manage' },
        schema: {
          tags,
          summary: '删除调整项（仅草稿）',
          params: payrollAdjustmentParams,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await deleteAdjustment(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.params.adjustmentId,
        );
        return { ok: true as const };
      },
    );
    app.post(
      '/api/payroll/runs/:id/submit',
      {
        config: { permission: 'payroll:manage' },
        schema: {
          tags,
          summary: '提交审批',
          params: idParam,
          body: payrollVersionBody,
          response: { 200: payrollRunDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await submitRun(deps.db, auth, auditContext(request), request.params.id, request.body);
        return getRun(deps.db, auth, request.params.id);
      },
    );
    const decisions = [
      ['approve', 'payroll:approve', payrollVersionBody, '审批通过并锁定'],
      ['return', 'payroll:approve', payrollReturnBody, '退回（须填写理由）'],
      ['withdraw', 'payroll:manage', payrollVersionBody, '撤回审批'],
    ] as const;
    for (const [decision, permission, body, summary] of decisions) {
      app.post(
        `/api/payroll/runs/:id/${decision}`,
        {
          config: { permission },
          schema: { tags, summary, params: idParam, body, response: { 200: payrollRunDetail } },
        },
        async (request) => {
          const auth = authOf(request);
          await decideRun(
            deps.db,
            auth,
            auditContext(request),
            request.params.id,
            decision,
            request.body,
          );
          return getRun(deps.db, auth, request.params.id);
        },
      );
    }
    app.get(
      '/api/payroll/runs/:id/export/bank',
      {
        config: { permission: 'payroll:manage' },
        schema: { tags, summary: '导出银行代发清单（.xlsx，需敏感信息权限）', params: idParam },
      },
      async (request, reply) =>
        sendXlsx(
          reply,
          await bankTransferList(
            deps.db,
            deps.pii,
            authOf(request),
            auditContext(request),
            request.params.id,
          ),
        ),
    );
    app.get(
      '/api/payroll/runs/:id/export/summary',
      {
        config: { permission: 'payroll:read' },
        schema: { tags, summary: '导出工资汇总表（.xlsx，按项目和社区）', params: idParam },
      },
      async (request, reply) =>
        sendXlsx(
          reply,
          await runSummary(deps.db, authOf(request), auditContext(request), request.params.id),
        ),
    );
    app.get(
      '/api/payroll/me/slips',
      {
        config: { permission: 'self:read' },
        schema: {
          tags,
          summary: '我的工资条（已锁定月份）',
          response: { 200: z.object({ items: payrollSlipPage.shape.items }) },
        },
      },
      async (request) => mySlips(deps.db, authOf(request)),
    );
    app.get(
      '/api/payroll/me/slips/:id',
      {
        config: { permission: 'self:read' },
        schema: {
          tags,
          summary: '我的工资条明细',
          params: idParam,
          response: { 200: payrollSlipDetail },
        },
      },
      async (request) => mySlip(deps.db, authOf(request), request.params.id),
    );
    app.get(
      '/api/payroll/payees/:workerId',
      {
        config: { permission: 'payroll:read' },
        schema: {
          tags,
          summary: '收款账户（无敏感信息权限时脱敏）',
          params: payeeParams,
          response: { 200: payeeView },
        },
      },
      async (request) =>
        getPayee(
          deps.db,
          deps.pii,
          authOf(request),
          auditContext(request),
          request.params.workerId,
        ),
    );
    app.put(
      '/api/payroll/payees/:workerId',
      {
        config: { permission: 'payroll:manage' },
        schema: {
          tags,
          summary: '登记或修改收款账户',
          params: payeeParams,
          body: updatePayeeBody,
          response: { 200: payeeView },
        },
      },
      async (request) =>
        updatePayee(
          deps.db,
          deps.pii,
          authOf(request),
          auditContext(request),
          request.params.workerId,
          request.body,
        ),
    );
    app.get(
      '/api/payroll/budget',
      {
        config: { permission: 'payroll:read' },
        schema: {
          tags,
          summary: '年度薪酬预算（现有人员 × 各月适用的薪酬标准）',
          querystring: budgetQuery,
          response: { 200: budgetForecastSchema },
        },
      },
      async (request) => budgetForecast(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/payroll/what-if',
      {
        config: { permission: 'payroll:read' },
        schema: {
          tags,
          summary: '薪酬标准测算：两个版本下的总成本与每人差额',
          querystring: whatIfQuery,
          response: { 200: whatIfResult },
        },
      },
      async (request) => whatIf(deps.db, authOf(request), auditContext(request), request.query),
    );
  };
}
