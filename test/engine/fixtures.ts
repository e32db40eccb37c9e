import type { CompiledModel, DeterministicSolver } from '../../engine/index.js';

/** Options of a hand-built model for engine tests; anything not given takes a plain 2020-like value. */
export interface FixtureOptions {
  regions?: number;
  bands?: number;
  days?: number;
  deterministicSolver?: DeterministicSolver;
  stepDays?: number;
  stochasticStepDays?: number;
  populationPerCell?: number;
  /** Total contacts per person per day, spread evenly over bands and put in the "other" setting. */
  contactsPerDay?: number;
  transmissionPerContact?: number;
  seedPerDay?: number;
  seedDays?: number;
  asymptomaticFraction?: number;
  severeFraction?: number;
  criticalFraction?: number;
  /** Testing, tracing and care limits: when false the model is a plain SEIR chain. */
  response?: boolean;
  testsPerDay?: number;
  tracingPerDay?: number;
  /** Shares of traced uninfected and infected contacts given an entry test, 1 when omitted. */
  entryTestedUninfected?: number;
  entryTestedInfected?: number;
  wardBeds?: number;
  icuBeds?: number;
  rtcBeds?: number;
  transferPerDay?: number;
  mobilityOffDiagonal?: number;
}

/**
 * Builds a small CompiledModel directly, without the scenario compiler, so that engine tests depend
 * on the engine alone. The numbers are round test values, not estimates.
 */
export function buildModel(options: FixtureOptions = {}): CompiledModel {
  const regions = options.regions ?? 1;
  const bands = options.bands ?? 1;
  const days = options.days ?? 120;
  const cells = regions * bands;
  const response = options.response ?? true;
  const perDayRegion = (value: number): Float64Array => new Float64Array(days * regions).fill(value);
  const perBand = (value: number): Float64Array => new Float64Array(bands).fill(value);

  const contacts = new Float64Array(bands * bands).fill((options.contactsPerDay ?? 10) / bands);
  const zero = new Float64Array(bands * bands);
  const mobility = new Float64Array(regions * regions);
  const off = regions > 1 ? (options.mobilityOffDiagonal ?? 0.05) : 0;
  for (let r = 0; r < regions; r++) {
    for (let s = 0; s < regions; s++) mobility[r * regions + s] = r === s ? 1 - off * (regions - 1) : off;
  }
  const seed = new Float64Array(days * cells);
  const seedDays = options.seedDays ?? 3;
  for (let d = 0; d < seedDays; d++) seed[d * cells] = (options.seedPerDay ?? 10) / 1;

  const transferAllowed = new Uint8Array(days * regions * regions);
  for (let d = 0; d < days; d++) {
    for (let r = 0; r < regions; r++) {
      for (let s = 0; s < regions; s++) if (r !== s) transferAllowed[(d * regions + r) * regions + s] = 1;
    }
  }

  return {
    regionCount: regions,
    ageBandCount: bands,
    dayCount: days,
    deterministicSolver: options.deterministicSolver ?? 'dopri5',
    stepDays: options.stepDays ?? 0.25,
    stochasticStepDays: options.stochasticStepDays ?? 0.25,
    population: new Float64Array(cells).fill(options.populationPerCell ?? 1_000_000),
    epidemiology: {
      latentDays: 3,
      presymptomaticDays: 2,
      asymptomaticDays: 5,
      mildDays: 5,
      onsetToWardDays: 5,
      onsetToIcuDays: 6,
      asymptomaticFraction: perBand(options.asymptomaticFraction ?? 1 / 3),
      severeFraction: perBand(options.severeFraction ?? 0.05),
      criticalFraction: perBand(options.criticalFraction ?? 0.015),
      icuFatalityFraction: perBand(0.5),
      asymptomaticInfectiousness: 0.5,
      presymptomaticInfectiousness: 1,
    },
    transmission: {
      transmissionPerContact: options.transmissionPerContact ?? 0.05,
      susceptibility: perBand(1),
      contactsHome: zero,
      contactsWork: zero,
      contactsSchool: zero,
      contactsOther: contacts,
      mobility,
      settingMultiplier: new Float64Array(days * regions * 4).fill(1),
      seedInfections: seed,
    },
    testing: {
      siteCapacity: perDayRegion(response ? (options.testsPerDay ?? 2000) : 0),
      labCapacityRegional: perDayRegion(Infinity),
      labCapacityNational: new Float64Array(days).fill(Infinity),
      backgroundDemandPerCapita: perDayRegion(response ? 2e-4 : 0),
      screeningDemand: perDayRegion(response ? 100 : 0),
      screeningInfectedOdds: perDayRegion(1),
      seekMildPerDay: perDayRegion(response ? 0.5 : 0),
      seekSeverePerDay: perDayRegion(response ? 1 : 0),
      maxServicePerDay: 2,
      turnaroundDays: 1,
      sensitivityPresymptomatic: 0.7,
      sensitivityAsymptomatic: 0.8,
      sensitivitySymptomatic: 0.9,
      priority: Int8Array.from([0, 1, 2]),
    },
    tracing: {
      enabled: true,
      capacityPerDay: perDayRegion(response ? (options.tracingPerDay ?? 50) : 0),
      delayDays: 1,
      identifiedFraction: perDayRegion(0.6),
      uninfectedContactsPerCase: 10,
      entryTestedUninfected: perDayRegion(options.entryTestedUninfected ?? 1),
      entryTestedInfected: perDayRegion(options.entryTestedInfected ?? 1),
      quarantineDays: 14,
      quarantineRetestPerDay: 0.5,
      quarantineCompliance: 0.9,
      isolationCompliance: 0.9,
      pendingCompliance: 0.5,
      clusters: [],
    },
    care: {
      rtcCapacity: perDayRegion(response ? (options.rtcBeds ?? 200) : Infinity),
      wardCapacity: perDayRegion(response ? (options.wardBeds ?? 300) : Infinity),
      icuCapacity: perDayRegion(response ? (options.icuBeds ?? 30) : Infinity),
      rtcShare: perDayRegion(response ? 1 : 0),
      admissionDays: 0.5,
      mildCareDays: 14,
      wardStayDays: 12,
      icuStayDays: 10,
      stepDownDays: 7,
      overflowFatalityFactor: 1.5,
      waitingWardFatalityFraction: perBand(0.05),
      transferCapacity: perDayRegion(response ? (options.transferPerDay ?? 20) : 0),
      transferAllowed,
    },
  };
}
