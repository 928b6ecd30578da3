import type { FormInstance } from 'antd';
import type { FieldError } from './client';

/**
 * Puts the server's field messages on the matching form fields. A path such as "roles.0" lands on
 * the closest registered field ("roles"). Returns the details that match no field.
 */
export function applyFieldErrors(form: FormInstance, details: FieldError[]): FieldError[] {
  const registered = new Map(form.getFieldsError().map((f) => [f.name.join('.'), f.name]));
  const errors = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unmatched: FieldError[] = [];
  for (const detail of details) {
    const parts = detail.path.split('.').filter(Boolean);
    let hit: string | undefined;
    for (let n = parts.length; n > 0 && hit === undefined; n--) {
      const key = parts.slice(0, n).join('.');
      if (registered.has(key)) hit = key;
    }
    const name = hit === undefined ? undefined : registered.get(hit);
    if (hit === undefined || name === undefined) {
      unmatched.push(detail);
      continue;
    }
    const entry = errors.get(hit) ?? { name, errors: [] };
    entry.errors.push(detail.message);
    errors.set(hit, entry);
  }
  const fields = [...errors.values()];
  if (fields.length > 0) {
    form.setFields(fields);
    const first = fields[0];
    if (first) form.scrollToField(first.name);
  }
  return unmatched;
}
