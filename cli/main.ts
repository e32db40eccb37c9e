#!/usr/bin/env node
import { availableParallelism } from 'node:os';
import yargs, { type Options } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { RunMode } from '../engine/index.js';
import { DEFAULT_SCENARIO_PATH, MAX_RUNS } from '../scenarios/index.js';
import { reportFailure } from './failure.js';
import { InputError, messages } from './messages.js';
import { calibrateCommand } from './calibrate/command.js';
import { commandLineError, PARSER_CONFIGURATION } from './command-line.js';
import { DEFAULT_MAX_EVALUATIONS, INTERVAL_CHOICES, MAX_EVALUATIONS, type IntervalChoice } from './calibrate/settings.js';
import { compareCommand } from './compare.js';
import { runCommand } from './run.js';
import { MAX_WORKERS_PER_CORE } from './run-settings.js';
import { validateCommand } from './validate.js';

const RUN_MODES: readonly RunMode[] = ['deterministic', 'stochastic'];

/**
 * Options of `tttsim run`, each with its unit. Counts are read as text and checked by the command,
 * so that an error shows exactly what was typed; they carry no yargs type, so that the help does not
 * call them strings.
 */
const RUN_OPTIONS = {
  out: {
    type: 'string',
    requiresArg: true,
    description:
      'Output folder (path). An existing one is replaced only when the run succeeds. A symbolic link is followed',
    defaultDescription: 'out/<scenario name>',
  },
  mode: {
    type: 'string',
    choices: RUN_MODES,
    requiresArg: true,
    description: 'deterministic makes one run from central values, stochastic draws integer counts at random',
    defaultDescription: "the scenario's simulation.mode",
  },
  runs: {
    requiresArg: true,
    description:
      `Monte Carlo runs (count, positive integer). At most ${MAX_RUNS}. ` + 'Deterministic mode always makes 1',
    defaultDescription: "the scenario's simulation.runs",
  },
  seed: {
    type: 'string',
    requiresArg: true,
    description:
      'Random seed (non-negative integer, or text that is not a number). Run i draws from streams of this seed and i',
    defaultDescription: "the scenario's simulation.seed",
  },
  workers: {
    requiresArg: true,
    description:
      `Worker threads (count, positive integer). At most ${MAX_WORKERS_PER_CORE} per core. ` +
      'Results do not depend on it',
    defaultDescription: `${availableParallelism()}, the number of cores`,
  },
  observed: {
    type: 'string',
    requiresArg: true,
    description:
      'Observed confirmed cases to draw over the series (CSV): Coronaboard regional file (cumulative persons) ' +
      'or date,region,confirmed (persons per day)',
  },
} as const satisfies Record<string, Options>;

/** Flags that take a list of values. Every other flag takes one. */
const LIST_FLAGS: ReadonlySet<string> = new Set(['_', 'plans', 'fit']);

/** Names of the positional arguments, which yargs would also take as flags. */
const POSITIONAL_NAMES = ['scenario', 'base', 'plans'] as const;

/**
 * Rejects arguments that would otherwise be dropped or overridden without a word: a one-value flag
 * given more than once, a positional argument given as a flag (`--scenario`), and words after `--`.
 * Each flag also appears under its camel-case alias, which is skipped.
 */
function checkArguments(argv: Record<string, unknown>, args: readonly string[]): true {
  const asFlag = args.find((arg) => POSITIONAL_NAMES.some((name) => arg === `--${name}` || arg.startsWith(`--${name}=`)));
  if (asFlag !== undefined) throw new InputError(messages.positionalAsFlag(asFlag.split('=')[0]!), [messages.usageHint]);
  const extra = (argv['_'] as unknown[]).slice(1);
  if (extra.length > 0) throw new InputError(messages.unexpectedArguments(extra.map(String)), [messages.usageHint]);
  for (const [name, value] of Object.entries(argv)) {
    if (LIST_FLAGS.has(name) || /[A-Z]/.test(name) || !Array.isArray(value)) continue;
    throw new InputError(messages.flagRepeated(name, value.map(String)), [messages.usageHint]);
  }
  return true;
}

/** Width of the help text, in characters. */
const HELP_WIDTH_CHARS = 100;

/** Lists the run options with their units under the main help, so that `tttsim --help` shows them too. */
function runOptionsEpilogue(): string {
  const indent = ' '.repeat(14);
  const lines = Object.entries(RUN_OPTIONS).flatMap(([name, option]) => {
    const fallback = 'defaultDescription' in option ? ` [default: ${option.defaultDescription}]` : '';
    return wrapWords(`${option.description}${fallback}`, HELP_WIDTH_CHARS - indent.length).map((text, i) =>
      i === 0 ? `  --${name.padEnd(10)}${text}` : `${indent}${text}`,
    );
  });
  return ['Options of run:', ...lines, '', `The default scenario is ${DEFAULT_SCENARIO_PATH}.`].join('\n');
}

/** Splits text into lines of at most `widthChars` characters at spaces. */
function wrapWords(text: string, widthChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > widthChars) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/**
 * Ignores a write to standard output or error after its reader has gone (`tttsim run | head`), so the
 * command goes on and writes its files. An unhandled EPIPE would end the process with a stack trace
 * and leave its staging folder behind. Any other error of the two streams that no other listener
 * handles is raised as before.
 */
function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // A hung-up terminal (EIO) has a listener of its own while a command runs.
      if (error.code === 'EPIPE' || stream.listenerCount('error') > 1) return;
      throw error;
    });
  }
}

async function main(): Promise<void> {
  ignoreClosedPipes();
  const args = hideBin(process.argv);
  const parser = yargs(args)
    .scriptName('tttsim')
    .usage('$0 <command> [options]\n\nTest-Trace-Treat policy simulator for COVID-19.')
    .command(
      'run [scenario]',
      'Simulate a scenario and write series.csv, summary.json, report.html and scenario.resolved.json',
      (command) =>
        command
          .positional('scenario', {
            type: 'string',
            description: 'Scenario file (JSON path)',
            defaultDescription: DEFAULT_SCENARIO_PATH,
          })
          .options(RUN_OPTIONS),
      async (argv) => {
        process.exitCode = await runCommand(
          {
            scenario: argv.scenario,
            out: argv.out,
            mode: argv.mode as RunMode | undefined,
            runs: argv.runs as string | undefined,
            seed: argv.seed,
            workers: argv.workers as string | undefined,
            observed: argv.observed,
          },
          DEFAULT_SCENARIO_PATH,
        );
      },
    )
    .command(
      'compare <base> [plans..]',
      'Run a base scenario and plans with common random numbers and write compare.csv, compare.json and compare.html',
      (command) =>
        command
          .positional('base', { type: 'string', description: 'Base scenario file (JSON path)' })
          .positional('plans', { type: 'string', array: true, description: 'Plan scenario files (JSON paths)' })
          .options({
            out: {
              ...RUN_OPTIONS.out,
              description: 'Output folder (path). An existing one is replaced only when the comparison succeeds',
              defaultDescription: 'out/compare-<base scenario name>',
            },
            mode: { ...RUN_OPTIONS.mode, defaultDescription: "the base scenario's simulation.mode" },
            runs: { ...RUN_OPTIONS.runs, defaultDescription: "the base scenario's simulation.runs, per plan" },
            seed: {
              ...RUN_OPTIONS.seed,
              description:
                'Random seed (non-negative integer, or text that is not a number). Run i of every plan draws from ' +
                'streams of this seed and i',
              defaultDescription: "the base scenario's simulation.seed",
            },
            workers: RUN_OPTIONS.workers,
          }),
      async (argv) => {
        process.exitCode = await compareCommand({
          base: argv.base as string,
          plans: (argv.plans as string[] | undefined) ?? [],
          out: argv.out as string | undefined,
          mode: argv.mode as RunMode | undefined,
          runs: argv.runs as string | undefined,
          seed: argv.seed as string | undefined,
          workers: argv.workers as string | undefined,
        });
      },
    )
    .command(
      'calibrate <scenario>',
      'Fit scenario parameters to observed daily counts and write scenario.fitted.json, fit.json and fit.html',
      (command) =>
        command
          .positional('scenario', { type: 'string', description: 'Scenario file to fit (JSON path)' })
          .options({
            observed: {
              ...RUN_OPTIONS.observed,
              description:
                'Observed counts to fit (CSV): Coronaboard regional file (cumulative confirmed and deaths per ' +
                'province) or date,region,confirmed[,deaths] (persons per day per region code). Required',
            },
            tests: {
              type: 'string',
              requiresArg: true,
              description:
                'National tests performed to fit as well (CSV with a date column and a cumulative tested or test column)',
            },
            from: {
              type: 'string',
              requiresArg: true,
              description: 'First day of the likelihood (ISO 8601 date)',
              defaultDescription: 'the first observed day, or the simulation start if later',
            },
            to: {
              type: 'string',
              requiresArg: true,
              description: 'Last day of the likelihood (ISO 8601 date); the runs stop on it',
              defaultDescription: 'the last observed day, or the simulation end if earlier',
            },
            fit: {
              type: 'string',
              array: true,
              requiresArg: true,
              description:
                'Parameters to fit: transmission.scale, seeding:REGION.scale, seeding:REGION.shiftDays, ' +
                'seeding[I].scale, seeding[I].shiftDays, distancing[I].scale, testing.seeking.mildShare.scale, ' +
                'testing.seeking.severeShare.scale, testing.seeking[I].mildShare.scale, ' +
                'testing.seeking[I].severeShare.scale, testing.sites:REGION.scale, ' +
                'testing.backgroundDemand[I].scale, dispersion',
              defaultDescription: 'R0, the distancing periods and the two most intense seedings of the window, ' +
                'mild test seeking and dispersion',
            },
            out: {
              ...RUN_OPTIONS.out,
              description: 'Output folder (path). An existing one is replaced only when the fit succeeds',
              defaultDescription: 'out/fit-<scenario name>',
            },
            workers: RUN_OPTIONS.workers,
            'max-evaluations': {
              requiresArg: true,
              description:
                'Deterministic runs of the search, restarts included, after which it stops unconverged; the step ' +
                'that reaches the limit ends, so a search can pass it by up to the fitted parameters + 2 runs ' +
                `(count, at least the fitted parameters + 1, at most ${MAX_EVALUATIONS})`,
              defaultDescription: String(DEFAULT_MAX_EVALUATIONS),
            },
            intervals: {
              type: 'string',
              choices: [...INTERVAL_CHOICES],
              requiresArg: true,
              description:
                'adjusted finds 95 % profile-likelihood intervals widened for the serial correlation of the ' +
                'residuals, profile the plain ones, none skips them',
              defaultDescription: 'adjusted',
            },
          }),
      async (argv) => {
        process.exitCode = await calibrateCommand(
          {
            scenario: argv.scenario as string,
            observed: argv.observed as string | undefined,
            tests: argv.tests as string | undefined,
            from: argv.from as string | undefined,
            to: argv.to as string | undefined,
            fit: argv.fit as string[] | undefined,
            out: argv.out as string | undefined,
            workers: argv.workers as string | undefined,
            maxEvaluations: argv['max-evaluations'] as string | undefined,
            intervals: argv.intervals as IntervalChoice | undefined,
          },
          hideBin(process.argv),
        );
      },
    )
    .command(
      'validate <scenario>',
      'Check a scenario file and list every problem with its JSON path',
      (command) => command.positional('scenario', { type: 'string', description: 'Scenario file (JSON path)' }),
      async (argv) => {
        process.exitCode = await validateCommand(argv.scenario as string);
      },
    )
    .demandCommand(1, 'Name a command: run, compare, calibrate or validate.')
    .strict()
    .parserConfiguration(PARSER_CONFIGURATION)
    .check((argv) => checkArguments(argv, args))
    .epilogue(runOptionsEpilogue())
    .wrap(HELP_WIDTH_CHARS)
    .help()
    .alias('help', 'h')
    .fail((message, error) => {
      // Parsing problems (unknown flag, missing value, bad choice) arrive as a message or as a
      // YError, which is yargs' own error class. Any other error came from a command, so it is a bug.
      // An unknown command and a missing file argument get messages of their own.
      if (error === undefined || error === null || error.name === 'YError') {
        const yargsError = new InputError(message ?? error?.message ?? 'invalid arguments', [messages.usageHint]);
        throw commandLineError(args) ?? yargsError;
      }
      throw error;
    });

  try {
    await parser.parseAsync();
  } catch (error) {
    process.exitCode = reportFailure(error);
  }
}

await main();
