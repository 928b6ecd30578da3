// The payroll computation, set-based: the workers of a subtree (with their last annual rating) and
// the pay-table versions that can govern them are loaded once, every worker's pay is computed in
// JS by core's monthlyPay (memoised: workers with the same rule, grade, probation, rating and
// qualification share one result), and the slips are streamed into PostgreSQL with COPY (or one
// multi-row INSERT inside a caller's transaction). Shared by runs, the budget and the what-if.
import {
  ASSESSMENT_RATINGS,
  monthlyPay,
  RuleEngineError,
  type AssessmentRating,
  type MonthlyPay,
  type PayTable,
} from '@cwp/core';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbOrTx } from '../../db/client';
import type { Candidate } from '../rule-sets/resolve';

/** A worker as the computation needs them. */
export interface PayWorker {
  id: number;
  name: string;
  orgUnitId: number;
  orgPath: string;
  post: string;
  grade: number | null;
  status: string;
  probationEnd: string | null;
  qualification: string | null;
  rating: AssessmentRating | null;
  ratingYear: number | null;
  /** Pension contribution base on record (cents), or null for the gross pay. */
  insuranceBaseCents: number | null;
}

interface WorkerRow extends Record<string, unknown> {
  id: string | number;
  name: string;
  org_unit_id: string | number;
  org_path: string;
  post: string;
  grade: number | null;
  status: string;
  probation_end: string | null;
  qualification: string | null;
  rating: string | null;
  rating_year: number | null;
  insurance_base_cents: string | null;
}

const isRating = (v: string | null): v is AssessmentRating =>
  v !== null && (ASSESSMENT_RATINGS as readonly string[]).includes(v);

/**
 * Active and probation workers under `rootPath`, with the last annual rating of a year before
 * `year` (an annual assessment of year Y sets the performance pay from the next year on) and the
 * pension contribution base recorded for them on `baseDate` (social_insurance, when paying; the
 * contracts module keeps those records). Without a recorded base the engine uses the gross pay.
 */
export async function loadPayWorkers(
  db: DbOrTx,
  rootPath: string,
  year: number,
  baseDate: string,
): Promise<PayWorker[]> {
  const { rows } = await db.execute<WorkerRow>(sql`
    select w.id, w.name, w.org_unit_id, w.org_path, w.post, w.grade, w.status,
           to_char(w.probation_end, 'YYYY-MM-DD') as probation_end, w.qualification,
           r.rating, r.year as rating_year,
           case when i.status = 'paying' then i.base_cents end as insurance_base_cents
      from worker w
      left join lateral (
        select a.rating, a.year from assessment_result a
         where a.worker_id = w.id and a.period = 'annual' and a.year < ${year}
         order by a.year desc limit 1) r on true
      left join lateral (
        select s.base_cents, s.status from social_insurance s
         where s.worker_id = w.id and s.kind = 'pension' and s.effective_from <= ${baseDate}::date
         order by s.effective_from desc limit 1) i on true
     where w.org_path like ${`${rootPath}%`} and w.status in ('active', 'probation')
     order by w.org_path, w.id`);
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    orgUnitId: Number(r.org_unit_id),
    orgPath: r.org_path,
    post: r.post,
    grade: r.grade,
    status: r.status,
    probationEnd: r.probation_end,
    qualification: r.qualification,
    rating: isRating(r.rating) ? r.rating : null,
    ratingYear: r.rating === null ? null : r.rating_year,
    insuranceBaseCents: r.insurance_base_cents === null ? null : Number(r.insurance_base_cents),
  }));
}

/** First day of a `YYYY-MM` month. */
export const monthStart = (month: string) => `${month}-01`;

/**
 * In probation during the month: status probation, unless the recorded probation end lies before
 * the month (the budget forecast asks this for future months).
 */
export function inProbation(w: PayWorker, month: string): boolean {
  if (w.status !== 'probation') return false;
  return w.probationEnd === null || w.probationEnd >= monthStart(month);
}

export type PayOutcome =
  { ok: true; pay: MonthlyPay; probation: boolean } | { ok: false; message: string };

/** monthlyPay with a memo: pay depends only on the rule and these inputs. */
export function payCalculator(): (
  rule: Candidate<'pay_table'>,
  w: PayWorker,
  probation: boolean,
) => PayOutcome {
  const memo = new Map<string, PayOutcome>();
  return (rule, w, probation) => {
    if (w.grade === null) return { ok: false, message: '未定级，不能计算工资' };
    const key = `${rule.id}|${w.grade}|${probation ? 1 : 0}|${w.rating ?? ''}|${w.qualification ?? ''}|${w.insuranceBaseCents ?? ''}`;
    const hit = memo.get(key);
    if (hit) return hit;
    let out: PayOutcome;
    try {
      out = {
        ok: true,
        probation,
        pay: monthlyPay(rule.content, {
          grade: w.grade,
          rating: w.rating,
          qualification: w.qualification,
          probation,
          insuranceBase: w.insuranceBaseCents === null ? null : w.insuranceBaseCents / 100,
        }),
      };
    } catch (err) {
      if (!(err instanceof RuleEngineError)) throw err;
      out = { ok: false, message: err.message };
    }
    memo.set(key, out);
    return out;
  };
}

/** Integer cents of a yuan amount from the engine (already rounded to the cent). */
export const cents = (yuan: number) => Math.round(yuan * 100);
export const yuanOf = (c: number) => c / 100;

/** One stored slip. */
export interface SlipRow {
  runId: number;
  worker: PayWorker;
  pay: MonthlyPay;
  probation: boolean;
  rule: Candidate<'pay_table'>;
}

export interface SlipSink {
  push(row: SlipRow): Promise<void> | void;
  end(): Promise<void>;
}

export const SLIP_COLUMNS = [
  'run_id',
  'worker_id',
  'org_unit_id',
  'org_path',
  'worker_name',
  'post',
  'grade',
  'pay_grade',
  'probation',
  'rating',
  'rating_year',
  'performance_factor',
  'rule_set_id',
  'rule_version_no',
  'base_pay',
  'performance_pay',
  'allowance',
  'gross_pay',
  'insurance_base',
  'ee_pension',
  'ee_medical',
  'ee_unemployment',
  'ee_work_injury',
  'ee_maternity',
  'ee_housing_fund',
  'employee_total',
  'er_pension',
  'er_medical',
  'er_unemployment',
  'er_work_injury',
  'er_maternity',
  'er_housing_fund',
  'employer_total',
  'net_pay',
  'notes',
] as const;

const m = (v: number) => v.toFixed(2);

/** The slip's values in SLIP_COLUMNS order (null as null). */
export function slipValues(r: SlipRow): (string | number | boolean | null)[] {
  const { pay, worker: w } = r;
  const ee = pay.employeeContributions;
  const er = pay.employerContributions;
  return [
    r.runId,
    w.id,
    w.orgUnitId,
    w.orgPath,
    w.name,
    w.post,
    pay.grade,
    pay.payGrade,
    r.probation,
    w.rating,
    w.ratingYear,
    pay.performanceFactor,
    r.rule.id,
    r.rule.versionNo,
    m(pay.base),
    m(pay.performance),
    m(pay.allowances),
    m(pay.gross),
    m(pay.insuranceBase),
    m(ee.pension),
    m(ee.medical),
    m(ee.unemployment),
    m(ee.workInjury),
    m(ee.maternity),
    m(ee.housingFund),
    m(pay.employeeContributionsTotal),
    m(er.pension),
    m(er.medical),
    m(er.unemployment),
    m(er.workInjury),
    m(er.maternity),
    m(er.housingFund),
    m(pay.employerContributionsTotal),
    m(pay.net),
    pay.notes.join('\n'),
  ];
}

const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};
const copyField = (v: string | number | boolean | null) => {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch] ?? ch);
};

/** COPY … FROM STDIN in text format, flushed in 64 KiB chunks while rows keep coming. */
export function copySlipSink(client: pg.PoolClient): SlipSink {
  const stream = client.query(
    copyFrom(`copy payroll_slip (${SLIP_COLUMNS.join(', ')}) from stdin`),
  );
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  done.catch(() => undefined);
  // Rows of one memoised result share the pay part of the line; only the worker part differs.
  const tails = new WeakMap<MonthlyPay, string>();
  let buf = '';
  return {
    async push(r) {
      let tail = tails.get(r.pay);
      const values = slipValues(r);
      if (tail === undefined) {
        tail = values.slice(11).map(copyField).join('\t');
        tails.set(r.pay, tail);
      }
      buf += `${values.slice(0, 11).map(copyField).join('\t')}\t${tail}\n`;
      if (buf.length < 1 << 16) return;
      const chunk = buf;
      buf = '';
      if (!stream.write(chunk)) {
        await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), done]);
      }
    },
    async end() {
      stream.end(buf);
      buf = '';
      await done;
    },
  };
}

/** Collects the rows and inserts them from column arrays in one statement. */
export function insertSlipSink(db: DbOrTx): SlipSink {
  const rows: (string | number | boolean | null)[][] = [];
  return {
    push(r) {
      rows.push(slipValues(r));
    },
    async end() {
      if (rows.length === 0) return;
      const col = (i: number) => sql.param(rows.map((r) => r[i] ?? null));
      const types = [
        'bigint',
        'bigint',
        'bigint',
        'text',
        'text',
        'text',
        'int',
        'int',
        'boolean',
        'text',
        'int',
        'numeric',
        'bigint',
        'int',
        ...Array<string>(20).fill('numeric'),
        'text',
      ];
      const arrays = sql.join(
        types.map((t, i) => sql`${col(i)}::${sql.raw(t)}[]`),
        sql`, `,
      );
      await db.execute(sql`
        insert into payroll_slip (${sql.raw(SLIP_COLUMNS.join(', '))})
        select * from unnest(${arrays})`);
    },
  };
}

/** The pay table's rating → factor mapping, for explanations on screen. */
export function factorOf(table: PayTable, rating: AssessmentRating | null): number {
  return rating === null ? table.unratedPerformanceFactor : table.performanceFactors[rating];
}
