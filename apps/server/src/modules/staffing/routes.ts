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
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { createAdjustment, listAdjustments, revokeAdjustment } from './adjustments';
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
