// Staffing and quotas (员额): recompute the quotas of a subtree under the staffing standards in
// force, the staffing view of a unit and its children (quota, adjustment, headcount, vacancies,
// excess, rolled up), and manual adjustments with a reason.
import {
  adjustmentListQuery,
  adjustmentPage,
  adjustmentView,
  createAdjustmentBody,
  idParam,
  recomputeBody,
  recomputeResult,
  revokeAdjustmentBody,
  staffingQuery,
  staffingView,
} from '@cwp/contracts';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { todayIso } from '../workers/mapping';
import { authOf } from '../../plugins/auth';
import { createAdjustment, listAdjustments, revokeAdjustment } from './adjustments';
import { prepareStaffingExport, writeStaffingExport } from './export';
import { recomputeQuotas } from './recompute';
import { getStaffing } from './service';

const tags = ['staffing'];

export function staffingRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/staffing',
      {
        config: { permission: 'staffing:read' },
        schema: {
          tags,
          summary: '员额配备情况：单位及其直属下级的员额、调整、在岗人数、缺编与超编（逐级汇总）',
          querystring: staffingQuery,
          response: { 200: staffingView },
        },
      },
      async (request) => getStaffing(deps.db, authOf(request), request.query.orgUnitId),
    );
    app.post(
      '/api/staffing/recompute',
      {
        config: { permission: 'staffing:manage' },
        schema: {
          tags,
          summary: '按适用的配备标准重算该单位下全部社区和街道的员额（记录所用规则版本）',
          body: recomputeBody,
          response: { 200: recomputeResult },
        },
      },
      async (request) =>
        recomputeQuotas(deps, authOf(request), auditContext(request), request.body),
    );
    app.get(
      '/api/staffing/export',
      {
        config: { permission: 'staffing:read' },
        schema: {
          tags,
          summary:
            '导出员额配备表（.xlsx）：单位及其下全部单位的员额、调整、在岗、缺编与超编（逐级汇总）、所用规则版本与计算说明',
          querystring: staffingQuery,
        },
      },
      async (request, reply) => {
        const prepared = await prepareStaffingExport(
          deps.db,
          authOf(request),
          request.query.orgUnitId,
        );
        const out = new PassThrough();
        // The client went away: stop writing (the run then fails and is logged, not audited as
        // delivered, since the audit row is written only after the last row).
        reply.raw.on('close', () => {
          if (!reply.raw.writableFinished) out.destroy();
        });
        writeStaffingExport(deps.db, prepared, auditContext(request), out).catch((err: unknown) => {
          request.log.error({ err }, 'staffing export failed');
          out.destroy(err instanceof Error ? err : new Error(String(err)));
        });
        const date = todayIso().replaceAll('-', '');
        return reply
          .type(XLSX_MIME)
          .header(
            'content-disposition',
            attachmentDisposition(`员额配备表-${prepared.root.name}-${date}.xlsx`),
          )
          .header('cache-control', 'no-store')
          .send(out);
      },
    );
    app.get(
      '/api/staffing/adjustments',
      {
        config: { permission: 'staffing:read' },
        schema: {
          tags,
          summary: '员额调整记录',
          querystring: adjustmentListQuery,
          response: { 200: adjustmentPage },
        },
      },
      async (request) => listAdjustments(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/staffing/adjustments',
      {
        config: { permission: 'staffing:manage' },
        schema: {
          tags,
          summary: '手工调整员额（增减或核定，须填写理由；取代该单位现有的调整）',
          body: createAdjustmentBody,
          response: { 200: adjustmentView },
        },
      },
      async (request) =>
        createAdjustment(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.post(
      '/api/staffing/adjustments/:id/revoke',
      {
        config: { permission: 'staffing:manage' },
        schema: {
          tags,
          summary: '撤销员额调整（须填写理由）',
          params: idParam,
          body: revokeAdjustmentBody,
          response: { 200: adjustmentView },
        },
      },
      async (request) =>
        revokeAdjustment(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
  };
}
