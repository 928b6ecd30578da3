// The career tables keep a copy of their unit's materialized path (rule sets, approval requests,
// quota adjustments), like worker.org_path, so their lists scope with one index. When a subtree
// moves, org-units/service.ts calls this in the same transaction to move the copies along.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';

export async function moveCareerPaths(tx: DbOrTx, from: string, to: string): Promise<void> {
  const prefix = `${from}%`;
  await tx.execute(sql`
    update rule_set set org_path = ${to} || substr(org_path, ${from.length + 1})
     where org_path like ${prefix}`);
  await tx.execute(sql`
    update quota_adjustment set org_path = ${to} || substr(org_path, ${from.length + 1})
     where org_path like ${prefix}`);
  await tx.execute(sql`
    update approval_request
       set org_path = case when org_path like ${prefix}
                           then ${to} || substr(org_path, ${from.length + 1}) else org_path end,
           subject_org_path = case when subject_org_path like ${prefix}
                                   then ${to} || substr(subject_org_path, ${from.length + 1})
                                   else subject_org_path end
     where org_path like ${prefix} or subject_org_path like ${prefix}`);
}
