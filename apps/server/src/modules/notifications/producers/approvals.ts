// Approvals waiting (待审批): pending requests in the user's scope whose required permission the
// user holds, not submitted by the user — the approvals module's own rule for who may decide. The
// approvals module notifies the deciders when a request is submitted (kind approval.pending), so
// this producer only counts for the digest.
import { sql } from 'drizzle-orm';
import type { Producer } from './types';

export const approvalsProducer: Producer = {
  kind: 'approval.pending',
  async collect(db) {
    const { rows } = await db.execute<{ user_id: number; n: number }>(sql`
      with perms as (
        select ur.user_id, unnest(r.permissions) as p
          from user_role ur join role r on r.id = ur.role_id),
      u as (
        select a.id, o.path from app_user a join org_unit o on o.id = a.org_unit_id where a.active)
      select u.id as user_id, count(distinct q.id)::int as n
        from u
        join approval_request q on q.status = 'pending' and q.org_path like u.path || '%'
                               and q.submitted_by <> u.id
        join perms on perms.user_id = u.id and perms.p = q.required_permission
       group by u.id`);
    return {
      items: [],
      counts: new Map(rows.map((r) => [Number(r.user_id), Number(r.n)])),
    };
  },
};
