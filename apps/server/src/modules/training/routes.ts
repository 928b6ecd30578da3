// Training core routes: thin — validate (zod), authorize (route permission + scope in the
// services), call the service, answer through the contract schemas. Reads need training:read,
// changes training:manage; a worker's own sign-in, sessions, hours and feedback need self:service.
import {
  attachmentInfo,
  completeSessionBody,
  completeSessionResult,
  complianceExportQuery,
  complianceQuery,
  complianceReport as complianceReportSchema,
  correctSignInBody,
  courseBody,
  coursePage,
  courseView,
  enrolBody,
  enrolmentList,
  enrolResult,
  externalTrainingBody,
  feedbackBody,
  idParam,
  libraryListQuery,
  mySessionList,
  okResponse,
  planProgressView,
  promotedResult,
  sessionBody,
  sessionListQuery,
  sessionPage,
  sessionView,
  signInBody,
  signInCodeView,
  signInResult,
  submitPlanBody,
  trainerBody,
  trainerPage,
  trainerView,
  trainingBaseBody,
  trainingBasePage,
  trainingBaseView,
  trainingPlanBody,
  trainingPlanListQuery,
  trainingPlanPage,
  trainingPlanView,
  updateCourseBody,
  updateTrainerBody,
  updateTrainingBaseBody,
  updateTrainingPlanBody,
  withdrawBody,
  workerHoursQuery,
  workerHoursView,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { complianceReport } from './compliance';
import { exportComplianceXlsx } from './export';
import {
  addExternalTraining,
  assertWorkerInScope,
  currentYear,
  mySessions,
  workerHours,
} from './hours';
import {
  listBases,
  listCourses,
  listTrainers,
  saveBase,
  saveCourse,
  saveTrainer,
} from './libraries';
import { createPlan, getPlan, listPlans, planProgress, submitPlan, updatePlan } from './plans';
import { qrKey } from './qr';
import {
  completeSession,
  correctSignIn,
  createSession,
  enrol,
  getSession,
  giveFeedback,
  listEnrolments,
  listSessions,
  withdraw,
} from './sessions';
import { currentCode, signIn } from './signin';
import { evidenceFile, uploadEvidence } from './evidence';

const tags = ['training'];

function ownWorker(workerId: number | null): number {
  if (workerId === null) throw new AppError('FORBIDDEN', undefined, '当前账号未关联社区工作者');
  return workerId;
}

export function trainingRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  const key = qrKey(deps.cfg.sessionSecret);
  return async (app) => {
    // ---- plans ----
    app.get(
      '/api/training/plans',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '培训计划列表',
          querystring: trainingPlanListQuery,
          response: { 200: trainingPlanPage },
        },
      },
      async (req) => listPlans(deps.db, authOf(req), req.query),
    );
    app.get(
      '/api/training/plans/:id',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '培训计划详情',
          params: idParam,
          response: { 200: trainingPlanView },
        },
      },
      async (req) => getPlan(deps.db, authOf(req), req.params.id),
    );
    app.get(
      '/api/training/plans/:id/progress',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '培训计划完成进度',
          params: idParam,
          response: { 200: planProgressView },
        },
      },
      async (req) => planProgress(deps.db, authOf(req), req.params.id),
    );
    app.post(
      '/api/training/plans',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '新建培训计划（国家、省级计划为备案）',
          body: trainingPlanBody,
          response: { 200: trainingPlanView },
        },
      },
      async (req) => createPlan(deps.db, authOf(req), auditContext(req), req.body),
    );
    app.put(
      '/api/training/plans/:id',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '修改培训计划（草稿或退回时）',
          params: idParam,
          body: updateTrainingPlanBody,
          response: { 200: trainingPlanView },
        },
      },
      async (req) => updatePlan(deps.db, authOf(req), auditContext(req), req.params.id, req.body),
    );
    app.post(
      '/api/training/plans/:id/submit',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '提交培训计划审批',
          params: idParam,
          body: submitPlanBody,
          response: { 200: trainingPlanView },
        },
      },
      async (req) => submitPlan(deps.db, authOf(req), auditContext(req), req.params.id, req.body),
    );

    // ---- libraries ----
    app.get(
      '/api/training/courses',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '课程库',
          querystring: libraryListQuery,
          response: { 200: coursePage },
        },
      },
      async (req) => listCourses(deps.db, authOf(req), req.query),
    );
    app.post(
      '/api/training/courses',
      {
        config: { permission: 'training:manage' },
        schema: { tags, summary: '新增课程', body: courseBody, response: { 200: courseView } },
      },
      async (req) => saveCourse(deps.db, authOf(req), auditContext(req), null, req.body),
    );
    app.put(
      '/api/training/courses/:id',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '修改课程',
          params: idParam,
          body: updateCourseBody,
          response: { 200: courseView },
        },
      },
      async (req) => saveCourse(deps.db, authOf(req), auditContext(req), req.params.id, req.body),
    );
    app.get(
      '/api/training/trainers',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '师资库',
          querystring: libraryListQuery,
          response: { 200: trainerPage },
        },
      },
      async (req) => listTrainers(deps.db, authOf(req), req.query),
    );
    app.post(
      '/api/training/trainers',
      {
        config: { permission: 'training:manage' },
        schema: { tags, summary: '新增师资', body: trainerBody, response: { 200: trainerView } },
      },
      async (req) => saveTrainer(deps.db, authOf(req), auditContext(req), null, req.body),
    );
    app.put(
      '/api/training/trainers/:id',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '修改师资',
          params: idParam,
          body: updateTrainerBody,
          response: { 200: trainerView },
        },
      },
      async (req) => saveTrainer(deps.db, authOf(req), auditContext(req), req.params.id, req.body),
    );
    app.get(
      '/api/training/bases',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '培训基地与实习实践基地',
          querystring: libraryListQuery,
          response: { 200: trainingBasePage },
        },
      },
      async (req) => listBases(deps.db, authOf(req), req.query),
    );
    app.post(
      '/api/training/bases',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '新增基地',
          body: trainingBaseBody,
          response: { 200: trainingBaseView },
        },
      },
      async (req) => saveBase(deps.db, authOf(req), auditContext(req), null, req.body),
    );
    app.put(
      '/api/training/bases/:id',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '修改基地',
          params: idParam,
          body: updateTrainingBaseBody,
          response: { 200: trainingBaseView },
        },
      },
      async (req) => saveBase(deps.db, authOf(req), auditContext(req), req.params.id, req.body),
    );

    // ---- sessions ----
    app.get(
      '/api/training/sessions',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '培训班次列表',
          querystring: sessionListQuery,
          response: { 200: sessionPage },
        },
      },
      async (req) => listSessions(deps.db, authOf(req), req.query),
    );
    app.get(
      '/api/training/sessions/:id',
      {
        config: { permission: 'training:read' },
        schema: { tags, summary: '培训班次详情', params: idParam, response: { 200: sessionView } },
      },
      async (req) => getSession(deps.db, authOf(req), req.params.id),
    );
    app.post(
      '/api/training/sessions',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '新建培训班次',
          body: sessionBody,
          response: { 200: sessionView },
        },
      },
      async (req) => createSession(deps.db, authOf(req), auditContext(req), req.body),
    );
    app.get(
      '/api/training/sessions/:id/enrolments',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '报名与签到名单',
          params: idParam,
          response: { 200: enrolmentList },
        },
      },
      async (req) => ({ items: await listEnrolments(deps.db, authOf(req), req.params.id) }),
    );
    app.post(
      '/api/training/sessions/:id/enrolments',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '报名（指定人员或整个单位；超出人数进入候补）',
          params: idParam,
          body: enrolBody,
          response: { 200: enrolResult },
        },
      },
      async (req) => enrol(deps.db, authOf(req), auditContext(req), req.params.id, req.body),
    );
    app.post(
      '/api/training/sessions/:id/withdraw',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '取消报名（候补第一位自动递补）',
          params: idParam,
          body: withdrawBody,
          response: { 200: promotedResult },
        },
      },
      async (req) =>
        withdraw(deps.db, authOf(req), auditContext(req), req.params.id, req.body.workerId),
    );
    app.get(
      '/api/training/sessions/:id/sign-in-code',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '当前签到二维码（每分钟更换）',
          params: idParam,
          response: { 200: signInCodeView },
        },
      },
      async (req, reply) => {
        void reply.header('cache-control', 'no-store');
        return currentCode(deps.db, authOf(req), key, req.params.id);
      },
    );
    app.post(
      '/api/training/sessions/:id/corrections',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '签到更正（补签或撤销，须填写原因）',
          params: idParam,
          body: correctSignInBody,
          response: { 200: enrolmentList },
        },
      },
      async (req) => ({
        items: await correctSignIn(
          deps.db,
          authOf(req),
          auditContext(req),
          req.params.id,
          req.body,
        ),
      }),
    );
    app.post(
      '/api/training/sessions/:id/complete',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '结业：确认出勤并发放学时',
          params: idParam,
          body: completeSessionBody,
          response: { 200: completeSessionResult },
        },
      },
      async (req) =>
        completeSession(deps.db, authOf(req), auditContext(req), req.params.id, req.body.version),
    );

    // ---- ledger, rules, compliance ----
    app.get(
      '/api/training/workers/:id/hours',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '人员学时档案',
          params: idParam,
          querystring: workerHoursQuery,
          response: { 200: workerHoursView },
        },
      },
      async (req) => {
        await assertWorkerInScope(deps.db, authOf(req), req.params.id);
        return workerHours(deps.db, req.params.id, req.query.year ?? currentYear());
      },
    );
    app.post(
      '/api/training/external',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '登记外部培训（附证明材料）并计入学时',
          body: externalTrainingBody,
          response: { 200: workerHoursView },
        },
      },
      async (req) => addExternalTraining(deps.db, authOf(req), auditContext(req), req.body),
    );
    app.post(
      '/api/training/workers/:id/evidence',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '上传外部培训证明材料（PDF/PNG/JPEG，multipart 字段 file），登记外部培训时引用',
          params: idParam,
          response: { 200: attachmentInfo },
        },
      },
      async (req) => {
        const file = req.isMultipart()
          ? await req.file({ limits: { fileSize: deps.cfg.UPLOAD_LIMIT_BYTES, files: 1 } })
          : undefined;
        const upload = file ? { buffer: await file.toBuffer(), fileName: file.filename } : null;
        return uploadEvidence(
          deps.db,
          deps.cfg.dataDir,
          authOf(req),
          auditContext(req),
          req.params.id,
          upload,
        );
      },
    );
    app.get(
      '/api/training/external/:id/evidence',
      {
        // The worker themself or a training reader in scope; anyone else gets 404.
        config: { permission: 'authenticated' },
        schema: { tags, summary: '下载外部培训证明材料', params: idParam },
      },
      async (req, reply) => {
        const f = await evidenceFile(deps.db, deps.cfg.dataDir, authOf(req), req.params.id);
        return reply
          .type(f.mimeType)
          .header('content-disposition', attachmentDisposition(f.fileName))
          .send(f.buffer);
      },
    );
    app.get(
      '/api/training/compliance',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '培训达标情况（按单位汇总，未达标人员分页）',
          querystring: complianceQuery,
          response: { 200: complianceReportSchema },
        },
      },
      async (req) => complianceReport(deps.db, authOf(req), req.query),
    );
    app.get(
      '/api/training/compliance/export',
      {
        config: { permission: 'training:read' },
        schema: { tags, summary: '导出培训达标情况（.xlsx）', querystring: complianceExportQuery },
      },
      async (req, reply) => {
        const file = await exportComplianceXlsx(deps.db, authOf(req), auditContext(req), req.query);
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('cache-control', 'no-store')
          .send(file.buffer);
      },
    );

    // ---- self-service ----
    app.post(
      '/api/training/sign-in',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '扫码签到（本人）',
          body: signInBody,
          response: { 200: signInResult },
        },
      },
      async (req) => signIn(deps.db, authOf(req), auditContext(req), key, req.body.code),
    );
    app.get(
      '/api/training/my/sessions',
      {
        config: { permission: 'self:service' },
        schema: { tags, summary: '我的培训班次', response: { 200: mySessionList } },
      },
      async (req) => ({ items: await mySessions(deps.db, ownWorker(authOf(req).workerId)) }),
    );
    app.get(
      '/api/training/my/hours',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '我的学时',
          querystring: workerHoursQuery,
          response: { 200: workerHoursView },
        },
      },
      async (req) =>
        workerHours(deps.db, ownWorker(authOf(req).workerId), req.query.year ?? currentYear()),
    );
    app.post(
      '/api/training/my/sessions/:id/feedback',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '评价培训班次与授课老师',
          params: idParam,
          body: feedbackBody,
          response: { 200: okResponse },
        },
      },
      async (req) => giveFeedback(deps.db, authOf(req), auditContext(req), req.params.id, req.body),
    );
    app.post(
      '/api/training/my/sessions/:id/withdraw',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '本人取消报名',
          params: idParam,
          response: { 200: promotedResult },
        },
      },
      async (req) => {
        const auth = authOf(req);
        return withdraw(
          deps.db,
          auth,
          auditContext(req),
          req.params.id,
          ownWorker(auth.workerId),
          true,
        );
      },
    );
  };
}
