import { describe, expect, it } from 'vitest';

import { checkStability } from '../../scenarios/stability.js';
import { twoRegionDocument } from './fixtures.js';

function pathsOf(document: unknown): string[] {
  return checkStability(document).map((problem) => problem.path);
}

describe('checkStability', () => {
  it('accepts the defaults', () => {
    expect(pathsOf(twoRegionDocument())).toEqual([]);
  });

  it('reports a step that does not divide one day', () => {
    const document = twoRegionDocument();
    document.simulation.stochasticStepDays = 0.3;
    expect(pathsOf(document)).toContain('simulation.stochasticStepDays');
  });

  it('accepts steps of 1/n days', () => {
    const document = twoRegionDocument();
    document.simulation.stepDays = 0.1;
    document.simulation.stochasticStepDays = 1 / 8;
    expect(pathsOf(document)).toEqual([]);
  });

  it('reports a duration too short for the step', () => {
    const document = twoRegionDocument();
    document.care = { admissionDays: 0.4 };
    const problems = checkStability(document);
    expect(problems.map((p) => p.path)).toEqual(['care.admissionDays']);
    expect(problems[0]!.expected).toBe('days, at least 0.5 with simulation.stochasticStepDays = 0.25');
  });

  it('counts the two latent sub-stages', () => {
    // 2 / 0.9 x 0.25 = 0.56 > 0.5, although 1 / 0.9 x 0.25 would pass.
    const document = twoRegionDocument();
    document.epidemiology.latentDays = 0.9;
    expect(pathsOf(document)).toEqual(['epidemiology.latentDays']);
  });

  it('checks a distribution at its lowest value', () => {
    const document = twoRegionDocument();
    document.epidemiology.mildDays = { dist: 'uniform', min: 0.3, max: 10 };
    document.epidemiology.asymptomaticDays = { dist: 'normal', mean: 2, sd: 0.4 };
    expect(pathsOf(document)).toEqual(['epidemiology.asymptomaticDays', 'epidemiology.mildDays']);
  });

  it('checks the stochastic step only', () => {
    const document = twoRegionDocument();
    document.simulation.stepDays = 1;
    document.simulation.stochasticStepDays = 0.5;
    const problems = checkStability(document);
    expect(problems.map((p) => p.path)).toContain('care.admissionDays');
    expect(problems[0]!.message).toContain('simulation.stochasticStepDays = 0.5');
  });

  it('checks the fixed deterministic step of rk4', () => {
    const document = twoRegionDocument();
    Object.assign(document.simulation, { solver: 'rk4', stepDays: 0.5, stochasticStepDays: 0.125 });
    document.care = { admissionDays: 0.4 };
    const problems = checkStability(document);
    expect(problems.map((p) => p.path)).toEqual(['care.admissionDays']);
    expect(problems[0]!.expected).toBe('days, at least 0.5 with simulation.stepDays = 0.5');
    expect(problems[0]!.message).toContain('must be at most 1 with simulation.stepDays = 0.5');
  });

  it('allows a whole-day deterministic step', () => {
    const document = twoRegionDocument();
    document.simulation.stepDays = 1;
    document.simulation.stochasticStepDays = 0.25;
    expect(pathsOf(document)).toEqual([]);
  });

  it('reports a seeking share that gives too fast a rate', () => {
    const document = twoRegionDocument();
    document.testing = { seeking: [{ from: '2020-03-01', mildShare: 0.95, severeShare: 0.5 }] };
    expect(pathsOf(document)).toEqual(['testing.seeking[0].mildShare']);
  });

  it('reports a quarantine retest rate too fast for the step', () => {
    const document = twoRegionDocument();
    document.tracing = { quarantineRetestPerDay: 3 };
    expect(pathsOf(document)).toEqual(['tracing.quarantineRetestPerDay']);
  });
});
