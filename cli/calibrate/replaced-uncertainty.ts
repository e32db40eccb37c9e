import type { Scenario } from '../../scenarios/index.js';
import { messages } from '../messages.js';

/**
 * Lists warnings for the `fitUncertainty` entries and `fitCorrelation` parameters of the input
 * scenario that the fitted scenario leaves out. A fit writes these two fields anew from its own
 * parameters, so refitting a fitted scenario with fewer `--fit` names drops the others' intervals
 * and correlations, and sampled runs then hold those parameters at their values.
 *
 * @param input the scenario as calibrate read it
 * @param inputPath the file of the input scenario, for the messages
 * @param fitNames the names given to `--fit`, without `dispersion`
 * @param uncertainty the fitted scenario's `fitUncertainty`, before entries it rejects are removed,
 *   since those get a warning of their own
 * @param correlation the fitted scenario's `fitCorrelation`, if any
 */
export function replacedUncertaintyWarnings(
  input: Scenario,
  inputPath: string,
  fitNames: readonly string[],
  uncertainty: Scenario['fitUncertainty'],
  correlation: Scenario['fitCorrelation'],
): string[] {
  const refittedNames = new Set(uncertainty.map((entry) => entry.name));
  const dropped = input.fitUncertainty.map((entry) => entry.name).filter((name) => !refittedNames.has(name));
  const notFitted = dropped.filter((name) => !fitNames.includes(name));
  const withoutInterval = dropped.filter((name) => fitNames.includes(name));

  const correlated = new Set(correlation?.parameters ?? []);
  const uncorrelated = (input.fitCorrelation?.parameters ?? []).filter((name) => !correlated.has(name));

  const warnings: string[] = [];
  if (notFitted.length > 0) warnings.push(messages.calibrateEntriesNotFitted(inputPath, notFitted));
  if (withoutInterval.length > 0) warnings.push(messages.calibrateEntriesWithoutInterval(inputPath, withoutInterval));
  if (uncorrelated.length > 0) warnings.push(messages.calibrateCorrelationDropped(inputPath, uncorrelated));
  return warnings;
}
