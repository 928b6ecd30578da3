// Daily work endpoints: self-service check-in, leave and work logs; the manager's leave approval,
// duty roster, work logs, holiday calendar and the monthly summary with its export.
import type { CreateLeaveBody, CreateWorkLogBody, DecideLeaveBody } from '@cwp/contracts';
import {
  attendanceSummaryView,
  checkInView,
  dutyEntryView,
  holidayView,
  leavePage,
  leaveView,
  myAttendanceView,
  workLogPage,
  workLogView,
} from '@cwp/contracts';
import { z } from 'zod';
import { api, downloadFile } from '../../api/client';

export const attendanceApi = {
  mine: () => api.get('/api/me/attendance', myAttendanceView),
  checkIn: (locationNote: string | null) =>
    api.post('/api/me/check-in', checkInView, locationNote ? { locationNote } : {}),
  requestLeave: (body: CreateLeaveBody) => api.post('/api/me/leaves', leaveView, body),
  myLogs: () => api.get('/api/me/work-logs', workLogPage),
  writeLog: (body: CreateWorkLogBody) => api.post('/api/me/work-logs', workLogView, body),
  leaves: (status?: string) => api.get('/api/leaves', leavePage, { status, pageSize: 100 }),
  decide: (id: number, body: DecideLeaveBody) =>
    api.post(`/api/leaves/${id}/decide`, leaveView, body),
  logs: () => api.get('/api/work-logs', workLogPage, { pageSize: 50 }),
  summary: (month: string) => api.get('/api/attendance/summary', attendanceSummaryView, { month }),
  exportSummary: (month: string) =>
    downloadFile('/api/attendance/summary/export', {
      query: { month },
      fallbackName: `attendance-${month}.xlsx`,
    }),
  duty: (orgUnitId: number, month: string) =>
    api.get('/api/duty-roster', z.array(dutyEntryView), { orgUnitId, month }),
  addDuty: (body: { orgUnitId: number; day: string; workerId: number }) =>
    api.post('/api/duty-roster', z.array(dutyEntryView), body),
  holidays: (year: number) => api.get('/api/holidays', z.array(holidayView), { year }),
  putHoliday: (body: { day: string; kind: 'holiday' | 'workday'; name: string }) =>
    api.put('/api/holidays', z.array(holidayView), body),
};
