import { QUINTILES, type CompiledModel } from './model.js';
import { METRIC_INDEX as M, seriesOffset } from './metrics.js';

/**
 * The economy metrics, which `recordEconomyDay` writes for every region and the nation itself,
 * rather than by summing regions.
 */
export const ECONOMY_METRICS: readonly number[] = [
  M.distancing_intensity,
  M.relief_paid_cum,
  M.households_paid_share,
  M.households_supported_share,
  M.consumption,
  M.consumption_extra,
  M.income_q1,
  M.income_q2,
  M.income_q3,
  M.income_q4,
  M.income_q5,
  M.income_quintile_ratio,
  M.income_quintile_ratio_no_relief,
  M.cost_cum,
];

const INCOME_METRICS = [M.income_q1, M.income_q2, M.income_q3, M.income_q4, M.income_q5] as const;

/** Returns the top-to-bottom quintile ratio, NaN when the lowest quintile has no income or no households. */
function quintileRatio(lowest: number, highest: number): number {
  return lowest > 0 ? highest / lowest : NaN;
}

/** Writes one day's value of a metric for region r (or the nation, r = regions). */
function put(series: Float64Array, metric: number, r: number, regions: number, days: number, day: number, value: number): void {
  series[seriesOffset(metric, r, regions, days) + day] = value;
}

/** Reads one day's value of a metric for region r (or the nation). */
function valueOf(series: Float64Array, metric: number, r: number, regions: number, days: number, day: number): number {
  return series[seriesOffset(metric, r, regions, days) + day]!;
}

/** Returns the previous day's value of a cumulative metric, 0 on the first day. */
function previousOf(series: Float64Array, metric: number, r: number, regions: number, days: number, day: number): number {
  return day === 0 ? 0 : valueOf(series, metric, r, regions, days, day - 1);
}

/**
 * Returns the cost of every lever in region r on day d: the day's site, tracing, grant and relief
 * spending, tests performed and occupied beds at their unit costs. The day's testing and occupancy
 * metrics must already be in the series.
 */
export function dayCost(model: CompiledModel, series: Float64Array, r: number, day: number): number {
  const economy = model.economy;
  if (economy === undefined) return 0;
  const regions = model.regionCount;
  const days = model.dayCount;
  const i = day * regions + r;
  return (
    economy.testingSiteCost[i]! +
    economy.tracingCost[i]! +
    economy.grantCost[i]! +
    economy.reliefPaid[i]! +
    economy.costPerTest * valueOf(series, M.tests_performed, r, regions, days, day) +
    economy.costPerOccupiedRtcBedDay * valueOf(series, M.rtc_occupied, r, regions, days, day) +
    economy.costPerOccupiedWardBedDay * valueOf(series, M.ward_occupied, r, regions, days, day) +
    economy.costPerOccupiedIcuBedDay * valueOf(series, M.icu_occupied, r, regions, days, day)
  );
}

/**
 * Records day d's economy metrics of every region and of the nation. It runs after the day's other
 * metrics, because the cost of tests and beds comes from them. National values: sums for money,
 * shares of all households, the mean income of each quintile over the country's households, the
 * ratio of those national means, and the population-weighted distancing intensity. A quintile
 * without households has no income (NaN), and then the ratio has none either.
 */
export function recordEconomyDay(model: CompiledModel, series: Float64Array, day: number): void {
  const regions = model.regionCount;
  const bands = model.ageBandCount;
  const days = model.dayCount;
  const economy = model.economy;

  if (economy === undefined) {
    for (let r = 0; r <= regions; r++) {
      for (let q = 0; q < QUINTILES; q++) put(series, INCOME_METRICS[q]!, r, regions, days, day, NaN);
      put(series, M.income_quintile_ratio, r, regions, days, day, NaN);
      put(series, M.income_quintile_ratio_no_relief, r, regions, days, day, NaN);
    }
    return;
  }

  const households = economy.householdsByQuintile;
  let population = 0;
  let weightedIntensity = 0;
  let allHouseholds = 0;
  let paid = 0;
  let supported = 0;
  let reliefPaid = 0;
  let consumption = 0;
  let consumptionExtra = 0;
  let cost = 0;
  for (let r = 0; r < regions; r++) {
    const i = day * regions + r;
    let residents = 0;
    for (let a = 0; a < bands; a++) residents += model.population[r * bands + a]!;
    let regionHouseholds = 0;
    for (let q = 0; q < QUINTILES; q++) regionHouseholds += households[r * QUINTILES + q]!;
    const regionCost = dayCost(model, series, r, day);
    const regionConsumption = economy.consumptionBase[i]! + economy.consumptionExtra[i]!;

    population += residents;
    weightedIntensity += residents * economy.distancingIntensity[i]!;
    allHouseholds += regionHouseholds;
    paid += economy.householdsPaid[i]!;
    supported += economy.householdsSupported[i]!;
    reliefPaid += economy.reliefPaid[i]!;
    consumption += regionConsumption;
    consumptionExtra += economy.consumptionExtra[i]!;
    cost += regionCost;

    const paidShare = regionHouseholds > 0 ? economy.householdsPaid[i]! / regionHouseholds : 0;
    const supportedShare = regionHouseholds > 0 ? economy.householdsSupported[i]! / regionHouseholds : 0;
    const reliefCumulative = previousOf(series, M.relief_paid_cum, r, regions, days, day) + economy.reliefPaid[i]!;
    const costCumulative = previousOf(series, M.cost_cum, r, regions, days, day) + regionCost;
    put(series, M.distancing_intensity, r, regions, days, day, economy.distancingIntensity[i]!);
    put(series, M.relief_paid_cum, r, regions, days, day, reliefCumulative);
    put(series, M.households_paid_share, r, regions, days, day, paidShare);
    put(series, M.households_supported_share, r, regions, days, day, supportedShare);
    put(series, M.consumption, r, regions, days, day, regionConsumption);
    put(series, M.consumption_extra, r, regions, days, day, economy.consumptionExtra[i]!);
    put(series, M.cost_cum, r, regions, days, day, costCumulative);

    for (let q = 0; q < QUINTILES; q++) {
      const income = households[r * QUINTILES + q]! > 0 ? economy.incomeWithRelief[i * QUINTILES + q]! : NaN;
      put(series, INCOME_METRICS[q]!, r, regions, days, day, income);
    }
    const lowest = i * QUINTILES;
    const highest = lowest + QUINTILES - 1;
    const hasBoth = households[r * QUINTILES]! > 0 && households[r * QUINTILES + QUINTILES - 1]! > 0;
    const ratio = hasBoth ? quintileRatio(economy.incomeWithRelief[lowest]!, economy.incomeWithRelief[highest]!) : NaN;
    const ratioWithout = hasBoth
      ? quintileRatio(economy.incomeWithoutRelief[lowest]!, economy.incomeWithoutRelief[highest]!)
      : NaN;
    put(series, M.income_quintile_ratio, r, regions, days, day, ratio);
    put(series, M.income_quintile_ratio_no_relief, r, regions, days, day, ratioWithout);
  }

  const nation = regions;
  const reliefCumulative = previousOf(series, M.relief_paid_cum, nation, regions, days, day) + reliefPaid;
  const costCumulative = previousOf(series, M.cost_cum, nation, regions, days, day) + cost;
  put(series, M.distancing_intensity, nation, regions, days, day, population > 0 ? weightedIntensity / population : 0);
  put(series, M.relief_paid_cum, nation, regions, days, day, reliefCumulative);
  put(series, M.households_paid_share, nation, regions, days, day, allHouseholds > 0 ? paid / allHouseholds : 0);
  put(series, M.households_supported_share, nation, regions, days, day, allHouseholds > 0 ? supported / allHouseholds : 0);
  put(series, M.consumption, nation, regions, days, day, consumption);
  put(series, M.consumption_extra, nation, regions, days, day, consumptionExtra);
  put(series, M.cost_cum, nation, regions, days, day, costCumulative);

  // Each quintile's mean income over the country's households of that quintile.
  let lowestWith = NaN;
  let highestWith = NaN;
  let lowestWithout = NaN;
  let highestWithout = NaN;
  for (let q = 0; q < QUINTILES; q++) {
    let weight = 0;
    let withRelief = 0;
    let withoutRelief = 0;
    for (let r = 0; r < regions; r++) {
      const count = households[r * QUINTILES + q]!;
      if (count <= 0) continue;
      const slot = (day * regions + r) * QUINTILES + q;
      weight += count;
      withRelief += count * economy.incomeWithRelief[slot]!;
      withoutRelief += count * economy.incomeWithoutRelief[slot]!;
    }
    const meanWith = weight > 0 ? withRelief / weight : NaN;
    const meanWithout = weight > 0 ? withoutRelief / weight : NaN;
    put(series, INCOME_METRICS[q]!, nation, regions, days, day, meanWith);
    if (q === 0) {
      lowestWith = meanWith;
      lowestWithout = meanWithout;
    } else if (q === QUINTILES - 1) {
      highestWith = meanWith;
      highestWithout = meanWithout;
    }
  }
  put(series, M.income_quintile_ratio, nation, regions, days, day, quintileRatio(lowestWith, highestWith));
  put(series, M.income_quintile_ratio_no_relief, nation, regions, days, day, quintileRatio(lowestWithout, highestWithout));
}
