import { describe, expect, test } from 'vitest';
import { SUMMARY_INDEX, createRunRandom, simulate, type CompiledModel } from '../../engine/index.js';
import { DEFAULT_SCENARIO_PATH, compileScenario, loadScenarioFile } from '../../scenarios/index.js';

async function defaultModel(): Promise<CompiledModel> {
  const loaded = await loadScenarioFile(DEFAULT_SCENARIO_PATH);
  if (!loaded.ok) throw new Error(`default scenario is invalid: ${JSON.stringify(loaded.problems)}`);
  return compileScenario(loaded.scenario, { sampling: 'central' });
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
});
