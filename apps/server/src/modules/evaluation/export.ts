// The yearly evaluation report as .xlsx: a ranking sheet (unit, score, rank), a sheet of every
// indicator's value, points and evidence per unit, and the indicator set with its rule-set
// version. Text cells are neutralised against formula injection; the export is audited.
import { EVALUATION_SCORING_LABELS, EVALUATION_SOURCE_LABELS } from '@cwp/core';
import { EVALUATION_LEVEL_LABELS, EVALUATION_STATUS_LABELS } from '@cwp/contracts';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { neutralise } from '../workers/excel/normalise';
import { getRound } from './service';

export async function exportRoundXlsx(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  id: number,
): Promise<{ fileName: string; buffer: Buffer }> {
  const r = await getRound(db, auth, id);
  const wb = new ExcelJS.Workbook();
  const head = [
    [neutralise(r.title)],
    [
      `评估单位：${neutralise(r.orgUnitName)}`,
      `年度：${r.year}`,
      `被评估层级：${EVALUATION_LEVEL_LABELS[r.level]}`,
      `状态：${EVALUATION_STATUS_LABELS[r.status]}`,
    ],
    [`指标体系：${neutralise(r.ruleSetName)}（规则集 #${r.ruleSetId} 第 ${r.ruleVersionNo} 版）`],
    [],
  ];

  const ranking = wb.addWorksheet('得分与排名');
  for (const row of head) ranking.addRow(row);
  ranking.addRow(['排名', '单位', '区划代码', '总分']);
  for (const u of r.unitsDetail) {
    ranking.addRow([u.rank, neutralise(u.name), u.divisionCode, u.total]);
  }
  ranking.getColumn(2).width = 28;
  ranking.getColumn(3).width = 16;

  const detail = wb.addWorksheet('指标明细');
  for (const row of head) detail.addRow(row);
  detail.addRow([
    '单位',
    '指标代码',
    '指标',
    '权重',
    '目标值',
    '实际值',
    '计量单位',
    '得分',
    '分子',
    '分母',
    '佐证材料',
    '说明',
  ]);
  const byCode = new Map(r.indicators.map((i) => [i.code, i]));
  for (const u of r.unitsDetail) {
    for (const v of u.values) {
      const ind = byCode.get(v.code);
      detail.addRow([
        neutralise(u.name),
        v.code,
        neutralise(ind?.name ?? v.code),
        ind?.weight ?? null,
        ind?.target ?? null,
        v.value,
        ind?.unit === null || ind?.unit === undefined ? null : neutralise(ind.unit),
        v.points,
        v.numerator,
        v.denominator,
        v.evidence ? neutralise(v.evidence.fileName) : null,
        v.note === null ? null : neutralise(v.note),
      ]);
    }
  }
  detail.getColumn(1).width = 24;
  detail.getColumn(3).width = 28;
  detail.getColumn(11).width = 28;

  const set = wb.addWorksheet('指标体系');
  set.addRow([`${neutralise(r.ruleSetName)}（规则集 #${r.ruleSetId} 第 ${r.ruleVersionNo} 版）`]);
  set.addRow([
    '指标代码',
    '指标',
    '权重',
    '数据来源',
    '计算口径',
    '口径参数',
    '目标值',
    '计分方法',
  ]);
  for (const i of r.indicators) {
    set.addRow([
      i.code,
      neutralise(i.name),
      i.weight,
      EVALUATION_SOURCE_LABELS[i.source],
      i.how === null ? null : neutralise(i.how),
      i.parameter,
      i.target,
      EVALUATION_SCORING_LABELS[i.scoring],
    ]);
  }
  set.getColumn(2).width = 28;
  set.getColumn(5).width = 48;

  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await writeAudit(db, ctx, [
    {
      action: 'evaluation.round.export',
      entityType: 'evaluation_round',
      entityId: r.id,
      orgPath: auth.orgPath,
      changes: { units: r.unitsDetail.length },
    },
  ]);
  return { fileName: `${r.year}年度评估报告-${r.orgUnitName}.xlsx`, buffer };
}
