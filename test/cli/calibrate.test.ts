import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

import { createObjective, type CalibrationProblem } from '../../dist/workers/calibrate/index.js';
import { parseFitParameter } from '../../dist/scenarios/index.js';
import { validOrThrow } from '../scenarios/fixtures.js';
import { negativeBinomialCounts, twoRegionFitDocument } from '../workers/calibrate/fixtures.js';

// These tests run the built command line, so run `npx tsc -p tsconfig.json` first.
const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const tempDir = realpathSync(mkdtempSync(join(tmpdir(), 'tttsim-calibrate-')));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const OBSERVED_DIR = process.env['TTTSIM_OBSERVED_DIR'];

interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): CliResult {
  const result = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: tempDir, timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** True values behind the synthetic data, with the tolerance each estimate must meet. */
const TRUTH = [
  // Five per cent: R0 sets the growth rate, which the rise over the first month pins down.
  { name: 'transmission.scale', value: 1.1, tolerance: 0.05 },
  // Half a day: the start of the rise dates the seeding.
  { name: 'seeding:XA-01.shiftDays', value: 2.5, tolerance: 0.5 },
  // Ten per cent: the campaign acts only on the last month, so its effect is the loosest of the three.
  { name: 'distancing[0].scale', value: 1.3, tolerance: 0.13 },
];

const scenarioPath = join(tempDir, 'two-regions.json');
writeFileSync(scenarioPath, JSON.stringify(twoRegionFitDocument()));

/**
 * Writes the synthetic observations as a tidy CSV `date,region,confirmed`: negative binomial draws
 * (dispersion 0.1) around the daily confirmed cases of a deterministic run at the true values.
 */
function writeSyntheticObservations(): string {
  const scenario = validOrThrow(twoRegionFitDocument());
  const dates: string[] = [];
  for (let day = 9; day < 70; day++) dates.push(new Date(Date.UTC(2020, 1, 1 + day)).toISOString().slice(0, 10));
  const problem: CalibrationProblem = {
    scenario,
    parameters: TRUTH.map((truth) => parseFitParameter(truth.name, scenario)),
    fitDispersion: false,
    from: dates[0]!,
    to: dates.at(-1)!,
    streams: [
      {
        quantity: 'confirmed',
        series: scenario.regions.map((region, regionSlot) => ({
          region: region.code,
          regionSlot,
          counts: dates.map(() => 0),
        })),
      },
    ],
  };
  const means = createObjective(problem).simulateMeans(TRUTH.map((truth) => truth.value));
  const lines = ['date,region,confirmed'];
  scenario.regions.forEach((region, r) => {
    const counts = negativeBinomialCounts(means[0]![r]!, 0.1, `synthetic ${region.code}`);
    dates.forEach((date, d) => lines.push(`${date},${region.code},${counts[d]}`));
  });
  const path = join(tempDir, 'synthetic.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
const observedPath = writeSyntheticObservations();

function readJson(path: string): any {
  return JSON.parse(readFileSync(path, 'utf8'));
}

describe('tttsim calibrate', () => {
  it('recovers a synthetic truth', { timeout: 60_000 }, () => {
    const out = join(tempDir, 'fit-synthetic');
    const names = [...TRUTH.map((truth) => truth.name), 'dispersion'];
    const result = cli('calibrate', scenarioPath, '--observed', observedPath, '--fit', ...names, '--out', out);
    expect(result.stderr).not.toContain('warning: the fit needs review');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('wrote scenario.fitted.json, fit.json, fit.html to');
    expect(readdirSync(out).sort()).toEqual(['fit.html', 'fit.json', 'scenario.fitted.json']);

    const fit = readJson(join(out, 'fit.json'));
    expect(fit.status).toBe('converged');
    expect(fit.window).toEqual({ from: '2020-02-10', to: '2020-04-10' });
    TRUTH.forEach((truth, i) => {
      const parameter = fit.parameters[i];
      expect(parameter.name).toBe(truth.name);
      expect(Math.abs(parameter.estimate - truth.value), truth.name).toBeLessThan(truth.tolerance);
      expect(parameter.interval95.lower, truth.name).toBeLessThan(parameter.estimate);
      expect(parameter.interval95.upper, truth.name).toBeGreaterThan(parameter.estimate);
      // The profile peaks at the estimate and falls to each side, and the interval ends lie on it.
      const values = parameter.profile.map((point: any) => point.value);
      expect(values, truth.name).toEqual([...values].sort((a, b) => a - b));
      const top = parameter.profile.find((point: any) => point.value === parameter.estimate);
      expect(top.drop, truth.name).toBe(0);
      expect(Math.min(...values), truth.name).toBeLessThanOrEqual(parameter.interval95.lower * (1 + 1e-9));
      expect(Math.max(...values), truth.name).toBeGreaterThanOrEqual(parameter.interval95.upper * (1 - 1e-9));
      for (const point of parameter.profile) {
        expect(point.drop, truth.name).toBeCloseTo(fit.logLikelihood - point.logLikelihood, 9);
        expect(point.drop, truth.name).toBeGreaterThanOrEqual(-0.05);
      }
    });

    // The fitted scenario lists the intervals for sampled runs.
    const scenario = readJson(join(out, 'scenario.fitted.json'));
    expect(scenario.fitUncertainty).toEqual(
      fit.parameters.map((parameter: any) => ({
        name: parameter.name,
        estimate: parameter.estimate,
        lower: parameter.interval95.lower,
        upper: parameter.interval95.upper,
      })),
    );
    expect([scenario.source].flat().at(-1)).toContain('sampled runs draw the fitted parameters within them');
    // The correlation of the estimates goes with them.
    expect(fit.correlation.failure).toBeNull();
    expect(fit.correlation.method).toContain('negative Hessian');
    expect(scenario.fitCorrelation).toEqual({ parameters: TRUTH.map((truth) => truth.name), matrix: fit.correlation.matrix });
    expect(fit.evaluations.curvature).toBe(19);
    expect(fit.series.map((series: any) => series.region)).toEqual(['XA-01', 'XA-02']);
    expect(fit.series[0].monthEnds.map((end: any) => end.date)).toEqual(['2020-02-29', '2020-03-31']);
    expect(fit.intervalMethod).toContain('profile likelihood, 95 %');
    // By default the intervals are widened for the residuals' autocorrelation, and fit.json reports by how much.
    const adjustment = fit.intervalAdjustment;
    expect(adjustment.method).toContain('lag-1 autocorrelation of the Pearson residuals');
    expect(adjustment.pairs).toBe(2 * 60);
    expect(adjustment.varianceFactor).toBeGreaterThanOrEqual(1);
    expect(adjustment.targetDrop).toBeCloseTo(1.920729 * adjustment.varianceFactor, 5);
    expect(fit.intervalMethod).toContain(`times the variance factor (1 + r) / (1 - r) = ${adjustment.varianceFactor.toFixed(3)}`);
    expect(fit.trace.length).toBeGreaterThan(10);
  });

  it('writes a scenario that run takes', { timeout: 60_000 }, () => {
    const out = join(tempDir, 'fit-for-run');
    const fitted = join(out, 'scenario.fitted.json');
    const fitResult = cli('calibrate', scenarioPath, '--observed', observedPath, '--fit', 'transmission.scale', '--intervals', 'none', '--out', out);
    expect(fitResult.status).toBe(0);

    const scenario = readJson(fitted);
    expect(scenario.name).toBe('Two regions to fit (fitted)');
    expect(scenario.source).toContain(`tttsim calibrate ${scenarioPath} --observed ${observedPath}`);
    expect(scenario.source).toContain('in the fit.json written beside this file, without intervals (--intervals none)');
    expect(scenario.source).not.toContain('profile-likelihood intervals');
    expect(scenario.transmission.note).toMatch(/^transmission.scale = [\d.]+: fitted by maximum likelihood to synthetic.csv/);
    const fit = readJson(join(out, 'fit.json'));
    expect(scenario.transmission.r0).toBeCloseTo(2.4 * fit.parameters[0].estimate, 10);

    const run = cli('run', fitted, '--mode', 'deterministic', '--out', join(tempDir, 'run-fitted'));
    expect(run.stderr).not.toContain('invalid');
    expect(run.status).toBe(0);
  });

  it('keeps one fitted suffix on a refit', { timeout: 60_000 }, () => {
    const path = join(tempDir, 'already-fitted.json');
    writeFileSync(path, JSON.stringify({ ...twoRegionFitDocument(), name: 'Two regions to fit (fitted)' }));
    const out = join(tempDir, 'fit-again');
    const fit = ['--fit', 'transmission.scale', '--max-evaluations', '4', '--intervals', 'none'];
    const result = cli('calibrate', path, '--observed', observedPath, ...fit, '--out', out);
    expect(result.stderr).not.toContain('invalid');
    expect(readJson(join(out, 'scenario.fitted.json')).name).toBe('Two regions to fit (fitted)');
  });

  it('exits with 3 when the search runs out', { timeout: 60_000 }, () => {
    const out = join(tempDir, 'fit-short');
    const result = cli('calibrate', scenarioPath, '--observed', observedPath, '--max-evaluations', '8', '--intervals', 'none', '--out', out);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(
      'warning: the fit needs review, so the exit code is 3: the search did not converge within the limit of 8 evaluations',
    );
    const fit = readJson(join(out, 'fit.json'));
    expect(fit.status).toBe('needs review');
    expect(fit.converged).toBe(false);
  });

  it('rejects a limit below the first simplex', { timeout: 60_000 }, () => {
    const out = join(tempDir, 'fit-too-few');
    const fit = ['--fit', 'transmission.scale', 'seeding:XA-01.shiftDays', 'dispersion'];
    const result = cli('calibrate', scenarioPath, '--observed', observedPath, ...fit, '--max-evaluations', '2', '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--max-evaluations 2 is below the 3 runs the search needs to start');
    expect(existsSync(out)).toBe(false);
  });

  it('exits with 3 when an estimate is on a bound', { timeout: 60_000 }, () => {
    // Without its campaign the model cannot bend the curve down, so the growth rate is pushed to the bottom of its range.
    const document = twoRegionFitDocument();
    document['transmission'].r0 = 8;
    const path = join(tempDir, 'too-fast.json');
    writeFileSync(path, JSON.stringify(document));
    const out = join(tempDir, 'fit-bound');
    const result = cli('calibrate', path, '--observed', observedPath, '--fit', 'transmission.scale', '--intervals', 'none', '--out', out);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('the estimate of transmission.scale lies on a bound of its range');
    expect(readJson(join(out, 'fit.json')).parameters[0].onBound).toBe(true);
  });

  it('exits with 3 when nothing is confirmed', { timeout: 60_000 }, () => {
    // The window ends before the first seeded infection, so no parameter value changes the likelihood.
    const document = twoRegionFitDocument();
    for (const entry of document['seeding']) entry.date = '2020-03-20';
    const path = join(tempDir, 'late-seeding.json');
    writeFileSync(path, JSON.stringify(document));
    const out = join(tempDir, 'fit-before-seeding');
    const fit = ['--fit', 'transmission.scale', '--to', '2020-03-15', '--intervals', 'none', '--max-evaluations', '60'];
    const result = cli('calibrate', path, '--observed', observedPath, ...fit, '--out', out);
    expect(result.status, result.stderr).toBe(3);
    expect(result.stderr).toContain('the fitted scenario confirms no case in the window');
    expect(readJson(join(out, 'fit.json')).status).toBe('needs review');
  });

  it('rejects a seeding parameter that starts after the window', { timeout: 60_000 }, () => {
    const document = twoRegionFitDocument();
    for (const entry of document['seeding']) entry.date = '2020-03-25';
    const path = join(tempDir, 'seeding-after-window.json');
    writeFileSync(path, JSON.stringify(document));
    const region = document['seeding'][0].region;
    // The shift can move the dates 21 days earlier at most.
    for (const [name, earliest] of [[`seeding:${region}.scale`, '2020-03-25'], [`seeding:${region}.shiftDays`, '2020-03-04']]) {
      const out = join(tempDir, `fit-seeding-after-${earliest}`);
      const result = cli('calibrate', path, '--observed', observedPath, '--fit', 'transmission.scale', name!, '--to', '2020-03-03', '--out', out);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toContain(
        `--fit ${name}: the seeding it changes starts on ${earliest} at the earliest, after the fit window ends on 2020-03-03`,
      );
      expect(existsSync(out)).toBe(false);
    }
  });

  it('keeps a seeding shift that reaches the start at its estimate', { timeout: 60_000 }, () => {
    // The truth seeds XA-01 on 2020-02-07.5. Seeded on 02-09 and started on 02-07, the scenario needs a
    // shift of about -1.5 days, which moves part of the entry onto the start, where it cannot move further.
    const document = twoRegionFitDocument();
    document['simulation'].start = '2020-02-07';
    document['seeding'][0].date = '2020-02-09';
    const path = join(tempDir, 'late-seeding.json');
    writeFileSync(path, JSON.stringify(document));
    const out = join(tempDir, 'fit-start');
    const fit = ['--fit', 'transmission.scale', 'seeding:XA-01.shiftDays'];
    const result = cli('calibrate', path, '--observed', observedPath, ...fit, '--out', out);
    expect(result.stderr).toContain('leaves seeding:XA-01.shiftDays out of fitUncertainty, so sampled runs keep its estimate');
    expect([0, 3]).toContain(result.status);

    const scenario = readJson(join(out, 'scenario.fitted.json'));
    expect(scenario.fitUncertainty.map((entry: any) => entry.name)).toEqual(['transmission.scale']);
    expect(scenario.fitCorrelation).toBeUndefined();
    const run = cli('validate', join(out, 'scenario.fitted.json'));
    expect(run.status).toBe(0);
  });

  it('leaves out an interval with an unknown end', { timeout: 60_000 }, () => {
    // Three runs leave the search far from the maximum, so a profile search runs into a better point.
    const out = join(tempDir, 'fit-unfinished');
    const result = cli('calibrate', scenarioPath, '--observed', observedPath, '--fit', 'transmission.scale', '--max-evaluations', '3', '--out', out);
    expect(result.status).toBe(3);
    const fit = readJson(join(out, 'fit.json'));
    const statuses = [fit.parameters[0].interval95.lowerStatus, fit.parameters[0].interval95.upperStatus];
    expect(statuses).toContain('betterOptimum');
    expect(result.stderr).toContain('leaves transmission.scale out of fitUncertainty, so sampled runs keep its estimate');
    expect(result.stderr).toContain('its profile found a point with a higher likelihood than the estimate, so one end of its interval is not known');
    expect(readJson(join(out, 'scenario.fitted.json')).fitUncertainty).toEqual([]);
    expect(cli('validate', join(out, 'scenario.fitted.json')).status).toBe(0);
  });

  it('warns when no observed days are neighbours', { timeout: 60_000 }, () => {
    // Every other day only: no pair of neighbouring days, so nothing to measure the correlation on.
    const lines = readFileSync(observedPath, 'utf8').trim().split('\n');
    const alternate = [lines[0]!, ...lines.slice(1).filter((line) => Number(line.slice(8, 10)) % 2 === 0)];
    const path = join(tempDir, 'every-other-day.csv');
    writeFileSync(path, `${alternate.join('\n')}\n`);
    const out = join(tempDir, 'fit-alternate');
    const result = cli('calibrate', scenarioPath, '--observed', path, '--fit', 'transmission.scale', '--out', out);
    expect(result.stderr).toContain('warning: no two observed days of a series are neighbours');
    expect(readJson(join(out, 'fit.json')).intervalAdjustment).toMatchObject({ pairs: 0, varianceFactor: 1 });
  });

  it('names series without a case, not neighbouring days, when none is measured', { timeout: 60_000 }, () => {
    const lines = readFileSync(observedPath, 'utf8').trim().split('\n');
    const zeros = [lines[0]!, ...lines.slice(1, 41).map((line) => line.replace(/,\d+$/, ',0'))];
    const path = join(tempDir, 'zeros.csv');
    writeFileSync(path, `${zeros.join('\n')}\n`);
    const out = join(tempDir, 'fit-zeros');
    const result = cli('calibrate', scenarioPath, '--observed', path, '--fit', 'transmission.scale', '--max-evaluations', '20', '--out', out);
    expect(result.stderr).toContain('warning: no observed series in the window has a count above 0');
    expect(result.stderr).not.toContain('no two observed days of a series are neighbours');
  });

  it('exits with 3 when the data cannot pin a parameter', { timeout: 60_000 }, () => {
    // One day of counts barely depends on R0, so its interval spans the whole range.
    const out = join(tempDir, 'fit-flat');
    const window = ['--from', '2020-02-10', '--to', '2020-02-10'];
    const result = cli('calibrate', scenarioPath, '--observed', observedPath, '--fit', 'transmission.scale', ...window, '--out', out);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('warning: the fit window from 2020-02-10 (--from) to 2020-02-10 (--to) has one day');
    expect(result.stderr).toContain('the data do not pin down transmission.scale: its 95 % interval spans its whole range');
    expect(readJson(join(out, 'fit.json')).status).toBe('needs review');
  });

  it('rejects invalid input', { timeout: 30_000 }, () => {
    const out = join(tempDir, 'never-written');
    const cases: [string[], string][] = [
      [['calibrate', scenarioPath, '--out', out], 'calibrate needs --observed FILE'],
      [['calibrate', scenarioPath, '--observed', observedPath, '--fit', 'r0', '--out', out], '--fit: unknown parameter to fit "r0"'],
      [
        ['calibrate', scenarioPath, '--observed', observedPath, '--fit', 'dispersion', '--out', out],
        '--fit names no scenario parameter',
      ],
      [
        ['calibrate', scenarioPath, '--observed', observedPath, '--fit', 'transmission.scale', 'transmission.scale', '--out', out],
        '--fit names transmission.scale twice',
      ],
      [
        ['calibrate', scenarioPath, '--observed', observedPath, '--fit', 'seeding:XA-01.scale', 'seeding[0].scale', '--out', out],
        '--fit names seeding:XA-01.scale and seeding[0].scale, which change the same values of the scenario',
      ],
      [
        ['calibrate', scenarioPath, '--observed', observedPath, '--from', '2020-01-01', '--out', out],
        '--from must be an ISO 8601 date YYYY-MM-DD from 2020-02-01 to 2020-04-10',
      ],
      [
        ['calibrate', scenarioPath, '--observed', observedPath, '--from', '2020-03-10', '--to', '2020-03-01', '--out', out],
        '--to (2020-03-01) must not be before --from (2020-03-10); swap the two dates, or give a --to on or after 2020-03-10',
      ],
      [['calibrate', scenarioPath, '--observed', join(tempDir, 'missing.csv'), '--out', out], '--observed file not found'],
      [['calibrate', scenarioPath, '--observed', observedPath, '--tests', scenarioPath, '--out', out], 'is not valid CSV'],
      [['calibrate', scenarioPath, '--observed', observedPath, '--tests', tempDir, '--out', out], `cannot read --tests file ${tempDir}: not a file`],
      [['calibrate', scenarioPath, '--observed', observedPath, '--max-evaluations', '0', '--out', out], '--max-evaluations must be a positive integer'],
    ];
    for (const [args, message] of cases) {
      const result = cli(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toContain(message);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('rejects observed rows for no scenario region', () => {
    const national = join(tempDir, 'national-only.csv');
    writeFileSync(national, 'date,region,confirmed\n2020-02-10,XA,3\n2020-02-11,XA,4\n');
    const provinces = join(tempDir, 'other-provinces.csv');
    writeFileSync(
      provinces,
      'date,province,region_ko,confirmed,death,released\n2020-02-10,Seoul,서울,1,0,0\n2020-02-11,Seoul,서울,2,0,0\n',
    );
    const out = join(tempDir, 'never-written-regions');

    const nationalResult = cli('calibrate', scenarioPath, '--observed', national, '--out', out);
    expect(nationalResult.status).toBe(2);
    expect(nationalResult.stderr).toContain(
      `--observed file ${national} has rows only for the national total XA (lines 2 and 3)`,
    );
    expect(nationalResult.stderr).toContain('give rows for the region codes XA-01 and XA-02');

    const provincesResult = cli('calibrate', scenarioPath, '--observed', provinces, '--out', out);
    expect(provincesResult.status).toBe(2);
    expect(provincesResult.stderr).toContain(
      `--observed file ${provinces} has no rows for the scenario's regions (XA-01 North and XA-02 South): its provinces are Seoul.`,
    );
    expect(provincesResult.stderr).not.toContain('no rows between');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a tests file without a tests column', () => {
    const path = join(tempDir, 'tests.csv');
    writeFileSync(path, 'date,confirmed\n2020-02-10,3\n');
    const result = cli('calibrate', scenarioPath, '--observed', observedPath, '--tests', path);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`--tests file ${path} has the header "date,confirmed"`);
  });
});

describe.skipIf(OBSERVED_DIR === undefined)('tttsim calibrate on the Korea data', () => {
  it('reads cases, deaths and tests', { timeout: 60_000 }, () => {
    const out = join(tempDir, 'fit-korea');
    const result = cli(
      'calibrate',
      fileURLToPath(new URL('../../scenarios/korea-2020.json', import.meta.url)),
      '--observed',
      join(OBSERVED_DIR!, 'kr_regional_daily_2020_2023.csv'),
      '--tests',
      join(OBSERVED_DIR!, 'kr_daily_2020_2023.csv'),
      '--to',
      '2020-03-31',
      '--fit',
      'transmission.scale',
      'dispersion',
      '--max-evaluations',
      '12',
      '--intervals',
      'none',
      '--out',
      out,
    );
    expect(result.status).toBe(3);
    const fit = readJson(join(out, 'fit.json'));
    expect(fit.window).toEqual({ from: '2020-02-18', to: '2020-03-31' });
    const quantities = fit.series.map((series: any) => series.quantity);
    expect(quantities.filter((quantity: string) => quantity === 'confirmed')).toHaveLength(17);
    expect(quantities.filter((quantity: string) => quantity === 'deaths')).toHaveLength(17);
    expect(quantities.filter((quantity: string) => quantity === 'tests')).toHaveLength(1);
    const daegu = fit.series.find((series: any) => series.quantity === 'confirmed' && series.region === 'KR-27');
    // Coronaboard's cumulative count for Daegu on 2020-02-29 and 2020-03-31.
    expect(daegu.monthEnds.map((end: any) => end.observed)).toEqual([2055, 6684]);
    // Month ends after the window, to the end of the simulation, are the out-of-sample forecast.
    expect(daegu.forecast.map((end: any) => end.date)).toEqual([
      '2020-04-30',
      '2020-05-31',
      '2020-06-30',
      '2020-07-31',
      '2020-08-31',
    ]);
    expect(daegu.forecast[0].observed).toBe(6852);
    expect(daegu.forecast[0].error).toBeCloseTo(daegu.forecast[0].fitted - 6852, 6);
  });
});
