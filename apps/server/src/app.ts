// Builds the Fastify application from its dependencies; main.ts and the tests both use it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import type { Config } from './config';
import type { Db } from './db/client';
import type { AppDeps } from './lib/context';
import { auditRoutes } from './modules/audit/routes';
import { authRoutes } from './modules/auth/routes';
import { DictionaryCache } from './modules/dictionaries/cache';
import { dictionaryRoutes } from './modules/dictionaries/routes';
import { healthRoutes } from './modules/health/routes';
import { orgUnitRoutes } from './modules/org-units/routes';
import { roleRoutes } from './modules/roles/routes';
import { userRoutes } from './modules/users/routes';
import { workerRoutes } from './modules/workers/routes';
import { registerWorkerImportJob, workerExcelRoutes } from './modules/workers/excel-routes';
import { registerJobRunner } from './modules/jobs/runner';
import { contractRoutes } from './modules/contracts/routes';
import { attendanceRoutes } from './modules/attendance/routes';
import { rewardRoutes } from './modules/rewards/routes';
import { exitRoutes } from './modules/exits/routes';
import { dashboardRoutes } from './modules/dashboard/routes';
import { jobRoutes } from './modules/jobs/routes';
import { approvalRoutes } from './modules/approvals/routes';
import { notificationRoutes } from './modules/notifications/routes';
import { ruleSetRoutes } from './modules/rule-sets/routes';
import { staffingRoutes } from './modules/staffing/routes';
import { assessmentRoutes } from './modules/assessments/routes';
import { assessmentCycleRoutes } from './modules/assessment-cycles/routes';
import { gradeRoutes } from './modules/grades/routes';
import { registerGradeReviewJob } from './modules/grades/reviews';
import { publicRecruitmentRoutes } from './modules/recruitment/public-routes';
import { registerSurveyMixer } from './modules/surveys/mixer';
import { publicSurveyRoutes } from './modules/surveys/public-routes';
import { requestLogSerializer } from './lib/request-log';
import { surveyRoutes } from './modules/surveys/routes';
import { recruitmentRoutes } from './modules/recruitment/routes';
import { payrollRoutes } from './modules/payroll/routes';
import { trainingRoutes } from './modules/training/routes';
import { disclosureRoutes } from './modules/disclosures/routes';
import { complaintRoutes } from './modules/complaints/routes';
import { learningRoutes } from './modules/learning/routes';
import { qualificationRoutes } from './modules/qualifications/routes';
import { econAuditRoutes } from './modules/econ-audits/routes';
import { honorRoutes } from './modules/honors/routes';
import { careRoutes } from './modules/care/routes';
import { burdenRoutes } from './modules/burden/routes';
import { evaluationRoutes } from './modules/evaluation/routes';
import { Pii } from './lib/pii';
import multipart from '@fastify/multipart';
import pino from 'pino';
import { newSessionCache, registerAuth } from './plugins/auth';
import { registerErrorHandler } from './plugins/errors';

z.config(z.locales.zhCN());

export interface BuildOptions {
  cfg: Config;
  db: Db;
  pool: pg.Pool;
  logger?: boolean;
  /** Extra routes (tests use this to prove undeclared routes are refused). */
  extraRoutes?: (app: FastifyInstance) => void;
}

const REDACT = [
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'body.password',
  'body.newPassword',
  'body.currentPassword',
  'body.idNumber',
  'body.phone',
  'body.code',
];

/**
 * One log line a request, when it completes ("request completed" with its time, or "request
 * errored"), instead of Fastify's two: each line is a write, ~0.1 ms on this machine, against a
 * roster page of ~1 ms in PostgreSQL. The completed line carries the request (method, redacted
 * URL) as the received line did.
 */
class CompletedOnly extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(
    ...args: Parameters<LogController['requestCompleted']>
  ): ReturnType<LogController['requestCompleted']> {
    const [error, request, reply] = args;
    if (error) return super.requestCompleted(...args);
    reply.log.info(
      { req: request, res: reply, responseTime: reply.elapsedTime },
      'request completed',
    );
  }
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { cfg } = opts;
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: cfg.LOG_LEVEL,
            redact: { paths: REDACT, censor: '[redacted]' },
            serializers: { req: requestLogSerializer },
            // Written by libuv's thread pool, not by a write(2) on the request's own path
            // (measured: docs/PERFORMANCE.md, roster). pino flushes what is left at exit.
            stream: pino.destination({ dest: 1, sync: false }),
          },
    logController: new CompletedOnly(),
    bodyLimit: cfg.BODY_LIMIT_BYTES,
    trustProxy: cfg.TRUST_PROXY,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming)
        ? incoming
        : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
  });

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: cfg.UPLOAD_LIMIT_BYTES, files: 1, fields: 10, fieldSize: 1024 },
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: '社区工作者队伍建设管理平台 API',
        description: 'Community Workforce Platform',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cwp_session' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get(
    '/api/openapi.json',
    { config: { permission: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  registerErrorHandler(app);
  const deps: AppDeps = {
    cfg,
    db: opts.db,
    pool: opts.pool,
    dictionaries: new DictionaryCache(opts.db),
    pii: new Pii(cfg.pii),
    authCache: newSessionCache(cfg),
  };
  registerAuth(app, opts.pool, cfg, deps.authCache);

  await app.register(healthRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(orgUnitRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(roleRoutes(deps));
  await app.register(dictionaryRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(workerRoutes(deps));
  const jobs = registerJobRunner(app, opts.db);
  registerWorkerImportJob(deps, jobs);
  await app.register(jobRoutes(deps));
  await app.register(workerExcelRoutes({ ...deps, jobs }));
  await app.register(ruleSetRoutes(deps));
  await app.register(approvalRoutes(deps));
  await app.register(notificationRoutes({ ...deps, jobs }));
  await app.register(staffingRoutes(deps));
  registerGradeReviewJob(deps, jobs);
  await app.register(gradeRoutes({ ...deps, jobs }));
  await app.register(assessmentRoutes(deps));
  await app.register(assessmentCycleRoutes(deps));
  await app.register(recruitmentRoutes(deps));
  await app.register(publicRecruitmentRoutes(deps));
  await app.register(surveyRoutes(deps));
  await app.register(publicSurveyRoutes(deps));
  registerSurveyMixer(app, deps, jobs, cfg.NODE_ENV !== 'test');
  await app.register(payrollRoutes(deps));
  await app.register(trainingRoutes(deps));
  await app.register(contractRoutes({ ...deps, jobs }));
  await app.register(attendanceRoutes(deps));
  await app.register(rewardRoutes(deps));
  await app.register(exitRoutes({ ...deps, jobs }));
  await app.register(dashboardRoutes({ ...deps, jobs }));
  await app.register(learningRoutes(deps));
  await app.register(qualificationRoutes(deps));
  await app.register(disclosureRoutes({ ...deps, jobs }));
  await app.register(complaintRoutes(deps));
  await app.register(econAuditRoutes(deps));
  await app.register(honorRoutes(deps));
  await app.register(careRoutes(deps));
  await app.register(burdenRoutes(deps));
  await app.register(evaluationRoutes(deps));
  opts.extraRoutes?.(app);

  await registerWeb(app, cfg);
  return app;
}

async function registerWeb(app: FastifyInstance, cfg: Config): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dist = path.resolve(cfg.WEB_DIST ?? path.join(here, '../../web/dist'));
  if (!existsSync(path.join(dist, 'index.html'))) return;
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    setHeaders: (reply, file) => {
      // Hashed assets never change; index.html must always be revalidated.
      reply.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api')) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}
