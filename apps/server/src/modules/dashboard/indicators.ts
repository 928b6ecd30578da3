// The built-in indicators over the modules that have landed: workers (size and structure,
// turnover), staffing (headcount against quota, per 10,000 residents and per community),
// assessment results and career channels. Later modules register theirs the same way.
import { ASSESSMENT_RATINGS } from '@cwp/core';
import { CAREER_RECORD_KINDS, WORKER_DICTIONARY_FIELDS } from '@cwp/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../../lib/context';
import { registerIndicator, type IndicatorCategoryDef, type SourceArgs } from './registry';

const like = (prefix: string) => `${prefix}%`;

/** `status|category` over the workers of the subtree with one of the counted statuses. */
function workerSource(category: SQL) {
  return ({ prefix, status }: SourceArgs): SQL => sql`
    select org_path, status || '|' || coalesce((${category})::text, '') as category,
           count(*)::int as n
      from worker
     where org_path like ${like(prefix)}
       and status ${status ? sql`= ${status}` : sql`in ('active', 'probation', 'suspended')`}
     group by 1, 2`;
}

const UNKNOWN = { labelZh: '未填写', labelEn: 'Not recorded' };

/** Dictionary order first, then codes found in the data but not in the dictionary. */
function dictionaryCategories(dictionaryCode: string, rosterKey: string) {
  return async (deps: AppDeps, present: string[]): Promise<IndicatorCategoryDef[]> => {
    const dict = await deps.dictionaries.get(dictionaryCode);
    const items = dict?.items ?? [];
    const known = new Set(items.map((i) => i.code));
    const out: IndicatorCategoryDef[] = items
      .filter((i) => i.active || present.includes(i.code))
      .map((i) => ({
        key: i.code,
        labelZh: i.labelZh,
        labelEn: i.labelEn,
        roster: { [rosterKey]: i.code },
      }));
    for (const p of present.filter((p) => p !== '' && !known.has(p)).sort())
      out.push({ key: p, labelZh: p, labelEn: p, roster: { [rosterKey]: p } });
    if (present.includes('')) out.push({ key: '', ...UNKNOWN, roster: null });
    return out;
  };
}

function fixedCategories(defs: IndicatorCategoryDef[]) {
  return async (_deps: AppDeps, present: string[]): Promise<IndicatorCategoryDef[]> => {
    const keys = new Set(defs.map((d) => d.key));
    const extra = present
      .filter((p) => !keys.has(p))
      .sort()
      .map((p) =>
        p === ''
          ? { key: '', ...UNKNOWN, roster: null }
          : { key: p, labelZh: p, labelEn: p, roster: null },
      );
    return [...defs, ...extra];
  };
}

function dimension(
  key: string,
  titleZh: string,
  titleEn: string,
  column: SQL,
  dictionaryCode: string,
  rosterKey: string,
) {
  registerIndicator({
    info: { key, titleZh, titleEn, axis: 'unit', usesStatus: true },
    permission: 'worker:read',
    source: workerSource(column),
    workerCategory: () => column,
    categories: dictionaryCategories(dictionaryCode, rosterKey),
  });
}

/** Age bands as roster age ranges (age N: born after today − N − 1 years, on or before today − N). */
export const AGE_BANDS: { key: string; min: number | null; max: number | null }[] = [
  { key: 'lt30', min: null, max: 29 },
  { key: '30_39', min: 30, max: 39 },
  { key: '40_49', min: 40, max: 49 },
  { key: '50_54', min: 50, max: 54 },
  { key: 'ge55', min: 55, max: null },
];

/** The age band of a worker on `today` (birth_date of worker). */
const ageBand = (today: string): SQL => sql`case
        when birth_date > (${today}::date - interval '30 years') then 'lt30'
        when birth_date > (${today}::date - interval '40 years') then '30_39'
        when birth_date > (${today}::date - interval '50 years') then '40_49'
        when birth_date > (${today}::date - interval '55 years') then '50_54'
        else 'ge55' end`;

let registered = false;

export function registerBuiltinIndicators(): void {
  if (registered) return;
  registered = true;

  registerIndicator({
    info: {
      key: 'staffing',
      titleZh: '在岗人数与员额',
      titleEn: 'Headcount against quota',
      axis: 'unit',
      usesStatus: false,
    },
    permission: 'staffing:read',
    // Headcount by status (bars), the quota after adjustments (line), and the communities and
    // resident population of the subtree (for the per-10,000 and per-community figures).
    source: ({ prefix }) => sql`
      select org_path, status as category, count(*)::int as n
        from worker
       where org_path like ${like(prefix)} and status in ('active', 'probation')
       group by 1, 2
      union all
      select o.path, 'quota',
             (case when a.mode = 'override' then a.value
                   when q.quota is null then null
                   else q.quota + coalesce(a.value, 0) end)::int
        from org_unit o
        left join unit_quota q on q.org_unit_id = o.id
        left join quota_adjustment a on a.org_unit_id = o.id and a.active
       where o.path like ${like(prefix)} and (q.quota is not null or a.mode = 'override')
      union all
      select o.path, 'communities', 1 from org_unit o
       where o.path like ${like(prefix)} and o.level = 'community' and o.active
      union all
      select o.path, 'population', o.resident_population from org_unit o
       where o.path like ${like(prefix)} and o.level = 'community' and o.active
         and o.resident_population is not null`,
    categories: fixedCategories([
      { key: 'active', labelZh: '在岗', labelEn: 'Active', roster: { status: 'active' } },
      { key: 'probation', labelZh: '试用', labelEn: 'Probation', roster: { status: 'probation' } },
      { key: 'quota', labelZh: '员额', labelEn: 'Quota', roster: null, display: 'line' },
      {
        key: 'communities',
        labelZh: '社区数',
        labelEn: 'Communities',
        roster: null,
        display: 'hidden',
      },
      {
        key: 'population',
        labelZh: '常住人口',
        labelEn: 'Resident population',
        roster: null,
        display: 'hidden',
      },
    ]),
    summary: (t) => {
      const heads = (t.active ?? 0) + (t.probation ?? 0);
      const round1 = (v: number) => Math.round(v * 10) / 10;
      return [
        { key: 'headcount', labelZh: '在岗人数', labelEn: 'Headcount', value: heads },
        { key: 'quota', labelZh: '员额', labelEn: 'Quota', value: t.quota ?? null },
        {
          key: 'gap',
          labelZh: '缺编（负数为超编）',
          labelEn: 'Vacancies (negative: excess)',
          value: t.quota === undefined ? null : t.quota - heads,
        },
        {
          key: 'per10k',
          labelZh: '每万名常住人口社区工作者数',
          labelEn: 'Workers per 10,000 residents',
          value: t.population ? round1((heads * 10000) / t.population) : null,
        },
        {
          key: 'perCommunity',
          labelZh: '平均每社区社区工作者数',
          labelEn: 'Workers per community',
          value: t.communities ? round1(heads / t.communities) : null,
        },
      ];
    },
  });

  registerIndicator({
    info: { key: 'age', titleZh: '年龄结构', titleEn: 'Age', axis: 'unit', usesStatus: true },
    permission: 'worker:read',
    source: (args) => workerSource(ageBand(args.today))(args),
    workerCategory: ageBand,
    categories: fixedCategories(
      AGE_BANDS.map((b) => ({
        key: b.key,
        labelZh:
          b.min === null
            ? `${b.max! + 1}岁以下`
            : b.max === null
              ? `${b.min}岁及以上`
              : `${b.min}–${b.max}岁`,
        labelEn:
          b.min === null
            ? `Under ${b.max! + 1}`
            : b.max === null
              ? `${b.min}+`
              : `${b.min}–${b.max}`,
        roster: {
          ...(b.min !== null ? { ageMin: String(b.min) } : {}),
          ...(b.max !== null ? { ageMax: String(b.max) } : {}),
        },
      })),
    ),
  });

  registerIndicator({
    info: { key: 'sex', titleZh: '性别结构', titleEn: 'Sex', axis: 'unit', usesStatus: true },
    permission: 'worker:read',
    source: workerSource(sql`sex`),
    workerCategory: () => sql`sex`,
    // The roster has no sex filter: these bars drill the tree but open no list.
    categories: fixedCategories([
      { key: 'male', labelZh: '男', labelEn: 'Male', roster: null },
      { key: 'female', labelZh: '女', labelEn: 'Female', roster: null },
    ]),
  });

  dimension('education', '学历结构', 'Education', sql`education`, 'education', 'education');
  dimension(
    'political_status',
    '政治面貌',
    'Political status',
    sql`political_status`,
    WORKER_DICTIONARY_FIELDS.politicalStatus,
    'politicalStatus',
  );
  dimension(
    'qualification',
    '职业资格',
    'Qualification',
    sql`qualification`,
    WORKER_DICTIONARY_FIELDS.qualification,
    'qualification',
  );
  dimension(
    'category',
    '人员类别',
    'Category',
    sql`category`,
    WORKER_DICTIONARY_FIELDS.category,
    'category',
  );
  dimension('post', '岗位', 'Post', sql`post`, WORKER_DICTIONARY_FIELDS.post, 'post');

  registerIndicator({
    info: {
      key: 'grade',
      titleZh: '岗位等级',
      titleEn: 'Post grade',
      axis: 'unit',
      usesStatus: true,
    },
    permission: 'worker:read',
    source: workerSource(sql`lpad(grade::text, 2, '0')`),
    workerCategory: () => sql`lpad(grade::text, 2, '0')`,
    categories: async (_deps, present) =>
      present
        .slice()
        .sort()
        .map((p) =>
          p === ''
            ? { key: '', labelZh: '未定级', labelEn: 'No grade', roster: null }
            : {
                key: p,
                labelZh: `${Number(p)}级`,
                labelEn: `Grade ${Number(p)}`,
                roster: { gradeMin: String(Number(p)), gradeMax: String(Number(p)) },
              },
        ),
  });

  const RATING_LABELS: Record<string, [string, string]> = {
    excellent: ['优秀', 'Excellent'],
    competent: ['称职', 'Competent'],
    basically_competent: ['基本称职', 'Basically competent'],
    incompetent: ['不称职', 'Incompetent'],
  };
  registerIndicator({
    info: {
      key: 'assessment',
      titleZh: '年度考核等次（上一年度）',
      titleEn: 'Annual assessment (last year)',
      axis: 'unit',
      usesStatus: true,
    },
    permission: 'assessment:read',
    source: ({ prefix, status, today }) => sql`
      select w.org_path, w.status || '|' || r.rating as category, count(*)::int as n
        from assessment_result r
        join worker w on w.id = r.worker_id
       where w.org_path like ${like(prefix)}
         and w.status ${status ? sql`= ${status}` : sql`in ('active', 'probation', 'suspended')`}
         and r.period = 'annual' and r.year = ${Number(today.slice(0, 4)) - 1}
       group by 1, 2`,
    categories: fixedCategories(
      ASSESSMENT_RATINGS.map((r) => ({
        key: r,
        labelZh: RATING_LABELS[r]?.[0] ?? r,
        labelEn: RATING_LABELS[r]?.[1] ?? r,
        roster: null,
      })),
    ),
  });

  const CAREER_LABELS: Record<string, [string, string]> = {
    civil_service: ['考录公务员', 'Civil service'],
    public_institution: ['招聘进入事业单位', 'Public institution'],
    tutor: ['担任导师', 'Tutor'],
    reserve_pool: ['纳入后备人才库', 'Reserve pool'],
  };
  registerIndicator({
    info: {
      key: 'career',
      titleZh: '职业发展通道（累计）',
      titleEn: 'Career channels (to date)',
      axis: 'unit',
      usesStatus: false,
    },
    permission: 'contract:read',
    source: ({ prefix, today }) => sql`
      select org_path, kind as category, count(*)::int as n
        from career_record
       where org_path like ${like(prefix)} and occurred_on <= ${today}
       group by 1, 2`,
    categories: fixedCategories(
      CAREER_RECORD_KINDS.map((k) => ({
        key: k,
        labelZh: CAREER_LABELS[k]?.[0] ?? k,
        labelEn: CAREER_LABELS[k]?.[1] ?? k,
        roster: null,
      })),
    ),
  });

  registerIndicator({
    info: {
      key: 'turnover',
      titleZh: '人员进出（近12个月）',
      titleEn: 'Hires and exits (last 12 months)',
      axis: 'month',
      usesStatus: false,
    },
    permission: 'worker:read',
    // Hires by hire date; exits by the date the status became exited (worker_history).
    source: ({ prefix, today }) => sql`
      select org_path, 'hires|' || to_char(hire_date, 'YYYY-MM') as category, count(*)::int as n
        from worker
       where org_path like ${like(prefix)}
         and hire_date >= date_trunc('month', ${today}::date) - interval '11 months'
         and hire_date <= ${today}::date
       group by 1, 2
      union all
      select w.org_path, 'exits|' || to_char(h.effective_from, 'YYYY-MM'), count(*)::int
        from worker_history h
        join worker w on w.id = h.worker_id
       where w.org_path like ${like(prefix)} and h.kind = 'status' and h.value = 'exited'
         and h.effective_from >= date_trunc('month', ${today}::date) - interval '11 months'
         and h.effective_from <= ${today}::date
       group by 1, 2`,
    categories: fixedCategories([
      { key: 'hires', labelZh: '新聘', labelEn: 'Hires', roster: null },
      { key: 'exits', labelZh: '退出', labelEn: 'Exits', roster: null },
    ]),
    months: (today) => {
      const [y, m] = today.split('-').map(Number) as [number, number];
      const out: string[] = [];
      for (let i = 11; i >= 0; i--) {
        const d = new Date(Date.UTC(y, m - 1 - i, 1));
        out.push(d.toISOString().slice(0, 7));
      }
      return out;
    },
  });
}
