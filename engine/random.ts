import seedrandom from 'seedrandom';

/** A source of uniform random numbers in [0, 1), which also gives whole 32-bit draws. */
export interface Random {
  (): number;
  /** Returns a uniformly drawn signed 32-bit integer. */
  int32(): number;
}

/**
 * Creates the random stream of one Monte Carlo run.
 *
 * The stream depends only on the scenario seed and the run index, never on which worker runs it
 * or in which order, so any run can be reproduced on its own. The generator is seedrandom's xor4096
 * (R. P. Brent's xorgens with a Weyl generator, period about 2^4096), whose state is whole numbers,
 * so drawing from it allocates nothing.
 *
 * @param purpose separates independent streams of the same run, such as parameter sampling and
 *   the transitions themselves, so that adding a sampled parameter leaves the transitions alone
 */
export function createRunRandom(seed: string | number, runIndex: number, purpose = 'transitions'): Random {
  return seedrandom.xor4096(`${seed}\u0000${runIndex}\u0000${purpose}`);
}
