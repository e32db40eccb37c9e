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
 * Rounds an amount of money for output to whole currency units, as compare.csv writes it, so that a cost reads the
 * same in every output file. Six significant digits would round a national cost of trillions to the nearest hundred
 * million. Negative zero becomes 0, and NaN and infinities are returned as they are.
 */
export function roundMoneyForOutput(value: number): number {
  if (!Number.isFinite(value)) return value;
  // Adding 0 turns the -0 of a small negative amount into 0.
  return Math.round(value) + 0;
}

/**
 * Formats a value for a CSV cell, so that the same double always gives the same bytes: integers
 * as integers, other values with up to six significant digits, and never an exponent. NaN and
 * infinities become an empty cell, which R and pandas read as a missing value. NaN is a value that
 * does not exist, such as an income without an economy group. Infinity is a capacity without a
 * limit, such as the beds of a scenario with `care.capacityLimits` false.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const rounded = roundForOutput(value);

  const text = String(rounded);
  if (!text.includes('e')) return text;

  // String() switches to an exponent below 1e-6 and from 1e21 up.
  if (Number.isInteger(rounded)) return BigInt(rounded).toString();
  const decimals = OUTPUT_SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(Math.abs(rounded)));
  return rounded.toFixed(decimals).replace(/\.?0+$/, '');
}
