// Daily work (日常管理): check-ins from a phone, duty rosters per community, work logs (民情日志),
// leave requests with approval and per-region yearly quotas, the holiday calendar and the monthly
// attendance summary per worker.
import { z } from 'zod';
import { filterText, text } from './common';
import { isoDate } from './workers';

export const LEAVE_TYPES = [
  'annual',
  'sick',
  'personal',
  'marriage',
  'maternity',
  'bereavement',
  'other',
] as const;
export type LeaveType = (typeof LEAVE_TYPES)[number];
export const LEAVE_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type LeaveStatus = (typeof LEAVE_STATUSES)[number];
export const WORK_LOG_CATEGORIES = [
  'visit',
  'mediation',
  'service',
  'safety',
  'meeting',
  'other',
] as const;
export type WorkLogCategory = (typeof WORK_LOG_CATEGORIES)[number];
export const HOLIDAY_KINDS = ['holiday', 'workday'] as const;

const version = z.number({ error: '缺少版本号' }).int().positive();
const month = z
  .string({ error: '月份不能为空' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: '月份格式应为 YYYY-MM' });
const leaveType = z.enum(LEAVE_TYPES, { error: '请假类型无效' });

// ---- check-in ----------------------------------------------------------------------------------
export const checkInBody = z.strictObject({
  /** Optional; when given it must be the caller's own dossier (a check-in for someone else is refused). */
  workerId: z.number({ error: '人员编号应为数字' }).int().positive().optional(),
  locationNote: text(200, '位置说明').nullable().optional(),
});
export type CheckInBody = z.infer<typeof checkInBody>;

export const checkInView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  day: z.string(),
  checkedAt: z.string(),
  locationNote: z.string().nullable(),
});
export type CheckInView = z.infer<typeof checkInView>;

export const leaveBalanceView = z.object({
  leaveType: z.enum(LEAVE_TYPES),
  /** Days granted for the year by the region's quota; null when the region sets none. */
  quota: z.number().nullable(),
  used: z.number(),
  pending: z.number(),
  remaining: z.number().nullable(),
});
export type LeaveBalanceView = z.infer<typeof leaveBalanceView>;

export const leaveView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitName: z.string(),
  leaveType: z.enum(LEAVE_TYPES),
  startDate: z.string(),
  endDate: z.string(),
  days: z.number().int(),
  reason: z.string().nullable(),
  status: z.enum(LEAVE_STATUSES),
  decisionNote: z.string().nullable(),
  decidedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type LeaveView = z.infer<typeof leaveView>;

export const myAttendanceView = z.object({
  workerId: z.number().int(),
  workerName: z.string(),
  today: z.string(),
  todayCheckIn: checkInView.nullable(),
  recent: z.array(checkInView),
  balances: z.array(leaveBalanceView),
  leaves: z.array(leaveView),
  duty: z.array(z.object({ day: z.string(), orgUnitName: z.string() })),
});
export type MyAttendanceView = z.infer<typeof myAttendanceView>;

// ---- duty roster -------------------------------------------------------------------------------
export const dutyQuery = z.strictObject({
  orgUnitId: z.coerce.number({ error: '请选择社区' }).int().positive(),
  month,
});
export const dutyEntryView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  day: z.string(),
  workerId: z.number().int(),
  workerName: z.string(),
  note: z.string().nullable(),
});
export type DutyEntryView = z.infer<typeof dutyEntryView>;
export const createDutyBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择社区' }).int().positive(),
  day: isoDate('值班日期'),
  workerId: z.number({ error: '请选择值班人员' }).int().positive(),
  note: text(200, '备注').nullable().optional(),
});
export type CreateDutyBody = z.infer<typeof createDutyBody>;

// ---- work logs ---------------------------------------------------------------------------------
export const workLogView = z.object({
  id: z.number().int(),
  workerId: z.number().int(),
  workerName: z.string(),
  orgUnitName: z.string(),
  day: z.string(),
  category: z.enum(WORK_LOG_CATEGORIES),
  content: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type WorkLogView = z.infer<typeof workLogView>;
export const createWorkLogBody = z.strictObject({
  day: isoDate('日期').optional(),
  category: z.enum(WORK_LOG_CATEGORIES, { error: '日志类别无效' }),
  content: text(2000, '日志内容'),
});
export type CreateWorkLogBody = z.infer<typeof createWorkLogBody>;
export const workLogQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  workerId: z.coerce.number().int().positive().optional(),
  category: z.enum(WORK_LOG_CATEGORIES, { error: '日志类别无效' }).optional(),
  from: isoDate('开始日期').optional(),
  to: isoDate('结束日期').optional(),
  q: filterText(50).optional(),
  /** Keyset cursor: items with id below it (newest first). */
  before: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const workLogPage = z.object({
  items: z.array(workLogView),
  nextCursor: z.number().nullable(),
});

// ---- leave -------------------------------------------------------------------------------------
export const createLeaveBody = z.strictObject({
  leaveType,
  startDate: isoDate('开始日期'),
  endDate: isoDate('结束日期'),
  reason: text(500, '请假事由').nullable().optional(),
});
export type CreateLeaveBody = z.infer<typeof createLeaveBody>;
export const decideLeaveBody = z.strictObject({
  version,
  decision: z.enum(['approve', 'reject'], { error: '审批结果应为批准或不批准' }),
  note: text(500, '审批意见').nullable().optional(),
});
export type DecideLeaveBody = z.infer<typeof decideLeaveBody>;
export const leaveQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  status: z.enum(LEAVE_STATUSES, { error: '状态无效' }).optional(),
  before: z.coerce.number().int().positive().optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const leavePage = z.object({ items: z.array(leaveView), nextCursor: z.number().nullable() });

export const leaveQuotaView = z.object({
  id: z.number().int(),
  orgUnitId: z.number().int(),
  orgUnitName: z.string(),
  leaveType: z.enum(LEAVE_TYPES),
  daysPerYear: z.number(),
  version: z.number().int(),
});
export type LeaveQuotaView = z.infer<typeof leaveQuotaView>;
export const putLeaveQuotaBody = z.strictObject({
  orgUnitId: z.number({ error: '请选择单位' }).int().positive(),
  leaveType,
  daysPerYear: z
    .number({ error: '年度天数应为数字' })
    .min(0, { error: '年度天数不能为负数' })
    .max(366, { error: '年度天数不能超过 366' })
    .multipleOf(0.5, { error: '年度天数应为 0.5 的整数倍' }),
  /** The row's version when changing an existing quota. */
  version: version.optional(),
});
export type PutLeaveQuotaBody = z.infer<typeof putLeaveQuotaBody>;
export const leaveQuotaQuery = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
});

// ---- holiday calendar --------------------------------------------------------------------------
export const holidayView = z.object({
  day: z.string(),
  kind: z.enum(HOLIDAY_KINDS),
  name: z.string(),
});
export type HolidayView = z.infer<typeof holidayView>;
export const putHolidayBody = z.strictObject({
  day: isoDate('日期'),
  kind: z.enum(HOLIDAY_KINDS, { error: '类型应为节假日或调休工作日' }),
  name: text(50, '名称'),
});
export const holidayQuery = z.strictObject({
  year: z.coerce.number({ error: '年份应为数字' }).int().min(2000).max(2100),
});
export const holidayDayParam = z.strictObject({ day: isoDate('日期') });

// ---- monthly summary ---------------------------------------------------------------------------
export const attendanceSummaryQuery = z.strictObject({
  month,
  orgUnitId: z.coerce.number().int().positive().optional(),
});
export const attendanceSummaryRow = z.object({
  workerId: z.number().int(),
  name: z.string(),
  orgUnitName: z.string(),
  workingDays: z.number().int(),
  daysPresent: z.number().int(),
  leaveDays: z.number().int(),
  dutyDays: z.number().int(),
  unexcusedAbsenceDays: z.number().int(),
});
export type AttendanceSummaryRow = z.infer<typeof attendanceSummaryRow>;
export const attendanceSummaryView = z.object({
  month: z.string(),
  /** Working days counted so far (up to yesterday), the same for everyone employed all month. */
  countedTo: z.string().nullable(),
  rows: z.array(attendanceSummaryRow),
});
export type AttendanceSummaryView = z.infer<typeof attendanceSummaryView>;
