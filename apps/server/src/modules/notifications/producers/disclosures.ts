// Disclosures overdue (逾期未公开): the overdue alerts of the disclosures module whose period still
// has nothing published (the same test as its list screen), counted in the scope of each holder of
// disclosure:manage or disclosure:approve. The alerts themselves are sent once per community, kind
// and period by the disclosures module's daily job (disclosures/overdue.ts); this producer counts.
import { sql } from 'drizzle-orm';
import { countsInScope, holders } from './recipients';
import type { Producer } from './types';

export const disclosuresProducer: Producer = {
  kind: 'disclosure.overdue',
  async collect(db) {
    const list = await holders(db, ['disclosure:manage', 'disclosure:approve']);
    if (list.length === 0) return { items: [], counts: new Map() };
    const { rows } = await db.execute<{ path: string; n: number }>(sql`
      select o.path, count(*)::int as n
        from disclosure_overdue_alert a join org_unit o on o.id = a.org_unit_id
       where not exists (
               select 1 from disclosure d
                where d.org_unit_id = a.org_unit_id and d.kind = a.kind
                  and d.status in ('published', 'superseded')
                  and (d.period_key = a.period_key
                       or 'item:' || coalesce(d.series_id, d.id) = a.period_key))
       group by o.path`);
    return { items: [], counts: countsInScope(list, rows) };
  },
};
