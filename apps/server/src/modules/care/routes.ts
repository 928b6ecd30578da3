// Life care: thin routes over service.ts. Reads need care:read (results and amounts also need
// worker:pii, and showing them to staff is audited, also in the answer to a change), changes
// care:manage; a worker reads their own through /api/care/mine.
import {
  careSettingBody,
  careSettingView,
  createCareRecordBody,
  createHealthCheckBody,
  healthDuePage,
  healthDueQuery,
  idParam,
  workerCareView,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import {
  addCareRecord,
  addHealthCheck,
  getSetting,
  healthDueList,
  myCare,
  putSetting,
  workerCare,
} from './service';

const tags = ['care'];
const settingQuery = z.strictObject({ orgUnitId: z.coerce.number().int().positive().optional() });

export function careRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/care/settings',
      {
        config: { permission: 'care:read' },
        schema: {
          tags,
          summary: '体检周期设置（本单位适用的设置）',
          querystring: settingQuery,
          response: { 200: careSettingView },
        },
      },
      async (request) => getSetting(deps.db, authOf(request), request.query.orgUnitId),
    );
    app.put(
      '/api/care/settings',
      {
        config: { permission: 'care:manage' },
        schema: {
          tags,
          summary: '设置本单位及下级的体检周期',
          body: careSettingBody,
          response: { 200: careSettingView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await deps.db.transaction((tx) =>
          putSetting(tx, auth, auditContext(request), request.body),
        );
        return getSetting(deps.db, auth, request.body.orgUnitId);
      },
    );
    app.get(
      '/api/care/health-due',
      {
        config: { permission: 'care:read' },
        schema: {
          tags,
          summary: '体检到期名单（逾期/即将到期）',
          querystring: healthDueQuery,
          response: { 200: healthDuePage },
        },
      },
      async (request) => healthDueList(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/care/health-checks',
      {
        config: { permission: 'care:manage' },
        schema: {
          tags,
          summary: '登记体检',
          body: createHealthCheckBody,
          response: { 200: workerCareView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const ctx = auditContext(request);
        await deps.db.transaction((tx) => addHealthCheck(tx, auth, ctx, request.body));
        return workerCare(deps.db, auth, ctx, request.body.workerId);
      },
    );
    app.post(
      '/api/care/records',
      {
        config: { permission: 'care:manage' },
        schema: {
          tags,
          summary: '登记走访慰问或困难帮扶',
          body: createCareRecordBody,
          response: { 200: workerCareView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const ctx = auditContext(request);
        await deps.db.transaction((tx) => addCareRecord(tx, auth, ctx, request.body));
        return workerCare(deps.db, auth, ctx, request.body.workerId);
      },
    );
    app.get(
      '/api/care/mine',
      {
        config: { permission: 'self:read' },
        schema: { tags, summary: '本人的体检与关爱记录', response: { 200: workerCareView } },
      },
      async (request) => myCare(deps.db, authOf(request)),
    );
    app.get(
      '/api/workers/:id/care',
      {
        config: { permission: 'care:read' },
        schema: {
          tags,
          summary: '人员的体检、走访慰问与帮扶（结果和金额需个人信息权限）',
          params: idParam,
          response: { 200: workerCareView },
        },
      },
      async (request) =>
        workerCare(deps.db, authOf(request), auditContext(request), request.params.id),
    );
  };
}
