import { EXIT_CODES, InputError, InterruptedError, OutputWriteError, messages, signalExitCode } from './messages.js';

/**
 * Prints an error for the user and returns the exit code it calls for: invalid input without a
 * stack trace, an interrupt or a failed output write as one line, anything else as an internal
 * failure with its stack.
 */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof InputError) {
    stderr.write([error.message, ...error.details].map((line) => `${line}\n`).join(''));
    return EXIT_CODES.invalidInput;
  }
  if (error instanceof OutputWriteError) {
    stderr.write(`${error.message}\n`);
    return EXIT_CODES.internalFailure;
  }
  if (error instanceof InterruptedError) {
    stderr.write(`${messages.interrupted}\n`);
    return signalExitCode(error.signal);
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`${messages.unknownFailure(text)}\n`);
  return EXIT_CODES.internalFailure;
}
