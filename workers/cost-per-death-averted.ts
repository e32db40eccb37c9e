import { SUMMARY_INDEX } from '../engine/index.js';
import { spreadOf, type Spread } from './compare.js';

/**
 * The extra cost of a plan per death it averts against the base, in one region slot.
 *
 * Run i of the plan and of the base share their random streams, so run i gives a pair of differences:
 * extra cost `cost_plan - cost_base` and deaths averted `deaths_base - deaths_plan`. Their ratio has no
 * meaning when a run averts no death or adds deaths, so such runs leave the per-run quantiles and are
 * counted in {@link noDeathsAvertedShare} instead. The headline figure is the ratio of the means, which
 * stays finite when some runs avert nothing, and has no value when the plan averts no death on average.
 */
export interface CostPerDeathAverted {
  /** Region slot of the summary layout: 0 .. regions - 1, then the national total. */
  regionSlot: number;
  /**
   * Mean extra cost over mean deaths averted, in currency units per death; NaN when the mean of deaths
   * averted is 0 or less. A negative value means the plan saves money as well as lives.
   */
  ratioOfMeans: number;
  /** Mean and quantiles of the run-by-run ratio over the runs that avert more than 0 deaths; NaN without any. */
  perRun: Spread;
  /** Share of runs in which the plan averts no death or adds deaths, 0-1. */
  noDeathsAvertedShare: number;
  /** Mean extra cost of the plan over the runs, in currency units. */
  meanExtraCost: number;
  /** Mean deaths averted over the runs, in persons; negative when the plan adds deaths. */
  meanDeathsAverted: number;
}

/**
 * Computes the cost per death averted of a plan against the base in one region slot, from the summary
 * arrays of run i of each, laid out as `SUMMARY_STATISTICS` describes.
 *
 * @param regionSlots regions plus one, the national total
 * @throws RangeError when the two batches differ in their number of runs, or have none
 */
export function costPerDeathAverted(
  base: readonly Float64Array[],
  plan: readonly Float64Array[],
  regionSlot: number,
  regionSlots: number,
): CostPerDeathAverted {
  if (base.length === 0 || base.length !== plan.length) {
    throw new RangeError(`a comparison needs the same number of runs of base and plan (got ${base.length} and ${plan.length})`);
  }
  const runs = base.length;
  const costSlot = SUMMARY_INDEX.cost_total * regionSlots + regionSlot;
  const deathsSlot = SUMMARY_INDEX.deaths_total * regionSlots + regionSlot;

  const ratios = new Float64Array(runs);
  let extraCostSum = 0;
  let avertedSum = 0;
  let noneAverted = 0;
  for (let run = 0; run < runs; run++) {
    const extraCost = plan[run]![costSlot]! - base[run]![costSlot]!;
    const averted = base[run]![deathsSlot]! - plan[run]![deathsSlot]!;
    extraCostSum += extraCost;
    avertedSum += averted;
    if (averted > 0) {
      ratios[run] = extraCost / averted;
    } else {
      ratios[run] = NaN;
      noneAverted++;
    }
  }

  const meanExtraCost = extraCostSum / runs;
  const meanDeathsAverted = avertedSum / runs;
  return {
    regionSlot,
    ratioOfMeans: meanDeathsAverted > 0 ? meanExtraCost / meanDeathsAverted : NaN,
    perRun: spreadOf(ratios),
    noDeathsAvertedShare: noneAverted / runs,
    meanExtraCost,
    meanDeathsAverted,
  };
}

/** Computes {@link costPerDeathAverted} for every region slot, the national total last. */
export function costPerDeathAvertedBySlot(
  base: readonly Float64Array[],
  plan: readonly Float64Array[],
  regionSlots: number,
): CostPerDeathAverted[] {
  return Array.from({ length: regionSlots }, (_, slot) => costPerDeathAverted(base, plan, slot, regionSlots));
}
