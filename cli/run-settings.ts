import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RunMode } from '../engine/index.js';
import { MAX_RUNS, readSeedText, type Scenario } from '../scenarios/index.js';
import { InputError, messages } from './messages.js';

/** Flags of `tttsim run` as yargs parses them: numbers stay text, so that messages show what was typed. */
export interface RunFlags {
  scenario?: string | undefined;
  out?: string | undefined;
  mode?: RunMode | undefined;
  runs?: string | undefined;
  seed?: string | undefined;
  workers?: string | undefined;
  observed?: string | undefined;
}

/** Settings of one run, after flags and the scenario's simulation group are combined. */
export interface RunSettings {
  outDir: string;
  mode: RunMode;
  /** Number of runs; 1 in deterministic mode. */
  runs: number;
  seed: string | number;
  /** Worker threads. */
  workers: number;
  observedPath: string | undefined;
  /** Lines to show the user before the run starts. */
  warnings: string[];
}

/**
 * Combines the flags with the scenario's defaults: mode, runs and seed come from its simulation
 * group unless given, workers default to the number of cores, and the output folder to
 * `out/<scenario name>`.
 *
 * @throws InputError when --runs or --workers is not a positive integer, --runs is above
 *   {@link MAX_RUNS} (the bound of `simulation.runs`), --workers is above {@link MAX_WORKERS_PER_CORE}
 *   per core, --seed is empty or a number other than a non-negative integer, or --out is empty
 */
export function resolveRunSettings(flags: RunFlags, scenario: Scenario): RunSettings {
  const simulation = scenario.simulation;
  const mode: RunMode = flags.mode ?? simulation.mode;
  const warnings: string[] = [];

  let runs = flags.runs === undefined ? simulation.runs : parsePositiveInteger('--runs', flags.runs, MAX_RUNS);
  if (mode === 'deterministic') {
    if (flags.runs !== undefined && runs > 1) warnings.push(messages.runsIgnoredInDeterministicMode(runs));
    runs = 1;
  }

  // A shell passes `--out ""` as an empty path, which would otherwise resolve to the current folder.
  if (flags.out !== undefined && flags.out.trim() === '') throw new InputError(messages.outputEmpty);

  return {
    outDir: flags.out ?? join('out', folderName(scenario.name)),
    mode,
    runs,
    seed: flags.seed === undefined ? simulation.seed : parseSeed(flags.seed),
    workers: flags.workers === undefined ? availableParallelism() : parseWorkers(flags.workers),
    observedPath: flags.observed,
    warnings,
  };
}

/**
 * Parses a count flag.
 *
 * @param maximum the largest count accepted
 * @throws InputError unless the text is a positive integer in decimal digits, at most `maximum`
 */
export function parsePositiveInteger(flag: string, text: string, maximum = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\+?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    // A flag with a maximum names it, so that a value such as 1e9 shows how far it may go.
    const bounded = maximum < Number.MAX_SAFE_INTEGER;
    throw new InputError(bounded ? messages.flagAboveMaximum(flag, text, maximum) : messages.flagNotPositiveInteger(flag, text));
  }
  if (value > maximum) throw new InputError(messages.flagAboveMaximum(flag, text, maximum));
  return value;
}

/**
 * Maximum worker threads per core that --workers accepts. The runs are CPU-bound, so threads beyond
 * the cores add memory (about 30 MB each) without speed. On a 2-core Linux machine, 200 stochastic
 * runs of test-single-region.json took 2.2 s on 2 workers and 9.8 s on 32, and 5000 workers ran Node
 * out of memory.
 */
export const MAX_WORKERS_PER_CORE = 4;

/**
 * Parses --workers.
 *
 * @throws InputError unless the text is a positive integer of at most {@link MAX_WORKERS_PER_CORE} per core
 */
export function parseWorkers(text: string): number {
  const cores = availableParallelism();
  const workers = parsePositiveInteger('--workers', text);
  if (workers > MAX_WORKERS_PER_CORE * cores) {
    throw new InputError(messages.workersAboveMaximum(text, MAX_WORKERS_PER_CORE * cores, cores));
  }
  return workers;
}

/**
 * Parses --seed. A non-negative integer written without leading zeros becomes a number, the type a
 * scenario file uses for it, and other text stays text, as the same text in a scenario file would.
 * Runs are seeded from the seed's text, so `--seed 7` and a scenario seed of 7 give the same runs.
 *
 * Text that reads as another number, such as `-5`, `05`, `5.0` or `1e3`, is rejected. As text it
 * would seed other runs than the integer it looks like, and a scenario file rejects `-5` as a number.
 *
 * @throws InputError when the seed is empty, only white space, or a number in any other form
 */
export function parseSeed(text: string): string | number {
  const read = readSeedText(text);
  if ('seed' in read) return read.seed;
  if (read.rejected === 'blank') throw new InputError(messages.seedInvalid(text));
  throw new InputError(messages.seedNotInteger(text, read.integer));
}

/**
 * Turns a scenario name into a folder name. Letters, combining marks and digits of any script stay,
 * as do `.`, `_` and `-`, and each run of other characters, such as spaces, path separators and
 * control characters, becomes one `-`. Leading dots and hyphens are removed, so that the name is not
 * hidden, not `.` or `..`, and not read as a flag, and so are trailing hyphens, such as the one a
 * closing bracket leaves. The name is put in Unicode NFC first, so that a
 * name typed in composed or decomposed form gives the same folder.
 *
 * The length is kept, because cutting names could give two scenarios one folder. `prepareOutput`
 * rejects a name over 255 bytes in UTF-8 (the limit of most file systems) with a message to shorten it.
 */
export function folderName(name: string): string {
  const safe = name
    .normalize('NFC')
    // A mark whose base is dropped goes with it, such as the variation selector after an emoji.
    .replace(/(?<![\p{L}\p{M}\p{N}])\p{M}+/gu, '')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '-')
    .replace(/^[.-]+/, '')
    .replace(/-+$/, '');
  return safe.length > 0 ? safe : 'scenario';
}
