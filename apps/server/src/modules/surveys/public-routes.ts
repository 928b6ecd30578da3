// The public survey form's API (/api/public/surveys): no login. Rate-limited per client address
// (route limit) and per code (a second limiter keyed by the code's hash, after the body is read).
// The code travels only in the POST body and is never logged (see log.ts for the page URL).
import rateLimit from '@fastify/rate-limit';
import {
  publicSurveyParams,
  publicSurveyView,
  submitSurveyBody,
  submitSurveyResult,
} from '@cwp/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../lib/context';
import { AppError, notFound } from '../../lib/errors';
import { readStored } from '../workers/attachments';
import { todayIso } from '../workers/mapping';
import { BurstDetector, raiseFlag } from './abuse';
import { codeHasher, codeLookup, publicCampaign } from './campaigns';
import { checkAnswers, isOpenOn, refuse, takeAnswer } from './submit';

const tags = ['surveys-public'];
const MINUTE = 60_000;

/** Per-address submissions a minute; raise it (env) where many households share one address. */
function perIpLimit(): number {
  const v = Number(process.env.SURVEY_SUBMITS_PER_IP_PER_MINUTE ?? '');
  return Number.isInteger(v) && v > 0 ? v : 60;
}

const photoParams = z.strictObject({
  campaignId: z.coerce.number().int().positive(),
  workerId: z.coerce.number().int().positive(),
});

export function publicSurveyRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const hash = codeHasher(deps.cfg.pii.current);
  const lookup = codeLookup(deps.cfg.pii);
  const bursts = new BurstDetector();
  return async (app) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: () => new AppError('RATE_LIMITED'),
    });
    // A code may be tried a few times (a typo, a lost connection), not hammered.
    const perCodeLimiter = app.createRateLimit({
      max: 5,
      timeWindow: 10 * MINUTE,
      keyGenerator: (request) => {
        const body = request.body as { code?: unknown } | undefined;
        return `survey-code:${typeof body?.code === 'string' ? hash(body.code) : 'none'}`;
      },
    });
    const perCode = async (request: FastifyRequest<{ Params: { campaignId: number } }>) => {
      const r = await perCodeLimiter(request);
      if (!r.isAllowed && r.isExceeded) {
        await raiseFlag(deps.db, request.params.campaignId, 'rate_limited');
        throw new AppError('RATE_LIMITED');
      }
    };

    const openCampaign = async (id: number) => {
      const c = await publicCampaign(deps.db, id);
      if (!c) throw notFound();
      if (!isOpenOn(c, todayIso())) throw refuse('closed');
      return c;
    };

    app.get(
      '/api/public/surveys/:campaignId',
      {
        config: { permission: 'public', rateLimit: { max: 120, timeWindow: MINUTE } },
        schema: {
          tags,
          summary: '居民满意度测评问卷（题目与社区工作者名片）',
          params: publicSurveyParams,
          response: { 200: publicSurveyView },
        },
      },
      async (request) => {
        const c = await openCampaign(request.params.campaignId);
        return {
          id: c.id,
          title: c.title,
          orgUnitName: c.orgUnitName,
          closesOn: c.closesOn,
          scaleMax: c.scaleMax,
          questions: c.questions,
          workers: c.workers.map((w) => ({
            workerId: w.workerId,
            name: w.name,
            post: w.post,
            photoUrl: w.hasPhoto ? `/api/public/surveys/${c.id}/workers/${w.workerId}/photo` : null,
          })),
        };
      },
    );
    app.get(
      '/api/public/surveys/:campaignId/workers/:workerId/photo',
      {
        config: { permission: 'public', rateLimit: { max: 600, timeWindow: MINUTE } },
        schema: { tags, summary: '参评社区工作者的照片（来自档案）', params: photoParams },
      },
      async (request, reply) => {
        const c = await openCampaign(request.params.campaignId);
        if (!c.workerIds.has(request.params.workerId)) throw notFound();
        const photo = (
          await deps.pool.query<{ storage_path: string; sha256: string; mime_type: string }>(
            `select storage_path, sha256, mime_type from worker_attachment
              where worker_id = $1 and kind = 'photo' and mime_type like 'image/%'
              order by id desc limit 1`,
            [request.params.workerId],
          )
        ).rows[0];
        if (!photo) throw notFound();
        const buf = await readStored(deps.cfg.dataDir, photo.storage_path, photo.sha256);
        return reply
          .type(photo.mime_type)
          .header('cache-control', 'private, max-age=600')
          .send(buf);
      },
    );
    app.post(
      '/api/public/surveys/:campaignId/responses',
      {
        config: {
          permission: 'public',
          rateLimit: { max: perIpLimit(), timeWindow: MINUTE },
        },
        preHandler: perCode,
        schema: {
          tags,
          summary: '提交测评（凭一次性测评码，每码限用一次；答卷匿名，只记日期）',
          params: publicSurveyParams,
          body: submitSurveyBody,
          response: { 200: submitSurveyResult },
        },
      },
      async (request) => {
        const id = request.params.campaignId;
        const c = await openCampaign(id);
        const checked = checkAnswers(c, request.body);
        try {
          await takeAnswer(deps.pool, id, lookup(request.body.code), checked, request.body);
        } catch (err) {
          if (err instanceof AppError && err.details?.[0]?.path === 'code') {
            await raiseFlag(deps.db, id, 'rejected_codes');
          }
          throw err;
        }
        if (bursts.note(id, checked.patternHash)) {
          await raiseFlag(deps.db, id, 'identical_burst', bursts.threshold);
        }
        return { ok: true as const, message: '提交成功，感谢您对社区工作的支持！' };
      },
    );
  };
}
