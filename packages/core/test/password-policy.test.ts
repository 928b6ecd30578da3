import { describe, expect, it } from 'vitest';
import { PASSWORD_POLICY_MESSAGE, checkPasswordPolicy } from '../src/index';

describe('checkPasswordPolicy', () => {
  it('accepts a strong password', () => {
    expect(checkPasswordPolicy('Community#2024')).toEqual({ ok: true });
    expect(checkPasswordPolicy('abcD1234', 'zhangsan')).toEqual({ ok: true });
    expect(checkPasswordPolicy('abc!1234')).toEqual({ ok: true }); // lower + digit + symbol
  });

  it('rejects passwords shorter than 8 characters', () => {
    expect(checkPasswordPolicy('Ab1!xyz')).toEqual({
      ok: false,
      reason: 'too_short',
      message: PASSWORD_POLICY_MESSAGE,
    });
    expect(PASSWORD_POLICY_MESSAGE).toBe(
      '密码至少8位，且包含大写字母、小写字母、数字、符号中的至少三类',
    );
  });

  it('rejects passwords longer than 128 characters', () => {
    const r = checkPasswordPolicy('Aa1!'.repeat(33));
    expect(!r.ok && r.reason).toBe('too_long');
    expect(checkPasswordPolicy('Aa1!'.repeat(32)).ok).toBe(true);
  });

  it('rejects passwords with only two character classes', () => {
    for (const pw of ['abcdefgh12', 'ABCDEFGH12', 'abcdEFGH', 'abcd!@#$', '1234!@#$']) {
      const r = checkPasswordPolicy(pw);
      expect(!r.ok && r.reason).toBe('classes');
    }
  });

  it('rejects passwords containing the username, case-insensitively', () => {
    const r = checkPasswordPolicy('xx-ZhangSan-2024', 'zhangsan');
    expect(r).toEqual({ ok: false, reason: 'contains_username', message: '密码不能包含用户名' });
  });

  it('ignores an empty username', () => {
    expect(checkPasswordPolicy('Community#2024', '').ok).toBe(true);
    expect(checkPasswordPolicy('Community#2024', '   ').ok).toBe(true);
  });
});
