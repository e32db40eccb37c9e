import { describe, expect, it } from 'vitest';

import { buildProblem } from '../../../cli/calibrate/problem.js';
import type { ObservedCounts } from '../../../cli/calibrate/observed-counts.js';
import type { CalibrateSettings } from '../../../cli/calibrate/settings.js';
import { InputError } from '../../../cli/messages.js';
import { calendarOf } from '../../../scenarios/index.js';
import { validOrThrow } from '../../scenarios/fixtures.js';
import { twoRegionFitDocument } from '../../workers/calibrate/fixtures.js';

// The fixture simulates 2020-02-01 to 2020-04-10.
const scenario = validOrThrow(twoRegionFitDocument());
const { dates } = calendarOf(scenario);

/** Returns observed daily confirmed cases of 10 in both regions on each day from `first` for `days` days. */
function observedFrom(first: string, days: number): ObservedCounts {
  const values = new Map<string, number>();
  for (let day = 0; day < days; day++) {
    const date = new Date(Date.parse(first) + day * 86_400_000).toISOString().slice(0, 10);
    values.set(date, 10);
  }
  const table = new Map([
    ['XA-01', values],
    ['XA-02', new Map(values)],
  ]);
  return { format: 'tidy', daily: new Map([['confirmed', table]]), cumulative: new Map(), warnings: [] };
}

function settingsWith(from: string | undefined, to: string | undefined): CalibrateSettings {
  return {
    observedPath: 'cases.csv',
    testsPath: undefined,
    from,
    to,
    fitNames: ['transmission.scale'],
    outDir: 'unused',
    workers: 1,
    maxEvaluations: 1,
    intervals: false,
    adjustIntervals: false,
  };
}

/** Returns the message of the input error that buildProblem raises. */
function failureOf(observed: ObservedCounts, from: string | undefined, to: string | undefined): string {
  try {
    buildProblem(scenario, settingsWith(from, to), observed, undefined, dates, 'XA');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected buildProblem to raise an InputError');
}

describe('buildProblem window', () => {
  it('blames a file outside the simulation', () => {
    const message = failureOf(observedFrom('2019-01-01', 30), undefined, undefined);
    expect(message).toContain('window from 2020-02-01 (the simulation start) to 2019-01-30 (the last observed day)');
    expect(message).toContain('the confirmed cases in cases.csv run from 2019-01-01 to 2019-01-30');
    expect(message).toContain('the simulation from 2020-02-01 to 2020-04-10');
    expect(message).toContain('give an --observed file with confirmed cases within the simulation');
    expect(message).not.toContain('give --from');
  });

  it('names --from after the data', () => {
    const message = failureOf(observedFrom('2020-02-10', 20), '2020-03-15', undefined);
    expect(message).toContain('window from 2020-03-15 (--from) to 2020-02-29 (the last observed day)');
    expect(message).toContain('run from 2020-02-10 to 2020-02-29');
    expect(message).toContain('give --from and --to within both');
  });

  it('names --to before the data', () => {
    const message = failureOf(observedFrom('2020-02-10', 20), undefined, '2020-02-05');
    expect(message).toContain('window from 2020-02-10 (the first observed day) to 2020-02-05 (--to)');
    expect(message).toContain('run from 2020-02-10 to 2020-02-29');
  });

  it('gives the data range for a window without data', () => {
    const message = failureOf(observedFrom('2020-02-10', 20), '2020-03-15', '2020-04-01');
    expect(message).toContain('no confirmed cases for the scenario\'s regions from 2020-03-15 to 2020-04-01');
    expect(message).toContain('its confirmed cases run from 2020-02-10 to 2020-02-29');
  });

  it('accepts a window with data', () => {
    const built = buildProblem(scenario, settingsWith(undefined, undefined), observedFrom('2020-02-10', 20), undefined, dates, 'XA');
    expect(built.problem.from).toBe('2020-02-10');
    expect(built.problem.to).toBe('2020-02-29');
  });

  it('warns about a window wider than the data', () => {
    const built = buildProblem(scenario, settingsWith('2020-02-01', '2020-04-01'), observedFrom('2020-02-10', 20), undefined, dates, 'XA');
    expect(built.warnings).toEqual([
      'warning: --from 2020-02-01 lies before the first observed day of confirmed cases, so the fit window starts ' +
        'on 2020-02-10, as fit.json records',
      'warning: --to 2020-04-01 lies after the last observed day of confirmed cases, so the fit window ends ' +
        'on 2020-02-29, as fit.json records',
    ]);
    expect(built.problem.from).toBe('2020-02-10');
    expect(built.problem.to).toBe('2020-02-29');
  });

  it('keeps quiet about a window within the data', () => {
    const built = buildProblem(scenario, settingsWith('2020-02-10', '2020-02-29'), observedFrom('2020-02-10', 20), undefined, dates, 'XA');
    expect(built.warnings).toEqual([]);
  });
});

describe('buildProblem one-day window', () => {
  /** Returns the warnings of buildProblem that are about a window of one day. */
  function oneDayWarnings(observed: ObservedCounts, from: string | undefined, to: string | undefined): string[] {
    const { warnings } = buildProblem(scenario, settingsWith(from, to), observed, undefined, dates, 'XA');
    return warnings.filter((warning) => warning.includes('has one day'));
  }

  it('warns when --from equals --to', () => {
    expect(oneDayWarnings(observedFrom('2020-02-10', 20), '2020-02-15', '2020-02-15')).toEqual([
      'warning: the fit window from 2020-02-15 (--from) to 2020-02-15 (--to) has one day, and one day of counts ' +
        'cannot show how fast the cases grow, so the fit can hardly tell its parameters apart; end the window ' +
        'later with --to (observed cases within the simulation run to 2020-02-29)',
    ]);
  });

  it('names the observed day that ends a window', () => {
    const [warning] = oneDayWarnings(observedFrom('2020-02-10', 20), '2020-02-29', undefined);
    expect(warning).toContain('window from 2020-02-29 (--from) to 2020-02-29 (the last observed day) has one day');
    expect(warning).toContain('start the window earlier with --from (observed cases within the simulation start on 2020-02-10)');
  });

  it('names the observed day a --from moved to', () => {
    const [warning] = oneDayWarnings(observedFrom('2020-02-10', 20), '2020-02-01', '2020-02-10');
    expect(warning).toContain('window from 2020-02-10 (the first observed day) to 2020-02-10 (--to) has one day');
    expect(warning).toContain('end the window later with --to (observed cases within the simulation run to 2020-02-29)');
  });

  it('names the simulation end', () => {
    const [warning] = oneDayWarnings(observedFrom('2020-04-01', 20), '2020-04-10', undefined);
    expect(warning).toContain('window from 2020-04-10 (--from) to 2020-04-10 (the simulation end) has one day');
    expect(warning).toContain('start the window earlier with --from (observed cases within the simulation start on 2020-04-01)');
  });

  it('asks for more data when one day is observed', () => {
    const [warning] = oneDayWarnings(observedFrom('2020-02-10', 1), undefined, undefined);
    expect(warning).toContain('window from 2020-02-10 (the first observed day) to 2020-02-10 (the last observed day)');
    expect(warning).toContain('give an --observed file with confirmed cases on more days of the simulation');
  });

  it('keeps quiet about a two-day window', () => {
    expect(oneDayWarnings(observedFrom('2020-02-10', 20), '2020-02-15', '2020-02-16')).toEqual([]);
  });
});

describe('buildProblem warnings', () => {
  it('names the regions without observed cases in one warning', () => {
    const observed = observedFrom('2020-02-10', 20);
    observed.daily.get('confirmed')!.delete('XA-02');
    const { warnings } = buildProblem(scenario, settingsWith(undefined, undefined), observed, undefined, dates, 'XA');
    expect(warnings.filter((warning) => warning.includes('has no confirmed cases for'))).toEqual([
      'warning: --observed has no confirmed cases for XA-02, so the fit leaves that region out',
    ]);
  });
});

describe('buildProblem tests', () => {
  it('rejects tests outside the window', () => {
    const tests = { daily: new Map([['2021-01-02', 500]]), warnings: [] };
    const settings = { ...settingsWith(undefined, undefined), testsPath: 'tests.csv' };
    const build = () => buildProblem(scenario, settings, observedFrom('2020-02-10', 20), tests, dates, 'XA');
    expect(build).toThrow(InputError);
    expect(build).toThrow(
      '--tests file tests.csv has no daily tests from 2020-02-10 to 2020-02-29, and its daily tests run from ' +
        '2021-01-02 to 2021-01-02; give a file that covers the window, or leave out --tests',
    );
  });
});

describe('buildProblem negative days', () => {
  it('explains falling test counts', () => {
    const tests = { daily: new Map([['2020-02-11', -5], ['2020-02-12', 400]]), warnings: [] };
    const settings = { ...settingsWith(undefined, undefined), testsPath: 'tests.csv' };
    const { warnings } = buildProblem(scenario, settings, observedFrom('2020-02-10', 20), tests, dates, 'XA');
    expect(warnings).toContain(
      'warning: 1 day (XA on 2020-02-11) of observed tests fell below the day before in a cumulative count ' +
        '(a correction of the count); the fit leaves those days out',
    );
  });
});

describe('buildProblem seeding near the window end', () => {
  /** Builds the problem of fitting `name` over observed days that run to `to`, and returns its warnings. */
  function seedingWarnings(name: string, to: string, fitScenario = scenario): string[] {
    const settings = { ...settingsWith('2020-02-10', to), fitNames: ['transmission.scale', name] };
    return buildProblem(fitScenario, settings, observedFrom('2020-02-10', 20), undefined, dates, 'XA').warnings;
  }

  // The fixture seeds XA-02 from 2020-02-20. Its epidemiology and testing keep the defaults: 3 latent days, 2
  // pre-symptomatic days and a test turnaround of 1 day, so an infection takes about 6 days to be confirmed.
  it('warns when confirmation takes longer', () => {
    expect(seedingWarnings('seeding:XA-02.scale', '2020-02-22')).toEqual([
      'warning: --fit seeding:XA-02.scale: the seeding it changes starts on 2020-02-20 at the earliest, 2 days ' +
        'before the fit window ends on 2020-02-22. An infection takes about 6 days to be confirmed (3 latent, 2 ' +
        'pre-symptomatic and 1 test turnaround days), so few of its cases fall in the window and the observed days ' +
        'can hardly tell its values apart; end the window on 2020-02-26 or later with --to, or leave ' +
        'seeding:XA-02.scale out',
    ]);
  });

  it('names the last day of the window', () => {
    const [warning] = seedingWarnings('seeding:XA-02.scale', '2020-02-20');
    expect(warning).toContain('starts on 2020-02-20 at the earliest, the last day of the fit window.');
    expect(warning).toContain('end the window on 2020-02-26 or later with --to');
  });

  it('keeps quiet with time to confirm', () => {
    expect(seedingWarnings('seeding:XA-02.scale', '2020-02-26')).toEqual([]);
  });

  it('counts the earliest shift', () => {
    // The shift can move the seeding back to the simulation start, 2020-02-01.
    expect(seedingWarnings('seeding:XA-02.shiftDays', '2020-02-20')).toEqual([]);
  });

  it("reads the scenario's periods", () => {
    const document = twoRegionFitDocument();
    document['epidemiology'].latentDays = { dist: 'uniform', min: 8, max: 12 };
    document['epidemiology'].presymptomaticDays = 2.5;
    document['testing'].turnaroundDays = 0.5;
    const [warning] = seedingWarnings('seeding:XA-02.scale', '2020-02-29', validOrThrow(document));
    expect(warning).toContain('9 days before the fit window ends on 2020-02-29');
    expect(warning).toContain('about 13 days to be confirmed (10 latent, 2.5 pre-symptomatic and 0.5 test turnaround days)');
    expect(warning).toContain('end the window on 2020-03-04 or later');
  });

  it('still rejects a seeding after the window', () => {
    expect(() => seedingWarnings('seeding:XA-02.scale', '2020-02-19')).toThrow(
      '--fit seeding:XA-02.scale: the seeding it changes starts on 2020-02-20 at the earliest, after the fit window ' +
        'ends on 2020-02-19',
    );
  });
});
