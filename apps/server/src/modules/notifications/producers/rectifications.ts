// Rectifications due (审计整改到期): open rectification items of economic responsibility audits
// whose deadline has passed or falls within the next 7 days. Each item is notified once per
// deadline (a moved deadline is a new reminder) to the econ_audit:manage holders of the nearest
// unit at or above the auditing unit, and to the audited worker's own account; the digest counts
// the items in each econ_audit reader's scope (and the worker's own).
import { sql } from 'drizzle-orm';
import { addCount, countsInScope, holders, nearestResolver } from './recipients';
import type { DueItem, Producer } from './types';

export const RECTIFICATION_NOTICE_DAYS = 7;

export const rectificationsProducer: Producer = {
  kind: 'rectification.due',
  async collect(db, date) {
    const { rows } = await db.execute<{
      id: number;
      audit_id: number;
      audit_title: string;
      org_path: string;
      description: string;
      deadline: string;
      overdue: boolean;
      worker_user_id: number | null;
    }>(sql`
      select r.id, r.audit_id, a.title as audit_title, a.org_path, r.description,
             to_char(r.deadline, 'YYYY-MM-DD') as deadline, r.deadline < ${date}::date as overdue,
             (select u.id from app_user u where u.worker_id = a.worker_id and u.active
               order by u.id limit 1) as worker_user_id
        from econ_audit_rectification r
        join econ_audit a on a.id = r.audit_id
       where r.status = 'open' and r.deadline <= ${date}::date + ${RECTIFICATION_NOTICE_DAYS}::int
       order by r.deadline, r.id`);
    if (rows.length === 0) return { items: [], counts: new Map() };
    const managers = await holders(db, ['econ_audit:manage']);
    const readers = await holders(db, ['econ_audit:read', 'econ_audit:manage']);
    const nearest = nearestResolver(managers);
    const items: DueItem[] = [];
    const counts = countsInScope(
      readers,
      rows.map((r) => ({ path: r.org_path, n: 1 })),
    );
    for (const r of rows) {
      const state = r.overdue ? `已逾期（期限 ${r.deadline}）` : `将于 ${r.deadline} 到期`;
      const desc = r.description.length > 60 ? `${r.description.slice(0, 60)}…` : r.description;
      const note = {
        itemKey: `${r.id}:${r.deadline}`,
        title: `审计整改事项${r.overdue ? '已逾期' : '即将到期'}：${r.audit_title}`.slice(0, 200),
        body: `“${r.audit_title}”的整改事项“${desc}”${state}，请督促落实并及时销号。`,
      };
      for (const userId of nearest(r.org_path))
        items.push({ ...note, userId, link: `/econ-audits/${r.audit_id}` });
      if (r.worker_user_id !== null) {
        const self = Number(r.worker_user_id);
        items.push({ ...note, userId: self, link: '/me' });
        if (!readers.some((h) => h.id === self)) addCount(counts, self, 1);
      }
    }
    return { items, counts };
  },
};
