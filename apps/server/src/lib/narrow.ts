// Narrowing a text column back to its union type: a value outside the list means the database
// holds something the code never wrote, which is a server fault, not the caller's.
import { AppError } from './errors';

export function narrow<const T extends string>(
  values: readonly T[],
  value: string,
  what: string,
): T {
  const hit = values.find((v) => v === value);
  if (hit === undefined) throw new AppError('INTERNAL', undefined, `${what}“${value}”无效`);
  return hit;
}
