import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatCommand } from '../../../cli/calibrate/command.js';
import { monthEnds } from '../../../cli/calibrate/fit-document.js';
import { defaultFitNames, overlapWarnings, resolveCalibrateSettings, resolveFitNames } from '../../../cli/calibrate/settings.js';
import { validateScenario, type Scenario } from '../../../scenarios/scenario.js';

function korea(): Scenario {
  const result = validateScenario(JSON.parse(readFileSync(new URL('../../../scenarios/korea-2020.json', import.meta.url), 'utf8')));
  if (!result.ok) throw new Error('the Korea scenario is invalid');
  return result.scenario;
}

describe('defaultFitNames', () => {
  it('picks the Korea set for the first wave', () => {
    expect(defaultFitNames(korea(), '2020-02-18', '2020-04-30')).toEqual([
      'transmission.scale',
      'distancing[5].scale',
      'distancing[6].scale',
      'distancing[7].scale',
      'seeding:KR-27.scale',
      'seeding:KR-27.shiftDays',
      'seeding:KR-47.scale',
      'seeding:KR-47.shiftDays',
      'testing.seeking.mildShare.scale',
      'dispersion',
    ]);
  });

  it('follows the window', () => {
    // From 2020-04-01 the intensive campaign covers 19 days and the relaxed one 20 of the window.
    const names = defaultFitNames(korea(), '2020-04-01', '2020-05-31');
    expect(names).toContain('distancing[8].scale');
    expect(names).toContain('distancing[7].scale');
    expect(names).not.toContain('distancing[4].scale');
  });
});

describe('overlapWarnings', () => {
  it('names two parameters that change one seeding entry', () => {
    const { parameters } = resolveFitNames(['seeding[0].scale', 'seeding:KR-11.scale', 'transmission.scale'], korea());
    const warnings = overlapWarnings(parameters);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('seeding[0].scale and seeding:KR-11.scale, which both change seeding entry 0;');
  });

  it('keeps quiet about separate entries and kinds', () => {
    const names = ['seeding:KR-27.scale', 'seeding:KR-47.scale', 'seeding:KR-27.shiftDays', 'transmission.scale'];
    expect(overlapWarnings(resolveFitNames(names, korea()).parameters)).toEqual([]);
  });

  it('keeps quiet about the default Korea set', () => {
    const names = defaultFitNames(korea(), '2020-02-18', '2020-04-30');
    expect(overlapWarnings(resolveFitNames(names, korea()).parameters)).toEqual([]);
  });
});

describe('resolveCalibrateSettings', () => {
  it('fills the defaults', () => {
    const settings = resolveCalibrateSettings({ scenario: 'korea.json', observed: 'cases.csv' }, korea());
    expect(settings).toMatchObject({
      fitNames: undefined,
      maxEvaluations: 4000,
      intervals: true,
      adjustIntervals: true,
      outDir: 'out/fit-Korea-2020-first-wave',
      from: undefined,
      to: undefined,
    });
  });

  it('reads each interval choice', () => {
    const choices = (['adjusted', 'profile', 'none'] as const).map((intervals) => {
      const settings = resolveCalibrateSettings({ scenario: 'k.json', observed: 'c.csv', intervals }, korea());
      return [settings.intervals, settings.adjustIntervals];
    });
    expect(choices).toEqual([
      [true, true],
      [true, false],
      [false, false],
    ]);
  });

  it('rejects a name that cannot be fitted', () => {
    expect(() =>
      resolveCalibrateSettings({ scenario: 'k.json', observed: 'c.csv', fit: ['distancing[0].scale'] }, korea()),
    ).toThrow('--fit: cannot fit distancing[0].scale: a contact multiplier of that period is already 0 or 2');
  });
});

describe('monthEnds', () => {
  it('finds the last day of each month', () => {
    expect(monthEnds(['2020-02-28', '2020-02-29', '2020-03-01', '2020-03-31', '2020-04-01'])).toEqual([
      '2020-02-29',
      '2020-03-31',
    ]);
  });
});

describe('formatCommand', () => {
  it('quotes what a shell would split', () => {
    expect(formatCommand(['calibrate', 'a b.json', '--fit', 'distancing[5].scale', "it's"])).toBe(
      "tttsim calibrate 'a b.json' --fit 'distancing[5].scale' 'it'\\''s'",
    );
  });
});
