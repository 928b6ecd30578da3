/**
 * Money arithmetic in integer cents (分). Binary floating point cannot hold 0.01 exactly, so every
 * product is snapped to 12 significant digits before rounding: 1.005 × 100 is 100.49999999999999
 * in a double, and half-up rounding must still give 101 cents.
 */

const SIGNIFICANT_DIGITS = 12;

function snap(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(SIGNIFICANT_DIGITS));
}

/** Rounds to the nearest integer, halves away from zero (四舍五入). */
export function roundHalfUp(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`cannot round ${x}`);
  const s = snap(x);
  const r = s < 0 ? -Math.floor(-s + 0.5) : Math.floor(s + 0.5);
  return r === 0 ? 0 : r; // no -0
}

/** ¥ amount → integer cents, rounded half up. */
export function toCents(yuan: number): number {
  return roundHalfUp(yuan * 100);
}

/** Integer cents → ¥ amount with at most two decimals. */
export function fromCents(cents: number): number {
  return cents / 100;
}

/** Applies a rounding mode to a count that may carry float noise (16.200000000000003 → 16.2). */
export function roundCount(x: number, mode: 'ceil' | 'round' | 'floor'): number {
  const s = snap(x);
  switch (mode) {
    case 'ceil':
      return Math.ceil(s);
    case 'floor':
      return Math.floor(s);
    case 'round':
      return roundHalfUp(s);
  }
}
