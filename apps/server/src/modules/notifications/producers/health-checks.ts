// Health checks due (体检到期): workers in post whose next check — the last check (or the hire
// date) plus the interval of the care setting in force for their unit — has passed or falls within
// the setting's "due soon" days; the same arithmetic as the care module's due list. Officers
// (care:manage at the nearest unit at or above the worker) get one notification a month with the
// number due in what they handle; a worker with an account gets one per due date; the digest
// counts the workers due in each care reader's scope.
import { sql } from 'drizzle-orm';
import { FALLBACK_SETTING } from '../../care/service';
import { addCount, countsInScope, holders, monthKey, nearestResolver } from './recipients';
import type { DueItem, Producer } from './types';

export const healthChecksProducer: Producer = {
  kind: 'health_check.due',
  async collect(db, date) {
    const { rows } = await db.execute<{
      self: boolean;
      path: string;
      n: number;
      overdue: number;
      user_id: number | null;
      due_date: string | null;
    }>(sql`
      with hc as (
        select worker_id, max(check_date) as last_check from health_check group by worker_id
      ), x as materialized (
        select w.id, w.org_path,
               (coalesce(hc.last_check, w.hire_date)
                 + make_interval(months => coalesce(s.health_check_interval_months,
                                                    ${FALLBACK_SETTING.healthCheckIntervalMonths})))::date
                 as due_date,
               coalesce(s.due_soon_days, ${FALLBACK_SETTING.dueSoonDays}) as soon_days
          from worker w
          left join hc on hc.worker_id = w.id
          left join lateral (
            select cs.health_check_interval_months, cs.due_soon_days from care_setting cs
             where w.org_path like cs.org_path || '%' order by length(cs.org_path) desc limit 1
          ) s on true
         where w.status in ('active', 'probation')
      ), due as materialized (
        select * from x where due_date <= ${date}::date + soon_days
      )
      select false as self, org_path as path, count(*)::int as n,
             count(*) filter (where due_date < ${date}::date)::int as overdue,
             null::bigint as user_id, null::text as due_date
        from due group by org_path
      union all
      select true, d.org_path, 1, (d.due_date < ${date}::date)::int, u.id,
             to_char(d.due_date, 'YYYY-MM-DD')
        from due d join app_user u on u.worker_id = d.id and u.active`);
    const units = rows.filter((r) => !r.self);
    if (units.length === 0) return { items: [], counts: new Map() };
    const managers = await holders(db, ['care:manage']);
    const readers = await holders(db, ['care:read', 'care:manage']);
    const nearest = nearestResolver(managers);
    const perOfficer = new Map<number, { n: number; overdue: number }>();
    for (const r of units)
      for (const id of nearest(r.path)) {
        const t = perOfficer.get(id) ?? { n: 0, overdue: 0 };
        t.n += r.n;
        t.overdue += r.overdue;
        perOfficer.set(id, t);
      }
    const month = monthKey(date);
    const items: DueItem[] = [...perOfficer].map(([userId, t]) => ({
      userId,
      itemKey: month,
      title: `体检提醒：${t.n} 名社区工作者体检已到期或即将到期`,
      body: `截至 ${date}，您负责的单位有 ${t.n} 人体检已到期或即将到期，其中已逾期 ${t.overdue} 人，请安排体检。`,
      link: '/care',
    }));
    const counts = countsInScope(
      readers,
      units.map((r) => ({ path: r.path, n: r.n })),
    );
    for (const r of rows.filter((x) => x.self && x.user_id !== null)) {
      const userId = Number(r.user_id);
      items.push({
        userId,
        itemKey: `self:${r.due_date ?? ''}`,
        title: r.overdue ? '您的体检已逾期' : '您的体检即将到期',
        body: `按规定您应于 ${r.due_date ?? ''} 前完成体检，请及时安排。`,
        link: '/me',
      });
      if (!readers.some((h) => h.id === userId)) addCount(counts, userId, 1);
    }
    return { items, counts };
  },
};
