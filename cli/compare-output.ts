/** The output files of `tttsim compare`: compare.csv, compare.json and the input of compare.html. */
import type { RunMode } from '../engine/index.js';
import type { ComparisonCostPerDeath, ComparisonInput, QuantileRow } from '../viz/index.js';
import { CURRENCY_UNIT, type CostPerDeathAverted, type KpiComparison, type KpiDefinition, type Spread } from '../workers/index.js';
import { formatNumber } from './format.js';
import { pathFromFolder } from './output.js';
import type { LoadedScenario } from './scenario-file.js';
import type { CurrencyInfo } from './summary-json.js';
import type { OutputLayout } from './tables.js';

/** Header of compare.csv: one row per plan, region and KPI. */
export const COMPARE_CSV_HEADER =
  'plan,region,kpi,mean,p5,p25,p50,p75,p95,diff_mean,diff_p5,diff_p25,diff_p50,diff_p75,diff_p95,prob_better,prob_worse,' +
  'no_deaths_averted_share';

/** KPI name of the cost per death averted in compare.csv, whose `mean` is the ratio of means. */
export const COST_PER_DEATH_AVERTED_KPI = 'cost_per_death_averted';

/** A loaded scenario of the comparison with its file and its label in the outputs. */
export interface Plan {
  file: string;
  /** The scenario name, or the file name when two scenarios share a name. */
  label: string;
  loaded: LoadedScenario;
}

/** One plan's results: its national series of the compared metrics, its KPI comparison with the base and its cost per death averted. */
export interface PlanResult {
  plan: Plan;
  series: QuantileRow[];
  kpis: KpiComparison[];
  /** One entry per region slot, the national total last. */
  costPerDeathAverted: CostPerDeathAverted[];
}

/** Region code of a region slot of the summary layout: the regions in order, then the national code. */
function regionCodeOf(slot: number, layout: OutputLayout): string {
  return slot < layout.regions.length ? layout.regions[slot]!.code : layout.nationalCode;
}

const SPREAD_FIELDS = ['mean', 'p5', 'p25', 'p50', 'p75', 'p95'] as const;

/** Returns a KPI's unit, with money in the scenario's currency code when it has one. */
function unitOf(definition: KpiDefinition, currency: CurrencyInfo | null): string {
  return definition.unit === CURRENCY_UNIT && currency !== null ? currency.code : definition.unit;
}

/**
 * Formats a KPI value: money in whole currency units, since six significant digits would round a
 * national cost to the nearest hundred million, and other values by {@link formatNumber}.
 */
export function formatKpiValue(value: number, unit: string): string {
  if (unit !== CURRENCY_UNIT || !Number.isFinite(value)) return formatNumber(value);
  return BigInt(Math.round(value)).toString();
}

/** Returns the unit of the cost per death averted. */
function costPerDeathUnit(currency: CurrencyInfo | null): string {
  return `${currency?.code ?? CURRENCY_UNIT} per death`;
}

/**
 * Formats compare.csv: per plan (the base first), KPI and region (the national code last), then the
 * cost per death averted of each region. Its row gives the ratio of means as `mean`, the quantiles of
 * the run-by-run ratio over the runs that avert deaths, and `no_deaths_averted_share`. It leaves the
 * differences and probabilities empty, since it is a comparison with the base already.
 */
export function formatCompareCsv(results: readonly PlanResult[], layout: OutputLayout): string {
  const lines = [COMPARE_CSV_HEADER];
  for (const { plan, kpis, costPerDeathAverted } of results) {
    for (const row of kpis) {
      const cells = [
        csvText(plan.label),
        regionCodeOf(row.regionSlot, layout),
        row.kpi.name,
        ...SPREAD_FIELDS.map((field) => formatKpiValue(row.value[field], row.kpi.unit)),
        ...SPREAD_FIELDS.map((field) => formatKpiValue(row.difference[field], row.kpi.unit)),
        formatNumber(row.probabilityBetter),
        formatNumber(row.probabilityWorse),
        '',
      ];
      lines.push(cells.join(','));
    }
    for (const entry of costPerDeathAverted) {
      const cells = [
        csvText(plan.label),
        regionCodeOf(entry.regionSlot, layout),
        COST_PER_DEATH_AVERTED_KPI,
        formatKpiValue(entry.ratioOfMeans, CURRENCY_UNIT),
        ...SPREAD_FIELDS.slice(1).map((field) => formatKpiValue(entry.perRun[field], CURRENCY_UNIT)),
        ...SPREAD_FIELDS.map(() => ''),
        '',
        '',
        formatNumber(entry.noDeathsAvertedShare),
      ];
      lines.push(cells.join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Quotes a text cell that contains a comma, a quote or a line break, as RFC 4180 does. */
function csvText(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface Provenance {
  mode: RunMode;
  runs: number;
  seed: string | number;
  engineVersion: string;
  /** Currency of the money KPIs, from the base; null when it has no economy group and every cost is 0. */
  currency: CurrencyInfo | null;
}

function spreadJson(spread: Spread): Record<string, number | null> {
  return Object.fromEntries(SPREAD_FIELDS.map((field) => [field, finiteOrNull(spread[field])]));
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Builds compare.json: provenance, the plans, every KPI of every plan per region, and the cost per
 * death averted of every plan per region.
 */
export function compareDocument(
  results: readonly PlanResult[],
  layout: OutputLayout,
  provenance: Provenance,
  outDir: string,
): unknown {
  return {
    ...provenance,
    base: planJson(results[0]!.plan, outDir),
    plans: results.slice(1).map(({ plan }) => planJson(plan, outDir)),
    kpis: results.flatMap(({ plan, kpis }) =>
      kpis.map((row) => ({
        plan: plan.label,
        region: regionCodeOf(row.regionSlot, layout),
        kpi: row.kpi.name,
        unit: unitOf(row.kpi, provenance.currency),
        better: row.kpi.better,
        value: spreadJson(row.value),
        difference: spreadJson(row.difference),
        probabilityBetter: finiteOrNull(row.probabilityBetter),
        probabilityWorse: finiteOrNull(row.probabilityWorse),
      })),
    ),
    costPerDeathAverted: results.flatMap(({ plan, costPerDeathAverted }) =>
      costPerDeathAverted.map((entry) => ({
        plan: plan.label,
        region: regionCodeOf(entry.regionSlot, layout),
        unit: costPerDeathUnit(provenance.currency),
        ratioOfMeans: finiteOrNull(entry.ratioOfMeans),
        perRun: spreadJson(entry.perRun),
        noDeathsAvertedShare: entry.noDeathsAvertedShare,
        meanExtraCost: entry.meanExtraCost,
        meanDeathsAverted: entry.meanDeathsAverted,
      })),
    ),
  };
}

/** Describes a plan in compare.json: its label, its file as given and as a path from the output folder `outDir`, and its hash. */
function planJson(plan: Plan, outDir: string): Record<string, string> {
  return { name: plan.label, file: plan.file, path: pathFromFolder(outDir, plan.file), hash: plan.loaded.hash };
}

export function comparisonInput(results: readonly PlanResult[], layout: OutputLayout, provenance: Provenance): ComparisonInput {
  const national = layout.regions.length;
  return {
    engineVersion: provenance.engineVersion,
    mode: provenance.mode,
    runs: provenance.runs,
    seed: provenance.seed,
    createdAt: new Date().toISOString(),
    nationalCode: layout.nationalCode,
    regions: [...layout.regions],
    currency: provenance.currency,
    plans: results.map(({ plan, series, kpis, costPerDeathAverted }) => ({
      name: plan.label,
      hash: plan.loaded.hash,
      series,
      costPerDeathAverted: nationalCostPerDeath(costPerDeathAverted[national]!, provenance.currency),
      kpis: kpis.map((row) => ({
        kpi: row.kpi.name,
        label: row.kpi.label,
        unit: unitOf(row.kpi, provenance.currency),
        money: row.kpi.unit === CURRENCY_UNIT,
        better: row.kpi.better,
        region: regionCodeOf(row.regionSlot, layout),
        value: row.value,
        difference: row.difference,
        probabilityBetter: row.probabilityBetter,
        differences: row.regionSlot === national ? Array.from(row.differences) : [],
      })),
    })),
  };
}

function nationalCostPerDeath(entry: CostPerDeathAverted, currency: CurrencyInfo | null): ComparisonCostPerDeath {
  return {
    unit: costPerDeathUnit(currency),
    ratioOfMeans: entry.ratioOfMeans,
    perRun: entry.perRun,
    noDeathsAvertedShare: entry.noDeathsAvertedShare,
  };
}
