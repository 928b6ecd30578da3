// The staffing table as .xlsx (员额配备表): every active unit of the chosen subtree in tree order
// (division codes sort parents before children), with its own figures — population, households,
// computed quota, adjustment, quota, headcount — the rule version and explanation behind the
// quota, and the quota, headcount, vacancies and excess rolled up over its subtree, exactly as the
// staffing screen shows them. Streamed with exceljs's WorkbookWriter; audited.
import type { Writable } from 'node:stream';
import { rollUp } from '@cwp/core';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { neutralise } from '../workers/excel/normalise';
import { effectiveQuota } from './adjustments';
import { unitInScope } from './service';

const LEVEL_LABELS: Record<string, string> = {
  province: '省',
  city: '市',
  district: '区（县）',
  subdistrict: '街道（乡镇）',
  community: '社区',
};

export const STAFFING_EXPORT_COLUMNS = [
  { header: '单位', width: 28 },
  { header: '层级', width: 10 },
  { header: '区划代码', width: 15 },
  { header: '常住人口', width: 10 },
  { header: '户数', width: 9 },
  { header: '核算员额', width: 9 },
  { header: '调整', width: 10 },
  { header: '调整理由', width: 24 },
  { header: '本级员额', width: 9 },
  { header: '本级在岗', width: 9 },
  { header: '员额合计', width: 9 },
  { header: '在岗合计', width: 9 },
  { header: '缺编', width: 8 },
  { header: '超编', width: 8 },
  { header: '配备标准', width: 32 },
  { header: '计算说明', width: 60 },
] as const;

interface ExportRow extends Record<string, unknown> {
  id: number;
  parent_id: number | null;
  name: string;
  level: string;
  division_code: string;
  active: boolean;
  resident_population: number | null;
  households: number | null;
  quota: number | null;
  mode: string | null;
  value: number | null;
  reason: string | null;
  rule_set_id: number | null;
  rule_version_no: number | null;
  rule_name: string | null;
  rule_unit: string | null;
  explanation: string | null;
  headcount: number;
}

export interface PreparedStaffingExport {
  root: { id: number; name: string; path: string };
  rows: ExportRow[];
}

/** Reads the subtree (checks the scope first, so a refusal is a clean 404 before streaming). */
export async function prepareStaffingExport(
  db: Db,
  auth: AuthContext,
  orgUnitId: number | undefined,
): Promise<PreparedStaffingExport> {
  const root = await unitInScope(db, auth, orgUnitId ?? auth.orgUnitId);
  const prefix = `${root.path}%`;
  const res = await db.execute<ExportRow>(sql`
    with heads as (
      select org_unit_id, count(*)::int as n
        from worker
       where org_path like ${prefix} and status in ('active', 'probation')
       group by org_unit_id)
    select o.id, o.parent_id, o.name, o.level, o.division_code, o.active,
           o.resident_population, o.households,
           q.quota, a.mode, a.value, a.reason,
           q.rule_set_id, q.rule_version_no, r.name as rule_name, ru.name as rule_unit,
           q.explanation, coalesce(h.n, 0)::int as headcount
      from org_unit o
      left join unit_quota q on q.org_unit_id = o.id
      left join quota_adjustment a on a.org_unit_id = o.id and a.active
      left join rule_set r on r.id = q.rule_set_id
      left join org_unit ru on ru.id = r.org_unit_id
      left join heads h on h.org_unit_id = o.id
     where o.path like ${prefix}
     order by o.division_code, o.id`);
  return { root: { id: root.id, name: root.name, path: root.path }, rows: res.rows };
}

/** Writes the workbook to `out` and audits the export; returns the number of unit rows. */
export async function writeStaffingExport(
  db: Db,
  prepared: PreparedStaffingExport,
  ctx: AuditContext,
  out: Writable,
): Promise<number> {
  const { rows, root } = prepared;
  // Totals over the whole subtree (inactive units included, as on the screen), then the rows of
  // active units only.
  const totals = rollUp(
    rows.map((r) => ({
      id: Number(r.id),
      parentId: r.parent_id === null || Number(r.id) === root.id ? null : Number(r.parent_id),
      quota: effectiveQuota(r.quota, r.mode, r.value),
      headcount: r.headcount,
    })),
  );
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet('员额配备', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = STAFFING_EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  const text = (v: string | null) => (v === null ? null : neutralise(v));
  let written = 0;
  for (const r of rows) {
    if (!r.active && Number(r.id) !== root.id) continue;
    const t = totals.get(Number(r.id));
    const adjustment =
      r.mode === null || r.value === null
        ? null
        : r.mode === 'override'
          ? `核定 ${r.value}`
          : r.value > 0
            ? `+${r.value}`
            : String(r.value);
    ws.addRow([
      text(r.name),
      LEVEL_LABELS[r.level] ?? r.level,
      r.division_code,
      r.resident_population,
      r.households,
      r.quota,
      adjustment,
      text(r.reason),
      t?.own.quota ?? null,
      r.headcount,
      t?.quota ?? 0,
      t?.headcount ?? 0,
      t?.vacancies ?? 0,
      t?.excess ?? 0,
      r.rule_set_id === null
        ? null
        : text(`${r.rule_unit ?? ''} ${r.rule_name ?? ''} v${r.rule_version_no ?? ''}`.trim()),
      text(r.explanation),
    ]).commit();
    written++;
  }
  ws.commit();
  // Audited before the file is closed, so a delivered export always has its audit row.
  await db.transaction((tx) =>
    writeAudit(tx, ctx, [
      {
        action: 'staffing.export',
        entityType: 'org_unit',
        entityId: root.id,
        orgPath: root.path,
        changes: { rows: written },
      },
    ]),
  );
  await wb.commit();
  return written;
}
