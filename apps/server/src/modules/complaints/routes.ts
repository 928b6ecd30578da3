// Complaints (信访举报): the handling routes. Reading needs complaint:read, handling
// complaint:manage; scope is the community's org path, and a complaint about a worker is hidden
// from that worker and their community's users (see queries.ts `visible`). The public submission
// and follow-up routes are registered here too.
import {
  acceptComplaintBody,
  closeComplaintBody,
  complaintListQuery,
  complaintNoteBody,
  complaintPage,
  complaintSettingBody,
  complaintSettingList,
  complaintSettingVersion,
  complaintSettingView,
  complaintStats,
  complaintStatsQuery,
  complaintView,
  idParam,
  rejectComplaintBody,
  replyComplaintBody,
} from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { notFound } from '../../lib/errors';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition } from '../jobs/routes';
import { readStored } from '../workers/attachments';
import { publicComplaintRoutes } from './public-routes';
import { complaintFigures, getComplaint, listComplaints, loadComplaint } from './queries';
import {
  acceptComplaint,
  closeComplaint,
  noteComplaint,
  rejectComplaint,
  replyComplaint,
} from './service';
import { complaintSettingFor, listComplaintSettings, upsertComplaintSetting } from './settings';

const tags = ['complaints'];
const settingListQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
});

export function complaintRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(publicComplaintRoutes(deps));

    app.get(
      '/api/complaints',
      {
        config: { permission: 'complaint:read' },
        schema: {
          tags,
          summary: '信访举报列表（按社区、类别、状态、逾期筛选；按编号倒序分页）',
          querystring: complaintListQuery,
          response: { 200: complaintPage },
        },
      },
      async (request) => listComplaints(deps.db, authOf(request), deps.pii, request.query),
    );
    app.get(
      '/api/complaints/stats',
      {
        config: { permission: 'complaint:read' },
        schema: {
          tags,
          summary: '按社区和类别统计件数、未办结、逾期和平均评价',
          querystring: complaintStatsQuery,
          response: { 200: complaintStats },
        },
      },
      async (request) => complaintFigures(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/complaints/settings',
      {
        config: { permission: 'complaint:read' },
        schema: {
          tags,
          summary: '受理、答复时限的各版本（本单位及下级、上级适用的；可按单位筛选）',
          querystring: settingListQuery,
          response: { 200: complaintSettingList },
        },
      },
      async (request) => listComplaintSettings(deps.db, authOf(request), request.query.orgUnitId),
    );
    app.get(
      '/api/complaints/settings/:id',
      {
        config: { permission: 'complaint:read' },
        schema: {
          tags,
          summary: '某单位适用的受理、答复时限（天）',
          params: idParam,
          response: { 200: complaintSettingView },
        },
      },
      async (request) => complaintSettingFor(deps.db, authOf(request), request.params.id),
    );
    app.put(
      '/api/complaints/settings',
      {
        config: { permission: 'complaint:manage' },
        schema: {
          tags,
          summary: '新建或修改某单位受理、答复时限（天）的版本（可指定生效日期）',
          body: complaintSettingBody,
          response: { 200: complaintSettingVersion },
        },
      },
      async (request) =>
        upsertComplaintSetting(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.get(
      '/api/complaints/:id',
      {
        config: { permission: 'complaint:read' },
        schema: {
          tags,
          summary: '信访举报详情',
          params: idParam,
          response: { 200: complaintView },
        },
      },
      async (request) => getComplaint(deps.db, authOf(request), deps.pii, request.params.id),
    );
    app.get(
      '/api/complaints/:id/attachments/:attachmentId',
      {
        config: { permission: 'complaint:read' },
        schema: {
          tags,
          summary: '下载附件',
          params: z.strictObject({
            id: z.coerce.number().int().positive(),
            attachmentId: z.coerce.number().int().positive(),
          }),
        },
      },
      async (request, reply) => {
        await loadComplaint(deps.db, authOf(request), request.params.id);
        const { rows } = await deps.db.execute<{
          file_name: string;
          mime: string;
          sha256: string;
          storage_path: string;
        }>(sql`select file_name, mime, sha256, storage_path from complaint_attachment
                where id = ${request.params.attachmentId} and complaint_id = ${request.params.id}`);
        const a = rows[0];
        if (!a) throw notFound();
        const buf = await readStored(deps.cfg.dataDir, a.storage_path, a.sha256);
        return reply
          .type(a.mime)
          .header('content-disposition', attachmentDisposition(a.file_name))
          .header('cache-control', 'no-store')
          .send(buf);
      },
    );

    app.post(
      '/api/complaints/:id/accept',
      {
        config: { permission: 'complaint:manage' },
        schema: {
          tags,
          summary: '受理（可指明被反映的社区工作者，此后对本人及其所在社区隐藏）',
          params: idParam,
          body: acceptComplaintBody,
          response: { 200: complaintView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await acceptComplaint(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body,
        );
        return getComplaint(deps.db, auth, deps.pii, request.params.id);
      },
    );
    app.post(
      '/api/complaints/:id/reject',
      {
        config: { permission: 'complaint:manage' },
        schema: {
          tags,
          summary: '不予受理（须说明原因，反映人可凭查询码看到）',
          params: idParam,
          body: rejectComplaintBody,
          response: { 200: complaintView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await rejectComplaint(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body,
        );
        return getComplaint(deps.db, auth, deps.pii, request.params.id);
      },
    );
    app.post(
      '/api/complaints/:id/reply',
      {
        config: { permission: 'complaint:manage' },
        schema: {
          tags,
          summary: '答复办理结果',
          params: idParam,
          body: replyComplaintBody,
          response: { 200: complaintView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await replyComplaint(deps.db, auth, auditContext(request), request.params.id, request.body);
        return getComplaint(deps.db, auth, deps.pii, request.params.id);
      },
    );
    app.post(
      '/api/complaints/:id/close',
      {
        config: { permission: 'complaint:manage' },
        schema: {
          tags,
          summary: '办结',
          params: idParam,
          body: closeComplaintBody,
          response: { 200: complaintView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await closeComplaint(
          deps.db,
          auth,
          auditContext(request),
          request.params.id,
          request.body.version,
        );
        return getComplaint(deps.db, auth, deps.pii, request.params.id);
      },
    );
    app.post(
      '/api/complaints/:id/notes',
      {
        config: { permission: 'complaint:manage' },
        schema: {
          tags,
          summary: '添加办理记录（可选择对反映人公开）',
          params: idParam,
          body: complaintNoteBody,
          response: { 200: complaintView },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await noteComplaint(deps.db, auth, auditContext(request), request.params.id, request.body);
        return getComplaint(deps.db, auth, deps.pii, request.params.id);
      },
    );
  };
}
