// Rotating sign-in codes (签到码): HMAC-SHA256 of the session id and the minute window under a key
// derived from the server's session secret. A code is shown for one minute and accepted during
// its own window and the next one (clock skew, a slow scan), so a photo sent to a friend stops
// working within two minutes. Codes are "<sessionId>.<window>.<mac>" (mac base64url, 16 bytes).
import { createHmac, timingSafeEqual } from 'node:crypto';

const WINDOW_MS = 60_000;

export function qrKey(sessionSecret: string): Buffer {
  return createHmac('sha256', sessionSecret).update('training-sign-in-qr').digest();
}

export const windowOf = (at: number): number => Math.floor(at / WINDOW_MS);

function mac(key: Buffer, sessionId: number, window: number): string {
  return createHmac('sha256', key)
    .update(`${sessionId}.${window}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

export function issueCode(
  key: Buffer,
  sessionId: number,
  at: number,
): { code: string; expiresAt: Date } {
  const window = windowOf(at);
  return {
    code: `${sessionId}.${window}.${mac(key, sessionId, window)}`,
    expiresAt: new Date((window + 1) * WINDOW_MS),
  };
}

export type CodeCheck =
  | { ok: true; sessionId: number; window: number }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** Checks a code at time `at`: current and previous window only; the MAC compared in constant time. */
export function verifyCode(key: Buffer, code: string, at: number): CodeCheck {
  const m = /^(\d{1,15})\.(\d{1,15})\.([A-Za-z0-9_-]{22})$/.exec(code);
  if (!m) return { ok: false, reason: 'malformed' };
  const sessionId = Number(m[1]);
  const window = Number(m[2]);
  const expected = Buffer.from(mac(key, sessionId, window));
  const given = Buffer.from(m[3] ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'forged' };
  const now = windowOf(at);
  if (window !== now && window !== now - 1) return { ok: false, reason: 'expired' };
  return { ok: true, sessionId, window };
}
