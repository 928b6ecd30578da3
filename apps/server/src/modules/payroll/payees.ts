// The payee bank account (收款账户) of a worker, which the bank transfer list needs and the dossier
// does not hold. The number is encrypted at rest like the dossier's phone (lib/pii) and shown
// masked without `worker:pii`; shown in full to anyone but the worker themself, it is audited
// (`payroll.payee.view`, disclosure.ts). The answer to an update echoes the account just typed
// and is covered by the update's own audit row.
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
import { auditPayDisclosure, othersThan, PAYEE_VIEW } from './disclosure';
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

async function readPayee(
  db: DbOrTx,
  pii: Pii,
  auth: AuthContext,
  workerId: number,
): Promise<{ view: PayeeView; full: boolean }> {
  const [p] = await db.select().from(payrollPayee).where(eq(payrollPayee.workerId, workerId));
  if (!p) return { view: { workerId, bankName: null, account: null, version: null }, full: false };
  const full = seesAmounts(auth);
  return {
    view: {
      workerId,
      bankName: p.bankName,
      account: full ? pii.decrypt(p.accountEnc) : p.accountMasked,
      version: p.version,
    },
    full,
  };
}

export async function getPayee(
  db: Db,
  pii: Pii,
  auth: AuthContext,
  ctx: AuditContext,
  workerId: number,
): Promise<PayeeView> {
  const w = await workerInScope(db, auth, workerId);
  const { view, full } = await readPayee(db, pii, auth, workerId);
  if (full) {
    await auditPayDisclosure(db, ctx, {
      action: PAYEE_VIEW,
      view: 'payee',
      entityType: 'worker',
      entityId: workerId,
      orgPath: w.orgPath,
      workerIds: othersThan(auth, [workerId]),
    });
  }
  return view;
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
  return (await readPayee(db, pii, auth, workerId)).view;
}
