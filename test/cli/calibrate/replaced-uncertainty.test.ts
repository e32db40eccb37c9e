import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

import { replacedUncertaintyWarnings } from '../../../cli/calibrate/replaced-uncertainty.js';
import { createObjective, type CalibrationProblem } from '../../../workers/calibrate/index.js';
import { parseFitParameter } from '../../../scenarios/index.js';
import { validOrThrow } from '../../scenarios/fixtures.js';
import { twoRegionFitDocument } from '../../workers/calibrate/fixtures.js';

// The command-line test runs the built program, so run `npx tsc -p tsconfig.json` first.
const MAIN = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const tempDir = realpathSync(mkdtempSync(join(tmpdir(), 'tttsim-refit-')));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

const FITTED_NAMES = ['transmission.scale', 'seeding:XA-01.shiftDays', 'distancing[0].scale'];

/** Returns the two-region fit fixture as an earlier fit of three parameters would leave it. */
function fittedDocument(): Record<string, any> {
  const document = twoRegionFitDocument();
  document['fitUncertainty'] = [
    { name: 'transmission.scale', estimate: 1, lower: 0.95, upper: 1.05 },
    { name: 'seeding:XA-01.shiftDays', estimate: 0, lower: -1, upper: 1 },
    { name: 'distancing[0].scale', estimate: 1, lower: 0.9, upper: 1.1 },
  ];
  document['fitCorrelation'] = {
    parameters: FITTED_NAMES,
    matrix: [
      [1, 0.1, 0],
      [0.1, 1, 0.2],
      [0, 0.2, 1],
    ],
  };
  return document;
}

const entry = (name: string) => ({ name, estimate: 1, lower: 0.9, upper: 1.1 });

describe('replacedUncertaintyWarnings', () => {
  const input = validOrThrow(fittedDocument());

  it('stays quiet when every entry is refitted', () => {
    const correlation = { parameters: FITTED_NAMES, matrix: [] };
    const warnings = replacedUncertaintyWarnings(input, 'in.json', FITTED_NAMES, FITTED_NAMES.map(entry), correlation);
    expect(warnings).toEqual([]);
  });

  it('lists entries that --fit leaves out', () => {
    const names = ['transmission.scale', 'distancing[0].scale'];
    const correlation = { parameters: names, matrix: [] };
    const warnings = replacedUncertaintyWarnings(input, 'in.json', names, names.map(entry), correlation);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('leaves out the fitUncertainty entries of in.json for seeding:XA-01.shiftDays,');
    expect(warnings[0]).toContain('Name them in --fit as well');
    expect(warnings[1]).toContain('leaves out the fitCorrelation rows of in.json for seeding:XA-01.shiftDays,');
  });

  it('lists refitted entries without an interval', () => {
    const warnings = replacedUncertaintyWarnings(input, 'in.json', ['transmission.scale'], [], undefined);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toContain('for seeding:XA-01.shiftDays, distancing[0].scale, because --fit does not name them');
    expect(warnings[1]).toContain('for transmission.scale, because this fit computed no interval for them');
    expect(warnings[2]).toContain(`fitCorrelation rows of in.json for ${FITTED_NAMES.join(', ')},`);
  });

  it('stays quiet for an input without intervals', () => {
    const plain = validOrThrow(twoRegionFitDocument());
    expect(replacedUncertaintyWarnings(plain, 'in.json', ['transmission.scale'], [], undefined)).toEqual([]);
  });
});

/** Writes the daily confirmed cases of a deterministic run of the fixture, rounded, as `date,region,confirmed`. */
function writeObservations(): string {
  const scenario = validOrThrow(twoRegionFitDocument());
  const dates: string[] = [];
  for (let day = 9; day < 70; day++) dates.push(new Date(Date.UTC(2020, 1, 1 + day)).toISOString().slice(0, 10));
  const problem: CalibrationProblem = {
    scenario,
    parameters: [parseFitParameter('transmission.scale', scenario)],
    fitDispersion: false,
    from: dates[0]!,
    to: dates.at(-1)!,
    streams: [
      {
        quantity: 'confirmed',
        series: scenario.regions.map((region, regionSlot) => ({ region: region.code, regionSlot, counts: dates.map(() => 0) })),
      },
    ],
  };
  const means = createObjective(problem).simulateMeans([1]);
  const lines = ['date,region,confirmed'];
  scenario.regions.forEach((region, r) => {
    dates.forEach((date, d) => lines.push(`${date},${region.code},${Math.round(means[0]![r]![d]!)}`));
  });
  const path = join(tempDir, 'observed.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('tttsim calibrate of a fitted scenario', () => {
  it('warns about the entries it drops', { timeout: 60_000 }, () => {
    const scenarioPath = join(tempDir, 'fitted.json');
    writeFileSync(scenarioPath, JSON.stringify(fittedDocument()));
    const out = join(tempDir, 'refit');
    const refitted = ['transmission.scale', 'distancing[0].scale'];
    const args = ['calibrate', scenarioPath, '--observed', writeObservations(), '--fit', ...refitted];
    const result = spawnSync(process.execPath, [MAIN, ...args, '--workers', '1', '--out', out], {
      encoding: 'utf8',
      cwd: tempDir,
      timeout: 60_000,
    });
    expect(result.stderr).not.toContain('internal error');
    expect([0, 3]).toContain(result.status);

    const fitted = JSON.parse(readFileSync(join(out, 'scenario.fitted.json'), 'utf8'));
    expect(fitted.fitUncertainty.map((item: { name: string }) => item.name)).toEqual(refitted);
    expect(fitted.fitCorrelation.parameters).toEqual(refitted);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('leaves out the'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`fitUncertainty entries of ${scenarioPath} for seeding:XA-01.shiftDays, because --fit`);
    expect(warnings[1]).toContain(`fitCorrelation rows of ${scenarioPath} for seeding:XA-01.shiftDays, because`);
  });
});
