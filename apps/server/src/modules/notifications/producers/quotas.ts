// Quotas vacant (员额空缺): communities and subdistricts whose quota after adjustments (staffing's
// effectiveQuota: an override replaces, a delta adds, never below zero) exceeds the workers in
// post attached to the unit. The staffing:read holders of the nearest unit at or above get one
// notification a month with the places vacant in what they handle; the digest counts the vacant
// places in each staffing reader's scope.
import { sql } from 'drizzle-orm';
import { countsInScope, holders, monthKey, nearestResolver } from './recipients';
import type { DueItem, Producer } from './types';

export const quotasProducer: Producer = {
  kind: 'quota.vacant',
  async collect(db, date) {
    const { rows } = await db.execute<{ path: string; vacancies: number }>(sql`
      with q as (
        select o.id, o.path,
               case when a.mode = 'override' then greatest(a.value, 0)
                    when uq.quota is null then null
                    else greatest(uq.quota + coalesce(a.value, 0), 0) end as quota
          from org_unit o
          left join unit_quota uq on uq.org_unit_id = o.id
          left join quota_adjustment a on a.org_unit_id = o.id and a.active
         where o.active and (uq.quota is not null or a.mode = 'override')
      ), h as (
        select org_unit_id, count(*)::int as n from worker
         where status in ('active', 'probation') group by org_unit_id
      )
      select q.path, (q.quota - coalesce(h.n, 0))::int as vacancies
        from q left join h on h.org_unit_id = q.id
       where q.quota > coalesce(h.n, 0)`);
    if (rows.length === 0) return { items: [], counts: new Map() };
    const list = await holders(db, ['staffing:read']);
    const nearest = nearestResolver(list);
    const perOfficer = new Map<number, { units: number; places: number }>();
    for (const r of rows)
      for (const id of nearest(r.path)) {
        const t = perOfficer.get(id) ?? { units: 0, places: 0 };
        t.units += 1;
        t.places += r.vacancies;
        perOfficer.set(id, t);
      }
    const month = monthKey(date);
    const items: DueItem[] = [...perOfficer].map(([userId, t]) => ({
      userId,
      itemKey: month,
      title: `员额空缺提醒：${t.units} 个单位空缺 ${t.places} 名`,
      body: `截至 ${date}，您负责的 ${t.units} 个社区或街道在岗人数低于核定员额，共空缺 ${t.places} 名，请及时补充。`,
      link: '/staffing',
    }));
    return {
      items,
      counts: countsInScope(
        list,
        rows.map((r) => ({ path: r.path, n: r.vacancies })),
      ),
    };
  },
};
