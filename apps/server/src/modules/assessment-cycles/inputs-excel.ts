// Satisfaction and absence from a spreadsheet. The template lists the cycle's workers (in the
// caller's scope) with the figure the cycle reads now and its source; the import checks every row
// with the same schema as POST …/inputs (zod cycleInputItem), reports errors by row and column and
// writes nothing when any row is wrong; otherwise it writes through the same code path as the
// screen (lock refused once the cycle's inputs are locked, audited) in one transaction.
//
// Cell rules (also in the template's 说明 sheet):
// - a number equal to the worker's current figure leaves it as is (an attendance or survey figure
//   stays theirs, so downloading and re-importing the template changes nothing);
// - a different number is recorded as 本期录入 for this cycle (it overrides attendance / survey);
// - an empty cell clears the figure entered for this cycle, like a null in POST …/inputs (the
//   cycle reads attendance or the survey again, if any); with nothing entered it changes nothing.
import { cycleInputItem, type CycleInputImportResult } from '@cwp/contracts';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { orgUnit, worker } from '../../db/schema';
import { assessmentCycleEntry, assessmentCycleInput } from '../../db/schema-assessment-cycles';
import type { AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError } from '../../lib/errors';
import { openWorkbook, type Cell, type ReadLimits } from '../workers/excel/xlsx-read';
import { foldWidth, neutralise, trimCell } from '../workers/excel/normalise';
import { STATUS_ZH, type CycleRow } from './cycles';
import { getCycleRow, lockInputs, writeInputsInTx, type CycleInputItem } from './entries';
import {
  ABSENCE_SOURCE_ZH,
  loadSourceData,
  SATISFACTION_SOURCE_ZH,
  type CycleSourceProviders,
} from './inputs';

const LIMITS: ReadLimits = {
  maxRows: 20_001,
  maxColumns: 30,
  maxSheetBytes: 64 << 20,
  maxSharedStringsBytes: 16 << 20,
};

export const INPUT_HEADERS = {
  workerId: '人员编号',
  name: '姓名',
  orgUnit: '所在单位',
  absenceDays: '无故缺勤天数',
  absenceSource: '缺勤数据来源',
  satisfactionPct: '群众满意度（%）',
  satisfactionSource: '满意度来源',
} as const;
type Field = keyof typeof INPUT_HEADERS;
/** Columns the import reads; the others are for the reader and ignored. */
const READ: readonly Field[] = ['workerId', 'absenceDays', 'satisfactionPct'];
const HEADER_ALIASES: Record<string, Field> = {
  群众满意度: 'satisfactionPct',
  '群众满意度(%)': 'satisfactionPct',
  '满意度（%）': 'satisfactionPct',
  '满意度(%)': 'satisfactionPct',
  '无故缺勤天数（天）': 'absenceDays',
};

/** Stored precision of each figure (numeric(5,2) and numeric(6,1)). */
const SCALE = { satisfactionPct: 2, absenceDays: 1 } as const;
const round = (v: number, digits: number) => Number(v.toFixed(digits));

const WRITABLE = ['open', 'computed'];

function assertInputsOpen(cycle: CycleRow): void {
  if (WRITABLE.includes(cycle.status)) return;
  const msg = `考核当前状态为“${STATUS_ZH[cycle.status as 'open']}”，不能录入满意度或缺勤数据`;
  throw new AppError('BAD_REQUEST', [{ path: 'status', message: msg }], msg);
}

async function cycleWorkers(db: Db, auth: AuthContext, cycleId: number) {
  return db
    .select({ id: worker.id, name: worker.name, orgUnitName: orgUnit.name })
    .from(assessmentCycleEntry)
    .innerJoin(worker, eq(worker.id, assessmentCycleEntry.workerId))
    .innerJoin(orgUnit, eq(orgUnit.id, worker.orgUnitId))
    .where(
      sql`${assessmentCycleEntry.cycleId} = ${cycleId} and ${assessmentCycleEntry.orgPath} like ${`${auth.orgPath}%`}`,
    )
    .orderBy(assessmentCycleEntry.orgPath, worker.id)
    .limit(20_000);
}

export async function buildInputsTemplate(
  db: Db,
  auth: AuthContext,
  providers: CycleSourceProviders,
  cycleId: number,
): Promise<Buffer> {
  const cycle = await getCycleRow(db, auth, cycleId);
  const [rows, source] = await Promise.all([
    cycleWorkers(db, auth, cycleId),
    loadSourceData(db, providers, cycle),
  ]);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('满意度与缺勤');
  ws.columns = (Object.values(INPUT_HEADERS) as string[]).map((header) => ({
    header,
    width: header.length > 5 ? 18 : 14,
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    const d = source.get(r.id);
    ws.addRow([
      r.id,
      neutralise(r.name),
      neutralise(r.orgUnitName),
      d?.absenceDays ?? null,
      d?.absenceSource ? ABSENCE_SOURCE_ZH[d.absenceSource] : '',
      d?.satisfactionPct ?? null,
      d?.satisfactionSource ? SATISFACTION_SOURCE_ZH[d.satisfactionSource] : '',
    ]);
  }
  const hint = wb.addWorksheet('说明');
  hint.addRows([
    ['每行一名人员；只读取“人员编号”“无故缺勤天数”“群众满意度（%）”三列，其余列仅供参考。'],
    ['无故缺勤天数为 0–366（可保留一位小数），群众满意度为 0–100（可保留两位小数）。'],
    [
      '数值与下载时相同的保持不变（考勤或测评数据仍按原来源计算）；改为其他数值的记为“本期录入”，优先于考勤与测评数据。',
    ],
    ['清空单元格即撤销本期录入的数值，恢复使用考勤或测评数据（如有）。'],
    ['任何一行有错误时整个文件不会写入；考核计算后（审批中、已公示等）不能再导入。'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The text of a cell, or '\u0000' for a formula or error (refused). */
function cellText(c: Cell | undefined): string {
  if (!c) return '';
  switch (c.type) {
    case 'string':
    case 'date':
      return trimCell(foldWidth(c.text));
    case 'number':
      return c.raw.trim();
    case 'boolean':
      return String(c.value);
    default:
      return '\u0000';
  }
}

/** A number cell as typed: '' stays null; a trailing % is allowed in text ("95%"). */
function numberOf(text: string): number | null {
  if (text === '') return null;
  const t = text.endsWith('%') ? text.slice(0, -1).trim() : text;
  return t === '' ? Number.NaN : Number(t);
}

export async function importInputs(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  providers: CycleSourceProviders,
  cycleId: number,
  file: Buffer,
  mode: 'validate' | 'commit',
): Promise<CycleInputImportResult> {
  const cycle = await getCycleRow(db, auth, cycleId);
  assertInputsOpen(cycle);
  const book = await openWorkbook(file, LIMITS);
  const errors: CycleInputImportResult['errors'] = [];
  const done = (total: number, updated = 0, committed = false): CycleInputImportResult => ({
    mode,
    total,
    updated,
    errors,
    committed,
  });
  const parsedRows: {
    row: number;
    workerId: number;
    absenceDays: number | null;
    satisfactionPct: number | null;
  }[] = [];
  const firstRowOf = new Map<number, number>();
  let columns: Partial<Record<Field, number>> | null = null;
  let total = 0;
  for await (const chunk of book.rows({})) {
    for (const r of chunk) {
      if (!columns) {
        const found: Partial<Record<Field, number>> = {};
        r.cells.forEach((c, i) => {
          const t = cellText(c);
          for (const [f, h] of Object.entries(INPUT_HEADERS)) if (t === h) found[f as Field] = i;
          const alias = HEADER_ALIASES[t];
          if (alias && found[alias] === undefined) found[alias] = i;
        });
        for (const f of READ) {
          if (found[f] === undefined) {
            errors.push({
              row: r.number,
              column: INPUT_HEADERS[f],
              message: `表头缺少“${INPUT_HEADERS[f]}”列`,
            });
          }
        }
        if (errors.length > 0) return done(0);
        columns = found;
        continue;
      }
      const cols = columns;
      const get = (f: Field) => {
        const i = cols[f];
        return i === undefined ? '' : cellText(r.cells[i]);
      };
      const values = READ.map(get);
      if (values.every((v) => v === '')) continue;
      total += 1;
      let bad = false;
      for (const f of READ) {
        if (get(f).includes('\u0000')) {
          errors.push({
            row: r.number,
            column: INPUT_HEADERS[f],
            message: '单元格包含公式或错误值，请填写数值',
          });
          bad = true;
        }
      }
      if (bad) continue;
      const idText = get('workerId');
      if (idText === '') {
        errors.push({ row: r.number, column: INPUT_HEADERS.workerId, message: '缺少人员编号' });
      } else if (!/^\d{1,15}$/.test(idText) || Number(idText) <= 0) {
        errors.push({
          row: r.number,
          column: INPUT_HEADERS.workerId,
          message: `人员编号“${idText}”应为正整数`,
        });
      }
      // The same schema as the screen's route (range and type messages).
      const candidate = {
        workerId: idText !== '' && /^\d{1,15}$/.test(idText) ? Number(idText) : 1,
        absenceDays: numberOf(get('absenceDays')),
        satisfactionPct: numberOf(get('satisfactionPct')),
      };
      const parsed = cycleInputItem.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const f = String(issue.path[0]);
          if (f === 'absenceDays' || f === 'satisfactionPct') {
            errors.push({ row: r.number, column: INPUT_HEADERS[f], message: issue.message });
          }
        }
      }
      const workerId = Number(idText);
      if (idText !== '' && /^\d{1,15}$/.test(idText) && workerId > 0) {
        const seen = firstRowOf.get(workerId);
        if (seen !== undefined) {
          errors.push({
            row: r.number,
            column: INPUT_HEADERS.workerId,
            message: `人员 ${workerId} 在第 ${seen} 行已出现，每人只能有一行`,
          });
        } else {
          firstRowOf.set(workerId, r.number);
        }
      }
      if (errors.length > 0 && errors[errors.length - 1]?.row === r.number) continue;
      parsedRows.push({
        row: r.number,
        workerId,
        absenceDays: candidate.absenceDays === null ? null : round(candidate.absenceDays, 1),
        satisfactionPct:
          candidate.satisfactionPct === null ? null : round(candidate.satisfactionPct, 2),
      });
    }
  }
  if (columns === null)
    return { ...done(0), errors: [{ row: 1, column: '', message: '文件中没有数据' }] };

  // Workers outside the cycle (or the caller's part of it).
  const ids = parsedRows.map((p) => p.workerId);
  const known = new Set(
    ids.length === 0
      ? []
      : (
          await db
            .select({ id: assessmentCycleEntry.workerId })
            .from(assessmentCycleEntry)
            .where(
              sql`${assessmentCycleEntry.cycleId} = ${cycleId} and ${assessmentCycleEntry.workerId} = any(${sql.param(ids)}::bigint[]) and ${assessmentCycleEntry.orgPath} like ${`${auth.orgPath}%`}`,
            )
        ).map((r) => r.id),
  );
  for (const p of parsedRows) {
    if (!known.has(p.workerId)) {
      errors.push({
        row: p.row,
        column: INPUT_HEADERS.workerId,
        message: `人员 ${p.workerId} 不在本次考核范围内`,
      });
    }
  }
  if (errors.length > 0) {
    // By row, then in the sheet's column order.
    const order = (column: string) => READ.findIndex((f) => INPUT_HEADERS[f] === column);
    errors.sort((a, b) => a.row - b.row || order(a.column) - order(b.column));
    return done(total);
  }

  // What changes: compared with the current figure (as in the template) and the entered pair.
  const [current, entered] = await Promise.all([
    loadSourceData(db, providers, cycle),
    db
      .select({
        workerId: assessmentCycleInput.workerId,
        absenceDays: assessmentCycleInput.absenceDays,
        satisfactionPct: assessmentCycleInput.satisfactionPct,
      })
      .from(assessmentCycleInput)
      .where(eq(assessmentCycleInput.cycleId, cycleId)),
  ]);
  const enteredOf = new Map(entered.map((e) => [e.workerId, e]));
  const items: CycleInputItem[] = [];
  for (const p of parsedRows) {
    const cur = current.get(p.workerId);
    const was = enteredOf.get(p.workerId);
    const next = (f: 'absenceDays' | 'satisfactionPct'): number | null => {
      const v = p[f];
      const now = cur?.[f] ?? null;
      const before = was?.[f] ?? null;
      if (v === null) return null;
      if (now !== null && round(now, SCALE[f]) === v) return before;
      return v;
    };
    const item = {
      workerId: p.workerId,
      absenceDays: next('absenceDays'),
      satisfactionPct: next('satisfactionPct'),
    };
    const same = (a: number | null, b: number | null) =>
      a === b || (a !== null && b !== null && Number(a) === Number(b));
    if (
      !same(item.absenceDays, was?.absenceDays ?? null) ||
      !same(item.satisfactionPct, was?.satisfactionPct ?? null)
    ) {
      items.push(item);
    }
  }
  if (mode === 'validate') return done(total, items.length);
  await db.transaction(async (tx) => {
    const locked = await lockInputs(tx, auth, cycleId);
    await writeInputsInTx(tx, auth, ctx, locked, items, 'xlsx');
  });
  return done(total, items.length, true);
}
