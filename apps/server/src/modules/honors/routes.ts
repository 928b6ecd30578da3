// Political care and honours: thin routes over service.ts; everything needs honor:manage except
// the public honour roll of a community (no login, rate-limited).
import rateLimit from '@fastify/rate-limit';
import {
  candidatesQuery,
  commendationListQuery,
  commendationPage,
  commendationView,
  createCommendationBody,
  createNominationBody,
  createNominationRoundBody,
  eligibilityView,
  idParam,
  nominationOutcomeBody,
  nominationRoundDetail,
  nominationRoundPage,
  pageQuery,
  publicHonorRoll,
  submitNominationBody,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError, notFound } from '../../lib/errors';
import { authOf } from '../../plugins/auth';
import { HonorRollCache } from './public-cache';
import {
  createCommendation,
  createRound,
  eligibilityFor,
  getRound,
  listCommendations,
  listRounds,
  nominate,
  publicHonorRoll as honorRoll,
  recordOutcome,
  submitNomination,
} from './service';

const tags = ['honors'];
const manage = { permission: 'honor:manage' } as const;

export function honorRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const rollCache = new HonorRollCache();
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: () => new AppError('RATE_LIMITED'),
    });
    app.get(
      '/api/public/communities/:id/honors',
      {
        config: { permission: 'public', rateLimit: { max: 120, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: '社区荣誉榜：公开的表彰与先进典型（无需登录，缓存 30 秒）',
          params: idParam,
          response: { 200: publicHonorRoll },
        },
      },
      async (request, reply) => {
        let roll = rollCache.get(request.params.id);
        if (roll === undefined) {
          roll = await honorRoll(deps.db, request.params.id);
          rollCache.set(request.params.id, roll);
        }
        if (!roll) throw notFound();
        void reply.header('cache-control', 'public, max-age=30');
        return roll;
      },
    );
    app.get(
      '/api/nomination-rounds',
      {
        config: manage,
        schema: {
          tags,
          summary: '“两代表一委员”推选列表',
          querystring: pageQuery,
          response: { 200: nominationRoundPage },
        },
      },
      async (request) => listRounds(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/nomination-rounds',
      {
        config: manage,
        schema: {
          tags,
          summary: '发起推选（资格条件随推选保存）',
          body: createNominationRoundBody,
          response: { 200: nominationRoundDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const id = await deps.db.transaction((tx) =>
          createRound(tx, auth, auditContext(request), request.body),
        );
        return getRound(deps.db, auth, id);
      },
    );
    app.get(
      '/api/nomination-rounds/:id',
      {
        config: manage,
        schema: {
          tags,
          summary: '推选详情与人选',
          params: idParam,
          response: { 200: nominationRoundDetail },
        },
      },
      async (request) => getRound(deps.db, authOf(request), request.params.id),
    );
    app.get(
      '/api/nomination-rounds/:id/eligibility',
      {
        config: manage,
        schema: {
          tags,
          summary: '资格审查（按推选条件、社区工作年限和年度考核）',
          params: idParam,
          querystring: candidatesQuery,
          response: { 200: eligibilityView },
        },
      },
      async (request) =>
        eligibilityFor(deps.db, authOf(request), request.params.id, request.query.workerId),
    );
    app.post(
      '/api/nomination-rounds/:id/nominations',
      {
        config: manage,
        schema: {
          tags,
          summary: '提名人选（不符合条件的拒绝并说明原因）',
          params: idParam,
          body: createNominationBody,
          response: { 200: nominationRoundDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        await deps.db.transaction((tx) =>
          nominate(tx, auth, auditContext(request), request.params.id, request.body),
        );
        return getRound(deps.db, auth, request.params.id);
      },
    );
    app.post(
      '/api/nominations/:id/submit',
      {
        config: manage,
        schema: {
          tags,
          summary: '报上级审批',
          params: idParam,
          body: submitNominationBody,
          response: { 200: nominationRoundDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const roundId = await deps.db.transaction((tx) =>
          submitNomination(tx, auth, auditContext(request), request.params.id, request.body),
        );
        return getRound(deps.db, auth, roundId);
      },
    );
    app.post(
      '/api/nominations/:id/outcome',
      {
        config: manage,
        schema: {
          tags,
          summary: '登记推选结果（当选/未当选）',
          params: idParam,
          body: nominationOutcomeBody,
          response: { 200: nominationRoundDetail },
        },
      },
      async (request) => {
        const auth = authOf(request);
        const roundId = await deps.db.transaction((tx) =>
          recordOutcome(tx, auth, auditContext(request), request.params.id, request.body),
        );
        return getRound(deps.db, auth, roundId);
      },
    );
    app.get(
      '/api/commendations',
      {
        config: manage,
        schema: {
          tags,
          summary: '表彰与先进典型',
          querystring: commendationListQuery,
          response: { 200: commendationPage },
        },
      },
      async (request) => listCommendations(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/commendations',
      {
        config: manage,
        schema: {
          tags,
          summary: '登记表彰或先进典型（可选择在社区公开页展示）',
          body: createCommendationBody,
          response: { 200: commendationView },
        },
      },
      async (request) => {
        const created = await deps.db.transaction((tx) =>
          createCommendation(tx, authOf(request), auditContext(request), request.body),
        );
        if (created.isPublic) rollCache.clear();
        return created;
      },
    );
  };
}
