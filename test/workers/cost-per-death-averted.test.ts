import { describe, expect, it } from 'vitest';
import { SUMMARY_INDEX, SUMMARY_STATISTICS } from '../../engine/index.js';
import { costPerDeathAverted, costPerDeathAvertedBySlot } from '../../workers/index.js';

const REGION_SLOTS = 2;
const NATIONAL = REGION_SLOTS - 1;

/** Builds one run's summary array with the given total cost and deaths in every region slot. */
function run(costTotal: number, deaths: number): Float64Array {
  const values = new Float64Array(SUMMARY_STATISTICS.length * REGION_SLOTS);
  for (let slot = 0; slot < REGION_SLOTS; slot++) {
    values[SUMMARY_INDEX.cost_total * REGION_SLOTS + slot] = costTotal;
    values[SUMMARY_INDEX.deaths_total * REGION_SLOTS + slot] = deaths;
  }
  return values;
}

describe('costPerDeathAverted', () => {
  it('divides extra cost by deaths averted run by run', () => {
    const base = [run(100, 10), run(100, 20), run(100, 30)];
    const plan = [run(130, 9), run(160, 17), run(200, 25)];
    const result = costPerDeathAverted(base, plan, NATIONAL, REGION_SLOTS);
    // Runs: 30 / 1, 60 / 3 and 100 / 5, so 30, 20 and 20.
    expect(result.perRun.p50).toBe(20);
    expect(result.perRun.mean).toBeCloseTo(70 / 3, 12);
    // Mean extra cost 190 / 3 over mean deaths averted 9 / 3.
    expect(result.ratioOfMeans).toBeCloseTo(190 / 9, 12);
    expect(result.meanExtraCost).toBeCloseTo(190 / 3, 12);
    expect(result.meanDeathsAverted).toBe(3);
    expect(result.noDeathsAvertedShare).toBe(0);
  });

  it('leaves out runs that avert no death', () => {
    const base = [run(100, 10), run(100, 10), run(100, 10), run(100, 10)];
    // Two deaths averted, none, one more death, and four averted.
    const plan = [run(140, 8), run(140, 10), run(140, 11), run(140, 6)];
    const result = costPerDeathAverted(base, plan, NATIONAL, REGION_SLOTS);
    expect(result.noDeathsAvertedShare).toBe(0.5);
    // Only 40 / 2 and 40 / 4 enter the quantiles.
    expect(result.perRun.p5).toBeCloseTo(10.5, 12);
    expect(result.perRun.p95).toBeCloseTo(19.5, 12);
    expect(result.perRun.mean).toBe(15);
    // Mean deaths averted (2 + 0 - 1 + 4) / 4 = 1.25.
    expect(result.ratioOfMeans).toBe(40 / 1.25);
  });

  it('has no ratio when no run averts a death', () => {
    const base = [run(100, 10), run(100, 10)];
    const plan = [run(150, 10), run(150, 10)];
    const result = costPerDeathAverted(base, plan, NATIONAL, REGION_SLOTS);
    expect(result.ratioOfMeans).toBeNaN();
    expect(result.perRun.p50).toBeNaN();
    expect(result.perRun.mean).toBeNaN();
    expect(result.noDeathsAvertedShare).toBe(1);
    expect(result.meanExtraCost).toBe(50);
    expect(result.meanDeathsAverted).toBe(0);
  });

  it('has no ratio when deaths rise on average', () => {
    const base = [run(100, 10), run(100, 10)];
    // One run averts a death, the other adds three.
    const plan = [run(50, 9), run(50, 13)];
    const result = costPerDeathAverted(base, plan, NATIONAL, REGION_SLOTS);
    expect(result.ratioOfMeans).toBeNaN();
    expect(result.meanDeathsAverted).toBe(-1);
    expect(result.perRun.p50).toBe(-50);
    expect(result.noDeathsAvertedShare).toBe(0.5);
  });

  it('gives a negative ratio for a plan that saves money and lives', () => {
    const result = costPerDeathAverted([run(100, 10)], [run(80, 8)], NATIONAL, REGION_SLOTS);
    expect(result.ratioOfMeans).toBe(-10);
  });

  it('finds no deaths averted against itself', () => {
    const runs = [run(100, 10), run(120, 12)];
    const result = costPerDeathAverted(runs, runs, NATIONAL, REGION_SLOTS);
    expect(result.meanExtraCost).toBe(0);
    expect(result.noDeathsAvertedShare).toBe(1);
    expect(result.ratioOfMeans).toBeNaN();
  });

  it('reads each region slot', () => {
    const base = run(100, 10);
    const plan = run(100, 10);
    plan[SUMMARY_INDEX.cost_total * REGION_SLOTS] = 130;
    plan[SUMMARY_INDEX.deaths_total * REGION_SLOTS] = 7;
    const [region, national] = costPerDeathAvertedBySlot([base], [plan], REGION_SLOTS);
    expect(region!.ratioOfMeans).toBe(10);
    expect(national!.ratioOfMeans).toBeNaN();
  });

  it('rejects batches of different sizes', () => {
    expect(() => costPerDeathAverted([run(1, 1)], [], NATIONAL, REGION_SLOTS)).toThrow(RangeError);
    expect(() => costPerDeathAverted([], [], NATIONAL, REGION_SLOTS)).toThrow(RangeError);
  });
});
