import { readFile, stat } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { MAX_REGION_POPULATION } from '../scenarios/index.js';
import type { ObservedRow } from '../viz/index.js';
import { InputError, messages } from './messages.js';

/**
 * ISO 3166-2:KR codes of the 17 first-level divisions of Korea as of 2020, keyed by their DS4C
 * spelling. Two codes changed later, and a scenario may use either: Gangwon became KR-51 in 2023
 * and Jeonbuk KR-52 in 2024.
 */
export const DS4C_PROVINCE_CODES: Readonly<Record<string, readonly string[]>> = {
  Seoul: ['KR-11'],
  Busan: ['KR-26'],
  Daegu: ['KR-27'],
  Incheon: ['KR-28'],
  Gwangju: ['KR-29'],
  Daejeon: ['KR-30'],
  Ulsan: ['KR-31'],
  Sejong: ['KR-50'],
  'Gyeonggi-do': ['KR-41'],
  'Gangwon-do': ['KR-42', 'KR-51'],
  'Chungcheongbuk-do': ['KR-43'],
  'Chungcheongnam-do': ['KR-44'],
  'Jeollabuk-do': ['KR-45', 'KR-52'],
  'Jeollanam-do': ['KR-46'],
  'Gyeongsangbuk-do': ['KR-47'],
  'Gyeongsangnam-do': ['KR-48'],
  'Jeju-do': ['KR-49'],
};

/** Province name of cases found in airport and port quarantine, which belong to no region. */
const LAZARETTO = 'lazaretto';
/** Names of airport and port quarantine in the Coronaboard file: its English spelling and the Korean 검역. */
const LAZARETTO_NAMES = new Set([LAZARETTO, '검역']);

/**
 * Names that a tidy file may give the national total in place of its code, keyed by that code.
 * DS4C's Region.csv names the Korean total `Korea`.
 */
const NATIONAL_NAMES: Readonly<Record<string, readonly string[]>> = { KR: ['Korea'] };

/** Returns true when a tidy file's region value names the national total, by its code or a {@link NATIONAL_NAMES} name. */
export function isNationalRegion(value: string, nationalCode: string): boolean {
  const key = value.toLowerCase();
  const names = NATIONAL_NAMES[nationalCode] ?? [];
  return key === nationalCode.toLowerCase() || names.some((name) => name.toLowerCase() === key);
}

/** Scenario facts that the reader maps rows onto. */
export interface ObservedContext {
  /** The scenario's regions, in scenario order, with their Korean names when the scenario gives them. */
  regions: readonly { code: string; name: string; nameKo?: string }[];
  /** Code of the national total. */
  nationalCode: string;
  /** First simulated date, ISO 8601; earlier rows are dropped. */
  startDate: string;
  /** Last simulated date, ISO 8601; later rows are dropped. */
  endDate: string;
}

/**
 * Accepted file layout. `coronaboard` is the Coronaboard regional daily file, with cumulative
 * counts per DS4C province name. `tidy` is `date,region,confirmed`, with daily new confirmed cases
 * per region code.
 */
export type ObservedFormat = 'coronaboard' | 'tidy';

/** Observed series read from a file, ready for the report. */
export interface ObservedData {
  format: ObservedFormat;
  /** The national total first, then the regions in scenario order, each by date. */
  rows: ObservedRow[];
  /** Lines for the user of `run` and `calibrate`: skipped provinces, no scenario province, no rows in the dates. */
  warnings: string[];
  /** Lines about how the report draws the data, which only `run` shows: negative daily counts, gaps, no national series. */
  reportWarnings: string[];
}

/**
 * Whether the command can run without the file (`run`) or needs it (`calibrate`), so that a message
 * offers to leave out `--observed` only where that works.
 */
export type ObservedNeed = 'optional' | 'required';

/** A parsed CSV record with its line number in the file. */
export interface CsvLine {
  line: number;
  fields: string[];
}

/** A daily value per date of one region, with the line it came from. */
type DailyValues = Map<string, { value: number; line: number }>;

/**
 * Reads an observed-cases file, detects its format from the header and returns its rows within
 * the scenario's dates.
 *
 * @throws InputError (as a rejection) when the file is missing or unreadable, or its content is invalid
 */
export async function readObservedFile(
  path: string,
  context: ObservedContext,
  need: ObservedNeed = 'optional',
): Promise<ObservedData> {
  let bytes: Buffer;
  try {
    const reason = await unreadableReason(path);
    if (reason !== undefined) throw new InputError(messages.observedUnreadable(path, reason));
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(messages.observedNotFound(path));
    throw new InputError(messages.observedUnreadable(path, (error as Error).message));
  }
  return parseObservedText(decodeUtf8(bytes, path), path, context, need);
}

/** Largest observed-data file read, in bytes. The Coronaboard regional file of 2020 to 2023 has about 1 MB. */
export const MAX_INPUT_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Returns why a path cannot be read as a data file, or undefined when it can: a device, a pipe or a
 * folder would block or never end, and a file above {@link MAX_INPUT_FILE_BYTES} is not a table of counts.
 *
 * @throws the file system error when the path cannot be examined, such as ENOENT
 */
export async function unreadableReason(path: string): Promise<string | undefined> {
  const info = await stat(path);
  if (!info.isFile()) return 'not a file';
  if (info.size > MAX_INPUT_FILE_BYTES) return `it has ${info.size} bytes, more than the ${MAX_INPUT_FILE_BYTES} read`;
  return undefined;
}

/**
 * Decodes a file as UTF-8. Spreadsheet programs often save CSV as UTF-16 or in a legacy encoding
 * such as EUC-KR, which would otherwise reach the CSV parser as garbled text.
 *
 * @throws InputError naming the encoding problem when the bytes are not UTF-8
 */
function decodeUtf8(bytes: Buffer, path: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputError(messages.observedEncoding(path, 'it starts with a UTF-16 byte order mark'));
  }
  // UTF-16 and UTF-32 text without a byte order mark has a zero byte in every ASCII character.
  if (bytes.includes(0)) {
    throw new InputError(messages.observedEncoding(path, 'it contains zero bytes, as UTF-16 text does'));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const detail = 'it contains bytes that are invalid in UTF-8, as EUC-KR or Latin-1 text does';
    throw new InputError(messages.observedEncoding(path, detail));
  }
}

/**
 * Parses observed-cases CSV text; see {@link readObservedFile}.
 *
 * In both formats `confirmed_cum` counts from the scenario's start date, as the simulated
 * cumulative series does, so it is the running sum of `confirmed_new` over the rows returned.
 *
 * @param sourceName file name used in messages
 * @param need whether the command needs the file, which decides the advice for a file without rows
 * @throws InputError for invalid CSV, a header without rows, an unknown header, a bad date, count, province or region, or a repeated row
 */
export function parseObservedText(
  text: string,
  sourceName: string,
  context: ObservedContext,
  need: ObservedNeed = 'optional',
): ObservedData {
  const [header, ...records] = parseCsv(text, sourceName);
  const columns = (header?.fields ?? []).map((name) => name.toLowerCase());
  const has = (...names: string[]): boolean => names.every((name) => columns.includes(name));

  const coronaboard = has('date', 'province', 'confirmed');
  if (!coronaboard && !has('date', 'region', 'confirmed')) {
    throw new InputError(messages.observedHeader(sourceName, header?.fields ?? []));
  }
  if (records.length === 0) throw new InputError(messages.observedNoRows(sourceName, need));
  return coronaboard
    ? readCoronaboard(records, columns, sourceName, context)
    : readTidy(records, columns, sourceName, context);
}

/**
 * Reads the Coronaboard layout: cumulative confirmed cases per province and day, turned into
 * daily new cases by differences between consecutive rows of a province. The first row of each
 * province only serves as the base of the next difference. A negative difference, which comes
 * from cases reclassified to another province, is kept negative so that the daily figures still
 * add up to the published cumulative ones.
 */
function readCoronaboard(
  records: CsvLine[],
  columns: string[],
  sourceName: string,
  context: ObservedContext,
): ObservedData {
  const dateColumn = columns.indexOf('date');
  const provinceColumn = columns.indexOf('province');
  const confirmedColumn = columns.indexOf('confirmed');
  const deathColumn = deathColumnOf(columns, 'coronaboard').index;
  const codeOfName = provinceLookup(context);
  const warnings: string[] = [];

  const cumulative = new Map<string, DailyValues>();
  const skipped = new Set<string>();
  for (const { line, fields } of records) {
    const fail = (text: string): InputError => new InputError(messages.observedLine(sourceName, line, text));
    const date = readDate(fields[dateColumn] ?? '', fail);
    const raw = fields[confirmedColumn] ?? '';
    const confirmed = readCount(raw, fail);

    const province = fields[provinceColumn] ?? '';
    // A scenario region of that name comes first, as calibrate's reader maps it.
    const key = codeOfName(province) ?? (LAZARETTO_NAMES.has(province.toLowerCase()) ? LAZARETTO : undefined);
    if (key === undefined) {
      if (!isDs4cProvince(province)) throw fail(messages.observedUnknownProvince(province));
      skipped.add(province);
      continue;
    }
    if (key !== LAZARETTO && deathColumn >= 0) checkDeaths(fields[deathColumn] ?? '', columns[deathColumn]!, fail);
    addValue(cumulative, key, date, confirmed, line, fail);
  }
  // A file without rows for any scenario region gets this one warning in place of the warnings about
  // gaps, a missing national series and the dates, which would all follow from it.
  if (![...cumulative.keys()].some((key) => key !== LAZARETTO)) {
    const provinces = [...skipped, ...(cumulative.has(LAZARETTO) ? ['Lazaretto'] : [])];
    const warning = messages.observedNoScenarioRegion(sourceName, provinces, context.regions);
    return { format: 'coronaboard', rows: [], warnings: [warning], reportWarnings: [] };
  }

  const daily = new Map<string, DailyValues>();
  const reportWarnings: string[] = [];
  const negativeDays: string[] = [];
  for (const [key, values] of cumulative) {
    const label = key === LAZARETTO ? 'Lazaretto' : key;
    const differenced = differences(values, (from, to) => reportWarnings.push(messages.observedGap(label, from, to)));
    for (const [date, { value }] of differenced) {
      if (value < 0 && date >= context.startDate && date <= context.endDate) negativeDays.push(`${label} on ${date}`);
    }
    daily.set(key, differenced);
  }
  if (negativeDays.length > 0) reportWarnings.push(messages.observedNegativeDays(negativeDays));
  if (skipped.size > 0) warnings.push(messages.observedSkippedProvinces([...skipped]));

  // The national total counts airport quarantine only when the scenario covers the whole file,
  // because then its national figure is the country's.
  const extra = skipped.size === 0 ? daily.get(LAZARETTO) : undefined;
  const rows = assembleRows(daily, context, { warnings, reportWarnings }, { derive: true, extra });
  return { format: 'coronaboard', rows, warnings, reportWarnings };
}

/**
 * Reads the tidy layout: `date,region,confirmed` with daily new confirmed cases per region code,
 * each a whole number of at least 0.
 */
function readTidy(records: CsvLine[], columns: string[], sourceName: string, context: ObservedContext): ObservedData {
  const dateColumn = columns.indexOf('date');
  const regionColumn = columns.indexOf('region');
  const confirmedColumn = columns.indexOf('confirmed');
  const deathColumn = deathColumnOf(columns, 'tidy').index;
  const codes = [context.nationalCode, ...context.regions.map((region) => region.code)];
  const canonical = new Map(codes.map((code) => [code.toLowerCase(), code]));
  const warnings: string[] = [];

  const daily = new Map<string, DailyValues>();
  for (const { line, fields } of records) {
    const fail = (text: string): InputError => new InputError(messages.observedLine(sourceName, line, text));
    const date = readDate(fields[dateColumn] ?? '', fail);
    const confirmed = readCount(fields[confirmedColumn] ?? '', fail);

    const region = fields[regionColumn] ?? '';
    const code = isNationalRegion(region, context.nationalCode) ? context.nationalCode : canonical.get(region.toLowerCase());
    if (code === undefined) throw fail(messages.observedUnknownRegion(region, codes));
    if (code !== context.nationalCode && deathColumn >= 0) checkDeaths(fields[deathColumn] ?? '', columns[deathColumn]!, fail);
    addValue(daily, code, date, confirmed, line, fail);
  }

  const reportWarnings: string[] = [];
  const national = { derive: !daily.has(context.nationalCode), extra: undefined };
  const rows = assembleRows(daily, context, { warnings, reportWarnings }, national);
  return { format: 'tidy', rows, warnings, reportWarnings };
}

/**
 * Builds the output rows within the scenario's dates: the national series (given, or derived as
 * the sum over the regions on the days every region has a value, plus `extra`), then the regions.
 */
function assembleRows(
  daily: Map<string, DailyValues>,
  context: ObservedContext,
  { warnings, reportWarnings }: { warnings: string[]; reportWarnings: string[] },
  national: { derive: boolean; extra: DailyValues | undefined },
): ObservedRow[] {
  const inRange = (date: string): boolean => date >= context.startDate && date <= context.endDate;

  if (national.derive) {
    const missing = context.regions.filter((region) => !daily.has(region.code)).map((region) => region.code);
    if (missing.length > 0) {
      reportWarnings.push(messages.observedNoNational(context.nationalCode, missing));
    } else {
      daily.set(context.nationalCode, sumOverRegions(daily, context, national.extra));
    }
  }

  const rows: ObservedRow[] = [];
  for (const code of [context.nationalCode, ...context.regions.map((region) => region.code)]) {
    const values = daily.get(code);
    if (values === undefined) continue;
    let cumulative = 0;
    for (const date of [...values.keys()].filter(inRange).sort()) {
      const confirmed = values.get(date)!.value;
      cumulative += confirmed;
      rows.push({ date, region: code, confirmed_new: confirmed, confirmed_cum: cumulative });
    }
  }
  if (rows.length === 0) warnings.push(messages.observedEmpty(context.startDate, context.endDate));
  return rows;
}

/** Sums the regions' daily values on the dates where every region has one, adding `extra` where it has a value. */
function sumOverRegions(
  daily: Map<string, DailyValues>,
  context: ObservedContext,
  extra: DailyValues | undefined,
): DailyValues {
  const [first, ...others] = context.regions.map((region) => daily.get(region.code)!);
  const total: DailyValues = new Map();
  for (const [date, { line }] of first ?? []) {
    if (!others.every((values) => values.has(date))) continue;
    let sum = extra?.get(date)?.value ?? 0;
    for (const region of context.regions) sum += daily.get(region.code)!.get(date)!.value;
    total.set(date, { value: sum, line });
  }
  return total;
}

/** Turns cumulative values into differences between consecutive dates, reporting each gap of missing days. */
function differences(values: DailyValues, onGap: (from: string, to: string) => void): DailyValues {
  const dates = [...values.keys()].sort();
  const daily: DailyValues = new Map();
  for (let i = 1; i < dates.length; i++) {
    const previous = dates[i - 1]!;
    const date = dates[i]!;
    if (addDays(previous, 1) !== date) onGap(addDays(previous, 1), date);
    const current = values.get(date)!;
    daily.set(date, { value: current.value - values.get(previous)!.value, line: current.line });
  }
  return daily;
}

/** Returns a function from a province name to the scenario's region code, or undefined when the scenario has none. */
/**
 * Returns a function from a province name of the Coronaboard layout to the scenario's region code: the
 * scenario's English or Korean name of a region first, then a DS4C province name of a scenario region.
 */
export function provinceLookup(context: Pick<ObservedContext, 'regions'>): (name: string) => string | undefined {
  const byName = new Map(context.regions.map((region) => [region.name.toLowerCase(), region.code]));
  for (const { nameKo, code } of context.regions) {
    if (nameKo !== undefined && nameKo.trim() !== '' && !byName.has(nameKo.toLowerCase())) byName.set(nameKo.toLowerCase(), code);
  }
  const scenarioCodes = new Set(context.regions.map((region) => region.code));
  const ds4c = new Map(Object.entries(DS4C_PROVINCE_CODES).map(([name, codes]) => [name.toLowerCase(), codes]));
  return (name) => {
    const key = name.toLowerCase();
    return byName.get(key) ?? ds4c.get(key)?.find((code) => scenarioCodes.has(code));
  };
}

function isDs4cProvince(name: string): boolean {
  return Object.keys(DS4C_PROVINCE_CODES).some((known) => known.toLowerCase() === name.toLowerCase());
}

function addValue(
  table: Map<string, DailyValues>,
  key: string,
  date: string,
  value: number,
  line: number,
  fail: (text: string) => InputError,
): void {
  let values = table.get(key);
  if (values === undefined) {
    values = new Map();
    table.set(key, values);
  }
  const previous = values.get(date);
  if (previous !== undefined) throw fail(messages.observedDuplicate(key, date, previous.line));
  values.set(date, { value, line });
}

/**
 * Parses CSV text into records, each with the line of the file it ends on, so that messages point
 * at the right line after blank lines.
 *
 * @param flag the option that named the file, for messages
 * @throws InputError when the text is not valid CSV
 */
export function parseCsv(text: string, sourceName: string, flag = '--observed'): CsvLine[] {
  try {
    // With `info`, csv-parse returns each record with the line it ends on; its types do not model that option.
    const records = parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    const lines = records.map(({ record, info }) => ({ line: info.lines, fields: record }));
    // A repeated column would be read from its first place only, so the other would be ignored unseen.
    const names = (lines[0]?.fields ?? []).map((name) => name.toLowerCase());
    const repeated = names.find((name, index) => name !== '' && names.indexOf(name) !== index);
    if (repeated !== undefined) {
      throw new InputError(messages.observedRepeatedColumn(sourceName, repeated, names.indexOf(repeated) + 1, names.lastIndexOf(repeated) + 1, flag));
    }
    return lines;
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (!(error instanceof CsvError)) throw error;
    const { code, lines, record } = error as CsvError & { lines?: number; record?: string[] };
    // csv-parse names a row with the wrong number of fields by its counts alone, so the message names each and the fix.
    if (code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && Array.isArray(record) && lines !== undefined) {
      const expected = Number(/expect (\d+)/.exec(error.message)?.[1]);
      throw new InputError(messages.observedFieldCount(sourceName, lines, record.length, expected, flag));
    }
    throw new InputError(messages.observedCsv(sourceName, error.message, flag));
  }
}

/**
 * Reads a count of confirmed cases: a whole number from 0 to the largest population of a scenario
 * region. A count beyond that is a typo or a different unit, and a negative or fractional count of
 * new cases has no meaning. Coronaboard's negative daily changes come from differences of its
 * cumulative counts, which are read with this too.
 */
function readCount(value: string, fail: (text: string) => InputError): number {
  if (!isCount(value)) throw fail(messages.observedBadCount('confirmed', value, COUNT_EXPECTED));
  return Number(value);
}

/** Description of a valid observed count, for messages. */
export const COUNT_EXPECTED = `a non-negative integer of at most ${MAX_REGION_POPULATION}`;

/**
 * Tells whether the text is an observed count: a whole number from 0 to the largest population of a
 * scenario region. Both `run` and `calibrate` read every count column with this rule.
 */
export function isCount(value: string): boolean {
  return /^\d+$/.test(value) && Number(value) <= MAX_REGION_POPULATION;
}

/** Column names of cumulative deaths in the province layout (Coronaboard's and DS4C's), and of daily deaths in the tidy one. */
const DEATH_COLUMNS = { coronaboard: ['death', 'deceased'], tidy: ['deaths'] } as const;

/**
 * Finds the deaths column of a header in lower case: its index, or -1, and when it is missing, a
 * column that looks like deaths under the other layout's name, which is then not read.
 */
export function deathColumnOf(columns: readonly string[], format: ObservedFormat): { index: number; ignored?: string } {
  const names: readonly string[] = DEATH_COLUMNS[format];
  const found = names.find((name) => columns.includes(name));
  if (found !== undefined) return { index: columns.indexOf(found) };
  const ignored = ['death', 'deaths', 'deceased'].find((name) => !names.includes(name) && columns.includes(name));
  return ignored === undefined ? { index: -1 } : { index: -1, ignored };
}

/**
 * Checks a count of deaths, which `run` does not draw but `calibrate` fits: a file that one command
 * accepts, the other accepts too.
 */
function checkDeaths(value: string, column: string, fail: (text: string) => InputError): void {
  if (!isCount(value)) throw fail(messages.observedBadCount(column, value, COUNT_EXPECTED));
}

/** Checks an ISO 8601 calendar date `YYYY-MM-DD`, rejecting impossible days such as 2020-02-30. */
function readDate(value: string, fail: (text: string) => InputError): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || addDays(value, 0) !== value) throw fail(messages.observedBadDate(value));
  return value;
}

/** Returns the ISO date `days` after `date`, or '' for a date that does not parse. */
export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(time)) return '';
  return new Date(time + days * 86_400_000).toISOString().slice(0, 10);
}
