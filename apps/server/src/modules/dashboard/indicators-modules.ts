// Indicators over the modules that landed after the built-ins: training (hours granted this year
// and compliance with the training rules), resident satisfaction (per month), complaints handled
// on time and disclosures published on time. Each is an ordinary registered indicator: one
// statement of (org_path, category, n) additive counts, so it drills down, exports and is
// snapshotted like the others; percentages and averages are ratio lines computed from additive
// numerator and denominator categories. Each reuses its module's own definitions: the compliance
// report's statement (training/compliance.ts), the satisfied level of each campaign, the
// deadlines stored on each complaint, the due dates and overdue alerts of the disclosures.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../lib/errors';
import { visible } from '../complaints/queries';
import { compliancePlan, unitTotalsQuery, type Plan } from '../training/compliance';
import { registerIndicator, type IndicatorCategoryDef, type SourceArgs } from './registry';
import { SNAPSHOT_LEVELS } from './service';

const like = (prefix: string) => `${prefix}%`;
const IN_POST = sql`('active', 'probation')`;
/** A statement of the source's shape with no rows. */
const NO_ROWS = sql`select null::text as org_path, null::text as category, 0 as n where false`;

const fixed = (defs: IndicatorCategoryDef[]) => async () => defs;

const round1 = (v: number) => Math.round(v * 10) / 10;
const pctOf = (part: number, whole: number) => (whole > 0 ? round1((part * 100) / whole) : null);

/** The first day of the month 11 months before `today`: the start of a 12-month window. */
const windowStart = (today: string) =>
  sql`(date_trunc('month', ${today}::date) - interval '11 months')::date`;

/** The last 12 months (YYYY-MM), oldest first. */
export function last12Months(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 11; i >= 0; i--)
    out.push(new Date(Date.UTC(y, m - 1 - i, 1)).toISOString().slice(0, 7));
  return out;
}

/** The training rules governing the subtree of `unit`, or null when none is in force. */
async function planFor(
  db: DbOrTx,
  unit: { id: number; path: string },
  year: number,
): Promise<Plan | null> {
  try {
    return await compliancePlan(
      db,
      { orgPath: unit.path, orgUnitId: unit.id },
      { orgUnitId: unit.id, year },
    );
  } catch (e) {
    // No rule set in force above or under the unit: the report refuses, the chart shows nothing.
    if (e instanceof AppError && e.code === 'VALIDATION_FAILED') return null;
    throw e;
  }
}

/**
 * The compliance report's own per-unit totals (unitTotalsQuery: workers in post, meeting their
 * rule) for the children of `root`, as (org_path, category, n) rows at each child (the root's own
 * workers at the root). `keep` filters the child units whose rows are taken.
 */
function complianceRows(p: Plan, year: number, keep: SQL = sql`true`): SQL {
  return sql`
    select c.path as org_path, x.category, x.n
      from (${unitTotalsQuery(p, year)}) u
      join org_unit c on c.id = u.org_unit_id
     cross join lateral (values ('meeting', u.meeting), ('behind', u.workers - u.meeting))
           as x(category, n)
     where ${keep}`;
}

/**
 * Compliance per unit, by the compliance report's statement. Live (a unit's dashboard) that is the
 * report's totals per child of the unit. The snapshot (prefix '') needs figures at the units the
 * dashboard reads it for (the snapshot levels and their children): the report of each
 * snapshot-level unit gives its children's figures (those that are snapshot-level units
 * themselves are left to their own report) and its own workers', which the roll-up then sums.
 * The report's per-worker statement is not exported, so units below those children get no
 * snapshot row (nothing reads them).
 */
async function complianceSource({ prefix, today, db }: SourceArgs): Promise<SQL> {
  const year = Number(today.slice(0, 4));
  if (prefix !== '') {
    const { rows } = await db.execute<{ id: number; path: string }>(
      sql`select id::int as id, path from org_unit where path = ${prefix}`,
    );
    const unit = rows[0];
    const p = unit ? await planFor(db, unit, year) : null;
    return p ? complianceRows(p, year) : NO_ROWS;
  }
  const levels = sql.join(
    SNAPSHOT_LEVELS.map((l) => sql`${l}`),
    sql`, `,
  );
  const { rows: roots } = await db.execute<{ id: number; path: string }>(
    sql`select id::int as id, path from org_unit where level in (${levels}) order by path`,
  );
  const parts: SQL[] = [];
  for (const r of roots) {
    const p = await planFor(db, r, year);
    if (p) parts.push(complianceRows(p, year, sql`(c.id = ${r.id} or c.level not in (${levels}))`));
  }
  return parts.length > 0 ? sql.join(parts, sql` union all `) : NO_ROWS;
}

const COMPLAINT_OPEN = sql`('submitted', 'accepted')`;
/** A timestamp's calendar day in China (the deadlines are days). */
const day = (col: SQL) => sql`(${col} at time zone 'Asia/Shanghai')::date`;

let registered = false;

export function registerModuleIndicators(): void {
  if (registered) return;
  registered = true;

  // ---- training: hours granted this year ----
  registerIndicator({
    info: {
      key: 'training_hours',
      titleZh: '本年度培训学时',
      titleEn: 'Training hours this year',
      axis: 'unit',
      usesStatus: false,
    },
    permission: 'training:read',
    // The credit-hours ledger of the year, for the workers in post (as the compliance report's
    // year hours), read from its per-worker, per-year running totals (training_hours_total, kept
    // in step with the ledger by triggers: one row per worker, so workers and hours come from one
    // pass) and counted in tenths of an hour (the ledger's precision) so the figures add up.
    // The snapshot (every worker) hash-joins a year of totals. A live subtree fetches the year's
    // rows of exactly its workers in one index scan (`worker_id = any(array of their ids)`), as
    // the compliance report does below a city: a plain join let the planner scan the whole year
    // (300 ms for one district at 1,000,000 workers), a LATERAL look-up per worker took ~40 ms.
    // That scan sits in its own branch of a UNION, summed per unit through the workers' primary
    // key, not on the inner side of a join to the workers: without statistics (a freshly loaded
    // table) the planner chose a nested loop that ran the scan of all the ids once per worker,
    // 49 s for the demo city's 8,000 workers on PostgreSQL 15.
    source: ({ prefix, today }) => {
      const year = Number(today.slice(0, 4));
      const inPost = sql`w.org_path like ${like(prefix)} and w.status in ${IN_POST}`;
      const perUnit =
        prefix === ''
          ? sql`select w.org_path, count(*)::int as workers,
                       (coalesce(sum(y.hours), 0) * 10)::int as hours10
                  from worker w
                  left join training_hours_total y on y.worker_id = w.id and y.year = ${year}
                 where ${inPost}
                 group by 1`
          : sql`select r.org_path, sum(r.workers)::int as workers,
                       (coalesce(sum(r.hours), 0) * 10)::int as hours10
                  from (with w as materialized (select w.id, w.org_path from worker w where ${inPost})
                        select w.org_path, count(*) as workers, null::numeric as hours
                          from w group by 1
                        union all
                        select x.org_path, 0, sum(t.hours)
                          from training_hours_total t
                          join worker x on x.id = t.worker_id
                         where t.worker_id = any(array(select w.id from w))
                           and t.year = ${year}
                         group by 1) r
                 group by 1`;
      return sql`
      select s.org_path, x.category, x.n
        from (${perUnit}) s
       cross join lateral (values ('workers', s.workers), ('hours10', s.hours10))
             as x(category, n)`;
    },
    categories: fixed([
      { key: 'hours10', labelZh: '学时', labelEn: 'Hours', roster: null, scale: 0.1 },
      {
        key: 'workers',
        labelZh: '在岗人数',
        labelEn: 'Workers in post',
        roster: null,
        display: 'hidden',
      },
      {
        key: 'average',
        labelZh: '人均学时',
        labelEn: 'Hours per worker',
        roster: null,
        display: 'line',
        ratio: { numerator: 'hours10', denominator: ['workers'], factor: 0.1, unit: 'average' },
      },
    ]),
    summary: (t) => [
      { key: 'hours', labelZh: '学时合计', labelEn: 'Hours', value: round1((t.hours10 ?? 0) / 10) },
      { key: 'workers', labelZh: '在岗人数', labelEn: 'Workers in post', value: t.workers ?? 0 },
      {
        key: 'average',
        labelZh: '人均学时',
        labelEn: 'Hours per worker',
        value: t.workers ? round1((t.hours10 ?? 0) / 10 / t.workers) : null,
      },
    ],
  });

  // ---- training: compliance with the training rules (the compliance report's figures) ----
  registerIndicator({
    info: {
      key: 'training_compliance',
      titleZh: '培训达标情况（本年度）',
      titleEn: 'Training compliance (this year)',
      axis: 'unit',
      usesStatus: false,
    },
    permission: 'training:read',
    source: complianceSource,
    // The roster has no training filter: the report lists the workers behind.
    categories: fixed([
      { key: 'meeting', labelZh: '达标', labelEn: 'Meeting the rules', roster: null },
      { key: 'behind', labelZh: '未达标', labelEn: 'Behind', roster: null },
      {
        key: 'rate',
        labelZh: '达标率（%）',
        labelEn: 'Compliance (%)',
        roster: null,
        display: 'line',
        ratio: {
          numerator: 'meeting',
          denominator: ['meeting', 'behind'],
          factor: 100,
          unit: 'percent',
        },
      },
    ]),
    summary: (t) => [
      {
        key: 'workers',
        labelZh: '在岗人数',
        labelEn: 'Workers in post',
        value: (t.meeting ?? 0) + (t.behind ?? 0),
      },
      { key: 'behind', labelZh: '未达标人数', labelEn: 'Behind', value: t.behind ?? 0 },
      {
        key: 'rate',
        labelZh: '达标率（%）',
        labelEn: 'Compliance (%)',
        value: pctOf(t.meeting ?? 0, (t.meeting ?? 0) + (t.behind ?? 0)),
      },
    ],
  });

  // ---- resident satisfaction, per month ----
  registerIndicator({
    info: {
      key: 'satisfaction',
      titleZh: '居民满意度（近12个月）',
      titleEn: 'Resident satisfaction (last 12 months)',
      axis: 'month',
      usesStatus: false,
    },
    permission: 'survey:manage',
    // The mixed answers only (survey_response; the ballot box is the mixer's), by the day answered,
    // of the campaigns of the subtree. Every rating is counted and is satisfied at or above its
    // campaign's satisfied level, as in the survey results (read per answer with a JSON path, not
    // expanded into rows). Expanding tens of thousands of answers is too slow for a district's
    // page, so the chart is read from the snapshot at every level once one is fresh.
    snapshotEverywhere: true,
    source: ({ prefix, today }) => sql`
      select s.org_path, x.category || '|' || s.m as category, x.n
        from (select c.org_path, to_char(r.answered_on, 'YYYY-MM') as m,
                     sum(jsonb_array_length(r.answers))::int as ratings,
                     sum(jsonb_array_length(jsonb_path_query_array(
                       r.answers, '$[*] ? (@.r >= $min)',
                       jsonb_build_object('min', c.satisfied_min))))::int as satisfied,
                     count(*)::int as respondents
                from survey_campaign c
                join survey_response r on r.campaign_id = c.id
               where c.org_path like ${like(prefix)}
                 and r.answered_on >= ${windowStart(today)} and r.answered_on <= ${today}::date
               group by 1, 2) s
       cross join lateral (values ('satisfied', s.satisfied), ('other', s.ratings - s.satisfied),
                                  ('respondents', s.respondents)) as x(category, n)`,
    categories: fixed([
      { key: 'satisfied', labelZh: '满意评价', labelEn: 'Satisfied ratings', roster: null },
      { key: 'other', labelZh: '其他评价', labelEn: 'Other ratings', roster: null },
      {
        key: 'respondents',
        labelZh: '答卷',
        labelEn: 'Responses',
        roster: null,
        display: 'hidden',
      },
      {
        key: 'rate',
        labelZh: '满意率（%）',
        labelEn: 'Satisfied (%)',
        roster: null,
        display: 'line',
        ratio: {
          numerator: 'satisfied',
          denominator: ['satisfied', 'other'],
          factor: 100,
          unit: 'percent',
        },
      },
    ]),
    months: last12Months,
    summary: (t) => {
      const sum = (k: string) =>
        Object.entries(t)
          .filter(([c]) => c.startsWith(`${k}|`))
          .reduce((a, [, n]) => a + n, 0);
      const satisfied = sum('satisfied');
      const ratings = satisfied + sum('other');
      return [
        { key: 'respondents', labelZh: '答卷', labelEn: 'Responses', value: sum('respondents') },
        { key: 'ratings', labelZh: '评价', labelEn: 'Ratings', value: ratings },
        {
          key: 'rate',
          labelZh: '满意率（%）',
          labelEn: 'Satisfied (%)',
          value: pctOf(satisfied, ratings),
        },
      ];
    },
  });

  // ---- complaints handled on time ----
  registerIndicator({
    info: {
      key: 'complaints',
      titleZh: '信访举报办理时效',
      titleEn: 'Complaints handled on time',
      axis: 'unit',
      usesStatus: false,
    },
    permission: 'complaint:read',
    // Each complaint carries its own deadlines (accept_due, reply_due, set from the region's
    // settings when it was filed). Open (submitted/accepted): overdue as the module flags it
    // (not accepted by accept_due, or not answered by reply_due), else within the deadline; all
    // open ones, whenever filed. Handled (rejected, replied, closed), filed in the last 12
    // months: on time when no deadline was missed — accepted (or rejected) by accept_due and
    // answered by reply_due — else late. A live view leaves out what the complaints module hides
    // from the reader (complaints about them or their own community: `visible`); the snapshot of a
    // province or city is the same for every reader.
    source: ({ prefix, today, viewer }) => sql`
      select org_path,
             case when status in ${COMPLAINT_OPEN} then
                    case when (status = 'submitted' and accept_due < ${today}::date)
                              or reply_due < ${today}::date
                         then 'open_overdue' else 'open_on_time' end
                  when status = 'rejected' then
                    case when ${day(sql`closed_at`)} <= accept_due
                         then 'closed_on_time' else 'closed_late' end
                  when ${day(sql`accepted_at`)} <= accept_due
                       and ${day(sql`replied_at`)} <= reply_due then 'closed_on_time'
                  else 'closed_late' end as category,
             count(*)::int as n
        from complaint c
       where org_path like ${like(prefix)}
         and (status in ${COMPLAINT_OPEN} or created_at >= ${windowStart(today)})
         ${viewer ? sql`and ${visible(viewer)}` : sql``}
       group by 1, 2`,
    categories: fixed([
      { key: 'closed_on_time', labelZh: '按期办结', labelEn: 'Handled on time', roster: null },
      { key: 'closed_late', labelZh: '逾期办结', labelEn: 'Handled late', roster: null },
      { key: 'open_overdue', labelZh: '在办超期', labelEn: 'Open, overdue', roster: null },
      {
        key: 'open_on_time',
        labelZh: '在办未超期',
        labelEn: 'Open, within deadline',
        roster: null,
      },
      {
        key: 'rate',
        labelZh: '按期办结率（%）',
        labelEn: 'Handled on time (%)',
        roster: null,
        display: 'line',
        ratio: {
          numerator: 'closed_on_time',
          denominator: ['closed_on_time', 'closed_late', 'open_overdue'],
          factor: 100,
          unit: 'percent',
        },
      },
    ]),
    summary: (t) => {
      const onTime = t.closed_on_time ?? 0;
      const late = t.closed_late ?? 0;
      const overdue = t.open_overdue ?? 0;
      return [
        { key: 'handled', labelZh: '已办结', labelEn: 'Handled', value: onTime + late },
        { key: 'overdue', labelZh: '在办超期', labelEn: 'Open, overdue', value: overdue },
        {
          key: 'rate',
          labelZh: '按期办结率（%）',
          labelEn: 'Handled on time (%)',
          value: pctOf(onTime, onTime + late + overdue),
        },
      ];
    },
  });

  // ---- disclosures published on time ----
  registerIndicator({
    info: {
      key: 'disclosures',
      titleZh: '公开及时情况（本年度）',
      titleEn: 'Disclosures on time (this year)',
      axis: 'unit',
      usesStatus: false,
    },
    permission: 'disclosure:manage',
    // Items due this year by the schedule in force when drafted (due_date; originals, not
    // corrections) that were published: on time when published by the due date, else late (as
    // the evaluation's disclosure_on_time). Overdue: the periods and items the module's daily
    // check found unpublished past their due date (disclosure_overdue_alert) that still have
    // nothing published, as its overdue list shows them.
    source: ({ prefix, today }) => {
      const from = `${today.slice(0, 4)}-01-01`;
      const to = `${today.slice(0, 4)}-12-31`;
      return sql`
        select org_path,
               case when ${day(sql`published_at`)} <= due_date then 'on_time' else 'late' end
                 as category,
               count(*)::int as n
          from disclosure
         where org_path like ${like(prefix)} and corrects_id is null and published_at is not null
           and due_date between ${from}::date and ${to}::date
         group by 1, 2
        union all
        select o.path, 'overdue', count(*)::int
          from org_unit o
          join disclosure_overdue_alert a on a.org_unit_id = o.id
         where o.path like ${like(prefix)} and a.due_date between ${from}::date and ${to}::date
           and not exists (select 1 from disclosure d where d.org_unit_id = a.org_unit_id
                 and d.kind = a.kind and d.status in ('published', 'superseded')
                 and (d.period_key = a.period_key
                      or 'item:' || coalesce(d.series_id, d.id) = a.period_key))
         group by 1`;
    },
    categories: fixed([
      { key: 'on_time', labelZh: '按时公开', labelEn: 'Published on time', roster: null },
      { key: 'late', labelZh: '逾期公开', labelEn: 'Published late', roster: null },
      { key: 'overdue', labelZh: '逾期未公开', labelEn: 'Overdue, unpublished', roster: null },
      {
        key: 'rate',
        labelZh: '及时率（%）',
        labelEn: 'On time (%)',
        roster: null,
        display: 'line',
        ratio: {
          numerator: 'on_time',
          denominator: ['on_time', 'late', 'overdue'],
          factor: 100,
          unit: 'percent',
        },
      },
    ]),
    summary: (t) => {
      const onTime = t.on_time ?? 0;
      const all = onTime + (t.late ?? 0) + (t.overdue ?? 0);
      return [
        { key: 'due', labelZh: '应公开', labelEn: 'Due', value: all },
        { key: 'overdue', labelZh: '逾期未公开', labelEn: 'Overdue', value: t.overdue ?? 0 },
        { key: 'rate', labelZh: '及时率（%）', labelEn: 'On time (%)', value: pctOf(onTime, all) },
      ];
    },
  });
}
