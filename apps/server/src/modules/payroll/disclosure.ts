// Who saw whose pay. A response that carries per-worker pay amounts (slips, adjustments, what-if
// lines) or a payee's bank account in full, to anyone but the worker themself, leaves ONE audit
// row per request, like the dossier's `worker.reveal`: the view, how many workers and which ones,
// never an amount or an account number. A response without such a value (no `worker:pii`, an
// empty page, only the caller's own pay) writes nothing. Self-service reads are not audited.
import type { DbOrTx } from '../../db/client';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';

export const PAY_AMOUNTS_VIEW = 'payroll.amounts.view';
export const PAYEE_VIEW = 'payroll.payee.view';

export type PayView = 'slip_list' | 'slip' | 'adjustments' | 'what_if' | 'payee';

export interface PayDisclosure {
  action: typeof PAY_AMOUNTS_VIEW | typeof PAYEE_VIEW;
  view: PayView;
  entityType: 'payroll_run' | 'worker' | 'org_unit';
  entityId: number;
  orgPath: string;
  /** Workers whose values the response carried; the caller's own are left out. */
  workerIds: readonly number[];
  /** What identifies the view besides its entity (month, slip id, rule sets); never a value. */
  detail?: Record<string, string | number | null>;
}

/** The distinct workers of `ids` other than the caller. */
export function othersThan(auth: AuthContext, ids: Iterable<number>): number[] {
  return [...new Set(ids)].filter((id) => id !== auth.workerId);
}

/** Writes the request's one disclosure row, or nothing when it showed no one else's values. */
export async function auditPayDisclosure(
  db: DbOrTx,
  ctx: AuditContext,
  d: PayDisclosure,
): Promise<void> {
  if (d.workerIds.length === 0) return;
  await writeAudit(db, ctx, [
    {
      action: d.action,
      entityType: d.entityType,
      entityId: d.entityId,
      orgPath: d.orgPath,
      changes: {
        view: d.view,
        ...d.detail,
        workers: d.workerIds.length,
        workerIds: d.workerIds,
      },
    },
  ]);
}
