// Sign-in by the rotating QR code: the organiser's screen shows the current code; a worker scans
// it with their phone and signs in as themselves (self:service). Refused: a malformed or forged
// code, a code older than the previous minute, a session that is not running, a worker who is not
// enrolled. A repeated scan is harmless (alreadySignedIn). Each accepted scan is one conditional
// UPDATE, so concurrent scans never lose or double a sign-in.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { trainingSignIn } from '../../db/schema-training';
import { writeAudit, type AuditContext } from '../../lib/audit';
import type { AuthContext } from '../../lib/auth-context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { inScope } from '../../lib/scope';
import { issueCode, verifyCode } from './qr';

export async function currentCode(
  db: Db,
  auth: AuthContext,
  key: Buffer,
  sessionId: number,
  now = Date.now(),
): Promise<{ code: string; expiresAt: string; url: string }> {
  const rows = await db.execute<{ org_path: string; status: string }>(
    sql`select org_path, status from training_session where id = ${sessionId}`,
  );
  const s = rows.rows[0];
  if (!s || !inScope(auth, s.org_path)) throw notFound();
  if (s.status !== 'scheduled') throw new AppError('CONFLICT', undefined, '班次已结束或已取消');
  const { code, expiresAt } = issueCode(key, sessionId, now);
  return {
    code,
    expiresAt: expiresAt.toISOString(),
    url: `/training/sign-in?code=${encodeURIComponent(code)}`,
  };
}

/** Beijing time (UTC+8, no daylight saving) as 11月20日 09:00, for messages. */
function beijing(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${b.getUTCMonth() + 1}月${b.getUTCDate()}日 ${two(b.getUTCHours())}:${two(b.getUTCMinutes())}`;
}

/**
 * Why a QR sign-in at `now` is outside the session's window (from `opensMinutes` before the start
 * to the end), or null when it is inside. The organiser's manual correction is not bound to it.
 */
export function outsideSignInWindow(
  s: { startsAt: Date; endsAt: Date; opensMinutes: number },
  now: number,
): string | null {
  const opens = s.startsAt.getTime() - s.opensMinutes * 60_000;
  if (now < opens)
    return `签到尚未开始：本班次 ${beijing(s.startsAt)} 开始，开始前 ${s.opensMinutes} 分钟起可扫码签到`;
  if (now > s.endsAt.getTime())
    return `本班次已于 ${beijing(s.endsAt)} 结束，不能再扫码签到；如确已参加，请联系组织者补签`;
  return null;
}

export async function signIn(
  db: Db,
  auth: AuthContext,
  ctx: AuditContext,
  key: Buffer,
  code: string,
  now = Date.now(),
): Promise<{
  sessionId: number;
  sessionTitle: string;
  signedInAt: string;
  alreadySignedIn: boolean;
}> {
  const check = verifyCode(key, code, now);
  if (!check.ok)
    throw fieldError(
      'code',
      check.reason === 'expired' ? '签到码已过期，请扫描屏幕上最新的二维码' : '签到码无效',
    );
  const workerId = auth.workerId;
  if (workerId === null)
    throw new AppError('FORBIDDEN', undefined, '当前账号未关联社区工作者，不能签到');
  return db.transaction(async (tx) => {
    const s = (
      await tx.execute<{
        title: string;
        status: string;
        org_path: string;
        starts_at: Date | string;
        ends_at: Date | string;
        sign_in_opens_minutes: number;
      }>(
        sql`select title, status, org_path, starts_at, ends_at, sign_in_opens_minutes
              from training_session where id = ${check.sessionId}`,
      )
    ).rows[0];
    if (!s) throw fieldError('code', '签到码无效');
    if (s.status !== 'scheduled') throw new AppError('CONFLICT', undefined, '班次已结束或已取消');
    const refused = outsideSignInWindow(
      {
        startsAt: new Date(s.starts_at),
        endsAt: new Date(s.ends_at),
        opensMinutes: s.sign_in_opens_minutes,
      },
      now,
    );
    if (refused) throw fieldError('code', refused);
    const updated = await tx.execute<{ id: number; signed_in_at: Date | string }>(sql`
      update training_enrolment
         set signed_in_at = now(), sign_in_method = 'qr', version = version + 1, updated_at = now()
       where session_id = ${check.sessionId} and worker_id = ${workerId}
         and status = 'enrolled' and signed_in_at is null
      returning id, signed_in_at`);
    const row = updated.rows[0];
    if (!row) {
      const e = (
        await tx.execute<{ status: string; signed_in_at: Date | string | null }>(sql`
          select status, signed_in_at from training_enrolment
           where session_id = ${check.sessionId} and worker_id = ${workerId}`)
      ).rows[0];
      if (!e || e.status !== 'enrolled' || !e.signed_in_at)
        throw new AppError('FORBIDDEN', undefined, '您未报名此班次（或在候补名单中），不能签到');
      return {
        sessionId: check.sessionId,
        sessionTitle: s.title,
        signedInAt: new Date(e.signed_in_at).toISOString(),
        alreadySignedIn: true,
      };
    }
    await tx.insert(trainingSignIn).values({
      sessionId: check.sessionId,
      workerId,
      method: 'qr',
      codeWindow: check.window,
      userId: auth.userId,
    });
    await writeAudit(tx, ctx, [
      {
        action: 'training_session.sign_in',
        entityType: 'training_enrolment',
        entityId: row.id,
        orgPath: s.org_path,
        changes: { sessionId: check.sessionId, workerId, window: check.window },
      },
    ]);
    return {
      sessionId: check.sessionId,
      sessionTitle: s.title,
      signedInAt: new Date(row.signed_in_at).toISOString(),
      alreadySignedIn: false,
    };
  });
}
