import { stat } from 'node:fs/promises';
import { loadScenarioFile, type Scenario } from '../scenarios/index.js';
import { InputError, messages } from './messages.js';

/** Number of problems listed for an invalid scenario. Beyond it, as in a wrong table of thousands of cells, the rest are counted. */
const MAX_PROBLEMS_SHOWN = 100;

/** A scenario file that passed validation. */
export interface LoadedScenario {
  scenario: Scenario;
  hash: string;
  warnings: string[];
  /** Canonical paths of the scenario file and of each base it extends. */
  files: string[];
}

/**
 * Loads and validates a scenario file.
 *
 * @throws InputError (as a rejection) when the file is missing or unreadable, or has problems;
 *   each problem becomes one detail line `path: message (got X; expected Y)`
 */
export async function loadScenario(path: string): Promise<LoadedScenario> {
  // The parser turns a lone `-` (standard input, which tttsim does not read) into an empty path.
  if (path.trim() === '') throw new InputError(messages.scenarioPathEmpty);
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(messages.scenarioUnreadable(path, 'it is a folder, not a file'));
    if (!info.isFile()) throw new InputError(messages.scenarioUnreadable(path, 'it is not a regular file (a pipe, socket or device)'));
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(messages.scenarioNotFound(path));
    if (code === 'ELOOP') throw new InputError(messages.scenarioUnreadable(path, 'its symbolic links form a loop'));
    throw new InputError(messages.scenarioUnreadable(path, (error as Error).message));
  }

  let result: Awaited<ReturnType<typeof loadScenarioFile>>;
  try {
    result = await loadScenarioFile(path);
  } catch (error) {
    // The loader reports content problems as data, so a rejection here is a file system failure.
    if (typeof (error as NodeJS.ErrnoException).code === 'string') {
      throw new InputError(messages.scenarioUnreadable(path, (error as Error).message));
    }
    throw error;
  }

  if (!result.ok) {
    const shown = result.problems.slice(0, MAX_PROBLEMS_SHOWN).map(messages.scenarioProblem);
    const hidden = result.problems.length - shown.length;
    throw new InputError(messages.scenarioInvalid(path, result.problems.length), hidden > 0 ? [...shown, messages.scenarioProblemsHidden(hidden)] : shown);
  }
  return { scenario: result.scenario, hash: result.hash, warnings: result.warnings, files: result.files };
}
