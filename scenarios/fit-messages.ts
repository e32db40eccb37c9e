/** Error texts of the fittable scenario parameters, so that the calibration and its tests share one wording. */

/** Raised for a `--fit` name that names no fittable parameter of the scenario, or one that cannot be fitted. */
export class FitParameterError extends RangeError {
  override readonly name = 'FitParameterError';
  /** True when the name is well formed but the scenario has no entry that it names. */
  readonly entryMissing: boolean;

  constructor(message: string, options: { entryMissing?: boolean } = {}) {
    super(message);
    this.entryMissing = options.entryMissing ?? false;
  }
}

/** Forms of a fittable parameter name, listed in every message about an unknown name. */
export const FIT_NAME_FORMS = [
  'transmission.scale',
  'seeding:REGION.scale',
  'seeding:REGION.shiftDays',
  'seeding[I].scale',
  'seeding[I].shiftDays',
  'distancing[I].scale',
  'testing.seeking.mildShare.scale',
  'testing.seeking.severeShare.scale',
  'testing.seeking[I].mildShare.scale',
  'testing.seeking[I].severeShare.scale',
  'testing.sites:REGION.scale',
  'testing.backgroundDemand[I].scale',
  'dispersion',
] as const;

export const fitMessages = {
  unknownName: (name: string) =>
    `unknown parameter to fit ${JSON.stringify(name)}; expected one of ${FIT_NAME_FORMS.join(', ')}, ` +
    'where REGION is a region code of the scenario and I an index into its list, from 0',
  repeatedName: (name: string) => `parameter ${name} is named twice in --fit`,
  regionByName: (name: string, region: string, fixed: string) =>
    `cannot fit ${name}: ${region} is the name of a region, and names take its code, so give ${fixed}`,
  unknownRegion: (name: string, region: string, codes: readonly string[]) =>
    `cannot fit ${name}: ${region} is not a region code of the scenario; give one of ${codes.join(', ')}`,
  noSeedingInRegion: (name: string, region: string) =>
    `cannot fit ${name}: the scenario has no seeding entry for region ${region}`,
  indexOutOfRange: (name: string, list: string, count: number) =>
    count === 0
      ? `cannot fit ${name}: ${list} has no entries`
      : `cannot fit ${name}: ${list} has ${count} ${count === 1 ? 'entry' : 'entries'}, so the index must be below ${count}`,
  noSitesInRegion: (name: string, region: string) =>
    `cannot fit ${name}: the scenario has no testing site in region ${region}`,
  noSeekingEntries: (name: string) => `cannot fit ${name}: testing.seeking has no entries`,
  noDistancingEffect: (name: string) =>
    `cannot fit ${name}: every contact multiplier of that period is 1, so scaling its distance from 1 changes nothing`,
  startOnBound: (name: string, value: number, bound: number) =>
    `cannot fit ${name}: its value in the scenario, ${value}, lies on the bound ${bound} of its range, ` +
    'where the fit cannot start',
  distancingAtLimit: (name: string) =>
    `cannot fit ${name}: a contact multiplier of that period is already 0 or 2, so its effect cannot grow ` +
    'and a scale of 1 lies on the upper bound of the range; fit another period',
  emptyRange: (name: string, lower: number, upper: number) =>
    `cannot fit ${name}: its range from ${lower} to ${upper} is empty`,
} as const;

/** Texts of the problems of a scenario's `fitUncertainty` entries. */
export const fitUncertaintyMessages = {
  repeated: (name: string, first: number) =>
    `${name} is listed twice; fitUncertainty[${first}] already holds it, so remove one of them`,
  outOfOrder: (lower: number, estimate: number, upper: number) =>
    `expected lower <= estimate <= upper, got ${lower}, ${estimate} and ${upper}; ` +
    'write the 95 % interval around the estimate',
  dispersion: () =>
    'dispersion belongs to the count model of a fit, not to the scenario, so remove this entry',
  sameTarget: (name: string, other: string) =>
    `${name} changes the same values as ${other}, listed before it, so each draw would apply twice; remove one of them`,
  outsideRange: (name: string, end: 'lower' | 'upper', offset: string, range: string) =>
    `the ${end} end is ${offset} the estimate, outside the range of ${name} (${range}); ` +
    'narrow the interval to that range',
  notPositive: (name: string, lower: number) =>
    `${name} multiplies a value whose range spans orders of magnitude, so its interval must lie above 0 ` +
    `(lower is ${lower}); write a positive lower end`,
} as const;

/** Texts of the problems of a scenario's `fitCorrelation`. */
export const fitCorrelationMessages = {
  repeated: (name: string, first: number) =>
    `${name} is listed twice; fitCorrelation.parameters[${first}] already names it, so remove one of them`,
  notListed: (name: string) =>
    `${name} is not in fitUncertainty, so it has no draw to correlate; add it there, remove it here with its ` +
    'row and column of the matrix, or set fitCorrelation to null to draw every entry on its own',
  rows: (rows: number, size: number) =>
    `the matrix has ${rows} rows, but fitCorrelation.parameters names ${size}; give one row per parameter`,
  columns: (row: number, columns: number, size: number) =>
    `row ${row} has ${columns} entries, but fitCorrelation.parameters names ${size}; give one per parameter`,
  diagonal: (value: number) => `a parameter's correlation with itself is 1, not ${value}; write 1`,
  asymmetric: (i: number, j: number, upper: number, lower: number) =>
    `the matrix must be symmetric, but [${i}][${j}] is ${upper} and [${j}][${i}] is ${lower}; write the same value in both`,
  notSemidefinite: (smallest: number) =>
    `the matrix has a negative eigenvalue (${Number(smallest.toPrecision(3))}), so it is not a correlation matrix; ` +
    'copy the matrix from the fit.json of the calibration as written, or remove fitCorrelation',
} as const;
