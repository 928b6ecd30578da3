// Public complaint pages' API (/api/public/complaints): no login, rate-limited per client address.
// Submission answers only the tracking code; follow-up, rating and attachments need the code,
// which is long and random, so a guessed code finds nothing and guessing is throttled.
import rateLimit from '@fastify/rate-limit';
import {
  complaintAttachmentUploaded,
  complaintCode,
  complaintTrackView,
  okResponse,
  publicCommunityList,
  rateComplaintBody,
  submitComplaintBody,
  submitComplaintResult,
  trackComplaintBody,
  filterText,
} from '@cwp/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, fieldError } from '../../lib/errors';
import {
  attachToComplaint,
  COMPLAINT_ATTACHMENT_LIMIT,
  rateComplaint,
  submitComplaint,
  trackComplaint,
} from './service';

const tags = ['complaints-public'];
const MINUTE = 60_000;

function fieldValue(fields: Record<string, unknown>, name: string): string {
  const f = fields[name];
  return f && typeof f === 'object' && 'value' in f && typeof f.value === 'string' ? f.value : '';
}

export function publicComplaintRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: () => new AppError('RATE_LIMITED'),
    });
    const limit = (max: number) => ({ max, timeWindow: MINUTE });

    app.get(
      '/api/public/complaints/communities',
      {
        config: { permission: 'public', rateLimit: limit(60) },
        schema: {
          tags,
          summary: '按名称查找社区（反映问题时选择所在社区）',
          querystring: z.strictObject({ q: filterText(30).optional() }),
          response: { 200: publicCommunityList },
        },
      },
      async (request) => {
        const q = request.query.q ?? '';
        const { rows } = await deps.db.execute<{ id: number; name: string; parent: string }>(sql`
          select c.id, c.name, coalesce(p.name, '') as parent
            from org_unit c left join org_unit p on p.id = c.parent_id
           where c.level = 'community' and c.active
             and (${q} = '' or strpos(c.name, ${q}) > 0 or strpos(p.name, ${q}) > 0)
           order by c.division_code limit 50`);
        return {
          items: rows.map((r) => ({ id: Number(r.id), name: r.name, parentName: r.parent })),
        };
      },
    );
    app.post(
      '/api/public/complaints',
      {
        config: { permission: 'public', rateLimit: limit(10) },
        schema: {
          tags,
          summary: '提交信访举报（可匿名），返回查询码',
          body: submitComplaintBody,
          response: { 200: submitComplaintResult },
        },
      },
      async (request) => submitComplaint(deps.db, deps.pii, auditContext(request), request.body),
    );
    app.post(
      '/api/public/complaints/track',
      {
        config: { permission: 'public', rateLimit: limit(20) },
        schema: {
          tags,
          summary: '凭查询码查看办理进度',
          body: trackComplaintBody,
          response: { 200: complaintTrackView },
        },
      },
      async (request) => trackComplaint(deps.db, request.body.code),
    );
    app.post(
      '/api/public/complaints/rate',
      {
        config: { permission: 'public', rateLimit: limit(20) },
        schema: {
          tags,
          summary: '凭查询码评价办理结果（1 至 5 分）',
          body: rateComplaintBody,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await rateComplaint(deps.db, auditContext(request), request.body);
        return { ok: true as const };
      },
    );
    app.post(
      '/api/public/complaints/attachments',
      {
        config: { permission: 'public', rateLimit: limit(20) },
        schema: {
          tags,
          summary: '补充附件（multipart：code 字段在前，file 在后；PDF/PNG/JPG，不超过 5 MB）',
          response: { 200: complaintAttachmentUploaded },
        },
      },
      async (request) => {
        const file = await request.file({
          limits: {
            fileSize: Math.min(COMPLAINT_ATTACHMENT_LIMIT, deps.cfg.UPLOAD_LIMIT_BYTES),
            files: 1,
          },
        });
        if (!file) throw fieldError('file', '请选择要上传的文件');
        const code = complaintCode.safeParse(fieldValue(file.fields, 'code'));
        if (!code.success) {
          file.file.resume();
          throw fieldError('code', '查询码应为 24 位字母数字（可含短横线）');
        }
        let buf: Buffer;
        try {
          buf = await file.toBuffer();
        } catch (err) {
          if (err instanceof Error && 'code' in err && err.code === 'FST_REQ_FILE_TOO_LARGE')
            throw fieldError('file', '附件不能超过 5 MB');
          throw err;
        }
        return attachToComplaint(deps.db, deps.cfg.dataDir, auditContext(request), code.data, {
          fileName: file.filename,
          buf,
        });
      },
    );
  };
}
