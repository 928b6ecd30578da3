export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_CLASSES = 3;

export const PASSWORD_POLICY_MESSAGE =
  '密码至少8位，且包含大写字母、小写字母、数字、符号中的至少三类';

export type PasswordPolicyResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'too_short' | 'too_long' | 'classes' | 'contains_username';
      message: string;
    };

const CLASS_PATTERNS = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9\s]/u] as const;

export function checkPasswordPolicy(pw: string, username?: string): PasswordPolicyResult {
  // Count code points so an emoji or CJK character counts as one character, as users perceive it.
  const length = Array.from(pw).length;
  if (length < PASSWORD_MIN_LENGTH) {
    return { ok: false, reason: 'too_short', message: PASSWORD_POLICY_MESSAGE };
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return { ok: false, reason: 'too_long', message: `密码不能超过${PASSWORD_MAX_LENGTH}位` };
  }
  const classes = CLASS_PATTERNS.filter((re) => re.test(pw)).length;
  if (classes < PASSWORD_MIN_CLASSES) {
    return { ok: false, reason: 'classes', message: PASSWORD_POLICY_MESSAGE };
  }
  const name = username?.trim().toLowerCase() ?? '';
  // An empty username would be "contained" in every password.
  if (name !== '' && pw.toLowerCase().includes(name)) {
    return { ok: false, reason: 'contains_username', message: '密码不能包含用户名' };
  }
  return { ok: true };
}
