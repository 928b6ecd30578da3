// The monthly attendance summary as .xlsx through the project's streaming sheet writer; text cells
// neutralised against formula injection; every export is audited.
import type { AttendanceSummaryView } from '@cwp/contracts';
import type { Db } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { neutralise } from '../workers/excel/normalise';
import { createSheetWriter, memorySink } from '../workers/excel/xlsx-write';

export async function summaryXlsx(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  summary: AttendanceSummaryView,
  unitName: string,
): Promise<{ fileName: string; buffer: Buffer }> {
  const sink = memorySink();
  const sheet = createSheetWriter(sink.stream, {
    sheetName: '考勤汇总',
    columns: [
      { header: '序号', width: 8 },
      { header: '姓名', width: 12 },
      { header: '所在单位', width: 24 },
      { header: '应出勤（工作日）', width: 16 },
      { header: '出勤天数', width: 10 },
      { header: '请假天数', width: 10 },
      { header: '值班天数', width: 10 },
      { header: '无故缺勤天数', width: 14 },
    ],
  });
  summary.rows.forEach((r, i) => {
    sheet.addRow([
      i + 1,
      neutralise(r.name),
      neutralise(r.orgUnitName),
      r.workingDays,
      r.daysPresent,
      r.leaveDays,
      r.dutyDays,
      r.unexcusedAbsenceDays,
    ]);
  });
  await sheet.finish();
  await writeAudit(db, ctx, [
    {
      action: 'attendance.export',
      entityType: 'attendance_check_in',
      orgPath: auth.orgPath,
      changes: { month: summary.month, unit: unitName, rows: summary.rows.length },
    },
  ]);
  return { fileName: `考勤汇总-${unitName}-${summary.month}.xlsx`, buffer: sink.result() };
}
