/** Every text the command line prints, and the exit codes, so wording stays the same across commands. */
import { constants as osConstants } from 'node:os';
import { quoteText } from '../scenarios/index.js';

/** Exit status of the process. */
export const EXIT_CODES = {
  success: 0,
  internalFailure: 1,
  invalidInput: 2,
  /**
   * `tttsim calibrate` wrote its output, but the fit needs review: the search did not converge within
   * its evaluation budget, an estimate lies on a bound of its range, or a profile search found a better point.
   */
  fitNeedsReview: 3,
  /** 128 + SIGINT (2), as shells report a process stopped by Ctrl-C; other signals give 128 + their number. */
  interrupted: 130,
} as const;

/** Exit code for a command stopped by a signal: 128 + its number, as shells report it (143 for SIGTERM). */
export function signalExitCode(signal: NodeJS.Signals): number {
  const number = osConstants.signals[signal];
  return number === undefined ? EXIT_CODES.interrupted : 128 + number;
}

/**
 * Raised for input a user can fix: a file, a flag or a value. The command line prints its message
 * without a stack trace and exits with {@link EXIT_CODES.invalidInput}.
 */
export class InputError extends Error {
  override readonly name = 'InputError';

  /** @param details further lines printed after the message, such as one line per scenario problem */
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * Raised when writing the output fails on the file system (a full disk, a file too large, a lost
 * mount). It is not invalid input, so the command line exits with {@link EXIT_CODES.internalFailure},
 * but it prints only its message, because a stack trace would not help the user.
 */
export class OutputWriteError extends Error {
  override readonly name = 'OutputWriteError';

  /**
   * @param path the file or folder that could not be written
   * @param cause the file system error
   */
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(messages.outputWriteFailed(path, reason, WRITE_FIXES[(cause as NodeJS.ErrnoException).code ?? ''] ?? ''), { cause });
  }
}

/** Fix for each file system error that stops a write, by error code. */
const WRITE_FIXES: Readonly<Record<string, string>> = {
  ENOSPC: '; free space on the disk, or pass --out on another disk',
  EDQUOT: '; free space within your disk quota, or pass --out on another disk',
  EFBIG: '; raise the limit on file size (ulimit -f), or shorten the horizon or the list of regions',
};

/** Reason of an abort caused by Ctrl-C or SIGTERM, after which the command line exits with {@link signalExitCode}. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';

  constructor(readonly signal: NodeJS.Signals) {
    super(`received ${signal}`);
  }
}

/** A span of ISO 8601 dates, both ends included. */
export interface DateRange {
  from: string;
  to: string;
}

/** A calibration window, with where each end came from: a flag, the simulation or the observed data. */
export interface CalibrationWindow extends DateRange {
  fromSource: string;
  toSource: string;
}

function rangeText(range: DateRange | undefined): string {
  return range === undefined ? 'on no day' : `from ${range.from} to ${range.to}`;
}

/** Mean stages from infection to a confirmed case, in days, as a calibration warning names them. */
export interface ConfirmationDelay {
  latentDays: number;
  presymptomaticDays: number;
  turnaroundDays: number;
  /** Sum of the three stages. */
  totalDays: number;
}

/** Formats a number of days with at most two decimals, such as `6` or `2.5`. */
function formatDays(days: number): string {
  return String(Number(days.toFixed(2)));
}

/** Minimal view of a scenario problem, as the scenario loader reports it. */
interface ProblemLike {
  path: string;
  message: string;
  received: string;
  expected: string;
}

/** Sizes of a batch that does not fit in memory, in bytes, as the memory check reports them. */
interface BatchSize {
  runs: number;
  perRunBytes: number;
  batchBytes: number;
  limitBytes: number;
  totalBytes: number;
  /** Maximum number of runs that fit under the limit, 0 when not even one fits. */
  maxRuns: number;
}

/** Formats a number of bytes with a decimal unit and three significant digits, e.g. `730 kB` or `2.67 TB`. */
function formatBytes(bytes: number): string {
  const units = [
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'kB'],
  ] as const;
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toPrecision(3))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** Lists names for a message: `a`, `a and b`, `a, b and c`, or the first five and how many more. */
function listNames(names: readonly string[]): string {
  const listed = names.length > 5 ? [...names.slice(0, 5), `${names.length - 5} more`] : names;
  if (listed.length === 1) return listed[0]!;
  return `${listed.slice(0, -1).join(', ')} and ${listed[listed.length - 1]}`;
}

/** A scenario region's code and name. */
interface RegionName {
  code: string;
  name: string;
}

/** Lists scenario regions for a message by code and name, as `KR-11 Seoul and KR-27 Daegu`. */
function listRegions(regions: readonly RegionName[]): string {
  return listNames(regions.map((region) => `${region.code} ${region.name}`));
}

/** Lists line numbers of a file for a message, as `line 4` or `lines 4 and 5`. */
function listLines(lines: readonly number[]): string {
  return `${lines.length === 1 ? 'line' : 'lines'} ${listNames(lines.map(String))}`;
}

/** The fix for Coronaboard provinces that match no scenario region, with the rule that matches them. */
const UNMATCHED_PROVINCES_FIX =
  "Give a file with rows for the scenario's regions. A province matches the region of the same name, or, " +
  'for a DS4C province name such as Gyeonggi-do, the region with its ISO 3166-2 code (KR-41)';

/** Counts days for a message and names them, as `2 days (KR-11 on 2020-03-11 and KR-27 on 2020-04-02)`. */
function countedDays(days: readonly string[]): string {
  return `${days.length} ${days.length === 1 ? 'day' : 'days'} (${listNames(days)})`;
}

/** Describes the first line of a CSV file for a message: its header, or that the file is empty. */
function describeHeader(header: readonly string[]): string {
  return header.join('').trim() === '' ? 'is empty or has an empty first line' : `has the header "${header.join(',')}"`;
}

/**
 * Formats the pace of a batch: runs per second, or seconds per run once a run takes longer than a
 * second, because runs per second would then round to 0.0 while a long run moves on.
 */
export function pace(runsPerSecond: number): string {
  if (runsPerSecond > 0 && runsPerSecond < 1) return `${(1 / runsPerSecond).toFixed(1)} s per run`;
  return `${runsPerSecond.toFixed(1)} runs/s`;
}

/**
 * Formats the time since a batch started, which progress shows in place of the pace of a batch of one
 * run, or of any batch whose pace is not known yet.
 */
export function elapsed(seconds: number): string {
  return `${seconds.toFixed(1)} s elapsed`;
}

export const messages = {
  flagNotPositiveInteger: (flag: string, value: string) => `${flag} must be a positive integer (got ${value})`,
  flagAboveMaximum: (flag: string, value: string, maximum: number) =>
    `${flag} must be a positive integer of at most ${maximum} (got ${value})`,
  workersAboveMaximum: (value: string, maximum: number, cores: number) =>
    `--workers must be a positive integer of at most ${maximum}, four per core on this machine with ${cores} ` +
    `cores (got ${value})`,
  seedInvalid: (value: string) =>
    `--seed must be an integer or a text that is not only white space (got ${quoteText(value)})`,
  seedNotInteger: (value: string, integer: number | undefined) =>
    `--seed must be a non-negative integer in plain digits or a text that is not a number (got ${quoteText(value)}); ` +
    `give ${integer ?? `an integer from 0 to ${Number.MAX_SAFE_INTEGER}`}, or a text seed such as trial-a`,
  runsIgnoredInDeterministicMode: (runs: number) =>
    `warning: --runs ${runs} is ignored: deterministic mode makes exactly one run from central values`,

  scenarioNotFound: (path: string) =>
    `scenario file not found: ${path}. Give the path of a scenario JSON file (tttsim run without one runs the default scenario).`,
  scenarioUnreadable: (path: string, reason: string) =>
    `cannot read scenario file ${path}: ${reason}. Give the path of a scenario JSON file.`,
  scenarioPathEmpty:
    'the scenario path is empty (tttsim does not read a scenario from standard input): give the path of a ' +
    'scenario JSON file (tttsim run without one runs the default scenario)',
  scenarioInvalid: (path: string, count: number) =>
    `invalid scenario ${path}: ${count} ${count === 1 ? 'problem' : 'problems'}`,
  /**
   * A problem with an empty path concerns the whole file, so it has no path prefix. A message that
   * starts with its own path leaves it to the prefix, so that the line names the path once.
   */
  scenarioProblem: (problem: ProblemLike) => {
    const repeated = problem.path !== '' && problem.message.startsWith(`${problem.path} `);
    const message = repeated ? problem.message.slice(problem.path.length + 1) : problem.message;
    return (
      `${problem.path === '' ? '' : `${problem.path}: `}${message} ` +
      `(got ${problem.received}; expected ${problem.expected})`
    );
  },
  scenarioProblemsHidden: (count: number) =>
    `... and ${count} more ${count === 1 ? 'problem' : 'problems'}, not listed; fix these first, since the rest often follow from them`,
  scenarioWarning: (text: string) => `warning: ${text}`,
  scenarioValid: (name: string, regionCount: number, start: string, end: string) =>
    `valid: ${name}, ${regionCount} ${regionCount === 1 ? 'region' : 'regions'}, ${start} to ${end}`,

  batchTooLarge: (size: BatchSize) =>
    `${size.runs} runs need an estimated ${formatBytes(size.batchBytes)} of memory for their results ` +
    `(${formatBytes(size.perRunBytes)} per run), more than the limit of ${formatBytes(size.limitBytes)}, half of ` +
    `this machine's ${formatBytes(size.totalBytes)}; ` +
    (size.maxRuns > 0
      ? `give at most ${size.maxRuns} runs with --runs or simulation.runs, or shorten the horizon ` +
        `from simulation.start to simulation.end`
      : 'not even one run fits, so shorten the horizon from simulation.start to simulation.end'),

  writingLongOutput: (rows: number) =>
    `writing ${rows.toLocaleString('en-US')} rows of series.csv and the charts of report.html`,
  reportTooLarge: (size: { values: number; neededBytes: number; heapLimitBytes: number; heapMegabytes: number }) =>
    `report.html would chart ${size.values.toLocaleString('en-US')} daily values, which need an estimated ` +
    `${formatBytes(size.neededBytes)} of memory, more than this process may use (${formatBytes(size.heapLimitBytes)}); ` +
    'shorten the horizon from simulation.start to simulation.end, use fewer regions, or raise the limit with ' +
    `NODE_OPTIONS=--max-old-space-size=${size.heapMegabytes}`,

  outputHoldsInput: (dir: string, input: string) =>
    `output folder ${dir} contains the input file ${input}, which replacing the folder would delete; give --out ` +
    'with another folder, or move the input out of the folder first',
  defaultFolderTaken: (dir: string, record: string, name: string | undefined, file: string | undefined) =>
    `the default output folder ${dir} contains the output of another scenario` +
    `${name === undefined ? '' : ` "${name}"`}${file === undefined ? '' : ` from ${file}`} (its ${record}), ` +
    'whose name gives the same folder; give --out DIR to write elsewhere, give this scenario a name of its own, ' +
    'or remove that folder to replace its output',
  defaultFolderOtherPlans: (dir: string, record: string, plans: readonly string[]) =>
    `the default output folder ${dir} contains the comparison of this base with other plans ` +
    `(${plans.length === 0 ? 'none recorded' : plans.join(', ')}, as its ${record} records); give --out DIR to ` +
    'write elsewhere, or remove that folder to replace its output',
  defaultFolderUnknownOwner: (dir: string, record: string) =>
    `the default output folder ${dir} contains tttsim output whose ${record} is missing or not valid JSON, so ` +
    'it cannot tell which scenario wrote it; give --out DIR to write elsewhere, or remove that folder to replace it',
  defaultFolderOtherCommand: (dir: string, files: readonly string[]) =>
    `the default output folder ${dir} contains the output of another command (${files.join(', ')}), whose folder ` +
    'name is the same; give --out DIR to write elsewhere, or remove that folder to replace its output',
  outputEmpty: '--out must name a folder (got an empty path); omit it to write to out/<scenario name>',
  outputIsFile: (dir: string) => `--out ${dir} is a file; give the path of a folder`,
  outputContainsCurrentFolder: (dir: string, target: string) =>
    `--out ${dir} is ${target}, which contains the current folder; replacing it would leave the shell in a ` +
    `removed folder. Run the command from outside it (cd ..), or give another folder`,
  outputLinkMissing: (dir: string, target: string) =>
    `--out ${dir} is a symbolic link to ${target}, which does not exist; create that folder or give another path`,
  outputNotOurs: (dir: string, files: readonly string[]) =>
    `--out ${dir} contains ${listNames(files)}, which tttsim did not write, so the folder is left as it is; ` +
    `pass --out with another folder, or move ${files.length === 1 ? 'it' : 'them'} out of ${dir}`,
  outputHoldsOutput: (dir: string, folders: readonly string[]) =>
    `--out ${dir} contains ${listNames(folders)}, the output of another tttsim run, which replacing ` +
    `${dir} would delete, so the folder is left as it is; pass --out with another folder, or move ` +
    `${folders.length === 1 ? 'that folder' : 'those folders'} out of ${dir}`,
  outputInsideOutput: (dir: string, folder: string) =>
    `--out ${dir} lies inside ${folder}, which contains the output of another tttsim run that could then not ` +
    `be replaced; pass --out with a folder outside ${folder}`,
  outputNotWritable: (dir: string, reason: string) =>
    `cannot write output folder ${dir}: ${reason}; pass --out with a folder you can write to`,
  outputNameTooLong: (dir: string, longestName: number, pathBytes: number) =>
    `cannot write output folder ${shortened(dir)}: its path is too long for the file system (longest name ` +
    `${longestName} bytes, whole path ${pathBytes} bytes, where most allow 255 and 4096); pass --out with a ` +
    'shorter folder, or shorten the scenario name, which names the default folder',
  outputNotReplaced: (dir: string, reason: string, movedAside: string | undefined) =>
    `cannot move the new output into ${dir}: ${reason}. No output was written, and ` +
    (movedAside === undefined
      ? 'the previous output there is unchanged. '
      : `the previous output is in ${movedAside}, which the next run into ${dir} moves back. `) +
    'Check that the folder and the one that contains it are writable and not in use by another program, ' +
    'or pass --out with another folder',
  outputReadOnly: (dir: string, fix: 'chmod' | 'kernel' | 'other user') =>
    `--out ${dir} is read-only (no write permission for anyone), so it is left as it is; ` +
    {
      chmod: 'make it writable (chmod u+w) or choose another folder',
      kernel: 'it belongs to the kernel (/proc or /sys), so choose another folder',
      'other user': 'it belongs to another user, so choose another folder',
    }[fix],
  outputFilesReadOnly: (dir: string, files: readonly string[]) =>
    `--out ${dir} contains ${listNames(files)}, read-only (no write permission for anyone), so the folder is ` +
    `left as it is; make ${files.length === 1 ? 'it' : 'them'} writable (chmod u+w) or choose another folder`,
  outputAsideOfLiveProcess: (path: string, target: string, pid: string) =>
    `warning: ${path} contains an earlier output of ${target}, moved aside by process ${pid}, which is still ` +
    'running; unless that process is a tttsim run, this run does not replace that output, so rename the ' +
    'folder to keep it',
  outputStaleNotRemoved: (path: string, reason: string) =>
    `warning: cannot remove ${path}, left by an earlier run that did not finish: ${reason}`,
  outputBackupNotRemoved: (path: string, reason: string) =>
    `warning: the new output is in place, but the previous one in ${path} cannot be removed: ${reason}`,
  outputWriteFailed: (path: string, reason: string, fix = '') =>
    `writing ${path} failed: ${reason}; no output was written, and an earlier output folder is unchanged${fix}`,
  outputWritten: (dir: string, files: readonly string[], seconds: number) =>
    `wrote ${files.join(', ')} to ${dir} in ${seconds.toFixed(1)} s`,

  observedNotFound: (path: string) => `--observed file not found: ${path}`,
  observedUnreadable: (path: string, reason: string) => `cannot read --observed file ${path}: ${reason}`,
  observedHeader: (path: string, header: readonly string[]) =>
    `--observed file ${path} ${describeHeader(header)}; expected one of ` +
    `"date,province,region_ko,confirmed,death,released" (Coronaboard regional, cumulative counts), ` +
    `"date,time,province,confirmed,released,deceased" (DS4C TimeProvince, cumulative counts) ` +
    `or "date,region,confirmed" (daily new confirmed cases per region code)`,
  observedCsv: (path: string, reason: string, flag = '--observed') => `${flag} file ${path} is not valid CSV: ${reason}`,
  observedRepeatedColumn: (path: string, name: string, first: number, last: number, flag = '--observed') =>
    `${flag} file ${path} has the column ${quoteText(name)} twice (columns ${first} and ${last}) in its first row; ` +
    'keep one of them, or rename the other',
  observedFieldCount: (path: string, line: number, fields: number, expected: number, flag = '--observed') =>
    `${flag} file ${path} line ${line} has ${fields} fields where the first row has ${expected}; remove the ` +
    'extra or add the missing fields, or quote a field that contains a comma',
  observedEncoding: (path: string, detail: string) =>
    `--observed file ${path} is not UTF-8 (${detail}); save it as UTF-8 CSV`,
  observedLine: (path: string, line: number, text: string) => `${path} line ${line}: ${text}`,
  observedBadDate: (value: string) => `date must be an ISO 8601 date YYYY-MM-DD (got ${quoteText(value)})`,
  observedBadCount: (column: string, value: string, expected: string) =>
    `${column} must be ${expected} (got ${quoteText(value)}); correct the value on that line, or remove the row`,
  observedUnknownProvince: (value: string) =>
    `unknown province ${quoteText(value)}; expected a region name of the scenario (name, or nameKo where the ` +
    `scenario gives it), a DS4C province name such as Seoul or Gyeonggi-do, or Lazaretto`,
  observedUnknownRegion: (value: string, codes: readonly string[]) =>
    `unknown region ${quoteText(value)}; expected one of ${codes.join(', ')}`,
  observedDuplicate: (region: string, date: string, firstLine: number) =>
    `second row for ${region} on ${date} (the first is on line ${firstLine}); keep one row per region and date`,
  observedSkippedProvinces: (names: readonly string[]) =>
    `warning: --observed rows for ${names.join(', ')} were skipped because the scenario has no such region; ` +
    `the national series then leaves out Lazaretto too`,
  observedNoScenarioRegion: (path: string, provinces: readonly string[], regions: readonly RegionName[]) =>
    `warning: none of the provinces in --observed file ${path} (${listNames(provinces)}) is a region of the ` +
    `scenario (${listRegions(regions)}), so no observed series is drawn. ${UNMATCHED_PROVINCES_FIX}`,
  observedNegativeDays: (days: readonly string[]) =>
    `warning: ${countedDays(days)} of observed confirmed cases fell below the day before in ` +
    'the cumulative count (cases moved to another region); the report draws them as negative daily counts, so ' +
    'that the days add up to the cumulative count',
  observedGap: (region: string, from: string, to: string) =>
    `warning: --observed has no rows for ${region} between ${from} and ${to}; ` +
    `the change over the gap is counted on ${to}`,
  observedNoNational: (national: string, missing: readonly string[]) =>
    `warning: --observed has no rows for ${missing.join(', ')}, so no national ${national} series is drawn`,
  observedNoRows: (path: string, need: 'optional' | 'required') =>
    `--observed file ${path} has a header but no rows; ` +
    (need === 'optional' ? 'add rows of counts or leave out --observed' : 'add rows of counts, because calibrate fits the scenario to them'),
  observedEmpty: (start: string, end: string) =>
    `warning: --observed has no rows between ${start} and ${end}, the scenario's dates`,

  comparePlansMissing: 'compare needs a base scenario and at least one plan: tttsim compare BASE PLAN...',
  comparePlanRegions: (plan: string, base: string, planCodes: string, baseCodes: string) =>
    `plan ${plan} has the regions ${planCodes}, but the base ${base} has ${baseCodes}; a plan must keep the ` +
    `base's regions in the same order, so that its runs compare region by region`,
  comparePlanDates: (plan: string, base: string, planSpan: string, baseSpan: string) =>
    `plan ${plan} runs from ${planSpan}, but the base ${base} from ${baseSpan}; give the plan the base's ` +
    `simulation.start and simulation.end`,
  /** A plan whose economy currency differs from the base's. A null code is a scenario without an economy group. */
  comparePlanCurrency: (plan: string, base: string, planCode: string | null, baseCode: string | null) => {
    if (planCode === null) {
      return (
        `plan ${plan} has no economy group, but the base ${base} has one in ${baseCode}; give the plan an ` +
        `economy group in ${baseCode}, such as the base's, so that costs compare in one unit`
      );
    }
    if (baseCode === null) {
      return (
        `plan ${plan} has an economy group in ${planCode}, but the base ${base} has none; remove the plan's ` +
        `economy group ("economy": null in a plan that extends the base), or give the base one in ${planCode}, ` +
        'so that costs compare in one unit'
      );
    }
    return (
      `plan ${plan} has the economy currency ${planCode}, but the base ${base} has ${baseCode}; give the plan ` +
      "the base's economy.currency, so that costs compare in one unit"
    );
  },
  comparePlanExchangeRate: (plan: string, base: string, code: string, planRate: number | null, baseRate: number | null) =>
    `warning: plan ${plan} sets economy.currencyPerUsd to ${planRate ?? 'none'}, but the base ${base} sets ` +
    `${baseRate ?? 'none'}. Costs still compare in ${code}, and compare.json records the base's rate ` +
    `(${baseRate ?? 'none'}) for every plan. Give the plan the base's economy.currencyPerUsd to remove this warning`,

  calibrateObservedMissing: 'calibrate needs --observed FILE: the observed cases (CSV) to fit the scenario to',
  calibrateDateOutside: (flag: string, value: string, start: string, end: string) =>
    `${flag} must be an ISO 8601 date YYYY-MM-DD from ${start} to ${end}, the scenario's simulation (got ${quoteText(value)})`,
  calibrateWindowOrder: (from: string, to: string) =>
    `--to (${to}) must not be before --from (${from}); swap the two dates, or give a --to on or after ${from}`,
  calibrateRepeatedName: (name: string) => `--fit names ${name} twice; give each parameter once`,
  calibrateUncertaintyDropped: (name: string, reason: string) =>
    `warning: scenario.fitted.json leaves ${name} out of fitUncertainty, so sampled runs keep its estimate, ` +
    `because the estimate puts the parameter on the edge of its range in the fitted scenario (there, ${reason})`,
  comparePlanSimulationIgnored: (plan: string, field: string, planValue: string, base: string, baseValue: string) =>
    `warning: plan ${plan} sets simulation.${field} to ${planValue}, but compare runs every plan with the ` +
    `simulation.${field} of the base ${base} (${baseValue}), so that run i of each plan shares its random numbers ` +
    `with run i of the base. Set --${field} to choose it for all`,
  calibrateNoNeighbouringDays:
    'warning: no two observed days of a series are neighbours, so the residuals show no day-to-day correlation ' +
    'and the intervals are not widened for it (--intervals adjusted then gives the plain profile intervals)',
  calibrateNoPositiveSeries:
    'warning: no observed series in the window has a count above 0, so the residuals, which measure such a series ' +
    'only against the floor on the mean, show no day-to-day correlation and the intervals are not widened for it ' +
    '(--intervals adjusted then gives the plain profile intervals); widen the window to days with cases',
  calibrateUncertaintyNotBound: (name: string) =>
    `warning: scenario.fitted.json leaves ${name} out of fitUncertainty, so sampled runs keep its estimate, ` +
    'because its profile found a point with a higher likelihood than the estimate, so one end of its interval ' +
    'is not known. Fit again from scenario.fitted.json to reach that point',
  calibrateEntriesNotFitted: (path: string, names: readonly string[]) =>
    `warning: scenario.fitted.json leaves out the fitUncertainty entries of ${path} for ${names.join(', ')}, ` +
    'because --fit does not name them, so sampled runs keep those parameters at their fitted values. ' +
    'Name them in --fit as well to keep intervals for them',
  calibrateEntriesWithoutInterval: (path: string, names: readonly string[]) =>
    `warning: scenario.fitted.json leaves out the fitUncertainty entries of ${path} for ${names.join(', ')}, ` +
    'because this fit computed no interval for them (--intervals none, or a profile that found no bound), ' +
    'so sampled runs keep those parameters at their new estimates. Fit with intervals to keep them varying',
  calibrateCorrelationDropped: (path: string, names: readonly string[]) =>
    `warning: scenario.fitted.json leaves out the fitCorrelation rows of ${path} for ${names.join(', ')}, ` +
    'because this fit did not estimate those correlations, so sampled runs draw those parameters without them. ' +
    'Name every correlated parameter in --fit, with intervals, to estimate them again',
  calibrateOverlap: (first: string, second: string, shared: string) =>
    `warning: --fit names ${first} and ${second}, which both change ${shared}; the data fix only their ` +
    'combined effect there, so the interval of each can be wide. Give names that change separate values ' +
    'unless that is meant',
  calibrateSameTarget: (first: string, second: string) =>
    `--fit names ${first} and ${second}, which change the same values of the scenario; give one of them`,
  calibrateNothingToFit: '--fit names no scenario parameter; give at least one, such as transmission.scale',
  calibrateEmptyWindow: (
    window: CalibrationWindow,
    path: string,
    observed: DateRange | undefined,
    simulation: DateRange,
    flagsGiven: boolean,
  ) =>
    `the calibration window from ${window.from} (${window.fromSource}) to ${window.to} (${window.toSource}) ` +
    `contains no day, because the confirmed cases in ${path} run ${rangeText(observed)} and the simulation ` +
    `${rangeText(simulation)}; ` +
    (flagsGiven
      ? 'give --from and --to within both, or an --observed file that covers the window'
      : 'give an --observed file with confirmed cases within the simulation'),
  calibrateOneDayWindow: (window: CalibrationWindow, widest: DateRange) =>
    `warning: the fit window from ${window.from} (${window.fromSource}) to ${window.to} (${window.toSource}) has ` +
    'one day, and one day of counts cannot show how fast the cases grow, so the fit can hardly tell its ' +
    'parameters apart; ' +
    (widest.from === widest.to
      ? 'give an --observed file with confirmed cases on more days of the simulation'
      : window.to < widest.to
        ? `end the window later with --to (observed cases within the simulation run to ${widest.to})`
        : `start the window earlier with --from (observed cases within the simulation start on ${widest.from})`),
  calibrateTooFewEvaluations: (limit: number, needed: number) =>
    `--max-evaluations ${limit} is below the ${needed} runs the search needs to start (one per fitted ` +
    `parameter and one more); give at least ${needed}, or fit fewer parameters with --fit`,
  calibrateNoObservedDays: (path: string, from: string, to: string, observed: DateRange | undefined) =>
    `--observed file ${path} has no confirmed cases for the scenario's regions from ${from} to ${to}, and ` +
    `its confirmed cases run ${rangeText(observed)}; give a file that covers the window, or move it with ` +
    '--from and --to',
  calibrateNoTestDays: (path: string, from: string, to: string, tests: DateRange | undefined) =>
    `--tests file ${path} has no daily tests from ${from} to ${to}, and its daily tests run ${rangeText(tests)}; ` +
    'give a file that covers the window, or leave out --tests',
  calibrateSeedingAfterWindow: (name: string, earliest: string, to: string) =>
    `--fit ${name}: the seeding it changes starts on ${earliest} at the earliest, after the fit window ends on ` +
    `${to}, so the observed days cannot tell its values apart; end the window later with --to, or leave ${name} out`,
  calibrateSeedingNearWindowEnd: (
    name: string,
    earliest: string,
    to: string,
    daysBeforeEnd: number,
    delay: ConfirmationDelay,
    enoughTo: string,
  ) =>
    `warning: --fit ${name}: the seeding it changes starts on ${earliest} at the earliest, ` +
    (daysBeforeEnd === 0
      ? 'the last day of the fit window. '
      : `${daysBeforeEnd} ${daysBeforeEnd === 1 ? 'day' : 'days'} before the fit window ends on ${to}. `) +
    `An infection takes about ${formatDays(delay.totalDays)} days to be confirmed ` +
    `(${formatDays(delay.latentDays)} latent, ${formatDays(delay.presymptomaticDays)} pre-symptomatic and ` +
    `${formatDays(delay.turnaroundDays)} test turnaround days), so few of its cases fall in the window and the ` +
    `observed days can hardly tell its values apart; end the window on ${enoughTo} or later with --to, or leave ` +
    `${name} out`,
  calibrateWindowBeyondData: (flag: string, value: string, end: 'first' | 'last', observed: string) =>
    `warning: ${flag} ${value} lies ${end === 'first' ? 'before' : 'after'} the ${end} observed day of confirmed ` +
    `cases, so the fit window ${end === 'first' ? 'starts' : 'ends'} on ${observed}, as fit.json records`,
  calibrateRegionsMissing: (regions: readonly string[]) =>
    `warning: --observed has no confirmed cases for ${listNames(regions)}, so the fit leaves ` +
    `${regions.length === 1 ? 'that region' : `those ${regions.length} regions`} out`,
  calibrateNegativeDays: (quantity: string, days: readonly string[]) =>
    `warning: ${countedDays(days)} of observed ${quantity} fell below the day before in a ` +
    `cumulative count (${quantity === 'tests' ? 'a correction of the count' : 'cases moved to another region or reclassified'}); ` +
    'the fit leaves those days out',
  calibrateDeathColumnIgnored: (path: string, column: string, format: 'coronaboard' | 'tidy') =>
    `warning: calibrate does not read the ${column} column of ${path}, so the fit leaves deaths out; ` +
    (format === 'coronaboard'
      ? 'a file with provinces gives cumulative deaths in a column named death (or deceased), so rename it to fit them'
      : 'a tidy file gives daily deaths in a column named deaths, so rename it to fit them'),
  calibrateGaps: (flag: '--observed' | '--tests', gaps: readonly string[]) =>
    `warning: the cumulative counts of ${flag} skip dates (${listNames(gaps)}); the change over a gap spans ` +
    'several days, so the fit leaves out the date after each gap. Add the missing dates to fit them',
  calibrateNationalRows: (path: string, lines: readonly number[], nationalCode: string) =>
    `warning: calibrate leaves out ${lines.length} ${lines.length === 1 ? 'row' : 'rows'} of ${path} for the ` +
    `national total ${nationalCode} (${listLines(lines)}), because it fits each region's daily counts and not ` +
    'their total. tttsim run --observed still draws the national rows, and deleting them from the file removes ' +
    'this warning',
  calibrateOnlyNationalRows: (path: string, lines: readonly number[], nationalCode: string, regionCodes: readonly string[]) =>
    `--observed file ${path} has rows only for the national total ${nationalCode} (${listLines(lines)}), but ` +
    "calibrate fits the daily counts of each region against that region's simulated counts; give rows for the " +
    `region codes ${listNames(regionCodes)}, or use the Coronaboard regional file`,
  calibrateNoScenarioRegion: (path: string, provinces: readonly string[], regions: readonly RegionName[]) =>
    `--observed file ${path} has no rows for the scenario's regions (${listRegions(regions)}): its provinces ` +
    `are ${listNames(provinces)}. ${UNMATCHED_PROVINCES_FIX}`,
  testsNotFound: (path: string) => `--tests file not found: ${path}`,
  testsUnreadable: (path: string, reason: string) => `cannot read --tests file ${path}: ${reason}`,
  testsHeader: (path: string, header: readonly string[]) =>
    `--tests file ${path} ${describeHeader(header)}; expected a date column and a cumulative ` +
    'tested (Coronaboard national file) or test (DS4C Time) column',
  testsNoRows: (path: string) => `--tests file ${path} has a header but no rows; add rows of counts or leave out --tests`,
  testsDuplicate: (date: string) => `second row for ${date}; keep one row per date`,
  calibrateProgress: (evaluations: number, maxEvaluations: number, bestLogLikelihood: number) =>
    `fit: ${evaluations}/${maxEvaluations} evaluations, best log-likelihood ${bestLogLikelihood.toFixed(2)}`,
  calibrateBoundsProgress: (done: number, total: number) => `intervals: ${done}/${total} profile bounds searched`,
  calibrateResult: (logLikelihood: number, evaluations: number) =>
    `fit: log-likelihood ${logLikelihood.toFixed(2)} after ${evaluations} evaluations`,
  calibrateNeedsReview: (reasons: readonly string[]) =>
    `warning: the fit needs review, so the exit code is ${EXIT_CODES.fitNeedsReview}: ${reasons.join('; ')}`,

  positionalAsFlag: (flag: string) =>
    `${flag} is not a flag; give the ${flag === '--plans' ? 'plan files' : `${flag.slice(2)} file`} as plain arguments ` +
    'after the command, as "tttsim --help" shows',
  unexpectedArguments: (extra: readonly string[]) =>
    `unexpected argument${extra.length === 1 ? '' : 's'} ${extra.join(' ')}; flags after "--" are not read, so put them before it`,
  flagRepeated: (name: string, values: readonly string[]) =>
    `--${name} is given ${values.length} times (${values.join(', ')}); give it once`,

  unknownCommand: (word: string, closest: string | undefined, commands: readonly string[]) => {
    const list = `${commands.slice(0, -1).join(', ')} and ${commands.at(-1)}`;
    const guess = closest === undefined ? '' : ` Did you mean ${closest}?`;
    return `unknown command ${quoteText(word)}.${guess} The commands are ${list}.`;
  },
  positionalMissing: (command: string, missing: string) => `${command} is missing ${missing}`,
  usageLine: (usage: string) => `Usage: ${usage}`,

  unknownFailure: (text: string) => `internal error: ${text}`,
  usageHint: 'Run "tttsim --help" for the commands and their options.',
  interrupted: 'interrupted; no output was written',
  hangup:
    'received SIGHUP, as when the terminal closes; no output was written, and an earlier output folder is unchanged',

  /**
   * A progress line. `timing` is the pace of the runs, or the time elapsed for a batch of one run and
   * for a batch whose pace is not known yet.
   */
  progressLine: (done: number, total: number, timing: string, secondsLeft: number | undefined) =>
    `runs ${Math.floor(done)}/${total} (${Math.floor((100 * done) / total)} %), ` +
    `${timing}, ` +
    (secondsLeft === undefined ? 'time left unknown' : `~${Math.ceil(secondsLeft)} s left`),
} as const;

/** Longest path or name that a message quotes in full; a longer one keeps its start and its end. */
const QUOTED_MAX_CHARS = 160;

/** Shortens a path too long to read, such as a folder named after a scenario of 100,000 characters. */
function shortened(text: string): string {
  if (text.length <= QUOTED_MAX_CHARS) return text;
  const omitted = text.length - 120;
  return `${text.slice(0, 100)}... (${omitted} characters left out) ...${text.slice(-20)}`;
}
