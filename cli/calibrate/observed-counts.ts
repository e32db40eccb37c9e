import { readFile } from 'node:fs/promises';
import { InputError, messages } from '../messages.js';
import {
  addDays,
  COUNT_EXPECTED,
  deathColumnOf,
  isCount,
  isNationalRegion,
  parseCsv,
  provinceLookup,
  readObservedFile,
  unreadableReason,
  type ObservedFormat,
} from '../observed.js';

/** Observed quantities that an `--observed` file can hold per region. */
export type RegionalQuantity = 'confirmed' | 'deaths';

/** Values per region code and date. */
export type RegionalTable = Map<string, Map<string, number>>;

/** Daily and cumulative counts per region read from an `--observed` file for a calibration. */
export interface ObservedCounts {
  format: ObservedFormat;
  /**
   * Daily counts per quantity, region and date. Differences of Coronaboard's cumulative counts stay
   * negative where cases were moved to another region, so that they add up to the published totals.
   */
  daily: Map<RegionalQuantity, RegionalTable>;
  /** Cumulative counts per quantity, region and date: the file's own (Coronaboard) or summed from its first row (tidy). */
  cumulative: Map<RegionalQuantity, RegionalTable>;
  /** Lines to show the user. */
  warnings: string[];
}

/** Scenario facts the reader needs. */
export interface CountsContext {
  regions: readonly { code: string; name: string; nameKo?: string }[];
  nationalCode: string;
  startDate: string;
  endDate: string;
}

/**
 * Reads the confirmed cases, and the deaths when the file has them, of an `--observed` file for a
 * calibration: the Coronaboard regional file (`date,province,...,confirmed,death,...`, cumulative) or a
 * tidy file `date,region,confirmed` with an optional `deaths` column (daily counts).
 *
 * The file is first read as `tttsim run --observed` reads it, so that it is checked the same way
 * with the same messages, and then read again for the columns that reader leaves out. Rows of a
 * tidy file for the national total are left out with a warning, because the fit compares regions.
 *
 * @throws InputError (as a rejection) when the file is missing, unreadable or invalid, or has no row
 *   for a scenario region
 */
export async function readObservedCounts(path: string, context: CountsContext): Promise<ObservedCounts> {
  const checked = await readObservedFile(path, context, 'required');
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const records = parseCsv(text, path);
  const header = (records[0]?.fields ?? []).map((name) => name.toLowerCase());
  const column = (name: string): number => header.indexOf(name);
  const codeOf = checked.format === 'coronaboard' ? provinceLookup(context) : tidyCodes(context);
  const regionColumn = checked.format === 'coronaboard' ? column('province') : column('region');
  const quantities: [RegionalQuantity, number][] = [['confirmed', column('confirmed')]];
  const deaths = deathColumnOf(header, checked.format);
  if (deaths.index >= 0) quantities.push(['deaths', deaths.index]);

  const given = new Map<RegionalQuantity, RegionalTable>(quantities.map(([quantity]) => [quantity, new Map()]));
  const nationalLines: number[] = [];
  // Provinces that match no scenario region, Lazaretto included, as first spelled in the file.
  const otherProvinces = new Map<string, string>();
  records.slice(1).forEach(({ fields, line }) => {
    const region = fields[regionColumn] ?? '';
    const code = codeOf(region);
    if (code === undefined) {
      if (isNationalRegion(region, context.nationalCode)) nationalLines.push(line);
      else if (!otherProvinces.has(region.toLowerCase())) otherProvinces.set(region.toLowerCase(), region);
      return;
    }
    const date = fields[column('date')] ?? '';
    for (const [quantity, columnIndex] of quantities) {
      const raw = fields[columnIndex] ?? '';
      const value = readCount(raw);
      if (value === undefined) {
        const problem = messages.observedBadCount(header[columnIndex]!, raw, COUNT_EXPECTED);
        throw new InputError(messages.observedLine(path, line, problem));
      }
      tableOf(given.get(quantity)!, code).set(date, value);
    }
  });

  if (given.get('confirmed')!.size === 0) {
    if (nationalLines.length > 0) {
      const codes = context.regions.map((region) => region.code);
      throw new InputError(messages.calibrateOnlyNationalRows(path, nationalLines, context.nationalCode, codes));
    }
    throw new InputError(messages.calibrateNoScenarioRegion(path, [...otherProvinces.values()], context.regions));
  }

  const daily = new Map<RegionalQuantity, RegionalTable>();
  const cumulative = new Map<RegionalQuantity, RegionalTable>();
  const gaps: string[] = [];
  const onGap = (code: string) => (from: string, to: string) => gaps.push(`${code} from ${from} to ${to}`);
  for (const [quantity, table] of given) {
    if (checked.format === 'coronaboard') {
      cumulative.set(quantity, table);
      daily.set(quantity, new Map([...table].map(([code, values]) => [code, differences(values, onGap(code))])));
    } else {
      daily.set(quantity, table);
      cumulative.set(quantity, mapTable(table, runningSums));
    }
  }
  const warnings = [...checked.warnings];
  // Confirmed cases and deaths share their rows, so each gap is named once.
  if (gaps.length > 0) warnings.push(messages.calibrateGaps('--observed', [...new Set(gaps)]));
  if (deaths.ignored !== undefined) warnings.push(messages.calibrateDeathColumnIgnored(path, deaths.ignored, checked.format));
  if (nationalLines.length > 0) warnings.push(messages.calibrateNationalRows(path, nationalLines, context.nationalCode));
  return { format: checked.format, daily, cumulative, warnings };
}

/** National tests performed per date, read from a `--tests` file. */
export interface ObservedTests {
  /** Tests per day, as differences of the file's cumulative counts. */
  daily: Map<string, number>;
  warnings: string[];
}

/**
 * Reads national tests performed from a CSV with a `date` column and a cumulative `tested` (Coronaboard
 * national file) or `test` (DS4C Time) column, and turns them into daily counts.
 *
 * @throws InputError (as a rejection) when the file is missing, unreadable or invalid
 */
export async function readTestsFile(path: string): Promise<ObservedTests> {
  let text: string;
  try {
    const reason = await unreadableReason(path);
    if (reason !== undefined) throw new InputError(messages.testsUnreadable(path, reason));
    text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new InputError(messages.testsNotFound(path));
    throw new InputError(messages.testsUnreadable(path, (error as Error).message));
  }
  const records = parseCsv(text, path, '--tests');
  const header = (records[0]?.fields ?? []).map((name) => name.toLowerCase());
  const dateColumn = header.indexOf('date');
  const testsColumn = header.includes('tested') ? header.indexOf('tested') : header.indexOf('test');
  if (dateColumn < 0 || testsColumn < 0) throw new InputError(messages.testsHeader(path, records[0]?.fields ?? []));
  if (records.length === 1) throw new InputError(messages.testsNoRows(path));

  const cumulative = new Map<string, number>();
  records.slice(1).forEach(({ fields, line }) => {
    const date = fields[dateColumn] ?? '';
    if (!isIsoDate(date)) throw new InputError(messages.observedLine(path, line, messages.observedBadDate(date)));
    const raw = fields[testsColumn] ?? '';
    const value = readCount(raw);
    if (value === undefined) {
      const problem = messages.observedBadCount(header[testsColumn]!, raw, COUNT_EXPECTED);
      throw new InputError(messages.observedLine(path, line, problem));
    }
    if (cumulative.has(date)) throw new InputError(messages.observedLine(path, line, messages.testsDuplicate(date)));
    cumulative.set(date, value);
  });
  const gaps: string[] = [];
  const daily = differences(cumulative, (from, to) => gaps.push(`from ${from} to ${to}`));
  return { daily, warnings: gaps.length > 0 ? [messages.calibrateGaps('--tests', gaps)] : [] };
}

/** Reads an observed count as `run` does, or returns undefined for anything else. */
function readCount(value: string): number | undefined {
  return isCount(value) ? Number(value) : undefined;
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** Returns a function from a tidy file's region code to the scenario's spelling of it; the national code maps to nothing. */
function tidyCodes(context: CountsContext): (code: string) => string | undefined {
  const byCode = new Map(context.regions.map((region) => [region.code.toLowerCase(), region.code]));
  return (code) => byCode.get(code.toLowerCase());
}

function tableOf(table: RegionalTable, code: string): Map<string, number> {
  let values = table.get(code);
  if (values === undefined) {
    values = new Map();
    table.set(code, values);
  }
  return values;
}

function mapTable(table: RegionalTable, transform: (values: Map<string, number>) => Map<string, number>): RegionalTable {
  return new Map([...table].map(([code, values]) => [code, transform(values)]));
}

/**
 * Turns cumulative values into daily ones: the change from the day before. The first date only
 * serves as the base of the next difference. A date after a gap gets no daily value, because its
 * change spans several days, so the fit leaves it out. `onGap` receives each gap.
 */
function differences(values: Map<string, number>, onGap: (from: string, to: string) => void = () => {}): Map<string, number> {
  const dates = [...values.keys()].sort();
  const daily = new Map<string, number>();
  for (let i = 1; i < dates.length; i++) {
    if (addDays(dates[i - 1]!, 1) !== dates[i]) {
      onGap(dates[i - 1]!, dates[i]!);
      continue;
    }
    daily.set(dates[i]!, values.get(dates[i]!)! - values.get(dates[i - 1]!)!);
  }
  return daily;
}

function runningSums(values: Map<string, number>): Map<string, number> {
  let sum = 0;
  return new Map([...values.keys()].sort().map((date) => [date, (sum += values.get(date)!)]));
}
