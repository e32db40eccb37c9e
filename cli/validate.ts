import { regionsOf } from '../scenarios/index.js';
import { reportFailure } from './failure.js';
import { EXIT_CODES, messages } from './messages.js';
import { loadScenario } from './scenario-file.js';

/**
 * Runs `tttsim validate`: prints every problem of the scenario file on stderr, or a one-line
 * description and the warnings when it is valid.
 *
 * @returns the exit code
 */
export async function validateCommand(path: string): Promise<number> {
  try {
    const { scenario, warnings } = await loadScenario(path);
    const { start, end } = scenario.simulation;
    process.stdout.write(`${messages.scenarioValid(scenario.name, regionsOf(scenario).length, start, end)}\n`);
    for (const warning of warnings) process.stderr.write(`${messages.scenarioWarning(warning)}\n`);
    return EXIT_CODES.success;
  } catch (error) {
    return reportFailure(error);
  }
}
