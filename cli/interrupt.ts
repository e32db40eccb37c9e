import { EXIT_CODES, InterruptedError } from './messages.js';
import type { StagedOutput } from './output.js';

/**
 * Listens for SIGINT and SIGTERM while a command runs. The first signal aborts `controller`, so that the
 * workers stop and the command cleans up; a second one removes the staging folder and exits at once.
 *
 * @param staged returns the staging output to remove on a second signal, if one exists yet
 * @returns a function that removes the listeners
 */
export function listenForInterrupts(controller: AbortController, staged: () => StagedOutput | undefined): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      staged()?.discardSync();
      process.exit(EXIT_CODES.interrupted);
    }
    controller.abort(new InterruptedError(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
