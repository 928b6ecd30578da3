// One chart's data as .xlsx: the rows (child units or months) × categories, the lines, totals and
// the headline figures, with the unit, status, source and time the figures are as of.
import type { IndicatorView } from '@cwp/contracts';
import ExcelJS from 'exceljs';

const STATUS_ZH: Record<string, string> = { active: '在岗', probation: '试用', suspended: '暂停' };

export async function indicatorWorkbook(view: IndicatorView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '社区工作者队伍建设管理平台';
  const ws = wb.addWorksheet(view.indicator.titleZh.slice(0, 31));
  ws.addRow([view.indicator.titleZh]).font = { bold: true, size: 14 };
  ws.addRow([
    `单位：${view.path.map((p) => p.name).join(' / ') || view.unit.name}`,
    view.indicator.usesStatus ? `人员状态：${STATUS_ZH[view.status] ?? view.status}` : '',
    `数据来源：${view.source === 'live' ? '实时' : '月度快照'}`,
    `截至：${view.asOf}`,
  ]);
  ws.addRow([]);
  const header = ws.addRow([
    view.indicator.axis === 'month' ? '月份' : '单位',
    ...view.categories.map((c) => c.labelZh),
    ...(view.indicator.axis === 'unit' ? ['合计'] : []),
    ...view.lines.map((l) => l.labelZh),
  ]);
  header.font = { bold: true };
  view.rows.forEach((r, i) => {
    ws.addRow([
      r.label,
      ...r.values,
      ...(view.indicator.axis === 'unit' ? [r.values.reduce((a, b) => a + b, 0)] : []),
      ...view.lines.map((l) => l.values[i] ?? null),
    ]);
  });
  const total = ws.addRow([
    '合计',
    ...view.totals,
    ...(view.indicator.axis === 'unit' ? [view.totals.reduce((a, b) => a + b, 0)] : []),
  ]);
  total.font = { bold: true };
  if (view.summary.length > 0) {
    ws.addRow([]);
    for (const s of view.summary) ws.addRow([s.labelZh, s.value]);
  }
  ws.getColumn(1).width = 28;
  for (let c = 2; c <= view.categories.length + 3; c++) ws.getColumn(c).width = 14;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
