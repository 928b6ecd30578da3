// The payee bank account (收款账户) of a worker, which the bank transfer list needs and the dossier
// does not hold. The number is encrypted at rest like the dossier's phone (lib/pii) and shown
// masked without `worker:pii`.
import type { PayeeView, UpdatePayeeBody } from '@cwp/contracts';
import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { worker } from '../../db/schema';
import { payrollPayee } from '../../db/schema-payroll';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, notFound } from '../../lib/errors';
import type { Pii } from '../../lib/pii';
import { inScope } from '../../lib/scope';
import { seesAmounts } from './view';

export function maskAccount(account: string): string {
  return `${'*'.repeat(Math.max(0, account.length - 4))}${account.slice(-4)}`;
}

async function workerInScope(db: DbOrTx, auth: AuthContext, workerId: number) {
  const [w] = await db
    .select({ id: worker.id, orgPath: worker.orgPath, name: worker.name })
    .from(worker)
    .where(eq(worker.id, workerId));
  if (!w || !inScope(auth, w.orgPath)) throw notFound();
  return w;
}

export async function getPayee(
  db: Db,
  pii: Pii,
  auth: AuthContext,
  workerId: number,
): Promise<PayeeView> {
  await workerInScope(db, auth, workerId);
  const [p] = await db.select().from(payrollPayee).where(eq(payrollPayee.workerId, workerId));
  if (!p) return { workerId, bankName: null, account: null, version: null };
  return {
    workerId,
    bankName: p.bankName,
    account: seesAmounts(auth) ? pii.decrypt(p.accountEnc) : p.accountMasked,
    version: p.version,
  };
}

export async function updatePayee(
  db: Db,
  pii: Pii,
  auth: AuthContext,
  ctx: AuditContext,
  workerId: number,
  body: UpdatePayeeBody,
): Promise<PayeeView> {
  await db.transaction(async (tx) => {
    const w = await workerInScope(tx, auth, workerId);
    const [p] = await tx
      .select()
      .from(payrollPayee)
      .where(eq(payrollPayee.workerId, workerId))
      .for('update');
    if ((p?.version ?? undefined) !== body.version) throw new AppError('CONFLICT');
    const values = {
      orgPath: w.orgPath,
      bankName: body.bankName,
      accountEnc: pii.encrypt(body.account),
      accountMasked: maskAccount(body.account),
      updatedBy: auth.userId,
      updatedAt: new Date(),
    };
    if (p) {
      await tx
        .update(payrollPayee)
        .set({ ...values, version: p.version + 1 })
        .where(eq(payrollPayee.workerId, workerId));
    } else {
      await tx.insert(payrollPayee).values({ workerId, ...values });
    }
    await writeAudit(tx, ctx, [
      {
        action: 'payroll_payee.update',
        entityType: 'worker',
        entityId: workerId,
        orgPath: w.orgPath,
        changes: {
          bankName: { from: p?.bankName ?? null, to: body.bankName },
          account: { from: p?.accountMasked ?? null, to: values.accountMasked },
        },
      },
    ]);
  });
  return getPayee(db, pii, auth, workerId);
}
