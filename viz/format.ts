/** Text shown for a value that is missing or not a finite number. */
export const NOT_AVAILABLE = 'n/a';

// A value that rounds to zero shows as 0, not -0, as a tiny negative difference between plans would.
const formatters = [0, 1, 2].map(
  (digits) =>
    new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0, signDisplay: 'negative' }),
);

/**
 * Formats a number for a table: thousands separators, no decimals from 100 up, one decimal from 1 up and two
 * below, so that a mean of 0.42 days stays readable while counts stay whole.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  const magnitude = Math.abs(value);
  let digits = 2;
  if (magnitude >= 100) digits = 0;
  else if (magnitude >= 1) digits = 1;
  return formatters[digits]!.format(value);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Formats an ISO date `YYYY-MM-DD` as "14 Mar", or "14 Mar 2020" with the year. */
export function formatShortDate(isoDate: string, withYear: boolean): string {
  const [year, month, day] = isoDate.split('-');
  const short = `${Number(day)} ${MONTHS[Number(month) - 1] ?? month}`;
  return withYear ? `${short} ${year}` : short;
}

/**
 * Formats the date of a day index, rounded to the nearest whole day. Day index d is `dates[d]`, the d-th distinct
 * date of the series.
 */
export function formatDay(dates: readonly string[], day: number, withYear: boolean): string {
  if (!Number.isFinite(day)) return NOT_AVAILABLE;
  const date = dates[Math.round(day)];
  return date === undefined ? NOT_AVAILABLE : formatShortDate(date, withYear);
}

/** Escapes text for use in HTML element content and in double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * Serialises a value as JSON for a `<script type="application/json">` element. Every `<` becomes `\u003c`, so no
 * string in the data can close the element (`</script>`) or open a comment (`<!--`). The JSON still parses to the
 * same value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}
