import { z } from 'zod';

/** One list contract for every list endpoint. */
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const idParam = z.strictObject({ id: z.coerce.number().int().positive() });

/** Text that ends up on screen: trimmed, no control characters, bounded. */
export function text(max: number, label: string) {
  return (
    z
      .string({ error: `${label}不能为空` })
      .trim()
      .min(1, { error: `${label}不能为空` })
      .max(max, { error: `${label}不能超过 ${max} 个字符` })
      // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
      .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), {
        error: `${label}包含不允许的控制字符`,
      })
  );
}

export const okResponse = z.object({ ok: z.literal(true) });
