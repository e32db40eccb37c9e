import * as z from 'zod';

/**
 * Schema building blocks shared by the scenario groups: annotations, dates, region codes,
 * parameters that may be distributions, and step-function timelines.
 */

/**
 * Free-text fields that every group accepts and the compiler ignores. JSON has no comments, so a
 * scenario file states its sources and assumptions in these.
 */
export const annotations = {
  source: z.union([z.string(), z.array(z.string())]).optional(),
  note: z.union([z.string(), z.array(z.string())]).optional(),
  assumption: z.union([z.string(), z.array(z.string())]).optional(),
};

/** Builds a strict object schema (unknown keys are reported) that also accepts the annotation fields. */
export function group<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject({ ...shape, ...annotations });
}

/** First date the calendar handles: JavaScript dates read the years 0 to 99 as 1900 to 1999. */
export const FIRST_DATE = '0100-01-01';

/** A calendar date, `YYYY-MM-DD`, from {@link FIRST_DATE} on. */
export const isoDate = z.iso.date().refine((value) => value >= FIRST_DATE, {
  message: `before ${FIRST_DATE}`,
  params: { kind: 'dateTooEarly' },
});

/**
 * Reads a text seed. A text in plain digits is that integer, since run i draws from the same streams
 * for the seed 5 and the text "5". Another text that reads as a number, such as "05", "-5" or "5.0",
 * would seed other streams than the number it looks like, so it is rejected, as is white space alone.
 *
 * @returns the seed, or why the text is rejected with the integer it seems to mean where there is one
 */
export function readSeedText(text: string): { seed: string | number } | { rejected: 'blank' | 'number'; integer?: number } {
  if (text.trim().length === 0) return { rejected: 'blank' };
  const value = Number(text);
  if (/^(0|[1-9]\d*)$/.test(text) && Number.isSafeInteger(value)) return { seed: value };
  if (Number.isFinite(value)) {
    const integer = Math.abs(value);
    return Number.isSafeInteger(integer) ? { rejected: 'number', integer } : { rejected: 'number' };
  }
  return { seed: text };
}

/** A text seed: not white space alone, and not a number in another form than plain digits. */
export const seedText = z.string().superRefine((text, ctx) => {
  const read = readSeedText(text);
  if ('rejected' in read) ctx.addIssue({ code: 'custom', message: 'seed text', params: { kind: 'seedText', ...read } });
});

/** An ISO 3166-2 subdivision code such as `KR-11`. */
export const REGION_CODE_PATTERN = /^[A-Z]{2}-[0-9A-Z]{1,3}$/;

/** An ISO 4217 currency code such as `KRW`. */
export const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;

/**
 * A scenario name has a letter or a digit of some script, so that it names something and its
 * folder: white space, zero-width characters and punctuation alone do not.
 */
export const NAME_PATTERN = /[\p{L}\p{N}]/u;
export const regionCode = z.string().regex(REGION_CODE_PATTERN);

/** A list of region codes, or `"all"` for every region of the scenario. */
export const regionSelection = z.union([z.literal('all'), z.array(regionCode).min(1)]);

/** Builds a number schema for `[min, max]`. */
export function bounded(min: number, max: number) {
  return z.number().min(min).max(max);
}

/** Number of standard deviations at which normal and log-normal draws are cut off. */
export const DISTRIBUTION_CUTOFF_SD = 4;

/**
 * Lowest and highest value a distribution can produce. Normal and log-normal draws are clamped
 * to {@link DISTRIBUTION_CUTOFF_SD} standard deviations (on the log scale for the log-normal),
 * which moves about 6 draws in 100,000 and keeps every draw inside the field's bounds.
 */
export function distributionSupport(d: Distribution): { low: number; high: number } {
  switch (d.dist) {
    case 'uniform':
      return { low: d.min, high: d.max };
    case 'triangular':
      return { low: d.min, high: d.max };
    case 'normal':
      return { low: d.mean - DISTRIBUTION_CUTOFF_SD * d.sd, high: d.mean + DISTRIBUTION_CUTOFF_SD * d.sd };
    case 'lognormal':
      return {
        low: d.median * Math.exp(-DISTRIBUTION_CUTOFF_SD * d.sdlog),
        high: d.median * Math.exp(DISTRIBUTION_CUTOFF_SD * d.sdlog),
      };
  }
}

const distributionShapes = [
  z.strictObject({ dist: z.literal('uniform'), min: z.number(), max: z.number() }),
  z.strictObject({ dist: z.literal('normal'), mean: z.number(), sd: z.number().min(0) }),
  z.strictObject({ dist: z.literal('lognormal'), median: z.number().positive(), sdlog: z.number().min(0) }),
  z.strictObject({ dist: z.literal('triangular'), min: z.number(), mode: z.number(), max: z.number() }),
] as const;

/** Fields of each kind of distribution besides `dist`, for the messages about a missing or unknown kind. */
export const DISTRIBUTION_FIELDS: ReadonlyMap<string, readonly string[]> = new Map(
  distributionShapes.map((shape) => [
    shape.shape.dist.value,
    Object.keys(shape.shape).filter((key) => key !== 'dist'),
  ]),
);

/** A probability distribution for a parameter, before its bounds are checked. */
export type Distribution = z.output<(typeof distributionShapes)[number]>;

/** A parameter value: a plain number or a distribution object. */
export type Param = number | Distribution;

/**
 * Tag carried by the issues that {@link param} raises itself, so that problem reporting can show
 * the field's bounds instead of a generic message.
 */
export interface DistributionIssueParams {
  kind: 'distribution';
  /** Key of the distribution that is out of bounds or out of order, e.g. `sd` or `mode`. */
  key: string;
  reason: 'order' | 'bounds';
  min: number;
  max: number;
}

/**
 * Builds the schema of a scalar parameter in `[min, max]` that may also be given as a distribution:
 * `{"dist":"uniform","min","max"}`, `{"dist":"normal","mean","sd"}`,
 * `{"dist":"lognormal","median","sdlog"}` (median and standard deviation of the logarithm) or
 * `{"dist":"triangular","min","mode","max"}`. Every value the distribution can produce (see
 * {@link distributionSupport}) must lie in `[min, max]`.
 */
export function param(min: number, max: number) {
  const distribution = z.discriminatedUnion('dist', distributionShapes).superRefine((d, ctx) => {
    const report = (key: string, reason: DistributionIssueParams['reason']): void => {
      const params: DistributionIssueParams = { kind: 'distribution', key, reason, min, max };
      ctx.addIssue({ code: 'custom', path: [key], message: `${reason} ${key}`, params });
    };
    if (d.dist === 'uniform' && d.min > d.max) report('max', 'order');
    if (d.dist === 'triangular' && (d.mode < d.min || d.mode > d.max)) report('mode', 'order');
    if (d.dist === 'triangular' && d.min > d.max) report('max', 'order');
    const { low, high } = distributionSupport(d);
    // A normal or log-normal is out of range at its centre or through its spread, the others at an end.
    let lowKey = 'min';
    let highKey = 'max';
    if (d.dist === 'normal') lowKey = highKey = d.mean < min || d.mean > max ? 'mean' : 'sd';
    if (d.dist === 'lognormal') lowKey = highKey = d.median < min || d.median > max ? 'median' : 'sdlog';
    if (low < min) report(lowKey, 'bounds');
    else if (high > max) report(highKey, 'bounds');
  });
  return z.union([bounded(min, max), distribution]);
}

/**
 * Builds the schema of a step-function timeline: each entry sets a value from its `from` date on, for the listed
 * regions (default all). Entries may come in any order. For each region and day the entry with
 * the latest `from` on or before that day applies. On the same `from`, an entry that lists regions
 * overrides one for all regions. Two entries for all regions, or two lists that share a region, must
 * not set different values on the same `from`, because the result would then depend on their order
 * (see `timelineConflicts.ts`). Entries dated before the simulation start set the initial value.
 */
export function timeline<T extends z.core.$ZodLooseShape>(valueShape: T) {
  return z.array(group({ from: isoDate, regions: regionSelection.default('all'), ...valueShape })).default([]);
}
