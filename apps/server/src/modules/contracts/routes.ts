// Contracts and insurance (劳动合同与社保) and career channels: thin routes over the services.
// Reads need contract:read, changes contract:manage; every record is scoped by the worker's unit
// (404 outside it); insurance bases are masked without worker:pii.
import {
  batchRenewBody,
  batchRenewResult,
  careerRecordView,
  careerStatsQuery,
  careerStatsView,
  createCareerRecordBody,
  createLaborContractBody,
  createSocialInsuranceBody,
  idParam,
  laborContractExportQuery,
  laborContractListQuery,
  laborContractPage,
  laborContractView,
  okResponse,
  reminderRunBody,
  reminderRunResult,
  renewLaborContractBody,
  terminateLaborContractBody,
  workerContractsView,
  workerInsuranceView,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { inScope } from '../../lib/scope';
import { authOf } from '../../plugins/auth';
import type { JobRunner } from '../jobs/runner';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { todayIso } from '../workers/mapping';
import { batchRenew } from './batch';
import { addCareerRecord, careerStats, deleteCareerRecord, workerCareerRecords } from './career';
import { exportContractsXlsx } from './export';
import { addInsuranceRecord, workerInsurance } from './insurance';
import { getContract, listContracts, workerContracts, workerInScope } from './queries';
import { registerContractReminders, runContractReminders } from './reminders';
import { createLaborContract, renewLaborContract, terminateLaborContract } from './service';

const tags = ['contracts'];
const versionBody = z.strictObject({ version: z.number({ error: '缺少版本号' }).int().positive() });

export function contractRoutes(deps: AppDeps & { jobs: JobRunner }): FastifyPluginAsyncZod {
  return async (app) => {
    // The daily schedule starts with the server, not in tests (they run reminders on demand).
    registerContractReminders(app, deps.db, deps.jobs, deps.cfg.NODE_ENV !== 'test');

    app.get(
      '/api/labor-contracts',
      {
        config: { permission: 'contract:read' },
        schema: {
          tags,
          summary: '劳动合同列表（可按单位、类型、状态、到期天数筛选）',
          querystring: laborContractListQuery,
          response: { 200: laborContractPage },
        },
      },
      async (request) => listContracts(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/labor-contracts/export',
      {
        config: { permission: 'contract:read' },
        schema: {
          tags,
          summary: '导出劳动合同列表（.xlsx，筛选条件同列表）',
          querystring: laborContractExportQuery,
        },
      },
      async (request, reply) => {
        const file = await exportContractsXlsx(
          deps.db,
          authOf(request),
          auditContext(request),
          request.query,
        );
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('cache-control', 'no-store')
          .send(file.buffer);
      },
    );
    app.get(
      '/api/labor-contracts/:id',
      {
        config: { permission: 'contract:read' },
        schema: {
          tags,
          summary: '劳动合同详情',
          params: idParam,
          response: { 200: laborContractView },
        },
      },
      async (request) => getContract(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/labor-contracts',
      {
        config: { permission: 'contract:manage' },
        schema: {
          tags,
          summary: '签订劳动合同（按适用的劳动合同规则计算到期日和试用期截止日）',
          body: createLaborContractBody,
          response: { 200: laborContractView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const { id } = await deps.db.transaction(async (tx) => {
          await workerInScope(tx, auth, request.body.workerId);
          return createLaborContract(tx, auditContext(request), request.body);
        });
        return getContract(deps.db, auth, id);
      },
    );
    app.post(
      '/api/labor-contracts/:id/renew',
      {
        config: { permission: 'contract:manage' },
        schema: {
          tags,
          summary: '续订劳动合同（新合同与原合同关联；连续两次固定期限后建议无固定期限）',
          params: idParam,
          body: renewLaborContractBody,
          response: { 200: laborContractView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const { id } = await deps.db.transaction((tx) =>
          renewLaborContract(tx, auditContext(request), request.params.id, request.body, (p) =>
            inScope(auth, p),
          ),
        );
        return getContract(deps.db, auth, id);
      },
    );
    app.post(
      '/api/labor-contracts/:id/terminate',
      {
        config: { permission: 'contract:manage' },
        schema: {
          tags,
          summary: '终止劳动合同（须填写终止日期和原因）',
          params: idParam,
          body: terminateLaborContractBody,
          response: { 200: laborContractView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await deps.db.transaction((tx) =>
          terminateLaborContract(tx, auditContext(request), request.params.id, request.body, (p) =>
            inScope(auth, p),
          ),
        );
        return getContract(deps.db, auth, request.params.id);
      },
    );
    app.post(
      '/api/labor-contracts/batch-renew',
      {
        config: { permission: 'contract:manage' },
        schema: {
          tags,
          summary: '批量续订所选劳动合同（每份按适用规则的续订建议，全部成功或全部不变）',
          body: batchRenewBody,
          response: { 200: batchRenewResult },
        },
      },
      async (request) =>
        batchRenew(deps.db, authOf(request), auditContext(request), request.body.ids),
    );
    app.post(
      '/api/labor-contracts/reminders/run',
      {
        config: { permission: 'contract:manage' },
        schema: {
          tags,
          summary: '立即执行到期提醒（本单位范围内；同一合同同一提前天数只提醒一次）',
          body: reminderRunBody,
          response: { 200: reminderRunResult },
        },
      },
      async (request) => {
        const auth = authOf(request);
        return runContractReminders(
          deps.db,
          auditContext(request),
          request.body.date ?? todayIso(),
          auth.orgPath,
        );
      },
    );

    app.get(
      '/api/workers/:id/labor-contracts',
      {
        config: { permission: 'contract:read' },
        schema: {
          tags,
          summary: '人员的劳动合同记录及下一份合同的建议',
          params: idParam,
          response: { 200: workerContractsView },
        },
      },
      async (request) => workerContracts(deps.db, authOf(request), request.params.id),
    );
    app.get(
      '/api/workers/:id/social-insurance',
      {
        config: { permission: 'contract:read' },
        schema: {
          tags,
          summary: '人员的五险一金记录（缴费基数需敏感信息权限）',
          params: idParam,
          response: { 200: workerInsuranceView },
        },
      },
      async (request) =>
        workerInsurance(deps.db, authOf(request), request.params.id, auditContext(request)),
    );
    app.post(
      '/api/workers/:id/social-insurance',
      {
        config: { permission: 'contract:manage' },
        schema: {
          tags,
          summary: '登记五险一金变动（参保、调整基数、暂停、停保，按生效日期）',
          params: idParam,
          body: createSocialInsuranceBody,
          response: { 200: workerInsuranceView },
        },
      },
      async (request) =>
        addInsuranceRecord(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.get(
      '/api/workers/:id/career-records',
      {
        config: { permission: 'contract:read' },
        schema: {
          tags,
          summary: '人员的职业发展通道记录',
          params: idParam,
          response: { 200: z.array(careerRecordView) },
        },
      },
      async (request) => workerCareerRecords(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/workers/:id/career-records',
      {
        config: { permission: 'contract:manage' },
        schema: {
          tags,
          summary: '登记职业发展通道记录（招录为公务员/事业单位人员、导师、后备人才库）',
          params: idParam,
          body: createCareerRecordBody,
          response: { 200: z.array(careerRecordView) },
        },
      },
      async (request) =>
        addCareerRecord(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.post(
      '/api/career-records/:id/delete',
      {
        config: { permission: 'contract:manage' },
        schema: {
          tags,
          summary: '删除误录的职业发展通道记录',
          params: idParam,
          body: versionBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await deleteCareerRecord(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.version,
        );
        return { ok: true as const };
      },
    );
    app.get(
      '/api/career-records/stats',
      {
        config: { permission: 'contract:read' },
        schema: {
          tags,
          summary: '职业发展通道人数统计（单位及下级，按年份和类别）',
          querystring: careerStatsQuery,
          response: { 200: careerStatsView },
        },
      },
      async (request) => careerStats(deps.db, authOf(request), request.query),
    );
  };
}
