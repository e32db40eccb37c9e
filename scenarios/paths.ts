import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the package's `scenarios/` folder from the URL of a module in it. Such a module runs
 * either from source (`<package>/scenarios/`) or compiled (`<package>/dist/scenarios/`). Both
 * resolve to the source folder, because tsc does not copy the JSON files into dist/.
 */
export function scenariosFolderOf(moduleUrl: string): string {
  const moduleFolder = dirname(fileURLToPath(moduleUrl));
  const parent = dirname(moduleFolder);
  const packageRoot = basename(parent) === 'dist' ? dirname(parent) : parent;
  return join(packageRoot, 'scenarios');
}

/** Absolute path of a scenario file shipped in the package's `scenarios/` folder. */
export function shippedScenarioPath(fileName: string): string {
  return join(scenariosFolderOf(import.meta.url), fileName);
}

/** Absolute path of the default scenario, Korea from 2020-01-20 to 2020-06-30. */
export const DEFAULT_SCENARIO_PATH: string = shippedScenarioPath('korea-2020.json');
