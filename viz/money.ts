import { NOT_AVAILABLE } from './format.js';

/** A power of ten that amounts of money are shown in, with its word: 1e9 is "billion". */
export interface MoneyScale {
  divisor: number;
  /** Short-scale word of the divisor, or an empty string for whole currency units. */
  word: string;
}

/** Scales from the largest down. */
const MONEY_SCALES: readonly MoneyScale[] = [
  { divisor: 1e12, word: 'trillion' },
  { divisor: 1e9, word: 'billion' },
  { divisor: 1e6, word: 'million' },
  { divisor: 1e3, word: 'thousand' },
];

const UNITS: MoneyScale = { divisor: 1, word: '' };

/**
 * Minimum number of whole units of its scale that an amount is shown in. An amount of 10,000 or more then keeps five
 * to seven significant digits, so that two plans whose costs differ by 0.01 % still read differently.
 */
const MIN_MONEY_UNITS = 10_000;

/**
 * Returns the largest scale in which a magnitude is at least {@link MIN_MONEY_UNITS} units, or whole units below
 * 10 million or when the magnitude is not finite.
 */
export function moneyScaleFor(magnitude: number): MoneyScale {
  if (!Number.isFinite(magnitude)) return UNITS;
  return MONEY_SCALES.find((scale) => Math.abs(magnitude) >= MIN_MONEY_UNITS * scale.divisor) ?? UNITS;
}

/** Joins a scale word and a currency code for a unit label: "billion KRW", or "KRW" for whole units. */
export function moneyUnit(scale: MoneyScale, currencyCode: string): string {
  return scale.word === '' ? currencyCode : `${scale.word} ${currencyCode}`;
}

/** Formats an amount as a whole number of `scale` with thousands separators and the scale's word. */
function formatMoneyIn(value: number, scale: MoneyScale): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  // Adding 0 turns the -0 of a small negative amount into 0.
  const whole = (Math.round(value / scale.divisor) + 0).toLocaleString('en-US');
  return scale.word === '' ? whole : `${whole} ${scale.word}`;
}

/**
 * Formats an amount as a whole number of the scale that {@link moneyScaleFor} picks, with thousands separators and
 * the scale's word, such as "14,755 billion", "237,643 million" or "-4,277,260 million". An amount below 10 million
 * is written in whole units, such as "160,000".
 */
export function formatMoney(value: number): string {
  return formatMoneyIn(value, moneyScaleFor(value));
}

/**
 * Formats amounts that are read together, such as a value and its interval, all in the one scale that
 * {@link moneyScaleFor} picks for the largest finite magnitude among them. Each amount keeps the scale's word, so
 * "5,040 thousand" over "-1,888 thousand to 23,664 thousand" compare digit by digit. The smaller amounts can keep
 * fewer than five digits, and one below half a unit of the scale reads "0 thousand".
 */
export function formatMoneyTogether(values: readonly number[]): string[] {
  const magnitudes = values.filter(Number.isFinite).map(Math.abs);
  const scale = moneyScaleFor(magnitudes.length === 0 ? Number.NaN : Math.max(...magnitudes));
  return values.map((value) => formatMoneyIn(value, scale));
}

/**
 * Caption sentence that states how {@link formatMoney} and {@link formatMoneyTogether} round and which files keep
 * the full amounts.
 */
export const MONEY_ROUNDING_TEXT =
  'Amounts of money are whole numbers of thousands, millions, billions or trillions, whichever keeps at least five ' +
  'digits. A value and its interval are all written in the scale of the largest of them, so they compare digit ' +
  'by digit. The CSV and JSON files keep them to the currency unit or finer.';
