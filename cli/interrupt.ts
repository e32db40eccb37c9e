import { writeSync } from 'node:fs';
import { EXIT_CODES, InterruptedError, messages, signalExitCode } from './messages.js';
import type { StagedOutput } from './output.js';

/**
 * Listens for the signals that stop a command while it runs. The first SIGINT or SIGTERM aborts
 * `controller`, so that the workers stop and the command cleans up. A second one removes the staging
 * folder and exits at once. SIGHUP, or a failed write to a terminal that has hung up, removes the
 * staging folder and ends the process by SIGHUP at once.
 *
 * SIGQUIT keeps its default action, which ends the process with a core dump and leaves the staging
 * folder for the next run into the same folder to remove. A listener would lose the core dump, and
 * it runs only when the event loop is free, so Ctrl-\ would no longer stop a process stuck in a loop.
 *
 * @param staged returns the staging output to remove, if one exists yet
 * @returns a function that removes the listeners
 */
export function listenForInterrupts(controller: AbortController, staged: () => StagedOutput | undefined): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      staged()?.discardSync();
      process.exit(signalExitCode(signal));
    }
    controller.abort(new InterruptedError(signal));
  };

  // A hangup ends the process at once, because no one waits for a clean stop and every write to the
  // terminal fails with EIO. Node 20.20.2 also aborts in its exit path after the terminal hung up.
  const onHangup = (): void => {
    stopListening();
    staged()?.discardSync();
    try {
      // Synchronous, so that the line reaches a log file that stderr is redirected to before the process ends.
      writeSync(2, `${messages.hangup}\n`);
    } catch {
      // The terminal is gone, so there is no one to tell.
    }
    // With the listeners removed, SIGHUP has its default action again, so the process ends by SIGHUP
    // (exit status 129 in shells) without running Node's exit path.
    process.kill(process.pid, 'SIGHUP');
    // Reached only when a listener elsewhere in the process still catches SIGHUP.
    process.exit(EXIT_CODES.interrupted);
  };

  // A write to a terminal that has hung up fails with EIO, and that error can come before SIGHUP does.
  // Any other error is thrown on, as it would be without a listener.
  const onTerminalError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EIO') throw error;
    onHangup();
  };
  const terminals = [process.stdout, process.stderr].filter((stream) => stream.isTTY);

  const stopListening = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onHangup);
    for (const stream of terminals) stream.off('error', onTerminalError);
  };

  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onHangup);
  for (const stream of terminals) stream.on('error', onTerminalError);
  return stopListening;
}
