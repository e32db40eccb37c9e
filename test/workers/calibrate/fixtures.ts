import { createRunRandom, type Random } from '../../../engine/index.js';

/**
 * Builds a two-region scenario with testing and a distancing period, small enough for a fit in a
 * test: two age bands, 70 days, half-day Runge-Kutta steps, ample testing capacity. Its daily
 * confirmed cases rise to about 50 in XA-01 and 20 in XA-02.
 */
export function twoRegionFitDocument(): Record<string, any> {
  const contacts = [
    [4, 1.5],
    [1.5, 2.5],
  ];
  return {
    name: 'Two regions to fit',
    simulation: { start: '2020-02-01', end: '2020-04-10', mode: 'deterministic', solver: 'rk4', stepDays: 0.5 },
    ageBands: ['0-59', '60+'],
    regions: [
      { code: 'XA-01', name: 'North', populationByAge: [400_000, 100_000], latitude: 0, longitude: 0 },
      { code: 'XA-02', name: 'South', populationByAge: [200_000, 60_000], latitude: 0, longitude: 1 },
    ],
    epidemiology: {
      hospitalisedPercentByAge: [1, 10],
      criticalPercentOfHospitalisedByAge: [10, 30],
      infectionFatalityPercentByAge: [0.02, 2],
    },
    transmission: {
      r0: 2.4,
      contactsPerDay: { home: contacts, work: contacts, school: contacts, other: contacts },
      mobility: { order: ['XA-01', 'XA-02'], flowsPerYear: [[0, 20_000], [20_000, 0]], scale: 1 },
    },
    seeding: [
      { region: 'XA-01', date: '2020-02-05', infections: 60, spreadDays: 4 },
      { region: 'XA-02', date: '2020-02-20', infections: 20, spreadDays: 3 },
    ],
    testing: {
      sites: [
        { region: 'XA-01', kind: 'drive_through', opens: '2020-02-01', count: 20, testsPerDayPerSite: 200 },
        { region: 'XA-02', kind: 'drive_through', opens: '2020-02-01', count: 10, testsPerDayPerSite: 200 },
      ],
      seeking: [{ from: '2020-02-01', mildShare: 0.5, severeShare: 0.9 }],
    },
    interventions: {
      distancing: [{ name: 'Campaign', start: '2020-03-10', multipliers: { work: 0.5, other: 0.5, school: 0.5 } }],
    },
  };
}

/** Draws a standard normal value by the Box-Muller transform. */
function standardNormal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Draws a Gamma(shape, 1) value by Marsaglia and Tsang's method (ACM TOMS 26(3), 2000), for shape >= 1. */
function gamma(shape: number, random: Random): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = standardNormal(random);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    if (Math.log(1 - random()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Draws a Poisson count by sequential inversion, fine for the means below a few hundred that the tests use. */
function poisson(mean: number, random: Random): number {
  const u = random();
  let count = 0;
  let probability = Math.exp(-mean);
  let cumulative = probability;
  while (u > cumulative && count < 100_000) {
    count++;
    probability *= mean / count;
    cumulative += probability;
  }
  return count;
}

/**
 * Draws negative binomial counts around the means, as a Poisson-gamma mixture with the gamma's
 * shape 1 / dispersion, from a seeded stream so that the test data is the same on every run.
 *
 * @param dispersion α in variance = mean + α mean², at most 1
 */
export function negativeBinomialCounts(means: ArrayLike<number>, dispersion: number, seed: string): number[] {
  const random = createRunRandom(seed, 0);
  const shape = 1 / dispersion;
  return Array.from(means, (mean) => (mean <= 0 ? 0 : poisson((mean * gamma(shape, random)) / shape, random)));
}

/**
 * Draws a first-order autoregression of `days` values with lag-1 correlation `lag1` and stationary
 * standard deviation `sd`, from a seeded stream, starting from its stationary distribution.
 */
export function autoregressiveNormals(days: number, lag1: number, sd: number, seed: string): number[] {
  const random = createRunRandom(seed, 0);
  const innovation = sd * Math.sqrt(1 - lag1 * lag1);
  const values: number[] = [];
  let z = sd * standardNormal(random);
  for (let d = 0; d < days; d++) {
    values.push(z);
    z = lag1 * z + innovation * standardNormal(random);
  }
  return values;
}
