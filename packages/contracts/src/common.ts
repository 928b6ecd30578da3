import { z } from 'zod';

/** One list contract for every list endpoint. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/**
 * Lists over tables that grow without bound (the audit trail, assessment results) count at most
 * this many matches: past the cap `total` is the cap and `totalCapped` is true, and the screen asks
 * for a narrower filter. The rows themselves still page on.
 */
export const LIST_COUNT_CAP = 10_000;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const idParam = z.strictObject({ id: z.coerce.number().int().positive() });

// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** False when the string holds a control character (PostgreSQL refuses NUL in text outright). */
export function hasNoControlChars(v: string): boolean {
  return !CONTROL_CHARS.test(v);
}

/** A search or filter term: trimmed, bounded, no control characters. */
export function filterText(max: number) {
  return z.string().trim().max(max).refine(hasNoControlChars, { error: '包含不允许的控制字符' });
}

/** Text that ends up on screen: trimmed, no control characters, bounded. */
export function text(max: number, label: string) {
  return z
    .string({ error: `${label}不能为空` })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过 ${max} 个字符` })
    .refine(hasNoControlChars, { error: `${label}包含不允许的控制字符` });
}

export const okResponse = z.object({ ok: z.literal(true) });
