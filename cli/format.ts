/** Significant digits kept in output files. */
export const OUTPUT_SIGNIFICANT_DIGITS = 6;

/** Magnitudes below this are written as 0, so that rounding noise of a zero series prints as 0. */
export const OUTPUT_ZERO_BELOW = 1e-9;

/**
 * Rounds a value for output to six significant digits. Magnitudes below 1e-9 and negative zero
 * become 0; NaN and infinities are returned as they are.
 */
export function roundForOutput(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (Math.abs(value) < OUTPUT_ZERO_BELOW) return 0;
  if (Number.isInteger(value)) return value;
  return Number(value.toPrecision(OUTPUT_SIGNIFICANT_DIGITS));
}

/**
 * Formats a value for a CSV cell, so that the same double always gives the same bytes: integers
 * as integers, other values with up to six significant digits, and never an exponent. NaN becomes
 * an empty cell (a missing value), infinities `Infinity` and `-Infinity`.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '';
  const rounded = roundForOutput(value);
  if (!Number.isFinite(rounded)) return String(rounded);

  const text = String(rounded);
  if (!text.includes('e')) return text;

  // String() switches to an exponent below 1e-6 and from 1e21 up.
  if (Number.isInteger(rounded)) return BigInt(rounded).toString();
  const decimals = OUTPUT_SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(Math.abs(rounded)));
  return rounded.toFixed(decimals).replace(/\.?0+$/, '');
}
