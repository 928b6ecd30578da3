// Raters' scores from a spreadsheet: the template lists the cycle's workers (id and name) for one
// source and rater per row; the import checks every row with the same schema as the API (zod
// cycleScoreItem) and writes nothing when any row is wrong, reporting errors by row and column.
import { cycleScoreItem, type CycleScoreItem } from '@cwp/contracts';
import { ASSESSMENT_SOURCE_LABELS } from '@cwp/core';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { worker } from '../../db/schema';
import { assessmentCycleEntry } from '../../db/schema-assessment-cycles';
import type { AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { openWorkbook, type Cell, type ReadLimits } from '../workers/excel/xlsx-read';
import { neutralise } from '../workers/excel/normalise';
import { getCycle, lockCycle } from './cycles';
import { writeScoresInTx } from './entries';

const LIMITS: ReadLimits = {
  maxRows: 20_001,
  maxColumns: 30,
  maxSheetBytes: 64 << 20,
  maxSharedStringsBytes: 16 << 20,
};

const HEADERS = {
  workerId: '人员编号',
  name: '姓名',
  source: '评分来源',
  rater: '评分人',
  politicalQuality: '政治素质',
  performance: '工作实绩',
  residentSatisfaction: '群众满意度',
} as const;
type Field = keyof typeof HEADERS;

const SOURCE_BY_LABEL: Record<string, string> = {
  [ASSESSMENT_SOURCE_LABELS.community_panel]: 'community_panel',
  [ASSESSMENT_SOURCE_LABELS.subdistrict_panel]: 'subdistrict_panel',
  [ASSESSMENT_SOURCE_LABELS.peer]: 'peer',
  community_panel: 'community_panel',
  subdistrict_panel: 'subdistrict_panel',
  peer: 'peer',
};

export async function buildScoreTemplate(
  db: Db,
  auth: AuthContext,
  cycleId: number,
): Promise<Buffer> {
  await getCycle(db, auth, cycleId);
  const rows = await db
    .select({ id: worker.id, name: worker.name })
    .from(assessmentCycleEntry)
    .innerJoin(worker, eq(worker.id, assessmentCycleEntry.workerId))
    .where(
      sql`${assessmentCycleEntry.cycleId} = ${cycleId} and ${assessmentCycleEntry.orgPath} like ${`${auth.orgPath}%`}`,
    )
    .orderBy(assessmentCycleEntry.orgPath, worker.id)
    .limit(20_000);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('评分');
  ws.columns = (Object.values(HEADERS) as string[]).map((header) => ({ header, width: 14 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows)
    ws.addRow([
      r.id,
      neutralise(r.name),
      ASSESSMENT_SOURCE_LABELS.subdistrict_panel,
      '',
      null,
      null,
      null,
    ]);
  const hint = wb.addWorksheet('说明');
  hint.addRows([
    ['每行为一名评分人对一名人员的评分；各维度得分为 0–100，至少填写一项。'],
    [
      `评分来源填写：${['community_panel', 'subdistrict_panel', 'peer'].map((s) => ASSESSMENT_SOURCE_LABELS[s as 'peer']).join('、')}`,
    ],
    ['同一人员、来源、评分人已有评分的将被覆盖；任何一行有错误时整个文件不会写入。'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellText(c: Cell | undefined): string {
  if (!c) return '';
  switch (c.type) {
    case 'string':
    case 'date':
      return c.text.trim();
    case 'number':
      return c.raw.trim();
    case 'boolean':
      return String(c.value);
    default:
      return '\u0000';
  }
}

export interface ScoreImportResult {
  mode: 'validate' | 'commit';
  total: number;
  errors: { row: number; column: string; message: string }[];
  committed: boolean;
}

const FIELD_OF_PATH: Record<string, Field> = {
  workerId: 'workerId',
  source: 'source',
  rater: 'rater',
  politicalQuality: 'politicalQuality',
  performance: 'performance',
  residentSatisfaction: 'residentSatisfaction',
};

export async function importScores(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  cycleId: number,
  file: Buffer,
  mode: 'validate' | 'commit',
): Promise<ScoreImportResult> {
  await getCycle(db, auth, cycleId);
  const book = await openWorkbook(file, LIMITS);
  const errors: ScoreImportResult['errors'] = [];
  const items: CycleScoreItem[] = [];
  const rowOf: number[] = [];
  let columns: Partial<Record<Field, number>> | null = null;
  for await (const chunk of book.rows({})) {
    for (const r of chunk) {
      if (!columns) {
        const found: Partial<Record<Field, number>> = {};
        r.cells.forEach((c, i) => {
          const t = cellText(c);
          for (const [f, h] of Object.entries(HEADERS)) if (t === h) found[f as Field] = i;
        });
        for (const f of ['workerId', 'source', 'rater'] as const) {
          if (found[f] === undefined) {
            errors.push({
              row: r.number,
              column: HEADERS[f],
              message: `表头缺少“${HEADERS[f]}”列`,
            });
          }
        }
        if (errors.length > 0) return { mode, total: 0, errors, committed: false };
        columns = found;
        continue;
      }
      const cols = columns;
      const get = (f: Field) => {
        const i = cols[f];
        return i === undefined ? '' : cellText(r.cells[i]);
      };
      const values = (Object.keys(HEADERS) as Field[]).map(get);
      if (values.every((v) => v === '')) continue;
      if (values.some((v) => v.includes('\u0000'))) {
        errors.push({
          row: r.number,
          column: '',
          message: '单元格包含公式或错误值，请填写数值或文字',
        });
        continue;
      }
      const numOrNull = (f: Field) => {
        const t = get(f);
        return t === '' ? null : Number(t);
      };
      const sourceText = get('source');
      const candidate = {
        workerId: Number(get('workerId')),
        source: SOURCE_BY_LABEL[sourceText] ?? sourceText,
        rater: get('rater'),
        politicalQuality: numOrNull('politicalQuality'),
        performance: numOrNull('performance'),
        residentSatisfaction: numOrNull('residentSatisfaction'),
      };
      const parsed = cycleScoreItem.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const f = FIELD_OF_PATH[String(issue.path[0])];
          errors.push({ row: r.number, column: f ? HEADERS[f] : '', message: issue.message });
        }
        continue;
      }
      if (
        parsed.data.politicalQuality == null &&
        parsed.data.performance == null &&
        parsed.data.residentSatisfaction == null
      ) {
        errors.push({
          row: r.number,
          column: HEADERS.performance,
          message: '至少填写一个维度的得分',
        });
        continue;
      }
      items.push(parsed.data);
      rowOf.push(r.number);
    }
  }
  if (columns === null) {
    return {
      mode,
      total: 0,
      errors: [{ row: 1, column: '', message: '文件中没有数据' }],
      committed: false,
    };
  }
  // Workers outside the cycle (or the caller's part of it).
  const ids = [...new Set(items.map((i) => i.workerId))];
  const known = new Set(
    (
      await db
        .select({ id: assessmentCycleEntry.workerId })
        .from(assessmentCycleEntry)
        .where(
          sql`${assessmentCycleEntry.cycleId} = ${cycleId} and ${assessmentCycleEntry.workerId} = any(${sql.param(ids)}::bigint[]) and ${assessmentCycleEntry.orgPath} like ${`${auth.orgPath}%`}`,
        )
    ).map((r) => r.id),
  );
  items.forEach((it, i) => {
    if (!known.has(it.workerId)) {
      errors.push({
        row: rowOf[i] ?? 0,
        column: HEADERS.workerId,
        message: `人员 ${it.workerId} 不在本次考核范围内`,
      });
    }
  });
  if (errors.length > 0 || mode === 'validate' || items.length === 0) {
    return { mode, total: items.length, errors, committed: false };
  }
  await db.transaction(async (tx) => {
    const cycle = await lockCycle(tx, auth, cycleId, {
      status: ['open', 'computed'],
      action: '导入评分',
    });
    await writeScoresInTx(tx, auth, ctx, cycle, items);
  });
  return { mode, total: items.length, errors, committed: true };
}
