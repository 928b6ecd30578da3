// Checks a request body with the endpoint's own zod schema before sending it, and puts the
// schema's messages (the same Chinese text the server would answer) on the form's fields.
import type { FormInstance } from 'antd';
import type { z } from 'zod';
import { applyFieldErrors } from '../../../api/form-errors';

export function parseForForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  form: FormInstance,
  onUnmatched: (text: string) => void,
): z.infer<S> | null {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const unmatched = applyFieldErrors(
    form,
    result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
  if (unmatched.length > 0) onUnmatched(unmatched.map((d) => d.message).join('；'));
  return null;
}

/** A version's state for the tables: in force, upcoming (starts later) or replaced. */
export function versionState(
  v: { inForce: boolean; effectiveFrom: string | null },
  today: string,
): 'inForce' | 'upcoming' | 'replaced' {
  if (v.inForce) return 'inForce';
  return v.effectiveFrom !== null && v.effectiveFrom > today ? 'upcoming' : 'replaced';
}

export const localToday = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
