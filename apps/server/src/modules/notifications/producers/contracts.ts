// Contracts expiring (劳动合同到期): active labour contracts whose last day falls within 30 days,
// counted in the scope of each holder of contract:manage (by the signing unit). The reminders
// themselves (one per contract and threshold of its rule set, to the signing unit's officers) are
// sent by the contracts module's daily job (contracts/reminders.ts, kind labor_contract.expiring);
// this producer only counts for the digest.
import { sql } from 'drizzle-orm';
import { countsInScope, holders } from './recipients';
import type { Producer } from './types';

export const CONTRACT_HORIZON_DAYS = 30;

export const contractsProducer: Producer = {
  kind: 'labor_contract.expiring',
  async collect(db, date) {
    const list = await holders(db, ['contract:manage']);
    if (list.length === 0) return { items: [], counts: new Map() };
    const { rows } = await db.execute<{ path: string; n: number }>(sql`
      select org_path as path, count(*)::int as n from labor_contract
       where status = 'active' and end_date between ${date}::date
             and ${date}::date + ${CONTRACT_HORIZON_DAYS}::int
       group by org_path`);
    return { items: [], counts: countsInScope(list, rows) };
  },
};
