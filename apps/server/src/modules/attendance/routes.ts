// Daily work routes: self-service (self:service) check-in, leave and work logs for the caller's own
// dossier; rosters, leave approval, quotas and the holiday calendar (attendance:manage); lists,
// the monthly summary and its export (attendance:read). Scope: the caller's subtree, 404 outside.
import {
  attendanceSummaryQuery,
  attendanceSummaryView,
  checkInBody,
  checkInView,
  createDutyBody,
  createLeaveBody,
  createWorkLogBody,
  decideLeaveBody,
  dutyEntryView,
  dutyQuery,
  holidayDayParam,
  holidayQuery,
  holidayView,
  idParam,
  leavePage,
  leaveQuery,
  leaveQuotaQuery,
  leaveQuotaView,
  leaveView,
  myAttendanceView,
  okResponse,
  putHolidayBody,
  putLeaveQuotaBody,
  workLogPage,
  workLogQuery,
  workLogView,
} from '@cwp/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContext, type AppDeps } from '../../lib/context';
import { authOf } from '../../plugins/auth';
import { attachmentDisposition, XLSX_MIME } from '../jobs/routes';
import { summaryXlsx } from './export';
import { scopedUnit } from './scope';
import {
  addDuty,
  addWorkLog,
  cancelLeave,
  checkIn,
  decideLeave,
  deleteHoliday,
  dutyRoster,
  listHolidays,
  listLeaves,
  listQuotas,
  listWorkLogs,
  myAttendance,
  myWorkLogs,
  putHoliday,
  putQuota,
  removeDuty,
  requestLeave,
} from './service';
import { monthlySummary } from './summary';

const tags = ['attendance'];
const versionBody = z.strictObject({ version: z.number({ error: '缺少版本号' }).int().positive() });
const pageOnly = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export function attendanceRoutes(deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // ---- self-service ----
    app.get(
      '/api/me/attendance',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '本人考勤：今日打卡、近期打卡、假期余额、请假和值班',
          response: { 200: myAttendanceView },
        },
      },
      async (request) => myAttendance(deps.db, authOf(request)),
    );
    app.post(
      '/api/me/check-in',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '本人打卡（每天一次；不能替他人打卡）',
          body: checkInBody,
          response: { 200: checkInView },
        },
      },
      async (request) => checkIn(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.post(
      '/api/me/leaves',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '本人请假申请（按工作日计天数，检查假期余额）',
          body: createLeaveBody,
          response: { 200: leaveView },
        },
      },
      async (request) =>
        requestLeave(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.post(
      '/api/me/leaves/:id/cancel',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '撤回本人待审批的请假申请',
          params: idParam,
          body: versionBody,
          response: { 200: leaveView },
        },
      },
      async (request) =>
        cancelLeave(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body.version,
        ),
    );
    app.get(
      '/api/me/work-logs',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '本人民情日志',
          querystring: pageOnly,
          response: { 200: workLogPage },
        },
      },
      async (request) => myWorkLogs(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/me/work-logs',
      {
        config: { permission: 'self:service' },
        schema: {
          tags,
          summary: '写民情日志',
          body: createWorkLogBody,
          response: { 200: workLogView },
        },
      },
      async (request) => addWorkLog(deps.db, authOf(request), auditContext(request), request.body),
    );

    // ---- management ----
    app.get(
      '/api/work-logs',
      {
        config: { permission: 'attendance:read' },
        schema: {
          tags,
          summary: '民情日志列表（按单位、人员、类别、日期筛选）',
          querystring: workLogQuery,
          response: { 200: workLogPage },
        },
      },
      async (request) => listWorkLogs(deps.db, authOf(request), request.query),
    );
    app.get(
      '/api/duty-roster',
      {
        config: { permission: 'attendance:read' },
        schema: {
          tags,
          summary: '社区值班表（按月）',
          querystring: dutyQuery,
          response: { 200: z.array(dutyEntryView) },
        },
      },
      async (request) => dutyRoster(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/duty-roster',
      {
        config: { permission: 'attendance:manage' },
        schema: {
          tags,
          summary: '排班',
          body: createDutyBody,
          response: { 200: z.array(dutyEntryView) },
        },
      },
      async (request) => addDuty(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.delete(
      '/api/duty-roster/:id',
      {
        config: { permission: 'attendance:manage' },
        schema: { tags, summary: '删除排班', params: idParam, response: { 200: okResponse } },
      },
      async (request) => {
        await removeDuty(deps.db, authOf(request), auditContext(request), request.params.id);
        return { ok: true as const };
      },
    );
    app.get(
      '/api/leaves',
      {
        config: { permission: 'attendance:read' },
        schema: {
          tags,
          summary: '请假申请列表',
          querystring: leaveQuery,
          response: { 200: leavePage },
        },
      },
      async (request) => listLeaves(deps.db, authOf(request), request.query),
    );
    app.post(
      '/api/leaves/:id/decide',
      {
        config: { permission: 'attendance:manage' },
        schema: {
          tags,
          summary: '审批请假申请（批准或不批准）',
          params: idParam,
          body: decideLeaveBody,
          response: { 200: leaveView },
        },
      },
      async (request) =>
        decideLeave(
          deps.db,
          authOf(request),
          auditContext(request),
          request.params.id,
          request.body,
        ),
    );
    app.get(
      '/api/leave-quotas',
      {
        config: { permission: 'attendance:read' },
        schema: {
          tags,
          summary: '假期额度（本单位、上级继承和下级设置）',
          querystring: leaveQuotaQuery,
          response: { 200: z.array(leaveQuotaView) },
        },
      },
      async (request) => listQuotas(deps.db, authOf(request), request.query.orgUnitId),
    );
    app.put(
      '/api/leave-quotas',
      {
        config: { permission: 'attendance:manage' },
        schema: {
          tags,
          summary: '设置单位（及下级）的年度假期额度',
          body: putLeaveQuotaBody,
          response: { 200: z.array(leaveQuotaView) },
        },
      },
      async (request) => putQuota(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.get(
      '/api/holidays',
      {
        config: { permission: 'attendance:read' },
        schema: {
          tags,
          summary: '节假日日历（法定节假日和调休工作日）',
          querystring: holidayQuery,
          response: { 200: z.array(holidayView) },
        },
      },
      async (request) => listHolidays(deps.db, request.query.year),
    );
    app.put(
      '/api/holidays',
      {
        config: { permission: 'attendance:manage' },
        schema: {
          tags,
          summary: '设置节假日或调休工作日（最高一级单位）',
          body: putHolidayBody,
          response: { 200: z.array(holidayView) },
        },
      },
      async (request) => putHoliday(deps.db, authOf(request), auditContext(request), request.body),
    );
    app.delete(
      '/api/holidays/:day',
      {
        config: { permission: 'attendance:manage' },
        schema: {
          tags,
          summary: '删除节假日设置',
          params: holidayDayParam,
          response: { 200: okResponse },
        },
      },
      async (request) => {
        await deleteHoliday(deps.db, authOf(request), auditContext(request), request.params.day);
        return { ok: true as const };
      },
    );
    app.get(
      '/api/attendance/summary',
      {
        config: { permission: 'attendance:read' },
        schema: {
          tags,
          summary: '月度考勤汇总（出勤、请假、值班、无故缺勤；工作日不含周末和节假日）',
          querystring: attendanceSummaryQuery,
          response: { 200: attendanceSummaryView },
        },
      },
      async (request) => {
        const u = await scopedUnit(deps.db, authOf(request), request.query.orgUnitId);
        return monthlySummary(deps.db, { month: request.query.month, orgPath: u.path });
      },
    );
    app.get(
      '/api/attendance/summary/export',
      {
        config: { permission: 'attendance:read' },
        schema: { tags, summary: '导出月度考勤汇总（.xlsx）', querystring: attendanceSummaryQuery },
      },
      async (request, reply) => {
        const auth = authOf(request);
        const u = await scopedUnit(deps.db, auth, request.query.orgUnitId);
        const summary = await monthlySummary(deps.db, {
          month: request.query.month,
          orgPath: u.path,
        });
        const file = await summaryXlsx(deps.db, auth, auditContext(request), summary, u.name);
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', attachmentDisposition(file.fileName))
          .header('cache-control', 'no-store')
          .send(file.buffer);
      },
    );
  };
}
