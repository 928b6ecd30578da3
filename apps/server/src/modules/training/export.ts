// The compliance report as .xlsx: every worker in post in the subtree with the rule that governs
// them, hours and trainings in the window and the shortfall; cells neutralised; audited.
import type { Db } from '../../db/client';
import { type AuditContext, auditedFilter, writeAudit } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { neutralise } from '../workers/excel/normalise';
import { createSheetWriter, memorySink, type CellOut } from '../workers/excel/xlsx-write';
import { complianceRows } from './compliance';

const MAX_ROWS = 100_000;

export async function exportComplianceXlsx(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  q: { orgUnitId?: number | undefined; year: number },
): Promise<{ fileName: string; buffer: Buffer }> {
  const { rows, sets, root } = await complianceRows(db, auth, { ...q, pageSize: 1 }, MAX_ROWS);
  const sink = memorySink();
  const sheet = createSheetWriter(sink.stream, {
    sheetName: '培训达标',
    columns: [
      { header: '序号', width: 8 },
      { header: '姓名', width: 12 },
      { header: '所在单位', width: 24 },
      { header: '岗位', width: 10 },
      { header: '适用规则', width: 18 },
      { header: '周期内学时', width: 12 },
      { header: '周期内培训次数', width: 14 },
      { header: '是否达标', width: 10 },
      { header: '差学时', width: 10 },
      { header: '差培训次数', width: 12 },
      { header: `${q.year}年学时`, width: 12 },
      { header: '岗位证书差学时', width: 14 },
    ],
  });
  rows.forEach((r, i) => {
    const meets = r.hoursShort === 0 && r.trainingsShort === 0;
    const cells: CellOut[] = [
      i + 1,
      neutralise(r.workerName),
      neutralise(r.orgUnitName),
      neutralise(r.post),
      r.ruleCode === null ? null : neutralise(r.ruleCode),
      r.hours,
      r.trainings,
      meets ? '达标' : '未达标',
      r.hoursShort,
      r.trainingsShort,
      r.yearHours,
      r.certificateHoursShort,
    ];
    sheet.addRow(cells);
  });
  await sheet.finish();
  await writeAudit(db, ctx, [
    {
      action: 'training.compliance.export',
      entityType: 'training_hours',
      orgPath: root.path,
      changes: {
        ...auditedFilter(q),
        rows: rows.length,
        ruleSets: sets.map((s) => [s.id, s.versionNo]),
      },
    },
  ]);
  return { fileName: `培训达标-${root.name}-${q.year}.xlsx`, buffer: sink.result() };
}
