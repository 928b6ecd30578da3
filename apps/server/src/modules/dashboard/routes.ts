// Dashboards (领导驾驶舱): the indicators the caller may see for a unit of their scope, each
// chart's figures and .xlsx export, the monthly trend from snapshots, and an on-demand run of the
// snapshot job. Outside the caller's scope = 404.
import {
  dashboardQuery,
  dashboardView,
  indicatorParam,
  indicatorView,
  snapshotRunBody,
  snapshotRunResult,
  trendQuery,
  trendView,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { writeAudit } from '../../lib/audit';
import { authOf } from '../../plugins/auth';
import type { JobRunner } from '../jobs/runner';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { todayIso } from '../workers/mapping';
import { indicatorWorkbook } from './export';
import { registerBuiltinIndicators } from './indicators';
import { registerModuleIndicators } from './indicators-modules';
import { computeAll, computeIndicator, getDashboard, getTrend } from './service';
import { registerDashboardJob, runDashboardJob } from './snapshot';

const tags = ['dashboard'];

export function dashboardRoutes(deps: AppDeps & { jobs: JobRunner }): FastifyPluginAsyncZod {
  registerBuiltinIndicators();
  registerModuleIndicators();
  return async (app) => {
    // The daily snapshot starts with the server, not in tests (they run it on demand).
    registerDashboardJob(app, deps, deps.jobs, deps.cfg.NODE_ENV !== 'test');

    app.get(
      '/api/dashboard',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '驾驶舱：单位（默认本单位）的路径与可查看的指标',
          querystring: dashboardQuery.pick({ orgUnitId: true }),
          response: { 200: dashboardView },
        },
      },
      async (request) => getDashboard(deps, authOf(request), request.query.orgUnitId),
    );
    app.get(
      '/api/dashboard/all',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '驾驶舱全部图表的数据（一次取回）',
          querystring: dashboardQuery,
          response: { 200: z.object({ items: z.array(indicatorView) }) },
        },
      },
      async (request) => ({
        items: await computeAll(
          deps,
          authOf(request),
          request.query.orgUnitId,
          request.query.status,
        ),
      }),
    );
    app.get(
      '/api/dashboard/trend',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '在岗人数与员额的月度趋势（读月度快照）',
          querystring: trendQuery,
          response: { 200: trendView },
        },
      },
      async (request) =>
        getTrend(deps, authOf(request), request.query.orgUnitId, request.query.months),
    );
    app.get(
      '/api/dashboard/indicators/:indicator',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '一个图表的数据：按直属下级单位（或月份）× 分类',
          params: indicatorParam,
          querystring: dashboardQuery,
          response: { 200: indicatorView },
        },
      },
      async (request) =>
        computeIndicator(
          deps,
          authOf(request),
          request.params.indicator,
          request.query.orgUnitId,
          request.query.status,
        ),
    );
    app.get(
      '/api/dashboard/indicators/:indicator/export',
      {
        config: { permission: 'worker:read' },
        schema: {
          tags,
          summary: '导出一个图表的数据（.xlsx）',
          params: indicatorParam,
          querystring: dashboardQuery,
        },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const view = await computeIndicator(
          deps,
          auth,
          request.params.indicator,
          request.query.orgUnitId,
          request.query.status,
        );
        const buf = await indicatorWorkbook(view);
        await writeAudit(deps.db, auditContext(request), [
          {
            action: 'dashboard.export',
            entityType: 'org_unit',
            entityId: view.unit.id,
            orgPath: auth.orgPath,
            changes: { indicator: view.indicator.key, status: view.status, rows: view.rows.length },
          },
        ]);
        const date = todayIso().replaceAll('-', '');
        return reply
          .type(XLSX_MIME)
          .header(
            'content-disposition',
            attachmentDisposition(`${view.indicator.titleZh}-${view.unit.name}-${date}.xlsx`),
          )
          .header('cache-control', 'no-store')
          .send(buf);
      },
    );
    app.post(
      '/api/dashboard/snapshots/run',
      {
        config: { permission: 'org:manage' },
        schema: {
          tags,
          summary: '立即计算当月统计快照（通常由每日定时任务执行）',
          body: snapshotRunBody,
          response: { 200: snapshotRunResult },
        },
      },
      async (request) =>
        runDashboardJob(deps.db, auditContext(request), request.body.date ?? todayIso()),
    );
  };
}
