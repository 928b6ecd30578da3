// Form rules built from the shared domain rules and contract schemas, so the browser checks input
// the same way the server will (the server remains the judge).
import { checkPasswordPolicy } from '@cwp/core';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import type { z } from 'zod';

const POLICY_KEYS = {
  too_short: 'password.tooShort',
  too_long: 'password.tooLong',
  classes: 'password.classes',
  contains_username: 'password.containsUsername',
} as const;

/** The password policy of @cwp/core, with its message in the interface language. */
export function passwordPolicyRule(t: TFunction, username?: () => string | undefined): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (typeof value !== 'string' || value === '') return;
      const result = checkPasswordPolicy(value, username?.());
      if (!result.ok) throw new Error(t(POLICY_KEYS[result.reason]));
    },
  };
}

/** Runs a contract field schema; its messages are the ones the server would send back. */
export function zodRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? 'invalid');
    },
  };
}
