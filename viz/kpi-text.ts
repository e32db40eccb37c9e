/**
 * Explanations of KPIs whose figures mislead without them, shared by report.html and compare.html so that
 * both pages define a KPI in the same words.
 */

/** Definition of a day over bed capacity, per region and nationally, as `summarise` in the engine counts it. */
export const DAYS_OVER_CAPACITY_TEXT =
  'A day over capacity is a day that ends with more people waiting for a bed of the tier than the tier has free ' +
  'beds. Nationally, a day counts when any region is over capacity, because spare beds in one region do not help ' +
  'a patient who cannot be transferred there. So the national figure can count many days while national ' +
  'occupancy stays far below national capacity.';

