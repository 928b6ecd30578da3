// Assessment results from a spreadsheet: the template, and the import — each row names the worker
// by ID number or by worker id, the year and the rating (code or Chinese label). Every row is
// checked first; any error writes nothing and the errors are reported by row and column. A valid
// file upserts one annual result per worker and year, in one transaction with one audit row.
import type { AssessmentImportResult } from '@cwp/contracts';
import {
  ASSESSMENT_RATING_LABELS,
  ASSESSMENT_RATINGS,
  parseIdNumber,
  type AssessmentRating,
} from '@cwp/core';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import type { Pii } from '../../lib/pii';
import { inScope } from '../../lib/scope';
import { openWorkbook, type Cell, type ReadLimits } from '../workers/excel/xlsx-read';
import { ratingFrom } from './service';

export const ASSESSMENT_IMPORT_LIMITS: ReadLimits = {
  maxRows: 20_001,
  maxColumns: 30,
  maxSheetBytes: 64 << 20,
  maxSharedStringsBytes: 16 << 20,
};

const HEADERS = {
  idNumber: '身份证号',
  workerId: '人员编号',
  name: '姓名',
  year: '考核年度',
  rating: '考核等次',
  note: '备注',
} as const;
type Field = keyof typeof HEADERS;

export async function buildAssessmentTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('考核结果');
  ws.columns = [
    { header: HEADERS.idNumber, width: 22 },
    { header: HEADERS.workerId, width: 10 },
    { header: HEADERS.name, width: 12 },
    { header: HEADERS.year, width: 10 },
    { header: HEADERS.rating, width: 12 },
    { header: HEADERS.note, width: 30 },
  ];
  ws.getRow(1).font = { bold: true };
  const hint = wb.addWorksheet('说明');
  hint.addRows([
    ['每行一名人员一个年度的年度考核结果；身份证号与人员编号填写其一即可（都填时须为同一人）。'],
    ['姓名仅供核对，不参与匹配。'],
    [`考核等次填写：${ASSESSMENT_RATINGS.map((r) => ASSESSMENT_RATING_LABELS[r]).join('、')}`],
    ['同一人员同一年度已有结果的将被更新；任何一行有错误时整个文件不会写入。'],
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

interface ParsedRow {
  row: number;
  idHash: string | null;
  workerId: number | null;
  year: number;
  rating: AssessmentRating;
  note: string | null;
}

export async function importAssessments(
  deps: { db: Db; pii: Pii },
  auth: AuthContext,
  ctx: AuditContext,
  file: Buffer,
  mode: 'validate' | 'commit',
): Promise<AssessmentImportResult> {
  const book = await openWorkbook(file, ASSESSMENT_IMPORT_LIMITS);
  const errors: AssessmentImportResult['errors'] = [];
  const parsed: ParsedRow[] = [];
  let columns: Partial<Record<Field, number>> | null = null;
  const thisYear = new Date().getFullYear();
  for await (const chunk of book.rows({})) {
    for (const r of chunk) {
      if (!columns) {
        columns = {};
        r.cells.forEach((c, i) => {
          const t = cellText(c);
          for (const [f, h] of Object.entries(HEADERS)) if (t === h) columns![f as Field] = i;
        });
        const missing = (['year', 'rating'] as const).filter((f) => columns![f] === undefined);
        if (columns.idNumber === undefined && columns.workerId === undefined) {
          errors.push({ row: r.number, column: '', message: '表头须包含“身份证号”或“人员编号”列' });
        }
        for (const f of missing) {
          errors.push({ row: r.number, column: HEADERS[f], message: `表头缺少“${HEADERS[f]}”列` });
        }
        if (errors.length > 0) return result(mode, 0, errors);
        continue;
      }
      const cols = columns;
      const get = (f: Field) => (cols[f] === undefined ? '' : cellText(r.cells[cols[f]!]));
      const values = (Object.keys(HEADERS) as Field[]).map(get);
      if (values.every((v) => v === '')) continue;
      const err = (f: Field | '', message: string) =>
        errors.push({ row: r.number, column: f ? HEADERS[f] : '', message });
      if (values.some((v) => v.includes('\u0000'))) {
        err('', '单元格包含公式或错误值，请填写数值或文字');
        continue;
      }
      const idText = get('idNumber');
      const widText = get('workerId');
      let idHash: string | null = null;
      let workerId: number | null = null;
      let ok = true;
      if (!idText && !widText) {
        err('idNumber', '身份证号与人员编号须填写其一');
        ok = false;
      }
      if (idText) {
        const p = parseIdNumber(idText);
        if (!p.ok) {
          err('idNumber', p.message);
          ok = false;
        } else idHash = deps.pii.blindIndex('id_number', p.value);
      }
      if (widText) {
        if (!/^\d{1,15}$/.test(widText)) {
          err('workerId', '人员编号应为正整数');
          ok = false;
        } else workerId = Number(widText);
      }
      const yearText = get('year');
      const year = Number(yearText);
      if (!/^\d{4}$/.test(yearText) || year < 2000 || year > thisYear) {
        err('year', `考核年度应为 2000 至 ${thisYear} 之间的四位年份`);
        ok = false;
      }
      const rating = ratingFrom(get('rating'));
      if (!rating) {
        err('rating', '考核等次应为 优秀、合格、基本合格 或 不合格');
        ok = false;
      }
      const note = get('note') || null;
      if (note && note.length > 500) {
        err('note', '备注不能超过 500 个字符');
        ok = false;
      }
      if (ok && rating) parsed.push({ row: r.number, idHash, workerId, year, rating, note });
    }
  }
  if (!columns) {
    errors.push({ row: 1, column: '', message: '文件中没有表头行' });
    return result(mode, 0, errors);
  }
  // Resolve workers: by hash and/or id, in scope.
  const hashes = [...new Set(parsed.flatMap((p) => (p.idHash ? [p.idHash] : [])))];
  const ids = [...new Set(parsed.flatMap((p) => (p.workerId ? [p.workerId] : [])))];
  const { rows: found } = await deps.db.execute<{ id: string; hash: string; org_path: string }>(sql`
    select id, id_number_hash as hash, org_path from worker
     where id_number_hash = any(${sql.param(hashes)}::text[])
        or id = any(${sql.param(ids)}::bigint[])`);
  const byHash = new Map(found.map((w) => [w.hash, w]));
  const byId = new Map(found.map((w) => [Number(w.id), w]));
  const seen = new Map<string, number>();
  const resolved: { workerId: number; orgPath: string; p: ParsedRow }[] = [];
  for (const p of parsed) {
    const a = p.idHash ? byHash.get(p.idHash) : undefined;
    const b = p.workerId ? byId.get(p.workerId) : undefined;
    const w = a ?? b;
    if ((p.idHash && !a) || (p.workerId && !b) || !w || !inScope(auth, w.org_path)) {
      errors.push({
        row: p.row,
        column: p.idHash ? HEADERS.idNumber : HEADERS.workerId,
        message: '找不到该人员，或不在您的管理范围内',
      });
      continue;
    }
    if (a && b && a.id !== b.id) {
      errors.push({
        row: p.row,
        column: HEADERS.workerId,
        message: '身份证号与人员编号不是同一人',
      });
      continue;
    }
    const key = `${w.id}:${p.year}`;
    const dup = seen.get(key);
    if (dup !== undefined) {
      errors.push({
        row: p.row,
        column: HEADERS.year,
        message: `与第 ${dup} 行是同一人员同一年度`,
      });
      continue;
    }
    seen.set(key, p.row);
    resolved.push({ workerId: Number(w.id), orgPath: w.org_path, p });
  }
  const total = parsed.length + new Set(errors.map((e) => e.row)).size;
  if (errors.length > 0 || mode === 'validate') {
    errors.sort((x, y) => x.row - y.row);
    return {
      ...result(mode, total, errors),
      ...(errors.length === 0 ? await counts(deps.db, resolved) : {}),
    };
  }
  return deps.db.transaction(async (tx) => {
    const c = await counts(tx, resolved);
    const payload = JSON.stringify(
      resolved.map((r) => ({ w: r.workerId, y: r.p.year, r: r.p.rating, n: r.p.note })),
    );
    await tx.execute(sql`
      insert into assessment_result (worker_id, year, period, rating, source, note, recorded_by)
      select (x->>'w')::bigint, (x->>'y')::int, 'annual', x->>'r', 'import', x->>'n', ${auth.userId}
        from jsonb_array_elements(${payload}::jsonb) x
      on conflict (worker_id, year, period) do update
        set rating = excluded.rating, note = excluded.note, source = 'import',
            recorded_by = excluded.recorded_by, recorded_at = now(),
            version = assessment_result.version + 1
        where assessment_result.rating is distinct from excluded.rating
           or assessment_result.note is distinct from excluded.note`);
    await writeAudit(tx, ctx, [
      {
        action: 'assessment.import',
        entityType: 'assessment_result',
        entityId: null,
        orgPath: auth.orgPath,
        changes: { rows: resolved.length, ...c },
      },
    ]);
    return { ...result(mode, total, []), ...c, committed: true };
  });
}

async function counts(
  db: Pick<Db, 'execute'>,
  resolved: { workerId: number; p: ParsedRow }[],
): Promise<{ created: number; updated: number; unchanged: number }> {
  if (resolved.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const payload = JSON.stringify(
    resolved.map((r) => ({ w: r.workerId, y: r.p.year, r: r.p.rating, n: r.p.note })),
  );
  const { rows } = await db.execute<{ created: number; updated: number; unchanged: number }>(sql`
    select count(*) filter (where a.id is null)::int as created,
           count(*) filter (where a.id is not null and (a.rating <> x->>'r'
                             or a.note is distinct from x->>'n'))::int as updated,
           count(*) filter (where a.id is not null and a.rating = x->>'r'
                             and a.note is not distinct from x->>'n')::int as unchanged
      from jsonb_array_elements(${payload}::jsonb) x
      left join assessment_result a
        on a.worker_id = (x->>'w')::bigint and a.year = (x->>'y')::int and a.period = 'annual'`);
  return rows[0] ?? { created: 0, updated: 0, unchanged: 0 };
}

function result(
  mode: 'validate' | 'commit',
  total: number,
  errors: AssessmentImportResult['errors'],
): AssessmentImportResult {
  return { mode, total, created: 0, updated: 0, unchanged: 0, errors, committed: false };
}
