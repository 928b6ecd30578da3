// The contract list as .xlsx (the /contracts page's filters), through the project's streaming
// sheet writer; text cells neutralised against formula injection; every export is audited.
import type { LaborContractExportQuery } from '@cwp/contracts';
import type { Db } from '../../db/client';
import { type AuditContext, auditedFilter, writeAudit } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { neutralise } from '../workers/excel/normalise';
import { createSheetWriter, memorySink, type CellOut } from '../workers/excel/xlsx-write';
import { todayIso } from '../workers/mapping';
import { exportContracts } from './queries';

const MAX_ROWS = 50_000;
const TYPE_LABEL = { fixed_term: '固定期限', open_ended: '无固定期限' } as const;
const STATUS_LABEL = { active: '履行中', renewed: '已续订', terminated: '已终止' } as const;
const text = (v: string | null) => (v === null ? null : neutralise(v));

export async function exportContractsXlsx(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  q: LaborContractExportQuery,
): Promise<{ fileName: string; buffer: Buffer }> {
  const rows = await exportContracts(db, auth, q, MAX_ROWS);
  const sink = memorySink();
  const sheet = createSheetWriter(sink.stream, {
    sheetName: '劳动合同',
    columns: [
      { header: '序号', width: 8 },
      { header: '姓名', width: 12 },
      { header: '所在单位', width: 24 },
      { header: '签订单位', width: 20 },
      { header: '第几次签订', width: 10 },
      { header: '合同类型', width: 12 },
      { header: '期限（年）', width: 10 },
      { header: '开始日期', width: 12 },
      { header: '结束日期', width: 12 },
      { header: '试用期（月）', width: 12 },
      { header: '试用期截止', width: 12 },
      { header: '状态', width: 10 },
      { header: '距到期（天）', width: 12 },
      { header: '终止日期', width: 12 },
      { header: '终止原因', width: 24 },
      { header: '依据规则', width: 28 },
    ],
  });
  rows.forEach((c, i) => {
    const cells: CellOut[] = [
      i + 1,
      text(c.workerName),
      text(c.workerUnitName),
      text(c.signingUnitName),
      c.seq,
      TYPE_LABEL[c.type],
      c.termYears,
      c.startDate,
      c.endDate,
      c.probationMonths,
      c.probationEnd,
      STATUS_LABEL[c.status],
      c.daysToExpiry,
      c.terminationDate,
      text(c.terminationReason),
      c.ruleSet ? text(`${c.ruleSet.name}（第 ${c.ruleSet.versionNo} 版）`) : null,
    ];
    sheet.addRow(cells);
  });
  await sheet.finish();
  await writeAudit(db, ctx, [
    {
      action: 'labor_contract.export',
      entityType: 'labor_contract',
      orgPath: auth.orgPath,
      changes: { filters: auditedFilter(q), rows: rows.length },
    },
  ]);
  return { fileName: `劳动合同-${todayIso()}.xlsx`, buffer: sink.result() };
}
