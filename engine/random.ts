import seedrandom from 'seedrandom';

/** A source of uniform random numbers in [0, 1). */
export type Random = () => number;

/**
 * Creates the random stream of one Monte Carlo run.
 *
 * The stream depends only on the scenario seed and the run index, never on which worker runs it
 * or in which order, so any run can be reproduced on its own. Alea is seedrandom's fastest
 * generator with a period long enough for these runs (about 2^116).
 *
 * @param purpose separates independent streams of the same run, such as parameter sampling and
 *   the transitions themselves, so that adding a sampled parameter leaves the transitions alone
 */
export function createRunRandom(seed: string | number, runIndex: number, purpose = 'transitions'): Random {
  const generator = seedrandom.alea(`${seed}\u0000${runIndex}\u0000${purpose}`);
  return () => generator();
}
