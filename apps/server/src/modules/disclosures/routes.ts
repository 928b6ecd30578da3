// Disclosures (党务/居务/财务公开): staff routes. Drafting needs disclosure:manage, publication,
// rejection, withdrawal and schedules disclosure:approve; every record is scoped by the
// community's org path (404 outside it). The public pages are registered here too so both share
// one cache, which every publication, withdrawal and correction invalidates.
import {
  correctDisclosureBody,
  createDisclosureBody,
  disclosureListQuery,
  disclosureOverdueRunBody,
  disclosureOverdueRunResult,
  disclosurePage,
  disclosureReasonBody,
  disclosureScheduleList,
  disclosureScheduleView,
  disclosureVersionBody,
  disclosureView,
  idParam,
  publishDisclosureBody,
  updateDisclosureBody,
  upsertDisclosureScheduleBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import type { JobRunner } from '../jobs/runner';
import { todayIso } from '../workers/mapping';
import { listOverdue, registerDisclosureOverdue, runDisclosureOverdue } from './overdue';
import { PublicDisclosureCache } from './public-cache';
import { publicDisclosureRoutes } from './public-routes';
import { listDisclosures, loadDisclosure, presentDisclosure } from './queries';
import { listSchedules, upsertSchedule } from './schedules';
import {
  correctDisclosure,
  createDisclosure,
  publishDisclosure,
  rejectDisclosure,
  submitDisclosure,
  updateDisclosure,
  withdrawDisclosure,
} from './service';

const tags = ['disclosures'];
const scheduleListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
});
const overdueList = z.object({
  items: z.array(
    z.object({
      orgUnitId: z.number(),
      orgUnitName: z.string(),
      kind: z.enum(['party', 'affairs', 'finance']),
      periodKey: z.string(),
      dueDate: z.string(),
    }),
  ),
});

export function disclosureRoutes(deps: AppDeps & { jobs: JobRunner }): FastifyPluginAsyncZod {
  return async (app) => {
    const cache = new PublicDisclosureCache();
    app.addHook('onReady', async () => {
      await cache.listen(deps.pool, (err) => app.log.warn({ err }, 'disclosure listener'));
    });
    app.addHook('onClose', async () => cache.close());
    registerDisclosureOverdue(app, deps.db, deps.jobs, deps.cfg.NODE_ENV !== 'test');
    await app.register(publicDisclosureRoutes(deps, cache));

    const view = async (id: number, auth: ReturnType<typeof authOf>) =>
      presentDisclosure(await loadDisclosure(deps.db, auth, id));

    app.get(
      '/api/disclosures',
      {
        config: { permission: 'disclosure:manage' },
        schema: {
          tags,
          summary: '公开事项列表（按社区、类别、状态、逾期筛选；按编号倒序分页）',
          querystring: disclosureListQuery,
          response: { 200: disclosurePage },
        },
      },
      async (request) => listDisclosures(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/disclosures/overdue',
      {
        config: { permission: 'disclosure:manage' },
        schema: {
          tags,
          summary: '逾期未公开的事项（每日检查结果）',
          response: { 200: overdueList },
        },
      },
      async (request) => ({ items: await listOverdue(deps.db, authOf(request).orgPath) }),
    );
    app.post(
      '/api/disclosures/overdue/run',
      {
        config: { permission: 'disclosure:approve' },
        schema: {
          tags,
          summary: '立即检查管辖范围内逾期未公开的事项并发送提醒',
          body: disclosureOverdueRunBody,
          response: { 200: disclosureOverdueRunResult },
        },
      },
      async (request) =>
        runDisclosureOverdue(
          deps.db,
          auditContext(request),
          request.body.date ?? todayIso(),
          authOf(request).orgPath,
        ),
    );
    app.get(
      '/api/disclosures/schedules',
      {
        config: { permission: 'disclosure:manage' },
        schema: {
          tags,
          summary: '公开时限各版本（本单位及下级、上级适用的；可按单位筛选）',
          querystring: scheduleListQuery,
          response: { 200: disclosureScheduleList },
        },
      },
      async (request) => listSchedules(deps.db, authOf(request), request.query.orgUnitId),
    );
    app.put(
      '/api/disclosures/schedules',
      {
        config: { permission: 'disclosure:approve' },
        schema: {
          tags,
          summary: '新建或修改某单位某类公开时限的版本（定期或事件后 N 天；可指定生效日期）',
          body: upsertDisclosureScheduleBody,
          response: { 200: disclosureScheduleView },
        },
      },
      async (request) =>
        upsertSchedule(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.get(
      '/api/disclosures/:id',
      {
        config: { permission: 'disclosure:manage' },
        schema: {
          tags,
          summary: '公开事项详情',
          params: idParam,
          response: { 200: disclosureView },
        },
      },
      async (request) => view(request.params.id, authOf(request)),
    );
    app.post(
      '/api/disclosures',
      {
        config: { permission: 'disclosure:manage' },
        schema: {
          tags,
          summary: '起草公开事项（财务公开须附收支明细表，合计必须相符）',
          body: createDisclosureBody,
          response: { 200: disclosureView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const id = await createDisclosure(deps.db, auth, auditContext(request), request.body);
        return view(id, auth);
      },
    );
    app.patch(
      '/api/disclosures/:id',
      {
        config: { permission: 'disclosure:manage' },
        schema: {
          tags,
          summary: '修改草稿（已发布的事项不能修改，只能发布更正）',
          params: idParam,
          body: updateDisclosureBody,
          response: { 200: disclosureView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await updateDisclosure(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body,
        );
        return view(request.params.id, auth);
      },
    );
    app.post(
      '/api/disclosures/:id/submit',
      {
        config: { permission: 'disclosure:manage' },
        schema: {
          tags,
          summary: '提交审核',
          params: idParam,
          body: disclosureVersionBody,
          response: { 200: disclosureView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await submitDisclosure(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body.version,
        );
        return view(request.params.id, auth);
      },
    );
    app.post(
      '/api/disclosures/:id/publish',
      {
        config: { permission: 'disclosure:approve' },
        schema: {
          tags,
          summary: '审核通过并发布（不在公开时限内须说明原因）',
          params: idParam,
          body: publishDisclosureBody,
          response: { 200: disclosureView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const r = await publishDisclosure(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body,
        );
        cache.invalidate(r.orgUnitId);
        return view(request.params.id, auth);
      },
    );
    app.post(
      '/api/disclosures/:id/reject',
      {
        config: { permission: 'disclosure:approve' },
        schema: {
          tags,
          summary: '退回修改',
          params: idParam,
          body: disclosureReasonBody,
          response: { 200: disclosureView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await rejectDisclosure(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body,
        );
        return view(request.params.id, auth);
      },
    );
    app.post(
      '/api/disclosures/:id/withdraw',
      {
        config: { permission: 'disclosure:approve' },
        schema: {
          tags,
          summary: '撤回已发布的事项（须说明原因，公开栏显示为已撤回）',
          params: idParam,
          body: disclosureReasonBody,
          response: { 200: disclosureView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const r = await withdrawDisclosure(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body,
        );
        cache.invalidate(r.orgUnitId);
        return view(request.params.id, auth);
      },
    );
    app.post(
      '/api/disclosures/:id/corrections',
      {
        config: { permission: 'disclosure:manage' },
        schema: {
          tags,
          summary: '起草更正：新版本注明更正内容并链接原版本，原版本在更正发布后标为已更正',
          params: idParam,
          body: correctDisclosureBody,
          response: { 200: disclosureView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const id = await correctDisclosure(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body,
        );
        return view(id, auth);
      },
    );
  };
}
