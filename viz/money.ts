import { NOT_AVAILABLE } from './format.js';

/** A power of ten that amounts of money are shown in, with its word: 1e9 is "billion". */
export interface MoneyScale {
  divisor: number;
  /** Short-scale word of the divisor, or an empty string for whole currency units. */
  word: string;
}

/** Scales from the largest down; amounts below a million stay in whole units. */
const MONEY_SCALES: readonly MoneyScale[] = [
  { divisor: 1e12, word: 'trillion' },
  { divisor: 1e9, word: 'billion' },
  { divisor: 1e6, word: 'million' },
];

const UNITS: MoneyScale = { divisor: 1, word: '' };

/** Returns the largest scale that a magnitude reaches, or whole units below a million or when it is not finite. */
export function moneyScaleFor(magnitude: number): MoneyScale {
  if (!Number.isFinite(magnitude)) return UNITS;
  return MONEY_SCALES.find((scale) => Math.abs(magnitude) >= scale.divisor) ?? UNITS;
}

/** Joins a scale word and a currency code for a unit label: "billion KRW", or "KRW" for whole units. */
export function moneyUnit(scale: MoneyScale, currencyCode: string): string {
  return scale.word === '' ? currencyCode : `${scale.word} ${currencyCode}`;
}

/**
 * Formats an amount with three significant digits in short-scale words, such as "14.2 trillion",
 * "194 billion" or "-73.2 million". Amounts below a million get thousands separators and no decimals.
 */
export function formatMoney(value: number): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  const scale = moneyScaleFor(value);
  if (scale.word === '') {
    // Adding 0 turns the -0 of a small negative amount into 0.
    return (Math.round(value) + 0).toLocaleString('en-US');
  }
  const scaled = value / scale.divisor;
  const magnitude = Math.abs(scaled);
  let digits = 2;
  if (magnitude >= 100) digits = 0;
  else if (magnitude >= 10) digits = 1;
  return `${scaled.toFixed(digits)} ${scale.word}`;
}
