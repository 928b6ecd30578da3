// Online learning routes: course management (training:read / training:manage), content upload
// and streaming (with range requests for video), and the worker's own learning (self:service).
import {
  addTextItemBody,
  createOnlineCourseBody,
  heartbeatBody,
  heartbeatResult,
  idParam,
  markReadResult,
  myCourseDetail,
  myCourseView,
  myLearningSummary as myLearningSummarySchema,
  onlineCourseDetail,
  onlineCourseListQuery,
  onlineCoursePage,
  onlineItemView,
  quizResult,
  replaceQuizBody,
  submitQuizBody,
  updateOnlineCourseBody,
} from '@cwp/contracts';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { onlineCourse, onlineCourseItem } from '../../db/schema-learning';
import { auditContext, type AppDeps } from '../../lib/context';
import { fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { authOf } from '../../plugins/auth';
import { contentLimit, sendContent, storeContentStream } from './content';
import {
  addItem,
  createCourse,
  getCourse,
  listCourses,
  replaceQuiz,
  updateCourse,
  courseInScope,
} from './courses';
import {
  courseOpenToMe,
  getMyCourse,
  heartbeat,
  listMyCourses,
  markRead,
  submitQuiz,
} from './progress';
import { myLearningSummary } from './self';

const tags = ['learning'];

function fieldValue(fields: Record<string, unknown>, name: string): string | undefined {
  const f = fields[name];
  if (f && typeof f === 'object' && 'value' in f && typeof f.value === 'string') return f.value;
  return undefined;
}

export function learningRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/learning/courses',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '线上课程列表',
          querystring: onlineCourseListQuery,
          response: { 200: onlineCoursePage },
        },
      },
      async (request) => listCourses(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/learning/courses',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '新建线上课程（草稿）',
          body: createOnlineCourseBody,
          response: { 200: onlineCourseDetail },
        },
      },
      async (request) =>
        createCourse(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.get(
      '/api/learning/courses/:id',
      {
        config: { permission: 'training:read' },
        schema: {
          tags,
          summary: '线上课程详情（含内容与测验答案）',
          params: idParam,
          response: { 200: onlineCourseDetail },
        },
      },
      async (request) => getCourse(deps.db, authOf(request), request.params.id),
    );
    app.patch(
      '/api/learning/courses/:id',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '修改、发布或下线课程（须带 version）',
          params: idParam,
          body: updateOnlineCourseBody,
          response: { 200: onlineCourseDetail },
        },
      },
      async (request) =>
        updateCourse(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.post(
      '/api/learning/courses/:id/items/text',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '添加图文内容',
          params: idParam,
          body: addTextItemBody,
          response: { 200: onlineItemView },
        },
      },
      async (request) =>
        addItem(deps.db, authOf(request), auditContext(request), request.params.id, {
          kind: 'text',
          title: request.body.title,
          body: request.body.body,
        }),
    );
    for (const kind of ['pdf', 'video'] as const) {
      app.post(
        `/api/learning/courses/:id/items/${kind}`,
        {
          config: { permission: 'training:manage' },
          schema: {
            tags,
            summary:
              kind === 'pdf'
                ? '上传 PDF 文档（multipart：先 title 字段，再 file）'
                : '上传视频 MP4/WebM（multipart：先 title、durationSeconds 字段，再 file）',
            params: idParam,
            response: { 200: onlineItemView },
          },
        },
        async (request) => {
          const auth = authOf(request);
          const course = await courseInScope(deps.db, auth, request.params.id);
          if (course.status !== 'draft')
            throw fieldError('status', '课程已发布，内容不能再修改；如需修改请先改回草稿');
          const limit = contentLimit(deps.cfg.UPLOAD_LIMIT_BYTES, kind);
          const file = await request.file({ limits: { fileSize: limit, files: 1 } });
          if (!file) throw fieldError('file', '请选择要上传的文件');
          const title = fieldValue(file.fields, 'title')?.trim();
          let duration: number | null = null;
          if (kind === 'video') {
            const raw = fieldValue(file.fields, 'durationSeconds');
            duration = raw === undefined ? NaN : Number(raw);
            if (!Number.isInteger(duration) || duration < 1 || duration > 86_400) {
              file.file.resume();
              throw fieldError('durationSeconds', '请填写视频时长（1–86400 秒的整数）');
            }
          }
          if (!title || title.length > 200) {
            file.file.resume();
            throw fieldError('title', '标题不能为空且不超过 200 个字符');
          }
          const stored = await storeContentStream(deps.cfg.dataDir, file.file, limit, kind);
          const fileName = (file.filename || `content.${stored.type.ext}`)
            // eslint-disable-next-line no-control-regex -- strip control characters from file names
            .replace(/[\\/\u0000-\u001f]/g, '_')
            .slice(0, 200);
          return addItem(deps.db, auth, auditContext(request), course.id, {
            kind,
            title,
            fileName,
            mimeType: stored.type.mime,
            size: stored.size,
            sha256: stored.sha256,
            storagePath: stored.storagePath,
            durationSeconds: duration,
          });
        },
      );
    }
    app.put(
      '/api/learning/courses/:id/quiz',
      {
        config: { permission: 'training:manage' },
        schema: {
          tags,
          summary: '设置课程测验（整体替换，须带 version）',
          params: idParam,
          body: replaceQuizBody,
          response: { 200: onlineCourseDetail },
        },
      },
      async (request) =>
        replaceQuiz(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.get(
      '/api/learning/items/:id/content',
      {
        // A course manager in scope, or a worker the course is open to.
        config: { permission: 'authenticated' },
        schema: { tags, summary: '课程文件（支持 Range 分段）', params: idParam },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const [item] = await deps.db
          .select()
          .from(onlineCourseItem)
          .where(eq(onlineCourseItem.id, request.params.id));
        if (!item || !item.storagePath || !item.sha256 || !item.mimeType || item.size === null)
          throw notFound();
        const [course] = await deps.db
          .select()
          .from(onlineCourse)
          .where(eq(onlineCourse.id, item.courseId));
        if (!course) throw notFound();
        const manager = auth.permissions.has('training:read') && inScope(auth, course.orgPath);
        if (!manager) {
          if (!auth.permissions.has('self:service')) throw notFound();
          await courseOpenToMe(deps.db, auth, course.id);
        }
        return sendContent(
          reply,
          deps.cfg.dataDir,
          {
            storagePath: item.storagePath,
            size: item.size,
            mimeType: item.mimeType,
            fileName: item.fileName ?? `content`,
            sha256: item.sha256,
          },
          request.headers.range,
        );
      },
    );

    // ---- the worker's own learning ----
    app.get(
      '/api/me/learning',
      {
        config: { permission: 'self:read' },
        schema: {
          tags,
          summary: '本人学习档案：学时、能力画像、证书、课程、近期班次',
          response: { 200: myLearningSummarySchema },
        },
      },
      async (request) => myLearningSummary(deps.db, authOf(request)),
    );
    app.get(
      '/api/me/learning/courses',
      {
        config: { permission: 'self:service' },
        schema: { tags, summary: '本人可学的线上课程', response: { 200: z.array(myCourseView) } },
      },
      async (request) => listMyCourses(deps.db, authOf(request)),
    );
    app.get(
      '/api/me/learning/courses/:id',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '学习课程（内容、进度、测验题目，不含答案）',
          params: idParam,
          response: { 200: myCourseDetail },
        },
      },
      async (request) => getMyCourse(deps.db, authOf(request), request.params.id),
    );
    app.post(
      '/api/me/learning/items/:id/heartbeat',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '视频播放进度心跳',
          params: idParam,
          body: heartbeatBody,
          response: { 200: heartbeatResult },
        },
      },
      async (request) =>
        heartbeat(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.position,
        ),
    );
    app.post(
      '/api/me/learning/items/:id/read',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '标记文档/图文已学',
          params: idParam,
          response: { 200: markReadResult },
        },
      },
      async (request) =>
        markRead(deps.db, authOf(request), auditContext(request), request.params.id),
    );
    app.post(
      '/api/me/learning/courses/:id/quiz',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '提交测验答卷（同一 submissionKey 只计一次）',
          params: idParam,
          body: submitQuizBody,
          response: { 200: quizResult },
        },
      },
      async (request) =>
        submitQuiz(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
  };
}
