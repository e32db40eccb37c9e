import { Parser } from 'yargs/helpers';
import { closestName } from '../scenarios/field-names.js';
import { InputError, messages } from './messages.js';

/** Settings of the argument parser, for yargs and for {@link commandLineError}. */
export const PARSER_CONFIGURATION = {
  'duplicate-arguments-array': true,
  'dot-notation': false,
  'boolean-negation': false,
  'parse-numbers': false,
  'parse-positional-numbers': false,
} as const;

/** Commands of tttsim, in the order that the help lists them. */
export const COMMAND_NAMES: readonly string[] = ['run', 'compare', 'calibrate', 'validate'];

/**
 * Description of the missing file and usage line, in the notation of the README, of each command
 * that requires one positional argument.
 */
const REQUIRED_FILES: ReadonlyMap<string, { missing: string; usage: string }> = new Map([
  [
    'compare',
    {
      missing: 'BASE, the base scenario file, and at least one PLAN file to compare with it',
      usage: 'tttsim compare BASE PLAN... [options]',
    },
  ],
  [
    'calibrate',
    { missing: 'SCENARIO, the scenario file to fit', usage: 'tttsim calibrate SCENARIO --observed FILE [options]' },
  ],
  ['validate', { missing: 'SCENARIO, the scenario file to check', usage: 'tttsim validate SCENARIO' }],
]);

/**
 * Returns the error for a command line that yargs rejected, when the cause is an unknown command or
 * a missing file argument, or undefined to keep the message of yargs. Yargs reports an unknown
 * command as unknown arguments, with the flags of the command meant, and a missing file as a count.
 */
export function commandLineError(args: readonly string[]): InputError | undefined {
  // The flags that take no value, and --fit, which takes several, so that the words after them
  // count as yargs counts them.
  const parsed = Parser([...args], {
    configuration: PARSER_CONFIGURATION,
    boolean: ['help', 'h', 'version'],
    array: ['fit'],
  });
  const [word, ...positionals] = parsed._.map(String);
  if (word === undefined) return undefined;
  if (!COMMAND_NAMES.includes(word)) {
    const closest = closestName(word, COMMAND_NAMES);
    return new InputError(messages.unknownCommand(word, closest, COMMAND_NAMES), [messages.usageHint]);
  }
  const required = REQUIRED_FILES.get(word);
  if (required === undefined || positionals.length > 0) return undefined;
  return new InputError(messages.positionalMissing(word, required.missing), [
    messages.usageLine(required.usage),
    messages.usageHint,
  ]);
}
