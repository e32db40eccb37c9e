import { describe, expect, test } from 'vitest';
import { METRIC_INDEX, SUMMARY_INDEX, createRunRandom, seriesOffset, simulate, type CompiledModel } from '../../engine/index.js';
import { DEFAULT_SCENARIO_PATH, compileScenario, loadScenarioFile } from '../../scenarios/index.js';
import { shippedScenarioPath } from '../../scenarios/paths.js';

async function modelOf(path: string): Promise<CompiledModel> {
  const loaded = await loadScenarioFile(path);
  if (!loaded.ok) throw new Error(`${path} is invalid: ${JSON.stringify(loaded.problems)}`);
  return compileScenario(loaded.scenario, { sampling: 'central' });
}

const defaultModel = (): Promise<CompiledModel> => modelOf(DEFAULT_SCENARIO_PATH);

/** Returns Daegu's cumulative confirmed cases on the last day of a deterministic run. */
function daeguConfirmed(model: CompiledModel, daegu: number): number {
  const { series } = simulate(model, 'deterministic', createRunRandom(1, 0));
  const offset = seriesOffset(METRIC_INDEX.confirmed_cum, daegu, model.regionCount, model.dayCount);
  return series[offset + model.dayCount - 1]!;
}

/** Returns the change of Daegu's final count per unit relative change of the transmission per contact. */
function sensitivityToTransmission(model: CompiledModel, daegu: number, relative: number): number {
  const base = daeguConfirmed(model, daegu);
  const beta = model.transmission.transmissionPerContact;
  const raised = { ...model, transmission: { ...model.transmission, transmissionPerContact: beta * (1 + relative) } };
  return (daeguConfirmed(raised, daegu) - base) / relative;
}

function nationalOutcome(model: CompiledModel): { deaths: number; peakIcu: number } {
  const { summary } = simulate(model, 'deterministic', createRunRandom(1, 0));
  const at = (index: number): number => summary[index * (model.regionCount + 1) + model.regionCount]!;
  return { deaths: at(SUMMARY_INDEX.deaths_total), peakIcu: at(SUMMARY_INDEX.icu_peak_occupied) };
}

describe('default scenario', () => {
  test('barely changes when the step is halved', async () => {
    const model = await defaultModel();
    const base = nationalOutcome(model);
    const halved = nationalOutcome({ ...model, stepDays: model.stepDays / 2 });
    expect(base.deaths).toBeGreaterThan(10);
    expect(base.peakIcu).toBeGreaterThan(10);
    expect(Math.abs(halved.deaths / base.deaths - 1)).toBeLessThan(0.01);
    expect(Math.abs(halved.peakIcu / base.peakIcu - 1)).toBeLessThan(0.01);
  }, 60_000);

  test('agrees with the error-controlled solver', async () => {
    const model = await defaultModel();
    expect(model.deterministicSolver).toBe('rk4');
    const fixed = nationalOutcome(model);
    // The adaptive solver keeps each step's error within 1e-6 of every state, so it stands in for
    // the exact solution; the fixed step must land within 1 % of it.
    const adaptive = nationalOutcome({ ...model, deterministicSolver: 'dopri5', stepDays: 1 });
    expect(Math.abs(fixed.deaths / adaptive.deaths - 1)).toBeLessThan(0.01);
    expect(Math.abs(fixed.peakIcu / adaptive.peakIcu - 1)).toBeLessThan(0.01);
  }, 60_000);

  test('responds alike to transmission at both steps', async () => {
    // In the fitted run, tracing in Daegu in late March once amplified a difference between two
    // half-day runs 3 to 6 times a day, so that the likelihood jumped between neighbouring values.
    const path = shippedScenarioPath('korea-2020-fitted.json');
    const loaded = await loadScenarioFile(path);
    if (!loaded.ok) throw new Error(`${path} is invalid`);
    const daegu = loaded.scenario.regions.findIndex((region) => region.code === 'KR-27');
    const model = compileScenario(loaded.scenario, { sampling: 'central' });
    expect(model.stepDays).toBe(0.5);
    const half = sensitivityToTransmission(model, daegu, 1e-7);
    const quarter = sensitivityToTransmission({ ...model, stepDays: 0.25 }, daegu, 1e-7);
    expect(Math.abs(quarter)).toBeGreaterThan(100);
    expect(Math.abs(half / quarter - 1)).toBeLessThan(0.05);
  }, 60_000);
});
