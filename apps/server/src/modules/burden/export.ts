// The burden view as .xlsx: one sheet per community, one per requesting department, and the
// requests themselves; text cells neutralised against formula injection; the export is audited.
import type { BurdenFigureRow } from '@cwp/contracts';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { burdenFiguresQuery } from '@cwp/contracts';
import type { Db } from '../../db/client';
import { type AuditContext, auditedFilter, writeAudit } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { neutralise } from '../workers/excel/normalise';
import { todayIso } from '../workers/mapping';
import { burdenFigures, listRequests } from './service';

const KIND_LABEL: Readonly<Record<string, string>> = {
  form: '表格',
  report: '报告/报表',
  meeting: '会议',
  signboard: '挂牌',
  certificate: '证明',
  other: '其他',
};

export async function exportBurdenXlsx(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  q: z.infer<typeof burdenFiguresQuery>,
): Promise<{ fileName: string; buffer: Buffer }> {
  const figures = await burdenFigures(db, auth, q);
  const wb = new ExcelJS.Workbook();
  const figureSheet = (name: string, first: string, rows: BurdenFigureRow[]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = [
      { header: first, width: 28 },
      { header: '事项数', width: 10 },
      { header: '其中清单外', width: 12 },
      { header: '预计工时（小时）', width: 16 },
    ];
    for (const r of [...rows, figures.total]) {
      ws.addRow([neutralise(r.label), r.requests, r.outOfList, r.estimatedHours]);
    }
  };
  figureSheet('按社区', '社区', figures.byCommunity);
  figureSheet('按提出部门', '提出部门', figures.byDepartment);
  const detail = wb.addWorksheet('事项明细');
  detail.columns = [
    { header: '日期', width: 12 },
    { header: '社区', width: 20 },
    { header: '提出部门', width: 20 },
    { header: '类型', width: 10 },
    { header: '事项内容', width: 36 },
    { header: '准入清单事项', width: 30 },
    { header: '清单外', width: 8 },
    { header: '预计工时', width: 10 },
  ];
  let page = 1;
  let written = 0;
  for (;;) {
    const { items } = await listRequests(db, auth, { ...q, page, pageSize: 100 });
    for (const r of items) {
      detail.addRow([
        r.requestedOn,
        neutralise(r.communityName),
        neutralise(r.requestingDepartment),
        KIND_LABEL[r.kind] ?? r.kind,
        neutralise(r.title),
        r.taskItemTitle === null ? null : neutralise(r.taskItemTitle),
        r.outOfList ? '是' : '否',
        r.estimatedHours,
      ]);
    }
    written += items.length;
    if (items.length < 100 || written >= 20_000) break;
    page++;
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await writeAudit(db, ctx, [
    {
      action: 'burden.export',
      entityType: 'burden_request',
      orgPath: auth.orgPath,
      changes: { filters: auditedFilter(q), rows: written },
    },
  ]);
  return { fileName: `社区减负-${todayIso()}.xlsx`, buffer };
}
