/**
 * The wording of every scenario problem and warning, in one place so that it stays consistent and
 * tests can refer to the functions by name. Each problem function takes the JSON path of the
 * value at fault and the value received, and returns the {@link Problem} with its expected value
 * (unit and range) and a one-sentence message that names the fix.
 */

import { MAX_SIMULATION_DAYS } from './defaults.js';
import { DISTRIBUTION_FIELDS } from './fields.js';

/** One mistake in a scenario file. */
export interface Problem {
  /** JSON path of the value at fault, e.g. `testing.sites[3].region`, or empty for the whole file. */
  path: string;
  /** One plain sentence that names the value and the fix. */
  message: string;
  /** The value found, shortened. */
  received: string;
  /** Expected value: unit and range, or the allowed values. */
  expected: string;
  /** True on a `fitUncertainty` name whose entry the scenario does not have, such as a region without seeding. */
  entryMissing?: boolean;
  /** Paths of the other values that a check relating several fields compared this value with. */
  related?: readonly string[];
  /** True when an operator of a plan ($multiply, $shiftDays) computed the value at fault. */
  computed?: boolean;
}

const UNIT_BY_KEY: Readonly<Record<string, string>> = {
  r0: 'secondary infections per infection',
  runs: 'runs',
  seed: 'seed',
  count: 'sites',
  beds: 'beds',
  tracers: 'persons',
  infections: 'persons',
  linkedPersons: 'persons',
  populationByAge: 'persons',
  populationTotal: 'persons',
  uninfectedContactsPerCase: 'persons per case',
  quarantineRetestPerDay: 'tests per person per day',
  latitude: 'degrees',
  longitude: 'degrees',
  scale: 'multiplier',
  flowsPerYear: 'persons per year',
  home: 'contact multiplier, 0-2',
  work: 'contact multiplier, 0-2',
  school: 'contact multiplier, 0-2',
  other: 'contact multiplier, 0-2',
  susceptibilityByAge: 'relative susceptibility',
  asymptomaticInfectiousness: 'relative infectiousness',
  presymptomaticInfectiousness: 'relative infectiousness',
  overflowFatalityFactor: 'multiplier',
  waitingWardFatalityFactor: 'multiplier',
  presymptomatic: 'fraction, 0-1',
  asymptomatic: 'fraction, 0-1',
  symptomatic: 'fraction, 0-1',
  quarantineCompliance: 'fraction, 0-1',
  isolationCompliance: 'fraction, 0-1',
  pendingCompliance: 'fraction, 0-1',
  uninfectedShare: 'fraction of contacts, 0-1',
  infectedShare: 'fraction of contacts, 0-1',
  testsPerPersonPerDay: 'tests per person per day',
  casesPerTracerPerDay: 'cases per tracer per day',
  investigationPerDay: 'persons per day',
  infectedFirstOdds: 'odds ratio',
  households: 'households',
  total: 'households',
  monthlyPerHouseholdByQuintile: 'currency units per household per month',
  amountPerHousehold: 'currency units per household',
  amountPerHouseholdBySize: 'currency units per household',
  amount: 'currency units',
  perTest: 'currency units per test',
  perTracerPerDay: 'currency units per tracer per day',
  rtcBedOpenPerDay: 'currency units per bed per day',
  vaccinationTransportPerPerson: 'currency units per person',
  currencyPerUsd: 'currency units per US dollar',
  incomeMultiplier: 'multiplier',
  propensityToConsume: 'fraction of the payment, 0-1',
  distancingElasticityByQuintile: 'fraction of income lost at distancing intensity 1, 0-1',
  consumptionDistancingElasticity: 'fraction of consumption lost at distancing intensity 1, 0-1',
  consumptionShareByQuintile: 'consumption as a share of income',
};

const UNIT_BY_SUFFIX: readonly (readonly [RegExp, string])[] = [
  [/Days$/, 'days'],
  [/Km$/, 'km'],
  [/Percent/, 'percent, 0-100'],
  [/(Fraction|Share|Shares|share|fraction)$/, 'fraction, 0-1'],
  [/^tests?PerDay/, 'tests per day'],
  [/^patientsPerDay$/, 'patients per day'],
];

const DISTRIBUTION_KEYS = new Set(['min', 'max', 'mean', 'sd', 'median', 'sdlog', 'mode']);
const DATE_KEYS = new Set(['start', 'end', 'date', 'from', 'opens', 'closes', 'dateFound']);

/** Joins names as "a and b", or "a, b, and c". */
const AND_LIST = new Intl.ListFormat('en', { type: 'conjunction' });

/**
 * Unit of the value at a path, found from the field name: every numeric field carries its unit in
 * its name (`latentDays`, `testsPerDay`, `beds`). Array indices and the keys of a distribution
 * object take the unit of the field that contains them, except `sdlog`, which is on the log scale.
 */
export function unitOf(path: readonly PropertyKey[]): string | undefined {
  let last: string | undefined;
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key !== 'string') continue;
    if (key === 'sdlog' && i === path.length - 1) return 'standard deviation of the logarithm';
    if (DISTRIBUTION_KEYS.has(key) && last === undefined) {
      last = key;
      continue;
    }
    const known = UNIT_BY_KEY[key];
    if (known !== undefined) return known;
    for (const [pattern, unit] of UNIT_BY_SUFFIX) if (pattern.test(key)) return unit;
    return undefined;
  }
  return undefined;
}

function withUnit(path: readonly PropertyKey[], text: string): string {
  const unit = unitOf(path);
  return unit === undefined ? text : `${unit}, ${text}`;
}

function displayPath(path: string): string {
  return path === '' ? 'The scenario' : path;
}

/** Description of a zod type name for an `expected` text. */
export function describeType(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    default:
      return expected;
  }
}

// Problems found by the field schema.

/** Tells whether the last key of a path names a date field. */
function isDateField(keys: readonly PropertyKey[]): boolean {
  return keys.length > 0 && DATE_KEYS.has(String(keys[keys.length - 1]));
}

/** Tells whether a path is the scenario's list of regions, whose problems name the fields a region needs. */
function isRegionList(keys: readonly PropertyKey[]): boolean {
  return keys.length === 1 && keys[0] === 'regions';
}

/** Fields of one region, which the problems of a missing or wrongly typed `regions` list name as the fix. */
const REGION_FIELDS = 'code, name and residents (populationByAge, or populationTotal with ageShares)';

export function missingField(path: string, keys: readonly PropertyKey[], expectedType: string): Problem {
  if (isRegionList(keys)) {
    const message = `regions is missing, so add a list with one object per region, each with its ${REGION_FIELDS}.`;
    return { path, received: 'nothing', expected: 'a list of regions', message };
  }
  const expected = isDateField(keys)
    ? 'ISO date YYYY-MM-DD'
    : withUnit(keys, describeType(expectedType));
  const message = `${displayPath(path)} is missing and must be added (${expected}).`;
  return { path, received: 'nothing', expected, message };
}

/** Problem of a distribution given to a field that takes a plain number, such as a bed count. */
export function distributionNotTaken(path: string, keys: readonly PropertyKey[], received: string): Problem {
  const message =
    `${displayPath(path)} takes one number, not a distribution, so give a number here. A plan can scale it ` +
    'with {"$multiply": FACTOR}, and the README lists the parameters that take a distribution.';
  return { path, received, expected: withUnit(keys, describeType('number')), message };
}

export function wrongType(path: string, keys: readonly PropertyKey[], received: string, expectedType: string): Problem {
  if (isDateField(keys) && expectedType === 'string') {
    const expected = 'ISO date YYYY-MM-DD';
    return { path, received, expected, message: `${displayPath(path)} must be a date in quotes such as "2020-02-18", not ${received}.` };
  }
  if (isRegionList(keys)) {
    const message =
      `regions must be a list of regions, not ${received}, so give one object per region, ` +
      `each with its ${REGION_FIELDS}.`;
    return { path, received, expected: 'a list of regions', message };
  }
  const expected = withUnit(keys, describeType(expectedType));
  const message = `${displayPath(path)} must be ${describeType(expectedType)}, not ${received}.`;
  return { path, received, expected, message };
}

export function belowMinimum(
  path: string,
  keys: readonly PropertyKey[],
  received: string,
  minimum: number,
  inclusive: boolean,
): Problem {
  const bound = inclusive ? `at least ${minimum}` : `greater than ${minimum}`;
  const expected = withUnit(keys, bound);
  return { path, received, expected, message: `${displayPath(path)} is ${received} but must be ${bound}.` };
}

export function aboveMaximum(
  path: string,
  keys: readonly PropertyKey[],
  received: string,
  maximum: number,
  inclusive: boolean,
): Problem {
  const bound = inclusive ? `at most ${maximum}` : `less than ${maximum}`;
  const expected = withUnit(keys, bound);
  return { path, received, expected, message: `${displayPath(path)} is ${received} but must be ${bound}.` };
}

export function tooFewEntries(path: string, received: string, minimum: number): Problem {
  const expected = minimum === 1 ? 'at least one entry' : `at least ${minimum} entries`;
  return { path, received, expected, message: `${displayPath(path)} has too few entries and needs ${expected}.` };
}

export function tooManyEntries(path: string, received: string, maximum: number): Problem {
  const expected = `at most ${maximum} entries`;
  return { path, received, expected, message: `${displayPath(path)} has too many entries and allows ${expected}.` };
}

export function wrongEntryCount(path: string, received: string, count: number): Problem {
  const expected = `exactly ${count} entries`;
  return { path, received, expected, message: `${displayPath(path)} must have ${expected}.` };
}

export function emptyText(path: string): Problem {
  return { path, received: '""', expected: 'a non-empty string', message: `${displayPath(path)} must not be empty.` };
}

export function invalidDate(path: string, received: string): Problem {
  const expected = 'ISO date YYYY-MM-DD';
  return {
    path,
    received,
    expected,
    message: `${displayPath(path)} is not a valid calendar date, so write it as YYYY-MM-DD, for example 2020-03-01.`,
  };
}

export function blankName(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'text with a letter or a digit',
    message: `${displayPath(path)} has no letter or digit, so give the scenario a name with one, which also names its output folder.`,
  };
}

export function invalidCurrencyCode(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'ISO 4217 code of three capital letters such as "KRW"',
    message: `${displayPath(path)} is not an ISO 4217 currency code, so write three capital letters such as "KRW" or "USD".`,
  };
}

export function invalidRegionCode(path: string, received: string): Problem {
  const expected = 'ISO 3166-2 code such as "KR-11"';
  return {
    path,
    received,
    expected,
    message:
      `${displayPath(path)} is not an ISO 3166-2 region code, so use the form "KR-11" ` +
      `(country, hyphen, subdivision).`,
  };
}

export function notOneOf(path: string, received: string, values: readonly unknown[]): Problem {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return { path, received, expected, message: `${displayPath(path)} is ${received} but must be ${expected}.` };
}

/** Every kind of distribution, quoted, for the expected value of a wrong `dist`. */
const DISTRIBUTION_KIND_LIST = [...DISTRIBUTION_FIELDS.keys()].map((kind) => JSON.stringify(kind)).join(', ');

export function missingDistributionKind(path: string, kinds: readonly string[], shapes: readonly string[]): Problem {
  const expected = `one of ${DISTRIBUTION_KIND_LIST}`;
  const fix = kinds.length === 1 ? `add "dist": ${JSON.stringify(kinds[0])}` : `add "dist" as ${shapes.join(', or ')}`;
  return { path, received: 'nothing', expected, message: `${displayPath(path)} is missing, so ${fix}.` };
}

export function unknownDistributionKind(
  path: string,
  received: string,
  kinds: readonly string[],
  shapes: readonly string[],
): Problem {
  const expected = `one of ${DISTRIBUTION_KIND_LIST}`;
  const fix = kinds.length === 1 ? `use ${JSON.stringify(kinds[0])}` : `use ${shapes.join(', or ')}`;
  return { path, received, expected, message: `${displayPath(path)} is ${received}, not a kind of distribution, so ${fix}.` };
}

export function missingForm(path: string, forms: readonly string[]): Problem {
  const expected = forms.join(' or ');
  return { path, received: 'nothing', expected, message: `${displayPath(path)} is missing and must be added (${expected}).` };
}

export function noMatchingForm(path: string, received: string, forms: readonly string[]): Problem {
  const expected = forms.join(' or ');
  return { path, received, expected, message: `${displayPath(path)} is ${received} but must be ${expected}.` };
}

/** Expected value of the problem of a field that the format does not have. */
export const UNKNOWN_FIELD_EXPECTED = 'no such field';

export function unknownField(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: UNKNOWN_FIELD_EXPECTED,
    message: `${displayPath(path)} is not a field of the scenario format, so remove it or correct its spelling.`,
  };
}

export function misspeltField(path: string, received: string, field: string): Problem {
  return {
    path,
    received,
    expected: UNKNOWN_FIELD_EXPECTED,
    message: `${displayPath(path)} is not a field of the scenario format; the closest field here is ${field}, so rename it to that or remove it.`,
  };
}

/**
 * Problem of a field that the distribution's kind does not take, such as `mean` in a `"lognormal"`.
 *
 * @param fields the fields that the kind takes besides `dist`
 * @param closest the field of the kind that the name most likely misspells, if one is close
 * @param otherKinds the other kinds of distribution that take the field
 */
export function unknownDistributionField(
  path: string,
  received: string,
  kind: string,
  fields: readonly string[],
  closest: string | undefined,
  otherKinds: readonly string[],
): Problem {
  const name = path.slice(path.lastIndexOf('.') + 1);
  const fix = closest === undefined ? 'replace it with one of those or remove it' : `rename it to ${closest} or remove it`;
  let message = `${displayPath(path)} is not a field of a ${JSON.stringify(kind)} distribution, which takes ${fields.join(' and ')}, so ${fix}.`;
  if (otherKinds.length > 0) {
    const kinds = otherKinds.map((other) => JSON.stringify(other)).join(' or ');
    message += ` To use ${name} as written, set "dist" to ${kinds} instead.`;
  }
  return { path, received, expected: UNKNOWN_FIELD_EXPECTED, message };
}

export function distributionOutOfOrder(path: string, received: string, key: string): Problem {
  const expected = key === 'mode' ? 'min <= mode <= max' : 'min <= max';
  const message = `${displayPath(path)} is out of order, because the distribution needs ${expected}.`;
  return { path, received, expected, message };
}

export function distributionOutOfBounds(
  path: string,
  keys: readonly PropertyKey[],
  received: string,
  min: number,
  max: number,
): Problem {
  const fieldKeys = keys.slice(0, -1);
  const expected = withUnit(fieldKeys, `every value from ${min} to ${max}`);
  return {
    path,
    received,
    expected,
    message:
      `${displayPath(path)} lets the distribution reach values outside ${min} to ${max} (normal and log-normal ` +
      `draws reach 4 standard deviations), so narrow it until every draw is in range.`,
  };
}

/** Warning for a `fitUncertainty` entry of a base that the extending file makes invalid, so that the entry is left out. */
/** Returns the length of a list that a plan shortened, as {@link fitEntryRemoved} gives it. */
export function listLengthNow(list: string, length: number): string {
  return `${list} has ${length === 0 ? 'no entries' : `only ${length} ${length === 1 ? 'entry' : 'entries'}`}`;
}

export function fitEntryRemoved(name: string, fileName: string, listLength: string): string {
  return (
    `fitUncertainty entry ${name} comes from ${fileName}, but in this scenario ${listLength}, so the fitted ` +
    'entry is gone and the fitUncertainty entry is left out'
  );
}

export function fitEntryMoved(name: string, fileName: string, list: string): string {
  return (
    `fitUncertainty entry ${name} comes from ${fileName}, but this scenario removed or replaced entries of ` +
    `${list}, so ${name} may now name another entry, which the fitted interval does not fit. The entry is ` +
    'left out, so sampled runs keep the value this scenario gives it; to draw it, add the entry under its new position ' +
    'to the fitUncertainty of this file'
  );
}

export function fitEntryDropped(name: string, fileName: string, reason: string): string {
  return (
    `fitUncertainty entry ${name} comes from ${fileName}, but in this scenario ${reason}, ` +
    'so sampled runs keep the value this scenario gives it instead of drawing it'
  );
}

export function fitCorrelationNamesLeftOut(names: readonly string[], fileName: string, remaining: number): string {
  const listed =
    names.length === 1
      ? `the entry ${names[0]}, which the fitUncertainty of this scenario does not have, so its row and column are`
      : `the entries ${names.join(', ')}, which the fitUncertainty of this scenario does not have, so their rows and columns are`;
  const rest = remaining < 2 ? 'no correlation is left' : `${remaining} entries stay correlated`;
  return (
    `fitCorrelation comes from ${fileName} and correlates ${listed} left out; ${rest}. Setting fitCorrelation to ` +
    'null in this file draws every entry on its own without this warning'
  );
}

export function fitNameMoved(name: string, list: string): string {
  return (
    `fitUncertainty names ${name} by its position in ${list}, and a file of this scenario removed or replaced ` +
    `entries of that list, so ${name} may now name another entry than the one fitted; check the position or refit`
  );
}

export function fitDrawnTwice(path: string, index: number, name: string): string {
  return (
    `${path} is a distribution, and fitUncertainty[${index}] (${name}) scales it, so a sampled run draws it twice: ` +
    `once from the distribution and once from the fit's interval. Remove one of them: give ${path} a number, ` +
    `such as the fitted value, or remove the fitUncertainty entry ${name}`
  );
}

export function dateTooEarly(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'a date from 0100-01-01 to 9999-12-31',
    message: `${displayPath(path)} is before 0100-01-01, the first date the calendar handles, so write a later date.`,
  };
}

export function seedTextRejected(path: string, received: string, reason: 'blank' | 'number', integer: number | undefined): Problem {
  const expected = 'a non-negative integer, or a text that is not a number';
  if (reason === 'blank') {
    return { path, received, expected, message: `${displayPath(path)} is white space alone, so write an integer such as 1 or a text such as "trial-a".` };
  }
  const fix = integer === undefined ? `an integer from 0 to ${Number.MAX_SAFE_INTEGER}` : String(integer);
  return {
    path,
    received,
    expected,
    message:
      `${displayPath(path)} is a text that reads as a number but not in plain digits, and as a text it would seed ` +
      `other runs than that number. Write ${fix}, or a text seed that is not a number, such as "trial-a".`,
  };
}

export function otherFieldIssue(path: string, received: string, detail: string): Problem {
  return { path, received, expected: 'see message', message: `${displayPath(path)}: ${detail}.` };
}

// Problems with the file itself.

export function invalidJson(
  sourceName: string,
  line: number,
  column: number,
  found: string,
  expected: string,
): Problem {
  return {
    path: '',
    received: found,
    expected: 'valid JSON',
    message: `${sourceName} has a JSON syntax error at line ${line}, column ${column}, where ${expected} was expected.`,
  };
}

export function unreadableFile(filePath: string, reason: string): Problem {
  return {
    path: '',
    received: filePath,
    expected: 'a readable JSON file',
    message: `Reading the scenario file ${filePath} failed (${reason}), so check the path and its permissions.`,
  };
}

export function numberOutOfRange(path: string, value: number): Problem {
  return {
    path,
    received: String(value),
    expected: 'a finite number',
    message:
      `${displayPath(path)} is a number beyond the range of a 64-bit float (about ±1.8e308), which reads as ` +
      'Infinity, so give a finite number.',
  };
}

/**
 * Adds to a problem the other paths where the merged scenario has the same problem, with other
 * values when an operator computed a different one at each.
 */
export function problemRepeats(message: string, paths: readonly string[], otherValues = false): string {
  const listed = paths.slice(0, 3).join(', ');
  const more = paths.length > 3 ? ` and ${paths.length - 3} more` : '';
  return `${message} The same problem${otherValues ? ', with other values,' : ''} is at ${listed}${more}.`;
}

/** Reports a scenario file, or a base it extends (`path` "extends"), whose bytes are not UTF-8. */
export function notUtf8(path: string, filePath: string): Problem {
  return {
    path,
    received: filePath,
    expected: 'a JSON file in UTF-8',
    message: `The ${path === '' ? 'scenario' : 'base'} file ${filePath} is not UTF-8 text, so save it as UTF-8.`,
  };
}

// Problems with `extends` and with the operators of a file that extends a base.

const EXTENDS_EXPECTED = 'the path of a scenario JSON file, relative to the folder of the file that names it';

export function extendsInvalid(fileName: string, received: string): Problem {
  return {
    path: 'extends',
    received,
    expected: EXTENDS_EXPECTED,
    message: `extends in ${fileName} is ${received} but must be the path of a base scenario file, such as "korea-2020.json".`,
  };
}

export function extendsNeedsFolder(sourceName: string, reference: string): Problem {
  return {
    path: 'extends',
    received: JSON.stringify(reference),
    expected: 'an absolute path, or a relative path with a folder to resolve it against',
    message:
      `extends (${reference}) in ${sourceName} is a relative path, but the text came without a folder to resolve ` +
      `it against, so pass the baseDirectory option, load the file with loadScenarioFile, or give an absolute path.`,
  };
}

export function baseNotFound(fileName: string, reference: string, basePath: string): Problem {
  return {
    path: 'extends',
    received: JSON.stringify(reference),
    expected: EXTENDS_EXPECTED,
    message:
      `extends in ${fileName} names the base file ${basePath}, which was not found, so correct the path ` +
      `(a relative path starts from the folder of ${fileName}).`,
  };
}

export function baseUnreadable(fileName: string, reference: string, basePath: string, reason: string): Problem {
  return {
    path: 'extends',
    received: JSON.stringify(reference),
    expected: 'a readable JSON file',
    message:
      `Reading the base file ${basePath}, named by extends in ${fileName}, failed (${reason}), so check the ` +
      `path and its permissions.`,
  };
}

export function fileIsOutput(fileName: string): Problem {
  return {
    path: '',
    received: 'tttsim output',
    expected: 'a scenario',
    message:
      `${fileName} is tttsim output (it has engineVersion and no regions), not a scenario; give the scenario ` +
      'written beside it, scenario.resolved.json or scenario.fitted.json.',
  };
}

export function baseIsOutput(basePath: string): Problem {
  return {
    path: 'extends',
    received: JSON.stringify(basePath),
    expected: 'the path of a base scenario file',
    message:
      `The base file ${basePath} is tttsim output (it has engineVersion and no regions), not a scenario; ` +
      'extend the scenario written beside it, scenario.resolved.json or scenario.fitted.json.',
  };
}

export function baseNotObject(basePath: string, received: string): Problem {
  return {
    path: '',
    received,
    expected: 'a JSON object',
    message: `The base file ${basePath} must contain a scenario as a JSON object, not ${received}.`,
  };
}

/** @param chain the files of the loop in extends order, starting and ending with the same file */
export function extendsCycle(fileName: string, reference: string, chain: readonly string[]): Problem {
  return {
    path: 'extends',
    received: JSON.stringify(reference),
    expected: 'a base file that does not lead back to a file of the chain',
    message:
      `extends in ${fileName} closes a loop of base files (${chain.join(' -> ')}), so remove the extends ` +
      `of one file in the loop.`,
  };
}

export function extendsTooDeep(fileName: string, reference: string, maximum: number): Problem {
  return {
    path: 'extends',
    received: JSON.stringify(reference),
    expected: `at most ${maximum} base files below the scenario`,
    message:
      `extends in ${fileName} names a base more than ${maximum} files below the scenario, so merge some files ` +
      `of the chain into one.`,
  };
}

export function unknownOperator(path: string, fileName: string, operator: string, known: readonly string[]): Problem {
  return {
    path,
    received: JSON.stringify(operator),
    expected: `one of ${known.join(', ')}`,
    message:
      `${displayPath(path)} in ${fileName} uses ${operator}, which is not an operator, so use one of ` +
      `${known.join(', ')} or write the value in full.`,
  };
}

export function operatorMixedWithFields(path: string, fileName: string, fields: readonly string[]): Problem {
  return {
    path,
    received: `operators and the fields ${fields.join(', ')}`,
    expected: 'operators (keys that start with $) or fields, not both',
    message:
      `${displayPath(path)} in ${fileName} mixes operators with the fields ${fields.join(', ')}, so write either ` +
      `an edit of the base value or a new value.`,
  };
}

export function operatorsCombined(path: string, fileName: string, operators: readonly string[]): Problem {
  return {
    path,
    received: operators.join(', '),
    expected: '$shiftDays or $multiply alone, or any of $remove, $patch and $append',
    message:
      `${displayPath(path)} in ${fileName} combines ${operators.join(', ')}, but $shiftDays and $multiply ` +
      `each stand alone, so keep one of them.`,
  };
}

export function operatorArgumentInvalid(
  path: string,
  fileName: string,
  operator: string,
  received: string,
  expected: string,
): Problem {
  return {
    path,
    received,
    expected,
    message:
      received === 'Infinity' || received === '-Infinity'
        ? `${operator} at ${displayPath(path)} in ${fileName} is a number beyond the range of a 64-bit float ` +
          `(about ±1.8e308), which reads as ${received}, but must be ${expected}.`
        : `${operator} at ${displayPath(path)} in ${fileName} is ${received} but must be ${expected}.`,
  };
}

/** @param baseExpected the kind of base value the operator edits, such as `an ISO date` */
export function operatorBaseMismatch(
  path: string,
  fileName: string,
  operator: string,
  received: string,
  baseExpected: string,
): Problem {
  return {
    path,
    received,
    expected: `${baseExpected} in the base`,
    message:
      `${operator} at ${displayPath(path)} in ${fileName} edits ${baseExpected}, but the base has ${received} ` +
      `there, so apply it to such a field or write the value in full.`,
  };
}

export function operatorWithoutBase(path: string, fileName: string, operator: string): Problem {
  return {
    path,
    received: JSON.stringify(operator),
    expected: 'a value written in full',
    message:
      `${operator} at ${displayPath(path)} in ${fileName} has no base value to edit, because it is inside a new ` +
      `value (a list that replaces the base's, an entry of $append, or a file without extends), so write the ` +
      `value in full.`,
  };
}

export function shiftedDateOutOfRange(path: string, fileName: string, date: string, days: number): Problem {
  return {
    path,
    received: `${date} shifted by ${days} days`,
    expected: 'a date from 0100-01-01 to 9999-12-31',
    message:
      `$shiftDays at ${displayPath(path)} in ${fileName} moves ${date} by ${days} days, past the dates that ` +
      `YYYY-MM-DD can write, so use a smaller shift.`,
  };
}

/** The sentence added to a problem of a merged scenario, saying which file set the value at fault. */
export const valueSources = {
  extendingFile: (fileName: string, baseName: string): string =>
    `${fileName} sets this value and extends ${baseName}.`,
  baseFile: (fileName: string, scenarioName: string): string =>
    `The value comes from ${fileName}, a base of ${scenarioName}.`,
  schemaDefault: (scenarioName: string): string =>
    `No file of ${scenarioName} sets this value, so it is the default: set it in ${scenarioName} to change it.`,
  removedValue: (fileName: string): string => `${fileName} removes it with null, so give a value there instead.`,
  missingValue: (fileName: string, parentPath: string, scenarioName: string): string =>
    parentPath === ''
      ? `No file of ${scenarioName} sets this value.`
      : `${fileName} writes ${parentPath} without it, so add it there.`,
  mergedScenario: (scenarioName: string, baseName: string): string =>
    `${scenarioName} extends ${baseName}, and the path is in the merged scenario.`,
  relatedValue: (path: string, fileName: string): string => `It is checked against ${path}, which ${fileName} sets.`,
  editedValue: (operator: string, fileName: string): string =>
    `${operator} in ${fileName} computed it from the base's value, so change the argument or write the value in full.`,
};

// Problems found by the checks that relate several fields.

export function dateBefore(path: string, date: string, otherPath: string, otherDate: string): Problem {
  return {
    path,
    received: JSON.stringify(date),
    expected: `a date on or after ${otherDate} (${otherPath})`,
    message: `${displayPath(path)} (${date}) is before ${otherPath} (${otherDate}), so swap or correct the dates.`,
  };
}

export function dateOutsideSimulation(path: string, date: string, start: string, end: string): Problem {
  return {
    path,
    received: JSON.stringify(date),
    expected: `a date from ${start} to ${end}`,
    message:
      `${displayPath(path)} (${date}) is outside the simulation from ${start} to ${end}, so move it ` +
      `inside or extend simulation.start or simulation.end.`,
  };
}

export function regionRepeated(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'each region once in a list',
    message: `${displayPath(path)} lists region ${received} a second time, so remove one of them.`,
  };
}

export function unknownRegion(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'a code listed in regions',
    message:
      `${displayPath(path)} refers to region ${received}, which is not in regions, so add the region ` +
      `or correct the code.`,
  };
}

export function duplicateRegion(path: string, received: string, firstPath: string): Problem {
  return {
    path,
    received,
    expected: 'a code used once',
    message:
      `${displayPath(path)} repeats region code ${received} from ${firstPath}, so give each region its ` +
      `own code.`,
  };
}

export function duplicateAgeBand(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'a label used once',
    message: `${displayPath(path)} repeats age band ${received}, so give each band its own label.`,
  };
}

export function unknownAgeBand(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'a label listed in ageBands',
    message:
      `${displayPath(path)} refers to age band ${received}, which is not in ageBands, so use one of ` +
      `the listed labels.`,
  };
}

export function horizonTooLong(path: string, end: string, start: string, dayCount: number, lastDate: string): Problem {
  return {
    path,
    received: JSON.stringify(end),
    expected: `a date from ${start} to ${lastDate}, at most ${MAX_SIMULATION_DAYS} simulated days`,
    message:
      `${displayPath(path)} (${end}) makes ${dayCount} simulated days from simulation.start (${start}), more than ` +
      `the maximum of ${MAX_SIMULATION_DAYS} (ten years), so move it to ${lastDate} or earlier.`,
  };
}

export function stepNotDivisor(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'days, one day divided by a whole number (1, 0.5, 0.25, 0.1, ...)',
    message:
      `${displayPath(path)} (${received}) does not divide one day into whole steps, so use 1/n for a ` +
      `whole number n, such as 0.25.`,
  };
}

/** Fields of a `$patch` or `$remove` match that found no entry, as its warning names them. */
export interface MatchFields {
  /** Fields of the match that some entries leave to the schema's defaults. */
  unwritten: readonly string[];
  /** Fields of the match that no entry of the list has. */
  unknown: readonly string[];
  /** Every field the entries of the list have. */
  entryFields: readonly string[];
}

/** A fixed solver step and its limit on rate x step, as the rate checks report them. */
export interface StepLimit {
  path: string;
  days: number;
  limit: number;
}

export function rateTooFast(path: string, received: string, ratePerDay: number, step: StepLimit, minimumDays: number): Problem {
  const rate = Number(ratePerDay.toPrecision(3));
  return {
    path,
    received,
    expected: `days, at least ${Number(minimumDays.toPrecision(3))} with ${step.path} = ${step.days}`,
    message:
      `${displayPath(path)} (${received}) gives a rate of ${rate} per day, but rate x step must be at most ` +
      `${step.limit} with ${step.path} = ${step.days}, so lengthen it or use a smaller step.`,
  };
}

export function perDayRateTooFast(path: string, received: string, step: StepLimit): Problem {
  return {
    path,
    received,
    expected: `per day, at most ${Number((step.limit / step.days).toPrecision(3))} with ${step.path} = ${step.days}`,
    message:
      `${displayPath(path)} (${received}) times ${step.path} = ${step.days} exceeds ${step.limit}, the limit of ` +
      `rate x step, so lower it or use a smaller step.`,
  };
}

export function seekShareTooHigh(path: string, received: string, ratePerDay: number, step: StepLimit): Problem {
  const rate = Number(ratePerDay.toPrecision(3));
  return {
    path,
    received,
    expected: `fraction, low enough that the seeking rate x ${step.path} stays at most ${step.limit}`,
    message:
      `${displayPath(path)} (${received}) turns into a seeking rate of ${rate} per day, but rate x step must be ` +
      `at most ${step.limit} with ${step.path} = ${step.days}, so lower the share or use a smaller step.`,
  };
}

/**
 * @param itemName what each entry stands for, such as `age band`
 * @param itemsName its plural, when adding an s to `itemName` would be wrong
 */
export function wrongLength(
  path: string,
  received: number,
  expectedLength: number,
  itemName: string,
  itemsName = `${itemName}s`,
): Problem {
  return {
    path,
    received: `${received} entries`,
    expected: `${expectedLength} entries, one per ${itemName}`,
    message:
      `${displayPath(path)} has ${received} entries but there are ${expectedLength} ${itemsName}, so give ` +
      `one value per ${itemName}.`,
  };
}

export function defaultDoesNotFit(path: string, defaultLength: number, bandCount: number): Problem {
  return {
    path,
    received: 'nothing (default)',
    expected: `${bandCount} entries, one per age band`,
    message:
      `${displayPath(path)} is missing and its default has ${defaultLength} values for the default age bands, but ` +
      `ageBands has ${bandCount}, so give one value per age band.`,
  };
}

export function sharesDoNotSumToOne(path: string, sum: number): Problem {
  return {
    path,
    received: `sum ${sum}`,
    expected: 'fractions that sum to 1 (within 1e-6)',
    message: `${displayPath(path)} sums to ${sum}, so adjust the shares to sum to 1.`,
  };
}

export function populationNotGiven(path: string): Problem {
  return {
    path,
    received: 'neither populationByAge nor populationTotal',
    expected: 'populationByAge, or populationTotal with ageShares',
    message: `${displayPath(path)} has no population, so give populationByAge, or populationTotal with ageShares.`,
  };
}

export function populationGivenTwice(path: string): Problem {
  return {
    path,
    received: 'both populationByAge and populationTotal',
    expected: 'populationByAge, or populationTotal with ageShares',
    message:
      `${displayPath(path)} gives the population twice, so keep either populationByAge or ` +
      `populationTotal with ageShares.`,
  };
}

export function ageSharesMissing(path: string): Problem {
  return {
    path,
    received: 'nothing',
    expected: 'fraction per age band, summing to 1',
    message: `${displayPath(path)} is missing, but populationTotal needs ageShares to split it over the age bands.`,
  };
}

export function seedingAbovePopulation(
  path: string,
  value: number,
  region: string,
  seeded: { earlier: number; later: number; population: number },
): Problem {
  const { earlier, later, population } = seeded;
  const before = earlier > 0 ? `, after ${earlier} seeded by the entries before it,` : '';
  // Whole persons: a room of 12.7 infections takes at most 12 of them.
  const room = Math.max(0, Math.floor(population - earlier - later + 1e-9));
  const after = later > 0 ? `, which leaves room for the ${Number(later.toPrecision(6))} that later entries seed there` : '';
  return {
    path,
    received: String(value),
    expected: `at most ${room} infections`,
    message:
      `${displayPath(path)} seeds ${value} infections in ${region}${before} but the region has ${population} ` +
      `residents; give at most ${room}${after}.`,
  };
}

export function seedAgesGivenTwice(path: string): Problem {
  return {
    path,
    received: 'both ageBands and ageShares',
    expected: 'ageBands or ageShares, not both',
    message: `${displayPath(path)} gives both ageBands and ageShares, so keep one of them.`,
  };
}

export function noContacts(path: string): Problem {
  return {
    path,
    received: 'all zero',
    expected: 'contacts per person per day, at least one above 0',
    message:
      `${displayPath(path)} has no contacts in any setting, so give contact numbers above 0 for ` +
      `transmission to reach R0.`,
  };
}

export function noSusceptibility(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'relative susceptibility, at least one age band above 0',
    message:
      `${displayPath(path)} is 0 in every age band, which leaves nobody to infect, so give at least one band a ` +
      `susceptibility above 0 for transmission to reach R0.`,
  };
}

export function noPopulation(path: string): Problem {
  return {
    path,
    received: 'a population of 0 in every region',
    expected: 'persons, at least one region with residents',
    message: `${displayPath(path)} has no residents at all, so give at least one region a population above 0.`,
  };
}

export function noInfectionChain(path: string): Problem {
  return {
    path,
    received: 'no contacts that can pass infection on',
    expected: 'contacts among age bands that have residents and a susceptibility above 0',
    message:
      `${displayPath(path)} gives no chain of contacts by which an infection can return to an age band with ` +
      `residents and a susceptibility above 0, so add contacts between such bands for transmission to reach R0.`,
  };
}

export function seedRegionEmpty(path: string, region: string, infections: number): Problem {
  return {
    path,
    received: JSON.stringify(region),
    expected: 'a region with residents',
    message:
      `${displayPath(path)} seeds ${infections} infections in region ${region}, which has no residents to infect, ` +
      `so seed a region with residents or give ${region} a population.`,
  };
}

export function seedBandAbovePopulation(
  path: string,
  region: string,
  over: { band: string; seeded: number; earlier: number; residents: number },
): Problem {
  const round = (value: number): number => Number(value.toPrecision(6));
  const before = over.earlier > 0 ? `, after ${round(over.earlier)} seeded there by the entries before it,` : '';
  return {
    path,
    received: `${round(over.seeded)} infections in age band ${over.band}`,
    expected: `at most ${round(Math.max(0, over.residents - over.earlier))} infections in age band ${over.band}`,
    message:
      `${displayPath(path)} puts ${round(over.seeded)} infections in age band ${over.band} of ${region}${before} but ` +
      `the band has ${round(over.residents)} residents, and the run would drop the rest; lower the infections, or ` +
      'spread them over more age bands with ageShares or ageBands.',
  };
}

export function seedBandsEmpty(path: string, received: string, region: string, bands: readonly string[]): Problem {
  const named = bands.length === 1 ? `age band ${bands[0]}, which has` : `age bands ${bands.join(', ')}, which have`;
  return {
    path,
    received,
    expected: `age bands with residents in region ${region}`,
    message:
      `${displayPath(path)} puts infections in ${named} no residents in region ${region} to infect, so seed ` +
      `age bands with residents or give them a population.`,
  };
}

export function timelineDateRepeated(path: string, date: string, firstPath: string, regions: string): Problem {
  return {
    path,
    received: JSON.stringify(date),
    expected: `a date not used by ${firstPath} for the same regions, or the same value`,
    message:
      `${displayPath(path)} (${date}) repeats the date of ${firstPath} for ${regions} with a different value, ` +
      `which makes the result depend on the order of the entries, so keep one of them or change one date.`,
  };
}

/** @param fileName the file with the repeated key, when it is a base file and not the scenario loaded */
export function duplicateKey(path: string, key: string, fileName?: string): Problem {
  const where = fileName === undefined ? 'its object' : `its object in ${fileName}`;
  return {
    path,
    received: `${JSON.stringify(key)} again in the same object`,
    expected: 'each key once per object',
    message:
      `${displayPath(path)} appears more than once in ${where} and JSON keeps only the last value, so remove ` +
      `or merge the extra key.`,
  };
}

export function severityAboveOne(path: string, received: string, band: string): Problem {
  return {
    path,
    received,
    expected: 'percent, at most 100 x (1 - asymptomaticFraction)',
    message:
      `${displayPath(path)} exceeds the symptomatic share of age band ${band}, which would put more ` +
      `cases in hospital than have symptoms, so lower it or lower epidemiology.asymptomaticFraction.`,
  };
}

export function orderNotAllRegions(path: string, missing: readonly string[]): Problem {
  return {
    path,
    received: `missing ${missing.join(', ')}`,
    expected: 'every region code once',
    message: `${displayPath(path)} lacks ${missing.join(', ')}, so list every region code exactly once.`,
  };
}

export function mobilityTooStrong(path: string, received: string, region: string, share: number, largest: number): Problem {
  return {
    path,
    received,
    expected: 'multiplier small enough that no region sends more than all its out-of-home contacts away',
    message:
      `${displayPath(path)} (${received}) sends a share of ${Number(share.toPrecision(3))} of the out-of-home ` +
      `contacts of ${region} to other regions, above 1 (all of them), since the share is the flows out of the ` +
      `region over its population. Give a scale of at most ${Number(largest.toPrecision(3))}, or check the ` +
      `population of ${region}.`,
  };
}

export function coordinatesMissing(path: string): Problem {
  return {
    path,
    received: 'nothing',
    expected: 'degrees',
    message:
      `${displayPath(path)} is missing, but transmission.mobility.distanceDecayKm needs latitude and ` +
      `longitude for every region.`,
  };
}

export function transferToOrigin(path: string, origin: string): Problem {
  return {
    path,
    received: JSON.stringify(origin),
    expected: 'a region other than the origin',
    message: `${displayPath(path)} is the route's own origin ${origin}, so remove it from the destinations.`,
  };
}

export function noBedGroup(path: string, origin: string): Problem {
  return {
    path,
    received: '"group"',
    expected: 'a list of region codes, or an origin with a bedGroup',
    message:
      `${displayPath(path)} is "group" but region ${origin} has no bedGroup, so give the region a ` +
      `bedGroup or list the destinations.`,
  };
}

export function priorityRepeats(path: string, received: string): Problem {
  return {
    path,
    received,
    expected: 'contacts, symptomatic and screening, each once',
    message: `${displayPath(path)} repeats ${received}, so list each demand class once.`,
  };
}

// Warnings, returned with a valid scenario.

export const warnings = {
  siteOpensAfterEnd: (path: string, opens: string, end: string): string =>
    `${path}: the site opens on ${opens}, after the simulation ends (${end}), so it adds no capacity.`,
  timelineEntryAfterEnd: (path: string, from: string, end: string): string =>
    `${path}: the entry applies from ${from}, after the simulation ends (${end}), so it has no effect.`,
  distancingBeforeStart: (path: string, end: string, start: string): string =>
    `${path}: the period ends on ${end}, before the simulation starts (${start}), so it has no effect.`,
  distancingAfterEnd: (path: string, start: string, end: string): string =>
    `${path}: the period starts on ${start}, after the simulation ends (${end}), so it has no effect.`,
  transferAfterEnd: (path: string, start: string, end: string): string =>
    `${path}: the route starts on ${start}, after the simulation ends (${end}), so it carries no patients.`,
  seedingAfterEnd: (path: string, date: string, end: string): string =>
    `${path}: the seeding starts on ${date}, after the simulation ends (${end}), so it has no effect.`,
  entriesAfterEnd: (list: string, field: string, positions: readonly number[], first: string, last: string, end: string): string =>
    `${list}: ${positions.length} entries (${positionsText(positions)}) start ` +
    `${first === last ? `on ${first}` : `between ${first} and ${last}`} (their ${field}), after the simulation ` +
    `ends (${end}), so they have no effect.`,
  seedingsPastEnd: (positions: readonly number[], first: string, last: string, end: string): string =>
    `seeding: ${positions.length} entries (${positionsText(positions)}) spread their infections until ` +
    `${first === last ? first : `dates between ${first} and ${last}`}, past the simulation end (${end}), and those ` +
    'after the end are dropped.',
  clusterLargerThanRegion: (path: string, linked: number, region: string, population: number): string =>
    `${path}: the cluster links ${linked} people, more than the ${population} who live in ${region}, ` +
    `so check the figure.`,
  clusterAfterEnd: (path: string, date: string, end: string): string =>
    `${path}: the cluster is found on ${date}, after the simulation ends (${end}), so it has no effect.`,
  seedingPastEnd: (path: string, lastDay: string, end: string): string =>
    `${path}: the infections are spread until ${lastDay}, past the simulation end (${end}), and ` +
    `those after the end are dropped.`,
  icuFatalityCapped: (band: string, value: number): string =>
    `epidemiology: in age band ${band} the infection fatality implies an ICU fatality of ` +
    `${Number(value.toPrecision(3))}, capped at 0.95, so the model has fewer deaths than the IFR in that band.`,
  waitingWardFatalityCapped: (band: string, value: number): string =>
    `care.waitingWardFatalityFactor: in age band ${band} the fatality without a ward bed would be ` +
    `${Number(value.toPrecision(3))} and is capped at 0.95.`,
  noBeds: (path: string): string =>
    `${path} is empty while care.capacityLimits is true, so no region has beds of this tier. Add a ` +
    `timeline or set care.capacityLimits to false.`,
  noSeeding: (): string =>
    'seeding is empty, so no infection enters any region and the run has no epidemic. Add a seeding entry ' +
    '(region, date and infections) if one was meant.',
  noSites: (): string =>
    'testing.sites is empty while testing.enabled is true, so no tests can be done. ' +
    'Add sites or set testing.enabled to false.',
  operatorMatchesNothing: (path: string, fileName: string, operator: string, match: string, fields: MatchFields): string =>
    `${path}: ${operator} ${match} in ${fileName} matches no entry of the base, so it changes nothing.` +
    (fields.unknown.length === 0
      ? ''
      : ` No entry has a field ${AND_LIST.format(fields.unknown)}: correct the spelling, as the entries have ` +
        `${AND_LIST.format(fields.entryFields)}.`) +
    (fields.unwritten.length === 0
      ? ''
      : ` An entry would match but does not write ${AND_LIST.format(fields.unwritten)}; a match reads only what the ` +
        `files write, not the schema's defaults: leave ${fields.unwritten.length === 1 ? 'it' : 'them'} out of the match.`),
  noTracers: (): string =>
    'tracing.staff is empty while tracing.enabled is true, so no case is traced. ' +
    'Add staff or set tracing.enabled to false.',
};

/** Words list positions compactly, joining runs of three or more: "positions 2, 3 and 7 to 10". */
function positionsText(positions: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < positions.length; ) {
    let j = i;
    while (j + 1 < positions.length && positions[j + 1] === positions[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${positions[i]} to ${positions[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(positions[k]));
    i = j + 1;
  }
  const last = parts.pop()!;
  return `positions ${parts.length === 0 ? last : `${parts.join(', ')} and ${last}`}`;
}
